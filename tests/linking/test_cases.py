"""The project's linking cases (``tests/linking/cases/<name>/``, written for the project): no wrong
link, literal or actor, and no link at all on a piece of a longer name or a name in a sport, business
or culture sense (issue 18). Recall is measured by ``benchmarks/linking_precision.py``, not asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from newskg.builder.build import Builder
from newskg.builder.facts import Document
from newskg.builder.linking import build_linker
from newskg.evaluation.linking import LinkScore, read_cases, score_case

CASES = read_cases(Path(__file__).with_name("cases"))


@pytest.fixture(scope="module")
def builder(tmp_path_factory: pytest.TempPathFactory) -> Builder:
    from newskg.builder.pipeline import load_pipeline

    cache = tmp_path_factory.mktemp("cache") / "links.sqlite"
    return Builder(nlp=load_pipeline(), linker=build_linker(offline=True, cache_path=cache))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_wrong_link_in_the_case(case, builder: Builder) -> None:
    score = LinkScore()
    score_case(case, builder.facts(Document(id=case.name, text=case.text)), score)
    assert [m for m in score.mistakes if " referee:" not in m or "(expected no link)" in m] == []
    assert score.figures("literal")["wrong"] == 0 and score.figures("actor")["wrong"] == 0


def test_pieces_of_longer_names_are_listed_in_the_cases() -> None:
    unlinked = [m for c in CASES for m in c.mentions if m.literal is None and m.actor is None]
    assert len(unlinked) >= 10  # the cases pin the hard ones, not only the easy links


def test_the_referee_view_reads_the_literal_referent_first() -> None:
    score = LinkScore()
    score.add("referee", "Q61", {"Q61"})  # "Washington" with itsrdf:taIdentRef Q61, denoting Q30
    score.add("referee", None, {"Q148"})  # "Chinese officials": the words name no item
    score.add("referee", "item", {"Q159"})  # "the Kremlin" without a checked item: the state is wrong
    assert score.figures("referee") == {"right": 1, "wrong": 1, "missed": 0, "expected": 2, "precision": 0.5,
                                          "recall": 0.5}
    assert score.on_nil == 1
