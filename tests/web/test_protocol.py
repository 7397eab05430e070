"""Issue 17: /sparql speaks the SPARQL 1.1 Protocol, read-only, with limits."""

from __future__ import annotations

import csv
import io
import json
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from newskg.web.protocol import negotiate

ACCUSATIONS = """PREFIX nk: <https://w3id.org/newskg/ontology#>
SELECT ?act ?speaker WHERE { ?act a nk:Accusation ; nk:speaker ?speaker } ORDER BY ?act"""
CONSTRUCT = """PREFIX nk: <https://w3id.org/newskg/ontology#>
CONSTRUCT { ?act nk:speaker ?s } WHERE { ?act a nk:Accusation ; nk:speaker ?s }"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
# Oxigraph would take hours: three unconstrained patterns joined
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON = "application/sparql-results+json"


def _count(client) -> int:  # type: ignore[no-untyped-def]
    answer = client.get("/sparql", params={"query": COUNT}, headers={"accept": JSON})
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_get_answers_sparql_json_by_default(client) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/sparql", params={"query": ACCUSATIONS})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(JSON)
    body = answer.json()
    assert body["head"]["vars"] == ["act", "speaker"]
    assert len(body["results"]["bindings"]) >= 5


@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", JSON),
    ("text/html;q=0.9, text/csv;q=1.0", "text/csv"),
])
def test_results_formats_by_content_negotiation(client, accept: str, media: str) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/sparql", params={"query": ACCUSATIONS}, headers={"accept": accept})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(media)
    text = answer.text
    if media.endswith("xml"):
        results = ET.fromstring(text).findall(".//{http://www.w3.org/2005/sparql-results#}result")
        assert len(results) >= 5
    elif media == "text/csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["act", "speaker"] and len(rows) >= 6
    elif media == "text/tab-separated-values":
        assert text.splitlines()[0] == "?act\t?speaker"
    else:
        assert json.loads(text)["head"]["vars"] == ["act", "speaker"]


def test_post_form_and_direct_bodies(client) -> None:  # type: ignore[no-untyped-def]
    form = client.post("/sparql", data={"query": ACCUSATIONS}, headers={"accept": JSON})
    direct = client.post("/sparql", content=ACCUSATIONS.encode(),
                         headers={"content-type": "application/sparql-query", "accept": JSON})
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json()
    both = client.post("/sparql?query=ASK%7B%7D", content=b"ASK {}",
                       headers={"content-type": "application/sparql-query"})
    assert both.status_code == 400
    other = client.post("/sparql", content=b"{}", headers={"content-type": "application/json"})
    assert other.status_code == 415


def test_ask_and_graph_queries(client) -> None:  # type: ignore[no-untyped-def]
    ask = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"accept": JSON})
    assert ask.json() == {"head": {}, "boolean": True}
    turtle = client.get("/sparql", params={"query": CONSTRUCT})
    assert turtle.headers["content-type"].startswith("text/turtle") and "ontology#speaker" in turtle.text
    nt = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": "application/n-triples"})
    assert nt.headers["content-type"].startswith("application/n-triples")
    assert all(line.endswith(" .") for line in nt.text.splitlines() if line)
    jsonld = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json") and isinstance(jsonld.json(), list)
    # generic clients ask every query for SPARQL results: a graph answers in RDF/XML then
    rdfxml = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": "application/sparql-results+xml"})
    assert rdfxml.headers["content-type"].startswith("application/rdf+xml")
    ET.fromstring(rdfxml.text)


def test_unacceptable_formats_and_bad_queries_are_4xx(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/sparql", params={"query": ACCUSATIONS}, headers={"accept": "image/png"}).status_code == 406
    assert client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": "text/csv"}).status_code == 406
    bad = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert bad.status_code == 400 and "syntax" in bad.text.lower()
    assert client.get("/sparql", headers={"accept": JSON}).status_code == 400
    assert client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")]).status_code == 400


def test_default_graph_uri_narrows_the_default_graph(client) -> None:  # type: ignore[no-untyped-def]
    graph = "https://w3id.org/newskg/data/graph/kosovo-serbia-dialogue"
    query = "SELECT DISTINCT ?doc WHERE { ?doc <https://w3id.org/newskg/ontology#documentId> ?id }"
    everything = client.get("/sparql", params={"query": query}, headers={"accept": JSON}).json()
    narrowed = client.get("/sparql", params={"query": query, "default-graph-uri": graph},
                          headers={"accept": JSON}).json()
    assert len(everything["results"]["bindings"]) > 1
    assert [b["doc"]["value"] for b in narrowed["results"]["bindings"]] == [
        "https://w3id.org/newskg/data/doc/kosovo-serbia-dialogue"]


def test_updates_are_refused_and_nothing_is_written(client, web_store: Path, graph_facts) -> None:  # type: ignore[no-untyped-def]
    before = _count(client)
    update = 'INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> "written" } }'
    attempts = [
        client.post("/sparql", data={"update": update}),
        client.post("/sparql", content=update.encode(), headers={"content-type": "application/sparql-update"}),
        client.post("/sparql", data={"query": update}),
        client.get("/sparql", params={"query": update}),
        client.get("/sparql", params={"update": "DROP ALL"}),
        client.post("/sparql", data={"query": "CLEAR ALL"}),
    ]
    assert [a.status_code for a in attempts] == [403] * len(attempts)
    assert "read-only" in attempts[2].text
    assert _count(client) == before
    ask = client.get("/sparql", params={"query": "ASK { GRAPH ?g { <urn:x:s> ?p ?o } }"}, headers={"accept": JSON})
    assert ask.json()["boolean"] is False
    import pyoxigraph as ox

    on_disk = ox.Store.read_only(str(web_store))
    assert len(on_disk) == graph_facts["quads"]


def test_a_query_past_the_time_limit_is_killed_and_the_endpoint_goes_on(settings, pool) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from starlette.testclient import TestClient

    from newskg.web import create_app

    quick = dataclasses.replace(settings, timeout=1.0)
    killed = pool.killed
    with TestClient(create_app(quick, pool=pool)) as client:
        answer = client.get("/sparql", params={"query": ENDLESS}, headers={"accept": JSON})
        assert answer.status_code == 503 and "ran out of time after 1 s" in answer.text
        assert answer.headers["retry-after"]
        assert pool.killed == killed + 1
        assert client.get("/sparql", params={"query": "ASK {}"}, headers={"accept": JSON}).json()["boolean"] is True


def test_request_size_limits(client) -> None:  # type: ignore[no-untyped-def]
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_100_000
    assert client.post("/sparql", data={"query": huge}).status_code == 413
    long_url = client.get("/sparql", params={"query": "ASK {} #" + "x" * 20_000})
    assert long_url.status_code == 414


def test_results_past_the_size_limit_are_refused(settings, pool) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from starlette.testclient import TestClient

    from newskg.web import create_app

    small = dataclasses.replace(settings, max_result=10_000)
    with TestClient(create_app(small, pool=pool)) as client:
        answer = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"accept": JSON})
        assert answer.status_code == 413 and "LIMIT" in answer.text


def test_a_busy_pool_refuses_instead_of_queueing(web_store: Path) -> None:
    from newskg.web.pool import Busy, QueryPool, TimedOut

    with QueryPool(web_store, size=1, wait=0.3) as single:
        outcome: list[BaseException] = []

        def slow() -> None:
            try:
                single.call("newskg.web.jobs", "sparql", timeout=2.0, query=ENDLESS, accept=None, default_graphs=[],
                            named_graphs=[], max_bytes=1000)
            except TimedOut as exc:
                outcome.append(exc)

        thread = threading.Thread(target=slow)
        thread.start()
        try:
            import time

            time.sleep(0.5)
            with pytest.raises(Busy, match="busy"):
                single.call("newskg.web.jobs", "overview", timeout=5.0)
        finally:
            thread.join(30)
        assert outcome and single.killed == 1
        assert single.call("newskg.web.jobs", "overview", timeout=30.0)["documents"] >= 4


def test_negotiation_defaults() -> None:
    assert negotiate(None) == ("json", "turtle")
    assert negotiate("*/*") == ("json", "turtle")
    assert negotiate("application/rdf+xml") == (None, "rdfxml")
    assert negotiate("text/csv;q=0, application/sparql-results+xml") == ("xml", "rdfxml")
