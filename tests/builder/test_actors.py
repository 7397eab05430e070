"""The actor component and resolve_phrase, on sentences written for these tests."""

from __future__ import annotations

import pytest

from newskg.builder.components import facts_of
from newskg.builder.components.resolution import mention_confidence, mentions_in, resolve_phrase
from newskg.builder.facts import ActorKind


def _phrase(doc, text):
    start = doc.text.index(text)
    span = doc.char_span(start, start + len(text))
    assert span is not None, text
    return span


def _resolved(doc, text):
    return [(m.span.text, m.denotes, m.via) for m in resolve_phrase(doc, _phrase(doc, text))]


def test_names_capitals_metonyms_and_demonyms_resolve_to_their_state(annotate):
    doc = annotate(
        "The Kremlin said on Monday that Moscow would not attend. Washington and Ankara disagreed, "
        "and the White House warned that Turkish troops must leave."
    )
    found = {m.span.text: (m.denotes, m.via) for m in facts_of(doc).mentions}
    assert found["Kremlin"] == (("russia",), "metonym")
    assert found["Moscow"] == (("russia",), "capital")
    assert found["Washington"] == (("united-states",), "capital")
    assert found["Ankara"] == (("turkey",), "capital")
    assert found["White House"][0] == ("united-states",)
    assert found["Turkish troops"] == (("turkey",), "group")
    russia = facts_of(doc).entities["russia"]
    assert (russia.label, russia.kind, russia.qid) == ("Russia", ActorKind.STATE, "Q159")


def test_state_bodies_and_coordinated_demonyms(annotate):
    doc = annotate(
        "The Turkish and Azerbaijani governments rejected the report. Russian officials declined to "
        "comment, while the French side called for calm."
    )
    assert _resolved(doc, "The Turkish and Azerbaijani governments") == [
        ("Turkish", ("turkey",), "demonym"),
        ("Azerbaijani governments", ("azerbaijan",), "group"),
    ]
    assert _resolved(doc, "Russian officials") == [("Russian officials", ("russia",), "group")]
    assert _resolved(doc, "the French side") == [("French side", ("france",), "group")]


def test_a_government_named_after_its_leader_stands_for_the_leaders_state(annotate):
    doc = annotate(
        "China accused the Biden administration of interfering. The Assad regime and Netanyahu's "
        "government rejected the plan, while Navalny's side and Putin's counterpart said nothing."
    )
    assert _resolved(doc, "the Biden administration") == [("Biden administration", ("united-states",), "group")]
    assert _resolved(doc, "The Assad regime") == [("Assad regime", ("syria",), "group")]
    assert _resolved(doc, "Netanyahu's government") == [("Netanyahu's government", ("israel",), "group")]
    government = next(m for m in facts_of(doc).mentions if m.span.text == "Biden administration")
    assert government.metonymy == "government"
    # only a government is its leader's state: a side or a counterpart is not
    assert all(m.denotes != ("russia",) for m in resolve_phrase(doc, _phrase(doc, "Navalny's side")))
    assert all(m.denotes != ("russia",) for m in resolve_phrase(doc, _phrase(doc, "Putin's counterpart")))


def test_titles_become_positions_and_resolve_to_the_person(annotate):
    doc = annotate(
        "Turkish President Recep Tayyip Erdogan met Foreign Ministers Sergei Lavrov of Russia and "
        "Mevlut Cavusoglu of Turkey in Sochi. Erdogan later spoke to reporters."
    )
    facts = facts_of(doc)
    positions = {(p.holder, p.title, p.of_state) for p in facts.positions}
    assert ("recep-tayyip-erdogan", "President", "turkey") in positions
    assert ("sergey-lavrov", "Foreign Minister", "russia") in positions
    assert ("mevlut-cavusoglu", "Foreign Minister", "turkey") in positions
    assert _resolved(doc, "Turkish President Recep Tayyip Erdogan") == [
        ("Recep Tayyip Erdogan", ("recep-tayyip-erdogan",), "name")
    ]
    # The demonym only qualifies the title: it is not a second actor in the phrase.
    assert not [m for m in mentions_in(doc, 0, 7) if m.denotes == ("turkey",)]
    later = [m for m in facts.mentions if m.span.text == "Erdogan"]
    assert later and later[0].denotes == ("recep-tayyip-erdogan",)


def test_surnames_corefer_with_a_full_name_the_gazetteer_does_not_know(annotate):
    doc = annotate(
        "Defence Minister Oleksandr Varenko of Ukraine arrived in Brussels on Tuesday. "
        "Varenko told reporters that talks would continue."
    )
    keys = {m.span.text: m.denotes for m in facts_of(doc).mentions}
    assert keys["Oleksandr Varenko"] == ("oleksandr-varenko",)
    assert keys["Varenko"] == ("oleksandr-varenko",)
    person = facts_of(doc).entities["oleksandr-varenko"]
    assert person.kind is ActorKind.PERSON and person.country == "ukraine"
    assert mention_confidence(doc, [m for m in facts_of(doc).mentions if m.span.text == "Varenko"][0]) < 0.9


def test_a_spokesman_for_someone_resolves_to_the_one_he_speaks_for(annotate):
    doc = annotate("A spokesman for Russian President Vladimir Putin said the talks had failed.")
    assert _resolved(doc, "A spokesman for Russian President Vladimir Putin") == [
        ("Vladimir Putin", ("vladimir-putin",), "name")
    ]


def test_coordination_gives_one_mention_per_actor(annotate):
    doc = annotate("The U.S. and especially France have criticized Turkey's role in the war.")
    assert [d for _t, d, _v in _resolved(doc, "The U.S. and especially France")] == [
        ("united-states",),
        ("france",),
    ]


def test_pronoun_takes_the_previous_subject_and_stops_at_a_non_actor(annotate):
    doc = annotate(
        "Armenia has always ruled out any Turkish mediation. It maintains that Turkey supplies weapons. "
        "The statement was published late. It added that talks would resume."
    )
    first_it = doc.char_span(doc.text.index("It maintains"), doc.text.index("It maintains") + 2)
    resolved = resolve_phrase(doc, first_it)
    assert [(m.span.text, m.denotes, m.via) for m in resolved] == [("It", ("armenia",), "coref")]
    assert mention_confidence(doc, resolved[0]) <= 0.5
    second = doc.text.index("It added")
    assert resolve_phrase(doc, doc.char_span(second, second + 2)) == []


def test_object_pronoun_is_not_its_own_clause_subject(annotate):
    doc = annotate("These claims were echoed by France. The Turkish and Azerbaijani governments deny them.")
    start = doc.text.index("them")
    assert resolve_phrase(doc, doc.char_span(start, start + 4)) == []


def test_plural_descriptions_resolve_when_the_text_names_their_members(annotate):
    doc = annotate(
        "Foreign Ministers Sergei Lavrov of Russia and Mevlut Cavusoglu of Turkey spoke by phone. "
        "The ministers emphasized the need for a ceasefire. "
        "Erdogan accused the three world powers co-heading the OSCE Minsk Group of bias."
    )
    ministers = _resolved(doc, "The ministers")
    assert ministers == [("ministers", ("sergey-lavrov", "mevlut-cavusoglu"), "coref")]
    powers = _resolved(doc, "the three world powers co-heading the OSCE Minsk Group")
    assert powers[0][1] == ("united-states", "russia", "france")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("The statement said the fighting had stopped.", "The statement"),
        ("The ceasefire collapsed within hours.", "The ceasefire"),
    ],
)
def test_phrases_that_are_no_actors_resolve_to_nothing(annotate, text, phrase):
    assert resolve_phrase(annotate(text), _phrase(annotate(text), phrase)) == []


def test_places_are_not_actors(annotate):
    doc = annotate("Fighting in Karabakh intensified as shells hit the Middle East's oldest town.")
    facts = facts_of(doc)
    assert not [m for m in facts.mentions if "Karabakh" in m.span.text and set(m.denotes) & set(facts.entities)]
    assert resolve_phrase(doc, _phrase(doc, "Karabakh")) == []
    # known places are kept as places, with their mentions, so the graph can link them
    assert [m.via for m in facts.places["middle-east"].mentions] == ["place"]


def test_non_state_groups_are_groups_of_their_own(annotate):
    doc = annotate("Militants attacked a checkpoint, and Syrian rebels claimed the town.")
    militants = resolve_phrase(doc, _phrase(doc, "Militants"))
    assert [m.span.text for m in militants] == ["Militants"]
    assert facts_of(doc).entities[militants[0].denotes[0]].kind is ActorKind.GROUP
    rebels = resolve_phrase(doc, _phrase(doc, "Syrian rebels"))
    entity = facts_of(doc).entities[rebels[0].denotes[0]]
    assert (entity.kind, entity.country) == (ActorKind.GROUP, "syria")


def test_every_mention_text_matches_the_document_and_entities_exist(annotate):
    text = (
        "Russia's Foreign Ministry said on Friday that Baku and Yerevan must return to talks. "
        "Iranian officials and the government of France welcomed the call."
    )
    doc = annotate(text)
    facts = facts_of(doc)
    assert facts.mentions
    for mention in facts.mentions:
        assert text[mention.span.start : mention.span.end] == mention.span.text
        assert all(key in facts.entities for key in mention.denotes)
    assert _resolved(doc, "the government of France") == [("government of France", ("france",), "group")]


def test_pronouns_in_quotes_and_expletives_do_not_reach_into_the_narrative(annotate):
    doc = annotate(
        'Russia remained open to talks. Scholz and Macron agreed to help Ukraine "for as long as it takes". '
        "It is clear that the talks failed."
    )
    for start in (doc.text.index("it takes"), doc.text.index("It is")):
        assert resolve_phrase(doc, doc.char_span(start, start + 2)) == []


def test_the_two_leaders_are_the_last_two_people_named_together(annotate):
    doc = annotate(
        "German Chancellor Olaf Scholz and French President Emmanuel Macron spoke by phone on Tuesday. "
        "The two leaders discussed the Middle East."
    )
    assert _resolved(doc, "The two leaders") == [("two leaders", ("olaf-scholz", "emmanuel-macron"), "coref")]


def test_a_description_is_not_the_coordination_it_hangs_on(annotate):
    doc = annotate("Qatar and Egypt, which have mediated between the two sides, said talks would resume.")
    assert _resolved(doc, "the two sides") == []


def test_possessives_take_their_clause_subject_unless_another_actor_intervenes(annotate):
    doc = annotate("Kabul said it would not allow its soil to be used. Pyongyang has backed Russia in its war.")
    first = doc.text.index("its soil")
    assert [m.denotes for m in resolve_phrase(doc, doc.char_span(first, first + 3))] == [("afghanistan",)]
    second = doc.text.index("its war")
    assert resolve_phrase(doc, doc.char_span(second, second + 3)) == []


def test_titles_dates_and_cities_in_place_phrases_are_no_actors(annotate):
    doc = annotate(
        "U.S. Secretary of State Antony Blinken arrived on Friday. Talks in Jeddah have stalled since April."
    )
    for phrase in ("State", "Friday", "Jeddah", "April"):
        assert resolve_phrase(doc, _phrase(doc, phrase)) == [], phrase
    assert {m.span.text for m in facts_of(doc).mentions} == {"Antony Blinken"}


def test_hand_built_docs_without_a_parser_still_resolve_names():
    import spacy

    nlp = spacy.blank("en")
    doc = nlp("Turkish President Erdogan said Russian officials and the Kremlin lied.")
    found = resolve_phrase(doc, doc[0:3])
    assert [(m.span.text, m.denotes) for m in found] == [("Erdogan", ("recep-tayyip-erdogan",))]
    texts = {m.span.text: m.denotes for m in mentions_in(doc, 0, len(doc.text))}
    assert texts["Kremlin"] == ("russia",)


def test_datelines_cities_of_and_split_names(annotate):
    doc = annotate(
        "KIGALI, Rwanda: Israel released the mayor of the West Bank city of Nablus. "
        "Baghdad vowed to fight Islamic State militants, while pro-Russia rebels shelled the airport."
    )
    texts = {m.span.text: m.denotes for m in facts_of(doc).mentions}
    assert "KIGALI" not in texts and "Nablus" not in texts
    assert "Islamic State" in texts
    rebels = facts_of(doc).entities[texts["pro-Russia rebels"][0]]
    assert (rebels.kind, rebels.country) == (ActorKind.GROUP, None)


def test_titles_without_a_name_and_state_departments_stand_for_their_state(annotate):
    doc = annotate(
        "The US Secretary of State wants to help Israel. The US State Department advised against travel."
    )
    assert [m.denotes for m in resolve_phrase(doc, _phrase(doc, "The US Secretary of State"))] == [
        ("united-states",)
    ]
    (department,) = resolve_phrase(doc, _phrase(doc, "The US State Department"))
    entity = facts_of(doc).entities[department.denotes[0]]
    # The gazetteer knows the department as an organisation of its own; otherwise it is the state.
    assert entity.key == "united-states" or entity.country == "united-states"
    assert "state" not in facts_of(doc).entities


def test_names_ner_joins_with_and_are_split_unless_the_whole_is_a_name(annotate):
    doc = annotate("Bosnia and Herzegovina and Serbia signed the deal in the Australian state of Victoria.")
    texts = {m.span.text: m.denotes for m in facts_of(doc).mentions}
    assert texts["Bosnia and Herzegovina"] == ("bosnia-and-herzegovina",)
    assert texts["Serbia"] == ("serbia",)
    assert "Australian state" not in texts


def test_appositive_titles_become_positions(annotate):
    doc = annotate(
        "Sergei Lavrov, Russia's foreign minister, met Jake Sullivan, the U.S. national security adviser."
    )
    positions = {(p.holder, p.title, p.of_state) for p in facts_of(doc).positions}
    assert ("sergey-lavrov", "Foreign Minister", "russia") in positions
    assert ("jake-sullivan", "National Security Adviser", "united-states") in positions
    for position in facts_of(doc).positions:
        assert doc.text[position.evidence.start : position.evidence.end] == position.evidence.text


def test_a_paragraphs_dateline_names_no_actor(annotate):
    """A record's text that keeps its headline and the dateline after it (JSONL, CSV): the dateline's
    place and agency filed the story; they act in none of it, not even as a subject the parser reads."""
    text = (
        "Portugal Presses Ahead With Rail Plan\n\n"
        "LISBON (Reuters) — Prime Minister Luis Montenegro said on Friday that the rail plan would go ahead.\n\n"
        "MADRID, May 3 (AP) — The plan was welcomed by the Spanish government.\n"
    )
    doc = annotate(text)
    spans = [m.span.text for m in facts_of(doc).mentions]
    assert not {"LISBON", "Reuters", "MADRID", "AP"} & set(spans), spans
    said = next(a for a in facts_of(doc).speech_acts if a.cue.text == "said")
    assert [m.span.text for m in said.speakers] == ["Luis Montenegro"]
    # a bare word in capitals the recogniser reads as an organisation opens the paragraph as a name
    doc = annotate("Alliance steps up patrols.\n\nNATO — The alliance will send more ships to the Baltic, it said.\n")
    assert "NATO" in {m.span.text for m in facts_of(doc).mentions}
