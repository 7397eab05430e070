"""RemoteStore against real Oxigraph and Virtuoso servers on 127.0.0.1 (issue 5).

Every test here runs on both servers unless it is about one server's feature (Virtuoso's Digest
endpoints and INSERT DATA limits). Each test writes under its own base IRI.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from newskg.errors import StoreError
from newskg.store import servers
from newskg.store.remote import (
    ONTOLOGY_GRAPH,
    LoadEvent,
    RemoteStore,
    endpoints_for,
    load_file,
    remote_from_options,
)

pytestmark = pytest.mark.servers


def _store(server: str, url: str, **options: object) -> RemoteStore:
    return RemoteStore(endpoints_for(server, url), server=server, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("use_gsp", [True, False], ids=["gsp", "update"])
def test_load_twice_and_rebuild_keeps_exactly_the_file_quads(
    synthetic: SimpleNamespace,
    server_name: str,
    server_urls: dict[str, str],
    use_gsp: bool,
    base: str,
    make_dataset: Callable[..., Path],
) -> None:
    store = _store(server_name, server_urls[server_name], use_gsp=use_gsp)
    path = make_dataset(base, 5)
    expected = synthetic.file_quads(path)
    graphs = {quad[0] for quad in expected}

    first = load_file(path, store)
    assert (first.loaded, first.unchanged, first.failed) == (7, 0, [])  # 5 documents, vocabulary, ontology
    assert synthetic.server_quads(store, graphs) == expected

    second = load_file(path, store)
    # Documents carry a content hash and are skipped; hash-less graphs are replaced, never added to.
    assert (second.loaded, second.unchanged, second.failed) == (2, 5, [])
    assert synthetic.server_quads(store, graphs) == expected

    rebuilt = make_dataset(base, 5, version="2")
    third = load_file(rebuilt, store)
    assert (third.loaded, third.unchanged) == (7, 0)
    assert synthetic.server_quads(store, graphs) == synthetic.file_quads(rebuilt)
    assert synthetic.server_quads(store, graphs) != expected
    store.close()


def test_nquads_and_an_embedded_store_load_the_same_graphs(
    synthetic: SimpleNamespace, remote: RemoteStore, base: str, make_dataset: Callable[..., Path], tmp_path: Path
) -> None:
    nquads = make_dataset(base, 3, fmt="nq")
    expected = synthetic.file_quads(nquads)
    store_dir = tmp_path / "embedded"
    embedded = ox.Store(str(store_dir))
    embedded.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    embedded.flush()
    del embedded

    summary = load_file(store_dir, remote)
    assert summary.loaded == 5 and not summary.failed
    assert synthetic.server_quads(remote, {q[0] for q in expected}) == expected
    summary = load_file(nquads, remote)
    assert (summary.loaded, summary.unchanged) == (2, 3)


def test_the_ontology_is_loaded_with_the_data(
    synthetic: SimpleNamespace, remote: RemoteStore, base: str, make_dataset: Callable[..., Path]
) -> None:
    load_file(make_dataset(base, 1), remote)
    _, rows = remote.select(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?class WHERE { GRAPH ?o { ?class rdfs:subClassOf ?parent } }",
        {"o": URIRef(ONTOLOGY_GRAPH), "parent": URIRef(synthetic.NK + "SpeechAct")},
    )
    assert URIRef(synthetic.NK + "Accusation") in {row[0] for row in rows}


def test_canned_style_query_with_bound_parameters(
    synthetic: SimpleNamespace, remote: RemoteStore, base: str, make_dataset: Callable[..., Path]
) -> None:
    load_file(make_dataset(base, 4), remote)
    query = """
        # Who accused whom, of what, on a date (a canned query's shape).
        PREFIX nk: <https://w3id.org/newskg/ontology#>
        SELECT ?act ?target ?content ?confidence WHERE {
          GRAPH ?g {
            ?act a nk:Accusation ; nk:speaker ?speaker ; nk:target ?target ; nk:content ?content ;
                 nk:date ?date ; nk:confidence ?confidence ; nk:isQuote ?quoted .
          }
        } ORDER BY ?act
    """
    columns, rows = remote.select(
        query,
        {
            "speaker": URIRef(f"{base}/actor/turkey"),
            "date": Literal("2020-10-06", datatype=XSD.date),
            "quoted": Literal(False),
        },
    )
    assert columns == ["act", "target", "content", "confidence"]
    assert [row[0] for row in rows] == [URIRef(f"{base}/act/doc-{i}/7-14") for i in range(4)]
    assert {row[1] for row in rows} == {URIRef(f"{base}/actor/armenia")}
    # The content holds quotes, braces, ';' and '#': it survives the load and the JSON results intact.
    assert {row[2] for row in rows} == {Literal('shelling {civilians}" } ; DROP ALL #')}
    assert {row[3] for row in rows} == {Literal("0.85", datatype=XSD.decimal)}

    # A bound literal that is text designed to break out of the query matches nothing and breaks nothing.
    _, none = remote.select(query, {"speaker": Literal('x") } } DELETE WHERE { ?s ?p ?o } #')})
    assert none == []
    assert remote.stored_hash(f"{base}/graph/doc-0") == "hash-0-1"
    assert remote.stored_hash(f"{base}/graph/no-such-doc") is None


def test_put_graph_replaces_and_records_the_hash(synthetic: SimpleNamespace, remote: RemoteStore, base: str) -> None:
    graph = f"{base}/graph/doc-x"
    first = [ox.Triple(q.subject, q.predicate, q.object) for q in synthetic.document_quads(base, 0)]
    remote.put_graph(graph, first)
    assert len(remote.graph_triples(graph)) == len(first)
    replacement = [ox.Triple(ox.NamedNode(f"{base}/a"), ox.NamedNode(f"{base}/p"), ox.Literal("only"))]
    remote.put_graph(graph, replacement, content_hash="h-new")
    assert remote.graph_triples(graph) == {
        (URIRef(f"{base}/a"), URIRef(f"{base}/p"), Literal("only")),
        (URIRef(graph), URIRef(synthetic.NK + "contentHash"), Literal("h-new")),
    }
    assert remote.stored_hash(graph) == "h-new"
    remote.drop_graph(graph)
    assert remote.graph_triples(graph) == set()


def test_server_killed_mid_load_then_resumed_loads_every_graph_once(
    synthetic: SimpleNamespace, server_name: str, base: str, make_dataset: Callable[..., Path], tmp_path: Path
) -> None:
    if server_name == "oxigraph":
        server = servers.start_oxigraph(data_dir=tmp_path / "db")
    else:
        server = servers.start_virtuoso(data_dir=tmp_path / "db")
    try:
        path = make_dataset(base, 12)
        loaded_before_kill: list[str] = []

        def kill_after_five(event: LoadEvent) -> None:
            if event.status == "loaded":
                loaded_before_kill.append(event.graph)
            if len(loaded_before_kill) == 5 and server.process is not None and server.process.poll() is None:
                server.kill()

        store = _store(server_name, server.url, retries=1, backoff=0.1)
        with pytest.raises(StoreError, match="unreachable after 5 of 14 graphs") as caught:
            load_file(path, store, progress=kill_after_five)
        assert "rerun" in str(caught.value)
        store.close()

        server.restart()
        store = _store(server_name, server.url)
        resumed = load_file(path, store)
        assert not resumed.failed
        # The document graphs committed before the crash are skipped, the rest loaded.
        documents_before = sum(1 for graph in loaded_before_kill if "/graph/doc-" in graph)
        assert resumed.unchanged == documents_before >= 3
        assert resumed.loaded == 14 - documents_before
        expected = synthetic.file_quads(path)
        assert synthetic.server_quads(store, {q[0] for q in expected}) == expected
        store.close()
    finally:
        server.cleanup()


def test_unreachable_url_fails_fast_with_the_url(
    synthetic: SimpleNamespace, base: str, make_dataset: Callable[..., Path]
) -> None:
    port = servers.free_port()
    store = remote_from_options(server="oxigraph", url=f"http://127.0.0.1:{port}")
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        load_file(make_dataset(base, 1), store)
    assert time.monotonic() - started < 5
    assert f"http://127.0.0.1:{port}/query" in str(caught.value)
    assert "cannot connect" in str(caught.value)


def test_virtuoso_wrong_password_is_a_clear_error_and_the_right_one_works(
    synthetic: SimpleNamespace,
    server_urls: dict[str, str],
    base: str,
    make_dataset: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = server_urls["virtuoso"]
    path = make_dataset(base, 2)
    monkeypatch.setenv("NEWSKG_PASSWORD", "not-the-password")
    store = remote_from_options(server="virtuoso", url=url, user="dba", retries=0)
    with pytest.raises(StoreError) as caught:
        load_file(path, store)
    message = str(caught.value)
    assert "refused user 'dba'" in message and "/sparql-auth" in message
    assert "not-the-password" not in message

    monkeypatch.setenv("NEWSKG_PASSWORD", "dba")  # a fresh Virtuoso database's dba password
    for use_gsp in (True, False):
        store = remote_from_options(server="virtuoso", url=url, user="dba", use_gsp=use_gsp)
        summary = load_file(path, store, force=True)
        assert summary.loaded == 4 and not summary.failed
        expected = synthetic.file_quads(path)
        assert synthetic.server_quads(store, {q[0] for q in expected}) == expected


def test_virtuoso_update_batches_and_a_failing_graph_does_not_stop_the_rest(
    synthetic: SimpleNamespace, server_urls: dict[str, str], base: str, tmp_path: Path
) -> None:
    quads = [q for i in range(3) for q in synthetic.document_quads(base, i)]
    quads += synthetic.document_quads(base, 99, padding=1000)  # about 6,000 triples in one graph
    path = tmp_path / "big.nq"
    ox.serialize(quads, str(path), ox.RdfFormat.N_QUADS)
    url = server_urls["virtuoso"]

    # Batches of 5,000 exceed what Virtuoso takes in one INSERT DATA: that graph fails, the rest load.
    too_big = _store("virtuoso", url, use_gsp=False, batch_size=5000, retries=0)
    summary = load_file(path, too_big, with_ontology=False)
    assert [graph for graph, _ in summary.failed] == [f"{base}/graph/doc-99"]
    assert summary.loaded == 3
    assert "INSERT DATA" in summary.failed[0][1] and "/sparql" in summary.failed[0][1]

    # The default batch size loads it, and the graph is complete.
    store = _store("virtuoso", url, use_gsp=False)
    summary = load_file(path, store, with_ontology=False)
    assert (summary.loaded, summary.unchanged, summary.failed) == (1, 3, [])
    expected = synthetic.file_quads(path)
    assert synthetic.server_quads(store, {q[0] for q in expected}) == expected


def test_virtuoso_without_the_grant_says_how_to_fix_it(synthetic: SimpleNamespace, tmp_path: Path) -> None:
    server = servers.start_virtuoso(data_dir=tmp_path / "db", grant=False)
    try:
        triples = [
            ox.Triple(q.subject, q.predicate, q.object) for q in synthetic.document_quads("https://x.example", 0)
        ]
        for use_gsp in (True, False):
            store = _store("virtuoso", server.url, use_gsp=use_gsp, retries=3, backoff=1.0)
            started = time.monotonic()
            with pytest.raises(StoreError, match='GRANT SPARQL_UPDATE TO "SPARQL"') as caught:
                store.put_graph("https://x.example/graph/doc-0", triples)
            # A permission error is final: no retries, no backoff.
            assert time.monotonic() - started < 1.0
            assert server.url in str(caught.value)
            store.close()
    finally:
        server.cleanup()
