"""The mapping writes N-Triples itself: the bytes must be the ones pyoxigraph writes for the same triples."""

from __future__ import annotations

import pickle

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple

from newskg.builder.facts import Document, DocumentFacts, Mention, Span
from newskg.builder.mapping import map_document
from newskg.builder.ntriples import NTriples, iri, literal, typed

S, P = NamedNode("http://e.org/s"), NamedNode("http://e.org/p")
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


def oxigraph_line(obj: Literal | NamedNode) -> bytes:
    return pyoxigraph.serialize([Triple(S, P, obj)], format=RdfFormat.N_TRIPLES)


def our_line(obj: bytes) -> bytes:
    return NTriples([b" ".join((iri(S.value), iri(P.value), obj))]).ntriples


def test_every_character_pyoxigraph_escapes_is_escaped_the_same_way():
    specials = [chr(c) for c in [*range(0x20), 0x22, 0x5C, 0x7F, 0xFFFE, 0xFFFF]]
    for char in [*specials, "a", "é", "\u2028", "\U0001f600", "\x85"]:
        value = f"x{char}y"
        assert our_line(literal(value)) == oxigraph_line(Literal(value)), repr(char)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_any_text_is_written_as_pyoxigraph_writes_it(value: str):
    assert our_line(literal(value)) == oxigraph_line(Literal(value))
    assert our_line(typed(value, XSD_DATE)) == oxigraph_line(Literal(value, datatype=NamedNode(XSD_DATE)))


def test_the_body_parses_on_demand_and_counts_without_parsing():
    body = NTriples(our_line(literal("a")) + our_line(literal("b")))
    assert body._parsed is None and len(body) == 2 and body._parsed is None
    assert [t.object for t in body] == [Literal("a"), Literal("b")]
    assert body == [Triple(S, P, Literal("a")), Triple(S, P, Literal("b"))]
    assert body != [Triple(S, P, Literal("a"))]
    copy = pickle.loads(pickle.dumps(body))
    assert copy == body and len(copy) == 2
    assert NTriples.of([Triple(S, P, Literal("a\nb"))]).ntriples == oxigraph_line(Literal("a\nb"))
    # N-Quads from the statements or from the bytes: what pyoxigraph writes for the same quads
    quads = [Quad(t.subject, t.predicate, t.object, NamedNode("http://e.org/g")) for t in body]
    expected = pyoxigraph.serialize(quads, format=RdfFormat.N_QUADS)
    statements = NTriples([b" ".join((iri(S.value), iri(P.value), literal(v))) for v in ("a", "b")])
    assert statements.nquads("http://e.org/g") == body.nquads("http://e.org/g") == expected
    assert statements.ntriples == body.ntriples and len(statements) == 2
    assert NTriples([]).ntriples == b"" == NTriples([]).nquads("http://e.org/g")
    with pytest.raises(ValueError):
        statements.nquads("not an iri")


def tricky_facts() -> DocumentFacts:
    text = 'He said "stop"\\now.\r\nTab\there \x7f, a \u2028 and an emoji \U0001f600 end.'
    facts = DocumentFacts(Document(id="dir/odd id é", text=text, title='The "title"', url="not a url"))
    facts.model = "m-1"
    for start, end in [(0, 2), (8, 14), (15, 20), (30, 42), (0, len(text))]:
        facts.mentions.append(Mention(Span(start, end, text[start:end]), ("someone",)))
    return facts


def test_a_mapped_graph_is_byte_for_byte_what_pyoxigraph_serialises():
    graph = map_document(tricky_facts())
    assert isinstance(graph.triples, NTriples)
    reserialised = pyoxigraph.serialize(list(graph.triples), format=RdfFormat.N_TRIPLES)
    assert graph.ntriples == reserialised
    assert len(graph.triples) == len(list(pyoxigraph.parse(reserialised, format=RdfFormat.N_TRIPLES)))
    # no statement written twice, as with the set of Triple objects the mapping kept before
    assert len(set(graph.triples)) == len(graph.triples)
    anchors = {t.object.value for t in graph.triples if t.predicate.value.endswith("#anchorOf")}
    assert tricky_facts().document.text in anchors and '"stop"' in anchors


def test_an_invalid_base_is_refused_as_before():
    with pytest.raises(ValueError):
        map_document(tricky_facts(), base="not an iri")
    with pytest.raises(ValueError):  # a '#' in the base makes every offset IRI invalid
        map_document(tricky_facts(), base="http://e.org/data#x")


def test_text_that_is_not_unicode_is_refused_with_the_document_named():
    facts = DocumentFacts(Document(id="bad", text="a \ud800 b"))
    with pytest.raises(ValueError, match="bad"):
        map_document(facts)


def test_a_shard_is_cut_into_graph_bodies_and_a_foreign_one_is_parsed(tmp_path):
    from newskg.builder.distributed import ShardEntry, shard_bodies

    graphs = [map_document(tricky_facts()), map_document(DocumentFacts(Document(id="b", text="Short.")))]
    entries = [ShardEntry(g.doc_id, g.graph_iri, g.content_hash, 0, len(g.triples)) for g in graphs]
    quads = [q for g in graphs for q in g.quads()]
    ours = tmp_path / "ours.nq"
    ours.write_bytes(pyoxigraph.serialize(quads, format=RdfFormat.N_QUADS))
    cut = shard_bodies(ours, entries)
    assert all(isinstance(cut[g.graph_iri], NTriples) for g in graphs)
    assert [cut[g.graph_iri].ntriples for g in graphs] == [g.ntriples for g in graphs]
    foreign = tmp_path / "foreign.nq"  # the same quads, graphs interleaved: cannot be cut, so parsed
    foreign.write_bytes(pyoxigraph.serialize([*quads[1:], quads[0]], format=RdfFormat.N_QUADS))
    parsed = shard_bodies(foreign, entries)
    assert not isinstance(parsed[graphs[0].graph_iri], NTriples)
    assert [sorted(map(str, parsed[g.graph_iri])) for g in graphs] == [sorted(map(str, g.triples)) for g in graphs]
