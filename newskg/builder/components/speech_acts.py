"""Speech acts and consultations: who said, accused, denied, called for, discussed what, with whom.

:class:`SpeechActExtractor` is the ``newskg_speech_acts`` component. For each cue of the lexicon
(:mod:`.cues`) it reads the act's kind, its speakers, addressees and targets (resolved to actors by
the actors component through :mod:`.attribution`), the reported content, negation, modality and
date, and then links acts across sentences:

- a quote and its attribution (``"...," the statement said``), acts inside the quote carry
  ``is_quote`` and ``reported_by``, and take the attribution's speaker when their own is missing;
- "the statement said" / "It added" go back to the author of the last statement;
- responses ("rejected Erdogan's allegations", "These claims have been echoed by France",
  "rebuffed calls ... made by X") point at the act they answer (``responds_to``), creating the
  nominal act ("calls") when it was not reported before.

An act whose only speaker is an unnamed source ("officials said", "a senior diplomat told
reporters", "according to sources close to the talks", 'A spokeswoman: "..."') keeps it as a Group
of its own, scoped to the document (:func:`.actors.unnamed_group`), with its confidence cut to 0.4
of the cue's (at most 0.34 with the shipped lexicon): ``min_confidence`` 0.4 drops them all, and a
named act (0.41 and up on the seed article and PLOVER dev) outranks them. "Russian officials", "a
Kremlin spokesman" and "officials in Doha" name their state and are read as it.

>>> import spacy
>>> from newskg.builder.components import facts_of
>>> nlp = spacy.blank("en")
>>> extractor = SpeechActExtractor(nlp, "newskg_speech_acts")
>>> doc = extractor(nlp("Nothing was said."))   # no parse, no acts
>>> facts_of(doc).speech_acts
[]
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..facts import ActKind, DocumentFacts, Mention, SpeechAct
from ..facts import Span as TextSpan
from . import facts_of
from .doc_index import doc_index, sentence_of, span_text
from .resolution import named_body, unnamed_group
from .attribution import (
    PRONOUNS,
    agent_tokens,
    is_passive,
    mentions_between,
    ner_mentions,
    owner_mentions,
    owner_tokens,
    phrase_span,
    resolve,
    resolve_token,
    subject_of,
    unique,
)
from .cues import CueLexicon, CueMatch, CueRule
from .dates import normalise_date
from .lexicons import group_nouns

__all__ = ["SpeechActExtractor", "apply_party_rule", "quote_regions"]

log = logging.getLogger(__name__)

MODALS = frozenset({"may", "might", "could", "would", "will", "should", "can", "must", "shall"})
_NEGATORS = frozenset({"not", "n't", "never", "no"})
# An appeal to stop fighting made by a party to that fighting is an offer (PLOVER AGREE), not a request.
_ENDING_WORDS = frozenset({"ceasefire", "cease-fire", "truce", "halt", "end", "armistice", "de-escalation"})
_QUOTE_PAIRS = (("\u201c", "\u201d"), ('"', '"'), ("``", "''"))
# What may stand between a cue and the quote it introduces: 'said:', 'told reporters,', 'said in a statement:'
_INTRODUCES_QUOTE = re.compile(r"^(?:[^.;!?\n\u201c\u201d\"]{0,40}[,:])?\s*[\u201c\"`']*\s*$")
# Kinds aimed at someone: an actor named in their content is their target when none is found otherwise.
_TARGETED = frozenset({ActKind.ACCUSATION, ActKind.CRITICISM, ActKind.REJECTION, ActKind.DENIAL, ActKind.THREAT,
                       ActKind.AGREEMENT, ActKind.ENDORSEMENT, ActKind.APPEAL, ActKind.DEMAND})
_PLANNED = frozenset({"expect", "schedule", "plan", "intend", "due", "set"})  # "is expected to meet"
_DAY_WORDS = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
    r"|\b(?:today|yesterday|tomorrow|tonight|week|weekend|month|\d{1,4})\b",
    re.IGNORECASE,
)
_ASKING = frozenset({ActKind.APPEAL, ActKind.DEMAND})
_OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "nsubjpass", "appos", "npadvmod"})
# Prepositions that frame an act rather than point it at someone.
_FRAMING_PREPOSITIONS = frozenset({"under", "within", "through", "via", "during", "without", "despite", "since",
                                   "after", "before", "until", "amid", "throughout"})
def descriptive_clause(token: Token) -> bool:
    """True for a clause that describes a noun ("the process that has long been mediated by X",
    "forces deployed in Y"), False for one that states what the noun says or asks ("demands that
    X grant ...", "a call for forces to be deployed in Y")."""
    if token.dep_ not in {"relcl", "acl"}:
        return False
    children = list(token.children)
    if any(c.dep_ == "mark" or (c.dep_ == "aux" and c.lower_ == "to") for c in children):
        return False
    if any(c.dep_ in {"nsubj", "nsubjpass", "dobj"} and c.lower_ in {"that", "which", "who", "whom"} for c in children):
        return True
    return token.dep_ == "acl" and token.tag_ in {"VBN", "VBG"}


def _frames(token: Token, begin: int, end: int) -> bool:
    """True when ``token`` sits in a phrase of the content that frames or describes rather than names
    whom the act is aimed at: "negotiations under the Minsk Group", "without returning to Kyrgyzstan",
    "the peace process that has long been mediated by X"."""
    for ancestor in token.ancestors:
        if not begin <= ancestor.idx < end:
            break
        if descriptive_clause(ancestor) or (ancestor.dep_ == "prep" and ancestor.lower_ in _FRAMING_PREPOSITIONS):
            return True
    return False


_CONSULTATION_VERB_DEPS = frozenset({"relcl", "acl", "amod", "compound"})
# The relations of the dependents _DocumentReader._fill_role reads a role from.
_ROLE_DEPS = frozenset({"dobj", "nsubjpass", "oprd", "dative", "prep", "ccomp", "xcomp"})


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of quoted passages (inside the quote marks), in text order.

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


@dataclass(slots=True)
class _Draft:
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
    responds_to: _Draft | None = None
    reported_by: _Draft | None = None
    is_quote: bool = False
    negated: bool = False
    modality: str | None = None
    date_text: str | None = None
    evidence: tuple[int, int] | None = None
    nominal: bool = False
    document: bool = False  # the speaker is the author of a statement ("a statement by X said")

    @property
    def cue_chars(self) -> tuple[int, int]:
        # read for every draft against every quote: the doc index's offsets, not new Tokens
        index = doc_index(self.head.doc)
        return index.starts[self.start], index.ends[self.end - 1]

    def speaker_keys(self) -> set[str]:
        return {k for m in self.speakers for k in m.denotes}


class SpeechActExtractor:
    """The ``newskg_speech_acts`` component: fills ``facts_of(doc).speech_acts``.

    Settings (keyword-only):
        lexicon: the cue lexicon (default: the one shipped in ``newskg/builder/data``).
        min_confidence: acts below this confidence are dropped (0 keeps all).
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "newskg_speech_acts",
        *,
        lexicon: CueLexicon | None = None,
        min_confidence: float = 0.0,
    ) -> None:
        self.name = name
        self.lexicon = lexicon or CueLexicon.default()
        self.min_confidence = min_confidence

    # ------------------------------------------------------------------ the component
    def __call__(self, doc: Doc) -> Doc:
        facts = facts_of(doc)
        if not doc.has_annotation("DEP"):
            log.debug("document %r has no dependency parse; no speech acts read", facts.document.id)
            return doc
        reader = _DocumentReader(doc, self.lexicon)
        for act in reader.read():
            if act.confidence >= self.min_confidence:
                facts.speech_acts.append(act)
        apply_party_rule(facts)
        return doc


def apply_party_rule(facts: DocumentFacts) -> int:
    """PLOVER's rule: a call to stop a conflict made by a party to it is an offer (Agreement), not a
    request (Appeal). Re-types such Appeals in ``facts`` and returns how many changed.

    An Appeal whose topics include conflicts is judged by the parties to those; one without, by the
    parties to any conflict of the document. Conflict participants are filled by the relations
    component, which runs after the speech acts and applies the rule again (it is idempotent).

    >>> from newskg.builder.facts import Conflict, Document, Mention, Span
    >>> facts = DocumentFacts(Document("d", "Armenia called for a ceasefire."))
    >>> facts.conflicts["war"] = Conflict("war", "war", participants=["armenia", "azerbaijan"])
    >>> armenia = Mention(Span(0, 7, "Armenia"), ("armenia",))
    >>> facts.speech_acts.append(SpeechAct(ActKind.APPEAL, Span(8, 18, "called for"), Span(0, 31, "..."),
    ...     speakers=[armenia], content=Span(19, 30, "a ceasefire")))
    >>> apply_party_rule(facts), facts.speech_acts[0].kind.value
    (1, 'Agreement')
    """
    everyone = {p for conflict in facts.conflicts.values() for p in conflict.participants}
    if not everyone:
        return 0
    changed = 0
    for act in facts.speech_acts:
        if act.kind is not ActKind.APPEAL or act.content is None:
            continue
        # a call about one conflict is judged by that conflict's parties: Russia at war in Ukraine
        # is still a third party when it calls for a truce in Karabakh
        topical = [facts.conflicts[k] for k in act.topics if k in facts.conflicts]
        parties = {p for conflict in topical for p in conflict.participants} if topical else everyone
        speakers = {k for m in act.speakers for k in m.denotes}
        words = set(re.findall(r"[a-z-]+", act.content.text.lower()))
        if speakers and speakers <= parties and words & _ENDING_WORDS:
            act.kind = ActKind.AGREEMENT
            act.confidence = round(act.confidence * 0.9, 3)
            changed += 1
    return changed


class _DocumentReader:
    """Reads the acts of one Doc (holds the per-document state: sentences, quotes, statement chain)."""

    def __init__(self, doc: Doc, lexicon: CueLexicon) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.sents = list(doc.sents)
        index = doc_index(doc)
        self.sent_of = index.sent_of  # sentence number by token, as enumerating doc.sents gives it
        self.text = index.text  # Doc.text joins every token on each access: read it once
        self.quotes = quote_regions(self.text)
        self._starts = list(index.starts)
        self._sentence_cache: dict[int, tuple[int, int]] = {}
        self.drafts: list[_Draft] = []
        self.by_head: dict[int, _Draft] = {}
        self.last_document: _Draft | None = None
        self.matches: dict[int, CueMatch] = {}
        document = facts_of(doc).document
        self.published = document.published

    # ------------------------------------------------------------------ driver
    def read(self) -> list[SpeechAct]:
        matches = self.lexicon.find(self.doc)
        self.matches = {m.head: m for m in matches}
        for match in matches:
            draft = self._read_match(match)
            if draft is not None:
                self._add(draft)
        self._read_colon_quotes()
        self._link_quotes()
        self._link_responses()
        acts = []
        for draft in sorted(self.drafts, key=lambda d: d.start):
            if not draft.speakers:
                continue
            self._finish(draft)
            b, e = draft.cue_chars
            ev = draft.evidence or self._sentence_chars(draft.sent_index)
            text = self.text
            acts.append(
                SpeechAct(
                    kind=draft.kind,
                    cue=TextSpan(b, e, text[b:e]),
                    evidence=TextSpan(ev[0], ev[1], text[ev[0] : ev[1]]),
                    speakers=unique(draft.speakers),
                    addressees=unique(draft.addressees),
                    targets=unique(draft.targets),
                    topics=self._topics(draft, ev),
                    content=TextSpan(draft.content[0], draft.content[1], text[draft.content[0] : draft.content[1]])
                    if draft.content
                    else None,
                    is_quote=draft.is_quote,
                    negated=draft.negated,
                    modality=draft.modality,
                    responds_to=self._cue_span(draft.responds_to),
                    reported_by=self._cue_span(draft.reported_by),
                    date=normalise_date(draft.date_text, published=self.published) if draft.date_text else None,
                    date_text=draft.date_text,
                    confidence=self._confidence(draft),
                )
            )
        return acts

    def _add(self, draft: _Draft) -> None:
        if draft.head.i in self.by_head:
            return
        self.drafts.append(draft)
        self.by_head[draft.head.i] = draft
        if draft.document and draft.speakers:
            self.last_document = draft

    def _cue_span(self, draft: _Draft | None) -> TextSpan | None:
        if draft is None or not draft.speakers:
            return None
        b, e = draft.cue_chars
        return TextSpan(b, e, self.text[b:e])

    def _sentence_chars(self, index: int) -> tuple[int, int]:
        """The characters of sentence ``index`` without surrounding whitespace."""
        found = self._sentence_cache.get(index)
        if found is None:
            sent = self.sents[index]
            doc_lists = doc_index(self.doc)  # no Token per word of the sentence
            space = doc_lists.space
            tokens = [i for i in range(sent.start, sent.end) if not space[i]]
            if tokens:
                found = doc_lists.starts[tokens[0]], doc_lists.ends[tokens[-1]]
            else:
                found = sent.start_char, sent.end_char
            self._sentence_cache[index] = found
        return found

    # ------------------------------------------------------------------ one cue
    def _read_match(self, match: CueMatch) -> _Draft | None:
        if match.rule.pos == "NOUN":
            return self._read_nominal(match)
        return self._read_verbal(match)

    def _ok_verb(self, head: Token, rule: CueRule) -> bool:
        doc = self.doc
        if head.dep_ in {"amod", "compound"}:
            return False
        # "so-called", "the above-said"
        if head.i >= 2 and doc[head.i - 1].text == "-" and doc[head.i - 2].lower_ in {"so", "above", "afore"}:
            return False
        if head.dep_ == "acl" and not agent_tokens(head) and head.tag_ not in {"VBD", "VBZ", "VBP"}:
            return False  # "a town called X", "the accused" (a finite verb there is a misparse, kept)
        governor = self.matches.get(head.head.i)
        if head.dep_ == "xcomp" and governor is not None and governor.rule.kind in _ASKING and head.head != head:
            return False  # "urged leaders to press for a ceasefire": what is asked for, not an act performed
        # the dependents' words and relations from the doc index: a Token only for an object to resolve
        index = doc_index(doc)
        kids = index.kids(head.i)
        dep_of, lower, lemma = index.deps, index.lower, index.lemma
        if (rule.kind.is_consultation and head.dep_ in {"xcomp", "advcl"} and governor is not None
                and governor.rule.kind.is_consultation and any(lower[c] == "to" for c in kids)):
            return False  # "called Putin to discuss the crisis": the call's purpose, not a second event
        own_subject = any(dep_of[c] in {"nsubj", "nsubjpass"} and lower[c] not in {"that", "which", "who"}
                          for c in kids)
        if rule.kind.is_consultation and head.dep_ in _CONSULTATION_VERB_DEPS and not own_subject:
            # background description ("the process mediated by ...", "Qatar, which has mediated ..."):
            # the relations cover it; "Paris, where he met Macron" has a subject of its own and is kept
            return False
        anonymity = self.lexicon.anonymity_lemmas
        if any(lemma[c] in anonymity
               and (dep_of[c] == "dobj"
                    or (dep_of[c] == "xcomp" and any(dep_of[g] == "auxpass" for g in index.kids(c))))
               for c in kids):
            # "an official, who asked not to be named", "requested anonymity": terms, not an act
            # ("refused to name the suspects" is one)
            return False
        deps = {dep_of[c] for c in kids}
        for need in rule.requires:
            if need == "clause" and not (deps & {"ccomp", "xcomp", "parataxis"} or self._quote_near(head)):
                return False
            if need == "as_clause" and not any(lower[c] == "as" for c in kids):
                return False
            if need == "not_passive" and is_passive(head):
                return False
            # "Macron called Putin" is sometimes parsed as naming (oprd without an object): a call all the same
            complements = {"xcomp", "ccomp", "acomp", "attr"} | ({"oprd"} if "dobj" in deps else set())
            if need == "no_complement" and deps & complements:
                return False
            if need in {"actor_obj", "actor_obj_or_clause"}:
                objs = [doc[c] for c in kids if dep_of[c] in {"dobj", "nsubjpass"}] or [
                    doc[c] for c in kids if dep_of[c] == "oprd"
                ]
                objs += [a for o in objs for a in o.children if a.dep_ == "appos"]
                has_actor = any(resolve_token(o) for o in objs)
                if not has_actor and not (need == "actor_obj_or_clause" and deps & {"ccomp", "xcomp"}):
                    return False
            if need in {"act_obj", "act_obj_or_xcomp"}:
                objs_named = [c for c in kids if dep_of[c] in {"dobj", "nsubjpass"}]
                if not any(self._names_act_lemma(lemma[c]) for c in objs_named) and not (
                    need == "act_obj_or_xcomp" and "xcomp" in deps
                ):
                    return False
            purpose = any(dep_of[c] == "aux" and lower[c] == "to" for c in kids) or (
                head.tag_ == "VBG" and head.dep_ in {"advcl", "xcomp", "acl"}
            )
            if need == "not_purpose" and purpose and head.head != head and head.head.i not in self.matches:
                return False  # "began a hunger strike to protest", "blocked roads demanding": acts, not speech
            if need == "not_people_obj" and any(
                dep_of[c] == "dobj" and group_nouns().get(lemma[c]) == "group" for c in kids
            ):
                return False  # "received the refugees", "hosted students": people, not a party met
            if need == "partner" and not (
                any(resolve_token(doc[c]) for c in kids if dep_of[c] == "dobj")
                or any(resolve_token(doc[a]) for c in kids if dep_of[c] == "dobj"
                       for a in index.kids(c) if dep_of[a] == "appos")
                or any(dep_of[c] == "prep" and lower[c] == "with" for c in kids)
                or self._coordinated_subject(head)
            ):
                return False  # "the cabinet met Sunday", "would not meet demands"
            if need == "coercive_xcomp" and not any(
                dep_of[c] == "xcomp" and lemma[c] in self.lexicon.coercive_lemmas for c in kids
            ):
                return False  # "plans to impose restrictions" threatens; "plans to build a school" does not
            if need == "xcomp_or_prep_to" and not (
                "xcomp" in deps or any(dep_of[c] == "prep" and lower[c] == "to" for c in kids)
            ):
                return False
        return True

    @staticmethod
    def _coordinated_subject(head: Token) -> bool:
        """True when the subject names several parties ("Russia and Turkey", "the ministers", "they",
        "The US, Russia, and Switzerland" even when parsed as an apposition)."""
        subject = subject_of(head)
        if subject is None:
            return False
        if any(c.dep_ in {"conj", "appos"} for c in subject.children) or subject.tag_ == "NNS":
            return True
        return subject.lower_ in {"they", "we"} or len({k for m in resolve_token(subject) for k in m.denotes}) > 1

    def _names_act(self, token: Token) -> bool:
        """True when ``token`` names a speech act ("the allegations", "calls", "them")."""
        return self._names_act_lemma(token.lemma_.lower())

    def _names_act_lemma(self, lemma: str) -> bool:
        return lemma in self.lexicon.response_nouns or lemma in self.lexicon.nouns

    def _read_verbal(self, match: CueMatch) -> _Draft | None:
        doc = self.doc
        head = doc[match.head]
        rule = match.rule
        if not self._ok_verb(head, rule):
            return None
        draft = _Draft(rule, rule.kind, match.start, match.end, head, self.sent_of[head.i])
        # who speaks
        if rule.source == "pobj":
            preposition = doc[match.end - 1]
            objs = [c for c in preposition.children if c.dep_ == "pobj"]
            self._speak_as_subject(draft, objs[0] if objs else None)
            draft.content = self._according_content(head, preposition)
        elif rule.name.startswith("^be "):
            # "is opposed to", "is ready to": the grammatical subject speaks, whatever the voice
            subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            self._speak_as_subject(draft, subject if subject is not None else subject_of(head))
        elif is_passive(head) and head.dep_ not in {"xcomp"}:
            agents = agent_tokens(head)
            if not agents:
                # "X has been accused of misusing funds, ..., by government officials": a late "by"
                agents = [o for t in head.subtree if t.dep_ in {"prep", "agent"} and t.lower_ == "by"
                          and t.i > head.i for o in t.children if o.dep_ == "pobj" and o.pos_ in {"NOUN", "PROPN"}][:1]
            draft.speakers = unique(m for a in agents for m in self._resolve_speaker_token(a))
            draft.speaker_source = "agent"
            if not draft.speakers and agents:
                self._mark_unnamed(draft, agents[0])  # "was accused by officials"
            if not agents:
                # "X was quoted as saying" style passives without an agent keep the speaker unknown
                subject = subject_of(head)
                if subject is not None and rule.kind in {ActKind.STATEMENT, ActKind.AGREEMENT}:
                    self._speak_as_subject(draft, subject)
        else:
            self._speak_as_subject(draft, subject_of(head))
        # roles from the dependents of every token of the cue
        cue_tokens = [doc[i] for i in range(match.start, match.end)]
        index = doc_index(doc)
        deps = index.deps
        # the voice of the cue, read once rather than for each of its dependents
        passive = is_passive(head) and not rule.name.startswith("^be ")
        for token in cue_tokens:
            if token != head and token.dep_ in {"prep", "prt"} and token.head.i in range(match.start, match.end):
                # the particle of "called for" / "called on" is part of the cue: its object fills the role
                role = rule.roles.get("prep_" + token.lower_)
                for obj in token.children:
                    if obj.dep_ in {"pobj", "pcomp"}:
                        self._assign(draft, role, obj)
            for child in index.kids(token.i):
                # a Token only for a dependent that can fill a role (_fill_role ignores the others)
                if match.start <= child < match.end or deps[child] not in _ROLE_DEPS:
                    continue
                self._fill_role(draft, doc[child], passive=passive)
        self._read_clause(draft, head)
        if draft.content is None and rule.kind is ActKind.STATEMENT and head.dep_ in {"ccomp", "parataxis"}:
            # "North Korea fired two missiles, South Korea's military said": the clause the report follows
            draft.content = self._reported_before(head)
        if rule.roles.get("prep_of") == "content" and not any(
            c.dep_ == "prep" and c.lower_ == "of" for c in head.children
        ):
            # misattached "of" ("accused the powers co-heading the Group of supplying ...")
            for token in head.subtree:
                if token.dep_ == "prep" and token.lower_ == "of" and any(c.dep_ == "pcomp" for c in token.children):
                    pcomp = next(c for c in token.children if c.dep_ == "pcomp")
                    draft.content = self._phrase_chars(pcomp)
                    break
        self._read_mode(draft, head)
        if draft.kind is ActKind.AGREEMENT and draft.modality in self.lexicon.demand_modals:
            return None  # "the US must be ready to mediate" is a demand on the US, read off the reporting verb
        return draft

    def _reported_before(self, head: Token) -> tuple[int, int] | None:
        main = head.head
        if main.i >= head.i:
            return None
        start = self.sents[self.sent_of[head.i]].start
        tokens = [t for t in self.doc[start : head.left_edge.i] if not t.is_space]
        while tokens and tokens[-1].is_punct:
            tokens.pop()
        while tokens and tokens[0].is_punct:
            tokens.pop(0)
        if not tokens:
            return None
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1])

    def _according_content(self, head: Token, preposition: Token) -> tuple[int, int] | None:
        """"X happened, according to Y": the content is the clause the phrase hangs on."""
        doc = self.doc
        sent = sentence_of(doc, head.i)  # Token.sent walks the tokens to the sentence's bounds
        phrase_start = head.left_edge.i
        phrase_end = preposition.right_edge.i + 1
        if phrase_start > sent.start + 1:
            tokens = [t for t in doc[sent.start : phrase_start] if not t.is_punct and not t.is_space]
        else:
            tokens = [t for t in doc[phrase_end : sent.end] if not t.is_punct and not t.is_space]
        if not tokens:
            return None
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1])

    def _speak_as_subject(self, draft: _Draft, subject: Token | None) -> None:
        if subject is None:
            return
        lemma = subject.lemma_.lower()
        if self.lexicon.is_document_noun(subject):
            if subject.lemma_.lower().startswith("spokes"):
                # a spokesman speaks for whom the actors component reads in the title ("a Chinese
                # foreign ministry spokesman", "a spokesman for Putin")
                mentions = resolve_token(subject) or owner_mentions(subject)
            else:
                mentions = owner_mentions(subject)
            if not mentions:
                for child in subject.children:
                    if child.dep_ == "prep" and child.lower_ in {"for", "of"}:
                        mentions = unique(m for c in child.children if c.dep_ == "pobj" for m in resolve_token(c))
            draft.document = True
            if mentions:
                draft.speakers, draft.speaker_source = mentions, "document"
                return
            chained = self._chain(draft)
            if chained:
                draft.speakers, draft.speaker_source = chained, "unnamed" if self._unnamed(chained) else "chain"
                return
            # "a spokesman said", "a statement from the ministry said", no one named before
            owners = [c for c in subject.children if c.dep_ == "poss" and c.lower_ not in PRONOUNS] + [
                o for c in subject.children if c.dep_ == "prep" and c.lower_ in {"by", "from"}
                for o in c.children if o.dep_ == "pobj"]
            for token in [subject, *owners]:  # "the ministry's statement", "a statement from the ministry"
                if self._mark_unnamed(draft, token):
                    break
            return
        if lemma == "it" and self.last_document is not None and draft.sent_index - self.last_document.sent_index <= 1:
            draft.speakers = list(self.last_document.speakers)
            draft.speaker_source = "unnamed" if self._unnamed(draft.speakers) else "chain"
            draft.document = True
            return
        if subject.tag_ == "NNS" and any(c.lower_ in {"two", "both", "three"} for c in subject.children):
            # "the two sides agreed", "both leaders said": the parties of the act just reported between
            # several, which this description takes up
            group = self._previous_parties(draft)
            if group:
                draft.speakers, draft.speaker_source = group, "coref"
                return
        mentions = resolve_token(subject)
        if mentions:
            # "Cavusoglu and his Russian counterpart Sergei Lavrov": every conjunct speaks
            covered = {k for m in mentions for k in m.denotes}
            members = [c for c in subject.children if c.dep_ == "conj"]
            for appos in subject.children:
                if appos.dep_ == "appos" and any(c.dep_ == "conj" for c in appos.children):
                    # "The US, Russia, and Switzerland met": a list the parser read as an apposition
                    members += [appos] + [c for c in appos.children if c.dep_ == "conj"]
            for conj in members:
                found = resolve_token(conj) or [
                    m for c in conj.children if c.dep_ == "appos" for m in resolve_token(c)
                ]
                extra = [m for m in found if not set(m.denotes) <= covered]
                mentions = unique(mentions + extra)
            if subject.lower_ in {"they", "we"} and len({k for m in mentions for k in m.denotes}) == 1:
                # a plural pronoun read as one actor: the last act by several, one of them it, is likelier
                group = self._previous_group(draft, {k for m in mentions for k in m.denotes})
                if group:
                    mentions = [Mention(span=m.span, denotes=tuple(group), via="coref", sentence=m.sentence)
                                for m in mentions[:1]]
                    facts_of(self.doc).mentions.extend(mentions)
            via_coref = any(m.via == "coref" for m in mentions)
            draft.speakers, draft.speaker_source = mentions, ("coref" if via_coref else "subject")
            return
        if subject.pos_ == "NOUN":
            # "European Community foreign ministers", "leaders of the coalition", "Iran's officials":
            # the people speak for the body named in their phrase
            mentions = owner_mentions(subject)
            if not mentions and subject.lemma_.lower() in self.lexicon.speaker_nouns:
                for child in subject.children:
                    if child.dep_ == "prep" and child.lower_ == "of":
                        mentions = unique(m for c in child.children if c.dep_ == "pobj" for m in resolve_token(c))
            if mentions:
                draft.speakers, draft.speaker_source = mentions, "owner"
                return
        if lemma in PRONOUNS or subject.pos_ == "PRON":
            reporter = self.by_head.get(draft.head.head.i) if draft.head.dep_ == "ccomp" else None
            if reporter is not None and reporter.speaker_source == "unnamed" and lemma in {"it", "they", "we"}:
                # "the ministry said it condemned the raid": the source speaks of itself
                draft.speakers, draft.speaker_source = list(reporter.speakers), "unnamed"
                return
            fallback = self._pronoun_fallback(draft, subject)
            if fallback:
                draft.speakers = fallback
                draft.speaker_source = "unnamed" if self._unnamed(fallback) else "fallback"
                return
        described = self._described_earlier(subject)
        if described:
            # "the official added": the unnamed source just quoted stays unnamed (and as unsure)
            draft.speakers, draft.speaker_source = described, "unnamed" if self._unnamed(described) else "coref"
            return
        weak = self._named_inside(subject)
        if weak:
            draft.speakers, draft.speaker_source = weak, "fallback"
            return
        # otherwise ("officials", "a senior diplomat") an unnamed source
        self._mark_unnamed(draft, subject)

    def _unnamed(self, mentions: list[Mention]) -> bool:
        """True when ``mentions`` denote only unnamed sources (see :func:`.actors.unnamed_group`)."""
        entities = facts_of(self.doc).entities
        return bool(mentions) and all(
            k in entities and entities[k].source == "unnamed" for m in mentions for k in m.denotes
        )

    def _mark_unnamed(self, draft: _Draft, token: Token) -> bool:
        """Gives the act its unnamed source when ``token`` is a noun that names people who speak
        ("officials", "diplomats", "sources", "a spokesman", "witnesses", "the ministry"): a Group of its
        own, scoped to the document, at low confidence. Returns True when the act got a speaker.

        A phrase that does name whose people they are is no unnamed source: "his office" is the office
        of the one the sentence is about, "leaders of the Azadliq opposition coalition" speak for it."""
        if token.pos_ not in {"NOUN", "PROPN"} or not (
            token.lemma_.lower() in self.lexicon.unnamed_source_nouns
            or token.lower_ in self.lexicon.unnamed_source_nouns
        ):
            return False
        possessive = next((c for c in token.children if c.dep_ == "poss"), None)
        if possessive is not None:
            found = self._possessor(draft, possessive) if possessive.lower_ in PRONOUNS else []
            if found:
                draft.speakers, draft.speaker_source = found, "coref"
            return bool(found)
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ in {"of", "for"}:
                for obj in child.children:
                    if obj.dep_ == "pobj" and any(t.pos_ == "PROPN" for t in obj.subtree):
                        body = named_body(self.doc, self.doc[obj.left_edge.i : obj.right_edge.i + 1])
                        if body is not None:
                            draft.speakers, draft.speaker_source = [body], "owner"
                        return body is not None
        draft.speakers, draft.speaker_source = [unnamed_group(self.doc, token)], "unnamed"
        return True

    def _possessor(self, draft: _Draft, possessive: Token) -> list[Mention]:
        """Whose "his office" / "its ministry" speaks: the subject of the clause the act reports
        ("Katsav has refused ..., his office said"), else the pronoun fallback."""
        plural = possessive.lower_ == "their"
        head = draft.head
        reported = [c for c in head.children if c.dep_ in {"ccomp", "parataxis"} and c.i < head.i]
        if head.dep_ in {"ccomp", "parataxis"} and head.head.i < head.i:
            reported.append(head.head)
        for clause in reported:
            subject = subject_of(clause)
            if subject is None or subject.pos_ == "PRON":
                continue
            found = resolve_token(subject)
            if found and (len({k for m in found for k in m.denotes}) > 1) == plural:
                return found
        return self._pronoun_fallback(draft, possessive)

    def _previous_group(self, draft: _Draft, keys: set[str]) -> list[str]:
        for earlier in reversed(self.drafts):
            if draft.sent_index - earlier.sent_index > 1:
                break
            group = earlier.speaker_keys()
            if len(group) > 1 and keys <= group:
                return sorted(group, key=lambda k: min(m.span.start for m in earlier.speakers if k in m.denotes))
        return []

    def _previous_parties(self, draft: _Draft) -> list[Mention]:
        for earlier in reversed(self.drafts):
            if draft.sent_index - earlier.sent_index > 1:
                break
            parties = unique(earlier.speakers + earlier.addressees)
            if len({k for m in parties for k in m.denotes}) > 1:
                return parties
        return []

    def _described_earlier(self, token: Token) -> list[Mention]:
        """'The army accused ...' after "Sudan's army": a definite description the actors component left
        unresolved takes the actors of the latest earlier mention whose words end with the same noun."""
        if token.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"}
                                           for c in token.children):
            return []
        if any(c.dep_ in {"amod", "compound", "poss", "prep"} for c in token.children):
            return []  # "the French government" is a name the resolver reads, not an anaphor
        words = {token.lower_, token.lemma_.lower()}
        for mention in sorted(facts_of(self.doc).mentions, key=lambda m: m.span.start, reverse=True):
            if mention.span.end > token.idx:
                continue
            last = re.findall(r"[a-z]+", mention.span.text.lower())[-1:]
            if last and last[0] in words:
                begin, end = self._sentence_chars(self.sent_of[token.i])
                found = Mention(span=TextSpan(token.idx, token.idx + len(token), token.text),
                                denotes=mention.denotes, via="coref",
                                sentence=TextSpan(begin, end, self.text[begin:end]))
                facts_of(self.doc).mentions.append(found)
                return [found]
        return []

    def _named_inside(self, token: Token) -> list[Mention]:
        """The first actor named inside a phrase the resolver could not read as a whole ("Druze
        inhabitants of the Golan Heights", "the U.N. war crimes court")."""
        span = phrase_span(token)
        if not len(span) or span[0].pos_ == "PRON":
            return []
        inside = mentions_between(self.doc, span.start_char, span.end_char)
        if not inside:
            inside = ner_mentions(self.doc, span)
        return inside[:1]

    def _resolve_speaker_token(self, token: Token) -> list[Mention]:
        mentions = resolve_token(token)
        if not mentions and token.pos_ == "NOUN" and token.lemma_.lower() in self.lexicon.speaker_nouns:
            mentions = owner_mentions(token)
        return mentions or self._named_inside(token)

    def _chain(self, draft: _Draft) -> list[Mention]:
        last = self.last_document
        if last is not None and draft.sent_index - last.sent_index <= 3:
            return list(last.speakers)
        return []

    def _pronoun_fallback(self, draft: _Draft, subject: Token) -> list[Mention]:
        """A pronoun subject the actors component left unresolved: the subject of the previous
        sentence, else the speakers of the latest act (subjects stay topical in news prose)."""
        plural = subject.lower_ in {"they", "them", "their"}
        if draft.sent_index > 0:
            previous = self.sents[draft.sent_index - 1]
            root = previous.root
            for child in root.children:
                if child.dep_ in {"nsubj", "nsubjpass"} and child.pos_ != "PRON":
                    if self.lexicon.is_document_noun(child):
                        break
                    mentions = resolve_token(child)
                    if mentions and (len(mentions) > 1) == plural:
                        return mentions
                    if not mentions and (child.tag_ in {"NNS", "NNPS"}) == plural:
                        # "Officials said ... They added": the unnamed source that subject was read as
                        unnamed = [d for d in self.drafts if d.sent_index == draft.sent_index - 1
                                   and d.speaker_source == "unnamed" and d.speakers
                                   and child.left_edge.idx <= d.speakers[0].span.start <= child.idx]
                        if unnamed:
                            return list(unnamed[0].speakers)
        for earlier in reversed(self.drafts):
            if earlier.speakers and (len(earlier.speakers) > 1 or len(earlier.speaker_keys()) > 1) == plural:
                return list(earlier.speakers)
        return []

    def _fill_role(self, draft: _Draft, child: Token, *, passive: bool) -> None:
        # acts on a dependent whose relation is in _ROLE_DEPS only
        rule = draft.rule
        dep = child.dep_
        lone_oprd = dep == "oprd" and not any(c.dep_ == "dobj" for c in child.head.children)
        if (dep in {"dobj", "nsubjpass"} and not (dep == "nsubjpass" and not passive)) or lone_oprd:
            role = rule.roles.get("dobj")
            self._assign(draft, role, child)
        elif dep == "dative":
            self._assign(draft, rule.roles.get("dative"), child)
        elif dep == "prep" and (child.i > child.head.i or draft.nominal):
            # preposed phrases ("For their part, ...") frame the sentence, they fill no role
            role = rule.roles.get("prep_" + child.lower_)
            if role:
                for obj in child.children:
                    if obj.dep_ in {"pobj", "pcomp"}:
                        self._assign(draft, role, obj)
        elif dep in {"ccomp", "xcomp"} and draft.content is None and child.i > child.head.i:
            draft.content = self._clause_chars(child)
            if draft.kind in {ActKind.APPEAL, ActKind.DEMAND}:
                # "demanded that the United States match ...": the one asked is the clause's subject
                subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
                if subject is not None:
                    draft.addressees.extend(resolve_token(subject))

    def _assign(self, draft: _Draft, role: str | None, token: Token) -> None:
        if role is None:
            return
        tokens = [token] + [c for c in token.children if c.dep_ == "conj"]
        if role in {"addressee", "speaker"} and not resolve_token(token):
            # "met his North Korean counterpart Choe Son Hui": the name in apposition
            tokens += [c for c in token.children if c.dep_ == "appos"]
        if role == "content":
            if token.ent_type_ in {"DATE", "TIME"}:
                return  # "agreed on Saturday": a date, not what was agreed
            if draft.content is None:
                draft.content = self._phrase_chars(token)
        elif role == "responded":
            draft.responded = token
            if draft.content is None:
                draft.content = self._phrase_chars(token)
        elif role == "speaker":
            draft.speakers.extend(m for t in tokens for m in resolve_token(t))
            if draft.speakers:
                draft.speaker_source = "owner"
        elif role == "addressee":
            found = [m for t in tokens for m in resolve_token(t)]
            if not found and token.pos_ == "NOUN":
                found = owner_mentions(token, source_from=False)  # "talks with Hamas leaders"
            draft.addressees.extend(found)
        elif role == "target":
            mentions = resolve_token(token)
            if not mentions and token.pos_ in {"NOUN", "PROPN"}:
                mentions = owner_mentions(token, source_from=False)
            draft.targets.extend(mentions)
            if draft.content is None and token.pos_ == "NOUN" and not resolve_token(token):
                draft.content = self._phrase_chars(token)

    def _phrase_chars(self, token: Token) -> tuple[int, int]:
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

    def _clause_chars(self, clause: Token) -> tuple[int, int]:
        quote = self._quote_containing(clause.left_edge.idx)
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

    def _read_clause(self, draft: _Draft, head: Token) -> None:
        """Content from an infinitive ("threatened to cut off ...", "agreed to a ceasefire")."""
        if draft.content is not None:
            return
        for child in head.children:
            if draft.start <= child.i < draft.end:
                continue  # part of the cue ("declined to comment"), not what it reports
            if child.dep_ in {"xcomp", "ccomp", "parataxis"}:
                draft.content = self._clause_chars(child)
                return
            if child.dep_ == "acomp":  # "is willing to send ..."
                for grand in child.children:
                    if grand.dep_ == "xcomp":
                        draft.content = self._clause_chars(grand)
                        return

    def _read_mode(self, draft: _Draft, head: Token) -> None:
        # the cue's dependents from the doc index's lists: this runs for every cue
        index = doc_index(self.doc)
        deps, lower, lemma, ent_types = index.deps, index.lower, index.lemma, index.ent_types
        for child in index.kids(head.i):
            dep = deps[child]
            if dep == "neg" or (dep == "advmod" and lower[child] == "never"):
                draft.negated = True
            elif dep in {"aux"} and lemma[child] in MODALS:
                draft.modality = lower[child] if lower[child] != "wo" else "will"
            elif dep in {"npadvmod", "tmod"} and ent_types[child] == "DATE":
                text = self._ent_text_at(child)
                if self._date_words(text):
                    draft.date_text = draft.date_text or text
            elif dep == "prep" and lower[child] in {"on", "in"}:
                for obj in index.kids(child):
                    if deps[obj] == "pobj" and ent_types[obj] == "DATE" and self._date_words(self._ent_text_at(obj)):
                        draft.date_text = draft.date_text or self._ent_text_at(obj)
        if draft.modality is None and deps[head.i] == "xcomp" and lemma[index.heads[head.i]] in _PLANNED:
            # "is expected to attend", "is scheduled to meet": not done yet, the governing verb says
            draft.modality = lower[index.heads[head.i]]
        if draft.date_text is None:
            # "said Thursday": a bare weekday or date right after the cue
            nxt = draft.end if draft.end < len(index.texts) else None
            if nxt is not None and ent_types[nxt] == "DATE" and index.heads[nxt] in range(draft.start, draft.end):
                draft.date_text = self._ent_text_at(nxt)

    def _date_words(self, text: str) -> bool:
        """True when ``text`` names a day ("Tuesday", "last week", "on 27 September"), not a span of time
        ("days after", "for years")."""
        return bool(_DAY_WORDS.search(text)) or normalise_date(text, published=self.published) is not None

    def _ent_text(self, token: Token) -> str:
        return self._ent_text_at(token.i)

    def _ent_text_at(self, i: int) -> str:
        """The text of the entity holding token ``i``, else the token's own."""
        bounds = doc_index(self.doc).ent_of.get(i)  # ``doc.ents`` makes a Span per entity
        if bounds is not None:
            return span_text(self.doc, bounds[0], bounds[1])
        return doc_index(self.doc).texts[i]

    def _read_nominal(self, match: CueMatch) -> _Draft | None:
        doc = self.doc
        noun = doc[match.head]
        rule = match.rule
        head = noun.head
        # "a statement by the Kremlin said ...": the statement stands for its author, not an act of its own
        if noun.dep_ in {"nsubj", "nsubjpass"} and head.i in self.matches and self.lexicon.is_document_noun(noun):
            return None
        # the object of a response ("rejected Erdogan's allegations") is decided when linking responses
        if self._is_responded_slot(noun):
            return None
        children = list(noun.children)
        for need in rule.requires:
            if need == "plural" and noun.tag_ != "NNS":
                return None
            if need == "phone" and not any(c.lemma_.lower() in {"phone", "telephone"} for c in children):
                return None
            if need == "prep_for_or_on" and not any(
                c.dep_ == "prep" and c.lower_ in {"for", "on"} for c in children
            ):
                return None
        draft = _Draft(rule, rule.kind, match.start, match.end, noun, self.sent_of[noun.i], nominal=True)
        travelling = (
            rule.kind.is_consultation and noun.dep_ == "pobj" and head.lower_ in {"on", "for"}
            and head.head.lemma_.lower() in self.lexicon.motion_verbs
        )
        if travelling:
            # "arrived in Amman on a visit", "flew to Moscow for talks": the traveller visits the place
            verb = head.head
            subject = subject_of(verb)
            draft.speakers = resolve_token(subject) if subject is not None else []
            draft.speaker_source = "subject"
            for prep in verb.children:
                if prep.dep_ == "prep" and prep.lower_ in {"in", "to", "at"}:
                    draft.addressees.extend(m for o in prep.children if o.dep_ == "pobj" for m in resolve_token(o))
            self._read_mode(draft, verb)
        elif noun.dep_ == "dobj" and head.lemma_.lower() in self.lexicon.light_verbs and head.i not in self.matches:
            # "held talks", "issued an ultimatum": the light verb's subject acts; the cue spans both
            draft.start = head.i
            draft.head = noun
            draft.speakers = resolve_token(subject_of(head)) if subject_of(head) is not None else []
            draft.speaker_source = "subject"
            self._read_mode(draft, head)
            for child in head.children:
                if child.dep_ in {"dative", "prep"} and child.lower_ == "to" and child.i > noun.i:
                    # "issued an ultimatum / a reminder to Iraq"
                    draft.addressees.extend(m for o in child.children if o.dep_ == "pobj" for m in resolve_token(o))
        else:
            between = [o for c in children if c.dep_ == "prep" and c.lower_ == "between"
                       for o in c.children if o.dep_ == "pobj"]
            if rule.kind.is_consultation and between:
                # "Negotiations between Serbia and Kosovo resumed": the parties hold them together
                draft.speakers = unique(m for o in between for m in resolve_token(o))
                draft.speaker_source = "owner"
            elif rule.kind.is_consultation and not any(t.dep_ not in {"compound", "amod"} for t in owner_tokens(noun)):
                # "Armenian-Azerbaijani peace talks" names the parties, not who held the talks
                return None
            else:
                draft.speakers = owner_mentions(noun)
                draft.speaker_source = "owner"
        for child in children:
            self._fill_role(draft, child, passive=False)
        if not draft.speakers:
            return None
        if self.lexicon.is_document_noun(noun):
            draft.document = True
        return draft

    def _is_responded_slot(self, noun: Token) -> bool:
        head = noun.head
        match = self.matches.get(head.i)
        if match is None or match.rule.pos == "NOUN":
            return False
        if noun.dep_ in {"dobj", "nsubjpass"}:
            return match.rule.roles.get("dobj") == "responded"
        return False

    # ------------------------------------------------------------------ across sentences
    def _quote_containing(self, char: int) -> tuple[int, int] | None:
        for start, end in self.quotes:
            if start <= char < end:
                return start, end
        return None

    def _quote_near(self, head: Token) -> bool:
        """True when a quote ends within a few tokens before ``head`` or starts right after it."""
        sent = sentence_of(self.doc, head.i)  # Token.sent walks the tokens to the sentence's bounds
        for start, end in self.quotes:
            if sent.start_char - 2 <= end <= head.idx and head.idx - end < 40:
                return True
            if head.idx < start <= sent.end_char and start - (head.idx + len(head)) < 6:
                return True
        return False

    def _read_colon_quotes(self) -> None:
        """'Putin: "We will respond."' - an actor, a colon and a quote, with no reporting verb: the
        colon is the cue of a Statement whose content is the quote."""
        text = self.text
        rule = self.lexicon.colon_rule
        for quote in self.quotes:
            before = text[: quote[0]].rstrip("\u201c\"`' \t")
            if not before.endswith(":"):
                continue
            colon = self._token_at(len(before) - 1)
            if colon.text != ":" or colon.i == 0 or any(d.start <= colon.i < d.end for d in self.drafts):
                continue
            if any(d.start < colon.i and d.sent_index == self.sent_of[colon.i] and not d.nominal for d in self.drafts
                   if colon.i - d.end < 6):
                continue  # 'X said: "..."' - the verb is the cue
            name = self.doc[colon.i - 1]
            if name.pos_ not in {"PROPN", "NOUN"}:
                continue
            speakers = resolve(self.doc, self.doc[min(name.left_edge.i, name.i) : name.i + 1])
            draft = _Draft(rule, rule.kind, colon.i, colon.i + 1, colon, self.sent_of[colon.i])
            if not speakers:
                if not self._mark_unnamed(draft, name):  # 'A spokeswoman: "..."'
                    continue
            else:
                draft.speakers, draft.speaker_source = speakers, "subject"
            self._add(draft)

    def _link_quotes(self) -> None:
        """Quote + attribution: the attribution's content is the quote; acts inside the quote are
        quoted (``is_quote``), reported by the attribution, and take its speaker when theirs is unknown."""
        # where each cue begins, read once: linking changes no draft's cue, nor the list of drafts
        cue_starts = [(d, d.cue_chars[0]) for d in self.drafts]
        for quote in self.quotes:
            inside = [d for d, begin in cue_starts if quote[0] <= begin < quote[1]]
            attribution = self._attribution(quote)
            if attribution is None:
                continue
            attribution.content = self._trim(quote)
            attribution.is_quote = True
            first = self.sent_of[self._token_at(quote[0]).i]
            span = (self._sentence_chars(min(first, attribution.sent_index))[0],
                    self._sentence_chars(max(first, attribution.sent_index))[1])
            if first != attribution.sent_index:
                attribution.evidence = span
            for draft in inside:
                draft.is_quote = True
                draft.reported_by = attribution
                if first != attribution.sent_index:
                    draft.evidence = span
                if (not draft.speakers or draft.speaker_source == "fallback") and attribution.speakers:
                    draft.speakers = list(attribution.speakers)
                    draft.speaker_source = "unnamed" if attribution.speaker_source == "unnamed" else "quote"

    def _token_at(self, char: int) -> Token:
        """The token holding character ``char`` (or the nearest one before it, for spaces): quote
        marks glued to words ("as``unacceptable''") lie inside tokens."""
        starts = self._starts
        index = max(0, bisect.bisect_right(starts, char) - 1)
        return self.doc[index]

    def _trim(self, chars: tuple[int, int]) -> tuple[int, int]:
        """``chars`` without surrounding spaces and the comma a quote ends on before its attribution."""
        begin, end = chars
        text = self.text
        while end > begin and (text[end - 1].isspace() or text[end - 1] in ",;:"):
            end -= 1
        while begin < end and text[begin].isspace():
            begin += 1
        return begin, end

    def _attribution(self, quote: tuple[int, int]) -> _Draft | None:
        """The act that reports a quote: a say-type act in the sentence where the quote ends (after
        it) or begins (before it)."""
        end_sent = self.sent_of[self._token_at(quote[1] - 1).i]
        start_sent = self.sent_of[self._token_at(quote[0]).i]
        text = self.text
        inner = text[quote[0] : quote[1]].rstrip()
        if len(inner.split()) < 3:
            return None  # a scare-quoted phrase ("dangerous provocations") is not a reported utterance
        # After the quote: '"...," the statement said' (the quote ends open, with a comma)
        if inner[-1:] in {",", "?", "!", "-", "\u2014"}:
            after = [
                d for d in self.drafts
                if d.sent_index in {end_sent, end_sent + 1} and 0 <= d.cue_chars[0] - quote[1] < 60
                and "\n" not in text[quote[1] : d.cue_chars[0]] and (not d.nominal or d.document)
            ]
            if after:
                return min(after, key=lambda d: d.cue_chars[0])
        # Before the quote: 'X said: "..."', 'X said in a statement, "..."'
        before = [
            d for d in self.drafts
            if d.sent_index == start_sent and d.cue_chars[1] <= quote[0]
            and _INTRODUCES_QUOTE.match(text[d.cue_chars[1] : quote[0]])
        ]
        if before:
            return max(before, key=lambda d: d.cue_chars[0])
        return None

    def _link_responses(self) -> None:
        for draft in list(self.drafts):
            token = draft.responded
            if token is None:
                continue
            lemma = token.lemma_.lower()
            kinds = self.lexicon.response_nouns.get(lemma)
            nominal_rule = self.lexicon.nouns.get(lemma)
            owners = owner_mentions(token) if token.pos_ in {"NOUN", "PROPN"} else []
            if kinds is None and nominal_rule is not None:
                kinds = (nominal_rule.kind,)
            if kinds is None:
                # an ordinary object: "rejected the plan", "denied land allocation"; its owner is the target
                draft.targets.extend(owners or (resolve_token(token) if token.pos_ == "PROPN" else []))
                continue
            earlier = self._earlier_act(draft, kinds, owners, pronoun=token.pos_ == "PRON" or lemma in PRONOUNS)
            if (earlier is None and owners and nominal_rule is not None and token.i not in self.by_head
                    and not nominal_rule.kind.is_consultation):
                made = _Draft(nominal_rule, nominal_rule.kind, token.i, token.i + 1, token, self.sent_of[token.i],
                              nominal=True)
                made.speakers, made.speaker_source = owners, "owner"
                for child in token.children:
                    self._fill_role(made, child, passive=False)
                self._add(made)
                earlier = made
            if earlier is not None and earlier is not draft:
                draft.responds_to = earlier
                draft.targets.extend(owners or earlier.speakers)
            else:
                draft.targets.extend(owners)

    def _earlier_act(
        self, draft: _Draft, kinds: tuple[ActKind, ...], owners: list[Mention], *, pronoun: bool
    ) -> _Draft | None:
        """The act a response answers: the latest earlier act of a compatible kind by the owners of the
        answered noun ("Erdogan's allegations"); for an anaphor ("these claims", "them"), the latest
        compatible act within two sentences; for a bare noun ("the appeal"), the latest compatible act."""
        keys = {k for m in owners for k in m.denotes}
        candidates = [d for d in self.drafts if d is not draft and d.start < draft.start and d.speakers
                      and d.kind in kinds and d.responds_to is not draft]
        if keys:
            # "a U.S. request" answers a request by the U.S. or none reported before
            same = [d for d in candidates if d.speaker_keys() & keys]
            return same[-1] if same else None
        if pronoun:
            near = [d for d in candidates if draft.sent_index - d.sent_index <= 2]
            return near[-1] if near else None
        return candidates[-1] if candidates else None

    # ------------------------------------------------------------------ finishing
    def _finish(self, draft: _Draft) -> None:
        refused_talks = draft.kind.is_consultation and draft.negated and draft.modality in {"will", "would"}
        refused = draft.kind is ActKind.AGREEMENT and draft.negated and draft.rule.name in {"accept", "agree"}
        if refused_talks or refused:
            # "We will not accept foreign troops", "Moscow would not resume talks": a refusal, asserted
            refusal = self.lexicon.commitment_rules.get("refusal")
            if refusal is not None:
                draft.kind, draft.rule, draft.negated = refusal.kind, refusal, False
        # the verb that carries the act: "lodged" for the nominal "lodged a protest"
        anchor = self.doc[draft.start] if draft.nominal and draft.start < draft.head.i else draft.head
        if draft.reported_by is None and anchor.dep_ in {"ccomp", "parataxis"}:
            # "Azerbaijan accused Armenia of ..., the ministry said": the report carries the act
            reporter = self.by_head.get(anchor.head.i)
            if reporter is not None and reporter is not draft and reporter.kind is ActKind.STATEMENT:
                draft.reported_by = reporter
        if draft.kind is ActKind.STATEMENT:
            self._read_commitment(draft)
        if draft.kind is ActKind.AGREEMENT and draft.rule.pos == "PHRASE" and self._coercive_content(draft):
            # "is prepared to impose martial law" is a threat, not an offer
            threat = self.lexicon.commitment_rules.get("threat")
            if threat is not None:
                draft.kind, draft.rule = threat.kind, threat
        # speakers never address or target themselves in one act
        keys = draft.speaker_keys()
        draft.targets = [m for m in draft.targets if not set(m.denotes) <= keys]
        draft.addressees = [m for m in draft.addressees if not set(m.denotes) <= keys]
        if draft.kind is ActKind.MEDIATION and not draft.addressees:
            # "undertook a mediation mission between Syria and the PLO": the parties are addressed
            for token in draft.head.subtree:
                if token.dep_ == "prep" and token.lower_ == "between":
                    draft.addressees = [m for c in token.children if c.dep_ == "pobj" for m in resolve_token(c)]
                    break
        if draft.kind in _TARGETED and draft.kind is not ActKind.DENIAL and not draft.targets and not draft.addressees:
            # "threatened to cut off electricity to Nakhichevan": the actor the act is aimed at is
            # named inside its content (or, without one, in the rest of the cue's phrase)
            entities = facts_of(self.doc).entities
            own = keys | {entities[k].country for k in keys if k in entities and entities[k].country}
            draft.targets = self._content_targets(draft, own)
        if draft.rule.mutual and not draft.addressees and len(keys) > 1 and self._coordinated_subject(draft.head):
            # "Jordan and Britain agreed", "Israel and Lebanon renewed negotiations": a reciprocal act,
            # each party addresses the others
            draft.addressees = list(draft.speakers)

    def _reports_hostility(self, draft: _Draft, clause: Token, subject: Token, negated: bool) -> bool:
        """'X said Y attacked Z' accuses Y (CAMEO 112); a news outlet reporting it accuses no one."""
        lexicon = self.lexicon
        if negated or clause.lemma_.lower() not in lexicon.hostile_lemmas or subject.dep_ != "nsubj":
            return False
        if clause.i < draft.head.i:
            return False  # "Rebels shelled Juba, officials said": a sourced report of the fighting itself
        if self._unnamed(draft.speakers):
            return False  # "Witnesses said soldiers fired on the crowd": unnamed sources report, as the media do
        reporter = subject_of(draft.head)
        if reporter is not None and reporter.lemma_.lower() in lexicon.media_nouns:
            return False
        entities = facts_of(self.doc).entities
        keys = draft.speaker_keys()
        own = keys | {entities[k].country for k in keys if k in entities and entities[k].country}
        # "Zelensky said Ukrainian forces had shot down drones": a side's report of its own deeds accuses no one
        accused = [m for m in resolve_token(subject) or owner_mentions(subject, source_from=False)
                   if not set(m.denotes) & own]
        rule = lexicon.commitment_rules.get("accusation")
        if not accused or rule is None:
            return False
        draft.kind, draft.rule = rule.kind, rule
        draft.targets.extend(accused)
        return True

    def _content_targets(self, draft: _Draft, keys: set[str]) -> list[Mention]:
        """The first actor the content's objects name (with its coordinated partners)."""
        if draft.content is not None:
            begin, end = draft.content
        else:
            right = draft.head.right_edge
            begin, end = self.doc[draft.end - 1].idx, right.idx + len(right)
            if end <= begin:
                return []
        first, last = self._token_at(begin).i, self._token_at(max(begin, end - 1)).i
        index = doc_index(self.doc)  # a Token only for an object noun
        deps, pos = index.deps, index.pos
        for i in range(first, last + 1):
            if deps[i] not in _OBJECT_DEPS or pos[i] not in {"NOUN", "PROPN"}:
                continue
            token = self.doc[i]
            if _frames(token, begin, end):
                continue
            # the object with its modifiers only: "Serbian forces", not "... forces from Bosnia"
            found = resolve(self.doc, self.doc[token.left_edge.i : token.i + 1])
            if found:
                found += [m for c in token.children if c.dep_ == "conj" for m in resolve_token(c)]
            if not found and token.pos_ == "NOUN":
                found = owner_mentions(token, source_from=False)
            found = [m for m in found if not set(m.denotes) & keys]
            if found:
                return found[:5]
        # no object names an actor: the first actor named anywhere in it, outside framing phrases
        for mention in mentions_between(self.doc, begin, end):
            if set(mention.denotes) & keys:
                continue
            span = self.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            if span is not None and not _frames(span.root, begin, end):
                return [mention]
        return []

    def _read_commitment(self, draft: _Draft) -> None:
        """'X said Y must ...' -> a Demand on Y; 'X said it would ...' -> a promise (Agreement), a
        Threat when the promised act coerces, a Rejection when it is refused ('would not')."""
        if draft.nominal:
            # "issued a stern reminder to Iraq that it must cooperate": the noun's that-clause
            clause = next((c for c in draft.head.children if c.dep_ in {"acl", "ccomp"}
                           and any(m.dep_ == "mark" for m in c.children)), None)
        else:
            clause = next((c for c in draft.head.children if c.dep_ == "ccomp"), None)
        if clause is None:
            return
        if draft.content is None:
            draft.content = self._clause_chars(clause)
        if draft.rule.name == "warn":
            # a warning threatens when it announces force: "warned that police will no longer tolerate
            # rallies", "warned that China could take countermeasures"
            lemma = clause.lemma_.lower()
            objects = {c.lemma_.lower() for c in clause.children if c.dep_ == "dobj"}
            if (lemma in self.lexicon.coercive_lemmas or lemma in self.lexicon.warning_threat_lemmas
                    or objects & self.lexicon.warning_threat_objects):
                threat = self.lexicon.commitment_rules.get("threat")
                if threat is not None:
                    draft.kind, draft.rule = threat.kind, threat
            return
        auxes = [c for c in clause.children if c.dep_ == "aux"]
        modals = {a.lower_ for a in auxes}
        subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None:
            return
        negated = any(c.dep_ == "neg" for c in clause.children)
        lexicon = self.lexicon
        if self._reports_hostility(draft, clause, subject, negated):
            return
        if modals & lexicon.demand_modals and not negated:
            others = [m for m in resolve_token(subject) if not set(m.denotes) & draft.speaker_keys()]
            if not others and subject.pos_ == "PRON" and draft.addressees:
                others = list(draft.addressees)  # "reminded Iraq that it must ...": it = the one addressed
            if others:
                draft.kind = ActKind.DEMAND
                draft.rule = lexicon.commitment_rules.get("demand", draft.rule)
                draft.addressees.extend(others)
            return
        if not modals & lexicon.promise_modals:
            return
        if clause.i in self.by_head and self.by_head[clause.i] is not draft:
            return  # the promise is an act of its own ("said Ukraine would not accept ..."): it carries it
        subject_keys = {k for m in resolve_token(subject) for k in m.denotes}
        pronoun = subject.lower_ in {"it", "they", "he", "she", "we", "i"}
        entities = facts_of(self.doc).entities
        # "Portugal will support ..., Portuguese President Mario Soares said": a leader speaks for the state
        keys = draft.speaker_keys()
        own = keys | {entities[k].country for k in keys if k in entities and entities[k].country}
        same = pronoun or (subject_keys and subject_keys <= own)
        if not same:
            return
        if negated and clause.lemma_.lower() in lexicon.negated_threat_lemmas:
            name = "threat"
        elif negated:
            name = "refusal"
        elif clause.lemma_.lower() in lexicon.coercive_lemmas:
            name = "threat"
        else:
            name = "promise"
        rule = lexicon.commitment_rules.get(name)
        if rule is not None:
            draft.kind = rule.kind
            draft.rule = rule

    def _coercive_content(self, draft: _Draft) -> bool:
        for child in draft.head.subtree:
            if child.dep_ == "xcomp" and child.lemma_.lower() in self.lexicon.coercive_lemmas:
                return True
        return False

    def _topics(self, draft: _Draft, evidence: tuple[int, int]) -> list[str]:
        facts = facts_of(self.doc)
        window = draft.content or evidence
        sent = self._sentence_chars(draft.sent_index)
        out: list[str] = []
        for key, conflict in facts.conflicts.items():
            for mention in conflict.mentions:
                if (window[0] <= mention.span.start < window[1]) or (sent[0] <= mention.span.start < sent[1]):
                    if key not in out:
                        out.append(key)
                    break
        if draft.kind.is_consultation and draft.content is not None:
            # "discussed the situation in Libya": actors talked about, not taking part, are topics too
            taking_part = draft.speaker_keys() | {k for m in draft.addressees + draft.targets for k in m.denotes}
            for mention in mentions_between(self.doc, *draft.content):
                for key in mention.denotes:
                    if key not in taking_part and key not in out and key in facts.entities:
                        out.append(key)
        return out

    def _confidence(self, draft: _Draft) -> float:
        confidence = draft.rule.confidence
        source_factor = {"subject": 1.0, "agent": 1.0, "owner": 0.95, "document": 0.95, "coref": 0.9,
                         "chain": 0.85, "quote": 0.8, "fallback": 0.75, "unnamed": 0.4}.get(draft.speaker_source, 0.7)
        confidence *= source_factor
        if draft.negated:
            confidence *= 0.9
        return round(max(0.05, min(0.99, confidence)), 3)

