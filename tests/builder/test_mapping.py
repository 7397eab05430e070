"""The mapping implements docs/rdf-model.md: named graph per document, offsets, deterministic IRIs."""

from __future__ import annotations

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode
from rdflib.compare import isomorphic

from newskg.builder.facts import (
    ActKind,
    ActorKind,
    Conflict,
    ConflictKind,
    Document,
    DocumentFacts,
    Entity,
    Mention,
    Position,
    Relation,
    RelationKind,
    Span,
    SpeechAct,
)
from newskg.builder.mapping import NK_TERMS, map_document
from newskg.ontology.terms import NK

TEXT = "Turkey accused Russia of shelling Karabakh. Moscow denied it on Tuesday."


def span(text: str, occurrence: int = 1) -> Span:
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(text, start + 1)
    return Span(start, start + len(text), text)


def sample_facts(doc_id: str = "world/karabakh 1") -> DocumentFacts:
    facts = DocumentFacts(Document(id=doc_id, text=TEXT, published="2020-10-07", url="https://example.org/a"))
    facts.model = "en_core_web_sm-3.8.0"
    facts.add_entity(Entity("turkey", "Turkey", ActorKind.STATE, qid="Q43", link_confidence=0.97))
    facts.add_entity(Entity("russia", "Russia", ActorKind.STATE, qid="Q159", link_confidence=0.97))
    turkey, russia, moscow = (
        Mention(span("Turkey"), ("turkey",)),
        Mention(span("Russia"), ("russia",)),
        Mention(span("Moscow"), ("russia",), via="capital"),
    )
    facts.mentions += [turkey, russia, moscow]
    facts.conflicts["karabakh-conflict"] = Conflict(
        "karabakh-conflict",
        "Karabakh conflict",
        ConflictKind.ARMED_CONFLICT,
        mentions=[Mention(span("Karabakh"), ("karabakh-conflict",), via="conflict")],
        locations=["Karabakh"],
        participants=["russia"],
    )
    first = Span(0, TEXT.index(".") + 1, TEXT[: TEXT.index(".") + 1])
    second_start = TEXT.index("Moscow")
    second = Span(second_start, len(TEXT), TEXT[second_start:])
    accusation = SpeechAct(
        ActKind.ACCUSATION,
        span("accused"),
        first,
        speakers=[turkey],
        targets=[russia],
        content=span("shelling Karabakh"),
        topics=["karabakh-conflict"],
        confidence=0.9,
    )
    denial = SpeechAct(
        ActKind.DENIAL,
        span("denied"),
        second,
        speakers=[moscow],
        responds_to=accusation.cue,
        date="2020-10-06",
        date_text="Tuesday",
        confidence=0.8,
    )
    facts.speech_acts += [accusation, denial]
    facts.relations.append(
        Relation(
            RelationKind.OPPOSES,
            "turkey",
            "russia",
            first,
            cue=span("accused"),
            subject_mention=turkey,
            object_mention=russia,
        )
    )
    facts.positions.append(Position("turkey", "Member", None, span("Turkey")))
    return facts


def as_dataset(facts: DocumentFacts) -> tuple[rdflib.Dataset, str]:
    graph = map_document(facts)
    ds = rdflib.Dataset()
    g = ds.graph(rdflib.URIRef(graph.graph_iri))
    for t in graph.triples:
        g.add(tuple(_to_rdflib(x) for x in (t.subject, t.predicate, t.object)))
    return ds, graph.graph_iri


def _to_rdflib(term):
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    assert isinstance(term, Literal)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def test_one_named_graph_per_document_with_the_contract_iri():
    graph = map_document(sample_facts())
    assert graph.graph_iri == "https://w3id.org/newskg/data/graph/world/karabakh%201"
    assert graph.content_hash and len(graph.content_hash) == 64


def test_every_offset_node_anchors_the_text_it_points_to():
    ds, g = as_dataset(sample_facts())
    nif = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    nodes = set(ds.graph(rdflib.URIRef(g)).subjects(nif.beginIndex, None))
    assert len(nodes) >= 8
    for node in nodes:
        graph = ds.graph(rdflib.URIRef(g))
        b, e = int(graph.value(node, nif.beginIndex)), int(graph.value(node, nif.endIndex))
        assert str(graph.value(node, nif.anchorOf)) == TEXT[b:e]
        assert graph.value(node, nif.beginIndex).datatype == rdflib.XSD.nonNegativeInteger
        assert str(node).endswith(f"#char={b},{e}")


def test_speech_act_roles_mentions_and_response():
    ds, g = as_dataset(sample_facts())
    graph = ds.graph(rdflib.URIRef(g))
    nk = rdflib.Namespace(str(NK))
    base = "https://w3id.org/newskg/data"
    act = rdflib.URIRef(f"{base}/act/world/karabakh%201/7-14")
    denial = rdflib.URIRef(f"{base}/act/world/karabakh%201/51-57")
    assert (act, rdflib.RDF.type, nk.Accusation) in graph
    assert graph.value(act, nk.speaker) == rdflib.URIRef(f"{base}/actor/turkey")
    assert graph.value(act, nk.target) == rdflib.URIRef(f"{base}/actor/russia")
    assert str(graph.value(act, nk.content)) == "shelling Karabakh"
    assert graph.value(denial, nk.respondsTo) == act
    assert graph.value(denial, nk.date) == rdflib.Literal("2020-10-06", datatype=rdflib.XSD.date)
    speaker_mention = graph.value(denial, nk.speakerMention)
    assert graph.value(speaker_mention, nk.denotes) == rdflib.URIRef(f"{base}/actor/russia")
    assert str(graph.value(speaker_mention, nk.resolvedVia)) == "capital"
    assert graph.value(act, nk.confidence) == rdflib.Literal("0.9", datatype=rdflib.XSD.decimal)
    assert graph.value(rdflib.URIRef(f"{base}/actor/turkey"), rdflib.OWL.sameAs) == rdflib.URIRef(
        "http://www.wikidata.org/entity/Q43"
    )


def test_relations_are_asserted_and_reified():
    ds, g = as_dataset(sample_facts())
    graph = ds.graph(rdflib.URIRef(g))
    nk = rdflib.Namespace(str(NK))
    base = "https://w3id.org/newskg/data"
    turkey, russia = rdflib.URIRef(f"{base}/actor/turkey"), rdflib.URIRef(f"{base}/actor/russia")
    assert (turkey, nk.opposes, russia) in graph
    statement = graph.value(predicate=rdflib.RDF.predicate, object=nk.opposes)
    assert graph.value(statement, rdflib.RDF.subject) == turkey
    assert graph.value(statement, nk.evidence) is not None


def test_rebuild_gives_the_same_graph():
    a, ga = as_dataset(sample_facts())
    b, gb = as_dataset(sample_facts())
    assert ga == gb
    assert isomorphic(a.graph(rdflib.URIRef(ga)), b.graph(rdflib.URIRef(gb)))
    assert sorted(map(str, map_document(sample_facts()).triples)) == sorted(
        map(str, map_document(sample_facts()).triples)
    )


def test_offsets_outside_the_text_are_refused_with_the_document_named():
    facts = sample_facts("bad-doc")
    facts.mentions.append(Mention(Span(500, 510, "x"), ("turkey",)))
    with pytest.raises(ValueError, match="bad-doc"):
        map_document(facts)


def test_every_nk_term_the_mapping_writes_is_in_the_ontology():
    names = set(NK_TERMS)
    names |= {k.value for k in ActKind} | {k.value for k in ActorKind} | {k.value for k in RelationKind}
    names |= {k.value for k in ConflictKind}
    missing = []
    for name in sorted(names):
        try:
            getattr(NK, name)
        except AttributeError:
            missing.append(name)
    assert not missing


def test_relations_carry_no_cue_so_they_never_count_as_speech_acts():
    ds, g = as_dataset(sample_facts())
    graph = ds.graph(rdflib.URIRef(g))
    nk = rdflib.Namespace(str(NK))
    with_cue = set(graph.subjects(nk.cue, None))
    assert with_cue and all((s, rdflib.RDF.type, nk.RelationAssertion) not in graph for s in with_cue)
    statement = graph.value(predicate=rdflib.RDF.predicate, object=nk.opposes)
    assert len(set(graph.objects(statement, nk.evidence))) == 2  # the sentence and the cue


def test_known_places_are_linked_and_their_mentions_denote_them():
    from newskg.builder.facts import Place

    facts = sample_facts()
    mention = Mention(span("Karabakh"), ("nagorno-karabakh",), via="place")
    facts.places["nagorno-karabakh"] = Place("nagorno-karabakh", "Nagorno-Karabakh", qid="Q23430", mentions=[mention])
    facts.mentions.append(mention)
    ds, g = as_dataset(facts)
    graph = ds.graph(rdflib.URIRef(g))
    place = rdflib.URIRef("https://w3id.org/newskg/data/place/nagorno-karabakh")
    assert graph.value(place, rdflib.OWL.sameAs) == rdflib.URIRef("http://www.wikidata.org/entity/Q23430")
    assert (None, rdflib.URIRef(str(NK) + "denotes"), place) in graph


def test_the_mapping_writes_only_terms_the_ontology_defines_a_misspelt_one_raises():
    # issue 15: the mapping's vocabulary is terms.NK (closed), not a namespace that mints any name
    from newskg.builder import mapping

    assert mapping.NK.speaker == f"<{NK.speaker}>".encode()
    with pytest.raises(AttributeError, match="speakr"):
        _ = mapping.NK.speakr
    with pytest.raises(AttributeError, match="anchorOff"):
        _ = mapping.NIF.anchorOff


def test_a_broken_quote_has_a_content_mention_per_piece_and_its_words_as_content():
    facts = sample_facts()
    accusation = facts.speech_acts[0]
    # "Turkey accused Russia of shelling Karabakh": two pieces with the words between left out
    pieces = (span("Turkey"), span("shelling Karabakh"))
    accusation.content = Span(pieces[0].start, pieces[1].end, TEXT[pieces[0].start : pieces[1].end])
    accusation.content_pieces = pieces
    ds, g = as_dataset(facts)
    graph = ds.graph(rdflib.URIRef(g))
    nk = rdflib.Namespace(str(NK))
    (act,) = graph.subjects(rdflib.RDF.type, nk.Accusation)
    assert [str(c) for c in graph.objects(act, nk.content)] == ["Turkey shelling Karabakh"]
    nif = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    anchors = sorted(str(graph.value(m, nif.anchorOf)) for m in graph.objects(act, nk.contentMention))
    assert anchors == ["Turkey", "shelling Karabakh"]
