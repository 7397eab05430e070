"""The token index every extraction component reads: one pass over a Doc, then plain lists.

``doc[i]`` makes a new Token object on every call, ``doc.text`` joins every token, ``token.sent``
and ``doc.ents`` walk the document: the components ask such questions of the same tokens again and
again, so :func:`doc_index` reads each column once per Doc (``Doc.to_array`` and each distinct
word's lexeme) and keeps the index of the doc being processed. The span helpers below answer from
it. :func:`quote_regions` is the one quote detector: the index keeps its regions as ``quotes``.

>>> import spacy
>>> doc = spacy.blank("en")('Iran said: \u201cWe will respond.\u201d')
>>> index = doc_index(doc)
>>> index.texts[:3], [index.text[b:e] for b, e in index.quotes]
(['Iran', 'said', ':'], ['We will respond.'])
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

import numpy
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, ORTH, POS, SPACY
from spacy.strings import StringStore
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..facts import Span

__all__ = [
    "DocIndex",
    "char_bounds",
    "doc_index",
    "ent_span",
    "quote_regions",
    "sentence_of",
    "sentence_span",
    "span_text",
    "text_span",
]

_QUOTE_PAIRS = (("\u201c", "\u201d"), ('"', '"'), ("``", "''"))


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of quoted passages (inside the quote marks), in text order, none nested.

    >>> text = 'He said: \u201cWe will not yield.\u201d Then \"no\" again.'
    >>> [text[b:e] for b, e in quote_regions(text)]
    ['We will not yield.', 'no']
    """
    regions = []
    for opening, closing in _QUOTE_PAIRS:
        if opening == closing:
            pattern = re.escape(opening) + r"([^" + re.escape(opening) + r"]{2,}?)" + re.escape(closing)
        else:
            pattern = re.escape(opening) + r"(.{2,}?)" + re.escape(closing)
        for match in re.finditer(pattern, text, flags=re.S):
            regions.append((match.start(1), match.end(1)))
    regions.sort()
    out: list[tuple[int, int]] = []
    for region in regions:
        if out and region[0] < out[-1][1]:
            continue
        out.append(region)
    return out


@dataclass
class DocIndex:
    """Entity and sentence bounds by token, built once per Doc: ``token.sent`` and scanning
    ``doc.ents`` cost a pass over the document each time."""

    doc: Doc
    ent_of: dict[int, tuple[int, int, str]]
    ents: list[tuple[int, int, str]]  # ``doc.ents`` makes a Span per entity on each access
    sent_bounds: list[tuple[int, int]]
    sent_of: list[int]
    quotes: list[tuple[int, int]]
    text: str  # ``doc.text`` joins every token on each access
    # ``doc[i]`` makes a new Token object on every call: the hot per-token lookups read these lists
    texts: list[str]  # token.text
    lower: list[str]  # token.lower_
    lemma: list[str]  # token.lemma_.lower()
    pos: list[str]  # token.pos_
    proper: list[bool]  # proper(token)
    space: list[bool]  # token.is_space
    starts: list[int]  # token.idx
    ends: list[int]  # token.idx + len(token.text)
    deps: list[str] = field(default_factory=list)  # token.dep_
    heads: list[int] = field(default_factory=list)  # token.head.i
    parsed: bool = False  # doc.has_annotation("DEP")
    punct: list[bool] = field(default_factory=list)  # token.is_punct
    capitalised: list[bool] = field(default_factory=list)  # token.is_title or token.is_upper
    ent_types: list[str] = field(default_factory=list)  # token.ent_type_
    # results of pure functions of the parse (keyed by the function's name and its token indices),
    # kept for this doc: the components ask the same question of the same token again and again
    memo: dict[tuple, object] = field(default_factory=dict)
    _conj_heads: frozenset[int] | None = None

    # the dependents of every token, grouped by head in text order, and where each group begins:
    # two lists, not a list per token (a thousand small lists per document cost the garbage
    # collector more than they save)
    _dependents: list[int] | None = None
    _groups: list[int] | None = None
    size: int = -1  # the number of tokens the index was built for

    def _group_dependents(self) -> tuple[list[int], list[int]]:
        heads = self.heads
        dependents = sorted((i for i in range(len(heads)) if heads[i] != i), key=heads.__getitem__)  # stable
        counts = [0] * (len(heads) + 1)
        for i in dependents:
            counts[heads[i] + 1] += 1
        self._dependents, self._groups = dependents, list(itertools.accumulate(counts))
        return dependents, self._groups

    def _grouped(self) -> tuple[list[int], list[int]]:
        if self._dependents is not None and self._groups is not None:
            return self._dependents, self._groups
        return self._group_dependents()

    def kids(self, i: int) -> list[int]:
        """Token ``i``'s dependents in text order (``[c.i for c in token.children]``)."""
        dependents, groups = self._grouped()
        return dependents[groups[i] : groups[i + 1]]

    def subtree(self, i: int) -> list[int]:
        """``[t.i for t in doc[i].subtree]``, in spaCy's order (left dependents' subtrees, the
        token, right dependents' subtrees), without a Token per word."""
        dependents, groups = self._grouped()
        out: list[int] = []
        stack = [i]  # a token to expand, or ~token to emit once its left dependents are out
        while stack:
            top = stack.pop()
            if top < 0:
                out.append(~top)
                continue
            first, k = groups[top], groups[top + 1] - 1
            while k >= first and dependents[k] > top:  # right dependents, last first
                stack.append(dependents[k])
                k -= 1
            stack.append(~top)
            while k >= first:  # left dependents, last first
                stack.append(dependents[k])
                k -= 1
        return out

    def tokens_at(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        """(first token, token after the last) when ``[start_char, end_char)`` begins at a token's
        first character and ends at a token's last (as every mention's span does), else None."""
        starts, ends = self.starts, self.ends  # both ascending
        first = bisect.bisect_left(starts, start_char)
        last = bisect.bisect_left(ends, end_char)
        if first >= len(starts) or starts[first] != start_char or last >= len(ends) or ends[last] != end_char:
            return None
        if last < first:
            return None
        return first, last + 1

    @property
    def conj_heads(self) -> frozenset[int]:
        """Tokens with a "conj" dependent (``any(c.dep_ == "conj" for c in token.children)``)."""
        if self._conj_heads is None:
            deps, heads = self.deps, self.heads
            self._conj_heads = frozenset(heads[i] for i in range(len(deps)) if deps[i] == "conj" and heads[i] != i)
        return self._conj_heads


_LAST_INDEX: list[DocIndex] = []


def doc_index(doc: Doc) -> DocIndex:
    """The index of ``doc``, built on first use and kept for the doc being processed (the hot
    lookups of every component go through it, so the check is one read of the cache)."""
    # one read of the cache: two threads building different docs must not get each other's index
    last = _LAST_INDEX[0] if _LAST_INDEX else None
    if last is not None and last.doc is doc and last.size == len(doc):
        return last
    ent_of: dict[int, tuple[int, int, str]] = {}
    ents: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        entity = (ent.start, ent.end, ent.label_)
        ents.append(entity)
        for i in range(ent.start, ent.end):
            ent_of[i] = entity
    bounds: list[tuple[int, int]] = []
    sent_of: list[int] = [0] * len(doc)
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        for n, sent in enumerate(doc.sents):
            bounds.append((sent.start, sent.end))
            sent_of[sent.start : sent.end] = [n] * (sent.end - sent.start)
    else:
        bounds.append((0, len(doc)))  # no parser, no sentencizer: one sentence
    texts, lower, lemma, pos, proper, space, starts, ends, text, deps, heads, punct, capitalised, ent_types = (
        _token_columns(doc)
    )
    quotes = quote_regions(text)
    index = DocIndex(
        doc, ent_of, ents, bounds, sent_of, quotes, text, texts, lower, lemma, pos, proper, space, starts, ends,
        deps, heads, doc.has_annotation("DEP"), punct, capitalised, ent_types, size=len(doc),
    )
    _LAST_INDEX[:] = [index]
    return index


# Strings by their id in a StringStore (a hash of the string, or a fixed symbol id, the same in
# every vocab): a document repeats most of its words, and each StringStore lookup decodes afresh.
_STRING_OF: dict[int, str] = {}
_LOWER_OF: dict[int, str] = {}
_CACHE_LIMIT = 500_000  # entries: a corpus of any size keeps memory flat
# What a word's lexeme says of it, by vocab (lexeme attributes are the vocab's language's), then by
# the word's id: (text, lower_, is_space, is_punct, is_title or is_upper). Doc.to_array pays a
# C call per token and column; a document repeats most of its words.
_LEXEMES: dict[int, tuple[object, dict[int, tuple[str, str, bool, bool, bool]]]] = {}
# The token columns Doc.to_array reads: the rest comes from the lexemes.
_TOKEN_COLUMNS = [ORTH, LEMMA, POS, IDX, SPACY, DEP, ENT_TYPE]


def _lexemes(doc: Doc, orth: list[int]) -> dict[int, tuple[str, str, bool, bool, bool]]:
    vocab = doc.vocab
    kept = _LEXEMES.get(id(vocab))
    if kept is None or kept[0] is not vocab or len(kept[1]) > _CACHE_LIMIT:
        # the vocab is kept: its id cannot be reused meanwhile. A full table is replaced, not
        # cleared, so another thread reading it still finds what it filled (memory stays flat)
        kept = _LEXEMES[id(vocab)] = (vocab, {})
    table = kept[1]
    for key in set(orth).difference(table):
        lexeme = vocab[key]
        table[key] = (lexeme.orth_, lexeme.lower_, lexeme.is_space, lexeme.is_punct,
                      lexeme.is_title or lexeme.is_upper)
    return table


def _strings(ids: list[int], strings: StringStore, lowered: bool = False) -> list[str]:
    """The strings of ``ids`` (lower-cased with ``lowered``), each id decoded once per process."""
    global _STRING_OF, _LOWER_OF
    cache = _LOWER_OF if lowered else _STRING_OF
    if len(cache) > _CACHE_LIMIT:  # replaced, not cleared: see _lexemes
        cache = {}
        if lowered:
            _LOWER_OF = cache
        else:
            _STRING_OF = cache
    for key in set(ids).difference(cache):
        cache[key] = strings[key].lower() if lowered else strings[key]
    return [cache[key] for key in ids]


def _token_columns(doc: Doc) -> tuple[list[str], list[str], list[str], list[str], list[bool], list[bool],
                                      list[int], list[int], str, list[str], list[int], list[bool], list[bool],
                                      list[str]]:
    """texts, lower, lemma (lower-cased), pos, proper, space, starts, ends, the text, deps, heads,
    punct, capitalised and entity types of ``doc``: the token columns from ``Doc.to_array``, what
    each word's lexeme says once per distinct word, instead of a Token and a dozen attribute reads
    per word."""
    n = len(doc)
    if not n:
        return [], [], [], [], [], [], [], [], "", [], [], [], [], []
    orth, lem, pos_ids, idx, spacy_flags, dep_ids, ent_ids = doc.to_array(_TOKEN_COLUMNS).T.tolist()
    # HEAD is the offset to the head, signed, in an unsigned column
    heads = (doc.to_array([HEAD]).view(numpy.int64).reshape(n) + numpy.arange(n, dtype=numpy.int64)).tolist()
    lexemes = _lexemes(doc, orth)
    words = [lexemes[key] for key in orth]
    texts = [word[0] for word in words]
    lower = [word[1] for word in words]
    space = [word[2] for word in words]
    punct = [word[3] for word in words]
    capitalised = [word[4] for word in words]
    strings = doc.vocab.strings
    lemma = _strings(lem, strings, lowered=True)
    deps = _strings(dep_ids, strings)
    ent_types = _strings(ent_ids, strings)
    # a part of speech's name as Token.pos_ gives it, read once per distinct tag of the doc
    pos_name = {tag: doc[pos_ids.index(tag)].pos_ for tag in set(pos_ids)}
    pos = [pos_name[tag] for tag in pos_ids]
    if doc.has_annotation("POS") or doc.has_annotation("TAG"):  # as proper decides
        proper = [tag == "PROPN" for tag in pos]
    else:
        proper = [token.is_alpha and (token.is_title or token.is_upper) for token in doc]
    ends = [start + len(word) for start, word in zip(idx, texts, strict=True)]
    # what ``doc.text`` joins (each token's text and its trailing space), without a Token per word
    text = "".join([word + " " if trailing else word for word, trailing in zip(texts, spacy_flags, strict=True)])
    return texts, lower, lemma, pos, proper, space, idx, ends, text, deps, heads, punct, capitalised, ent_types




def char_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character offsets of tokens ``start:end`` (end exclusive, trailing space excluded)."""
    index = doc_index(doc)
    return index.starts[start], index.ends[end - 1]


def span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` from the doc index's text (a Span joins its tokens' texts)."""
    index = doc_index(doc)
    if 0 <= start < end <= len(index.starts):
        return index.text[index.starts[start] : index.ends[end - 1]]
    return doc[start:end].text


def text_span(doc: Doc, start: int, end: int) -> Span:
    """The characters and text of tokens ``start:end`` as a facts Span (what ``doc[start:end]``'s
    ``start_char``, ``end_char`` and ``text`` give, from the doc index: ``Span.text`` makes a Token
    per word)."""
    index = doc_index(doc)
    if 0 <= start < end <= len(index.starts):
        begin, stop = index.starts[start], index.ends[end - 1]
        return Span(begin, stop, index.text[begin:stop])
    span = doc[start:end]
    return Span(span.start_char, span.end_char, span.text)


def sentence_span(doc: Doc, i: int) -> Span:
    """The sentence holding token ``i`` as a facts Span, without the whitespace tokens spaCy keeps
    at its edges (the paragraph break after a sentence belongs to no evidence), as the speech-act
    component's sentences."""
    index = doc_index(doc)
    start, end = index.sent_bounds[index.sent_of[i]]
    space = index.space
    while start < end - 1 and space[start]:
        start += 1
    while end - 1 > start and space[end - 1]:
        end -= 1
    return text_span(doc, start, end)


def sentence_of(doc: Doc, i: int) -> SpacySpan:
    """The sentence holding token ``i`` (cached; same as ``doc[i].sent``)."""
    index = doc_index(doc)
    start, end = index.sent_bounds[index.sent_of[i]]
    return doc[start:end]


def ent_span(token: Token) -> SpacySpan | None:
    doc = token.doc
    bounds = doc_index(doc).ent_of.get(token.i)
    return SpacySpan(doc, bounds[0], bounds[1], label=bounds[2]) if bounds is not None else None
