"""The cue lexicon of the speech-act extractor and the matching of its cues in a Doc.

The lexicon is package data (``newskg/builder/data/speech_acts_cues.json``): reporting verbs,
multiword cues ("ruled out", "expressed deep concern", "spoke by phone") and nominal acts
("calls for", "allegations", "talks"), each with its act kind, CAMEO code, default confidence
and the dependents that fill its roles.
"""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Token

from ...errors import ExtractionError
from ..facts import ActKind
from .doc_index import doc_index
from .speech.requirements import REQUIREMENTS

__all__ = ["CueRule", "CueMatch", "CueLexicon", "ROLE_NAMES"]

log = logging.getLogger(__name__)

#: What a dependent of a cue can be read as.
ROLE_NAMES = frozenset({"speaker", "addressee", "target", "content", "responded"})
_MODIFIER_POS = frozenset({"ADJ", "ADV", "DET", "NUM"})
_STAR_POS = _MODIFIER_POS | {"PROPN"}  # what "*" in a phrase takes: "the NATO summit"
_CUE_POS = frozenset({"VERB", "NOUN", "PROPN"})  # the parts of speech a single-word cue has
_SETTINGS = {"kind", "cameo", "conf", "requires", "mutual", "source", "pattern", "otherwise"}


@dataclass(frozen=True, slots=True)
class CueRule:
    """One lexicon entry: how a cue word or phrase reads as a speech act."""

    name: str  # the lemma or pattern it was written as
    kind: ActKind
    cameo: str
    confidence: float
    pos: str  # VERB | NOUN | PHRASE
    roles: dict[str, str] = field(default_factory=dict)  # "dobj" / "dative" / "prep_of" / ... -> role
    requires: tuple[str, ...] = ()
    mutual: bool = False  # coordinated subjects act together ("Putin and Erdogan discussed")
    source: str | None = None  # "pobj": the speaker is the object of the cue's preposition ("according to X")
    # what a use the requirements turn away still is when the attribution model finds it ("speak" is
    # a consultation with an actor spoken with, "spoke about the war" a statement); None: no act
    otherwise: ActKind | None = None


@dataclass(frozen=True, slots=True)
class CueMatch:
    """A cue found in a Doc: tokens ``start``..``end`` (exclusive), roles hang on ``head``."""

    rule: CueRule
    start: int
    end: int
    head: int


def _inflections(word: str) -> list[str]:
    """Regular English forms of a verb or noun lemma: "oppose" -> opposes, opposed, opposing."""
    stem = word[:-1] if word.endswith("e") else word
    forms = {word, word + "s", word + "es", stem + "ed", stem + "ing", word + "d"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    return sorted(forms)


def _rule(name: str, pos: str, entry: dict, where: str) -> CueRule:
    try:
        kind = ActKind(entry["kind"])
    except (KeyError, ValueError) as exc:
        raise ExtractionError(f"cue {name!r} has no valid act kind", where=where) from exc
    roles = {k: v for k, v in entry.items() if k not in _SETTINGS}
    bad = {v for v in roles.values() if v not in ROLE_NAMES}
    if bad:
        raise ExtractionError(f"cue {name!r} names unknown roles {sorted(bad)}", where=where)
    requires = tuple(entry.get("requires", ()))
    reads_as = "NOUN" if pos == "NOUN" else "VERB"  # a phrase cue reads as a verb
    unknown = [need for need in requires if need not in REQUIREMENTS or REQUIREMENTS[need].pos != reads_as]
    if unknown:
        raise ExtractionError(
            f"cue {name!r} requires {unknown}, which no {reads_as.lower()} requirement is called",
            where=where,
            hint="the requirements are the functions of newskg/builder/components/speech/requirements.py",
        )
    otherwise = entry.get("otherwise")
    if otherwise not in (None, ActKind.STATEMENT.value):
        # the one reading the learned path gives a use the requirements turn away: words reported
        raise ExtractionError(f"cue {name!r}: 'otherwise' can only be 'Statement', not {otherwise!r}", where=where)
    return CueRule(
        name=name,
        kind=kind,
        cameo=str(entry.get("cameo", "")),
        confidence=float(entry.get("conf", 0.5)),
        pos=pos,
        roles=roles,
        requires=requires,
        mutual=bool(entry.get("mutual", False)),
        source=entry.get("source"),
        otherwise=ActKind.STATEMENT if otherwise else None,
    )


class CueLexicon:
    """The cue lexicon, compiled into a spaCy Matcher for a vocabulary."""

    def __init__(self, data: dict, *, where: str = "speech_acts_cues.json") -> None:
        self.verbs = {lemma: _rule(lemma, "VERB", e, where) for lemma, e in data.get("verbs", {}).items()}
        self.nouns = {lemma: _rule(lemma, "NOUN", e, where) for lemma, e in data.get("nouns", {}).items()}
        self.phrases = [_rule(e["pattern"], "PHRASE", e, where) for e in data.get("phrases", [])]
        self.light_verbs = frozenset(data.get("light_verbs", ()))
        self.document_nouns = frozenset(data.get("document_nouns", ()))
        self.speaker_nouns = frozenset(data.get("speaker_nouns", ()))
        #: "officials said", "a spokesman said", "according to diplomats": people who speak unnamed
        self.unnamed_source_nouns = frozenset(data.get("unnamed_source_nouns", ()))
        #: "who asked not to be named", "requested anonymity": the terms of sourcing, not an act
        self.anonymity_lemmas = frozenset(data.get("anonymity_lemmas", ()))
        #: "arrived in Amman on a visit": a consultation noun after one of these is the traveller's
        self.motion_verbs = frozenset(data.get("motion_verbs", ()))
        #: "wants", "believes", "polls show": a belief, wish or finding attributed to an actor (nk:Attitude)
        self.attitude_lemmas = frozenset(data.get("attitude_lemmas", ()))
        self.response_nouns = {
            k: tuple(ActKind(x) for x in v) for k, v in data.get("response_nouns", {}).items()
        }
        commitments = data.get("reported_commitments", {})
        self.demand_modals = frozenset(commitments.get("demand_modals", ()))
        self.promise_modals = frozenset(commitments.get("promise_modals", ()))
        self.coercive_lemmas = frozenset(commitments.get("coercive_lemmas", ()))
        self.hostile_lemmas = frozenset(commitments.get("hostile_lemmas", ()))
        #: "warned that police will no longer tolerate ...": a warning of what the speaker's side will do
        self.warning_threat_lemmas = frozenset(commitments.get("warning_threat_lemmas", ()))
        self.warning_threat_objects = frozenset(commitments.get("warning_threat_objects", ()))
        #: "We will not tolerate ...": refusing to stand something announces force, a threat
        self.negated_threat_lemmas = frozenset(commitments.get("negated_threat_lemmas", ()))
        self.media_nouns = frozenset(commitments.get("media_nouns", ()))
        #: "demand" | "promise" | "threat" | "refusal" -> the rule a reported commitment reads as
        self.commitment_rules = {
            name: CueRule(name=f"reported {name}", kind=ActKind(kind), cameo=cameo, confidence=float(conf), pos="VERB")
            for name, (kind, cameo, conf) in commitments.get("kinds", {}).items()
        }
        #: 'X: "..."': the colon before a quote, when no verb reports it
        self.colon_rule = CueRule(name=":", kind=ActKind.STATEMENT, cameo="010", confidence=0.5, pos="PHRASE")
        self._index: dict[str, list[tuple[int, list[tuple[str, frozenset[str]]]]]] | None = None

    @classmethod
    @functools.cache
    def default(cls) -> CueLexicon:
        """The lexicon shipped with newskg (read once)."""
        text = resources.files("newskg.builder").joinpath("data/speech_acts_cues.json").read_text("utf-8")
        return cls(json.loads(text))

    @classmethod
    def from_path(cls, path: str | Path) -> CueLexicon:
        """A lexicon read from a JSON file of the shipped file's shape."""
        path = Path(path)
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ExtractionError(f"cannot read cue lexicon: {exc}", where=str(path)) from exc
        return cls(data, where=str(path))

    def _compiled(self) -> dict[str, list[tuple[int, list[tuple[str, frozenset[str]]]]]]:
        """Phrases indexed by the forms of their first word; each word is ("word", forms), ("any",)
        for '*' (adjectives, adverbs, determiners, numbers) or ("article",) for 'the'."""
        if self._index is None:
            index: dict[str, list[tuple[int, list[tuple[str, frozenset[str]]]]]] = {}
            for i, rule in enumerate(self.phrases):
                words: list[tuple[str, frozenset[str]]] = []
                for word in rule.name.split():
                    word = word.lstrip("^")
                    if word == "*":
                        words.append(("any", frozenset()))
                    elif word == "the":
                        words.append(("article", frozenset()))
                    else:
                        words.append(("word", frozenset(_inflections(word))))
                for form in words[0][1]:
                    index.setdefault(form, []).append((i, words))
            self._index = index
        return self._index

    @staticmethod
    def _match_at(
        lower: list[str], lemma: list[str], pos: list[str], start: int, words: list[tuple[str, frozenset[str]]]
    ) -> int | None:
        """The end of the phrase ``words`` matched from token ``start``, or None. A word matches by
        its lemma or its form; '*' takes the longest run of modifiers that still lets the rest match.

        ``lower``, ``lemma`` and ``pos`` are the doc's tokens' ``lower_``, ``lemma_.lower()`` and
        ``pos_``, read once per doc: ``doc[i]`` makes a new Token on every call."""
        n = len(lower)

        def step(i: int, w: int) -> int | None:
            if w == len(words):
                return i
            kind, forms = words[w]
            if kind == "any":
                run = i
                # names too, as modifiers of the phrase's noun ("the NATO summit", "the Astana talks")
                while run < n and run - i < 4 and pos[run] in _STAR_POS:
                    run += 1
                for stop in range(run, i - 1, -1):
                    end = step(stop, w + 1)
                    if end is not None:
                        return end
                return None
            if kind == "article":
                if i < n and lower[i] in {"the", "a", "an"}:
                    end = step(i + 1, w + 1)
                    if end is not None:
                        return end
                return step(i, w + 1)
            if i < n and (lower[i] in forms or lemma[i] in forms):
                return step(i + 1, w + 1)
            return None

        return step(start, 0)

    def find(self, doc: Doc) -> list[CueMatch]:
        """Every cue in ``doc``: multiword cues first claim their tokens, then single verbs and nouns.

        One match per head token: a word never yields two cues.
        """
        found: dict[int, CueMatch] = {}
        taken: set[int] = set()
        index = self._compiled()
        index_of_doc = doc_index(doc)  # built once per doc by the actors component
        lower, lemma, pos = index_of_doc.lower, index_of_doc.lemma, index_of_doc.pos
        spans = []
        # the few tokens a phrase can start at, found in one pass (most words start none)
        starts = [t for t, (form, lem) in enumerate(zip(lower, lemma, strict=True)) if form in index or lem in index]
        for t in starts:
            first, second = index.get(lower[t]), index.get(lemma[t])
            candidates = (first or []) + (second or [])
            for i, words in {i: w for i, w in candidates}.items():
                end = self._match_at(lower, lemma, pos, t, words)
                if end is not None:
                    spans.append((t, end, self.phrases[i]))
        # longer phrases first, then earlier
        for start, end, rule in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
            if any(i in taken for i in range(start, end)):
                continue
            # roles hang on the phrase's syntactic root ("opposed" in "is opposed to", "called" in
            # "called for"): the one token whose head lies outside the phrase
            heads = index_of_doc.heads
            roots = [i for i in range(start, end) if not start <= heads[i] < end or heads[i] == i]
            head = roots[0] if len(roots) == 1 else start
            if pos[head] not in {"AUX", "VERB"}:
                continue  # every phrase is headed by a verb: "calls for" as a noun is a nominal act
            found[head] = CueMatch(rule, start, end, head)
            taken.update(range(start, end))
        verbs, nouns = self.verbs, self.nouns
        # single cues are verbs and nouns: visit those tokens only
        for i in [i for i, tag in enumerate(pos) if tag in _CUE_POS]:
            if i in taken:
                continue
            lem, tag = lemma[i], pos[i]
            if tag == "VERB" and lem in verbs:
                found[i] = CueMatch(verbs[lem], i, i + 1, i)
            elif tag in {"NOUN", "PROPN"} and lem in nouns:
                token = doc[i]
                if token.tag_ in {"NN", "NNS"} or (token.is_sent_start and token.tag_ in {"NNP", "NNPS"}):
                    # "Calls for a ceasefire ..." opening a sentence is tagged as a name
                    found[i] = CueMatch(nouns[lem], i, i + 1, i)
            elif tag == "VERB" and lem.endswith("ise") and lem[:-3] + "ize" in verbs:
                found[i] = CueMatch(verbs[lem[:-3] + "ize"], i, i + 1, i)
        return [found[k] for k in sorted(found)]

    def is_document_noun(self, token: Token) -> bool:
        return token.lemma_.lower() in self.document_nouns
