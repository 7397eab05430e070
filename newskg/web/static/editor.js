/* The SPARQL editor: YASGUI on this server's endpoint, with nothing fetched from elsewhere
   (no endpoint catalogue, no prefix.cc or LOV look-ups: only the bundled prefix list). */
(function () {
  "use strict";
  var box = document.getElementById("yasgui");
  var endpoint = new URL(box.getAttribute("data-endpoint"), window.location.href).href;
  var example = [
    "PREFIX nk: <https://w3id.org/newskg/ontology#>",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
    "",
    "# who accused whom: labels read in the graph of the act that names them",
    "SELECT ?accuserLabel ?accusedLabel ?act WHERE {",
    "  ?act a nk:Accusation .",
    "  GRAPH ?g { ?act nk:speaker ?accuser . ?accuser rdfs:label ?accuserLabel }",
    "  OPTIONAL { GRAPH ?g { ?act nk:target ?accused . ?accused rdfs:label ?accusedLabel } }",
    "}",
    "LIMIT 100"
  ].join("\n");
  Yasgui.Yasqe.defaults.value = example;
  var yasgui = new Yasgui(box, {
    requestConfig: {endpoint: endpoint, method: "POST"},
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: {getData: function () { return []; }},
    persistenceId: null,
    yasqe: {value: example, autocompleters: ["prefixes", "variables"], prefixCcApi: null},
    yasr: {}
  });
  window.newskgYasgui = yasgui;
})();
