"""Entity links scored mention by mention on the project's own linking cases (issue 18).

A case is a folder ``<name>/`` with ``article.txt`` (written for the project) and ``expected.json``::

    {"mentions": [
      {"text": "Washington", "occurrence": 1, "literal": "Q61", "actor": "Q30"},
      {"text": "the Kremlin", "literal": "item", "actor": "Q159"},
      {"text": "Russia", "occurrence": 2, "literal": null, "actor": null}
    ]}

``literal`` is the Wikidata item the words name (``itsrdf:taIdentRef``), ``actor`` the item of the
actor the mention stands for (``nk:denotes`` -> ``owl:sameAs``); ``null`` means no link is right (a
piece of a longer name, a national team); ``"item"`` means the words name an item whose id the
project has not checked (a link to any other item is wrong, no link is a miss). ``occurrence``
(default 1) picks the n-th occurrence of ``text`` in the article.

Three figures, each with precision (right / links made on listed mentions) and recall (right /
mentions with an expected item):

* **literal**: the mention's ``itsrdf:taIdentRef`` against ``literal``;
* **actor**: the items of the actors it denotes against ``actor``;
* **referee**: as ``score.py el`` reads a graph, ``itsrdf:taIdentRef`` first, else the actor's item,
  against ``literal`` (what the words name: literal referents scored as literal); as there, a link
  on a mention whose words name no item is counted apart (``on_nil``), neither right nor wrong.

A system mention counts for an expected one when it overlaps it and is not much longer (the
referee's rule). Links on mentions the cases do not list are reported, not counted.

>>> score = LinkScore()
>>> score.add("literal", "Q61", {"Q61"})
>>> score.add("literal", None, {"Q159"})
>>> score.figures("literal")
{'right': 1, 'wrong': 1, 'missed': 0, 'expected': 1, 'precision': 0.5, 'recall': 1.0}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..builder.facts import DocumentFacts, Mention
from ..builder.linking.referents import all_mentions
from ..errors import InputError

__all__ = ["ExpectedMention", "LinkCase", "LinkScore", "read_cases", "score_case"]

KINDS = ("literal", "actor", "referee")


@dataclass(frozen=True, slots=True)
class ExpectedMention:
    text: str
    start: int
    end: int
    literal: str | None  # a QID, "item" (an unchecked item), or None (no link is right)
    actor: str | None


@dataclass(frozen=True, slots=True)
class LinkCase:
    name: str
    text: str
    mentions: tuple[ExpectedMention, ...]


def read_cases(folder: Path) -> list[LinkCase]:
    """Every case folder under ``folder`` (sorted by name); errors name the file."""
    cases = []
    for case in sorted(p for p in folder.iterdir() if (p / "expected.json").is_file()):
        text = (case / "article.txt").read_text(encoding="utf-8")
        try:
            data = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc}", where=str(case / "expected.json")) from exc
        mentions = []
        for item in data["mentions"]:
            start = -1
            for _ in range(int(item.get("occurrence", 1))):
                start = text.find(item["text"], start + 1)
                if start < 0:
                    raise InputError(f"{item['text']!r} does not occur often enough", where=str(case))
            mentions.append(ExpectedMention(item["text"], start, start + len(item["text"]), item.get("literal"),
                                            item.get("actor")))
        cases.append(LinkCase(case.name, text, tuple(mentions)))
    return cases


@dataclass
class LinkScore:
    """Right, wrong and missed links per kind, with the mistakes spelled out."""

    counts: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0, 0, 0] for k in KINDS})
    on_nil: int = 0  # referee: links where the words name no item (the referee counts them apart)
    mistakes: list[str] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)

    def add(self, kind: str, expected: str | None, found: set[str], where: str = "") -> None:
        right, wrong, missed, total = self.counts[kind]
        if expected is not None:
            total += 1
        if expected is not None and expected in found:
            right += 1
        elif found and expected is None and kind == "referee":
            self.on_nil += 1  # "Chinese officials" -> China: score.py el neither rewards nor faults it
        elif found:
            wrong += 1
            self.mistakes.append(f"{where} {kind}: {sorted(found)} (expected {expected or 'no link'})".strip())
        elif expected is not None:
            missed += 1
        self.counts[kind] = [right, wrong, missed, total]

    def figures(self, kind: str) -> dict[str, float | int | None]:
        right, wrong, missed, total = self.counts[kind]
        return {
            "right": right, "wrong": wrong, "missed": missed, "expected": total,
            "precision": round(right / (right + wrong), 3) if right + wrong else None,
            "recall": round(right / total, 3) if total else None,
        }


def _fits(mention: Mention, expected: ExpectedMention) -> bool:
    start, end = mention.span.start, mention.span.end
    overlaps = start < expected.end and expected.start < end
    return overlaps and end - start <= 2 * (expected.end - expected.start) + 15


def _actor_items(facts: DocumentFacts, mention: Mention) -> set[str]:
    items = set()
    for key in mention.denotes:
        entity = facts.entities.get(key)
        if entity is not None and entity.qid:
            items.add(entity.qid)
    return items


def _links(facts: DocumentFacts, mentions: list[Mention]) -> Iterator[tuple[str, set[str]]]:
    literal = {m.literal for m in mentions if m.literal}
    actor = set().union(*(_actor_items(facts, m) for m in mentions)) if mentions else set()
    referee: set[str] = set()
    for m in mentions:
        referee |= {m.literal} if m.literal else _actor_items(facts, m)
    yield "literal", literal
    yield "actor", actor
    yield "referee", referee


def score_case(case: LinkCase, facts: DocumentFacts, score: LinkScore) -> None:
    """Adds one built case to ``score``."""
    mentions = list(all_mentions(facts))
    listed: set[int] = set()
    for expected in case.mentions:
        fitting = [m for m in mentions if _fits(m, expected)]
        listed.update(id(m) for m in fitting)
        want = {"literal": expected.literal, "actor": expected.actor, "referee": expected.literal}
        for kind, found in _links(facts, fitting):
            where = f"{case.name}: {expected.text!r}@{expected.start}"
            score.add(kind, want[kind], found, where)
    for m in mentions:
        if id(m) not in listed and (m.literal or _actor_items(facts, m)):
            score.unlisted.append(f"{case.name}: {m.span.text!r}@{m.span.start} -> "
                                  f"{m.literal or '-'} / {sorted(_actor_items(facts, m))}")
