/* The network view: fetches /network.json with the page's filters and draws it with cytoscape.js. */
(function () {
  "use strict";
  var box = document.getElementById("nk-network");
  var status = document.getElementById("nk-status");
  var panel = document.getElementById("nk-evidence");
  var colours = {Accusation: "#d7263d", Criticism: "#b5179e", Appeal: "#1f6fd1", Demand: "#3a0ca3",
    Threat: "#6a040f", Meeting: "#1a9c5b", PhoneCall: "#2a9d8f", Rejection: "#e07b00", Denial: "#f48c06",
    Endorsement: "#588157", Mediation: "#0096c7", Negotiation: "#52b788", Agreement: "#40916c",
    ExpressionOfConcern: "#8d99ae"};

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) { el.className = cls; }
    return el;
  }
  function link(href, value) {
    var a = text("a", value);
    a.setAttribute("href", href);
    return a;
  }
  function showEdge(edge) {
    panel.replaceChildren();
    var head = text("h3", "");
    head.appendChild(link(edge.sourceLink, edge.sourceLabel));
    head.appendChild(document.createTextNode(" \u2192 " + edge.type_label + " \u2192 "));
    head.appendChild(link(edge.targetLink, edge.targetLabel));
    panel.appendChild(head);
    panel.appendChild(text("p", edge.count + (edge.count === 1 ? " act" : " acts") +
      (edge.acts.length < edge.count ? " (the " + edge.acts.length + " latest listed)" : ""), "nk-meta"));
    var list = document.createElement("ul");
    edge.acts.forEach(function (act) {
      var item = document.createElement("li");
      item.appendChild(link(act.link, act.doc_id + (act.date ? " (" + act.date + ")" : "")));
      if (act.sentence) { item.appendChild(text("div", act.sentence)); }
      list.appendChild(item);
    });
    panel.appendChild(list);
  }

  fetch(box.getAttribute("data-source"), {headers: {"Accept": "application/json"}})
    .then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, data: data}; });
    })
    .then(function (answer) {
      if (!answer.ok) { status.textContent = answer.data.error; return; }
      var data = answer.data;
      var labels = {}, links = {};
      var elements = data.nodes.map(function (n) {
        labels[n.id] = n.label; links[n.id] = n.link;
        return {data: {id: n.id, label: n.label, weight: n.weight, link: n.link}, classes: n.focus ? "focus" : ""};
      });
      data.edges.forEach(function (e, i) {
        elements.push({data: {id: "e" + i, source: e.source, target: e.target, type: e.type,
          type_label: e.type_label, count: e.count, href: e.href, acts: e.acts,
          colour: colours[e.type] || "#555"}});
      });
      status.textContent = data.nodes.length + " actors, " + data.edges.length + " links" +
        (data.total_edges > data.edges.length ? " (the " + data.edges.length + " strongest of " + data.total_edges + ")" : "") +
        (data.edges.length ? "" : ": nothing matches these filters");
      var maxWeight = Math.max.apply(null, data.nodes.map(function (n) { return n.weight; }).concat([1]));
      var cy = cytoscape({
        container: box,
        elements: elements,
        style: [
          {selector: "node", style: {"label": "data(label)", "font-size": 14, "text-valign": "bottom",
            "text-margin-y": 3, "background-color": "#1f6fd1", "color": "#1d2329",
            "width": "mapData(weight, 1, " + maxWeight + ", 12, 46)", "height": "mapData(weight, 1, " + maxWeight + ", 12, 46)"}},
          {selector: "node.focus", style: {"background-color": "#e07b00"}},
          {selector: "edge", style: {"curve-style": "bezier", "target-arrow-shape": "triangle",
            "line-color": "data(colour)", "target-arrow-color": "data(colour)", "opacity": 0.75,
            "width": "mapData(count, 1, 10, 1.5, 7)", "label": "data(type_label)", "font-size": 9,
            "text-rotation": "autorotate", "color": "#5b6670"}},
          {selector: "edge:selected", style: {"opacity": 1, "width": 8}}
        ],
        layout: {name: elements.length > 1500 ? "circle" : "cose", animate: false, randomize: false,
          nodeDimensionsIncludeLabels: true, nodeRepulsion: function () { return 30000; },
          idealEdgeLength: function () { return 70; }, componentSpacing: 40, padding: 20}
      });
      cy.on("tap", "edge", function (event) {
        var d = event.target.data();
        showEdge({sourceLabel: labels[d.source], sourceLink: links[d.source], targetLabel: labels[d.target],
          targetLink: links[d.target], type_label: d.type_label, count: d.count, acts: d.acts});
      });
      cy.on("tap", "node", function (event) { window.location.href = event.target.data("link"); });
      window.newskgCy = cy;
      box.setAttribute("data-drawn", String(cy.nodes().length));
    })
    .catch(function (error) { status.textContent = "could not draw the network: " + error; });
})();
