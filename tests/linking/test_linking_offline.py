"""The offline chain: cache, gazetteer, link_facts and re-keying."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newskg.builder.facts import (
    ActKind,
    ActorKind,
    Conflict,
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
from newskg.builder.linking import (
    ChainLinker,
    GazetteerLinker,
    LinkCache,
    LinkDecision,
    LinkQuery,
    NullLinker,
    build_linker,
    link_facts,
)


class RecordingLinker:
    """Answers every query with a fixed decision and remembers what it was asked."""

    name = "wikidata"

    def __init__(self, decision: LinkDecision | None) -> None:
        self.decision = decision
        self.asked: list[LinkQuery] = []

    def link(self, query: LinkQuery) -> LinkDecision | None:
        self.asked.append(query)
        return self.decision


# -- cache -------------------------------------------------------------------------------------------


def test_cache_miss_then_hit_then_persisted(tmp_path: Path) -> None:
    path = tmp_path / "links.sqlite"
    cache = LinkCache(path)
    query = LinkQuery("Nikol Pashinyan", "Person")
    assert cache.link(query) is None and cache.misses == 1
    cache.store(query, LinkDecision("Q1000001", 0.87, "wikidata", label="Nikol Pashinyan"))
    assert cache.link(query).qid == "Q1000001" and cache.hits == 1
    cache.close()
    again = LinkCache(path)
    decision = again.link(LinkQuery("  NIKOL pashinyan ", "Person"))  # normalised key
    assert (decision.qid, decision.confidence, decision.source, decision.cached) == (
        "Q1000001", 0.87, "wikidata", True)
    assert again.link(LinkQuery("Nikol Pashinyan", "Organization")) is None  # kind is part of the key
    row = sqlite3.connect(path).execute("SELECT name, kind, qid, decided_at FROM links").fetchone()
    assert row[:3] == ("nikol pashinyan", "Person", "Q1000001") and row[3].startswith("20")


def test_cache_keeps_negative_decisions(tmp_path: Path) -> None:
    cache = LinkCache(tmp_path / "c.sqlite")
    cache.store(LinkQuery("Nobody", "Person"), LinkDecision(None, 0.0, "wikidata"))
    assert LinkCache(tmp_path / "c.sqlite").link(LinkQuery("Nobody", "Person")).qid is None


def test_read_only_cache_creates_no_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.sqlite"
    cache = LinkCache(path, read_only=True)
    cache.store(LinkQuery("X", "State"), LinkDecision("Q1", 0.9, "wikidata"))
    assert cache.link(LinkQuery("X", "State")).qid == "Q1"
    assert not path.exists()


# -- chain -------------------------------------------------------------------------------------------


def test_chain_prefers_gazetteer_and_does_not_go_online_for_known_names(tmp_path: Path) -> None:
    online = RecordingLinker(LinkDecision("Q999", 0.9, "wikidata"))
    chain = ChainLinker([GazetteerLinker(), online], cache=LinkCache(tmp_path / "c.sqlite"))
    decision = chain.link(LinkQuery("Erdogan", "Person"))
    assert (decision.qid, decision.key, decision.source) == ("Q39723", "recep-tayyip-erdogan", "gazetteer")
    assert online.asked == []


def test_chain_asks_online_with_the_canonical_label_and_caches_the_answer(tmp_path: Path) -> None:
    online = RecordingLinker(LinkDecision("Q4000001", 0.8, "wikidata", label="Sergey Lavrov"))
    cache = LinkCache(tmp_path / "c.sqlite")
    chain = ChainLinker([GazetteerLinker(), online], cache=cache)
    decision = chain.link(LinkQuery("Lavrov", "Person"))
    assert [q.text for q in online.asked] == ["Sergey Lavrov"]
    assert (decision.qid, decision.key, decision.source) == ("Q4000001", "sergey-lavrov", "wikidata")
    again = chain.link(LinkQuery("Lavrov", "Person"))
    assert len(online.asked) == 1 and again.cached and again.key == "sergey-lavrov"


def test_chain_caches_online_misses_too(tmp_path: Path) -> None:
    online = RecordingLinker(LinkDecision(None, 0.0, "wikidata"))
    chain = ChainLinker([GazetteerLinker(), online], cache=LinkCache(tmp_path / "c.sqlite"))
    assert chain.link(LinkQuery("Atlantis Liberation Front", "Organization")).qid is None
    assert chain.link(LinkQuery("Atlantis Liberation Front", "Organization")).qid is None
    assert len(online.asked) == 1


def test_build_linker_offline_has_no_online_linker(tmp_path: Path) -> None:
    linker = build_linker(offline=True, cache_path=tmp_path / "c.sqlite")
    assert [x.name for x in linker.linkers] == ["gazetteer"]
    assert linker.link(LinkQuery("the Kremlin", "State")) is None  # a metonym is no entity label
    assert linker.link(LinkQuery("Russia", "State")).qid == "Q159"


# -- link_facts -----------------------------------------------------------------------------------------


def _facts() -> DocumentFacts:
    text = "Pashinyan spoke to Putin. Armenia thanked the Kremlin."
    facts = DocumentFacts(Document(id="t1", text=text))
    pashinyan = Mention(Span(0, 9, "Pashinyan"), ("pashinyan",))
    putin = Mention(Span(19, 24, "Putin"), ("vladimir-putin",))
    armenia = Mention(Span(26, 33, "Armenia"), ("armenia",))
    facts.mentions += [pashinyan, putin, armenia]
    facts.entities["pashinyan"] = Entity("pashinyan", "Pashinyan", ActorKind.PERSON, source="ner")
    facts.entities["vladimir-putin"] = Entity(
        "vladimir-putin", "Vladimir Putin", ActorKind.PERSON, qid="Q7747", link_confidence=0.95, source="gazetteer")
    facts.entities["armenia"] = Entity("armenia", "Armenia", ActorKind.STATE, source="ner")
    facts.entities["ovsep-nobody"] = Entity("ovsep-nobody", "Ovsep Nobody", ActorKind.PERSON, source="ner")
    act = SpeechAct(ActKind.PHONE_CALL, Span(10, 15, "spoke"), Span(0, 25, text[:25]),
                    speakers=[pashinyan], addressees=[Mention(Span(19, 24, "Putin"), ("vladimir-putin",))],
                    topics=["pashinyan"])
    facts.speech_acts.append(act)
    facts.relations.append(Relation(RelationKind.OPPOSES, "pashinyan", "armenia", Span(0, 25, text[:25]),
                                    subject_mention=pashinyan))
    facts.positions.append(Position("pashinyan", "Prime Minister", "armenia", Span(0, 9, "Pashinyan")))
    facts.conflicts["karabakh"] = Conflict("karabakh", "Karabakh war", participants=["armenia", "pashinyan"])
    return facts


def test_link_facts_sets_qids_and_rekeys_to_the_gazetteer_key_everywhere(tmp_path: Path) -> None:
    facts = _facts()
    link_facts(facts, build_linker(offline=True, cache_path=tmp_path / "none.sqlite"))
    assert "pashinyan" not in facts.entities
    entity = facts.entities["nikol-pashinyan"]
    assert (entity.label, entity.kind) == ("Nikol Pashinyan", ActorKind.PERSON)
    assert "Pashinyan" in entity.aliases
    assert facts.mentions[0].denotes == ("nikol-pashinyan",)
    assert facts.speech_acts[0].speakers[0].denotes == ("nikol-pashinyan",)
    assert facts.speech_acts[0].topics == ["nikol-pashinyan"]
    assert facts.relations[0].subject == "nikol-pashinyan"
    assert facts.positions[0].holder == "nikol-pashinyan"
    assert facts.conflicts["karabakh"].participants == ["armenia", "nikol-pashinyan"]
    armenia = facts.entities["armenia"]
    assert (armenia.qid, armenia.source) == ("Q399", "gazetteer") and armenia.link_confidence >= 0.9
    assert facts.entities["vladimir-putin"].qid == "Q7747"
    unknown = facts.entities["ovsep-nobody"]
    assert unknown.qid is None and unknown.source == "ner"


def test_link_facts_keeps_keys_for_online_links() -> None:
    facts = _facts()
    online = RecordingLinker(LinkDecision("Q5000001", 0.8, "wikidata", label="Ovsep Somebody"))
    link_facts(facts, ChainLinker([GazetteerLinker(), online]))
    entity = facts.entities["ovsep-nobody"]
    assert (entity.qid, entity.source, entity.label) == ("Q5000001", "wikidata", "Ovsep Nobody")
    asked = [q for q in online.asked if q.text == "Ovsep Nobody"][0]
    assert "Armenia" in asked.states


def test_link_facts_passes_titles_and_ignores_weak_decisions() -> None:
    facts = _facts()
    online = RecordingLinker(LinkDecision("Q5000002", 0.3, "wikidata"))
    link_facts(facts, ChainLinker([online]))
    assert facts.entities["pashinyan"].qid is None  # 0.3 is below MIN_CONFIDENCE
    asked = {q.text: q for q in online.asked}
    assert asked["Pashinyan"].titles == (("Prime Minister", "Armenia"),)


def test_link_facts_with_null_linker_changes_nothing() -> None:
    facts = _facts()
    before = {k: (e.qid, e.label) for k, e in facts.entities.items()}
    link_facts(facts, NullLinker())
    assert {k: (e.qid, e.label) for k, e in facts.entities.items()} == before


def test_rekey_merges_into_an_existing_entity(tmp_path: Path) -> None:
    facts = _facts()
    facts.entities["nikol-pashinyan"] = Entity("nikol-pashinyan", "Nikol Pashinyan", ActorKind.PERSON)
    link_facts(facts, build_linker(offline=True, cache_path=tmp_path / "none.sqlite"))
    assert [k for k in facts.entities if "pashinyan" in k] == ["nikol-pashinyan"]
    assert facts.mentions[0].denotes == ("nikol-pashinyan",)


@pytest.mark.parametrize(("label", "qid"), [("United States", "Q30"), ("Russian Federation", "Q159")])
def test_state_aliases_link(label: str, qid: str, tmp_path: Path) -> None:
    facts = DocumentFacts(Document(id="t2", text=label))
    facts.entities["x"] = Entity("x", label, ActorKind.STATE)
    link_facts(facts, build_linker(offline=True, cache_path=tmp_path / "none.sqlite"))
    assert [e.qid for e in facts.entities.values()] == [qid]
