"""Speech acts and consultations read by the newskg_speech_acts component (sentences written for
these tests; the real English model and the full pipeline)."""

from __future__ import annotations

import doctest
import importlib
import json

import pytest
import spacy

from newskg.builder.components import facts_of
from newskg.builder.components.cues import CueLexicon
from newskg.builder.components.doc_index import quote_regions
from newskg.builder.components.speech_acts import SpeechActExtractor
from newskg.builder.facts import ActKind, SpeechAct
from newskg.builder.pipeline import resolve_model
from newskg.errors import ExtractionError


def acts_of(annotate, text: str, **kwargs) -> list[SpeechAct]:
    return facts_of(annotate(text, **kwargs)).speech_acts


def keys(mentions) -> set[str]:
    return {k for m in mentions for k in m.denotes}


def only(acts: list[SpeechAct], cue: str) -> SpeechAct:
    found = [a for a in acts if a.cue.text == cue]
    assert len(found) == 1, [(a.cue.text, a.kind) for a in acts]
    return found[0]


# ---------------------------------------------------------------------------- kinds and roles
@pytest.mark.parametrize(
    ("text", "cue", "kind", "speaker", "target"),
    [
        ("Georgia accused Russia of violating the truce.", "accused", ActKind.ACCUSATION, "georgia", "russia"),
        ("Poland criticized Belarus for the border crisis.", "criticized", ActKind.CRITICISM, "poland", "belarus"),
        ("Egypt condemned Israel over the strikes.", "condemned", ActKind.CRITICISM, "egypt", "israel"),
        ("Iran threatened to cut off gas supplies to Turkey.", "threatened", ActKind.THREAT, "iran", "turkey"),
        ("Greece praised Cyprus for its restraint.", "praised", ActKind.ENDORSEMENT, "greece", "cyprus"),
        # denying entry refuses a party something; it denies no allegation
        ("Hungary denied entry to Serbia's delegation.", "denied entry", ActKind.REJECTION, "hungary", "serbia"),
        # denying what was asked is refusing it; denying a claim stays a denial (test_reported_... below)
        ("Hungary denied Serbia's request for talks.", "denied", ActKind.REJECTION, "hungary", "serbia"),
    ],
)
def test_targeted_acts(annotate, text, cue, kind, speaker, target) -> None:
    act = only(acts_of(annotate, text), cue)
    assert act.kind is kind
    assert speaker in keys(act.speakers)
    assert target in keys(act.targets)
    assert not act.negated


def test_statement_with_content_and_reporter(annotate) -> None:
    text = "Kenya accused Somalia of harbouring militants, the Kenyan government said in a statement."
    acts = acts_of(annotate, text)
    accusation = only(acts, "accused")
    statement = only(acts, "said")
    assert statement.kind is ActKind.STATEMENT
    assert keys(statement.speakers) == {"kenya"}
    assert statement.content is not None and statement.content.text.startswith("Kenya accused Somalia")
    assert accusation.reported_by == statement.cue
    assert accusation.content is not None and accusation.content.text == "harbouring militants"


def test_phrase_cues_are_tight(annotate) -> None:
    acts = acts_of(annotate, "Japan expressed deep concern over the missile launch. Seoul ruled out any talks.")
    concern = only(acts, "expressed deep concern")
    assert concern.kind is ActKind.EXPRESSION_OF_CONCERN
    assert keys(concern.speakers) == {"japan"}
    rejection = only(acts, "ruled out")
    assert rejection.kind is ActKind.REJECTION
    assert keys(rejection.speakers) == {"south-korea"}


def test_appeal_with_addressee(annotate) -> None:
    act = only(acts_of(annotate, "Germany urged Serbia to recognise the vote."), "urged")
    assert act.kind is ActKind.APPEAL
    assert keys(act.addressees) == {"serbia"}
    called = only(acts_of(annotate, "The African Union called on Ethiopia to end the fighting."), "called on")
    assert called.kind is ActKind.APPEAL
    assert keys(called.addressees) == {"ethiopia"}


def test_said_x_must_is_a_demand_on_x(annotate) -> None:
    act = only(acts_of(annotate, "Britain said that Iran must release the tanker."), "said")
    assert act.kind is ActKind.DEMAND
    assert keys(act.addressees) == {"iran"}


def test_reported_promise_and_refusal(annotate) -> None:
    promise = only(acts_of(annotate, "Norway said it would send doctors to Yemen."), "said")
    assert promise.kind is ActKind.AGREEMENT
    refusal = only(acts_of(annotate, "Hungary said it would not sign the declaration."), "said")
    assert refusal.kind is ActKind.REJECTION
    quoted = only(acts_of(annotate, '"We will send doctors to Yemen," the Norwegian minister said.'), "said")
    assert quoted.kind is ActKind.AGREEMENT


def test_a_third_person_in_quoted_words_promises_nothing_for_the_speaker(annotate) -> None:
    """In quoted words the speaker says "I" or "we": "he would" there is someone else's habit."""
    act = only(acts_of(annotate, '"He would send us letters every week," the Norwegian minister said.'), "said")
    assert act.kind is ActKind.STATEMENT


# ---------------------------------------------------------------------------- consultations
def test_phone_call_with_addressee(annotate) -> None:
    act = only(acts_of(annotate, "Macron called Putin on Tuesday.", published="2022-02-24"), "called")
    assert act.kind is ActKind.PHONE_CALL
    assert keys(act.speakers) == {"emmanuel-macron"}
    assert keys(act.addressees) == {"vladimir-putin"}
    assert act.date_text == "Tuesday" and act.date == "2022-02-22"


def test_mutual_consultation(annotate) -> None:
    act = only(acts_of(annotate, "Blinken and Lavrov spoke by phone about the crisis."), "spoke by phone")
    assert act.kind is ActKind.PHONE_CALL
    assert keys(act.speakers) == {"antony-blinken", "sergey-lavrov"}


@pytest.mark.parametrize(
    ("text", "cue", "kind", "addressee"),
    [
        # a counterpart stands for the state its modifier names, as "the Turkish side" does
        ("Lavrov met his Turkish counterpart in Moscow.", "met", ActKind.MEETING, "turkey"),
        ("Lavrov held talks with his Turkish counterpart on Friday.", "held talks", ActKind.NEGOTIATION, "turkey"),
        ("Blinken spoke by phone with his Chinese counterpart.", "spoke by phone", ActKind.PHONE_CALL, "china"),
        # the name in apposition says who
        ("Blinken met his Russian counterpart Sergei Lavrov in Geneva.", "met", ActKind.MEETING, "sergey-lavrov"),
    ],
)
def test_a_counterpart_is_the_state_or_the_named_person(annotate, text, cue, kind, addressee) -> None:
    act = only(acts_of(annotate, text), cue)
    assert act.kind is kind
    assert keys(act.addressees) == {addressee}


@pytest.mark.parametrize(
    ("text", "cue", "kind", "speaker", "addressee"),
    [
        ("Macron received the Iraqi prime minister at the Elysee.", "received", ActKind.MEETING,
         "emmanuel-macron", "iraq"),
        ("Erdogan attended a summit in Vilnius.", "attended a summit", ActKind.MEETING, "recep-tayyip-erdogan", None),
        # a name between the words of a phrase cue, as its adjectives are
        ("Erdogan attended the NATO summit in Vilnius.", "attended the NATO summit", ActKind.MEETING,
         "recep-tayyip-erdogan", None),
        ("Lavrov attended talks with Turkish officials in Ankara.", "attended talks", ActKind.NEGOTIATION,
         "sergey-lavrov", "turkey"),
    ],
)
def test_receiving_a_party_and_attending_a_summit_are_meetings(annotate, text, cue, kind, speaker, addressee) -> None:
    act = only(acts_of(annotate, text), cue)
    assert act.kind is kind
    assert keys(act.speakers) == {speaker}
    assert keys(act.addressees) == ({addressee} if addressee else set())


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "modality"),
    [
        ("Erdogan is expected to attend the summit in Vilnius.", "attend the summit", "recep-tayyip-erdogan",
         "expected"),
        ("Lavrov is scheduled to meet his Turkish counterpart on Friday.", "meet", "sergey-lavrov", "scheduled"),
        ("Iran plans to hold talks with the IAEA.", "hold talks", "iran", "plans"),
        ("Erdogan will attend the summit in Vilnius.", "attend the summit", "recep-tayyip-erdogan", "will"),
    ],
)
def test_a_planned_act_has_its_subject_and_says_it_is_planned(annotate, text, cue, speaker, modality) -> None:
    """The subject of a passive 'expected'/'scheduled' does what the infinitive says; the governing
    verb is the act's modality, as a modal verb would be."""
    act = only(acts_of(annotate, text), cue)
    assert keys(act.speakers) == {speaker}
    assert act.modality == modality


@pytest.mark.parametrize(
    "text",
    [
        "Jordan received thousands of refugees.",
        "Poland received the refugees from Ukraine.",
        "The Iraqi prime minister received a letter from Macron.",
        "Ukraine received tanks from Germany.",
    ],
)
def test_receiving_people_or_things_is_no_meeting(annotate, text: str) -> None:
    assert not [a for a in acts_of(annotate, text) if a.kind is ActKind.MEETING]


def test_a_name_the_parser_cuts_at_its_hyphen_is_still_one_actor(annotate) -> None:
    """"Bashar al-Assad" parses as three objects of "with" ("Bashar al", "-", "Assad"): each piece
    stands for the whole name, not for actors named "Bashar al" and "Assad"."""
    act = only(acts_of(annotate, "Lavrov met with Bashar al-Assad on Tuesday."), "met")
    assert keys(act.addressees) == {"bashar-al-assad"}


def test_a_weekday_after_the_name_is_not_the_partner(annotate) -> None:
    """"met with Syrian President Bashar Assad Tuesday" parses with "Tuesday" as the object and the
    name as its compound: the name is who was met."""
    act = only(acts_of(annotate, "Lavrov met with Syrian President Bashar Assad Tuesday in Damascus."), "met")
    assert keys(act.addressees) == {"bashar-al-assad"}


def test_of_two_subjects_the_parser_gives_a_verb_the_nearest_is_its_own() -> None:
    """'"...," Tulsa police Chief Chuck Brown said' parsed with "Tulsa" a second subject of "said"
    (a parse seen from the English model, set by hand here): the subject is "Brown"."""
    from spacy.tokens import Doc

    from newskg.builder.components.attribution import subject_of

    words = ["Tulsa", "police", "Chief", "Chuck", "Brown", "said", "Monday", "."]
    heads = [5, 2, 4, 4, 5, 5, 5, 5]
    deps = ["nsubj", "compound", "compound", "compound", "nsubj", "ROOT", "npadvmod", "punct"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    assert subject_of(doc[5]).text == "Brown"


def test_a_counterpart_without_a_state_is_nobody(annotate) -> None:
    assert not [a for a in acts_of(annotate, "Lavrov met his counterpart in Moscow.") if a.addressees]


@pytest.mark.parametrize(
    "text",
    [
        "The so-called peace plan collapsed.",
        "They live in a town called Stepanakert.",
        "The cabinet met on Sunday.",
        "Thousands marched to protest the decision.",
        "The minister was called a traitor by the opposition.",
    ],
)
def test_no_act_where_no_one_speaks(annotate, text: str) -> None:
    assert acts_of(annotate, text) == []


def test_one_act_per_cue(annotate) -> None:
    acts = acts_of(annotate, "Russia and China have rejected the Western calls for sanctions against Iran.")
    cues = [(a.cue.start, a.cue.end) for a in acts]
    assert len(cues) == len(set(cues))
    for a in acts:
        for b in acts:
            assert a is b or not a.cue.overlaps(b.cue)


# ---------------------------------------------------------------------------- negation, modality
def test_negation_and_modality(annotate) -> None:
    act = only(acts_of(annotate, "Ankara did not accuse Athens of provocation."), "accuse")
    assert act.negated
    assert act.kind is ActKind.ACCUSATION
    modal = only(acts_of(annotate, "Moscow could criticize Kyiv for the attack."), "criticize")
    assert modal.modality == "could"
    assert not modal.negated


# ---------------------------------------------------------------------------- quotes
def test_quote_attribution_after_the_quote(annotate) -> None:
    text = "\u201cWe condemn the attack on our embassy in the strongest terms,\u201d the Dutch government said."
    acts = acts_of(annotate, text)
    statement = only(acts, "said")
    assert statement.is_quote
    assert statement.content is not None and statement.content.text.startswith("We condemn")
    condemn = only(acts, "condemn")
    assert condemn.is_quote
    assert condemn.reported_by == statement.cue
    assert keys(condemn.speakers) == {"netherlands"}  # "We" is the attribution's speaker


def test_quote_spanning_sentences(annotate) -> None:
    text = (
        "Chile issued a statement on the dispute. \u201cWe reject the ruling. It has no legal basis,\u201d it said."
    )
    acts = acts_of(annotate, text)
    reject = only(acts, "reject")
    said = only(acts, "said")
    assert reject.is_quote and reject.reported_by == said.cue
    assert keys(reject.speakers) == {"chile"}
    # the evidence of a quote spanning sentences holds both the quote and its attribution
    assert reject.evidence.contains(reject.cue) and reject.evidence.contains(said.cue)


def test_statement_chain(annotate) -> None:
    text = "A statement by the Kremlin said the talks had stalled. It added that Moscow remained open to dialogue."
    acts = acts_of(annotate, text)
    assert keys(only(acts, "said").speakers) == {"russia"}
    assert keys(only(acts, "added").speakers) == {"russia"}


def test_colon_before_quote(annotate) -> None:
    text = "Stoltenberg told reporters: \u201cNATO will defend every inch of allied territory.\u201d"
    act = only(acts_of(annotate, text), "told")
    assert act.is_quote
    assert act.content is not None and act.content.text.startswith("NATO will defend")


def test_according_to(annotate) -> None:
    act = only(acts_of(annotate, "Ten soldiers were killed, according to the Indian army."), "According to".lower())
    assert act.kind is ActKind.STATEMENT
    assert "india" in keys(act.speakers)
    assert act.content is not None and act.content.text == "Ten soldiers were killed"


# ---------------------------------------------------------------------------- responses
def test_denial_responds_to_accusation(annotate) -> None:
    text = "Ethiopia accused Egypt of sabotage. Cairo denied the allegations."
    acts = acts_of(annotate, text)
    accusation = only(acts, "accused")
    denial = only(acts, "denied")
    assert denial.kind is ActKind.DENIAL
    assert denial.responds_to == accusation.cue
    assert keys(denial.targets) == {"ethiopia"}


def test_rejection_of_nominal_appeal_made_by_others(annotate) -> None:
    text = "Israel has rejected calls for a ceasefire made by France and Germany."
    acts = acts_of(annotate, text)
    appeal = only(acts, "calls")
    assert appeal.kind is ActKind.APPEAL
    assert keys(appeal.speakers) == {"france", "germany"}
    rejection = only(acts, "rejected")
    assert rejection.responds_to == appeal.cue


def test_passive_echo_endorses_earlier_claim(annotate) -> None:
    text = "Armenia accused Turkey of sending fighters. These claims have been echoed by France."
    acts = acts_of(annotate, text)
    echo = only(acts, "echoed")
    assert echo.kind is ActKind.ENDORSEMENT
    assert keys(echo.speakers) == {"france"}
    assert echo.responds_to == only(acts, "accused").cue


# ---------------------------------------------------------------------------- confidence
def test_specific_acts_outrank_the_report_that_carries_them(annotate) -> None:
    acts = acts_of(annotate, "Jordan and Britain have agreed to hold joint exercises, a Jordanian official said.")
    agreement = only(acts, "agreed")
    statement = only(acts, "said")
    assert agreement.kind is ActKind.AGREEMENT
    assert agreement.confidence > statement.confidence
    assert all(0.0 < a.confidence <= 1.0 for a in acts)


def test_min_confidence_drops_weak_acts(nlp) -> None:
    text = "Jordan and Britain have agreed to hold joint exercises, a Jordanian official said."
    strict = SpeechActExtractor(nlp, min_confidence=0.7)
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name != "newskg_speech_acts":
            doc = proc(doc)
    kept = facts_of(strict(doc)).speech_acts
    assert [a.cue.text for a in kept] == ["agreed"]


# ---------------------------------------------------------------------------- the component itself
def test_without_parse_no_acts() -> None:
    blank = spacy.blank("en")
    doc = SpeechActExtractor(blank)(blank("Russia accused Ukraine."))
    assert facts_of(doc).speech_acts == []


def test_quote_regions() -> None:
    text = 'A said: \u201cone two three.\u201d B said "four five six" and ``seven eight nine\'\'.'
    regions = quote_regions(text)
    assert [text[b:e] for b, e in regions] == ["one two three.", "four five six", "seven eight nine"]


def test_shipped_lexicon_is_consistent() -> None:
    lexicon = CueLexicon.default()
    assert lexicon.verbs["accuse"].kind is ActKind.ACCUSATION
    kinds = {r.kind for r in [*lexicon.verbs.values(), *lexicon.nouns.values(), *lexicon.phrases]}
    # every class of the taxonomy has a cue; an attitude comes from the learned model's proposals only
    assert kinds == set(ActKind) - {ActKind.ATTITUDE}
    assert {"want", "believe", "show"} <= lexicon.attitude_lemmas


def test_bad_lexicon_names_the_file(tmp_path) -> None:
    path = tmp_path / "cues.json"
    path.write_text(json.dumps({"verbs": {"say": {"kind": "Shout"}}}))
    with pytest.raises(ExtractionError, match="cues.json"):
        CueLexicon.from_path(path)
    path.write_text(json.dumps({"verbs": {"say": {"kind": "Statement", "dobj": "victim"}}}))
    with pytest.raises(ExtractionError, match="unknown roles"):
        CueLexicon.from_path(path)
    for otherwise in ("Chat", "Accusation"):
        path.write_text(json.dumps({"verbs": {"speak": {"kind": "Consultation", "otherwise": otherwise}}}))
        with pytest.raises(ExtractionError, match="'otherwise' can only be 'Statement'"):
            CueLexicon.from_path(path)
    path.write_text("{not json")
    with pytest.raises(ExtractionError, match="cannot read"):
        CueLexicon.from_path(path)


# ---------------------------------------------------------------------------- reported clauses
def test_reporting_a_hostile_act_accuses(annotate) -> None:
    act = only(acts_of(annotate, "Kyiv said that Moscow had shelled the power plant."), "said")
    assert act.kind is ActKind.ACCUSATION
    assert keys(act.targets) == {"russia"}


def test_sourced_report_of_fighting_accuses_no_one(annotate) -> None:
    acts = acts_of(annotate, "Rebels shelled the capital on Sunday, Kenyan officials said.")
    assert all(a.kind is ActKind.STATEMENT for a in acts)


def test_colon_before_quote_without_verb(annotate) -> None:
    act = only(acts_of(annotate, "Erdogan: \u201cTurkey will never abandon its brothers in Azerbaijan.\u201d"), ":")
    assert act.kind is ActKind.STATEMENT
    assert keys(act.speakers) == {"recep-tayyip-erdogan"}
    assert act.is_quote and act.content is not None and act.content.text.startswith("Turkey will never")


def test_list_read_as_apposition_speaks_together(annotate) -> None:
    act = only(acts_of(annotate, "The US, Russia, and Switzerland met yesterday."), "met")
    assert act.kind is ActKind.MEETING
    assert keys(act.speakers) == {"united-states", "russia", "switzerland"}


def test_glued_quote_marks_do_not_break_a_document(annotate) -> None:
    text = "France on Wednesday condemned as``unacceptable'' the allegations by Rwanda."
    act = only(acts_of(annotate, text), "condemned")
    assert keys(act.speakers) == {"france"}


def test_party_to_a_conflict_calling_for_a_ceasefire_offers_it(annotate) -> None:
    text = (
        "Armenia and Azerbaijan are fighting a war over Karabakh. Armenia called for an immediate ceasefire. "
        "Russia called for an immediate ceasefire."
    )
    doc = annotate(text)
    facts = facts_of(doc)
    # participants are read by the relations component, after the speech acts, which applies the rule
    by_speaker = {next(iter(keys(a.speakers))): a.kind for a in facts.speech_acts if a.cue.text == "called for"}
    assert by_speaker == {"armenia": ActKind.AGREEMENT, "russia": ActKind.APPEAL}


@pytest.mark.parametrize(
    "module",
    [
        "newskg.builder.components.speech_acts",
        "newskg.builder.dates",
    ],
)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_nominal_reminder_that_x_must_is_a_demand(annotate) -> None:
    text = "Merkel issued a stern reminder to Minsk that it must release the detained journalist."
    act = only(acts_of(annotate, text), "issued a stern reminder")
    assert act.kind is ActKind.DEMAND
    assert keys(act.speakers) == {"angela-merkel"}
    assert "belarus" in keys(act.addressees)
    assert act.content is not None and act.content.text.startswith("it must release")


def test_visit_after_a_motion_verb(annotate) -> None:
    act = only(acts_of(annotate, "The Qatari emir arrived in Tehran on a two-day visit."), "visit")
    assert act.kind is ActKind.MEETING
    assert keys(act.speakers) == {"qatar"}
    assert keys(act.addressees) == {"iran"}


def test_plans_threaten_only_when_coercive(annotate) -> None:
    assert only(acts_of(annotate, "Hungary plans to impose sanctions on Ukraine."), "plans").kind is ActKind.THREAT
    assert acts_of(annotate, "Hungary plans to build a new embassy in Kyiv.") == []


def test_definite_description_takes_the_earlier_mention(annotate) -> None:
    text = (
        "Fighting broke out between Kenya's army and the militants. "
        "The army accused the militants of planting mines."
    )
    act = only(acts_of(annotate, text), "accused")
    assert keys(act.speakers) == {"kenya"}
    assert act.speakers[0].via == "coref" and act.speakers[0].span.text == "army"


def test_a_promise_reported_with_its_own_cue_is_not_read_twice(annotate) -> None:
    acts = acts_of(annotate, "Zelensky said Ukraine would not accept any deal that left Russian warships in its ports.")
    assert only(acts, "said").kind is ActKind.STATEMENT
    refusal = only(acts, "accept")
    assert refusal.kind is ActKind.REJECTION and not refusal.negated
    assert refusal.reported_by == only(acts, "said").cue


def test_warnings_threaten_only_with_force(annotate) -> None:
    plain = only(acts_of(annotate, "The UN warned that millions of people depend on the shipments."), "warned")
    assert plain.kind is ActKind.STATEMENT
    threat = only(acts_of(annotate, "Beijing warned that it would take countermeasures."), "warned")
    assert threat.kind is ActKind.THREAT


def test_factory_settings(tmp_path) -> None:
    nlp = spacy.load(resolve_model(None))
    path = tmp_path / "cues.json"
    path.write_text(json.dumps({"verbs": {"grumble": {"kind": "Criticism", "conf": 0.9, "dobj": "target"}}}))
    nlp.add_pipe("newskg_speech_acts", config={"lexicon_path": str(path), "min_confidence": 0.5})
    acts = facts_of(nlp("Austria grumbled about Italy. Austria accused Italy of stalling.")).speech_acts
    assert [(a.cue.text, a.kind) for a in acts] == [("grumbled", ActKind.CRITICISM)]  # 'accused' is not in this lexicon


def test_reports_appositions_and_groups(annotate) -> None:
    text = (
        "North Korea fired two missiles into the sea on Sunday, South Korea's military said, "
        "days after Pyongyang warned it would respond to joint drills by Seoul and Washington. "
        "China, North Korea's main ally, called on all parties to exercise restraint. "
        "Lavrov met his North Korean counterpart Choe Son Hui in Moscow, and the two sides agreed to "
        "strengthen cooperation. \u201cWe will not tolerate any arms deals between Moscow and Pyongyang,\u201d "
        "South Korean President Yoon Suk Yeol said."
    )
    acts = acts_of(annotate, text, published="2023-09-14")
    reports = [a for a in acts if a.cue.text == "said"]
    assert len(reports) == 2
    assert reports[0].kind is ActKind.STATEMENT and reports[0].content is not None
    assert reports[0].content.text == "North Korea fired two missiles into the sea on Sunday"
    assert keys(only(acts, "called on").speakers) == {"china"}  # a finite verb misparsed as a modifier
    assert keys(only(acts, "met").addressees) == {"choe-son-hui"}  # the name in apposition
    assert keys(only(acts, "agreed").speakers) == {"sergey-lavrov", "choe-son-hui"}  # "the two sides"
    assert reports[1].kind is ActKind.THREAT  # "will not tolerate" announces force
    warned = only(acts, "warned")
    assert warned.kind is ActKind.THREAT and keys(warned.speakers) == {"north-korea"}
    assert warned.date_text is None  # "days after" names no day


def test_own_side_and_denials_accuse_no_one(annotate) -> None:
    text = (
        "Iran denied reports that Tehran had supplied drones to Russia. "
        "Zelensky disputed that account, saying Ukrainian forces had shot down dozens of Iranian drones."
    )
    acts = acts_of(annotate, text)
    assert only(acts, "denied").targets == []
    assert only(acts, "disputed").kind is ActKind.DENIAL
    assert only(acts, "saying").kind is ActKind.STATEMENT


def test_object_control_and_relative_meetings(annotate) -> None:
    text = (
        "Jordan's King Abdullah urged Arab leaders to press for a ceasefire during a visit to Paris, "
        "where he met French President Emmanuel Macron. Qatar, which has mediated between Israel and Hamas, "
        "said the talks had stalled."
    )
    acts = acts_of(annotate, text)
    assert [a.cue.text for a in acts if a.kind is ActKind.APPEAL] == ["urged"]  # the leaders press, not Abdullah
    meeting = only(acts, "met")
    assert keys(meeting.addressees) == {"emmanuel-macron"}
    assert not [a for a in acts if a.kind is ActKind.MEDIATION]  # background: the relations read it


def test_nominal_acts(annotate) -> None:
    text = (
        "Ankara's allegations angered Athens. Russia's accusations were echoed by Belarus. "
        "Criticism from Germany grew louder. Negotiations between Serbia and Kosovo resumed in Brussels."
    )
    acts = acts_of(annotate, text)
    assert only(acts, "allegations").kind is ActKind.ACCUSATION
    assert keys(only(acts, "allegations").speakers) == {"turkey"}
    echo = only(acts, "echoed")
    assert echo.responds_to == only(acts, "accusations").cue
    assert keys(only(acts, "Criticism").speakers) == {"germany"}
    talks = only(acts, "Negotiations")
    assert talks.kind is ActKind.NEGOTIATION and keys(talks.speakers) == {"serbia", "kosovo"}


@pytest.mark.parametrize(
    ("text", "target", "content"),
    [
        # the accused named in apposition; the "of" phrase is the content, not the accused
        ('South Korea accused the North\'s leader, Kim Jong Un, of "recklessness."', "kim-jong-un", "recklessness"),
        # "of" hung by the parser on the name: still what the accused is accused of
        ("South Korea accused North Korean leader Kim Jong Un of recklessness.", "kim-jong-un", "recklessness"),
        ("Iran accused Israel of sabotage at the plant.", "israel", "sabotage at the plant"),
    ],
)
def test_the_accused_and_what_of(annotate, text: str, target: str, content: str) -> None:
    act = only(acts_of(annotate, text), "accused")
    assert keys(act.targets) == {target}
    assert act.content is not None and act.content.text == content


def test_an_accused_we_cannot_name_is_not_looked_for_in_the_content(annotate) -> None:
    text = "The paramilitary group blamed army air strikes for the deaths of civilians in the city."
    act = only(acts_of(annotate, text), "blamed")
    assert act.content is not None and act.content.text == "the deaths of civilians in the city"
    assert not act.targets  # not the civilians the content names: they are the victims


@pytest.mark.parametrize(
    ("text", "cue", "target"),
    [
        ("Georgia rejected a fresh offer from Russia for direct talks.", "rejected", "russia"),
        ("Armenia accepted a proposal from Russia for a ceasefire.", "accepted", "russia"),
    ],
)
def test_an_answer_to_a_proposal_answers_its_author(annotate, text: str, cue: str, target: str) -> None:
    assert keys(only(acts_of(annotate, text), cue).targets) == {target}


def test_a_subject_that_names_no_one_speaks_with_the_name_in_apposition(annotate) -> None:
    text = "One of the family's lawyers, Justin Bamberg, said the videos show the man leaving his car."
    act = only(acts_of(annotate, text), "said")
    assert [m.span.text for m in act.speakers] == ["Justin Bamberg"]
    # a description in apposition is no name: the ally is not Putin
    text = "The minister, a close ally of Putin, said the talks would resume."
    assert "vladimir-putin" not in keys(only(acts_of(annotate, text), "said").speakers)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("The EU called for Russia to condemn the attack.", "condemn"),
        ("Britain is pushing for the United States to support its debt relief plan.", "support"),
        # a second asked verb coordinated with the first is asked too
        ("The United Nations called on both sides to agree to a ceasefire and to reject violence.", "reject"),
    ],
)
def test_what_an_appeal_asks_for_is_not_an_act_performed(annotate, text: str, asked: str) -> None:
    acts = acts_of(annotate, text)
    assert [a.kind for a in acts] == [ActKind.APPEAL]  # Russia condemned nothing, the US supported nothing
    assert not [a for a in acts if a.cue.text == asked]


def test_an_act_beside_an_appeal_in_a_clause_of_its_own_stays(annotate) -> None:
    acts = acts_of(annotate, "The EU called for calm after Russia condemned the attack.")
    assert {a.kind for a in acts} == {ActKind.APPEAL, ActKind.CRITICISM}


def test_speaking_with_an_actor_is_a_consultation_speaking_to_reporters_is_not(annotate) -> None:
    act = only(acts_of(annotate, "Netanyahu spoke with Egyptian President Abdel Fattah el-Sisi on Tuesday."), "spoke")
    assert act.kind is ActKind.CONSULTATION
    assert [m.span.text for m in act.addressees] == ["Abdel Fattah el-Sisi"]
    assert only(acts_of(annotate, "Macron spoke to Putin by phone."), "spoke").kind is ActKind.CONSULTATION
    act = only(acts_of(annotate, "Carter spoke with his South Korean counterpart Han Min-koo on Friday."), "spoke")
    assert act.kind is ActKind.CONSULTATION
    # an outlet or an audience is no one consulted: an interview, a speech
    for text in ("Macron spoke to reporters in Paris.", "Macron spoke about the war at length.",
                 "Trump spoke to CNN on Monday.", "Clinton spoke to the Planned Parenthood Action Network."):
        assert not [a for a in acts_of(annotate, text) if a.cue.text == "spoke"], text


def test_a_reciprocal_act_is_not_aimed_at_an_actor_its_content_names(annotate) -> None:
    act = only(acts_of(annotate, "Israel and Hamas agreed to a four-day truce mediated by Qatar."), "agreed")
    assert keys(act.addressees) == {"israel", "hamas"}
    assert not act.targets  # Qatar mediates the truce: the agreement is not aimed at it


def test_discussing_is_a_consultation_only_with_someone_to_discuss_with(annotate) -> None:
    for text, cue in (("Biden discussed the war with Scholz.", "discussed"),
                      ("Lavrov and Wang discussed the crisis in Beijing.", "discussed"),
                      ("European leaders gathered Friday to discuss the crisis.", "discuss"),
                      ("Blinken flew to Riyadh to discuss the truce.", "discuss"),
                      ("Lavrov met Wang Yi on Monday and discussed the crisis.", "discussed")):
        assert only(acts_of(annotate, text), cue).kind is ActKind.CONSULTATION, text
    # one speaker going over a subject consults nobody
    for text in ("The analyst went on to discuss recently released polls.", "He discussed his plan for the army."):
        assert not [a for a in acts_of(annotate, text) if a.kind.is_consultation], text


def test_a_participle_naming_its_noun_is_no_call_and_calling_out_is_criticism(annotate) -> None:
    assert only(acts_of(annotate, "Macron called Putin on Tuesday."), "called").kind is ActKind.PHONE_CALL
    assert not acts_of(annotate, "A militia called the Free Army of Idlib seized the town.")
    act = only(acts_of(annotate, "Kaja Kallas called out Russia for its war crimes."), "called out")
    assert act.kind is ActKind.CRITICISM
    assert keys(act.speakers) == {"kaja-kallas"} and keys(act.targets) == {"russia"}


def test_a_quote_going_on_after_its_attribution_is_part_of_the_content(annotate) -> None:
    text = '"We will not accept this," the minister said. "The talks are over for now." Then he left.'
    act = only(acts_of(annotate, text), "said")
    assert [p.text for p in act.content_pieces] == ["We will not accept this", "The talks are over for now."]
    # a new paragraph, or a quote with an attribution of its own, is not the same utterance
    for other in ('"We will not accept this," the minister said.\n\n"The talks are over for now."',
                  '"We will not accept this," the minister said. Lavrov said: "The talks are over for now."'):
        act = acts_of(annotate, other)[[a.cue.text for a in acts_of(annotate, other)].index("said")]
        assert act.content is not None and act.content.text == "We will not accept this" and not act.content_pieces
