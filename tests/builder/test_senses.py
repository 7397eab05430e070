"""Known names that are not the actor they name (issue 18): pieces of longer names, other senses, and
headline words glued to a person's name. The sentences are written for these tests."""

from __future__ import annotations

from newskg.builder.components import facts_of
from newskg.builder.components.senses import sense_words


def _mentions(annotate, text: str) -> dict[str, tuple[str, ...]]:
    return {m.span.text: m.denotes for m in facts_of(annotate(text)).mentions}


def test_a_state_inside_a_longer_name_is_not_the_state(annotate) -> None:
    found = _mentions(annotate, "Russia in Global Affairs, a quarterly journal, printed the interview.")
    assert "Russia" not in found
    assert found["Russia in Global Affairs"] == ("russia-in-global-affairs",)  # one organisation
    found = _mentions(annotate, "The senator's family rented a cabin at Belgrade Lakes in Maine.")
    assert not any("serbia" in keys for keys in found.values())


def test_the_people_of_a_region_named_after_a_state_are_a_group_of_their_own(annotate) -> None:
    # "Syrian" in "the Syrian Golan Heights" is a piece of a longer name, so the speakers are the inhabitants
    found = _mentions(annotate, "Farming inhabitants of the Syrian Golan Heights warned Israel on Monday against "
                                "new settlements.")
    assert ("syria",) not in found.values()
    assert ("farming-inhabitant",) in found.values()


def test_a_named_agency_is_not_its_state_but_a_body_is(annotate) -> None:
    found = _mentions(annotate, "The U.S. Commercial Service opened an office, and the French government objected.")
    assert ("united-states",) not in found.values()
    assert found["French government"] == ("france",)


def test_the_state_of_a_title_keeps_its_reading(annotate) -> None:
    found = _mentions(annotate, "Foreign Minister Sergei Lavrov of Russia met the US Secretary of State in Geneva.")
    assert found["Russia"] == ("russia",)


def test_sport_culture_and_business_senses_leave_states_unlinked(annotate) -> None:
    match = "Argentina beat Chile 2-0 in the qualifier, and the Argentine coach hailed the squad."
    assert _mentions(annotate, match) == {}
    assert "Cairo" not in _mentions(annotate, "Cairo played songs from the new album at the festival on Friday.")
    politics = _mentions(annotate, "Argentina accused Chile of violating the border treaty, the foreign minister said.")
    assert politics["Argentina"] == ("argentina",) and politics["Chile"] == ("chile",)


def test_headline_words_are_no_part_of_a_person(annotate) -> None:
    text = "Senator Jane Holloway Drops Out of Race\n\nJane Holloway said on Monday that she would leave the race."
    found = _mentions(annotate, text)
    assert "Jane Holloway Drops" not in found
    assert {keys for text, keys in found.items() if text == "Jane Holloway"} == {("jane-holloway",)}


def test_a_surname_nobody_tagged_joins_the_person_of_the_document(annotate) -> None:
    found = _mentions(annotate, "Mike Pence said the ticket was strong. Pence added that the campaign would go on.")
    assert found["Pence"] == found["Mike Pence"]


def test_the_sense_lexicon_has_every_kind() -> None:
    kinds = {kind for found in sense_words().values() for kind in found}
    assert kinds == {"sport", "business", "culture", "politics", "generic"}
