"""The per-document state of the speech-act reader, at the bottom of the stages: the Doc, the
lexicon, the sentences and quotes, the acts drafted so far, and the character arithmetic every
stage shares. The stages (:mod:`.gates`, :mod:`.speakers`, :mod:`.roles`, :mod:`.discourse`,
:mod:`.commitments`) are functions of a :class:`DocumentState` and a :class:`Draft`; none reaches
back up to the reader (:mod:`.reader`) that runs them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ...dates import normalise_date
from ...facts import ActKind, Mention
from ...facts import Span as TextSpan
from .. import facts_of
from ..cues import CueLexicon, CueMatch, CueRule
from ..doc_index import doc_index, span_text

__all__ = ["MODALS", "Draft", "DocumentState"]

MODALS = frozenset({"may", "might", "could", "would", "will", "should", "can", "must", "shall"})
_DAY_WORDS = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
    r"|\b(?:today|yesterday|tomorrow|tonight|week|weekend|month|\d{1,4})\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Draft:
    """A speech act being read; becomes a :class:`~newskg.builder.facts.SpeechAct`."""

    rule: CueRule
    kind: ActKind
    start: int  # cue tokens
    end: int
    head: Token
    sent_index: int
    speakers: list[Mention] = field(default_factory=list)
    speaker_source: str = "none"  # subject | agent | owner | document | chain | coref | quote | fallback
    addressees: list[Mention] = field(default_factory=list)
    targets: list[Mention] = field(default_factory=list)
    content: tuple[int, int] | None = None  # characters
    responded: Token | None = None
    responds_to: Draft | None = None
    reported_by: Draft | None = None
    is_quote: bool = False
    negated: bool = False
    modality: str | None = None
    date_text: str | None = None
    evidence: tuple[int, int] | None = None
    nominal: bool = False
    document: bool = False  # the speaker is the author of a statement ("a statement by X said")
    laid_out: bool = False  # a transcript turn or a signed quote (.layout): its content is its own line
    quote_pieces: tuple[tuple[int, int], ...] = ()  # '"A," he said. "B."': the two quotes, its content
    learned: bool = False  # brought by the attribution model (see .learned): its confidence is capped
    proposed: bool = False  # the attribution model proposed an attribution at its cue (see .learned)
    model_score: float = 1.0  # the model's confidence in the cue of a learned draft
    model_content: tuple[tuple[int, int], ...] = ()  # the model's content pieces (characters), see .learned

    @property
    def cue_chars(self) -> tuple[int, int]:
        # read for every draft against every quote: the doc index's offsets, not new Tokens
        index = doc_index(self.head.doc)
        return index.starts[self.start], index.ends[self.end - 1]

    def role_objects(self, roles: set[str]) -> list[Token]:
        """The cue's direct objects, when its rule reads a direct object as one of ``roles``."""
        if self.rule.roles.get("dobj") not in roles:
            return []
        return [c for c in self.head.children if c.dep_ == "dobj"]

    def speaker_keys(self) -> set[str]:
        return {k for m in self.speakers for k in m.denotes}


class DocumentState:
    """What the reader knows of one Doc while it reads: sentences, quotes, the drafted acts (in the
    order they were read, and by head token), the last act a document spoke, the cue matches."""

    def __init__(self, doc: Doc, lexicon: CueLexicon) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.sents = list(doc.sents)
        index = doc_index(doc)
        self.sent_of = index.sent_of  # sentence number by token, as enumerating doc.sents gives it
        self.text = index.text  # Doc.text joins every token on each access: read it once
        self.quotes = index.quotes
        self.starts = list(index.starts)
        self.sentence_cache: dict[int, tuple[int, int]] = {}
        self.drafts: list[Draft] = []
        self.by_head: dict[int, Draft] = {}
        self.last_document: Draft | None = None
        self.matches: dict[int, CueMatch] = {}
        self.published = facts_of(doc).document.published

    def add(self, draft: Draft) -> None:
        if draft.head.i in self.by_head:
            return
        self.drafts.append(draft)
        self.by_head[draft.head.i] = draft
        if draft.document and draft.speakers:
            self.last_document = draft

    def cue_span(self, draft: Draft | None) -> TextSpan | None:
        if draft is None or not draft.speakers:
            return None
        b, e = draft.cue_chars
        return TextSpan(b, e, self.text[b:e])

    def sentence_chars(self, index: int) -> tuple[int, int]:
        """The characters of sentence ``index`` without surrounding whitespace."""
        found = self.sentence_cache.get(index)
        if found is None:
            sent = self.sents[index]
            doc_lists = doc_index(self.doc)  # no Token per word of the sentence
            space = doc_lists.space
            tokens = [i for i in range(sent.start, sent.end) if not space[i]]
            if tokens:
                found = doc_lists.starts[tokens[0]], doc_lists.ends[tokens[-1]]
            else:
                found = sent.start_char, sent.end_char
            self.sentence_cache[index] = found
        return found

    def names_act(self, token: Token) -> bool:
        """True when ``token`` names a speech act ("the allegations", "calls", "them")."""
        return self.names_act_lemma(token.lemma_.lower())

    def names_act_lemma(self, lemma: str) -> bool:
        return lemma in self.lexicon.response_nouns or lemma in self.lexicon.nouns

    def unnamed(self, mentions: list[Mention]) -> bool:
        """True when ``mentions`` denote only unnamed sources (see :func:`.actors.unnamed_group`)."""
        entities = facts_of(self.doc).entities
        return bool(mentions) and all(
            k in entities and entities[k].source == "unnamed" for m in mentions for k in m.denotes
        )

    def chain(self, draft: Draft) -> list[Mention]:
        last = self.last_document
        if last is not None and draft.sent_index - last.sent_index <= 3:
            return list(last.speakers)
        return []

    def phrase_chars(self, token: Token) -> tuple[int, int]:
        index = doc_index(self.doc)  # the index's lists: no Token per word of the phrase
        space, punct, texts = index.space, index.punct, index.texts
        tokens = [i for i in range(token.left_edge.i, token.right_edge.i + 1) if not space[i]]
        while tokens and punct[tokens[-1]] and texts[tokens[-1]] not in {")", "]"}:
            tokens.pop()
        while tokens and punct[tokens[0]]:
            tokens.pop(0)
        if not tokens:
            return token.idx, token.idx + len(token)
        return index.starts[tokens[0]], index.ends[tokens[-1]]

    def clause_chars(self, clause: Token) -> tuple[int, int]:
        quote = self.quote_containing(clause.left_edge.idx)
        if quote is not None and quote[0] <= clause.left_edge.idx <= quote[0] + 2:
            return quote
        index = doc_index(self.doc)  # the index's lists: no Token per word of the clause
        space, punct, deps = index.space, index.punct, index.deps
        tokens = [i for i in index.subtree(clause.i) if not space[i]]
        while tokens and (deps[tokens[0]] == "mark" or punct[tokens[0]]):
            tokens.pop(0)
        while tokens and punct[tokens[-1]]:
            tokens.pop()
        if not tokens:
            return clause.idx, clause.idx + len(clause)
        return index.starts[tokens[0]], index.ends[tokens[-1]]

    def date_words(self, text: str) -> bool:
        """True when ``text`` names a day ("Tuesday", "last week", "on 27 September"), not a span of time
        ("days after", "for years")."""
        return bool(_DAY_WORDS.search(text)) or normalise_date(text, published=self.published) is not None

    def ent_text_at(self, i: int) -> str:
        """The text of the entity holding token ``i``, else the token's own."""
        bounds = doc_index(self.doc).ent_of.get(i)  # ``doc.ents`` makes a Span per entity
        if bounds is not None:
            return span_text(self.doc, bounds[0], bounds[1])
        return doc_index(self.doc).texts[i]

    def quote_containing(self, char: int) -> tuple[int, int] | None:
        for start, end in self.quotes:
            if start <= char < end:
                return start, end
        return None

    def token_at(self, char: int) -> Token:
        """The token holding character ``char`` (or the nearest one before it, for spaces): quote
        marks glued to words ("as``unacceptable''") lie inside tokens."""
        starts = self.starts
        index = max(0, bisect.bisect_right(starts, char) - 1)
        return self.doc[index]

    def trim(self, chars: tuple[int, int]) -> tuple[int, int]:
        """``chars`` without surrounding spaces and the comma a quote ends on before its attribution."""
        begin, end = chars
        text = self.text
        while end > begin and (text[end - 1].isspace() or text[end - 1] in ",;:"):
            end -= 1
        while begin < end and text[begin].isspace():
            begin += 1
        return begin, end
