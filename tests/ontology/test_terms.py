"""The ontology file, the generated terms and the API that serves them."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from newskg.errors import OntologyError
from newskg.ontology import ONTOLOGY_IRI, ontology_graph, ontology_text, shapes_graph
from newskg.ontology.generate_terms import ONTOLOGY_PATH, TERMS_PATH, main, render_terms
from newskg.ontology.terms import (
    ACTOR_CLASSES,
    CAMEO,
    CAMEO_SCHEME,
    COMMUNICATION_CLASSES,
    NK,
    PLOVER,
    PLOVER_SCHEME,
    SPEECH_ACT_CLASSES,
)

WD = "http://www.wikidata.org/entity/"
NS = "https://w3id.org/newskg/ontology#"


def nk_terms(graph: Graph, kind: URIRef) -> set[str]:
    return {str(s)[len(NS) :] for s in graph.subjects(RDF.type, kind) if str(s).startswith(NS)}


def test_terms_py_matches_the_ontology() -> None:
    expected = render_terms(Graph().parse(ONTOLOGY_PATH, format="turtle"))
    assert TERMS_PATH.read_text(encoding="utf-8") == expected, (
        "newskg/ontology/terms.py is out of date with newskg.ttl: run python -m newskg.ontology.generate_terms"
    )


def test_generator_check_mode_reports_drift(tmp_path) -> None:
    stale = tmp_path / "terms.py"
    stale.write_text("# stale\n", encoding="utf-8")
    assert main(["--check", "--output", str(stale)]) == 1
    assert main(["--output", str(stale)]) == 0
    assert main(["--check", "--output", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == TERMS_PATH.read_text(encoding="utf-8")


def test_defined_namespace_refuses_unknown_terms() -> None:
    assert NK.Accusation == URIRef(NS + "Accusation")
    with pytest.raises(AttributeError, match="Acusation"):
        _ = NK.Acusation


REQUIRED_CLASSES = [
    "NewsArticle",
    "Actor",
    "Person",
    "Organization",
    "State",
    "Group",
    "Position",
    "Place",
    "Conflict",
    "ArmedConflict",
    "War",
    "Crisis",
    "CommunicationEvent",
    "SpeechAct",
    "Statement",
    "ExpressionOfConcern",
    "Briefing",
    "Accusation",
    "Criticism",
    "Denial",
    "Appeal",
    "Demand",
    "Rejection",
    "Endorsement",
    "Threat",
    "Agreement",
    "Consultation",
    "PhoneCall",
    "Meeting",
    "Mediation",
    "Negotiation",
    "Mention",
    "Cue",
    "RelationAssertion",
    "BuildActivity",
]
REQUIRED_OBJECT_PROPERTIES = [
    "evidence",
    "cue",
    "inDocument",
    "speaker",
    "addressee",
    "target",
    "topic",
    "contentMention",
    "speakerMention",
    "addresseeMention",
    "targetMention",
    "subjectMention",
    "objectMention",
    "denotes",
    "respondsTo",
    "reportedBy",
    "holdsPosition",
    "ofState",
    "country",
    "hasMember",
    "memberOf",
    "supports",
    "mediates",
    "participantIn",
    "opposes",
    "participant",
    "supporter",
    "mediator",
    "location",
]
REQUIRED_DATATYPE_PROPERTIES = [
    "documentId",
    "content",
    "resolvedVia",
    "isQuote",
    "negated",
    "modality",
    "date",
    "dateText",
    "confidence",
    "linkConfidence",
    "title",
    "startDate",
    "softwareVersion",
    "spacyModel",
    "attributionModel",
    "contentHash",
]


def test_every_required_term_is_declared_with_the_right_kind() -> None:
    graph = ontology_graph()
    assert set(REQUIRED_CLASSES) <= nk_terms(graph, OWL.Class)
    assert set(REQUIRED_OBJECT_PROPERTIES) <= nk_terms(graph, OWL.ObjectProperty)
    assert set(REQUIRED_DATATYPE_PROPERTIES) <= nk_terms(graph, OWL.DatatypeProperty)
    assert not nk_terms(graph, OWL.ObjectProperty) & nk_terms(graph, OWL.DatatypeProperty)


def test_every_term_has_a_label_and_a_definition() -> None:
    graph = ontology_graph()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for name in nk_terms(graph, kind):
            term = URIRef(NS + name)
            assert graph.value(term, RDFS.label) is not None, name
            assert graph.value(term, SKOS.definition) is not None, name


def test_ontology_header() -> None:
    graph = ontology_graph()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert str(graph.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"


def test_datatype_ranges() -> None:
    graph = ontology_graph()
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert graph.value(NK.confidence, RDFS.range) == URIRef(xsd + "decimal")
    assert graph.value(NK.isQuote, RDFS.range) == URIRef(xsd + "boolean")
    assert graph.value(NK.negated, RDFS.range) == URIRef(xsd + "boolean")
    assert graph.value(NK.date, RDFS.range) == URIRef(xsd + "date")
    assert graph.value(NK.startDate, RDFS.range) == URIRef(xsd + "date")


def test_topic_range_is_conflict_or_actor() -> None:
    graph = ontology_graph()
    union = graph.value(graph.value(NK.topic, RDFS.range), OWL.unionOf)
    assert set(graph.items(union)) == {NK.Conflict, NK.Actor}


def disjoint_sets(graph: Graph) -> list[set[URIRef]]:
    return [
        set(graph.items(graph.value(axiom, OWL.members))) for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses)
    ]


def test_speech_acts_and_actor_kinds_are_pairwise_disjoint() -> None:
    sets = disjoint_sets(ontology_graph())
    speech_acts = set(SPEECH_ACT_CLASSES) - {NK.SpeechAct}
    assert len(speech_acts) == 13  # nk:Attitude (issue 16) with the twelve acts
    assert speech_acts in sets
    assert {NK.Person, NK.Organization, NK.State, NK.Group} in sets
    assert set(ACTOR_CLASSES) == {NK.Actor, NK.Person, NK.Organization, NK.State, NK.Group}


def test_alignments_to_external_vocabularies() -> None:
    graph = ontology_graph()
    sem = "http://semanticweb.cs.vu.nl/2009/11/sem/"
    assert (NK.CommunicationEvent, RDFS.subClassOf, URIRef(sem + "Event")) in graph
    assert (NK.Actor, RDFS.subClassOf, URIRef(sem + "Actor")) in graph
    assert (NK.BuildActivity, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Activity")) in graph
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    assert (NK.Cue, RDFS.subClassOf, URIRef(nif + "OffsetBasedString")) in graph
    assert (NK.Person, RDFS.subClassOf, URIRef("http://xmlns.com/foaf/0.1/Person")) in graph
    assert (NK.NewsArticle, RDFS.subClassOf, URIRef("http://schema.org/NewsArticle")) in graph
    assert (NK.Person, SKOS.exactMatch, URIRef(WD + "Q5")) in graph
    assert (NK.War, SKOS.exactMatch, URIRef(WD + "Q198")) in graph


def test_only_the_agreed_wikidata_classes_are_used() -> None:
    graph = ontology_graph()
    used = {str(o)[len(WD) :] for o in graph.objects() if isinstance(o, URIRef) and str(o).startswith(WD)}
    assert used <= {"Q5", "Q6256", "Q3624078", "Q43229", "Q198", "Q350604"}
    assert {"Q5", "Q6256", "Q3624078", "Q43229", "Q198"} <= used


def test_class_to_concept_links_are_annotations() -> None:
    # HermiT rejects a class punned as an individual: the mappings must be annotation properties.
    graph = ontology_graph()
    for prop in (SKOS.exactMatch, SKOS.closeMatch):
        assert (prop, RDF.type, OWL.AnnotationProperty) in graph


def mapped(graph: Graph, cls: URIRef, scheme: URIRef) -> set[str]:
    return {
        str(graph.value(concept, SKOS.notation))
        for prop in (SKOS.exactMatch, SKOS.closeMatch)
        for concept in graph.objects(cls, prop)
        if (concept, SKOS.inScheme, scheme) in graph
    }


@pytest.mark.parametrize(
    ("cls", "cameo", "plover"),
    [
        (NK.Statement, "010", None),
        (NK.ExpressionOfConcern, "012", None),
        (NK.Briefing, "010", None),
        (NK.Denial, "016", None),
        (NK.Accusation, "112", "ACCUSE"),
        (NK.Criticism, "111", "ACCUSE"),
        (NK.Appeal, "020", "REQUEST"),
        (NK.Demand, "100", "REQUEST"),
        (NK.Rejection, "120", "REJECT"),
        (NK.Endorsement, "051", "SUPPORT"),
        (NK.Threat, "130", "THREATEN"),
        (NK.Agreement, "057", "AGREE"),
        (NK.Consultation, "040", "CONSULT"),
        (NK.PhoneCall, "041", "CONSULT"),
        (NK.Meeting, "042", "CONSULT"),
        (NK.Mediation, "045", "CONSULT"),
        (NK.Negotiation, "046", "CONSULT"),
    ],
)
def test_communication_classes_map_to_cameo_and_plover(cls: URIRef, cameo: str, plover: str | None) -> None:
    graph = ontology_graph()
    assert cameo in mapped(graph, cls, CAMEO_SCHEME)
    ploverish = mapped(graph, cls, PLOVER_SCHEME)
    if plover is None:
        assert ploverish == set()
        assert "PLOVER has no" in str(graph.value(cls, RDFS.comment))
    else:
        assert ploverish == {plover}


def test_phone_call_and_denial_use_the_agreed_match_strength() -> None:
    graph = ontology_graph()
    assert (NK.PhoneCall, SKOS.exactMatch, CAMEO["041"]) in graph
    assert (NK.PhoneCall, SKOS.closeMatch, PLOVER.CONSULT) in graph
    assert (NK.Denial, SKOS.closeMatch, CAMEO["016"]) in graph
    assert (NK.Accusation, SKOS.exactMatch, CAMEO["112"]) in graph


def test_every_communication_class_is_mapped() -> None:
    graph = ontology_graph()
    for cls in COMMUNICATION_CLASSES:
        if cls not in (NK.CommunicationEvent, NK.Attitude):
            assert mapped(graph, cls, CAMEO_SCHEME), cls
    # a belief or intention is no event CAMEO codes: said so, and no CAMEO code is read as one
    assert mapped(graph, NK.Attitude, CAMEO_SCHEME) == set()
    assert "CAMEO have no event type" in str(graph.value(NK.Attitude, RDFS.comment))


def test_cameo_scheme_concepts_are_well_formed() -> None:
    graph = ontology_graph()
    concepts = set(graph.subjects(SKOS.inScheme, CAMEO_SCHEME))
    codes = {str(graph.value(c, SKOS.notation)) for c in concepts}
    for code in [
        "010",
        "012",
        "016",
        "018",
        "020",
        "0256",
        "026",
        "027",
        "028",
        "036",
        "039",
        "040",
        "041",
        "042",
        "043",
        "044",
        "045",
        "046",
        "051",
        "052",
        "057",
    ]:
        assert code in codes
    for code in ["100", "1056", "111", "112", "1123", "120", "125", "126", "127", "128", "130", "138", "172"]:
        assert code in codes
    for concept in concepts:
        code = str(graph.value(concept, SKOS.notation))
        assert concept == CAMEO[code]
        assert graph.value(concept, SKOS.prefLabel) is not None
        broader = graph.value(concept, SKOS.broader)
        if len(code) > 2:
            assert broader in concepts, code
        else:
            assert (concept, SKOS.topConceptOf, CAMEO_SCHEME) in graph


def test_plover_scheme_has_the_sixteen_current_types() -> None:
    graph = ontology_graph()
    types = {str(graph.value(c, SKOS.notation)) for c in graph.subjects(SKOS.inScheme, PLOVER_SCHEME)}
    assert types == set(
        [
            "AGREE",
            "CONSULT",
            "SUPPORT",
            "CONCEDE",
            "COOPERATE",
            "AID",
            "RETREAT",
            "REQUEST",
            "ACCUSE",
            "REJECT",
            "THREATEN",
            "PROTEST",
            "SANCTION",
            "MOBILIZE",
            "COERCE",
            "ASSAULT",
        ]
    )
    assert str(graph.value(PLOVER.REQUEST, SKOS.altLabel)) == "DEMAND"
    assert str(graph.value(PLOVER.ACCUSE, SKOS.altLabel)) == "DISAPPROVE"


@pytest.mark.parametrize(("name", "parser"), [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")])
def test_ontology_text_in_every_format_parses_back(name: str, parser: str) -> None:
    text = ontology_text(name)
    assert len(Graph().parse(data=text, format=parser)) == len(ontology_graph())


def test_ontology_text_accepts_long_names_and_rejects_unknown_ones() -> None:
    assert ontology_text("turtle") == ontology_text("ttl")
    assert ontology_text("ntriples") == ontology_text("nt")
    with pytest.raises(OntologyError, match="unknown RDF format 'yaml'"):
        ontology_text("yaml")


def test_graph_accessors_return_independent_copies() -> None:
    first = ontology_graph()
    first.remove((None, None, None))
    assert len(ontology_graph()) > 2000
    assert len(shapes_graph()) > 50
