"""HermiT consistency checks through owlready2 (real Java, real reasoner)."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, Dataset, Graph, URIRef

from newskg.errors import OntologyError
from newskg.ontology import reasoning
from newskg.ontology.reasoning import check_consistency, disjointness_clashes
from newskg.ontology.terms import NK
from newskg.ontology.validation import validate

from .conftest import DATA, DOC1

pytestmark = pytest.mark.slow


def test_sane_graph_is_consistent(dataset: Dataset) -> None:
    report = check_consistency(dataset)
    assert report.consistent, report.text()
    assert report.unsatisfiable_classes == []
    assert report.text().startswith("HermiT: consistent")


def test_individual_both_person_and_state_is_caught(graph: Graph) -> None:
    france = DATA["actor/france"]
    graph.add((france, RDF.type, NK.Person))
    report = check_consistency(graph)
    assert not report.consistent
    assert [(c.individual, c.first, c.second) for c in report.clashes] == [(france, NK.Person, NK.State)]
    assert "actor/france> is both" in report.explanation


def test_act_typed_as_two_speech_acts_is_caught(graph: Graph) -> None:
    act = DATA[f"act/{DOC1}/39-46"]
    graph.add((act, RDF.type, NK.Denial))
    report = check_consistency(graph)
    assert not report.consistent
    assert [(c.first, c.second) for c in report.clashes] == [(NK.Accusation, NK.Denial)]


def test_two_actors_linked_to_one_wikidata_item_must_agree_on_kind(graph: Graph) -> None:
    kremlin = DATA["actor/kremlin"]
    graph.add((kremlin, RDF.type, NK.Organization))
    graph.add((kremlin, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q159")))
    report = check_consistency(graph)
    assert not report.consistent
    assert {c.individual for c in report.clashes} == {kremlin, DATA["actor/russia"]}


def test_clash_found_through_the_class_hierarchy() -> None:
    # Accusation and PhoneCall are not listed together anywhere; their superclasses
    # nk:SpeechAct and nk:Consultation are declared disjoint.
    g = Graph()
    act = DATA["act/doc/1-2"]
    g.add((act, RDF.type, NK.Accusation))
    assert disjointness_clashes(g) == []
    g.add((act, RDF.type, NK.PhoneCall))
    assert [(c.first, c.second) for c in disjointness_clashes(g)] == [(NK.Consultation, NK.SpeechAct)]
    assert not check_consistency(g).consistent


def test_validate_with_consistency(graph: Graph) -> None:
    assert validate(graph, consistency=True).conforms
    graph.add((DATA["actor/france"], RDF.type, NK.Group))
    report = validate(graph, consistency=True)
    assert not report.conforms
    assert report.consistency is not None and not report.consistency.consistent
    assert "inconsistent with the ontology" in report.text()


def test_missing_java_is_an_ontology_error(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reasoning.shutil, "which", lambda name: None)
    monkeypatch.setattr(reasoning, "_JAVA_FALLBACKS", ("/nonexistent/java",))
    with pytest.raises(OntologyError, match="no Java runtime found for HermiT"):
        check_consistency(graph)
