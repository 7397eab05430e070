"""SHACL validation of built graphs: the fixture conforms, and each broken contract is caught."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef

from newskg.errors import OntologyError, ValidationError
from newskg.ontology.terms import NK
from newskg.ontology.validation import validate

from .conftest import DATA, DOC1, FIXTURE

NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
DOC = DATA[f"doc/{DOC1}"]
ACCUSATION = DATA[f"act/{DOC1}/39-46"]
DENIAL = DATA[f"act/{DOC1}/104-110"]
CUE = URIRef(f"{DOC}#char=39,46")


def messages(report) -> list[str]:
    return [p.message for p in report.problems]


def focus_of(report, fragment: str) -> list[URIRef]:
    return [p.focus for p in report.problems if fragment in p.message]


def test_fixture_conforms_as_dataset_and_as_single_graph(dataset: Dataset, graph: Graph) -> None:
    report = validate(dataset)
    assert report.conforms, report.text()
    assert report.problems == []
    assert validate(graph).conforms


def test_rdfs_inference_gives_the_same_verdict(graph: Graph) -> None:
    assert validate(graph, inference="rdfs").conforms
    graph.add((ACCUSATION, RDF.type, NK.Denial))
    assert not validate(graph, inference="rdfs").conforms


def test_graph_read_back_from_oxigraph_conforms() -> None:
    # Oxigraph stores xsd:nonNegativeInteger offsets as xsd:integer; the shapes accept both.
    store = ox.Store()
    store.load(FIXTURE.read_bytes(), ox.RdfFormat.TRIG)
    back = Dataset(default_union=True)
    back.parse(data=ox.serialize(store, format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
    assert any(o.datatype == XSD.integer for o in back.objects(None, URIRef(NIF + "beginIndex")))
    assert validate(back).conforms


def test_anchor_that_is_not_the_text_at_the_offsets(graph: Graph) -> None:
    graph.set((CUE, URIRef(NIF + "anchorOf"), Literal("accuses")))
    report = validate(graph)
    assert not report.conforms
    assert focus_of(report, "is not the text at 39-46") == [CUE]
    assert "nif:anchorOf accuses is not the text at 39-46: accused" in messages(report)


def test_offsets_beyond_the_text_or_reversed(graph: Graph) -> None:
    graph.set((CUE, URIRef(NIF + "endIndex"), Literal(5000, datatype=XSD.nonNegativeInteger)))
    other = URIRef(f"{DOC}#char=98,103")
    graph.set((other, URIRef(NIF + "beginIndex"), Literal(120, datatype=XSD.nonNegativeInteger)))
    report = validate(graph)
    found = {p.focus: p.message for p in report.problems if "do not fit" in p.message}
    assert set(found) == {CUE, other}
    assert "offsets 39-5000 do not fit the context text of length" in found[CUE]


@pytest.mark.parametrize(
    "value", [Literal("39"), Literal("39.0", datatype=XSD.decimal), Literal(-1, datatype=XSD.integer)]
)
def test_offsets_must_be_non_negative_integers(graph: Graph, value: Literal) -> None:
    graph.set((CUE, URIRef(NIF + "beginIndex"), value))
    report = validate(graph)
    assert focus_of(report, "is not a non-negative integer") == [CUE]


def test_offset_node_needs_both_offsets(graph: Graph) -> None:
    graph.remove((CUE, URIRef(NIF + "endIndex"), None))
    report = validate(graph)
    assert (CUE, "nif:endIndex") in [(p.focus, p.path) for p in report.problems]


def test_offsets_count_code_points_like_python(dataset: Dataset) -> None:
    text = "🇹🇷 Türkiye accused Ankara's critics."
    doc = DATA["doc/flags"]
    begin = text.index("accused")
    g = Graph()
    g.add((doc, RDF.type, NK.NewsArticle))
    g.add((doc, NK.documentId, Literal("flags")))
    g.add((doc, URIRef(NIF + "isString"), Literal(text)))
    node = URIRef(f"{doc}#char={begin},{begin + 7}")
    g.add((node, URIRef(NIF + "beginIndex"), Literal(begin, datatype=XSD.nonNegativeInteger)))
    g.add((node, URIRef(NIF + "endIndex"), Literal(begin + 7, datatype=XSD.nonNegativeInteger)))
    g.add((node, URIRef(NIF + "anchorOf"), Literal("accused")))
    g.add((node, URIRef(NIF + "referenceContext"), doc))
    assert validate(g).conforms, validate(g).text()
    # Off by the two regional-indicator code points a UTF-16 count would add: caught.
    g.set((node, URIRef(NIF + "anchorOf"), Literal(text[begin + 2 : begin + 9])))
    assert not validate(g).conforms


def test_act_with_two_taxonomy_classes(graph: Graph) -> None:
    graph.add((ACCUSATION, RDF.type, NK.Criticism))
    report = validate(graph)
    assert focus_of(report, "exactly one most specific class") == [ACCUSATION]
    assert any("it has 2" in m for m in messages(report))


def test_superclass_types_do_not_count_twice(graph: Graph) -> None:
    graph.add((ACCUSATION, RDF.type, NK.SpeechAct))
    graph.add((ACCUSATION, RDF.type, NK.CommunicationEvent))
    assert validate(graph).conforms


def test_act_without_a_taxonomy_class(graph: Graph) -> None:
    graph.remove((DENIAL, RDF.type, None))
    report = validate(graph)
    assert focus_of(report, "exactly one most specific class") == [DENIAL]
    assert any("it has 0" in m for m in messages(report))


def test_reified_relation_with_a_cue_needs_no_act_class(graph: Graph) -> None:
    relations = list(graph.subjects(RDF.type, NK.RelationAssertion))
    assert relations and all((r, NK.cue, None) in graph for r in relations)
    assert validate(graph).conforms


def test_act_without_speaker(graph: Graph) -> None:
    graph.remove((DENIAL, NK.speaker, None))
    report = validate(graph)
    assert [(p.focus, p.path) for p in report.problems] == [(DENIAL, "nk:speaker")]


def test_act_with_two_cues(graph: Graph) -> None:
    graph.add((ACCUSATION, NK.cue, URIRef(f"{DOC}#char=98,103")))
    report = validate(graph)
    assert ACCUSATION in [p.focus for p in report.problems if p.path == "nk:cue"]


def test_cue_without_offsets(graph: Graph) -> None:
    bare = URIRef(f"{DOC}#nowhere")
    graph.set((ACCUSATION, NK.cue, bare))
    report = validate(graph)
    paths = {p.path for p in report.problems if p.focus == ACCUSATION}
    assert {"nk:cue/nif:beginIndex", "nk:cue/nif:endIndex"} <= paths


def test_actor_without_label(graph: Graph) -> None:
    russia = DATA["actor/russia"]
    graph.remove((russia, RDFS.label, None))
    report = validate(graph)
    assert [(p.focus, p.path) for p in report.problems] == [(russia, "rdfs:label")]


def test_actor_with_two_disjoint_classes(graph: Graph) -> None:
    france = DATA["actor/france"]
    graph.add((france, RDF.type, NK.Person))
    report = validate(graph)
    assert focus_of(report, "two disjoint classes") == [france]


@pytest.mark.parametrize("value", [Literal("1.5", datatype=XSD.decimal), Literal("-0.1", datatype=XSD.decimal)])
def test_confidence_outside_zero_one(graph: Graph, value: Literal) -> None:
    graph.set((ACCUSATION, NK.confidence, value))
    report = validate(graph)
    assert [(p.focus, p.path) for p in report.problems] == [(ACCUSATION, "nk:confidence")]


def test_confidence_must_be_decimal(graph: Graph) -> None:
    graph.set((ACCUSATION, NK.confidence, Literal("high")))
    assert not validate(graph).conforms


def test_article_needs_one_document_id_and_one_text(graph: Graph) -> None:
    graph.add((DOC, NK.documentId, Literal("another-id")))
    report = validate(graph)
    assert [(p.focus, p.path) for p in report.problems] == [(DOC, "nk:documentId")]
    graph.remove((DOC, NK.documentId, Literal("another-id")))
    graph.remove((DOC, URIRef(NIF + "isString"), None))
    report = validate(graph)
    assert (DOC, "nif:isString") in [(p.focus, p.path) for p in report.problems]
    # Every offset node now points at a context without text: each is reported.
    assert len(focus_of(report, "has no nif:isString")) > 20


def test_batch_sparql_finds_what_pyshacl_finds(graph: Graph) -> None:
    graph.set((CUE, URIRef(NIF + "anchorOf"), Literal("accuses")))
    graph.add((ACCUSATION, RDF.type, NK.Criticism))
    graph.add((DATA["actor/france"], RDF.type, NK.Person))
    fast = validate(graph)
    slow = validate(graph, batch_sparql=False)
    assert not fast.conforms and not slow.conforms

    def key(report):
        return sorted((str(p.focus), p.message) for p in report.problems)

    assert key(fast) == key(slow)
    assert len(fast.problems) == 3


def test_report_text_is_readable(graph: Graph) -> None:
    graph.remove((DATA["actor/russia"], RDFS.label, None))
    text = validate(graph).text()
    assert text.splitlines()[0] == "does not conform: 1 SHACL problem"
    assert "Violation: <https://w3id.org/newskg/data/actor/russia> rdfs:label: an actor needs an rdfs:label" in text


def test_raise_if_invalid(graph: Graph) -> None:
    validate(graph).raise_if_invalid(where="x.trig")
    graph.remove((DATA["actor/russia"], RDFS.label, None))
    with pytest.raises(ValidationError, match=r"^x.trig: graph does not conform \(1 SHACL problem\): Violation"):
        validate(graph).raise_if_invalid(where="x.trig")


def test_unknown_inference_is_an_ontology_error(graph: Graph) -> None:
    with pytest.raises(OntologyError, match="unknown inference 'owl'"):
        validate(graph, inference="owl")  # type: ignore[arg-type]


def test_broken_shapes_are_an_ontology_error(graph: Graph) -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ;
            sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .
        """,
        format="turtle",
    )
    with pytest.raises(OntologyError, match="SHACL validation could not run"):
        validate(graph, shapes=shapes, batch_sparql=False)
