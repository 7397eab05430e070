"""When a name the gazetteer knows is *not* the actor it names (issue 18): a piece of a longer name,
or a name used in a sport, business or culture sense. Precision first: in doubt, no link.

* **A piece of a longer name.** "Russia" in *Russia in Global Affairs* (a journal), "Washington" in
  *Citizens for Responsibility and Ethics in Washington*, "Belgrade" in *Belgrade Lakes*, "Paris" in
  *Paris Hilton*: the name sits inside a longer named entity or title-case sequence, so it names
  neither the state nor its capital. A state's body keeps its reading ("the Russian Foreign
  Ministry" stands for Russia) as long as only generic words stand between the state and the body
  noun; a word of its own makes a proper name ("the U.S. Commercial Service" is an agency, not the
  United States).
* **Another sense.** "Brazil beat Germany 2-1 in the semi-final" names two national teams; "Cairo
  released their third album" a band; "Emirates cancelled flights" an airline. A sentence whose
  sport, business or culture cues (``data/senses.tsv``) outnumber its political ones keeps states,
  capitals and demonyms unlinked.

The actors component asks :func:`blocked` before it resolves a known name; the answer is remembered
on the :class:`~.actor_state.ActorState` (``name_pieces``), so no later reading makes an actor of
the same tokens.
"""

from __future__ import annotations

import functools
import re
from typing import Protocol

from spacy.tokens import Doc

from ...errors import ExtractionError
from .doc_index import doc_index
from .lexicons import group_nouns, not_names, read_table, titles

__all__ = [
    "SENSES", "ActorState", "blocked", "generic_words", "longer_name", "proper_body_name", "sense_words",
    "sentence_sense",
]

SENSES = ("sport", "business", "culture")
_KINDS = frozenset({*SENSES, "politics", "generic"})
#: NER labels of names that may hold a state's name without being the state.
_NAME_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "PERSON", "GPE", "LOC", "NORP"})
_OWN_NAME_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})
_CONNECTORS = frozenset({"in", "for", "of", "on"})
_INNER = frozenset({"in", "for", "of", "on", "and", "&", "the", "de"})
_SCORE = re.compile(r"\b\d{1,3}\s?-\s?\d{1,3}\b")


class ActorState(Protocol):
    """What these readings need of :class:`.actor_state.ActorState` (which imports this module)."""

    doc: Doc
    senses: dict[int, str | None]
    name_pieces: set[int]
    longer_names: dict[tuple[int, int], None]

    def lookup(self, text: str, *, kinds: tuple[str, ...] | None = None) -> object | None: ...

    def demonym(self, text: str) -> object | None: ...


@functools.cache
def sense_words() -> dict[str, frozenset[str]]:
    """Cue word -> the kinds it is a cue of (``sport``, ``business``, ``culture``, ``politics``, ``generic``)."""
    out: dict[str, set[str]] = {}
    for row in read_table("senses.tsv"):
        if row["kind"] not in _KINDS:
            raise ExtractionError(f"unknown sense kind {row['kind']!r}", where="newskg/builder/data/senses.tsv")
        out.setdefault(row["word"], set()).add(row["kind"])
    return {word: frozenset(kinds) for word, kinds in out.items()}


@functools.cache
def generic_words() -> frozenset[str]:
    return frozenset(w for w, kinds in sense_words().items() if "generic" in kinds)


def sentence_sense(state: ActorState, i: int) -> str | None:
    """``sport``, ``business`` or ``culture`` when the sentence of token ``i`` uses names in that sense;
    None for the political sense (the default).

    Two cues of one sense (or one beside a score such as "2-1" for sport), and more of them than
    political cues, decide. Remembered per sentence on ``state``.
    """
    index = doc_index(state.doc)
    number = index.sent_of[i]
    if number in state.senses:
        return state.senses[number]
    start, end = index.sent_bounds[number]
    counts = dict.fromkeys((*SENSES, "politics"), 0)
    words = sense_words()
    for j in range(start, end):
        kinds = words.get(index.lemma[j]) or words.get(index.lower[j])
        for kind in kinds or ():
            if kind in counts:
                counts[kind] += 1
    text = index.text[index.starts[start] : index.ends[end - 1]] if end > start else ""
    if _SCORE.search(text) and counts["sport"]:
        counts["sport"] += 1
    best = max(SENSES, key=lambda k: counts[k])
    found = best if counts[best] >= 2 and counts[best] > counts["politics"] else None
    state.senses[number] = found
    return found


def _known(state: ActorState, i: int) -> bool:
    text = doc_index(state.doc).texts[i]
    return state.lookup(text) is not None or state.demonym(text) is not None


def _name_word(state: ActorState, i: int) -> bool:
    """Token ``i`` may continue a proper name: a capitalised noun that is no title, body noun, generic
    word, month or known name of its own, inside no date or person."""
    index = doc_index(state.doc)
    text = index.texts[i]
    if not text[:1].isalpha() or not index.capitalised[i] or (text.isupper() and len(text) == 1):
        return False
    if index.pos[i] not in ("PROPN", "NOUN") or index.sent_bounds[index.sent_of[i]][0] == i:
        return False
    lower, lemma = index.lower[i], index.lemma[i]
    if _starts_title(index.lower, i) or (lemma,) in titles() or lemma in group_nouns() or lower in group_nouns():
        return False
    if lower in generic_words() or lemma in generic_words() or lower in not_names():
        return False
    if index.ent_types[i] in ("DATE", "TIME", "PERSON", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"):
        return False
    return not _known(state, i)


def _starts_title(lower: list[str], i: int) -> bool:
    """A title phrase begins at token ``i`` ("Secretary" of "Secretary of State")."""
    table = titles()
    return any(tuple(lower[i : i + length]) in table for length in range(1, 6) if i + length <= len(lower))


def _plain(state: ActorState, i: int) -> bool:
    """Token ``i`` adds nothing of its own to a name around a state: a determiner, a possessive, a
    title or body word, a generic word, punctuation or a lower-case word."""
    index = doc_index(state.doc)
    if not index.capitalised[i] or index.punct[i]:
        return True
    lower, lemma = index.lower[i], index.lemma[i]
    return (
        lower in ("the", "'s", "\u2019s")
        or _starts_title(index.lower, i)
        or (lemma,) in titles()
        or lemma in group_nouns()
        or lower in generic_words()
        or lemma in generic_words()
    )


def _run_word(state: ActorState, i: int) -> bool:
    """Token ``i`` may stand inside a title-case run: a capitalised word that names nothing known."""
    index = doc_index(state.doc)
    return (
        index.capitalised[i]
        and index.texts[i][:1].isalpha()
        and index.pos[i] in ("PROPN", "NOUN", "ADJ")
        and not _known(state, i)
    )


def _run_bounds(state: ActorState, start: int, end: int) -> tuple[int, int]:
    """The title-case run around tokens ``start:end``: capitalised words, with connectors ("of",
    "for", "in", "and") inside it when a capitalised word follows them, within the sentence."""
    index = doc_index(state.doc)
    sent_start, sent_end = index.sent_bounds[index.sent_of[start]]
    while end < sent_end:
        if _run_word(state, end):
            end += 1
        elif index.lower[end] in _INNER and end + 1 < sent_end and _run_word(state, end + 1):
            end += 2
        else:
            break
    while start > sent_start:
        if _run_word(state, start - 1):
            start -= 1
        elif index.lower[start - 1] in _INNER and start - 2 >= sent_start and _run_word(state, start - 2):
            start -= 2
        else:
            break
    return start, end


def longer_name(state: ActorState, start: int, end: int) -> tuple[int, int] | None:
    """The bounds of the longer name that tokens ``start:end`` (a name the gazetteer knows) are a
    piece of, or None when they stand on their own."""
    index = doc_index(state.doc)
    n = len(index.texts)
    entity = index.ent_of.get(start)
    if (
        entity is not None
        and entity[2] in _NAME_LABELS
        and entity[0] <= start
        and end <= entity[1]
        and (entity[0], entity[1]) != (start, end)
        and not all(_plain(state, i) for i in range(entity[0], entity[1]) if not start <= i < end)
        and state.lookup(index.text[index.starts[entity[0]] : index.ends[entity[1] - 1]]) is None
    ):
        return entity[0], entity[1]
    # "Belgrade Lakes", "Paris Hilton", "Washington Post": a name word right after it
    if end < n and _name_word(state, end):
        return _run_bounds(state, start, end)
    # "Russia in Global Affairs": a connector, then a name that is no known place or actor
    if end + 1 < n and index.lower[end] in _CONNECTORS and _name_word(state, end + 1):
        after = index.ent_of.get(end + 1)
        if after is None or after[2] in _OWN_NAME_LABELS:
            return _run_bounds(state, start, end)
    # "Lake Washington", "Greater Cairo": a name word right before it
    if start > 0 and _name_word(state, start - 1):
        return _run_bounds(state, start, end)
    # "Citizens for Responsibility and Ethics in Washington", "the University of Belgrade": the
    # organisation before the connector has a name of its own (not "the Ministry of Defence of Russia")
    if start > 1 and index.lower[start - 1] in _CONNECTORS:
        before = index.ent_of.get(start - 2)
        last = start - 2
        if (
            before is not None
            and before[1] == start - 1
            and before[2] in _OWN_NAME_LABELS
            and not _plain(state, last)
            and state.lookup(index.text[index.starts[before[0]] : index.ends[before[1] - 1]]) is None
        ):
            return before[0], end
    return None


def proper_body_name(state: ActorState, first: int, head: int) -> bool:
    """A capitalised word of its own between a state (ending before ``first``) and the body noun
    ``head`` makes a proper name ("the U.S. Commercial Service"), not the state's body ("the Russian
    Foreign Ministry")."""
    index = doc_index(state.doc)
    if not index.capitalised[head]:
        return False
    own = (i for i in range(first, head) if index.capitalised[i] and index.texts[i][:1].isalpha())
    return any(not _plain(state, i) for i in own)


def blocked(state: ActorState, start: int, end: int, *, sense: bool = True) -> bool:
    """Whether the known name at tokens ``start:end`` must not be resolved to the actor it names: a
    piece of a longer name, or (``sense``) a sentence in another sense. Records the tokens in
    ``state.name_pieces`` (and the longer name's tokens in ``state.longer_names``)."""
    bounds = longer_name(state, start, end)
    if bounds is None and not (sense and sentence_sense(state, start) is not None):
        return False
    state.name_pieces.update(range(start, end))
    if bounds is not None:
        state.longer_names[bounds] = None
        state.name_pieces.update(range(*bounds))
    return True
