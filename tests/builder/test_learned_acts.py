"""The learned model's proposals read by the rules (newskg.builder.components.speech.learned): typing
by the hand lexicon, CAMEO's verbs, attitudes and plain statements; speakers from the source span;
the confidence cap; and the rules-only pipeline left as it was. The proposals are written by hand
here, so these tests do not depend on what the shipped model happens to find."""

from __future__ import annotations

import pytest

from newskg.builder.components import facts_of
from newskg.builder.components.speech.learned import LEARNED_CONFIDENCE, UNTYPED_CONFIDENCE
from newskg.builder.facts import ActKind, AttributionProposal, Span
from newskg.builder.pipeline import LEARNED_COMPONENT, load_pipeline


@pytest.fixture(scope="module")
def rules():
    return load_pipeline(None, learned=False)


def span(text: str, phrase: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase), phrase)


def read(nlp, text: str, proposals: list[AttributionProposal]):
    """The speech acts of ``text`` with ``proposals`` put where the model puts them."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "newskg_actors":
            doc._.newskg_attributions = proposals
        doc = proc(doc)
    return facts_of(doc).speech_acts


def proposal(text: str, cue: str, source: str | None, content: str | None) -> AttributionProposal:
    return AttributionProposal(
        cue=span(text, cue),
        sources=(span(text, source),) if source else (),
        contents=(span(text, content),) if content else (),
        score=0.9,
    )


def test_the_default_pipeline_runs_the_model_and_learned_false_leaves_it_out(rules):
    assert LEARNED_COMPONENT not in rules.pipe_names
    assert LEARNED_COMPONENT in load_pipeline(None).pipe_names


def test_a_named_rules_act_outranks_every_learned_one(rules):
    text = "Russia accused Ukraine of shelling the plant."
    assert [a.confidence > LEARNED_CONFIDENCE for a in read(rules, text, [])] == [True]


def test_an_unknown_cue_is_a_statement_with_the_model_source_as_speaker(rules):
    text = "Iran blasted the sanctions as illegal on Monday."
    acts = read(rules, text, [proposal(text, "blasted", "Iran", "the sanctions as illegal")])
    (act,) = acts
    assert act.kind is ActKind.STATEMENT
    assert [m.denotes for m in act.speakers] == [("iran",)]
    assert act.content is not None and act.content.text == "the sanctions as illegal"
    assert act.confidence <= UNTYPED_CONFIDENCE


def test_a_cameo_verb_the_lexicon_lacks_is_typed_by_cameo(rules):
    text = "Germany chided Turkey over the arrests."
    rules_alone = read(rules, text, [])
    acts = read(rules, text, [proposal(text, "chided", "Germany", "Turkey over the arrests")])
    assert not rules_alone
    (act,) = acts
    assert act.kind is ActKind.CRITICISM  # CAMEO 111 through the ontology
    assert [m.denotes for m in act.targets] == [("turkey",)]
    assert act.confidence <= LEARNED_CONFIDENCE


def test_beliefs_and_polls_are_attitudes(rules):
    text = "Most voters want lower taxes, polls show."
    acts = read(rules, text, [proposal(text, "show", "polls", "Most voters want lower taxes")])
    (act,) = acts
    assert act.kind is ActKind.ATTITUDE
    assert act.speakers[0].span.text == "polls"
    assert act.confidence < 0.4


def test_a_rules_cue_keeps_its_reading_and_gains_a_content(rules):
    text = "Russia accused Ukraine on Monday."
    before = read(rules, text, [])
    after = read(rules, text, [proposal(text, "accused", "Russia", "Ukraine on Monday")])
    assert [(a.kind, a.cue, a.confidence) for a in before] == [(a.kind, a.cue, a.confidence) for a in after]
    assert after[0].kind is ActKind.ACCUSATION


def test_a_proposal_without_any_speaker_is_dropped(rules):
    text = "It was reported that the talks had failed."
    assert read(rules, text, [proposal(text, "reported", None, "the talks had failed")]) == []


def test_the_shipped_model_adds_acts_the_rules_miss():
    nlp = load_pipeline(None)
    text = "Senator Jane Smith blasted the proposal on Tuesday, calling it reckless."
    doc = nlp(text)
    learned = [a for a in facts_of(doc).speech_acts if a.confidence <= LEARNED_CONFIDENCE]
    assert any(a.cue.text == "blasted" and "Smith" in a.speakers[0].span.text for a in learned)


def test_a_lexicon_word_its_gates_turned_away_is_a_plain_statement(rules):
    text = "Hundreds of farmers blocked the highway near the port, demanding lower fuel prices."
    assert read(rules, text, []) == []
    acts = read(rules, text, [proposal(text, "demanding", "Hundreds of farmers", "lower fuel prices")])
    assert [(a.kind, a.cue.text) for a in acts] == [(ActKind.STATEMENT, "demanding")]
    assert acts[0].confidence <= UNTYPED_CONFIDENCE
    # "defend" is an endorsement of an actor; defending one's own words is words reported all the same
    text = "The senator is defending his remarks about the trade deal."
    assert read(rules, text, []) == []
    acts = read(rules, text, [proposal(text, "is defending", "The senator", "his remarks about the trade deal")])
    assert [(a.kind, a.cue.text) for a in acts] == [(ActKind.STATEMENT, "is defending")]


def test_calling_someone_something_is_a_statement_about_them_not_a_call(rules):
    text = "Erdogan called Macron a liar on Tuesday. Putin called Erdogan on Wednesday."
    said = proposal(text, "called", "Erdogan", "Macron a liar")
    acts = read(rules, text, [said])
    (act,) = [a for a in acts if a.cue.start == said.cue.start]
    assert act.kind is ActKind.STATEMENT and act.confidence <= UNTYPED_CONFIDENCE
    assert [m.denotes for m in act.targets] == [("emmanuel-macron",)]
    # the same verb with an actor and no predicate stays the rules' phone call
    assert [a.kind for a in acts if a.cue.start != said.cue.start] == [ActKind.PHONE_CALL]


def test_a_consultation_word_with_words_otherwise_is_a_statement_when_no_one_is_spoken_with(rules):
    text = "Macron spoke about the war at length on Tuesday."
    assert read(rules, text, []) == []
    acts = read(rules, text, [proposal(text, "spoke", "Macron", "about the war")])
    assert [(a.kind, a.cue.text) for a in acts] == [(ActKind.STATEMENT, "spoke")]


def test_support_its_gates_turned_away_makes_no_act(rules):
    text = "Turkey has strongly backed the military operations of its ally since the war began."
    acts = read(rules, text, [proposal(text, "backed", "Turkey", "the military operations of its ally")])
    assert not [a for a in acts if a.cue.text == "backed"]


def test_a_proposal_without_a_source_speaks_with_the_cue_subject(rules):
    text = "Ambassador Maria Lopez visited the camp on Friday and reported that food was running out."
    acts = read(rules, text, [proposal(text, "reported", None, "that food was running out")])
    (act,) = [a for a in acts if a.cue.text == "reported"]
    assert "Lopez" in act.speakers[0].span.text
    assert act.content is not None and act.content.text == "that food was running out"


def test_a_quote_broken_by_its_attribution_keeps_its_pieces_as_content(rules):
    text = '"We will not give up," Minister Lena Berg said on Monday. "The talks go on."'
    pieces = (span(text, '"We will not give up,"'), span(text, '"The talks go on."'))
    proposed = AttributionProposal(cue=span(text, "said"), sources=(span(text, "Minister Lena Berg"),),
                                   contents=pieces, score=0.9)
    (act,) = read(rules, text, [proposed])
    assert act.content_pieces == pieces
    assert act.content is not None and (act.content.start, act.content.end) == (pieces[0].start, pieces[1].end)


def test_the_rules_content_stands_where_the_model_reads_another(rules):
    text = "Armenia accused Azerbaijan of shelling Stepanakert, the ministry said."
    acts = read(rules, text, [proposal(text, "accused", "Armenia", "Azerbaijan")])
    (act,) = [a for a in acts if a.cue.text == "accused"]
    assert act.content is not None and act.content.text == "shelling Stepanakert"
    assert act.content_pieces == ()


def test_a_proposal_on_a_consultation_makes_no_second_act(rules):
    text = "Saudi Arabia and the United States have resumed mediation between the two armies in Jeddah."
    before = read(rules, text, [])
    after = read(rules, text, [proposal(text, "have resumed", "the United States", None)])
    assert [(a.kind, a.cue) for a in after] == [(a.kind, a.cue) for a in before]


def test_a_proposal_on_a_nominal_act_of_the_rules_completes_it(rules):
    text = '"Talks must resume within a week," read a statement issued by the Italian foreign ministry.'
    before = read(rules, text, [])
    after = read(rules, text, [proposal(text, "read", "a statement issued by the Italian foreign ministry",
                                        '"Talks must resume within a week,"')])
    assert len(after) == len(before)


def test_the_subject_of_a_passive_cue_is_never_its_speaker(rules):
    text = "Former defence minister Ivan Petrov has been accused of taking bribes by prosecutors."
    acts = read(rules, text, [proposal(text, "accused", "Former defence minister Ivan Petrov",
                                       "of taking bribes")])
    assert not [a for a in acts if any("Petrov" in m.span.text for m in a.speakers)]


@pytest.mark.parametrize(
    ("text", "cue", "source", "model_content", "targets", "content"),
    [
        ("Armenia accused Turkey of sending mercenaries to the front.", "accused", "Armenia",
         "Turkey of sending mercenaries to the front", [("Turkey", ("turkey",))], "sending mercenaries to the front"),
        # an accused no actor answers to stays out of the content as a named one does
        ("The militia blamed army air strikes for the deaths of civilians in the city.", "blamed", "The militia",
         "army air strikes for the deaths of civilians in the city", [], "the deaths of civilians in the city"),
        # the accused government named after its leader is the target, not the content
        ("China accused the Biden administration of interfering in its internal affairs.", "accused", "China",
         "the Biden administration of interfering in its internal affairs",
         [("Biden administration", ("united-states",))], "interfering in its internal affairs"),
    ],
)
def test_the_rules_content_stands_where_the_model_pieces_hold_the_accused(
    rules, text: str, cue: str, source: str, model_content: str, targets: list, content: str
):
    acts = read(rules, text, [proposal(text, cue, source, model_content)])
    (act,) = [a for a in acts if a.cue.text == cue]
    assert [(m.span.text, m.denotes) for m in act.targets] == targets
    assert act.content is not None and act.content.text == content


@pytest.mark.parametrize("text", [
    "Egypt offered to mediate between the two sides.",
    "Hungary refused to meet the delegation.",
    "Oman proposed to host talks between the two governments.",
])
def test_talks_an_act_offers_or_refuses_are_no_consultation(rules, text):
    assert not [a for a in read(rules, text, []) if a.kind.is_consultation]


def test_the_subject_of_a_passive_cue_is_no_speaker_even_when_the_model_tags_it(rules):
    text = "Kaja Kallas met Sergey Lavrov on Monday. He was called out by Kallas for his lies."
    acts = read(rules, text, [proposal(text, "called out", "He", None)])
    (act,) = [a for a in acts if a.cue.text == "called out"]
    assert act.kind is ActKind.CRITICISM
    # "He" is who was called out: crediting it as a mention of the speaker would put Kallas there
    assert [m.span.text for m in act.speakers] == ["Kallas"]


def test_a_document_the_model_tags_as_a_source_without_content_sources_its_sentence_act(rules):
    text = "Erdogan told Zelensky that Ankara was ready to mediate, according to the statement."
    acts = read(rules, text, [proposal(text, "told", "Erdogan", "that Ankara was ready to mediate,"),
                              proposal(text, "according to", "the statement", None)])
    assert [a.cue.text for a in acts if a.kind is ActKind.STATEMENT] == ["told"]


def test_a_dateline_before_the_source_is_not_the_speaker(rules):
    """The model's source span may run from a paragraph's dateline into the subject ("ATLANTIC CITY —
    Hillary Clinton"): the dateline names where the story was filed, the speaker is the person."""
    text = (
        "Casino workers cheer Clinton.\n\n"
        "ATLANTIC CITY — Hillary Clinton came to the old resort town on Wednesday afternoon, delivering a "
        "blistering critique of the casino owners."
    )
    cue = "delivering a blistering critique of"
    acts = read(rules, text, [proposal(text, cue, "ATLANTIC CITY — Hillary Clinton", "the casino owners")])
    (act,) = [a for a in acts if a.cue.text == cue]
    assert [m.span.text for m in act.speakers] == ["Hillary Clinton"]


def test_a_source_span_running_into_a_conjunction_still_speaks(rules):
    """The model's source span may take the punctuation and conjunction after it ("their attorneys,
    and"), whose head is the "and" the parser hangs on the main verb: the span's words speak."""
    text = "The relatives watched the videos on Thursday, according to their attorneys, and said little."
    acts = read(rules, text, [proposal(text, "according to", "their attorneys, and",
                                       "The relatives watched the videos on Thursday")])
    (act,) = [a for a in acts if a.cue.text == "according to"]
    assert [m.span.text for m in act.speakers] == ["attorneys"]
    # the parse decides what is punctuation: the "%" spaCy calls punctuation is the head of "42%"
    text = "On economic issues, 42% say they are liberal."
    (act,) = read(rules, text, [proposal(text, "say", "42%", "they are liberal")])
    assert act.speakers


def test_an_act_inside_a_quote_stands_only_where_the_model_proposes_one(rules):
    """Speech inside another's quoted words is mostly hypothetical or generic ("he would ... say, uh
    huh"): with the model running, it is an act only where the model proposes one; the rules-only
    build (no proposals at all) keeps what the rules read."""
    text = ('"He would look at me and say, uh huh, and then he would ask another question," '
            "the senator recalled on Tuesday.")
    outer = proposal(text, "recalled", "the senator", text[: text.index(" the senator")])
    assert [a.cue.text for a in read(rules, text, [outer])] == ["recalled"]
    inner = proposal(text, "say", "He", "uh huh")
    assert [a.cue.text for a in read(rules, text, [outer, inner])] == ["say", "recalled"]
    doc = rules(text)  # rules only: the model never ran
    assert "say" in [a.cue.text for a in facts_of(doc).speech_acts]


def test_a_bare_noun_act_stands_only_where_the_model_proposes_one(rules):
    """"Russia's threats" with nothing said, asked or aimed at says only that an act exists (and the
    word is often another sense): with the model running it needs a proposal. A "by" phrase naming
    its source or a clause saying what it asks keeps it, and so does a rules-only build."""
    cues = lambda text, proposals: [a.cue.text for a in read(rules, text, proposals)]  # noqa: E731
    bare = "Russia's threats had worried the Baltic states for years."
    assert cues(bare, []) == []
    assert cues(bare, [proposal(bare, "threats", "Russia", None)]) == ["threats"]
    assert [a.cue.text for a in facts_of(rules(bare)).speech_acts] == ["threats"]
    assert cues("The threats by Russia had worried the Baltic states for years.", []) == ["threats"]
    assert cues("Russia's demand to close the base had worried the Baltic states for years.", []) == ["demand"]


def test_a_plain_report_inside_another_acts_content_stands_only_where_the_model_proposes_one(rules):
    """A statement read inside another act's content ("said Trump was right when he said ...") is a
    report within a report: with the model running it needs a proposal. A typed act there is the news
    ("said Russia had accused Ukraine ...") and stays; a rules-only build keeps both."""
    text = "The senator said Trump was right when he said the deal was bad for workers."
    outer = proposal(text, "said", "The senator", "Trump was right when he said the deal was bad for workers")
    assert [a.cue.start for a in read(rules, text, [outer])] == [12]
    inner = proposal(text, "he said", "he", "the deal was bad for workers")
    inner = AttributionProposal(span(text, "said", 1), inner.sources, inner.contents, 0.9)
    assert [a.cue.start for a in read(rules, text, [outer, inner])] == [12, 41]
    assert [a.cue.start for a in facts_of(rules(text)).speech_acts] == [12, 41]
    # the content's pieces count, not its extent: "adding" lies between the two pieces of "said"
    text = '"Our patience is not unlimited," the minister said, adding that the government would respond.'
    pieces = (span(text, '"Our patience is not unlimited,"'), span(text, "the government would respond"))
    said = AttributionProposal(span(text, "said"), (span(text, "the minister"),), pieces, 0.9)
    assert [a.cue.text for a in read(rules, text, [said])] == ["said", "adding"]
    typed = "The senator said Russia had accused Ukraine of shelling the plant."
    said = proposal(typed, "said", "The senator", "Russia had accused Ukraine of shelling the plant")
    assert [a.cue.text for a in read(rules, typed, [said])] == ["said", "accused"]


def test_the_models_content_stops_before_a_typed_act_coordinated_with_the_cue(rules):
    """The model's content of "condemned the strike ... and demanded an investigation" runs on into
    the demand, which the rules read as an act of its own: the content ends before "and demanded"."""
    text = "The Arab League condemned the strike on the camp and demanded an immediate investigation."
    content = "the strike on the camp and demanded an immediate investigation"
    acts = read(rules, text, [proposal(text, "condemned", "The Arab League", content)])
    assert {a.cue.text: a.content.text for a in acts} == {
        "condemned": "the strike on the camp", "demanded": "an immediate investigation"}
