"""Reading participants off the dependency tree: who speaks, to whom, about whom.

Resolution of a phrase to actors belongs to the actors component
(:func:`newskg.builder.components.resolution.resolve_phrase`: names, titles, metonyms, demonym
groups, coordination, coreference). This module decides *which* phrase fills a role (subject,
passive agent, "by X", "X's allegations", "a U.S. request") and hands it over. When the actors
component is not installed in the pipeline, a plain NER reading stands in, so the speech-act
component also works on its own.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from ..facts import ActorKind, Entity, Mention, slug
from ..facts import Span as TextSpan
from . import facts_of
from .doc_index import doc_index, sentence_span
from .resolution import mentions_in, name_pieces, resolve_phrase

__all__ = [
    "PRONOUNS",
    "apposed_mentions",
    "mentions_between",
    "ner_mentions",
    "owner_mentions",
    "phrase_span",
    "resolve",
    "resolve_token",
    "subject_of",
]

log = logging.getLogger(__name__)

PRONOUNS = frozenset({"it", "they", "he", "she", "we", "them", "him", "her", "its", "their", "his"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
# Dependents that describe a noun rather than name it: cut from the phrase handed to the resolver
# so that "the process that has long been mediated by the U.S." does not resolve to the U.S.
_CLAUSAL = frozenset({"relcl", "acl", "advcl", "punct", "cc"})
_NER_KINDS = {"PERSON": ActorKind.PERSON, "ORG": ActorKind.ORGANIZATION, "GPE": ActorKind.STATE,
              "NORP": ActorKind.GROUP}


def phrase_span(token: Token) -> Span:
    """The noun phrase headed by ``token``: its subtree up to the first clausal dependent."""
    doc = token.doc
    memo = doc_index(doc).memo  # a function of the parse alone, asked again for every role a token fills
    key = ("phrase_span", token.i)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _phrase_span(doc, token)
    return found  # type: ignore[return-value]


def _phrase_span(doc: Doc, token: Token) -> Span:
    start, end = token.left_edge.i, token.right_edge.i + 1
    for child in token.rights:
        if child.dep_ in _CLAUSAL and child.i > token.i:
            # keep coordination ("Russia and France") but cut relative clauses and participles
            if child.dep_ in {"cc", "punct"} and any(c.dep_ == "conj" and c.i > child.i for c in token.rights):
                continue
            end = min(end, child.left_edge.i)
    for child in token.lefts:
        if child.dep_ == "punct" and child.i == start:
            start += 1
    while end > start + 1 and doc[end - 1].is_punct:
        end -= 1
    while start < end - 1 and doc[start].is_punct:
        start += 1
    return doc[start:end]


def ner_mentions(doc: Doc, span: Span) -> list[Mention]:
    """Actor mentions read from NER alone: the stand-in without the actors component, and the last
    resort for a phrase it could not read."""
    facts = facts_of(doc)
    out = []
    index = doc_index(doc)
    pieces = name_pieces(doc)  # known names the actor pass read as no actor ("Brazil" in a match report)
    # ``span.ents`` (every entity of the doc made a Span, then filtered), from the doc index
    ents = []
    for start, end, name in index.ents:
        if start >= span.start:
            if end > span.end:
                break
            ents.append(Span(doc, start, end, label=name))
    for ent in ents:
        kind = _NER_KINDS.get(ent.label_)
        if kind is None or any(i in pieces for i in range(ent.start, ent.end)):
            continue
        tokens = [t for t in ent if t.lower_ != "the"] or list(ent)
        label = index.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
        key = slug(label)
        facts.add_entity(Entity(key=key, label=label, kind=kind, source="ner"))
        mention = Mention(
            span=TextSpan(tokens[0].idx, tokens[-1].idx + len(tokens[-1]), label),
            denotes=(key,),
            via="name",
            sentence=sentence_span(doc, ent.start),
        )
        if not any(m.span == mention.span for m in facts.mentions):
            facts.mentions.append(mention)
        out.append(mention)
    return out


_MEASURES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})


def _is_measure(doc: Doc, mention: Mention) -> bool:
    """True for a "mention" that NER reads as a date or amount ("Thursday", "late February"): never an actor."""
    memo = doc_index(doc).memo
    key = ("is_measure", mention.span.start, mention.span.end)
    found = memo.get(key)
    if found is None:
        index = doc_index(doc)
        tokens = index.tokens_at(mention.span.start, mention.span.end)
        if tokens is not None:  # the usual case: the span is whole tokens, read from the index
            ent_types, punct = index.ent_types, index.punct
            found = all(ent_types[i] in _MEASURES for i in range(*tokens) if not punct[i])
        else:
            span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            found = span is not None and all(t.ent_type_ in _MEASURES for t in span if not t.is_punct)
        memo[key] = found
    return found  # type: ignore[return-value]


def resolve(doc: Doc, span: Span) -> list[Mention]:
    """The actor mentions a phrase denotes (through :func:`.resolution.resolve_phrase`, which runs the
    actors pass when the component did not)."""
    if len(span) == 0:
        return []
    try:
        return [m for m in resolve_phrase(doc, span) if not _is_measure(doc, m)]
    except Exception:  # a resolver bug must not lose the whole document's speech acts
        log.exception("actor resolution failed on %r (document %r)", span.text, facts_of(doc).document.id)
        return []


def mentions_between(doc: Doc, start_char: int, end_char: int) -> list[Mention]:
    """Resolved actor mentions inside a character range, in text order."""
    return [m for m in mentions_in(doc, start_char, end_char) if not _is_measure(doc, m)]


def resolve_token(token: Token) -> list[Mention]:
    """The actors the noun phrase headed by ``token`` denotes."""
    return resolve(token.doc, phrase_span(token))


def apposed_mentions(token: Token, *, names_only: bool = False) -> list[Mention]:
    """The actors named in apposition to ``token`` ("the North's leader, Kim Jong Un,"); with
    ``names_only``, proper names only (not "the minister, a close ally of Putin,")."""
    return _unique(
        m for c in token.children if c.dep_ == "appos" and (c.pos_ == "PROPN" or not names_only)
        for m in resolve_token(c)
    )


def _conj_chain(token: Token) -> list[Token]:
    out = [token]
    for child in token.children:
        if child.dep_ == "conj":
            out.extend(_conj_chain(child))
    return out


def agent_tokens(verb: Token) -> list[Token]:
    """The objects of a passive verb's "by" phrases, including coordinated ones
    ("echoed by France and, implicitly, by Russia")."""
    out: list[Token] = []
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by" and _is_passive(verb)):
            for prep in _conj_chain(child):
                out.extend(c for c in prep.children if c.dep_ == "pobj")
    return out


def _is_passive(verb: Token) -> bool:
    memo = doc_index(verb.doc).memo  # the voice of a verb is read for each of its dependents
    key = ("is_passive", verb.i)
    found = memo.get(key)
    if found is None:
        found = memo[key] = any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children) or (
            verb.tag_ == "VBN" and verb.dep_ in {"acl", "relcl"}
        )
    return found  # type: ignore[return-value]


def is_passive(verb: Token) -> bool:
    """True when ``verb`` is in the passive voice (or a past participle modifying a noun)."""
    return _is_passive(verb)


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of ``verb``, climbing through participles, control and coordination
    ("It has rebuffed calls ..., saying that ..." -> It; "X met Y and discussed" -> X)."""
    seen = 0
    current = verb
    controlled = False  # reached by climbing from an infinitive to the verb that governs it
    while seen < 6:
        seen += 1
        subjects = [c for c in current.children if c.dep_ in {"nsubj", "csubj"}]
        if subjects:
            # two subjects are a parse error ('" ...," Tulsa police Chief Chuck Brown said' with
            # "Tulsa" a subject too): the one nearest the verb is the verb's own
            child = min(subjects, key=lambda c: abs(c.i - current.i))
            if child.lower_ in _RELATIVE and current.dep_ == "relcl":
                return current.head
            return child
        for child in current.children:
            if controlled and child.dep_ == "nsubjpass":
                # "Erdogan is expected to attend", "Iran was urged to join the talks": the passive
                # verb's subject does what the infinitive says
                return child
        controlled = current.dep_ == "xcomp"
        if current.dep_ == "xcomp" and current.head != current:
            # object control: "urged world leaders to press for ..." - the leaders press, not the urger
            controller = next((c for c in current.head.children if c.dep_ in {"dobj", "dative"}), None)
            if controller is not None:
                return controller
        if current.dep_ in {"xcomp", "advcl", "conj", "pcomp"} and current.head != current:
            current = current.head
            continue
        if current.dep_ == "relcl":
            return current.head
        if current.dep_ == "acl" and current.tag_ in _FINITE:
            # a finite verb parsed as modifying a noun ("China, North Korea's ally, called on ..."):
            # the noun (or what it stands in apposition to) is the subject
            noun = current.head
            return noun.head if noun.dep_ == "appos" else noun
        return None
    return None


def owner_tokens(noun: Token, *, source_from: bool = True) -> list[Token]:
    """Phrases naming whose act a nominal act is: "Erdogan's allegations", "a U.S. request",
    "calls ... made by X", "criticism from Y", "a statement by the Kremlin".

    ``source_from`` False ignores "from" phrases, for nouns that are not acts ("the withdrawal of
    forces from Iraq" does not belong to Iraq).
    """
    out: list[Token] = []
    sources = {"by", "from"} if source_from else {"by"}
    for child in noun.children:
        if child.dep_ == "poss":
            out.append(child)
        elif child.dep_ == "prep" and child.lower_ in sources:
            out.extend(c for c in child.children if c.dep_ == "pobj")
    if out:
        return out
    # participles anywhere in the phrase: "calls for a halt to the hostilities repeatedly made by X"
    for token in noun.subtree:
        if token.dep_ == "acl" and token.tag_ == "VBN" and token != noun:
            agents = agent_tokens(token)
            if agents:
                return agents
    for child in noun.lefts:
        if child.dep_ in {"compound", "amod", "nmod"} and (child.ent_type_ in _NER_KINDS or child.pos_ == "PROPN"):
            out.append(child)
    return out


def owner_mentions(noun: Token, *, source_from: bool = True) -> list[Mention]:
    """The actors whose act the nominal ``noun`` names, resolved (see :func:`owner_tokens`)."""
    doc = noun.doc
    out: list[Mention] = []
    modifiers = []
    for token in owner_tokens(noun, source_from=source_from):
        if token.dep_ in {"compound", "amod", "nmod"} and token.head == noun:
            modifiers.append(token)
        else:
            out.extend(resolve_token(token))
    if modifiers:
        # the modifiers read together first ("a Security Council resolution" -> "Security Council"),
        # else each on its own ("two Israeli air raids" -> "Israeli")
        start = min(t.left_edge.i for t in modifiers)
        together = resolve(doc, doc[start : noun.i])
        if together:
            out.extend(together)
        else:
            for token in modifiers:
                left = token
                while left.i > 0 and doc[left.i - 1].dep_ == "compound" and doc[left.i - 1].head == token:
                    left = doc[left.i - 1]
                out.extend(resolve(doc, doc[left.i : token.i + 1]))
    return _unique(out)


def _unique(mentions: Iterable[Mention]) -> list[Mention]:
    seen = set()
    out = []
    for m in mentions:
        key = (m.span.start, m.span.end, m.denotes)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def unique(mentions: Iterable[Mention]) -> list[Mention]:
    """``mentions`` without repeats (same span, same actors), in order."""
    return _unique(mentions)
