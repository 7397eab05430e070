"""PETRARCH's actor dictionaries give a person or organisation the gazetteer does not know the state
it acts for, offline, and never a Wikidata id (issue 18). Texts written for these tests."""

from __future__ import annotations

import pytest

from newskg.builder.build import Builder
from newskg.builder.facts import Document
from newskg.builder.linking import build_linker
from newskg.builder.linking.gazetteer import Gazetteer
from newskg.builder.linking.petrarch import ActingFor


@pytest.fixture(scope="module")
def builder(tmp_path_factory: pytest.TempPathFactory) -> Builder:
    from newskg.builder.pipeline import load_pipeline

    cache = tmp_path_factory.mktemp("cache") / "links.sqlite"
    return Builder(nlp=load_pipeline(), linker=build_linker(offline=True, cache_path=cache))


def test_an_armed_group_and_a_minister_act_for_their_states(builder: Builder) -> None:
    text = ("Hezbollah said on Monday that it would respond. Ismail Haniyeh told reporters the talks were over, "
            "and Jens Stoltenberg called for calm.")
    facts = builder.facts(Document(id="acting", text=text, published="2013-05-01"))
    acting = {e.key: e.country for e in facts.entities.values()}
    assert acting["hezbollah"] == "lebanon" and acting["ismail-haniyeh"] == "palestine"
    assert acting["jens-stoltenberg"] == "norway"  # the dictionaries stop before he led NATO: allegiance only
    assert {"lebanon", "palestine", "norway"} <= acting.keys()  # the graph describes the states it points at
    assert not any(e.qid for e in facts.entities.values() if e.source != "gazetteer")


def test_a_one_word_armed_group_read_as_a_person_is_the_group(builder: Builder) -> None:
    # spaCy's NER calls "Al-Shabab" a person here; PETRARCH's non-state file knows it (SOMREB)
    text = "Al-Shabab claimed responsibility for the bombing in Mogadishu on Sunday."
    facts = builder.facts(Document(id="group", text=text))
    group = facts.entities["al-shabab"]
    assert (group.kind.value, group.country) == ("Group", "somalia")
    acting = ActingFor.for_gazetteer(Gazetteer.default())
    assert acting.armed_group("Hezbollah") and not acting.armed_group("Sergei Lavrov")
    assert not acting.armed_group("Google")  # an international company, not an armed group


def test_a_name_petrarch_does_not_settle_gets_no_state() -> None:
    acting = ActingFor.for_gazetteer(Gazetteer.default())
    assert acting.country("James", person=True) is None  # one word: nobody in particular
    assert acting.country("Halvard Okonkwo", person=True) is None  # unknown
    assert acting.country("Russia", person=False) is None  # the state itself
    assert len(acting.states) >= 190  # the gazetteer's states found in the dictionaries by their names
