"""Actors: NER spans and actor noun phrases resolved to canonical actors.

The ``newskg_actors`` component reads every span that may name a political actor and resolves it
against the gazetteer (:mod:`newskg.builder.linking.gazetteer`):

* names ("Vladimir Putin", "the OSCE Minsk Group"), whatever label NER gave them ("Armenia" tagged
  PERSON is still the state), and proper-noun runs NER missed after a title ("Foreign Ministers
  Sergei Lavrov");
* capitals and metonyms ("Ankara", "the Kremlin") and demonyms ("Turkish") stand for their state;
* a state's bodies and people ("the Russian side", "Turkish leaders", "the French government",
  "Russia's Foreign Ministry", "the government of France") stand for the state (``via="group"``).
  Ministries are read as the state unless the gazetteer has an entry of their own, so "what did
  Russia say" finds what its foreign ministry said; the mention keeps the ministry's text;
* partial names corefer with the full name in the same document ("Recep Tayyip" ... "Erdogan",
  "Sergei Lavrov" ... "Lavrov"), and with a unique gazetteer person whose name holds them;
* titles before a name ("Turkish President Recep Tayyip Erdogan", "Foreign Ministers Sergei Lavrov
  of Russia and Mevlut Cavusoglu of Turkey") become :class:`~newskg.builder.facts.Position` facts;
  the state qualifying the title is the position's of-state, not a second actor in the phrase;
* a place the gazetteer lists as such ("Karabakh", "the Middle East") is no actor (the conflict
  component reads it as a location), nor is an unknown name after "in"/"near" ("talks in
  Jeddah"); an unknown state-like name acting or acted on ("Congo", "Gondor") is a State of its own.

:func:`resolve_phrase` is what the speech-act and relation components call on a verb's subject or
object: it also resolves pronouns and descriptions by coreference (:mod:`.coreference`) and
non-state groups ("militants"), creating those mentions on demand.

Confidences (:func:`mention_confidence` and ``Entity.link_confidence``): a gazetteer name 0.95, alias
0.9, metonym 0.85, capital and demonym 0.8, a state's body 0.75, a partial name 0.7, NER only 0.6,
an unknown proper noun 0.45, pronoun coreference 0.5, description coreference 0.45, an unnamed
source (:func:`unnamed_group`) 0.3.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, ORTH, POS, SPACY
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..facts import ActorKind, DocumentFacts, Entity, Mention, Place, Position, Span, slug
from . import doc_extension, facts_of
from .lexicons import group_nouns, not_names, place_nouns, pronouns, title_edges, titles

if TYPE_CHECKING:
    from ..linking.gazetteer import Gazetteer, GazetteerEntry, GazetteerMatch

__all__ = [
    "ActorResolver",
    "actor_state",
    "doc_index",
    "mention_confidence",
    "mentions_in",
    "resolve_phrase",
    "named_body",
    "sentence_of",
    "unnamed_group",
]

log = logging.getLogger(__name__)

STATE_EXTENSION = "newskg_actor_state"

#: NER labels never read as actors.
_NOT_ACTOR_LABELS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LANGUAGE", "LAW", "WORK_OF_ART"}
)
#: Prepositions after which an unknown name is a place ("fighting in Karabakh"), not an actor.
_PLACE_PREPOSITIONS = frozenset(
    {"in", "around", "into", "near", "across", "over", "from", "at", "throughout", "inside", "within", "to"}
)
_DETERMINERS = frozenset({"the", "a", "an", "both", "all", "these", "those", "this", "that"})

CONFIDENCE = {
    "name": 0.95,
    "alias": 0.9,
    "metonym": 0.85,
    "capital": 0.8,
    "demonym": 0.8,
    "group": 0.75,
    "title": 0.7,
    "partial": 0.7,
    "ner": 0.6,
    "unknown": 0.45,
    "coref": 0.5,
    "description": 0.45,
    "unnamed": 0.3,
}


def _ensure_extension() -> None:
    if not Doc.has_extension(STATE_EXTENSION):
        Doc.set_extension(STATE_EXTENSION, default=None)


@dataclass(slots=True)
class _TitleInfo:
    title: str
    plural: bool
    start: int  # first token of the title phrase, or of its state qualifier when there is one
    end: int  # token after the title phrase
    state: str | None  # key of the state the title is of


@dataclass
class ActorState:
    """What the actor component knows about one Doc; kept on ``doc._.newskg_actor_state``."""

    doc: Doc
    gazetteer: Gazetteer
    by_token: dict[int, Mention] = field(default_factory=dict)
    persons: dict[str, frozenset[str]] = field(default_factory=dict)  # person key -> name tokens
    titled: dict[int, _TitleInfo] = field(default_factory=dict)  # person head token -> its title
    title_tokens: set[int] = field(default_factory=set)
    groups: dict[int, list[Mention]] = field(default_factory=dict)  # group noun -> its state mentions
    places: dict[tuple[int, int], GazetteerEntry] = field(default_factory=dict)  # known non-actor names
    confidence: dict[tuple[int, int, tuple[str, ...]], float] = field(default_factory=dict)
    _resolving: set[int] = field(default_factory=set)  # tokens under resolution (cycle guard)
    _facts: DocumentFacts | None = None
    # gazetteer answers by text: a document names the same few states and people again and again
    _lookups: dict[tuple, object] = field(default_factory=dict, repr=False, compare=False)
    _place_tokens: tuple[int, frozenset[int]] | None = field(default=None, repr=False, compare=False)

    @property
    def facts(self) -> DocumentFacts:
        if self._facts is None:
            self._facts = facts_of(self.doc)
        return self._facts

    def place_tokens(self) -> frozenset[int]:
        """The tokens inside a known place name (``places`` only ever grows: its size tells whether
        the set is current)."""
        if self._place_tokens is None or self._place_tokens[0] != len(self.places):
            covered = frozenset(i for start, end in self.places for i in range(start, end))
            self._place_tokens = (len(self.places), covered)
        return self._place_tokens[1]

    def lookup(self, text: str, *, kinds: tuple[str, ...] | None = None) -> GazetteerMatch | None:
        """``self.gazetteer.lookup(text, kinds=kinds)``, remembered for this document."""
        key = ("lookup", text, kinds)
        try:
            return self._lookups[key]  # type: ignore[return-value]
        except KeyError:
            found = self._lookups[key] = self.gazetteer.lookup(text, kinds=kinds)
            return found

    def demonym(self, text: str) -> GazetteerEntry | None:
        """``self.gazetteer.demonym(text)``, remembered for this document."""
        key = ("demonym", text, None)
        try:
            return self._lookups[key]  # type: ignore[return-value]
        except KeyError:
            found = self._lookups[key] = self.gazetteer.demonym(text)
            return found

    # -- registering entities and mentions ---------------------------------------------------

    def entity_from_entry(self, entry: GazetteerEntry, confidence: float) -> Entity:
        facts = self.facts
        if entry.key in facts.entities:
            kept = facts.entities[entry.key]
            if kept.qid and (kept.link_confidence or 0) < confidence:
                kept.link_confidence = confidence
            return kept
        entity = Entity(
            key=entry.key,
            label=entry.label,
            kind=ActorKind(entry.kind),
            qid=entry.qid,
            link_confidence=confidence if entry.qid else None,
            aliases=tuple(entry.aliases),
            country=entry.country,
            members=tuple(entry.members),
            source="gazetteer",
        )
        facts.add_entity(entity)
        # The graph must describe every actor it points at (nk:country, nk:hasMember).
        for key in (entry.country, *entry.members):
            if key and key not in facts.entities:
                other = self.gazetteer.get(key)
                if other is not None and other.kind in _ACTOR_KINDS:
                    self.entity_from_entry(other, CONFIDENCE["name"])
        return entity

    def new_entity(
        self, label: str, kind: ActorKind, *, country: str | None = None, confidence: float, source: str = "ner"
    ) -> Entity:
        key = slug(label)
        existing = self.facts.entities.get(key)
        if existing is not None:
            return existing
        return self.facts.add_entity(
            Entity(key=key, label=label, kind=kind, country=country, source=source, link_confidence=None)
        )

    def mention(
        self, start: int, end: int, denotes: tuple[str, ...], via: str, confidence: float, *, register: bool = True
    ) -> Mention:
        """The mention of tokens ``start:end``; reuses one already made for the same span.

        ``register`` also claims the tokens for it (dropping any mention it overlaps), so later
        lookups by token find it; without it the mention is only added to the facts.
        """
        doc = self.doc
        start_char, end_char = _char_bounds(doc, start, end)
        for i in range(start, end):
            known = self.by_token.get(i)
            if (
                known is not None
                and (known.span.start, known.span.end) == (start_char, end_char)
                and known.denotes == denotes
            ):
                return known
        text = doc_index(doc).text
        mention = Mention(
            span=Span(start_char, end_char, text[start_char:end_char]),
            denotes=denotes,
            via=via,
            sentence=sentence_span(doc, start),
        )
        self.confidence[_mention_key(mention)] = round(confidence, 3)
        facts = self.facts
        if register:
            replaced = {id(old): old for i in range(start, end) if (old := self.by_token.get(i)) is not None}
            for old in replaced.values():
                self.drop(old)
            for i in range(start, end):
                self.by_token[i] = mention
        facts.mentions.append(mention)
        return mention

    def drop(self, mention: Mention) -> None:
        """Removes ``mention`` (by identity) from the facts and the token map."""
        facts = self.facts
        facts.mentions[:] = [m for m in facts.mentions if m is not mention]
        doc_len = len(self.doc)
        # A mention occupies a contiguous token run; find it from its character span.
        span = self.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if span is None:
            return
        for j in range(span.start, min(span.end, doc_len)):
            if self.by_token.get(j) is mention:
                del self.by_token[j]

    # -- state lookups -------------------------------------------------------------------------

    def state_of_tokens(self, start: int, end: int) -> str | None:
        """The state key that tokens ``start:end`` name or stand for ("Russia", "Russian", "U.S.")."""
        if start >= end:
            return None
        mention = self.by_token.get(start)
        if mention is not None and self.by_token.get(end - 1) is mention and len(mention.denotes) == 1:
            entity = self.facts.entities.get(mention.denotes[0])
            if entity is not None and entity.kind is ActorKind.STATE:
                return entity.key
        text = span_text(self.doc, start, end)
        match = self.lookup(text, kinds=("State",))
        if match is not None:
            return match.entry.key
        if end - start == 1:
            entry = self.demonym(text)
            if entry is not None:
                return entry.key
        return None

    def state_ending_at(self, end: int) -> tuple[int, str] | None:
        """(first token, state key) of a state name or demonym ending just before token ``end``."""
        if end <= 0:
            return None
        doc = self.doc
        last = doc[end - 1]
        if last.ent_iob_ in ("B", "I") and last.ent_type_:
            ent = _ent_of(last)
            if ent is not None and ent.end == end:
                key = self.state_of_tokens(ent.start, ent.end)
                if key:
                    return ent.start, key
        key = self.state_of_tokens(end - 1, end)
        if key:
            return end - 1, key
        return None


_ACTOR_KINDS = frozenset(k.value for k in ActorKind)


def _mention_key(mention: Mention) -> tuple[int, int, tuple[str, ...]]:
    return mention.span.start, mention.span.end, mention.denotes


def mention_confidence(doc: Doc, mention: Mention) -> float:
    """How sure the resolution of ``mention`` is (0..1): see the module docstring for the scale."""
    state = doc_extension(doc, STATE_EXTENSION)  # None when the component never ran on it
    if state is None:
        return CONFIDENCE["ner"]
    return state.confidence.get(_mention_key(mention), CONFIDENCE["ner"])


@dataclass
class _DocIndex:
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
    proper: list[bool]  # _proper(token)
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

    def kids(self, i: int) -> list[int]:
        """Token ``i``'s dependents in text order (``[c.i for c in token.children]``)."""
        dependents, groups = (self._dependents, self._groups) if self._groups is not None else self._group_dependents()
        return dependents[groups[i] : groups[i + 1]]  # type: ignore[index]

    def subtree(self, i: int) -> list[int]:
        """``[t.i for t in doc[i].subtree]``, in spaCy's order (left dependents' subtrees, the
        token, right dependents' subtrees), without a Token per word."""
        dependents, groups = (self._dependents, self._groups) if self._groups is not None else self._group_dependents()
        out: list[int] = []
        stack = [i]  # a token to expand, or ~token to emit once its left dependents are out
        while stack:
            top = stack.pop()
            if top < 0:
                out.append(~top)
                continue
            first, k = groups[top], groups[top + 1] - 1  # type: ignore[index]
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


_LAST_INDEX: list[_DocIndex] = []
_QUOTE_MARKS = re.compile('[\u201c\u201d"]')


def doc_index(doc: Doc) -> _DocIndex:
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
    quotes: list[tuple[int, int]] = []
    opening: int | None = None
    # only quote marks change the state: visit those instead of every character
    for found in _QUOTE_MARKS.finditer(text):
        i, char = found.start(), found.group()
        if char == "\u201c" or (char == '"' and opening is None):
            opening = i
        elif char in ("\u201d", '"') and opening is not None:
            quotes.append((opening, i + 1))
            opening = None
    index = _DocIndex(
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
    if doc.has_annotation("POS") or doc.has_annotation("TAG"):  # as _proper decides
        proper = [tag == "PROPN" for tag in pos]
    else:
        proper = [token.is_alpha and (token.is_title or token.is_upper) for token in doc]
    ends = [start + len(word) for start, word in zip(idx, texts, strict=True)]
    # what ``doc.text`` joins (each token's text and its trailing space), without a Token per word
    text = "".join([word + " " if trailing else word for word, trailing in zip(texts, spacy_flags, strict=True)])
    return texts, lower, lemma, pos, proper, space, idx, ends, text, deps, heads, punct, capitalised, ent_types




def _char_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
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


def _ent_of(token: Token) -> SpacySpan | None:
    doc = token.doc
    bounds = doc_index(doc).ent_of.get(token.i)
    return SpacySpan(doc, bounds[0], bounds[1], label=bounds[2]) if bounds is not None else None


def _name_tokens(text: str) -> frozenset[str]:
    return frozenset(t for t in slug(text).split("-") if t)


def actor_state(doc: Doc) -> ActorState:
    """The actor state of ``doc``, running the resolution with the default gazetteer when the
    ``newskg_actors`` component has not run on it (e.g. a pipeline built by hand)."""
    state = doc_extension(doc, STATE_EXTENSION)
    if state is None:
        _ensure_extension()
        from ..linking.gazetteer import Gazetteer

        state = _annotate(doc, Gazetteer.default())
    return state


class ActorResolver:
    """The ``newskg_actors`` component: see the module docstring."""

    def __init__(self, nlp: Language, name: str, *, gazetteer_path: str | None = None) -> None:
        from ..linking.gazetteer import Gazetteer

        self.name = name
        self.gazetteer_path = gazetteer_path
        self.gazetteer = Gazetteer.from_path(gazetteer_path) if gazetteer_path else Gazetteer.default()
        _ensure_extension()

    def __call__(self, doc: Doc) -> Doc:
        state = _annotate(doc, self.gazetteer)
        _record_places(doc, state)
        return doc


def _record_places(doc: Doc, state: ActorState) -> None:
    """Places the gazetteer knows ("the Middle East") go into the facts with their mentions, so the
    graph can link them to Wikidata and show where each was named."""
    facts = facts_of(doc)
    for (start, end), entry in sorted(state.places.items()):
        token_span = doc[start:end]
        span = Span(token_span.start_char, token_span.end_char, token_span.text)
        place = facts.places.get(entry.key)
        if place is None:
            place = facts.places[entry.key] = Place(entry.key, entry.label, qid=entry.qid)
        mention = Mention(span, (entry.key,), via="place", sentence=None)
        place.mentions.append(mention)
        facts.mentions.append(mention)


# -- the document pass ------------------------------------------------------------------------


def _annotate(doc: Doc, gazetteer: Gazetteer) -> ActorState:
    _ensure_extension()
    state = ActorState(doc=doc, gazetteer=gazetteer)
    doc._.set(STATE_EXTENSION, state)
    dateline_end = _dateline_end(doc)  # once: the comprehension would read it for every candidate
    candidates = [c for c in _name_candidates(doc) if c[0] >= dateline_end]
    candidates = [part for c in candidates for part in _split_coordination(state, *c)]
    deferred_people: list[tuple[int, int, str | None]] = []
    deferred_orgs: list[tuple[int, int]] = []
    deferred_states: list[tuple[int, int]] = []
    for start, end, label in candidates:
        start, end = _strip_prefix(state, start, end)
        end = _trim_place_tail(doc, start, end)
        if start >= end:
            continue
        if _resolve_known_name(state, start, end, label):
            continue
        title = _title_before(state, start)
        if label == "PERSON" or (title is not None and _proper(doc[start])):
            deferred_people.append((start, end, label))
        elif label == "ORG":
            deferred_orgs.append((start, end))
        elif label == "GPE":
            deferred_states.append((start, end))
    # Full names first, so that a later (or earlier) surname finds the person they name.
    deferred_people.sort(key=lambda c: -(c[1] - c[0]))
    for start, end, _label in deferred_people:
        _resolve_person(state, start, end)
    _read_positions(state)
    _read_group_phrases(state)
    for start, end in deferred_orgs:
        if (
            any(i in state.by_token or i in state.title_tokens for i in range(start, end))
            or _is_place(doc[start:end])
            or _is_date(span_text(doc, start, end))
            or not _looks_like_a_name(doc[start:end])
        ):
            continue
        label_text = span_text(doc, start, end)
        entity = state.new_entity(label_text, ActorKind.ORGANIZATION, confidence=CONFIDENCE["ner"])
        state.mention(start, end, (entity.key,), "name", CONFIDENCE["ner"])
    for start, end in deferred_states:
        # A place the gazetteer does not know ("Congo", "West Germany") is an actor only where it
        # acts or is acted on; "in Sochi" and "the Donbas war" name a place.
        span = doc[start:end]
        if any(i in state.by_token for i in range(start, end)) or _is_place(span) or not _in_actor_role(span):
            continue
        entity = state.new_entity(span.text, ActorKind.STATE, confidence=CONFIDENCE["unknown"])
        state.mention(start, end, (entity.key,), "name", CONFIDENCE["unknown"])
    state.facts.mentions.sort(key=lambda m: (m.span.start, m.span.end))
    return state


def _name_candidates(doc: Doc) -> list[tuple[int, int, str | None]]:
    """NER spans that may be actors, then proper-noun runs NER missed, in text order."""
    out: list[tuple[int, int, str | None]] = []
    in_ent: set[int] = set()
    index = doc_index(doc)
    for ent_start, ent_end, label in index.ents:
        in_ent.update(range(ent_start, ent_end))
        if label in _NOT_ACTOR_LABELS:
            continue
        out.append((ent_start, ent_end, label))
    # the doc index's lists, not doc[i]: this reads every token, some several times
    proper, texts = index.proper, index.texts
    n = len(texts)
    i = 0
    while i < n:
        if i not in in_ent and (proper[i] or texts[i] in ("U.S.", "U.K.", "U.N.")):
            j = i
            while j < n and j not in in_ent and (proper[j] or texts[j] == "-"):
                j += 1
            j = max(j, i + 1)
            while j > i + 1 and texts[j - 1] == "-":
                j -= 1
            out.append((i, j, None))
            i = j
        else:
            i += 1
    out.sort(key=lambda c: c[0])
    return out


def _dateline_end(doc: Doc) -> int:
    """The token after a dateline ("GAZA CITY, Palestinian Territories:", "LYON:"), else 0."""
    for i, token in enumerate(doc[:10]):
        if token.text in (":", "\u2014", "--") and i > 0:
            before = doc[:i]
            if all(t.is_punct or t.is_upper or t.is_title for t in before) and any(t.is_upper for t in before):
                return i + 1
            return 0
        if not (token.is_punct or token.is_title or token.is_upper):
            return 0
    return 0


def _split_coordination(state: ActorState, start: int, end: int, label: str | None) -> list:
    """NER joins "Arnor and Gondor" into one name; split it unless the whole is a known name
    ("Bosnia and Herzegovina", "Trinidad and Tobago")."""
    doc = state.doc
    cuts = [i for i in range(start + 1, end - 1) if doc[i].lower_ in ("and", "&", ",")]
    if not cuts or state.lookup(span_text(doc, start, end)) is not None:
        return [(start, end, label)]
    parts: list[tuple[int, int, str | None]] = []
    begin = start
    for cut in [*cuts, end]:
        if begin < cut and _proper(doc[begin]):
            parts.append((begin, cut, label))
        begin = cut + 1
    return parts or [(start, end, label)]


def _trim_place_tail(doc: Doc, start: int, end: int) -> int:
    """NER sometimes swallows a place: "Rapid Support Forces in Jeddah" -> "Rapid Support Forces"."""
    for i in range(start + 1, end - 1):
        if doc[i].lower_ in ("in", "at", "near") and doc[i].pos_ == "ADP":
            return i
    return end


def _proper(token: Token) -> bool:
    """A proper noun; without a tagger (spacy.blank, hand-built Docs) a capitalised word."""
    doc = token.doc
    if doc.has_annotation("POS") or doc.has_annotation("TAG"):
        return token.pos_ == "PROPN"
    return token.is_alpha and (token.is_title or token.is_upper)


def _title_at(doc: Doc, start: int, limit: int) -> tuple[int, str, bool] | None:
    """(end, canonical title, plural) of the longest title phrase starting at ``start`` before ``limit``."""
    table = titles()
    lower = doc_index(doc).lower
    if not 0 <= start < min(limit, len(lower)) or lower[start] not in title_edges()[0]:
        return None  # no title begins here
    for length in range(min(5, limit - start), 0, -1):
        words = tuple(lower[start : start + length])
        title = table.get(words)
        if title is not None:
            return start + length, title.title, words != title.words
    return None


def _strip_prefix(state: ActorState, start: int, end: int) -> tuple[int, int]:
    """Drops determiners, titles and the demonym of a title from the front of a name span, and a
    possessive from its end: "the Russian Foreign Ministry" stays whole (a body, read later), but
    "President Putin" -> "Putin"."""
    doc = state.doc
    texts = doc_index(doc).texts
    while end > start and texts[end - 1] in ("'s", "'", "’s", "’"):
        end -= 1
    lower, proper = doc_index(doc).lower, doc_index(doc).proper
    while start < end:
        if lower[start] in _DETERMINERS and start + 1 < end:
            start += 1
            continue
        title = _title_at(doc, start, end - 1 + 1)
        if title is not None and title[0] < end and proper[title[0]]:
            start = title[0]
            continue
        if start + 1 < end and _title_at(doc, start + 1, end) is not None and state.state_of_tokens(start, start + 1):
            start += 1
            continue
        break
    return start, end


def _resolve_known_name(state: ActorState, start: int, end: int, label: str | None) -> bool:
    """Resolves a name the gazetteer knows (by name, alias, capital, metonym or demonym)."""
    doc = state.doc
    text = span_text(doc, start, end)
    match = state.lookup(text)
    if match is None:
        # NER often cuts a name short or splits it ("Islamic" NORP + "State" ORG): try one
        # capitalised neighbour on either side.
        capitalised = doc_index(doc).capitalised
        for s2, e2 in ((start - 1, end), (start, end + 1)):
            if s2 >= 0 and e2 <= len(doc) and all(capitalised[i] for i in range(s2, e2)):
                wider = state.lookup(span_text(doc, s2, e2))
                if wider is not None and not any(i in state.by_token for i in range(s2, e2)):
                    match, start, end, text = wider, s2, e2, span_text(doc, s2, e2)
                    break
    if match is not None and match.entry.kind not in _ACTOR_KINDS:
        # A region or a conflict ("Karabakh", "the Middle East"): the conflict component reads it.
        state.places[(start, end)] = match.entry
        return True
    if match is not None:
        entry = match.entry
        if entry.kind == "Person" and entry.key not in state.persons:
            state.persons[entry.key] = _name_tokens(" ".join((entry.label, *entry.aliases)))
        via = "name" if match.via == "alias" else match.via
        confidence = min(match.confidence, CONFIDENCE.get(match.via, CONFIDENCE["name"]))
        entity = state.entity_from_entry(entry, confidence)
        state.mention(start, end, (entity.key,), via, confidence)
        return True
    if end - start == 1 or (label == "NORP"):
        entry = state.demonym(text)
        if entry is not None:
            entity = state.entity_from_entry(entry, CONFIDENCE["demonym"])
            state.mention(start, end, (entity.key,), "demonym", CONFIDENCE["demonym"])
            return True
    return False


def _person_index(gazetteer: Gazetteer) -> dict[str, list[GazetteerEntry]]:
    index = _PERSON_INDEX.get(id(gazetteer))
    if index is None:
        index = {}
        for entry in gazetteer:
            if entry.kind != "Person":
                continue
            for name in (entry.label, *entry.aliases):
                for token in _name_tokens(name):
                    bucket = index.setdefault(token, [])
                    if entry not in bucket:
                        bucket.append(entry)
        _PERSON_INDEX[id(gazetteer)] = index
    return index


_PERSON_INDEX: dict[int, dict[str, list[GazetteerEntry]]] = {}


def _resolve_person(state: ActorState, start: int, end: int) -> None:
    doc = state.doc
    text = span_text(doc, start, end)
    tokens = _name_tokens(text)
    if not tokens:
        return
    # 1. A person already named in this document whose name holds these tokens.
    same = [key for key, names in state.persons.items() if tokens <= names]
    if len(same) == 1:
        key = same[0]
        state.mention(start, end, (key,), "name", CONFIDENCE["partial"])
        return
    # 2. A unique gazetteer person whose name holds them (a single token must be the surname).
    index = _person_index(state.gazetteer)
    pools = [set(map(id, index.get(t, []))) for t in tokens]
    common = set.intersection(*pools) if pools else set()
    entries = [e for t in tokens for e in index.get(t, []) if id(e) in common]
    unique = list({e.key: e for e in entries}.values())
    if len(tokens) == 1:
        (only,) = tokens
        unique = [e for e in unique if any(slug(n).split("-")[-1] == only for n in (e.label, *e.aliases))]
    if len(unique) == 1:
        entry = unique[0]
        entity = state.entity_from_entry(entry, CONFIDENCE["partial"])
        state.persons.setdefault(entry.key, _name_tokens(" ".join((entry.label, *entry.aliases))))
        state.mention(start, end, (entity.key,), "name", CONFIDENCE["partial"])
        return
    # 3. A person of their own, keyed by the name as written.
    if len(same) > 1:
        return  # two people share the name here: guessing would be worse than leaving it
    title = _title_before(state, start)
    country = title.state if title else None
    entity = state.new_entity(text, ActorKind.PERSON, country=country, confidence=CONFIDENCE["ner"])
    if country and entity.country is None:
        entity.country = country
    state.persons.setdefault(entity.key, tokens)
    state.mention(start, end, (entity.key,), "name", CONFIDENCE["ner"])


def _is_place(span: SpacySpan) -> bool:
    """An unknown name used as a place: the object of a locative preposition, or the modifier of a
    conflict word ("the Karabakh war")."""
    from .lexicons import conflict_words

    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPOSITIONS:
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in place_nouns():
        return True  # "the West Bank city of Nablus"
    return bool(root.dep_ in ("compound", "amod", "nmod") and root.head.lemma_.lower() in conflict_words())


def _is_date(text: str) -> bool:
    """ "Friday", "April", "September 27": a date NER left untagged is no actor."""
    from .dates import normalise_date

    if all(word in not_names() for word in text.lower().split()):
        return True
    return normalise_date(text, published="2000-06-15") is not None


def _looks_like_a_name(span: SpacySpan) -> bool:
    """NER tags "state" or "Senate" alone as ORG: a name has a capital, and a lone common noun
    of the title or group lexicons ("State", "Council") names nothing by itself."""
    if not any(t.is_title or t.is_upper for t in span):
        return False
    if len(span) == 1:
        lemma = span[0].lemma_.lower()
        return lemma not in group_nouns() and (lemma,) not in titles() and span[0].lower_ != "state"
    return True


def _in_actor_role(span: SpacySpan) -> bool:
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ in ("nsubj", "nsubjpass", "dobj", "iobj", "appos", "poss", "dative", "agent"):
        return True
    return root.dep_ == "pobj" and root.head.lower_ in ("with", "by", "to", "against", "for", "between", "of")


# -- titles and positions ---------------------------------------------------------------------


def _title_before(state: ActorState, start: int) -> _TitleInfo | None:
    """The title phrase just before token ``start`` ("Turkish President", "Russia's Foreign Minister")."""
    doc = state.doc
    table = titles()
    lower = doc_index(doc).lower
    if start <= 0 or lower[start - 1] not in title_edges()[1]:
        return None  # no title ends here
    for length in range(min(5, start), 0, -1):
        words = tuple(lower[start - length : start])
        title = table.get(words)
        if title is None:
            continue
        title_start = start - length
        plural = words != title.words
        qualifier = state.state_ending_at(title_start)
        if qualifier is None and title_start >= 2 and doc[title_start - 1].text in ("'s", "’s"):
            qualifier = state.state_ending_at(title_start - 1)
        if qualifier is not None:
            return _TitleInfo(title.title, plural, qualifier[0], start, qualifier[1])
        return _TitleInfo(title.title, plural, title_start, start, None)
    return None


def _of_state_after(state: ActorState, end: int) -> tuple[int, str] | None:
    """(end token, state key) for "... of Russia" right after a name."""
    doc = state.doc
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        nxt = doc[end + 1]
        if nxt.lower_ == "the" and end + 2 < len(doc):
            nxt = doc[end + 2]
        ent = _ent_of(nxt)
        if ent is not None and ent.start == nxt.i:
            key = state.state_of_tokens(ent.start, ent.end)
            if key:
                return ent.end, key
        key = state.state_of_tokens(nxt.i, nxt.i + 1)
        if key:
            return nxt.i + 1, key
    return None


def _read_positions(state: ActorState) -> None:
    """Position facts for titled persons; drops the demonym mentions that only qualify a title."""
    doc = state.doc
    facts = state.facts
    seen: set[tuple[str, str, str | None]] = set()
    person_mentions = [
        m
        for m in list(facts.mentions)
        if len(m.denotes) == 1
        and (e := facts.entities.get(m.denotes[0])) is not None
        and e.kind is ActorKind.PERSON
        and m.via == "name"
    ]
    by_head: dict[int, tuple[Mention, _TitleInfo]] = {}
    plural_next: dict[int, _TitleInfo] = {}  # token where the next conjunct of a plural title starts
    for mention in sorted(person_mentions, key=lambda m: m.span.start):
        span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if span is None:
            continue
        info = _title_before(state, span.start)
        head = span.root
        if info is None and span.start in plural_next:
            # "Foreign Ministers A of Russia and B of Turkey": the plural title covers each conjunct.
            shared = plural_next[span.start]
            info = _TitleInfo(shared.title, True, shared.start, shared.end, None)
        if info is None:
            appositive = _appositive_title(state, head)
            if appositive is not None:
                title, state_key, evidence = appositive
                if (mention.denotes[0], title, state_key) not in seen:
                    seen.add((mention.denotes[0], title, state_key))
                    facts.positions.append(
                        Position(mention.denotes[0], title, state_key, evidence, confidence=0.8 if state_key else 0.6)
                    )
            continue
        of_state = _of_state_after(state, span.end)
        state_key = of_state[1] if of_state else info.state
        if info.plural and of_state is None and head.dep_ != "conj":
            # A plural title's demonym may belong to one conjunct only; trust it only for the first.
            state_key = info.state
        by_head[head.i] = (mention, info)
        state.titled[head.i] = info
        if info.plural:
            after = of_state[0] if of_state else span.end
            if after < len(doc) and doc[after].lower_ in ("and", ","):
                nxt = after + 1 + (doc[after + 1].lower_ == "and" if after + 1 < len(doc) else 0)
                plural_next[nxt] = info
        for i in range(info.start, info.end):
            state.title_tokens.add(i)
            qualifier = state.by_token.get(i)
            # The state qualifying a title ("U.S. Secretary of State X") is the position's of-state.
            if (
                qualifier is not None
                and qualifier.via in ("demonym", "name")
                and all(
                    (e := facts.entities.get(k)) is not None and e.kind is ActorKind.STATE for k in qualifier.denotes
                )
            ):
                state.drop(qualifier)
        holder = mention.denotes[0]
        entity = facts.entities[holder]
        if entity.country is None and state_key:
            entity.country = state_key
        if state_key and state_key not in facts.entities:
            entry = state.gazetteer.get(state_key)
            if entry is not None:
                state.entity_from_entry(entry, CONFIDENCE["name"])
        key = (holder, info.title, state_key)
        if key in seen:
            continue
        seen.add(key)
        title_span = doc[info.start : info.end]
        confidence = 0.9 if state_key else 0.7
        facts.positions.append(
            Position(
                holder=holder,
                title=info.title,
                of_state=state_key,
                evidence=Span(title_span.start_char, title_span.end_char, title_span.text),
                confidence=confidence,
            )
        )


def _appositive_title(state: ActorState, head: Token) -> tuple[str, str | None, Span] | None:
    """ "Sergei Lavrov, Russia's foreign minister," -> ("Foreign Minister", "russia", evidence)."""
    doc = state.doc
    for child in head.rights:
        if child.dep_ != "appos":
            continue
        ending = _title_ending_at(child)
        entry = titles().get((child.lower_,)) or titles().get((child.lemma_.lower(),))
        title = ending[1] if ending else entry.title if entry else None
        if title is None:
            continue
        first = ending[0] if ending else child.i
        states = _states_modifying(state, child) or _states_modifying(state, doc[first])
        start = min([first, *(s for s, _e, _k in states)])
        while doc[start].lower_ in _DETERMINERS and start < child.i:
            start += 1
        start_char, end_char = _char_bounds(doc, start, child.i + 1)
        evidence = Span(start_char, end_char, doc_index(doc).text[start_char:end_char])
        return title, (states[0][2] if states else None), evidence
    return None


# -- groups: a state's bodies and people ------------------------------------------------------


def _left_modifiers(head: Token) -> list[Token]:
    out: list[Token] = []
    stack = [c for c in head.lefts if c.dep_ not in ("det", "punct", "nummod", "predet")]
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(c for c in token.children if c.dep_ not in ("det", "punct", "cc", "case"))
    return sorted(out, key=lambda t: t.i)


def _states_modifying(state: ActorState, head: Token) -> list[tuple[int, int, str]]:
    """(start, end, state key) of the states named among ``head``'s modifiers, in text order."""
    found: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for token in _left_modifiers(head):
        if token.i in taken:
            continue
        ent = _ent_of(token)
        start, end = (ent.start, ent.end) if ent is not None and ent.end <= head.i else (token.i, token.i + 1)
        if end - start > 1 and token.doc[start].lower_ in _DETERMINERS:
            start += 1
        key = state.state_of_tokens(start, end) or (
            state.state_of_tokens(token.i, token.i + 1) if (start, end) != (token.i, token.i + 1) else None
        )
        if key is None:
            continue
        if (start, end) != (token.i, token.i + 1) and state.state_of_tokens(start, end) is None:
            start, end = token.i, token.i + 1
        taken.update(range(start, end))
        if not any(k == key for _s, _e, k in found):
            found.append((start, end, key))
    return found


def _read_group_phrases(state: ActorState) -> None:
    doc = state.doc
    lexicon = group_nouns()
    index = doc_index(doc)
    lemmas, lowers = index.lemma, index.lower
    for i, pos in enumerate(index.pos):
        # the cheap tests from the doc index first: a Token is made only for a group noun
        if pos not in ("NOUN", "PROPN") or i in state.title_tokens:
            continue
        kind = lexicon.get(lemmas[i]) or lexicon.get(lowers[i])
        if kind is None:
            continue
        token = doc[i]
        if token.dep_ == "compound":
            continue  # a compound modifies the noun that heads the phrase ("government officials")
        if lemmas[i] in place_nouns() and any(c.lower_ == "of" for c in token.rights):
            continue  # "the Australian state of New South Wales" is a place
        existing = state.by_token.get(token.i)
        if existing is not None and existing.via not in ("demonym",):
            continue
        found = _group_mentions(state, token, kind)
        if found:
            state.groups[token.i] = found


def _group_mentions(state: ActorState, head: Token, kind: str) -> list[Mention]:
    """Mentions for a group noun with its state modifiers ("Russian officials", "the Turkish and
    Azerbaijani governments", "the government of France"); [] when no state is named."""
    doc = state.doc
    states = _states_modifying(state, head)
    end = head.i + 1
    if not states and kind in ("body", "collective"):
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                # "the leaders of Armenia and Azerbaijan": the first state keeps the noun in its span.
                out: list[Mention] = []
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    for n, conjunct in enumerate([obj, *obj.conjuncts]):
                        ent = _ent_of(conjunct)
                        s, e = (ent.start, ent.end) if ent is not None else (conjunct.i, conjunct.i + 1)
                        key = state.state_of_tokens(s, e)
                        if key is None:
                            continue
                        entity = _state_entity(state, key)
                        if n == 0:
                            s = min((c.i for c in head.lefts if c.dep_ not in ("det", "predet")), default=head.i)
                        out.append(state.mention(s, e, (entity.key,), "group", CONFIDENCE["group"]))
                if out:
                    return out
    if not states:
        return []
    if kind == "group":
        # "Syrian rebels" are not Syria: a group of its own, whose country is the state; "pro-Russia
        # rebels" are no more Russian than "anti-government protesters" are the government.
        start = states[0][0]
        sided = start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in ("pro", "anti")
        if sided:
            start -= 2
        label = span_text(doc, start, end)
        country = None if sided else states[0][2]
        entity = state.new_entity(label, ActorKind.GROUP, country=country, confidence=CONFIDENCE["group"])
        if country:
            _state_entity(state, country)
        return [state.mention(start, end, (entity.key,), "group", CONFIDENCE["group"])]
    out: list[Mention] = []
    for n, (start, stop, key) in enumerate(states):
        entity = _state_entity(state, key)
        last = n == len(states) - 1
        if last:
            stop = end
        out.append(state.mention(start, stop, (entity.key,), "group", CONFIDENCE["group"]))
    return out


def _state_entity(state: ActorState, key: str) -> Entity:
    entity = state.facts.entities.get(key)
    if entity is not None:
        return entity
    entry = state.gazetteer.get(key)
    if entry is not None:
        return state.entity_from_entry(entry, CONFIDENCE["name"])
    return state.new_entity(key, ActorKind.STATE, confidence=CONFIDENCE["ner"])


# -- the API the other components call --------------------------------------------------------


def mentions_in(doc: Doc, start_char: int, end_char: int) -> list[Mention]:
    """Resolved actor mentions lying inside ``[start_char, end_char)``, in text order."""
    actor_state(doc)
    facts = facts_of(doc)
    return sorted(
        (
            m
            for m in facts.mentions
            if start_char <= m.span.start
            and m.span.end <= end_char
            and m.via != "conflict"
            and all(k in facts.entities for k in m.denotes)
        ),
        key=lambda m: (m.span.start, m.span.end),
    )


def resolve_phrase(doc: Doc, span: SpacySpan) -> list[Mention]:
    """The actors a noun phrase denotes, as mentions registered in ``facts_of(doc)``.

    Handles names, titles ("Turkish President Erdogan" -> the person), states' bodies and groups
    ("Russian officials" -> Russia), coordination ("the U.S. and especially France" -> two
    mentions), "a spokesman for X" (-> X), pronouns and descriptions by coreference ("It", "They",
    "the ministers"), and non-state groups ("militants"). Returns [] for phrases that denote no
    actor. Each mention's span is tight and lies inside ``span``, except a pronoun's, which is the
    pronoun itself.
    """
    state = actor_state(doc)
    if len(span) == 0:
        return []
    index = doc_index(doc)
    if not index.parsed:
        # No parse to find the head with: the names inside the phrase are all we can tell.
        return mentions_in(doc, span.start_char, span.end_char)
    # the phrase's heads are a function of the parse: read once per phrase, not per resolution
    key = ("phrase_heads", span.start, span.end)
    found = index.memo.get(key)
    if found is None:
        root = span.root
        conjuncts = (c.i for c in root.conjuncts if span.start <= c.i < span.end and c.i > root.i)
        found = index.memo[key] = (root.i, *conjuncts)
    heads = [doc[i] for i in found]  # type: ignore[attr-defined]
    out: list[Mention] = []
    for head in heads:
        for mention in _resolve_head(state, head, span):
            if mention not in out:
                out.append(mention)
    return out


def _resolve_head(state: ActorState, head: Token, span: SpacySpan) -> list[Mention]:
    if head.i in state._resolving:
        return []
    state._resolving.add(head.i)
    try:
        return _resolve_head_inner(state, head, span)
    finally:
        state._resolving.discard(head.i)


def _inside(mention: Mention, span: SpacySpan) -> bool:
    return span.start_char <= mention.span.start and mention.span.end <= span.end_char


def _resolve_head_inner(state: ActorState, head: Token, span: SpacySpan) -> list[Mention]:
    doc = state.doc
    facts = state.facts
    lower = head.lower_
    lemma = head.lemma_.lower()
    kind = group_nouns().get(lemma) or group_nouns().get(lower)
    if kind == "body":
        # "his North Korean counterpart Choe Son Hui", "the Russian envoy, Mikhail Bogdanov": the
        # name in apposition says who, where the noun alone would only say for which state
        for child in head.rights:
            if child.dep_ == "appos" and span.start <= child.left_edge.i and child.right_edge.i < span.end:
                named = resolve_phrase(doc, doc[child.left_edge.i : child.right_edge.i + 1])
                if named:
                    return named
    if head.ent_type_ in ("DATE", "TIME"):
        # "met with Syrian President Bashar Assad Tuesday", parsed with the date as the head and the
        # name as its compound: the name is the phrase
        for child in head.lefts:
            if child.dep_ == "compound" and span.start <= child.left_edge.i:
                return resolve_phrase(doc, doc[child.left_edge.i : child.i + 1])
        return []
    # A registered mention at the head, or (for "Turkish President Recep Tayyip") the person it names.
    if head.i in state.groups:
        return [m for m in state.groups[head.i] if _inside(m, span)]
    if head.i in state.place_tokens():
        return []
    mention = state.by_token.get(head.i)
    if mention is not None and _inside(mention, span) and all(k in facts.entities for k in mention.denotes):
        if head.i in state.title_tokens:
            person = _titled_person_after(state, head)
            if person is not None and _inside(person, span):
                return [person]
        return [mention]
    if (
        mention is not None
        and mention.via == "name"
        and mention.span.start < span.end_char
        and span.start_char < mention.span.end
        and all(k in facts.entities for k in mention.denotes)
    ):
        # a name the parser cut into sibling phrases ("Bashar al-Assad": "Bashar al", "-", "Assad"):
        # each piece stands for the whole name
        return [mention]
    if head.pos_ == "PRON" or lower in pronouns():
        if lower in pronouns():
            return coreference.resolve_pronoun(state, head)
        return []
    if head.i in state.title_tokens:
        # "Secretary of State" before a name is the title, not an actor of its own.
        person = _titled_person_after(state, head)
        return [person] if person is not None and _inside(person, span) else []
    is_title = _is_title_word(head)
    # "a spokesman for Russian President Vladimir Putin", "the leader of the rebels"
    if is_title or kind in ("body", "collective"):
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in ("for", "of"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                for obj in objects:
                    sub = doc[obj.left_edge.i : obj.right_edge.i + 1]
                    inner = resolve_phrase(doc, sub) if sub.start >= span.start and sub.end <= span.end else []
                    if inner:
                        return inner
    if kind is not None:
        found = _group_mentions(state, head, kind)
        if found:
            return [m for m in found if _inside(m, span)]
        if kind == "group":
            # "Hamas militants", "Islamic State fighters": the organisation named before the noun.
            for child in head.lefts:
                named = state.by_token.get(child.i)
                if child.dep_ in ("compound", "amod", "nmod") and named is not None and _inside(named, span):
                    return [named]
    if is_title:
        # "the Russian foreign minister": the person holding that title here, else the state.
        holder = coreference.holder_of_title(state, head)
        if holder:
            return holder
        states = _states_modifying(state, head)
        ending = _title_ending_at(head)
        if not states and ending is not None:
            # "the US Secretary of State": the state qualifies the title's first word.
            states = _states_modifying(state, head.doc[ending[0]])
        if states:
            start = states[0][0]
            entity = _state_entity(state, states[0][2])
            return [state.mention(start, head.i + 1, (entity.key,), "title", CONFIDENCE["title"])]
    described = coreference.resolve_description(state, head, span)
    if described:
        return described
    if kind == "group":
        return [_generic_group(state, head)]
    if head.pos_ == "PROPN":
        return _unknown_name(state, head, span)
    return []


def _is_title_word(token: Token) -> bool:
    table = titles()
    return (
        (token.lower_,) in table
        or (token.lemma_.lower(),) in table
        or _title_ending_at(token) is not None
        or _title_at(token.doc, token.i, len(token.doc)) is not None  # "Secretary" of "Secretary of State"
    )


def _title_ending_at(token: Token) -> tuple[int, str] | None:
    doc = token.doc
    table = titles()
    lower = doc_index(doc).lower
    if lower[token.i] not in title_edges()[1]:
        return None  # no title ends here
    for length in range(min(5, token.i + 1), 1, -1):
        words = tuple(lower[token.i + 1 - length : token.i + 1])
        if words in table:
            return token.i + 1 - length, table[words].title
    return None


def _titled_person_after(state: ActorState, token: Token) -> Mention | None:
    for head_i, info in state.titled.items():
        if info.start <= token.i < info.end:
            return state.by_token.get(head_i)
    return None


def _generic_group(state: ActorState, head: Token) -> Mention:
    """A non-state group ("militants", "foreign fighters") as a Group actor of its own."""
    doc = state.doc
    modifiers = [
        t
        for t in _left_modifiers(head)
        if t.dep_ in ("amod", "compound") and t.i == head.i - 1 and t.i not in state.by_token
    ]
    start = modifiers[0].i if modifiers else head.i
    words = [t.lower_ if t.pos_ != "PROPN" else t.text for t in doc[start : head.i]] + [head.lemma_.lower()]
    label = " ".join(words)
    entity = state.new_entity(label, ActorKind.GROUP, confidence=CONFIDENCE["unknown"])
    return state.mention(start, head.i + 1, (entity.key,), "group", CONFIDENCE["unknown"])


def _unknown_name(state: ActorState, head: Token, span: SpacySpan) -> list[Mention]:
    """A proper noun nobody resolved ("Gondor", "the Hamdan Brigade"): an actor of its own, kind
    from its NER label."""
    doc = state.doc
    ent = _ent_of(head)
    if ent is not None and ent.label_ in _NOT_ACTOR_LABELS:
        return []
    if ent is not None and ent.start >= span.start and ent.end <= span.end:
        start, end, label = ent.start, ent.end, ent.label_
    else:
        start = head.i
        while start > span.start and doc[start - 1].pos_ == "PROPN":
            start -= 1
        end, label = head.i + 1, None
    start, end = _strip_prefix(state, start, end)
    if start >= end or _is_date(span_text(doc, start, end)) or any(i in state.title_tokens for i in range(start, end)):
        return []
    if not _looks_like_a_name(doc[start:end]) or _title_ending_at(doc[end - 1]) is not None:
        return []
    if label in ("GPE", "LOC", "FAC", None) and _is_place(doc[start:end]):
        return []
    kind = {
        "PERSON": ActorKind.PERSON,
        "GPE": ActorKind.STATE,
        "NORP": ActorKind.GROUP,
        "ORG": ActorKind.ORGANIZATION,
    }.get(label or "", ActorKind.ORGANIZATION)
    text = span_text(doc, start, end)
    entity = state.new_entity(text, kind, confidence=CONFIDENCE["unknown"])
    return [state.mention(start, end, (entity.key,), "name", CONFIDENCE["unknown"])]


# -- unnamed sources ---------------------------------------------------------------------------

#: Left modifiers kept in an unnamed source's name: "senior official", "Western diplomats",
#: "government sources"; determiners, numbers and possessives are not part of it.
_UNNAMED_LEFT = frozenset({"amod", "compound", "nmod", "advmod", "npadvmod"})
#: Right modifiers kept: "sources close to the talks", "people familiar with the matter",
#: "a spokesman for the ministry"; clauses ("who asked not to be named") are cut.
_UNNAMED_RIGHT = frozenset({"amod", "prep"})
_UNNAMED_RIGHT_MAX = 6  # tokens: a longer post-modifier is a clause in disguise


def _unnamed_bounds(head: Token) -> tuple[int, int]:
    """Tokens ``start:end`` of the unnamed source headed by ``head``: its modifiers and the noun."""
    doc = head.doc
    start = head.i
    while start > 0:
        token = doc[start - 1]
        # a hyphen inside a modifier ("pro-government sources") belongs to it
        if head not in token.ancestors or (token.dep_ not in _UNNAMED_LEFT and token.text != "-"):
            break
        start -= 1
    while start < head.i and doc[start].text == "-":
        start += 1
    end = head.i + 1
    for child in head.rights:
        if child.dep_ not in _UNNAMED_RIGHT or child.left_edge.i != end:
            break
        words = doc[child.left_edge.i : child.right_edge.i + 1]
        if (
            end + len(words) - head.i - 1 > _UNNAMED_RIGHT_MAX
            or any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in words)
        ):
            break
        end = child.right_edge.i + 1
    return start, end


def unnamed_group(doc: Doc, head: Token) -> Mention:
    """An unnamed source ("officials", "a senior official", "Western diplomats", "sources close to
    the talks") as a Group actor of its own, for the speech-act component to give such acts a speaker.

    Unlike every other actor, its key is scoped to the document (``unnamed-{document slug}-{id digest}-{offset}``):
    "officials" in two articles are not the same people, nor are two unnamed sources in one. Its label
    is the phrase as written, without its determiner; the mention is that phrase (never the clause),
    ``via="group"``, with the lowest confidence of the scale. Calling it again for the same noun
    returns the same mention.
    """
    state = actor_state(doc)
    facts = state.facts
    start, end = _unnamed_bounds(head)
    begin, stop = _char_bounds(doc, start, end)
    key = unnamed_key(facts.document.id, begin)
    for mention in facts.mentions:
        if mention.denotes == (key,) and (mention.span.start, mention.span.end) == (begin, stop):
            return mention
    label = doc_index(doc).text[begin:stop]
    facts.add_entity(Entity(key=key, label=label, kind=ActorKind.GROUP, source="unnamed"))
    return state.mention(start, end, (key,), "group", CONFIDENCE["unnamed"], register=False)


def named_body(doc: Doc, phrase: SpacySpan) -> Mention | None:
    """A body the text names but nobody resolved, read from the object of "leaders of ...", "a
    spokesman for ..." ("the Azadliq (Freedom) opposition coalition"): an Organization of its own
    (document-independent, like any named actor), or None when the phrase holds no proper noun, holds
    a clause, or is too long to be a name."""
    state = actor_state(doc)
    tokens = [t for t in phrase if not t.is_space]
    while tokens and (tokens[0].lower_ in _DETERMINERS or tokens[0].is_punct):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct and tokens[-1].text != ")":
        tokens.pop()
    if not tokens or len(tokens) > 8 or not any(t.pos_ == "PROPN" for t in tokens):
        return None
    if any(t.pos_ in ("VERB", "AUX") or t.ent_type_ in _NOT_ACTOR_LABELS for t in tokens):
        return None
    start, end = tokens[0].i, tokens[-1].i + 1
    if any(i in state.by_token or i in state.title_tokens for i in range(start, end)) or _is_place(doc[start:end]):
        return None  # a name the resolver read (or chose not to): not ours to overrule
    begin, stop = _char_bounds(doc, start, end)
    entity = state.new_entity(doc_index(doc).text[begin:stop], ActorKind.ORGANIZATION, confidence=CONFIDENCE["unknown"])
    return state.mention(start, end, (entity.key,), "name", CONFIDENCE["unknown"])


def unnamed_key(document_id: str, begin: int) -> str:
    """The document-scoped key of an unnamed source whose mention starts at ``begin``.

    >>> unnamed_key("wire/0412", 17)
    'unnamed-wire-0412-30c0a78b-17'
    """
    # the digest keeps ids such as "a/b" and "a-b" (one slug) apart
    digest = hashlib.sha1(document_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"unnamed-{slug(document_id)[:40]}-{digest}-{begin}"


# coreference reads the doc index defined above; imported last, as it imports this module
from . import coreference  # noqa: E402
