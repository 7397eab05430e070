"""PLOVER's party rule: a call to stop a conflict by a party to it is an offer (Agreement), by a
third party an Appeal. The relations component applies it once the conflicts' participants are known."""

from __future__ import annotations

import spacy

from newskg.builder.components import facts_of
from newskg.builder.components.relations import RelationExtractor
from newskg.builder.components.speech_acts import apply_party_rule
from newskg.builder.facts import ActKind, Conflict, Document, DocumentFacts, Mention, Span, SpeechAct

TEXT = (
    "The war between Serbia and Kosovo entered its third week. Serbia appealed for a ceasefire on Monday, "
    "and Hungary urged both sides to halt the fighting."
)


def kinds_by_speaker(facts: DocumentFacts) -> dict[str, ActKind]:
    return {k: a.kind for a in facts.speech_acts for m in a.speakers for k in m.denotes}


def test_the_pipeline_reads_a_partys_call_as_an_offer_and_a_third_partys_as_an_appeal(annotate) -> None:
    facts = facts_of(annotate(TEXT))
    assert {"serbia", "kosovo"} <= {p for c in facts.conflicts.values() for p in c.participants}
    assert kinds_by_speaker(facts) == {"serbia": ActKind.AGREEMENT, "hungary": ActKind.APPEAL}


def test_applying_the_rule_again_changes_nothing(annotate) -> None:
    facts = facts_of(annotate(TEXT))
    before = [(a.kind, a.confidence) for a in facts.speech_acts]
    assert apply_party_rule(facts) == 0
    assert [(a.kind, a.confidence) for a in facts.speech_acts] == before


def test_the_relations_component_applies_it() -> None:
    # hand-built facts on a blank pipeline: the component itself re-types the act, no parse needed
    nlp = spacy.blank("en")
    text = "Chad called for a truce."
    doc = nlp(text)
    doc._.newskg_document = Document("d", text)
    facts = facts_of(doc)
    facts.conflicts["war"] = Conflict("war", "war", participants=["chad", "sudan"])
    facts.speech_acts.append(_appeal(text, ["chad"]))
    RelationExtractor(nlp, "newskg_relations")(doc)
    assert facts.speech_acts[0].kind is ActKind.AGREEMENT


def _appeal(text: str, speakers: list[str], content: str = "a truce") -> SpeechAct:
    cue = text.index("called for")
    begin = text.index(content)
    return SpeechAct(
        ActKind.APPEAL, Span(cue, cue + 10, "called for"), Span(0, len(text), text),
        speakers=[Mention(Span(0, 4, text[:4]), (key,)) for key in speakers],
        content=Span(begin, begin + len(content), content), confidence=0.8,
    )


def _facts(text: str, *acts: SpeechAct) -> DocumentFacts:
    facts = DocumentFacts(Document("d", text))
    facts.conflicts["war"] = Conflict("war", "war", participants=["chad", "sudan"])
    facts.speech_acts.extend(acts)
    return facts


def test_only_a_call_to_stop_the_fighting_by_parties_alone_is_an_offer() -> None:
    text = "Chad called for a truce. Chad called for talks. Chad called for a truce."
    party = _appeal(text, ["chad"])
    talks = _appeal(text, ["chad"], content="talks")
    joint = _appeal(text, ["chad", "niger"])  # with a third party it stays a request
    facts = _facts(text, party, talks, joint)
    assert apply_party_rule(facts) == 1
    assert [a.kind for a in facts.speech_acts] == [ActKind.AGREEMENT, ActKind.APPEAL, ActKind.APPEAL]
    assert party.confidence < 0.8  # the re-reading is less sure than the cue


def test_without_participants_nothing_changes() -> None:
    text = "Chad called for a truce."
    facts = DocumentFacts(Document("d", text))
    facts.speech_acts.append(_appeal(text, ["chad"]))
    assert apply_party_rule(facts) == 0
    assert facts.speech_acts[0].kind is ActKind.APPEAL


def test_a_party_to_another_conflict_is_a_third_party_to_this_one() -> None:
    text = "Chad called for a truce."
    facts = DocumentFacts(Document("d", text))
    facts.conflicts["war"] = Conflict("war", "war", participants=["chad", "sudan"])
    facts.conflicts["other"] = Conflict("other", "other", participants=["niger", "mali"])
    about_war = _appeal(text, ["chad"])
    about_war.topics = ["war"]
    about_other = _appeal(text, ["chad"])
    about_other.topics = ["other"]
    facts.speech_acts.extend([about_other, about_war])
    assert apply_party_rule(facts) == 1
    assert (about_other.kind, about_war.kind) == (ActKind.APPEAL, ActKind.AGREEMENT)
