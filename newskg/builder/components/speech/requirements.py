"""The ``requires`` values of the cue lexicon: one named test each, registered in :data:`REQUIREMENTS`.

A cue of the lexicon (``newskg/builder/data/speech_acts_cues.json``) may list requirements its
occurrence must meet to read as an act ("accuse" requires an actor as object, "say" a clause).
Each is a small function of the cue's :class:`CueSite`, with its part of speech: a verb's
requirements are checked by :func:`.gates.verb_passes` (and phrase cues', which read as verbs), a
noun's by :func:`.gates.noun_passes`, in the order the lexicon lists them. The lexicon loader
(:class:`..cues.CueLexicon`) rejects a name that is not in the table, or that is registered for
another part of speech, as it rejects unknown roles.

To add one: write the function here with ``@requirement("name", "VERB")``, a docstring and an
example sentence, and name it in the lexicon.

>>> sorted(name for name, entry in REQUIREMENTS.items() if entry.pos == "NOUN")
['phone', 'plural', 'prep_for_or_on']
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Protocol

from spacy.tokens import Token

from ...facts import ActorKind
from .. import facts_of
from ..attribution import is_passive, mentions_between, resolve_token, subject_of
from ..doc_index import DocIndex, doc_index, sentence_of
from ..lexicons import group_nouns

__all__ = ["REQUIREMENTS", "CueSite", "Requirement", "coordinated_subject", "quote_near", "requirement"]


class CueWords(Protocol):
    """What the requirements read of the cue lexicon (a :class:`..cues.CueLexicon`)."""

    @property
    def coercive_lemmas(self) -> frozenset[str]: ...
    @property
    def response_nouns(self) -> Mapping[str, object]: ...
    @property
    def nouns(self) -> Mapping[str, object]: ...
    @property
    def motion_verbs(self) -> frozenset[str]: ...


@dataclass(frozen=True, slots=True)
class CueSite:
    """Where a cue occurs: its head token, the doc index, the cue heads of the document, the words."""

    token: Token
    index: DocIndex
    cue_heads: Collection[int]  # the head tokens of every cue matched in the document
    words: CueWords

    @property
    def kids(self) -> list[int]:
        return self.index.kids(self.token.i)

    @property
    def deps(self) -> set[str]:
        dep_of = self.index.deps
        return {dep_of[c] for c in self.kids}


@dataclass(frozen=True, slots=True)
class Requirement:
    """A named test a cue occurrence must pass; ``pos`` is VERB (verbs and phrases) or NOUN."""

    name: str
    pos: str
    test: Callable[[CueSite], bool]


#: Every requirement the lexicon may name, by name.
REQUIREMENTS: dict[str, Requirement] = {}


def requirement(name: str, pos: str) -> Callable[[Callable[[CueSite], bool]], Callable[[CueSite], bool]]:
    """Registers the decorated test as requirement ``name`` for cues of part of speech ``pos``."""

    def register(test: Callable[[CueSite], bool]) -> Callable[[CueSite], bool]:
        REQUIREMENTS[name] = Requirement(name, pos, test)
        return test

    return register


def quote_near(head: Token) -> bool:
    """True when a quote ends within a few tokens before ``head`` or starts right after it."""
    doc = head.doc
    sent = sentence_of(doc, head.i)  # Token.sent walks the tokens to the sentence's bounds
    for start, end in doc_index(doc).quotes:
        if sent.start_char - 2 <= end <= head.idx and head.idx - end < 40:
            return True
        if head.idx < start <= sent.end_char and start - (head.idx + len(head)) < 6:
            return True
    return False


def coordinated_subject(head: Token) -> bool:
    """True when the subject names several parties ("Russia and Turkey", "the ministers", "they",
    "The US, Russia, and Switzerland" even when parsed as an apposition)."""
    subject = subject_of(head)
    if subject is None:
        return False
    if any(c.dep_ in {"conj", "appos"} for c in subject.children) or subject.tag_ == "NNS":
        return True
    return subject.lower_ in {"they", "we"} or len({k for m in resolve_token(subject) for k in m.denotes}) > 1


# -- verbs (and phrase cues) --------------------------------------------------------------------


@requirement("clause", "VERB")
def clause(site: CueSite) -> bool:
    """The cue reports something: a clause depends on it, or a quote stands next to it.

    "Moscow added that it would respond"; "added fuel to the fire" reports nothing."""
    return bool(site.deps & {"ccomp", "xcomp", "parataxis"}) or quote_near(site.token)


@requirement("as_clause", "VERB")
def as_clause(site: CueSite) -> bool:
    """An "as" dependent: "Ankara described the move as a provocation"."""
    lower = site.index.lower
    return any(lower[c] == "as" for c in site.kids)


@requirement("not_passive", "VERB")
def not_passive(site: CueSite) -> bool:
    """The cue is active: "Iran noted that ...", not "it was noted"."""
    return not is_passive(site.token)


@requirement("no_complement", "VERB")
def no_complement(site: CueSite) -> bool:
    """No complement clause or predicate: "Macron called Putin" is a call, "called it a mistake" is
    not (an ``oprd`` beside an object is a complement; alone, it is a misparsed call all the same);
    nor is a participle naming the noun it modifies ("a group called the Conservation Fund")."""
    deps = site.deps
    complements = {"xcomp", "ccomp", "acomp", "attr"} | ({"oprd"} if "dobj" in deps else set())
    naming = site.token.dep_ == "acl" and site.token.tag_ == "VBN"
    return not deps & complements and not naming


def _actor_object(site: CueSite) -> bool:
    doc, index = site.token.doc, site.index
    dep_of = index.deps
    kids = site.kids
    objs = [doc[c] for c in kids if dep_of[c] in {"dobj", "nsubjpass"}] or [doc[c] for c in kids if dep_of[c] == "oprd"]
    objs += [a for o in objs for a in o.children if a.dep_ == "appos"]
    return any(resolve_token(o) for o in objs)


@requirement("actor_obj", "VERB")
def actor_obj(site: CueSite) -> bool:
    """The object (or its apposition) is an actor: "pressed Serbia to", "charged Armenia with"; not
    "pressed the button", "charged the batteries"."""
    return _actor_object(site)


@requirement("actor_obj_or_clause", "VERB")
def actor_obj_or_clause(site: CueSite) -> bool:
    """An actor as object, or a clause: "asked Serbia to withdraw", "asked that talks resume"."""
    return _actor_object(site) or bool(site.deps & {"ccomp", "xcomp"})


def _names_act(site: CueSite) -> bool:
    dep_of, lemma = site.index.deps, site.index.lemma
    words = site.words
    return any(lemma[c] in words.response_nouns or lemma[c] in words.nouns
               for c in site.kids if dep_of[c] in {"dobj", "nsubjpass"})


@requirement("act_obj", "VERB")
def act_obj(site: CueSite) -> bool:
    """The object names an act: "dismissed the allegations", "backed the proposal"; not "backed the
    car"."""
    return _names_act(site)


@requirement("act_obj_or_xcomp", "VERB")
def act_obj_or_xcomp(site: CueSite) -> bool:
    """An act as object, or an infinitive: "declined the offer", "declined to comment"."""
    return _names_act(site) or "xcomp" in site.deps


@requirement("not_purpose", "VERB")
def not_purpose(site: CueSite) -> bool:
    """Not the purpose of another, non-speech act: "began a hunger strike to protest", "blocked roads
    demanding" are acts, not speech (under a cue of its own, the purpose is kept)."""
    head, index = site.token, site.index
    purpose = any(index.deps[c] == "aux" and index.lower[c] == "to" for c in site.kids) or (
        head.tag_ == "VBG" and head.dep_ in {"advcl", "xcomp", "acl"}
    )
    return not (purpose and head.head != head and head.head.i not in site.cue_heads)


@requirement("not_people_obj", "VERB")
def not_people_obj(site: CueSite) -> bool:
    """The object is not people: "received the refugees", "hosted students" meet no party."""
    dep_of, lemma = site.index.deps, site.index.lemma
    return not any(dep_of[c] == "dobj" and group_nouns().get(lemma[c]) == "group" for c in site.kids)


@requirement("partner", "VERB")
def partner(site: CueSite) -> bool:
    """Someone to meet: an actor as object, "with X", or several parties as subject. "Lavrov met
    Wang Yi", "met with Hamas", "Russia and Turkey met"; not "the cabinet met Sunday", nor "went on to
    discuss the polls". The purpose of a meeting or a journey, or what follows it, has its partner:
    "held talks with Burns to discuss the proposal", "flew to Riyadh to discuss the truce", "met Wang
    and discussed the crisis"."""
    head, index = site.token, site.index
    if _has_partner(head, index):
        return True
    governor = head.head
    return head.dep_ in {"advcl", "xcomp", "conj"} and governor != head and (
        _has_partner(governor, index)
        or any(c.dep_ == "dobj" and _has_partner(c, index) for c in governor.children)
        or (governor.lemma_.lower() in site.words.motion_verbs
            and any(c.dep_ == "prep" and c.lower_ in {"to", "in", "at"} for c in governor.children))
    )


def _has_partner(head: Token, index: DocIndex) -> bool:
    doc, dep_of, lower, kids = head.doc, index.deps, index.lower, index.kids(head.i)
    return (
        any(resolve_token(doc[c]) for c in kids if dep_of[c] == "dobj")
        or any(resolve_token(doc[a]) for c in kids if dep_of[c] == "dobj"
               for a in index.kids(c) if dep_of[a] == "appos")
        or any(dep_of[c] == "prep" and lower[c] == "with" for c in kids)
        or (head.pos_ in {"VERB", "AUX"} and coordinated_subject(head))
    )


@requirement("actor_addressed", "VERB")
def actor_addressed(site: CueSite) -> bool:
    """A person or state spoken with or to: "spoke with Egyptian President el-Sisi", "spoke to Putin
    by phone"; not "spoke to reporters", "spoke at the forum", "spoke about the war", nor an
    organisation, which in the news is mostly an outlet or an audience ("spoke to CNN", "spoke to
    the Planned Parenthood Action Network": 8 of 19 such uses in 924 PolNeAR articles)."""
    head, index = site.token, site.index
    doc, dep_of, lower = head.doc, index.deps, index.lower
    entities = facts_of(doc).entities
    return any(
        (entity := entities.get(key)) is not None and entity.kind in {ActorKind.PERSON, ActorKind.STATE}
        for c in site.kids
        if dep_of[c] == "prep" and lower[c] in {"with", "to"}
        for o in index.kids(c)
        if dep_of[o] == "pobj"  # the noun with its modifiers: "his South Korean counterpart Han Min-koo"
        for m in mentions_between(doc, index.starts[doc[o].left_edge.i], index.ends[o])
        for key in m.denotes
    )


@requirement("coercive_xcomp", "VERB")
def coercive_xcomp(site: CueSite) -> bool:
    """An infinitive that coerces: "plans to impose restrictions" threatens, "plans to build a
    school" does not."""
    dep_of, lemma = site.index.deps, site.index.lemma
    coercive = site.words.coercive_lemmas
    return any(dep_of[c] == "xcomp" and lemma[c] in coercive for c in site.kids)


@requirement("xcomp_or_prep_to", "VERB")
def xcomp_or_prep_to(site: CueSite) -> bool:
    """An infinitive or "to X": "committed to talks", "committed to withdraw"."""
    dep_of, lower = site.index.deps, site.index.lower
    return "xcomp" in site.deps or any(dep_of[c] == "prep" and lower[c] == "to" for c in site.kids)


# -- nouns --------------------------------------------------------------------------------------


@requirement("plural", "NOUN")
def plural(site: CueSite) -> bool:
    """The noun is plural: "held talks"; not "talk of a deal"."""
    return site.token.tag_ == "NNS"


@requirement("phone", "NOUN")
def phone(site: CueSite) -> bool:
    """A phone modifier: "a telephone conversation"; not "a conversation about"."""
    return any(c.lemma_.lower() in {"phone", "telephone"} for c in site.token.children)


@requirement("prep_for_or_on", "NOUN")
def prep_for_or_on(site: CueSite) -> bool:
    """"for" or "on" after the noun: "calls for a ceasefire", "a call on Israel to"; not "a call from
    Paris"."""
    return any(c.dep_ == "prep" and c.lower_ in {"for", "on"} for c in site.token.children)
