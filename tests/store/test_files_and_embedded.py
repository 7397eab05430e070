"""File sinks in every format, the embedded store's replace semantics, resume hashes and export."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Triple

from newskg.errors import InputError
from newskg.store.embedded import EmbeddedStore
from newskg.store.files import FileSink, read_dataset, read_quads
from newskg.store.formats import Format
from newskg.store.seal import read_seal

NK = "https://w3id.org/newskg/ontology#"


def triples(doc: str, n: int, h: str = "h1") -> list[Triple]:
    d = NamedNode(f"http://e.org/doc/{doc}")
    out = [Triple(d, NamedNode(NK + "contentHash"), Literal(h))]
    out += [Triple(d, NamedNode("http://e.org/p"), Literal(f'v{i} "quoted" \\ é')) for i in range(n)]
    return out


@pytest.mark.parametrize("fmt", Format.names())
def test_every_format_round_trips(tmp_path: Path, fmt: str, caplog):
    out = tmp_path / f"g.{Format.from_name(fmt).extension}"
    with FileSink(out) as sink:
        sink.put_graph("http://e.org/graph/a", triples("a", 3))
        sink.put_graph("http://e.org/graph/b", triples("b", 2))
    ds = read_dataset(out)
    assert len(set(ds.triples((None, None, None)))) == 7
    if Format.from_name(fmt).keeps_graphs:
        assert {str(g.identifier) for g in ds.graphs() if len(g)} >= {"http://e.org/graph/a", "http://e.org/graph/b"}
    else:
        assert "merged" in caplog.text


def test_an_aborted_file_sink_leaves_the_old_file(tmp_path: Path):
    out = tmp_path / "g.nq"
    out.write_text("old\n", encoding="utf-8")
    sink = FileSink(out)
    sink.put_graph("http://e.org/graph/a", triples("a", 1))
    sink.abort()
    assert out.read_text(encoding="utf-8") == "old\n"
    assert not list(tmp_path.glob(".*partial"))


def test_parse_errors_name_the_file(tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.ttl"):
        list(read_quads(bad))
    with pytest.raises(InputError, match="file extension"):
        FileSink(tmp_path / "noext")


def test_embedded_store_replaces_a_graph_and_keeps_the_others(tmp_path: Path):
    with EmbeddedStore(tmp_path / "store") as store:
        store.put_graph("http://e.org/graph/a", triples("a", 5, "h1"))
        store.put_graph("http://e.org/graph/b", triples("b", 2, "h2"))
        store.put_graph("http://e.org/graph/a", triples("a", 1, "h3"))
        assert len(list(store.quads("http://e.org/graph/a"))) == 2
        assert len(list(store.quads("http://e.org/graph/b"))) == 3
        assert store.stored_hash("http://e.org/graph/a") == "h3"
        assert store.stored_hash("http://e.org/graph/none") is None
        assert "https://w3id.org/newskg/ontology" in store.graphs()
    # the store survives reopening (it is on disk) and exports without the ontology by default
    with EmbeddedStore(tmp_path / "store", read_only=True, ontology=False) as store:
        n = store.export(tmp_path / "out.trig")
    ds = rdflib.Dataset()
    ds.parse(data=(tmp_path / "out.trig").read_bytes(), format="trig")
    named = [g for g in ds.graphs() if str(g.identifier).startswith("http://e.org/graph/")]
    assert n == 5 and sum(len(g) for g in named) == 5


def test_offsets_leave_the_store_typed_as_the_contract_says(tmp_path: Path):
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    node = NamedNode("http://e.org/doc/a#char=0,4")
    begin = Triple(node, NamedNode(nif + "beginIndex"), Literal("0", datatype=NamedNode(xsd + "nonNegativeInteger")))
    with EmbeddedStore(tmp_path / "store", ontology=False) as store:
        store.put_graph("http://e.org/graph/a", [begin])
        (quad,) = store.quads("http://e.org/graph/a")
        assert quad.object.datatype.value == xsd + "nonNegativeInteger"
        store.export(tmp_path / "out.nq")
    assert f"<{xsd}nonNegativeInteger>" in (tmp_path / "out.nq").read_text(encoding="utf-8")


def test_nquads_output_equals_pyoxigraphs_own_quad_serialisation(tmp_path: Path):
    import pyoxigraph

    tricky = triples("a", 3) + [
        Triple(NamedNode("http://e.org/s"), NamedNode("http://e.org/p"), Literal("line one .\nline two .\n")),
        Triple(NamedNode("http://e.org/s"), NamedNode("http://e.org/p"), Literal("ends with a dot .", language="en")),
    ]
    out = tmp_path / "g.nq"
    with FileSink(out) as sink:
        sink.put_graph("http://e.org/graph/a", tricky)
    graph = NamedNode("http://e.org/graph/a")
    expected = pyoxigraph.serialize(
        [pyoxigraph.Quad(t.subject, t.predicate, t.object, graph) for t in tricky], format=pyoxigraph.RdfFormat.N_QUADS
    )
    written = out.read_bytes()
    seal = read_seal(out)
    assert seal is not None and seal.holds()  # the last line is newskg's seal; the statements come before it
    assert written[: seal.size] == expected


def _reopened(stores: list[EmbeddedStore]) -> EmbeddedStore:
    """The store in ``stores`` (its only reference) closed and opened again."""
    path = stores[0].path
    stores.pop().close()
    gc.collect()  # the RocksDB lock goes with the last reference to the store
    stores.append(EmbeddedStore(path))
    return stores[0]


def test_an_existing_store_gets_the_ontology_again_when_its_content_changes_not_only_its_size(
    tmp_path: Path, monkeypatch
):
    # issue 15: ensure_ontology compared triple counts, so a changed label never reached an existing store
    from pyoxigraph import Quad

    from newskg.ontology import ONTOLOGY_IRI

    graph, label = NamedNode(str(ONTOLOGY_IRI)), NamedNode(str(rdflib.RDFS.label))
    accusation = NamedNode(NK + "Accusation")
    stores = [EmbeddedStore(tmp_path / "store")]
    (shipped,) = stores[0].store.quads_for_pattern(accusation, label, None, graph)
    size = len(stores[0])
    rewrites: list[str] = []
    real_put = EmbeddedStore.put_graph

    def put_graph(self: EmbeddedStore, graph_iri: str, *args: object, **options: object) -> None:
        rewrites.append(str(graph_iri))
        real_put(self, graph_iri, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(EmbeddedStore, "put_graph", put_graph)

    _reopened(stores)
    assert rewrites == []  # the same content: left alone

    stores[0].store.remove(shipped)
    stores[0].store.add(Quad(accusation, label, Literal("an older label", language="en"), graph))
    assert len(stores[0]) == size
    _reopened(stores)
    assert rewrites == [str(ONTOLOGY_IRI)]
    assert [q.object for q in stores[0].store.quads_for_pattern(accusation, label, None, graph)] == [shipped.object]
    assert len(stores[0]) == size
    stores.pop().close()
