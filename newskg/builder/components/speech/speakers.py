"""Speakers: who performs an act, read from the cue's subject, agent or owner.

:func:`speak_as_subject` tries the readings of a subject in order and stops at the first that finds
a speaker: a document ("the statement said", the author of the last one, or an unnamed source of
its own), "it" continuing the last document's voice, "the two sides", the resolved phrase with its
conjuncts, the body the people of a noun phrase speak for, a pronoun (the source speaking of itself,
then the pronoun policy of :mod:`..coreference`), a description of an earlier mention, an actor
named inside the phrase, and at last an unnamed source ("officials said").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Token

from ...facts import Mention
from ...facts import Span as TextSpan
from .. import coreference, facts_of
from ..attribution import (
    PRONOUNS,
    apposed_mentions,
    mentions_between,
    ner_mentions,
    owner_mentions,
    phrase_span,
    resolve_token,
    subject_of,
    unique,
)
from ..resolution import named_body, unnamed_group
from .context import DocumentState, Draft

__all__ = ["mark_unnamed", "named_inside", "resolve_speaker_token", "speak_as_subject"]


def speak_as_subject(state: DocumentState, draft: Draft, subject: Token | None) -> None:
    """Gives ``draft`` the speaker its grammatical ``subject`` names (see the module docstring)."""
    if subject is None:
        return
    if state.lexicon.is_document_noun(subject):
        _speak_as_document(state, draft, subject)
        return
    for reading in _SUBJECT_READINGS:
        if reading(state, draft, subject):
            return
    # otherwise ("officials", "a senior diplomat") an unnamed source
    mark_unnamed(state, draft, subject)


def _speak_as_document(state: DocumentState, draft: Draft, subject: Token) -> None:
    """"a statement by X said", "the ministry's spokesman said", "the statement added"."""
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
    chained = state.chain(draft)
    if chained:
        draft.speakers, draft.speaker_source = chained, "unnamed" if state.unnamed(chained) else "chain"
        return
    # "a spokesman said", "a statement from the ministry said", no one named before
    owners = [c for c in subject.children if c.dep_ == "poss" and c.lower_ not in PRONOUNS] + [
        o for c in subject.children if c.dep_ == "prep" and c.lower_ in {"by", "from"}
        for o in c.children if o.dep_ == "pobj"]
    for token in [subject, *owners]:  # "the ministry's statement", "a statement from the ministry"
        if mark_unnamed(state, draft, token):
            break


def _it_continues_document(state: DocumentState, draft: Draft, subject: Token) -> bool:
    """"It added" right after "the statement said": the statement's author goes on."""
    last = state.last_document
    if subject.lemma_.lower() != "it" or last is None or draft.sent_index - last.sent_index > 1:
        return False
    draft.speakers = list(last.speakers)
    draft.speaker_source = "unnamed" if state.unnamed(draft.speakers) else "chain"
    draft.document = True
    return True


def _both_sides(state: DocumentState, draft: Draft, subject: Token) -> bool:
    """"the two sides agreed", "both leaders said": the parties of the act just reported between
    several, which this description takes up."""
    if subject.tag_ == "NNS" and any(c.lower_ in {"two", "both", "three"} for c in subject.children):
        group = _previous_parties(state, draft)
        if group:
            draft.speakers, draft.speaker_source = group, "coref"
            return True
    return False


def _resolved_subject(state: DocumentState, draft: Draft, subject: Token) -> bool:
    """The actors the subject phrase resolves to, every conjunct with them ("Cavusoglu and his
    Russian counterpart Sergei Lavrov")."""
    mentions = resolve_token(subject)
    if not mentions:
        return False
    covered = {k for m in mentions for k in m.denotes}
    members = [c for c in subject.children if c.dep_ == "conj"]
    for appos in subject.children:
        if appos.dep_ == "appos" and any(c.dep_ == "conj" for c in appos.children):
            # "The US, Russia, and Switzerland met": a list the parser read as an apposition
            members += [appos] + [c for c in appos.children if c.dep_ == "conj"]
    for conj in members:
        found = resolve_token(conj) or apposed_mentions(conj)
        extra = [m for m in found if not set(m.denotes) <= covered]
        mentions = unique(mentions + extra)
    if subject.lower_ in {"they", "we"} and len({k for m in mentions for k in m.denotes}) == 1:
        # a plural pronoun read as one actor: the last act by several, one of them it, is likelier
        group = _previous_group(state, draft, {k for m in mentions for k in m.denotes})
        if group:
            mentions = [Mention(span=m.span, denotes=tuple(group), via="coref", sentence=m.sentence)
                        for m in mentions[:1]]
            facts_of(state.doc).mentions.extend(mentions)
    via_coref = any(m.via == "coref" for m in mentions)
    draft.speakers, draft.speaker_source = mentions, ("coref" if via_coref else "subject")
    return True


def _named_in_apposition(state: DocumentState, draft: Draft, subject: Token) -> bool:
    """"one of the family's attorneys, Justin Bamberg, said": the name in apposition to a subject
    no other reading gives a speaker (a description's own reading comes first: "the main Hutu rebel
    group, Forces for Defence of Democracy," speaks as the group it describes)."""
    found = apposed_mentions(subject, names_only=True)
    if found:
        draft.speakers, draft.speaker_source = found, "subject"
    return bool(found)


def _people_of_body(state: DocumentState, draft: Draft, subject: Token) -> bool:
    """"European Community foreign ministers", "leaders of the coalition", "Iran's officials": the
    people speak for the body named in their phrase."""
    if subject.pos_ != "NOUN":
        return False
    mentions = owner_mentions(subject)
    if not mentions and subject.lemma_.lower() in state.lexicon.speaker_nouns:
        for child in subject.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                mentions = unique(m for c in child.children if c.dep_ == "pobj" for m in resolve_token(c))
    if mentions:
        draft.speakers, draft.speaker_source = mentions, "owner"
        return True
    return False


def _pronoun_subject(state: DocumentState, draft: Draft, subject: Token) -> bool:
    """A pronoun the actors component left unresolved: the unnamed source speaking of itself ("the
    ministry said it condemned the raid"), else the pronoun policy's speaker fallback."""
    lemma = subject.lemma_.lower()
    if lemma not in PRONOUNS and subject.pos_ != "PRON":
        return False
    reporter = state.by_head.get(draft.head.head.i) if draft.head.dep_ == "ccomp" else None
    if reporter is not None and reporter.speaker_source == "unnamed" and lemma in {"it", "they", "we"}:
        draft.speakers, draft.speaker_source = list(reporter.speakers), "unnamed"
        return True
    fallback = _pronoun_fallback(state, draft, subject)
    if fallback:
        draft.speakers = fallback
        draft.speaker_source = "unnamed" if state.unnamed(fallback) else "fallback"
        return True
    return False


def _described_subject(state: DocumentState, draft: Draft, subject: Token) -> bool:
    """"the official added": the unnamed source just quoted stays unnamed (and as unsure)."""
    described = _described_earlier(state, subject)
    if described:
        draft.speakers, draft.speaker_source = described, "unnamed" if state.unnamed(described) else "coref"
        return True
    return False


def _named_inside_subject(state: DocumentState, draft: Draft, subject: Token) -> bool:
    weak = named_inside(state, subject)
    if weak:
        draft.speakers, draft.speaker_source = weak, "fallback"
        return True
    return False


_SUBJECT_READINGS: tuple[Callable[[DocumentState, Draft, Token], bool], ...] = (
    _it_continues_document, _both_sides, _resolved_subject, _people_of_body, _pronoun_subject,
    _described_subject, _named_inside_subject, _named_in_apposition,
)


def _pronoun_fallback(state: DocumentState, draft: Draft, pronoun: Token) -> list[Mention]:
    """The speaker fallback of the pronoun policy (:func:`..coreference.speaker_fallback`)."""
    previous = state.sents[draft.sent_index - 1] if draft.sent_index > 0 else None
    return coreference.speaker_fallback(
        pronoun, draft.sent_index, previous, state.drafts, resolve=resolve_token, skip=state.lexicon.is_document_noun
    )


def mark_unnamed(state: DocumentState, draft: Draft, token: Token) -> bool:
    """Gives the act its unnamed source when ``token`` is a noun that names people who speak
    ("officials", "diplomats", "sources", "a spokesman", "witnesses", "the ministry"): a Group of its
    own, scoped to the document, at low confidence. Returns True when the act got a speaker.

    A phrase that does name whose people they are is no unnamed source: "his office" is the office
    of the one the sentence is about, "leaders of the Azadliq opposition coalition" speak for it."""
    if token.pos_ not in {"NOUN", "PROPN"} or not (
        token.lemma_.lower() in state.lexicon.unnamed_source_nouns
        or token.lower_ in state.lexicon.unnamed_source_nouns
    ):
        return False
    possessive = next((c for c in token.children if c.dep_ == "poss"), None)
    if possessive is not None:
        found = _possessor(state, draft, possessive) if possessive.lower_ in PRONOUNS else []
        if found:
            draft.speakers, draft.speaker_source = found, "coref"
        return bool(found)
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in {"of", "for"}:
            for obj in child.children:
                if obj.dep_ == "pobj" and any(t.pos_ == "PROPN" for t in obj.subtree):
                    body = named_body(state.doc, state.doc[obj.left_edge.i : obj.right_edge.i + 1])
                    if body is not None:
                        draft.speakers, draft.speaker_source = [body], "owner"
                    return body is not None
    draft.speakers, draft.speaker_source = [unnamed_group(state.doc, token)], "unnamed"
    return True


def _possessor(state: DocumentState, draft: Draft, possessive: Token) -> list[Mention]:
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
    return _pronoun_fallback(state, draft, possessive)


def _previous_group(state: DocumentState, draft: Draft, keys: set[str]) -> list[str]:
    for earlier in reversed(state.drafts):
        if draft.sent_index - earlier.sent_index > 1:
            break
        group = earlier.speaker_keys()
        if len(group) > 1 and keys <= group:
            return sorted(group, key=lambda k: min(m.span.start for m in earlier.speakers if k in m.denotes))
    return []


def _previous_parties(state: DocumentState, draft: Draft) -> list[Mention]:
    for earlier in reversed(state.drafts):
        if draft.sent_index - earlier.sent_index > 1:
            break
        parties = unique(earlier.speakers + earlier.addressees)
        if len({k for m in parties for k in m.denotes}) > 1:
            return parties
    return []


def _described_earlier(state: DocumentState, token: Token) -> list[Mention]:
    """'The army accused ...' after "Sudan's army": a definite description the actors component left
    unresolved takes the actors of the latest earlier mention whose words end with the same noun."""
    if token.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"}
                                       for c in token.children):
        return []
    if any(c.dep_ in {"amod", "compound", "poss", "prep"} for c in token.children):
        return []  # "the French government" is a name the resolver reads, not an anaphor
    words = {token.lower_, token.lemma_.lower()}
    for mention in sorted(facts_of(state.doc).mentions, key=lambda m: m.span.start, reverse=True):
        if mention.span.end > token.idx:
            continue
        last = re.findall(r"[a-z]+", mention.span.text.lower())[-1:]
        if last and last[0] in words:
            begin, end = state.sentence_chars(state.sent_of[token.i])
            found = Mention(span=TextSpan(token.idx, token.idx + len(token), token.text),
                            denotes=mention.denotes, via="coref",
                            sentence=TextSpan(begin, end, state.text[begin:end]))
            facts_of(state.doc).mentions.append(found)
            return [found]
    return []


def named_inside(state: DocumentState, token: Token) -> list[Mention]:
    """The first actor named inside a phrase the resolver could not read as a whole ("Druze
    inhabitants of the Golan Heights", "the U.N. war crimes court")."""
    span = phrase_span(token)
    if not len(span) or span[0].pos_ == "PRON":
        return []
    inside = mentions_between(state.doc, span.start_char, span.end_char)
    if not inside:
        inside = ner_mentions(state.doc, span)
    return inside[:1]


def resolve_speaker_token(state: DocumentState, token: Token) -> list[Mention]:
    mentions = resolve_token(token)
    if not mentions and token.pos_ == "NOUN" and token.lemma_.lower() in state.lexicon.speaker_nouns:
        mentions = owner_mentions(token)
    return mentions or named_inside(state, token)
