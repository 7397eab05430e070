"""The conflict component, on sentences written for these tests."""

from __future__ import annotations

from newskg.builder.components import facts_of
from newskg.builder.components.conflicts import conflict_at
from newskg.builder.facts import ConflictKind


def _by_text(doc):
    return {m.span.text: c.key for c in facts_of(doc).conflicts.values() for m in c.mentions}


def test_one_key_per_place_and_anaphora_to_the_salient_conflict(annotate):
    doc = annotate(
        "Russia said on Monday it was alarmed by the Karabakh hostilities. "
        "Diplomats fear the war in and around Karabakh could spread, and the crisis dominated the talks. "
        "The conflict has displaced thousands.",
        published="2020-10-12",
    )
    conflicts = facts_of(doc).conflicts
    assert len(conflicts) == 1
    (conflict,) = conflicts.values()
    texts = [m.span.text for m in conflict.mentions]
    assert "Karabakh hostilities" in texts
    assert "war in and around Karabakh" in texts
    assert {"crisis", "conflict"} <= set(texts)
    assert conflict.kind is ConflictKind.WAR
    assert "Nagorno-Karabakh" in conflict.locations or "Karabakh" in conflict.locations


def test_a_list_of_places_gives_one_conflict_each(annotate):
    doc = annotate("The two presidents discussed the conflicts in Syria, Libya and Yemen by phone.")
    keys = set(_by_text(doc).values())
    assert len(keys) == 3
    locations = {loc for c in facts_of(doc).conflicts.values() for loc in c.locations}
    assert locations == {"syria", "libya", "yemen"}


def test_the_same_place_gets_the_same_key_in_another_document(annotate):
    first = annotate("Shelling continued in the Syrian civil war on Sunday.")
    second = annotate("Talks on the conflict in Syria resumed in Geneva.")
    assert set(_by_text(first).values()) == set(_by_text(second).values())


def test_start_date_is_normalised_against_the_published_date(annotate):
    doc = annotate(
        "Turkey has backed Azerbaijan since the outbreak of the war in and around Karabakh on September 27.",
        published="2020-10-08",
    )
    (conflict,) = facts_of(doc).conflicts.values()
    assert conflict.start_date == "2020-09-27"


def test_generic_and_modifier_uses_are_not_conflicts(annotate):
    doc = annotate("A war would be a disaster, the envoy warned, citing war crimes trials in The Hague.")
    assert facts_of(doc).conflicts == {}


def test_conflict_at_finds_the_conflicts_of_a_range(annotate):
    text = "France criticized Turkey's role in the Karabakh war. Germany said nothing."
    doc = annotate(text)
    keys = conflict_at(doc, 0, text.index("Germany"))
    assert len(keys) == 1
    assert conflict_at(doc, text.index("Germany"), len(text)) == []


def test_a_war_between_two_sides_is_its_own_conflict(annotate):
    doc = annotate(
        "The Ukraine war dominated the summit. Separately, the war between Israel and Hamas began on October 7.",
        published="2024-01-10",
    )
    conflicts = facts_of(doc).conflicts
    assert len(conflicts) == 2
    between = next(c for c in conflicts.values() if any("between" in m.span.text for m in c.mentions))
    assert between.start_date == "2023-10-07"
    assert between.key != next(c.key for c in conflicts.values() if c is not between)


def test_a_war_against_a_state_is_that_states_war_not_the_salient_one(annotate):
    doc = annotate(
        "The war in Sudan between the army and the Rapid Support Forces has killed thousands. "
        "Separately, Pyongyang has backed Russia in its war against Ukraine."
    )
    labels = {c.label for c in facts_of(doc).conflicts.values()}
    assert len(labels) == 2
    sudan = next(c for c in facts_of(doc).conflicts.values() if "sudan" in c.locations)
    assert not any("Ukraine" in m.span.text for m in sudan.mentions)


def test_talks_between_two_sides_name_their_conflict_when_the_text_speaks_of_a_truce(annotate):
    doc = annotate(
        "Qatar is mediating negotiations between Israel and Hamas on a ceasefire. "
        "Hamas said it wanted a permanent end to the war."
    )
    (conflict,) = facts_of(doc).conflicts.values()
    texts = [m.span.text for m in conflict.mentions]
    assert texts == ["between Israel and Hamas", "war"]


def test_trade_talks_without_any_war_are_no_conflict(annotate):
    doc = annotate("Negotiations between the United States and China on tariffs resumed in Geneva.")
    assert facts_of(doc).conflicts == {}
