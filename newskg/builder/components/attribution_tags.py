"""The tag scheme of the attribution model: one tag per token, PolNeAR's three roles in BIO.

PolNeAR is univocal (a token has at most one role in at most one attribution), so an article's
attributions read as one tag sequence: ``B-CUE I-CUE`` ("according to"), ``B-SOURCE``, ``B-CONTENT
I-CONTENT ...``, ``O`` elsewhere. These helpers turn character spans into token spans and tags (for
training) and tags back into spans (at run time).

>>> spans_from_tags(["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "O"])
[(0, 1, 'SOURCE'), (1, 2, 'CUE'), (2, 4, 'CONTENT')]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

import numpy
from spacy.tokens import Doc

__all__ = [
    "ROLES",
    "ROLE_PRIORITY",
    "TAGS",
    "best_tags",
    "best_tags_batch",
    "bio_tags",
    "role_token_spans",
    "spans_from_tags",
    "token_range",
]

#: The roles, in the order they win a token claimed twice (the few places PolNeAR is not univocal).
ROLE_PRIORITY: tuple[str, ...] = ("CUE", "SOURCE", "CONTENT")
ROLES = frozenset(ROLE_PRIORITY)
TAGS: tuple[str, ...] = ("O",) + tuple(f"{p}-{r}" for r in ROLE_PRIORITY for p in ("B", "I"))

TokenSpan = tuple[int, int, str]  # start token, end token (exclusive), role


class _Attribution(Protocol):
    cue: Sequence[tuple[int, int]]
    source: Sequence[tuple[int, int]]

    @property
    def content_spans(self) -> Sequence[tuple[int, int]]: ...


def token_range(doc: Doc, begin: int, end: int) -> tuple[int, int] | None:
    """The tokens covering characters ``begin``..``end``, without white-space tokens at either end;
    None when nothing but white space is covered."""
    span = doc.char_span(begin, end, alignment_mode="expand")
    if span is None:
        return None
    start, stop = span.start, span.end
    while start < stop and doc[start].is_space:
        start += 1
    while stop > start and doc[stop - 1].is_space:
        stop -= 1
    return (start, stop) if start < stop else None


def role_token_spans(doc: Doc, attributions: Iterable[_Attribution]) -> list[TokenSpan]:
    """The token spans of every cue, source and content of ``attributions`` in ``doc``, without
    overlaps: a token claimed twice keeps the role that comes first in :data:`ROLE_PRIORITY` (then
    the attribution that comes first), and the span that lost it keeps its remaining stretches."""
    attributions = list(attributions)
    claimed = [False] * len(doc)
    out: list[TokenSpan] = []
    for role in ROLE_PRIORITY:
        for attribution in attributions:
            spans = {"CUE": attribution.cue, "SOURCE": attribution.source, "CONTENT": attribution.content_spans}[role]
            for begin, end in spans:
                found = token_range(doc, begin, end)
                if found is None:
                    continue
                run_start = None
                for i in range(found[0], found[1] + 1):
                    free = i < found[1] and not claimed[i]
                    if free and run_start is None:
                        run_start = i
                    elif not free and run_start is not None:
                        out.append(_trimmed(doc, run_start, i, role))
                        run_start = None
                for i in range(*found):
                    claimed[i] = True
    return sorted(s for s in out if s[0] < s[1])


def _trimmed(doc: Doc, start: int, end: int, role: str) -> TokenSpan:
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return (start, end, role)


def bio_tags(length: int, spans: Iterable[TokenSpan]) -> list[str]:
    """One tag per token for non-overlapping ``spans``.

    >>> bio_tags(4, [(1, 3, "CONTENT")])
    ['O', 'B-CONTENT', 'I-CONTENT', 'O']
    """
    tags = ["O"] * length
    for start, end, role in spans:
        tags[start] = f"B-{role}"
        for i in range(start + 1, end):
            tags[i] = f"I-{role}"
    return tags


def spans_from_tags(tags: Sequence[str]) -> list[TokenSpan]:
    """The spans a tag sequence reads as: ``B-X`` opens one, ``I-X`` continues an open span of role X
    and opens one otherwise (a model may skip the B), anything else closes it."""
    out: list[TokenSpan] = []
    start, role = -1, ""
    for i, tag in enumerate(tags):
        prefix, _, this = tag.partition("-")
        if prefix == "I" and this == role and start >= 0:
            continue
        if start >= 0:
            out.append((start, i, role))
        start, role = (i, this) if prefix in {"B", "I"} and this in ROLES else (-1, "")
    if start >= 0:
        out.append((start, len(tags), role))
    return out


def best_tags(probabilities: numpy.ndarray, labels: Sequence[str]) -> list[int]:
    """The most probable tag sequence that is valid BIO (Viterbi over the tagger's per-token
    probabilities): ``I-X`` only after ``B-X`` or ``I-X``. A per-token argmax breaks spans into
    fragments ("said" / "about" for the cue "said about") that this keeps whole.

    >>> labels = ["O", "B-CUE", "I-CUE"]
    >>> p = numpy.array([[0.1, 0.8, 0.1], [0.45, 0.1, 0.45], [0.2, 0.1, 0.7]])
    >>> [labels[k] for k in best_tags(p, labels)]
    ['B-CUE', 'I-CUE', 'I-CUE']
    """
    return best_tags_batch([probabilities], labels)[0]


def best_tags_batch(tables: Sequence[numpy.ndarray], labels: Sequence[str]) -> list[list[int]]:
    """:func:`best_tags` of each table, the Viterbi passes of a batch of documents run side by side:
    one step per token position of the longest document instead of one per token of each (the same
    arithmetic on each document's rows, so the same paths, ties included)."""
    paths: list[list[int]] = [[] for _ in tables]
    pending = []
    for d, table in enumerate(tables):
        if not len(table):
            continue
        best = table.argmax(axis=1).tolist()
        if _valid_bio(best, labels):
            paths[d] = best  # the tokens' own best tags already read as BIO: no path scores higher
        else:
            pending.append(d)
    if pending:
        for d, path in zip(pending, _viterbi([tables[d] for d in pending], labels), strict=True):
            paths[d] = path
    return paths


def _viterbi(tables: Sequence[numpy.ndarray], labels: Sequence[str]) -> list[list[int]]:
    k = len(labels)
    forbidden = numpy.zeros((k, k), dtype=bool)  # forbidden[previous, next]
    starts_inside = numpy.zeros(k, dtype=bool)
    for j, label in enumerate(labels):
        if label.startswith("I-"):
            starts_inside[j] = True
            role = label[2:]
            for i, previous in enumerate(labels):
                forbidden[i, j] = previous not in (f"B-{role}", f"I-{role}")
    transitions = numpy.where(forbidden, -1e9, 0.0)
    lengths = [len(t) for t in tables]
    logp = numpy.zeros((len(tables), max(lengths), k))
    for d, table in enumerate(tables):
        logp[d, : lengths[d]] = numpy.log(table + 1e-9)
    score = logp[:, 0] + numpy.where(starts_inside, -1e9, 0.0)
    back = numpy.zeros(logp.shape, dtype=numpy.int64)
    ends = {n - 1: [d for d in range(len(tables)) if lengths[d] == n] for n in set(lengths)}
    last = {d: score[d] for d in ends.get(0, [])}
    for t in range(1, logp.shape[1]):
        candidates = score[:, :, None] + transitions
        back[:, t] = candidates.argmax(axis=1)
        score = candidates.max(axis=1) + logp[:, t]
        for d in ends.get(t, []):
            last[d] = score[d]
    paths = []
    for d, n in enumerate(lengths):
        path = [int(last[d].argmax())]
        for t in range(n - 1, 0, -1):
            path.append(int(back[d, t, path[-1]]))
        paths.append(path[::-1])
    return paths


def _valid_bio(path: Sequence[int], labels: Sequence[str]) -> bool:
    """Every ``I-X`` of ``path`` (label numbers) follows a ``B-X`` or an ``I-X`` ("O" has no role)."""
    inside = [label.startswith("I-") for label in labels]
    role = [label[2:] for label in labels]
    previous = -1
    for tag in path:
        if inside[tag] and (previous < 0 or role[previous] != role[tag]):
            return False
        previous = tag
    return True
