"""Attributions the page's layout makes (speech/layout.py): a transcript's or a headline's turn and a
signed quote (texts written for these tests; the real English model, the rules' pipeline)."""

from __future__ import annotations

from newskg.builder.components import facts_of
from newskg.builder.facts import ActKind, SpeechAct

TRANSCRIPT = (
    "Lavrov: West Is Playing With Fire Over Ukraine.\n\n"
    "Russian Foreign Minister Sergei Lavrov spoke to a state channel on Sunday. Partial transcript as follows:\n\n"
    '"HOST: Will Moscow attend the talks in Geneva next week?\n\n'
    '"LAVROV: We will go if our proposals are on the table. The West keeps ignoring them.\n\n'
    "Correction: An earlier version of this article misstated the date of the interview.\n"
)

SIGNED = (
    "Residents of Kharkiv described the night of shelling.\n\n"
    "\u201cWe spent the whole night in the basement with the children.\u201d \u2015 Olena Kovalenko\n"
    "\u201cThe sirens never stopped and nobody came to help us.\u201d\u2015 Andriy Melnyk.\n\n"
    "The mayor said the city would rebuild. \u201cEnough,\u201d \u2014 he said.\n"
)


def acts_of(annotate, text: str) -> list[SpeechAct]:
    return facts_of(annotate(text)).speech_acts


def by_cue(acts: list[SpeechAct], cue: str) -> list[SpeechAct]:
    return [a for a in acts if a.cue.text.endswith(cue)]


def test_a_transcript_turn_is_a_statement_by_the_person_its_name_stands_for(annotate) -> None:
    acts = acts_of(annotate, TRANSCRIPT)
    turns = [a for a in by_cue(acts, ":") if a.content is not None and "proposals" in a.content.text]
    assert len(turns) == 1
    [turn] = turns
    assert turn.kind is ActKind.STATEMENT and turn.is_quote
    [speaker] = turn.speakers
    assert speaker.span.text == "LAVROV"  # where the text credits him, read as his surname
    assert speaker.denotes == ("sergey-lavrov",)
    assert turn.content.text == "We will go if our proposals are on the table. The West keeps ignoring them."


def test_a_headline_turn_speaks_and_labels_make_no_act(annotate) -> None:
    acts = acts_of(annotate, TRANSCRIPT)
    colons = {TRANSCRIPT[a.cue.start - 12 : a.cue.start].strip(): a for a in by_cue(acts, ":")}
    headline = next(a for a in by_cue(acts, ":") if a.cue.start < TRANSCRIPT.index("\n"))
    assert {k for m in headline.speakers for k in m.denotes} == {"sergey-lavrov"}
    assert headline.content is not None and headline.content.text == "West Is Playing With Fire Over Ukraine."
    # "HOST" names nobody of the article, "as follows:" is no name, "Correction:" is a label
    assert not any("Correction" in k or "follows" in k or "HOST" in k for k in colons), sorted(colons)


def test_a_quote_signed_with_a_dash_is_a_statement_by_the_signer(annotate) -> None:
    acts = acts_of(annotate, SIGNED)
    signed = sorted(by_cue(acts, "\u2015"), key=lambda a: a.cue.start)
    assert [[m.span.text for m in a.speakers] for a in signed] == [["Olena Kovalenko"], ["Andriy Melnyk"]]
    assert [a.content.text for a in signed if a.content] == [
        "We spent the whole night in the basement with the children.",
        "The sirens never stopped and nobody came to help us.",
    ]
    assert all(a.kind is ActKind.STATEMENT and a.is_quote for a in signed)
    # a dash followed by a verb is no signature: "said" reports that quote
    assert not by_cue(acts, "\u2014")


def test_rows_of_a_table_and_interview_letters_make_no_turn(annotate) -> None:
    text = (
        "Delegates won so far.\n\nHillary Clinton and Bernie Sanders split the states on Tuesday.\n\n"
        "Clinton: 2,316.\nSanders: 1,547.\n\nQ: How did the campaign go for you?\nA: It went very well, thank you.\n"
    )
    assert not by_cue(acts_of(annotate, text), ":")


def test_a_surname_two_people_of_the_article_share_speaks_for_neither(annotate) -> None:
    text = (
        "Council member Maria Dovzhenko and her brother, the mayor Taras Dovzhenko, and the engineer Ivan "
        "Sirko spoke on local radio on Monday.\n\n"
        '"DOVZHENKO: The bridge will be rebuilt before the winter comes.\n\n'
        '"SIRKO: The money for the bridge has not arrived yet.\n'
    )
    turns = {a.speakers[0].span.text: a for a in by_cue(acts_of(annotate, text), ":")}
    assert "DOVZHENKO" not in turns  # Maria or Taras: guessing would credit the wrong one
    assert {k for m in turns["SIRKO"].speakers for k in m.denotes} == {"ivan-sirko"}
