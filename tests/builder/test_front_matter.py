"""Plain-text articles with a headline, a byline and a dateline (tests/cases/front_matter/, written
for these tests): the reader keeps them as the document's metadata and builds the body alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from newskg.builder.build import Builder
from newskg.builder.corpus import read_inputs
from newskg.builder.front_matter import split_front_matter

CASES = Path(__file__).resolve().parents[1] / "cases" / "front_matter"


def documents() -> dict[str, object]:
    return {d.id: d for d in read_inputs([CASES])}


def test_headline_byline_and_dateline_become_metadata():
    docs = documents()
    eu, india, talks = docs["eu_aid_call"], docs["india_rejects"], docs["ceasefire_talks"]
    assert eu.title == "EU Urges Israel to Let More Aid Into Gaza"
    assert eu.dateline == "Brussels"
    assert eu.text.startswith("The European Union on Tuesday urged Israel")
    assert india.title == "India Rejects Pakistani Accusation Over Border Firing"
    assert india.byline == "By Anjali Rao"
    assert india.dateline == "New Delhi"
    assert india.text.startswith("India on Monday rejected")
    assert talks.dateline == "Doha"
    assert talks.text.startswith("Qatar and Egypt are mediating")


@pytest.mark.parametrize(
    "text",
    [
        "Russia accused Ukraine of shelling the plant.\nKyiv denied it.",
        "A statement by the Kremlin said Putin and Erdogan discussed Syria.",
        "UN — The Security Council met on Monday.",
        "Talks resume\n",  # a title with nothing after it is the whole text
    ],
)
def test_prose_is_left_alone(text: str):
    found = split_front_matter(text)
    assert not found.found and found.body == text


@pytest.fixture(scope="module")
def built():
    builder = Builder(offline=True)
    return {doc_id: builder.facts(doc) for doc_id, doc in documents().items()}


def test_extraction_runs_on_the_body(built):
    eu = built["eu_aid_call"]
    labels = {e.label for e in eu.entities.values()}
    assert "BRUSSELS" not in labels and "Brussels" not in {
        e.label for a in eu.speech_acts for m in a.speakers for k in m.denotes for e in [eu.entities[k]]
    }
    appeal = next(a for a in eu.speech_acts if a.cue.text == "urged")
    assert {k for m in appeal.speakers for k in m.denotes} == {"european-union"}
    india = built["india_rejects"]
    assert not [e for e in india.entities.values() if "Rejects" in e.label]
    talks = built["ceasefire_talks"]
    assert not [a for a in talks.speech_acts if a.cue.text.lower() == "agree"]


def test_a_dateline_gives_its_agency_and_a_full_date_dates_the_article():
    docs = documents()
    council, talks, india = docs["council_sanctions"], docs["ceasefire_talks"], docs["india_rejects"]
    assert (council.dateline, council.published, council.agency) == ("Geneva", "2024-03-04", "Reuters")
    assert (talks.published, talks.agency) == (None, "AP")  # "March 3" without a year: no date
    assert (india.published, india.agency) == (None, "Reuters")


def test_relative_dates_in_the_body_are_read_against_the_dateline_date(built):
    council = built["council_sanctions"]
    criticism = next(a for a in council.speech_acts if a.cue.text == "criticised")
    assert (criticism.date_text, criticism.date) == ("Friday", "2024-03-01")


def test_a_name_in_capitals_before_a_dash_stays_in_the_body(tmp_path: Path):
    """"NATO — ..." opens with the alliance, not a dateline; "BERLIN — ..." is a dateline (the
    gazetteer judges, as the actor pass does for datelines inside a text)."""
    (tmp_path / "alliance.txt").write_text("NATO — The alliance said on Monday it would send more ships.\n")
    (tmp_path / "capital.txt").write_text("BERLIN — Germany said on Monday it would send more ships.\n")
    docs = {d.id: d for d in read_inputs([tmp_path])}
    assert docs["alliance"].text.startswith("NATO — The alliance") and docs["alliance"].dateline is None
    assert docs["capital"].text.startswith("Germany said") and docs["capital"].dateline == "Berlin"
