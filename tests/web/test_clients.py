"""Issue 17: SPARQL tools use /sparql as they use any endpoint: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, Namespace, URIRef

NK = Namespace("https://w3id.org/newskg/ontology#")
ACCUSATIONS = """PREFIX nk: <https://w3id.org/newskg/ontology#>
SELECT ?act ?speaker WHERE { ?act a nk:Accusation ; nk:speaker ?speaker }"""


def _close_http_errors(error: BaseException | None) -> None:
    """urllib's HTTPError keeps the refused answer's socket open: close it (the clients do not)."""
    from urllib.error import HTTPError

    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, HTTPError):
            error.close()
        error = error.__cause__ or error.__context__


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select(live_server: str, fmt: str, method: str) -> None:
    from SPARQLWrapper import CSV, GET, JSON, POST, TSV, XML, SPARQLWrapper

    client = SPARQLWrapper(f"{live_server}/sparql")
    client.setQuery(ACCUSATIONS)
    client.setMethod(GET if method == "GET" else POST)
    client.setReturnFormat({"json": JSON, "xml": XML, "csv": CSV, "tsv": TSV}[fmt])
    result = client.queryAndConvert()
    if fmt == "json":
        rows = result["results"]["bindings"]  # type: ignore[index]
        assert rows and all(r["act"]["value"].startswith("https://w3id.org/newskg/data/act/") for r in rows)
    elif fmt == "xml":
        assert len(result.getElementsByTagName("result")) >= 5  # type: ignore[union-attr]
    else:
        text = result.decode() if isinstance(result, bytes) else str(result)
        assert len(text.splitlines()) >= 6


def test_sparqlwrapper_construct_and_ask(live_server: str) -> None:
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(f"{live_server}/sparql")
    client.setQuery("""PREFIX nk: <https://w3id.org/newskg/ontology#>
        CONSTRUCT { ?act nk:speaker ?s } WHERE { ?act a nk:Accusation ; nk:speaker ?s }""")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert len(graph) >= 5
    client.setQuery("ASK { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True  # type: ignore[index]


def test_sparqlwrapper_update_is_refused(live_server: str) -> None:
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(f"{live_server}/sparql")
    client.setMethod(POST)
    client.setQuery('INSERT DATA { <urn:x:s> <urn:x:p> "x" }')
    with pytest.raises((SPARQLWrapperException, OSError)) as caught:
        client.query()
    _close_http_errors(caught.value)
    assert "403" in str(caught.value) or "read-only" in str(caught.value)


def test_rdflib_sparqlstore(live_server: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(f"{live_server}/sparql", returnFormat="xml")
    graph = Graph(store=store)
    accusations = set(graph.subjects(RDF.type, NK.Accusation))
    assert len(accusations) >= 5
    act = sorted(accusations)[0]
    assert isinstance(graph.value(act, NK.speaker), URIRef)
    rows = list(graph.query(ACCUSATIONS))
    assert len(rows) >= len(accusations)
    constructed = graph.query("""PREFIX nk: <https://w3id.org/newskg/ontology#>
        CONSTRUCT { ?act nk:speaker ?s } WHERE { ?act a nk:Accusation ; nk:speaker ?s }""")
    assert len(constructed.graph) >= 5  # type: ignore[arg-type]
    assert bool(graph.query("ASK { ?s ?p ?o }").askAnswer)
    with pytest.raises(TypeError):  # rdflib's SPARQLStore is itself read-only
        graph.add((act, NK.speaker, act))


def test_rdflib_sparqlupdatestore_cannot_write(live_server: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

    store = SPARQLUpdateStore(f"{live_server}/sparql", f"{live_server}/sparql")
    graph = Graph(store=store, identifier=URIRef("urn:x:g"))
    with pytest.raises(Exception, match="403|Forbidden|read-only") as caught:
        graph.add((URIRef("urn:x:s"), URIRef("urn:x:p"), URIRef("urn:x:o")))
    _close_http_errors(caught.value)
    assert not bool(graph.query("ASK { <urn:x:s> ?p ?o }").askAnswer)
