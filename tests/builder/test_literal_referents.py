"""Literal and intended referents (issue 18): a mention keeps ``nk:denotes`` -> the actor it stands
for and gains ``itsrdf:taIdentRef`` -> the Wikidata item its words name, with ``nk:metonymyType``
saying how the one stands for the other. The sentences are written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph, Namespace, URIRef
from spacy.tokens import Doc

from newskg.builder.components import facts_of
from newskg.builder.facts import DocumentFacts
from newskg.builder.linking import build_linker, link_facts
from newskg.builder.linking.referents import Referents
from newskg.builder.mapping import map_document

NK = Namespace("https://w3id.org/newskg/ontology#")
ITS = Namespace("http://www.w3.org/2005/11/its/rdf#")
WD = "http://www.wikidata.org/entity/"


@pytest.fixture(scope="module")
def linked(annotate: Callable[..., Doc], tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], DocumentFacts]:
    linker = build_linker(offline=True, cache_path=tmp_path_factory.mktemp("cache") / "links.sqlite")

    def run(text: str) -> DocumentFacts:
        facts = facts_of(annotate(text))
        link_facts(facts, linker)
        return facts

    return run


def _by_text(facts: DocumentFacts) -> dict[str, tuple[tuple[str, ...], str | None, str | None]]:
    return {m.span.text: (m.denotes, m.literal, m.metonymy) for m in facts.mentions}


def test_a_capital_stands_for_its_state_and_names_the_city(linked) -> None:
    found = _by_text(linked("Washington accused Beijing of unfair trade practices on Monday."))
    assert found["Washington"] == (("united-states",), "Q61", "capital")
    assert found["Beijing"] == (("china",), "Q956", "capital")


def test_a_name_names_the_actor_itself(linked) -> None:
    found = _by_text(linked("Russia and Turkey signed a ceasefire agreement in Moscow."))
    assert found["Russia"] == (("russia",), "Q159", None)
    assert found["Turkey"] == (("turkey",), "Q43", None)


def test_buildings_demonyms_and_bodies(linked) -> None:
    facts = linked("The White House warned the Kremlin, and the Russian side said the French government had lied.")
    found = _by_text(facts)
    assert found["White House"] == (("united-states",), "Q35525", "building")
    # no checked item for the Kremlin: the metonymy is recorded, the literal link is left out
    assert found["Kremlin"] == (("russia",), None, "building")
    assert found["Russian side"] == (("russia",), None, "government")
    assert found["French government"] == (("france",), None, "government")
    lone = _by_text(linked("The Turkish said they would respond."))
    assert lone["Turkish"] == (("turkey",), None, "demonym")


def test_the_graph_carries_both_referents(linked) -> None:
    facts = linked("Ankara said on Tuesday that it would not withdraw its troops.")
    graph = Graph().parse(data=map_document(facts).ntriples.decode(), format="nt")
    ankara = next(s for s, o in graph.subject_objects(NK.denotes) if str(o).endswith("/actor/turkey")
                  and (s, ITS.taIdentRef, None) in graph)
    assert (ankara, ITS.taIdentRef, URIRef(WD + "Q3640")) in graph
    assert (ankara, NK.metonymyType, NK.CapitalMetonymy) in graph
    assert (ankara, NK.linkConfidence, None) in graph


def test_the_shipped_table_only_holds_checked_items() -> None:
    table = Referents.default()
    assert table.get("turkey", "Ankara").qid == "Q3640"  # the seed annotation's item
    assert table.get("azerbaijan", "Baku").qid == "Q9248"
    assert table.get("armenia", "Yerevan").qid == "Q1953"
    assert table.get("russia", "the Kremlin").qid is None
    assert table.get("united-states", "Washington").qid == "Q61"
    assert len(table) > 190
