"""Golden cases: every tests/cases/<name>/ article yields the speech acts its expected.json lists
(the format is described in tests/cases/README.md)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from newskg.builder.components import facts_of

CASES = Path(__file__).resolve().parents[1] / "cases"
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "expected.json").is_file())


def _norm(label: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.casefold().split())


def test_there_are_at_least_four_cases() -> None:
    assert len(CASE_DIRS) >= 4


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_golden_case(case: Path, annotate) -> None:
    text = (case / "article.txt").read_text("utf-8")
    expected = json.loads((case / "expected.json").read_text("utf-8"))
    doc = annotate(text, published=expected.get("published"), doc_id=case.name)
    facts = facts_of(doc)
    by_cue = {(a.cue.start, a.cue.text): a for a in facts.speech_acts}

    def labels(mentions) -> set[str]:
        return {_norm(facts.entities[k].label if k in facts.entities else k) for m in mentions for k in m.denotes}

    problems = []
    for want in expected["speech_acts"]:
        assert text[want["cue_start"] : want["cue_start"] + len(want["cue"])] == want["cue"], want
        act = by_cue.pop((want["cue_start"], want["cue"]), None)
        where = f"{want['cue']}@{want['cue_start']}"
        if act is None:
            problems.append(f"{where}: no act")
            continue
        if act.kind.value != want["type"]:
            problems.append(f"{where}: type {act.kind.value} != {want['type']}")
        for role, got in (("speakers", act.speakers), ("targets", act.targets), ("addressees", act.addressees)):
            if role in want and labels(got) != {_norm(x) for x in want[role]}:
                problems.append(f"{where}: {role} {sorted(labels(got))} != {want[role]}")
        for flag in ("negated", "is_quote"):
            if flag in want and getattr(act, flag) != want[flag]:
                problems.append(f"{where}: {flag} {getattr(act, flag)} != {want[flag]}")
        for link in ("responds_to", "reported_by"):
            if link in want:
                got_link = getattr(act, link)
                if (got_link.text if got_link else None) != want[link]:
                    problems.append(f"{where}: {link} {got_link} != {want[link]}")
        if "date" in want and act.date != want["date"]:
            problems.append(f"{where}: date {act.date} != {want['date']}")
    if expected.get("complete", True):
        problems.extend(f"{a.cue.text}@{a.cue.start}: unexpected {a.kind.value}" for a in by_cue.values())
    assert not problems, "\n".join(problems)
