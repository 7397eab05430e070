"""Roles: what an act's dependents fill (addressee, target, content, what it responds to), and its
mode (negation, modality, date).

The cue rule maps a dependent's relation to a role ("dobj" -> target for "accuse", "prep_with" ->
addressee for "talks"); :func:`fill_role` reads one dependent, :func:`assign` gives the phrase to
the role. The content of a report comes from its clause (:func:`read_clause`), the phrase "according
to" hangs on (:func:`according_content`) or the clause before it (:func:`reported_before`).
"""

from __future__ import annotations

from spacy.tokens import Token

from ...facts import ActKind
from ..attribution import apposed_mentions, owner_mentions, resolve_token
from ..doc_index import doc_index, sentence_of
from .context import MODALS, DocumentState, Draft

__all__ = ["according_content", "assign", "fill_role", "read_clause", "read_mode", "reported_before"]

_PLANNED = frozenset({"expect", "schedule", "plan", "intend", "due", "set"})  # "is expected to meet"


def reported_before(state: DocumentState, head: Token) -> tuple[int, int] | None:
    main = head.head
    if main.i >= head.i:
        return None
    start = state.sents[state.sent_of[head.i]].start
    tokens = [t for t in state.doc[start : head.left_edge.i] if not t.is_space]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def according_content(state: DocumentState, head: Token, preposition: Token) -> tuple[int, int] | None:
    """"X happened, according to Y": the content is the clause the phrase hangs on."""
    doc = state.doc
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


def fill_role(state: DocumentState, draft: Draft, child: Token, *, passive: bool) -> None:
    # acts on a dependent whose relation is in _ROLE_DEPS only
    rule = draft.rule
    dep = child.dep_
    lone_oprd = dep == "oprd" and not any(c.dep_ == "dobj" for c in child.head.children)
    if (dep in {"dobj", "nsubjpass"} and not (dep == "nsubjpass" and not passive)) or lone_oprd:
        role = rule.roles.get("dobj")
        assign(state, draft, role, child)
        if dep == "dobj":
            _content_on_object(state, draft, child)
    elif dep == "dative":
        assign(state, draft, rule.roles.get("dative"), child)
    elif dep == "prep" and (child.i > child.head.i or draft.nominal):
        # preposed phrases ("For their part, ...") frame the sentence, they fill no role
        role = rule.roles.get("prep_" + child.lower_)
        if role:
            for obj in child.children:
                if obj.dep_ in {"pobj", "pcomp"}:
                    assign(state, draft, role, obj)
    elif dep in {"ccomp", "xcomp"} and draft.content is None and child.i > child.head.i:
        draft.content = state.clause_chars(child)
        if draft.kind in {ActKind.APPEAL, ActKind.DEMAND}:
            # "demanded that the United States match ...": the one asked is the clause's subject
            subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                draft.addressees.extend(resolve_token(subject))


def assign(state: DocumentState, draft: Draft, role: str | None, token: Token) -> None:
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
            draft.content = state.phrase_chars(token)
    elif role == "responded":
        draft.responded = token
        if draft.content is None:
            draft.content = state.phrase_chars(token)
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
        # "accused the North's leader, Kim Jong Un, of ...": the name in apposition
        mentions = resolve_token(token) or apposed_mentions(token)
        if not mentions and token.pos_ in {"NOUN", "PROPN"}:
            mentions = owner_mentions(token, source_from=False)
        draft.targets.extend(mentions)
        if (draft.content is None and token.pos_ == "NOUN" and not resolve_token(token)
                and _content_phrase(draft, token) is None):
            # "criticised the decision": what is criticised is the content, unless a phrase of its
            # own says it ("accused the leader of recklessness")
            draft.content = state.phrase_chars(token)


def _content_phrase(draft: Draft, obj: Token) -> Token | None:
    """The preposition whose phrase the rule reads as the content ("of" for "accused X of Y"): on
    the cue, or misattached by the parser on its object ``obj``."""
    rule = draft.rule
    for token in (draft.head, obj):
        for child in token.children:
            if child.dep_ == "prep" and child.i > obj.i and rule.roles.get("prep_" + child.lower_) == "content":
                return child
    return None


def _content_on_object(state: DocumentState, draft: Draft, obj: Token) -> None:
    """"accused North Korean leader Kim Jong Un of recklessness", parsed with "of" on the name:
    the phrase the rule reads as content, though the parser hung it on the object."""
    preposition = _content_phrase(draft, obj)
    if draft.content is not None or preposition is None or preposition.head.i == draft.head.i:
        return  # on the cue itself, the phrase fills its role where it stands
    for grand in preposition.children:
        if grand.dep_ in {"pobj", "pcomp"}:
            assign(state, draft, "content", grand)
            return


def read_clause(state: DocumentState, draft: Draft, head: Token) -> None:
    """Content from an infinitive ("threatened to cut off ...", "agreed to a ceasefire")."""
    if draft.content is not None:
        return
    for child in head.children:
        if draft.start <= child.i < draft.end:
            continue  # part of the cue ("declined to comment"), not what it reports
        if child.dep_ in {"xcomp", "ccomp", "parataxis"}:
            draft.content = state.clause_chars(child)
            return
        if child.dep_ == "acomp":  # "is willing to send ..."
            for grand in child.children:
                if grand.dep_ == "xcomp":
                    draft.content = state.clause_chars(grand)
                    return


def read_mode(state: DocumentState, draft: Draft, head: Token) -> None:
    # the cue's dependents from the doc index's lists: this runs for every cue
    index = doc_index(state.doc)
    deps, lower, lemma, ent_types = index.deps, index.lower, index.lemma, index.ent_types
    for child in index.kids(head.i):
        dep = deps[child]
        if dep == "neg" or (dep == "advmod" and lower[child] == "never"):
            draft.negated = True
        elif dep in {"aux"} and lemma[child] in MODALS:
            draft.modality = lower[child] if lower[child] != "wo" else "will"
        elif dep in {"npadvmod", "tmod"} and ent_types[child] == "DATE":
            text = state.ent_text_at(child)
            if state.date_words(text):
                draft.date_text = draft.date_text or text
        elif dep == "prep" and lower[child] in {"on", "in"}:
            for obj in index.kids(child):
                if deps[obj] == "pobj" and ent_types[obj] == "DATE" and state.date_words(state.ent_text_at(obj)):
                    draft.date_text = draft.date_text or state.ent_text_at(obj)
    if draft.modality is None and deps[head.i] == "xcomp" and lemma[index.heads[head.i]] in _PLANNED:
        # "is expected to attend", "is scheduled to meet": not done yet, the governing verb says
        draft.modality = lower[index.heads[head.i]]
    if draft.date_text is None:
        # "said Thursday": a bare weekday or date right after the cue
        nxt = draft.end if draft.end < len(index.texts) else None
        if nxt is not None and ent_types[nxt] == "DATE" and index.heads[nxt] in range(draft.start, draft.end):
            draft.date_text = state.ent_text_at(nxt)
