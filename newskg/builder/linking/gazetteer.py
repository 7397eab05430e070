"""The offline gazetteer: states, organisations, office holders, places and conflicts with their QIDs.

The data ship with the package (``data/gazetteer.tsv``, a tab-separated file whose header says where
its facts come from). Lookups are exact after normalisation, in memory, so the build can ask for
every mention without slowing down.

>>> g = Gazetteer.default()
>>> g.lookup("the Kremlin").entry.label
'Russia'
>>> g.lookup("Ankara").via
'capital'
>>> g.lookup("U.S.").entry.qid
'Q30'
>>> g.demonym("Azerbaijani").key
'azerbaijan'
>>> g.lookup("Who") is None  # an acronym ("WHO") matches only when written in capitals
True
"""

from __future__ import annotations

import csv
import functools
import logging
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from newskg.builder.facts import slug
from newskg.errors import InputError

__all__ = [
    "ENTRY_KINDS",
    "GAZETTEER_COLUMNS",
    "Gazetteer",
    "GazetteerEntry",
    "GazetteerLinker",
    "GazetteerMatch",
    "normalise_name",
    "read_gazetteer",
    "write_gazetteer",
]

log = logging.getLogger(__name__)

#: Lookups remembered before the memo starts afresh.
_MAX_ANSWERS = 20_000

ENTRY_KINDS = frozenset({"Person", "Organization", "State", "Group", "Conflict", "Place"})
GAZETTEER_COLUMNS = (
    "kind", "label", "qid", "aliases", "country", "capital", "demonyms", "metonyms", "titles", "members", "note",
)

# How much a match says about the entity: a full name is near certain; a capital or a demonym stands
# for its state only by metonymy, which the extractor has to confirm from context.
_CONFIDENCE = {"name": 0.98, "alias": 0.95, "metonym": 0.9, "capital": 0.85, "demonym": 0.8}
_PRIORITY = ("name", "alias", "metonym", "capital")

# Capitals that in news text far more often name something else (a person, another city, the EU in
# "Brussels"): they stay in the data for users but never resolve to their state.
_UNSAFE_CAPITALS = frozenset(
    {"victoria", "kingston", "georgetown", "male", "brussels", "san jose", "st john's", "st george's",
     "praia", "luxembourg", "sucre", "lima", "tarawa"}
)

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bb": "'",
                         "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u2010": "-",
                         "\u2011": "-"})
_PUNCT = re.compile(r"[\"(),;:!?\[\]{}]")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_QID = re.compile(r"^Q[1-9][0-9]*$")


def normalise_name(text: str) -> str:
    """The form names are compared in: case and diacritics folded, quotes and dashes unified,
    dots dropped ("U.S." == "US"), a leading "the " and a possessive "'s" removed.

    >>> normalise_name("  The Élysée ")
    'elysee'
    >>> normalise_name("U.S.")
    'us'
    >>> normalise_name("Erdogan\u2019s")
    'erdogan'
    """
    text = text.translate(_QUOTES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace(".", "")
    text = _PUNCT.sub(" ", text)
    text = _SPACES.sub(" ", text).strip().casefold()
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    elif text.endswith("s'"):
        text = text[:-1]
    return text.strip()


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "").replace("-", "").replace(" ", "")
    return 1 < len(letters) <= 6 and letters.isalnum() and letters.upper() == letters


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One actor, place or conflict the gazetteer knows, with the names news text uses for it."""

    key: str  # slug of label: "russia", "vladimir-putin", "osce-minsk-group"
    label: str  # canonical name
    kind: str  # "Person" | "Organization" | "State" | "Group" | "Conflict" | "Place"
    qid: str | None
    aliases: tuple[str, ...] = ()
    country: str | None = None  # key of its state (people, national bodies)
    capital: str | None = None  # states
    demonyms: tuple[str, ...] = ()  # states: "Russian", "Azeri", "U.S."
    metonyms: tuple[str, ...] = ()  # states: "the Kremlin", "the White House"
    titles: tuple[tuple[str, str | None], ...] = ()  # people: (("President", "russia"),)
    members: tuple[str, ...] = ()  # organisations: member state keys where that matters
    note: str = ""  # where its facts come from


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    """An entry found for a piece of text, how it was found and how sure that makes us."""

    entry: GazetteerEntry
    via: str  # "name" | "alias" | "capital" | "metonym" | "demonym"
    confidence: float


@dataclass(slots=True)
class _Index:
    by_name: dict[str, dict[str, list[GazetteerEntry]]] = field(default_factory=dict)  # norm -> via -> entries
    acronyms: set[str] = field(default_factory=set)  # normalised names only ever written as acronyms
    demonyms: dict[str, list[GazetteerEntry]] = field(default_factory=dict)


class Gazetteer:
    """Exact, normalised lookups over the entries' labels, aliases, capitals, metonyms and demonyms."""

    def __init__(self, entries: Iterable[GazetteerEntry], *, source: str = "<memory>") -> None:
        self.source = source
        self._entries: dict[str, GazetteerEntry] = {}
        for entry in entries:
            if entry.key in self._entries:
                raise InputError(f"two gazetteer entries have the key {entry.key!r}", where=source)
            self._entries[entry.key] = entry
        self._index = self._build_index()
        # answers by (text, kinds): the gazetteer never changes once built, and a corpus names the
        # same states and people in article after article (each lookup normalises the text afresh)
        self._answers: dict[tuple[str, str, frozenset[str] | None], object] = {}

    # -- construction -------------------------------------------------------------------------------

    @classmethod
    @functools.cache
    def default(cls) -> Gazetteer:
        """The gazetteer shipped with newskg (loaded once per process)."""
        data = resources.files("newskg.builder.linking").joinpath("data/gazetteer.tsv")
        with resources.as_file(data) as path:
            return cls.from_path(path)

    @classmethod
    def from_path(cls, path: str | Path) -> Gazetteer:
        """Reads a gazetteer TSV (the format of ``data/gazetteer.tsv``)."""
        path = Path(path)
        return cls(read_gazetteer(path), source=str(path))

    def _build_index(self) -> _Index:
        index = _Index()
        spelled_out: set[str] = set()

        def add(name: str, via: str, entry: GazetteerEntry) -> None:
            norm = normalise_name(name)
            if not norm:
                return
            entries = index.by_name.setdefault(norm, {}).setdefault(via, [])
            if entry not in entries:
                entries.append(entry)
            (index.acronyms if _is_acronym(name) else spelled_out).add(norm)

        for entry in self._entries.values():
            add(entry.label, "name", entry)
            for alias in entry.aliases:
                add(alias, "alias", entry)
            for metonym in entry.metonyms:
                add(metonym, "metonym", entry)
            if entry.capital and normalise_name(entry.capital) not in _UNSAFE_CAPITALS:
                add(entry.capital, "capital", entry)
            for demonym in entry.demonyms:
                demonyms = index.demonyms.setdefault(normalise_name(demonym), [])
                if entry not in demonyms:
                    demonyms.append(entry)
        index.acronyms -= spelled_out
        return index

    # -- lookups ------------------------------------------------------------------------------------

    def lookup(self, text: str, *, kinds: Collection[str] | None = None) -> GazetteerMatch | None:
        """The entry ``text`` names, or None when it names none or several equally well.

        Matches labels, then aliases, then metonyms, then capitals; ``kinds`` keeps only entries of
        those kinds. Text without a capital letter never matches (names are capitalised in news
        text, so "male" or "us" are words), and an acronym matches only when written in capitals.
        """
        key = ("lookup", text, None if kinds is None else frozenset(kinds))
        try:
            return self._answers[key]  # type: ignore[return-value]
        except KeyError:
            pass
        found = self._lookup(text, kinds)
        self._remember(key, found)
        return found

    def names_non_state(self, text: str) -> bool:
        """Whether ``text`` names an actor other than a state: a word in capitals before a dash that
        does ("NATO — the alliance said") is a name, not a dateline ("BERLIN —")."""
        found = self.lookup(text)
        return found is not None and found.entry.kind != "State"

    def _remember(self, key: tuple[str, str, frozenset[str] | None], answer: object) -> None:
        # memory stays flat over a corpus of any size: the names a corpus repeats fit well within
        # this, while every one-off capitalised phrase of 10,000 articles would fill 200,000
        # entries, some 50 MB (issue 14)
        if len(self._answers) >= _MAX_ANSWERS:
            self._answers.clear()
        self._answers[key] = answer

    def _lookup(self, text: str, kinds: Collection[str] | None) -> GazetteerMatch | None:
        if not any(ch.isupper() for ch in text):
            return None
        norm = normalise_name(text)
        found = self._index.by_name.get(norm)
        if not found:
            return None
        if norm in self._index.acronyms and not _is_acronym(_POSSESSIVE.sub("", text.strip())):
            return None  # "Who" is not the WHO, "Us" not the US
        for via in _PRIORITY:
            entries = [e for e in found.get(via, ()) if kinds is None or e.kind in kinds]
            if len(entries) == 1:
                return GazetteerMatch(entries[0], via, _CONFIDENCE[via])
            if len(entries) > 1:
                log.debug("%r is ambiguous in the gazetteer: %s", text, [e.key for e in entries])
                return None
        return None

    def demonym(self, word: str) -> GazetteerEntry | None:
        """The state a nationality word stands for: "Russian", "Turkish", "Azeri", "Russians".

        >>> Gazetteer.default().demonym("Israelis").label
        'Israel'
        """
        key = ("demonym", word, None)
        try:
            return self._answers[key]  # type: ignore[return-value]
        except KeyError:
            pass
        found = self._demonym(word)
        self._remember(key, found)
        return found

    def _demonym(self, word: str) -> GazetteerEntry | None:
        if not any(ch.isupper() for ch in word):
            return None
        norm = normalise_name(word)
        entries = self._index.demonyms.get(norm)
        if entries is None and norm.endswith("s"):
            entries = self._index.demonyms.get(norm[:-1])  # plural nouns: "Israelis", "Americans"
        if entries and len(entries) == 1:
            return entries[0]
        return None

    def get(self, key: str) -> GazetteerEntry | None:
        """The entry with this key (the slug of its label)."""
        return self._entries.get(key)

    def by_qid(self, qid: str) -> GazetteerEntry | None:
        """The entry linked to this Wikidata id, if any."""
        for entry in self._entries.values():
            if entry.qid == qid:
                return entry
        return None

    def __iter__(self) -> Iterator[GazetteerEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __repr__(self) -> str:
        return f"Gazetteer({len(self)} entries from {self.source})"


# -- the TSV format ---------------------------------------------------------------------------------


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


def read_gazetteer(path: Path) -> list[GazetteerEntry]:
    """Parses a gazetteer TSV; errors name the file and line."""
    notes: dict[str, str] = {}
    entries: list[GazetteerEntry] = []
    header: list[str] | None = None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the gazetteer: {exc}", where=str(path)) from exc
    for lineno, line in enumerate(lines, start=1):
        where = f"{path}:{lineno}"
        if not line.strip():
            continue
        if line.startswith("#note "):
            name, _, text = line[len("#note "):].partition("\t")
            notes[name.strip()] = text.strip()
            continue
        if line.startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if header is None:
            header = cells
            missing = set(GAZETTEER_COLUMNS) - set(header)
            if missing:
                raise InputError(f"the header lacks the columns {sorted(missing)}", where=where)
            continue
        if len(cells) != len(header):
            raise InputError(f"expected {len(header)} tab-separated fields, found {len(cells)}", where=where)
        row = dict(zip(header, cells, strict=True))
        kind, label, qid = row["kind"].strip(), row["label"].strip(), row["qid"].strip()
        if kind not in ENTRY_KINDS:
            raise InputError(f"unknown kind {kind!r} (expected one of {sorted(ENTRY_KINDS)})", where=where)
        if not label:
            raise InputError("empty label", where=where)
        if qid and not _QID.match(qid):
            raise InputError(f"{qid!r} is not a Wikidata item id (Q followed by digits)", where=where)
        titles = []
        for title in _split(row["titles"]):
            name, _, state = title.partition("@")
            titles.append((name.strip(), state.strip() or None))
        note = row["note"].strip()
        entries.append(
            GazetteerEntry(
                key=slug(label),
                label=label,
                kind=kind,
                qid=qid or None,
                aliases=_split(row["aliases"]),
                country=row["country"].strip() or None,
                capital=row["capital"].strip() or None,
                demonyms=_split(row["demonyms"]),
                metonyms=_split(row["metonyms"]),
                titles=tuple(titles),
                members=_split(row["members"]),
                note=notes.get(note, note),
            )
        )
    if header is None:
        raise InputError("no header line", where=str(path))
    return entries


def write_gazetteer(entries: Iterable[GazetteerEntry], path: Path, *, preamble: str) -> None:
    """Writes entries in the TSV format ``read_gazetteer`` reads, notes spelled out in each row.

    ``preamble`` (one or more lines) goes first as '#' comments: say where the facts come from.
    """
    lines = [f"# {line}".rstrip() for line in preamble.splitlines()]
    lines.append("\t".join(GAZETTEER_COLUMNS))
    for e in entries:
        cells = [
            e.kind, e.label, e.qid or "", ";".join(e.aliases), e.country or "", e.capital or "",
            ";".join(e.demonyms), ";".join(e.metonyms),
            ";".join(f"{t}@{s or ''}" for t, s in e.titles), ";".join(e.members), e.note,
        ]
        if any("\t" in c or "\n" in c for c in cells):
            raise InputError(f"a field of {e.key!r} holds a tab or a line break", where=str(path))
        lines.append("\t".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- the offline linker -----------------------------------------------------------------------------

# Which gazetteer kinds may answer for an entity of a given kind: militant movements and
# organisations are told apart differently by different extractors, so they answer for each other.
_KINDS_FOR = {
    "Person": frozenset({"Person"}),
    "Organization": frozenset({"Organization", "Group"}),
    "Group": frozenset({"Group", "Organization"}),
    "State": frozenset({"State"}),
    "Conflict": frozenset({"Conflict"}),
    "Place": frozenset({"Place"}),
}


class GazetteerLinker:
    """Links by the gazetteer: the entity's key, else its name or an alias (never a capital or a
    metonym: an entity *labelled* "Ankara" is not Turkey unless the extractor said so).

    An entry without a QID still answers, with ``qid=None`` and its key and label, so the build can
    give the actor its canonical key; the chain then asks the online linker for the QID.
    """

    name = "gazetteer"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()

    def entry_for(self, text: str, kind: str, *, key: str | None = None) -> tuple[GazetteerEntry, float] | None:
        kinds = _KINDS_FOR.get(kind, frozenset({kind}))
        if key is not None:
            entry = self.gazetteer.get(key)
            if entry is not None and entry.kind in kinds:
                return entry, _CONFIDENCE["name"]
        match = self.gazetteer.lookup(text, kinds=kinds)
        if match is not None and match.via in ("name", "alias"):
            return match.entry, match.confidence
        return None

    def link(self, query):  # noqa: ANN001, ANN201 - LinkQuery -> LinkDecision | None (see base.py)
        from .base import LinkDecision

        found = self.entry_for(query.text, query.kind, key=query.key)
        if found is None:
            return None
        entry, confidence = found
        return LinkDecision(
            qid=entry.qid, confidence=confidence if entry.qid else 0.0, source=self.name,
            label=entry.label, key=entry.key,
        )
