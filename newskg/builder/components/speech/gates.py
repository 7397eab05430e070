"""Gates: whether a matched cue reads as an act at all, before anything is drafted.

A verb (or phrase) cue is turned away when it modifies a noun ("so-called"), names ("a town called
X"), is what another act asks for ("urged leaders to press for ..."), describes ("the process
mediated by ..."), or sets the terms of sourcing ("asked not to be named"); then the lexicon's
requirements of the cue (:mod:`.requirements`) are checked in order. A noun cue is turned away when
it stands for a document's author or is the object a response answers; then its requirements.
"""

from __future__ import annotations

from spacy.tokens import Token

from ...facts import ActKind
from ..attribution import agent_tokens
from ..cues import CueRule
from ..doc_index import doc_index
from .context import DocumentState
from .requirements import REQUIREMENTS, CueSite

__all__ = ["is_responded_slot", "noun_passes", "verb_passes"]

_ASKING = frozenset({ActKind.APPEAL, ActKind.DEMAND})
_OFFERING = frozenset({ActKind.AGREEMENT, ActKind.REJECTION})
_CONSULTATION_VERB_DEPS = frozenset({"relcl", "acl", "amod", "compound"})


def _meets_requirements(state: DocumentState, token: Token, rule: CueRule) -> bool:
    """The lexicon's requirements of ``rule``, in the order it lists them (some resolve actors)."""
    if not rule.requires:
        return True
    site = CueSite(token, doc_index(state.doc), state.matches, state.lexicon)
    return all(REQUIREMENTS[need].test(site) for need in rule.requires)


def verb_passes(state: DocumentState, head: Token, rule: CueRule) -> bool:
    doc = state.doc
    if head.dep_ in {"amod", "compound"}:
        return False
    # "so-called", "the above-said"
    if head.i >= 2 and doc[head.i - 1].text == "-" and doc[head.i - 2].lower_ in {"so", "above", "afore"}:
        return False
    if head.dep_ == "acl" and not agent_tokens(head) and head.tag_ not in {"VBD", "VBZ", "VBP"}:
        return False  # "a town called X", "the accused" (a finite verb there is a misparse, kept)
    governor = state.matches.get(head.head.i)
    # a base-form verb coordinated with an asked one is asked too ("called on both sides to agree to
    # a ceasefire and to reject violence")
    first = head
    while first.dep_ == "conj" and first.tag_ == "VB" and first.head != first:
        first = first.head
    asked = first.dep_ == "xcomp" or (first.dep_ in {"advcl", "ccomp"} and first.tag_ == "VB")
    asking = state.matches.get(first.head.i)
    if asked and asking is not None and asking.rule.kind in _ASKING and first.head != first:
        # "urged leaders to press for a ceasefire", "called for Russia to condemn the attack" (a
        # clause of its own, its verb in the base form): what is asked for, not an act performed
        return False
    if (rule.kind.is_consultation and head.dep_ == "xcomp" and head.head != head and governor is not None
            and governor.rule.kind in _OFFERING):
        # "offered to mediate", "agreed to hold talks", "refused to meet": talks an act offers, accepts
        # or refuses, not talks that took place (the governing act carries them); "plans to hold
        # talks" stays a planned consultation with its modality
        return False
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
    anonymity = state.lexicon.anonymity_lemmas
    if any(lemma[c] in anonymity
           and (dep_of[c] == "dobj"
                or (dep_of[c] == "xcomp" and any(dep_of[g] == "auxpass" for g in index.kids(c))))
           for c in kids):
        # "an official, who asked not to be named", "requested anonymity": terms, not an act
        # ("refused to name the suspects" is one)
        return False
    return _meets_requirements(state, head, rule)


def noun_passes(state: DocumentState, noun: Token, rule: CueRule) -> bool:
    """Whether a noun cue reads as an act of its own."""
    # "a statement by the Kremlin said ...": the statement stands for its author, not an act of its own
    if noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.i in state.matches and state.lexicon.is_document_noun(noun):
        return False
    # the object of a response ("rejected Erdogan's allegations") is decided when linking responses
    if is_responded_slot(state, noun):
        return False
    return _meets_requirements(state, noun, rule)


def is_responded_slot(state: DocumentState, noun: Token) -> bool:
    head = noun.head
    match = state.matches.get(head.i)
    if match is None or match.rule.pos == "NOUN":
        return False
    if noun.dep_ in {"dobj", "nsubjpass"}:
        return match.rule.roles.get("dobj") == "responded"
    return False
