"""The relation component, on sentences written for these tests."""

from __future__ import annotations

from newskg.builder.components import facts_of
from newskg.builder.components.relations import find_relations
from newskg.builder.facts import RelationKind


def _relations(doc):
    return {(r.kind, r.subject, r.object) for r in facts_of(doc).relations}


def test_support_active_passive_and_possessor_object(annotate):
    doc = annotate(
        "Turkey has strongly backed Azerbaijan's military operations in the Karabakh war. "
        "Syria is supported by Russia."
    )
    relations = _relations(doc)
    assert (RelationKind.SUPPORTS, "turkey", "azerbaijan") in relations
    assert (RelationKind.SUPPORTS, "russia", "syria") in relations
    conflict = next(iter(facts_of(doc).conflicts.values()))
    assert "azerbaijan" in conflict.participants
    assert "turkey" in conflict.supporters
    for relation in facts_of(doc).relations:
        assert relation.evidence.text in doc.text and 0 < relation.confidence <= 1
        assert doc.text[relation.cue.start : relation.cue.end] == relation.cue.text
    assert {"backed", "supported"} <= {r.cue.text for r in facts_of(doc).relations}
    facts_of(doc).relations.clear()
    find_relations(doc, with_cues=False)
    assert facts_of(doc).relations and all(r.cue is None for r in facts_of(doc).relations)


def test_mediation_by_a_coordinated_agent_in_a_relative_clause(annotate):
    doc = annotate(
        "Fighting over Karabakh resumed in September. Ankara wants a role in the peace process that has "
        "long been mediated by the U.S., Russia and France."
    )
    mediators = {s for k, s, _o in _relations(doc) if k is RelationKind.MEDIATES}
    assert mediators == {"united-states", "russia", "france"}
    conflict = next(iter(facts_of(doc).conflicts.values()))
    assert set(conflict.mediators) == mediators


def test_claims_inside_an_accusation_are_not_asserted(annotate):
    doc = annotate(
        "Armenia accused Turkey of supporting the militants in the Karabakh war. "
        "Baku said Ankara backs its operations."
    )
    supports = {(s, o) for k, s, o in _relations(doc) if k is RelationKind.SUPPORTS}
    assert supports == set()


def test_co_chairs_are_members_of_the_group(annotate):
    doc = annotate(
        "Erdogan criticized the three world powers co-chairing the OSCE Minsk Group for their silence."
    )
    members = {s for k, s, o in _relations(doc) if k is RelationKind.MEMBER_OF and o == "osce-minsk-group"}
    assert members == {"united-states", "russia", "france"}


def test_the_sides_of_peace_talks_are_parties_to_the_conflict(annotate):
    doc = annotate(
        "The clashes in Karabakh continued on Sunday. Mediators hope to restart Armenian-Azerbaijani peace talks."
    )
    conflict = next(iter(facts_of(doc).conflicts.values()))
    assert set(conflict.participants) == {"armenia", "azerbaijan"}


def test_mediation_goes_to_the_nearest_conflict_and_to_every_conjunct(annotate):
    doc = annotate(
        "The Ukraine war entered its third year. Diplomats met in Vienna. Officials were tired. "
        "Qatar and Egypt, which have mediated the war between Israel and Hamas, said talks would resume."
    )
    mediation = {(s, o) for k, s, o in _relations(doc) if k is RelationKind.MEDIATES}
    between = next(c.key for c in facts_of(doc).conflicts.values() if any("Hamas" in m.span.text for m in c.mentions))
    assert mediation == {("qatar", between), ("egypt", between)}


def test_an_ally_supports_its_patron(annotate):
    doc = annotate(
        "Russia's ally Belarus hosted the talks. Hezbollah, a close ally of Iran, fired rockets. "
        "Serbia is Russia's ally."
    )
    supports = {(s, o) for k, s, o in _relations(doc) if k is RelationKind.SUPPORTS}
    assert {("belarus", "russia"), ("hezbollah", "iran"), ("serbia", "russia")} <= supports


def test_those_fought_are_parties_only_when_states_or_organisations(annotate):
    doc = annotate("The war in Sudan has killed thousands. The Rapid Support Forces attacked civilians in Khartoum.")
    conflict = next(iter(facts_of(doc).conflicts.values()))
    assert "rapid-support-forces" in conflict.participants
    assert all(facts_of(doc).entities[k].kind.value != "Group" for k in conflict.participants)


def test_plainly_reported_mediation_is_asserted_but_reported_support_is_not(annotate):
    doc = annotate(
        "Oman and Norway are mediating talks between Colombia and the ELN on a ceasefire, officials said. "
        "Caracas said Havana backs the rebels."
    )
    relations = _relations(doc)
    conflict = next(iter(facts_of(doc).conflicts.values()))
    assert {(s, o) for k, s, o in relations if k is RelationKind.MEDIATES} == {
        ("oman", conflict.key),
        ("norway", conflict.key),
    }
    assert not [r for r in relations if r[0] is RelationKind.SUPPORTS]


def test_mediation_noun_takes_the_verbs_subject_and_a_demonym_object_stands_for_its_state(annotate):
    doc = annotate(
        "Saudi Arabia and the United States have resumed mediation between Sudan's army and the "
        "Rapid Support Forces in Jeddah to end the war. France and Germany have backed the Turkish initiative."
    )
    relations = _relations(doc)
    assert {s for k, s, _o in relations if k is RelationKind.MEDIATES} == {"saudi-arabia", "united-states"}
    assert (RelationKind.SUPPORTS, "france", "turkey") in relations
    assert (RelationKind.SUPPORTS, "germany", "turkey") in relations
    mentions = {m.span.text for m in facts_of(doc).mentions}
    assert "Rapid Support Forces" in mentions and "Rapid Support Forces in Jeddah" not in mentions


def test_relation_evidence_and_conflict_mention_sentences_leave_paragraph_breaks_out(annotate):
    """spaCy keeps the blank line after a paragraph in the sentence before it: evidence must not
    carry it (its nif:anchorOf would end in line breaks)."""
    doc = annotate(
        "Qatar has mediated between Israel and Hamas in the Gaza war.\n\n"
        "Iran has backed Hamas since the war began.\n\n\n"
        "Egypt is supported by Saudi Arabia.\n"
    )
    facts = facts_of(doc)
    assert {r.kind for r in facts.relations} >= {RelationKind.MEDIATES, RelationKind.SUPPORTS}
    sentences = [r.evidence for r in facts.relations]
    sentences += [m.sentence for m in facts.mentions if m.sentence is not None]
    assert sentences
    for span in sentences:
        assert span.text == span.text.strip() and span.text, repr(span.text)
        assert doc.text[span.start : span.end] == span.text
