"""Literal referents: what the words of a mention name, beside the actor it stands for.

"Washington accused Beijing": the mention *Washington* denotes the United States (``nk:denotes``,
the actor that acts) and its words name the city, Q61 (``itsrdf:taIdentRef``); its
``nk:metonymyType`` says how the one stands for the other (a capital for its state). The shipped
table ``data/referents.tsv`` holds the capitals and government buildings of the gazetteer's states
with their Wikidata items where those were checked (see its header).

:func:`mark_referents` sets ``Mention.literal``, ``literal_confidence`` and ``metonymy`` on a
document's facts after linking, from how each mention was resolved (``Mention.via``):

* a name or alias names the actor itself: its literal referent is the actor's own item;
* a capital or a government building names the place: the table's item, when known;
* a demonym ("the Russian side") or a body ("the French government") names no item of its own;
* pronouns and descriptions name nothing.

>>> table = Referents.default()
>>> table.get("turkey", "Ankara").qid
'Q3640'
>>> table.get("united-states", "the White House").kind
'building'
>>> table.get("russia", "Kremlin").qid is None  # no checked item: no literal link rather than a guess
True
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from newskg.errors import InputError

from ..facts import METONYMY_TYPES, ActorKind, DocumentFacts, Mention
from ..tables import read_tsv
from .gazetteer import normalise_name

__all__ = ["METONYMY_TYPES", "Referent", "Referents", "all_mentions", "mark_referents"]

# How sure a literal link is, by how the mention was resolved: the table's capitals and buildings are
# exact names; a name's literal referent is as sure as the actor's own link.
_TABLE_CONFIDENCE = 0.95


@dataclass(frozen=True, slots=True)
class Referent:
    """A place or building whose name stands for a state's government."""

    state: str  # gazetteer key of the state it stands for
    name: str
    qid: str | None
    kind: str  # "capital" | "building"


class Referents:
    """The literal-referent table, looked up by state key and name (normalised as the gazetteer does)."""

    def __init__(self, rows: Iterable[Referent]) -> None:
        self._by_name: dict[tuple[str, str], Referent] = {}
        for row in rows:
            self._by_name.setdefault((row.state, normalise_name(row.name)), row)

    @classmethod
    @functools.cache
    def default(cls) -> Referents:
        """The table shipped with newskg (loaded once per process)."""
        data = resources.files("newskg.builder.linking").joinpath("data/referents.tsv")
        with resources.as_file(data) as path:
            return cls(read_referents(path))

    def get(self, state: str, name: str) -> Referent | None:
        return self._by_name.get((state, normalise_name(name)))

    def __len__(self) -> int:
        return len(self._by_name)


def read_referents(path: Path) -> list[Referent]:
    """Parses the referents TSV; errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the referents table: {exc}", where=str(path)) from exc
    rows: list[Referent] = []
    for lineno, row in read_tsv(text, where=str(path), error=InputError):
        if row["type"] not in ("capital", "building"):
            raise InputError(f"unknown referent type {row['type']!r}", where=f"{path}:{lineno}")
        rows.append(Referent(row["state"], row["name"], row["qid"] or None, row["type"]))
    return rows


def all_mentions(facts: DocumentFacts) -> Iterator[Mention]:
    """Every mention object the facts hold (the list, the acts' roles, relations, conflicts, places), once."""
    seen: set[int] = set()
    groups: list[Iterable[Mention | None]] = [facts.mentions]
    for act in facts.speech_acts:
        groups.append((*act.speakers, *act.addressees, *act.targets))
    for relation in facts.relations:
        groups.append((relation.subject_mention, relation.object_mention))
    for conflict in facts.conflicts.values():
        groups.append(conflict.mentions)
    for place in facts.places.values():
        groups.append(place.mentions)
    for group in groups:
        for mention in group:
            if mention is not None and id(mention) not in seen:
                seen.add(id(mention))
                yield mention


def mark_referents(facts: DocumentFacts, referents: Referents | None = None) -> None:
    """Sets each mention's literal referent and metonymy type (see the module docstring)."""
    table = referents or Referents.default()
    for mention in all_mentions(facts):
        _mark(facts, table, mention)


def _mark(facts: DocumentFacts, table: Referents, mention: Mention) -> None:
    if len(mention.denotes) != 1:
        return  # "the U.S., Russia and France": one stretch of text, several items
    key = mention.denotes[0]
    via = mention.via
    if via in ("capital", "metonym"):
        found = table.get(key, mention.span.text)
        mention.metonymy = found.kind if found is not None else ("capital" if via == "capital" else "building")
        if found is not None and found.qid:
            mention.literal, mention.literal_confidence = found.qid, _TABLE_CONFIDENCE
        return
    entity = facts.entities.get(key)
    if via == "demonym":
        mention.metonymy = "demonym"
    elif via == "group" and entity is not None and entity.kind is ActorKind.STATE:
        mention.metonymy = "government"
    elif via in ("name", "alias"):
        if entity is not None and entity.qid:
            mention.literal, mention.literal_confidence = entity.qid, entity.link_confidence
        elif key in facts.conflicts and facts.conflicts[key].qid:
            mention.literal = facts.conflicts[key].qid
    elif via == "place" and key in facts.places and facts.places[key].qid:
        mention.literal = facts.places[key].qid
    elif via == "conflict" and key in facts.conflicts and facts.conflicts[key].qid:
        mention.literal = facts.conflicts[key].qid
