"""The lexicons the actor, conflict and relation components read, shipped as package data.

Each file under ``newskg/builder/data/`` is a TSV with ``#`` comment lines and a header row; the
loaders here parse them once and cache the result, so the components hold no word lists in code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from ...errors import ExtractionError
from ..tables import read_tsv

__all__ = [
    "BODY_KINDS",
    "ConflictWord",
    "RelationCue",
    "Title",
    "conflict_words",
    "group_nouns",
    "not_names",
    "place_nouns",
    "pronouns",
    "read_table",
    "relation_cues",
    "titles",
]


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of the TSV ``newskg/builder/data/{name}`` as dicts keyed by its header, cells stripped.

    Raises :class:`ExtractionError` naming ``file:line`` for a row with the wrong number of columns.
    """
    text = resources.files("newskg.builder").joinpath("data", name).read_text(encoding="utf-8")
    return [
        {key.strip(): value.strip() for key, value in row.items()}
        for _, row in read_tsv(text, where=f"newskg/builder/data/{name}", error=ExtractionError)
    ]


@dataclass(frozen=True, slots=True)
class Title:
    words: tuple[str, ...]  # lower-case tokens of the singular phrase
    title: str  # canonical form, e.g. "Foreign Minister"


@functools.cache
def titles() -> dict[tuple[str, ...], Title]:
    """Titles by their lower-case token tuple (singular and plural forms)."""
    out: dict[tuple[str, ...], Title] = {}
    for row in read_table("actors_titles.tsv"):
        words = tuple(row["phrase"].lower().replace("-", " - ").split())
        title = Title(words, row["title"])
        out[words] = title
        plural = (*words[:-1], words[-1] + "s")
        out.setdefault(plural, title)
    return out


@functools.cache
def title_edges() -> tuple[frozenset[str], frozenset[str]]:
    """The first words and the last words of the title phrases of :func:`titles`: a word that is
    neither cannot begin or end a title, which rules out nearly every token at once."""
    table = titles()
    return frozenset(words[0] for words in table), frozenset(words[-1] for words in table)


#: The kinds of :func:`group_nouns` that are a state's body (``government`` is one too).
BODY_KINDS = frozenset({"body", "government"})


@functools.cache
def group_nouns() -> dict[str, str]:
    """Lemma -> ``body`` | ``government`` | ``group`` | ``collective``."""
    return {row["noun"]: row["kind"] for row in read_table("actors_group_nouns.tsv")}


@functools.cache
def pronouns() -> dict[str, tuple[str, frozenset[str]]]:
    """Lower-case pronoun -> (``sg`` | ``pl``, actor kinds it may refer to)."""
    return {
        row["pronoun"]: (row["number"], frozenset(row["kinds"].split(",")))
        for row in read_table("actors_pronouns.tsv")
    }


@functools.cache
def not_names() -> frozenset[str]:
    """Lower-case capitalised words that never name an actor ("April", "Friday", "Ramadan")."""
    return frozenset(row["word"] for row in read_table("actors_not_names.tsv"))


@functools.cache
def place_nouns() -> frozenset[str]:
    """Nouns after which "of X" names a place ("the city of Nablus")."""
    return frozenset(row["noun"] for row in read_table("actors_place_nouns.tsv"))


@dataclass(frozen=True, slots=True)
class ConflictWord:
    lemma: str
    kind: str  # a ConflictKind value
    label: str  # the noun used in a described conflict's label ("war", "conflict")


@functools.cache
def conflict_words() -> dict[str, ConflictWord]:
    """Head lemmas that name a conflict ("war", "hostilities", "crisis") -> their kind."""
    return {
        row["lemma"]: ConflictWord(row["lemma"], row["kind"], row["label"])
        for row in read_table("conflicts_words.tsv")
    }


@dataclass(frozen=True, slots=True)
class RelationCue:
    lemma: str
    relation: str  # a RelationKind value
    direction: str  # active: subject -> object; possessive: "X's ally Y" -> Y rel X
    confidence: float


@functools.cache
def relation_cues() -> dict[tuple[str, bool], RelationCue]:
    """(cue lemma, is a noun) -> the relation it asserts ("support" the verb and the noun differ)."""
    out: dict[tuple[str, bool], RelationCue] = {}
    for row in read_table("relations_cues.tsv"):
        cue = RelationCue(row["lemma"], row["relation"], row["direction"], float(row["confidence"]))
        out[(cue.lemma, cue.direction in ("noun", "ally"))] = cue
    return out
