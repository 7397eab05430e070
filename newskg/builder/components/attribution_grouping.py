"""Grouping the attribution model's role spans into attributions: which source and content belong to
which cue.

The model tags tokens as cue, source or content; an attribution is one cue with the source and content
spans that belong to it. PolNeAR's spans sit next to their cue ("X said Y", '"Y," X said', "according
to X, Y"), so each source and content span goes to a cue of its own sentence: the cue its head is
syntactically attached to when there is one (the subject of "said", the object of "according to"),
else the nearest. A content span in a sentence without a cue (the first sentence of a quote whose cue
follows) goes to the nearest cue of the next or previous sentence, unless content follows that cue in
its own sentence ("X says B" reports B, not the quote the paragraph before ends with: :func:`_one_way`).
Each cue keeps at most one source span (the best placed); a second source claimed by the same cue moves
to its next-best cue if it has one.

The functions work on token indices and the parse as arrays, so they are tested without a model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["Grouped", "ParseView", "group_spans", "merge_close_cues"]

TokenSpan = tuple[int, int]

#: Dependency relations by which a source hangs on its cue ("X said", "said X", "according to X").
_SOURCE_DEPS = frozenset({"nsubj", "nsubjpass", "pobj", "agent", "poss", "dobj", "appos", "compound", "npadvmod"})
#: How far (in sentences) a content span without a cue of its own looks for one: the next or previous
#: sentence (the rest of a quote; PolNeAR dev: 169 of 2,515 content spans lie one sentence from their
#: cue, 17 farther; reaching further only collects stray spans).
_CONTENT_SENTENCE_REACH = 1
#: How far (in sentences) a source span looks for its cue: its own sentence (chosen on PolNeAR dev).
_SOURCE_SENTENCE_REACH = 0


@dataclass(frozen=True, slots=True)
class ParseView:
    """The parse of a Doc as arrays: each token's head index, dependency label and sentence number.

    Without a parse every token is its own head and the whole text one sentence.
    """

    heads: Sequence[int]
    deps: Sequence[str]
    sentences: Sequence[int]

    @classmethod
    def flat(cls, length: int) -> ParseView:
        return cls(list(range(length)), [""] * length, [0] * length)

    def root(self, span: TokenSpan) -> int:
        """The token of ``span`` whose head lies outside it (the first such, else the first token)."""
        for i in range(*span):
            if not span[0] <= self.heads[i] < span[1] or self.heads[i] == i:
                return i
        return span[0]

    def ancestors(self, i: int, limit: int = 6) -> list[int]:
        out: list[int] = []
        while len(out) < limit and self.heads[i] != i:
            i = self.heads[i]
            out.append(i)
        return out


@dataclass(slots=True)
class Grouped:
    """One attribution: a cue with the source and content spans grouped with it (token indices)."""

    cue: TokenSpan
    sources: list[TokenSpan] = field(default_factory=list)
    contents: list[TokenSpan] = field(default_factory=list)


def _distance(a: TokenSpan, b: TokenSpan) -> int:
    if a[0] < b[1] and b[0] < a[1]:
        return 0
    return b[0] - a[1] if a[1] <= b[0] else a[0] - b[1]


def _linked(parse: ParseView, span: TokenSpan, cue: TokenSpan) -> bool:
    """True when the head of ``span`` depends on the cue within two steps ("X said", "according to
    X", "X's claim"), or the cue depends on the span's head ("X, who said")."""
    root = parse.root(span)
    up = parse.ancestors(root, 2)
    if any(cue[0] <= a < cue[1] for a in up):
        return True
    cue_root = parse.root(cue)
    return any(span[0] <= a < span[1] for a in parse.ancestors(cue_root, 2))


def _sentence_gap(parse: ParseView, a: TokenSpan, b: TokenSpan) -> int:
    sa = {parse.sentences[a[0]], parse.sentences[a[1] - 1]}
    sb = {parse.sentences[b[0]], parse.sentences[b[1] - 1]}
    if sa & sb:
        return 0
    return min(abs(x - y) for x in sa for y in sb)


def _cues_by_sentence(parse: ParseView, cues: Sequence[TokenSpan]) -> dict[int, list[int]]:
    """The cues (their numbers) by each sentence they touch."""
    by_sentence: dict[int, list[int]] = {}
    for k, cue in enumerate(cues):
        for sentence in {parse.sentences[cue[0]], parse.sentences[cue[1] - 1]}:
            by_sentence.setdefault(sentence, []).append(k)
    return by_sentence


def _ranked(
    parse: ParseView,
    span: TokenSpan,
    cues: Sequence[TokenSpan],
    reach: int,
    by_sentence: dict[int, list[int]],
    *,
    source: bool,
) -> list[int]:
    """The cues ``span`` may belong to, best first: same sentence before farther ones, syntactically
    linked before not, nearer before farther. Only the cues of the sentences in reach are looked at
    (``by_sentence``: :func:`_cues_by_sentence`), not every cue of the document."""
    first, last = parse.sentences[span[0]], parse.sentences[span[1] - 1]
    near = {k for n in range(first - reach, last + reach + 1) for k in by_sentence.get(n, ())}
    options = []
    for k in sorted(near):
        cue = cues[k]
        gap = _sentence_gap(parse, span, cue)
        if gap > reach:
            continue
        linked = _linked(parse, span, cue)
        if source and linked and parse.deps[parse.root(span)] not in _SOURCE_DEPS:
            linked = False
        options.append((gap > 0, not linked, _distance(span, cue), k))
    options.sort()
    return [k for *_, k in options]


def merge_close_cues(cues: Sequence[TokenSpan], max_gap: int) -> list[TokenSpan]:
    """Cue spans at most ``max_gap`` tokens apart joined into one ("said" ... "about"): the model
    sometimes leaves a word of a multi-word cue untagged, and PolNeAR has one cue per attribution.

    >>> merge_close_cues([(3, 4), (5, 6), (9, 10)], 1)
    [(3, 6), (9, 10)]
    """
    out: list[TokenSpan] = []
    for cue in sorted(cues):
        if out and cue[0] - out[-1][1] <= max_gap:
            out[-1] = (out[-1][0], max(cue[1], out[-1][1]))
        else:
            out.append(cue)
    return out


def group_spans(
    cues: Sequence[TokenSpan],
    sources: Sequence[TokenSpan],
    contents: Sequence[TokenSpan],
    parse: ParseView,
    *,
    cue_gap: int = 1,
) -> list[Grouped]:
    """One :class:`Grouped` per cue (in text order, cues at most ``cue_gap`` tokens apart joined) with
    the sources and contents assigned to it."""
    cues = merge_close_cues(cues, cue_gap)
    groups = [Grouped(cue) for cue in cues]
    if not cues:
        return groups
    by_sentence = _cues_by_sentence(parse, cues)
    for span in sorted(contents):
        ranked = _ranked(parse, span, cues, _CONTENT_SENTENCE_REACH, by_sentence, source=False)
        if ranked:
            groups[ranked[0]].contents.append(span)
    for group in groups:
        group.contents = _one_way(parse, group.cue, group.contents)
    # Sources: each cue takes one; the best-placed claim wins, a loser tries its next cue.
    claims = {span: _ranked(parse, span, cues, _SOURCE_SENTENCE_REACH, by_sentence, source=True) for span in sources}
    pending = sorted(claims, key=lambda s: s[0])
    taken: dict[int, TokenSpan] = {}
    while pending:
        span = pending.pop(0)
        for k in claims[span]:
            holder = taken.get(k)
            if holder is None:
                taken[k] = span
                break
            if _better(parse, span, holder, cues[k]):
                taken[k] = span
                claims[holder] = [c for c in claims[holder] if c != k]
                pending.append(holder)
                break
    for k, span in taken.items():
        groups[k].sources.append(span)
    return groups


def _one_way(parse: ParseView, cue: TokenSpan, contents: list[TokenSpan]) -> list[TokenSpan]:
    """The content spans of ``cue`` without those of other sentences when content follows the cue in
    its own: "X said that B" reports B, not the quote the sentence before ends with nor the sentence
    after. (Content before the cue keeps a quote that goes on: '"A," X said. "B."'.) A span's
    sentences are read without its punctuation at either end: the parser often puts a quote's closing
    mark into the next sentence."""
    def gap(span: TokenSpan) -> int:
        return _sentence_gap(parse, _words(parse, span), cue)

    if not any(span[0] >= cue[1] and gap(span) == 0 for span in contents):
        return contents
    return [span for span in contents if gap(span) == 0]


def _words(parse: ParseView, span: TokenSpan) -> TokenSpan:
    """``span`` without the punctuation at its ends (itself when it is all punctuation)."""
    start, end = span
    while start < end and parse.deps[start] == "punct":
        start += 1
    while end > start and parse.deps[end - 1] == "punct":
        end -= 1
    return (start, end) if start < end else span


def _better(parse: ParseView, a: TokenSpan, b: TokenSpan, cue: TokenSpan) -> bool:
    """Whether source ``a`` is better placed for ``cue`` than source ``b``."""
    def key(s: TokenSpan) -> tuple[bool, bool, int]:
        return (_sentence_gap(parse, s, cue) > 0, not _linked(parse, s, cue), _distance(s, cue))

    return key(a) < key(b)
