"""The resolution API the other components call: which actors a phrase denotes.

:func:`resolve_phrase` is what the speech-act, conflict and relation components call on a verb's
subject or object: names and titles the actors pass registered, a state's bodies and groups,
pronouns and descriptions by coreference (:mod:`.coreference`), non-state groups ("militants") and
unknown names, creating those mentions on demand. :func:`unnamed_group` and :func:`named_body` give
the speech acts their unnamed sources and bodies. When the ``newskg_actors`` component did not run
on a Doc, :func:`actor_state` runs its pass with the default gazetteer.
"""

from __future__ import annotations

import hashlib

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..facts import ActorKind, Entity, Mention, slug
from ..linking.gazetteer import Gazetteer
from . import coreference, doc_extension, facts_of
from .actor_state import (
    CONFIDENCE,
    DETERMINERS,
    NOT_ACTOR_LABELS,
    STATE_EXTENSION,
    ActorState,
    ensure_extension,
    group_mentions,
    is_date,
    is_place,
    is_title_word,
    left_modifiers,
    looks_like_a_name,
    mention_key,
    name_tokens,
    state_entity,
    states_modifying,
    strip_prefix,
    title_ending_at,
)
from .actors import annotate
from .doc_index import char_bounds, doc_index, ent_span, span_text
from .lexicons import BODY_KINDS, group_nouns, pronouns

__all__ = [
    "name_pieces",
    "dateline_tokens",
    "actor_state",
    "mention_confidence",
    "mentions_in",
    "named_body",
    "resolve_head",
    "resolve_phrase",
    "unnamed_group",
    "unnamed_key",
]


def actor_state(doc: Doc) -> ActorState:
    """The actor state of ``doc``, running the resolution with the default gazetteer when the
    ``newskg_actors`` component has not run on it (e.g. a pipeline built by hand)."""
    state = doc_extension(doc, STATE_EXTENSION)
    if isinstance(state, ActorState):
        return state
    ensure_extension()
    return annotate(doc, Gazetteer.default())


def name_pieces(doc: Doc) -> frozenset[int] | set[int]:
    """Tokens of known names that are no actor here (:mod:`.senses`); empty without the actor pass."""
    state = doc_extension(doc, STATE_EXTENSION)
    return state.name_pieces if isinstance(state, ActorState) else frozenset()


def dateline_tokens(doc: Doc) -> frozenset[int] | set[int]:
    """Tokens of the datelines that open the text's paragraphs ("WASHINGTON (AP) —"), which name no
    actor; empty without the actor pass."""
    state = doc_extension(doc, STATE_EXTENSION)
    return state.datelines if isinstance(state, ActorState) else frozenset()


def mention_confidence(doc: Doc, mention: Mention) -> float:
    """How sure the resolution of ``mention`` is (0..1): see :mod:`.actor_state` for the scale."""
    state = doc_extension(doc, STATE_EXTENSION)  # None when the component never ran on it
    if not isinstance(state, ActorState):
        return CONFIDENCE["ner"]
    return state.confidence.get(mention_key(mention), CONFIDENCE["ner"])


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
        for mention in resolve_head(state, head, span):
            if mention not in out:
                out.append(mention)
    return out


def resolve_head(state: ActorState, head: Token, span: SpacySpan) -> list[Mention]:
    if head.i in state.resolving:
        return []
    state.resolving.add(head.i)
    try:
        return _resolve_head_inner(state, head, span)
    finally:
        state.resolving.discard(head.i)


def _inside(mention: Mention, span: SpacySpan) -> bool:
    return span.start_char <= mention.span.start and mention.span.end <= span.end_char


def _resolve_head_inner(state: ActorState, head: Token, span: SpacySpan) -> list[Mention]:
    """The first reading that decides (a list, maybe empty) of: the phrase's own shape (an apposed
    name, a date head), a mention registered at the head, a pronoun, then the head's noun."""
    for reading in (_read_shape, _read_registered, _read_noun):
        found = reading(state, head, span)
        if found is not None:
            return found
    return []


def _read_shape(state: ActorState, head: Token, span: SpacySpan) -> list[Mention] | None:
    doc = state.doc
    lower = head.lower_
    lemma = head.lemma_.lower()
    kind = group_nouns().get(lemma) or group_nouns().get(lower)
    if kind in BODY_KINDS:
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
    return None


def _read_registered(state: ActorState, head: Token, span: SpacySpan) -> list[Mention] | None:
    facts = state.facts
    lower = head.lower_
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
            return coreference.resolve_pronoun(state, head, resolve_head)
        return []
    return None


def _read_noun(state: ActorState, head: Token, span: SpacySpan) -> list[Mention] | None:
    doc = state.doc
    lemma = head.lemma_.lower()
    kind = group_nouns().get(lemma) or group_nouns().get(head.lower_)
    if head.i in state.title_tokens:
        # "Secretary of State" before a name is the title, not an actor of its own.
        person = _titled_person_after(state, head)
        return [person] if person is not None and _inside(person, span) else []
    is_title = is_title_word(head)
    # "a spokesman for Russian President Vladimir Putin", "the leader of the rebels"
    if is_title or kind in BODY_KINDS | {"collective"}:
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in ("for", "of"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                for obj in objects:
                    sub = doc[obj.left_edge.i : obj.right_edge.i + 1]
                    inner = resolve_phrase(doc, sub) if sub.start >= span.start and sub.end <= span.end else []
                    if inner:
                        return inner
    if kind is not None:
        found = group_mentions(state, head, kind)
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
        states = states_modifying(state, head)
        ending = title_ending_at(head)
        if not states and ending is not None:
            # "the US Secretary of State": the state qualifies the title's first word.
            states = states_modifying(state, head.doc[ending[0]])
        if states:
            start = states[0][0]
            entity = state_entity(state, states[0][2])
            return [state.mention(start, head.i + 1, (entity.key,), "title", CONFIDENCE["title"])]
    described = coreference.resolve_description(state, head, span)
    if described:
        return described
    if kind == "group":
        return [_generic_group(state, head)]
    if head.pos_ == "PROPN":
        return _unknown_name(state, head, span)
    return []


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
        for t in left_modifiers(head)
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
    ent = ent_span(head)
    if (ent is not None and ent.label_ in NOT_ACTOR_LABELS) or head.i in state.name_pieces:
        return []  # a date, or a known name the actor pass left alone (a piece of a longer name)
    if ent is not None and ent.start >= span.start and ent.end <= span.end:
        start, end, label = ent.start, ent.end, ent.label_
    else:
        start = head.i
        while start > span.start and doc[start - 1].pos_ == "PROPN":
            start -= 1
        end, label = head.i + 1, None
    start, end = strip_prefix(state, start, end)
    if start >= end or is_date(span_text(doc, start, end)) or any(i in state.title_tokens for i in range(start, end)):
        return []
    if not looks_like_a_name(doc[start:end]) or title_ending_at(doc[end - 1]) is not None:
        return []
    if label in ("GPE", "LOC", "FAC", None) and is_place(doc[start:end]):
        return []
    kind = {
        "PERSON": ActorKind.PERSON,
        "GPE": ActorKind.STATE,
        "NORP": ActorKind.GROUP,
        "ORG": ActorKind.ORGANIZATION,
    }.get(label or "", ActorKind.ORGANIZATION)
    text = span_text(doc, start, end)
    if kind in (ActorKind.PERSON, ActorKind.ORGANIZATION):
        # "Pence" untagged by NER in a document that names "Mike Pence": the one person it can be
        tokens = name_tokens(text)
        same = [key for key, names in state.persons.items() if tokens and tokens <= names]
        if len(same) == 1:
            return [state.mention(start, end, (same[0],), "name", CONFIDENCE["partial"])]
    entity = state.new_entity(text, kind, confidence=CONFIDENCE["unknown"])
    return [state.mention(start, end, (entity.key,), "name", CONFIDENCE["unknown"])]


# -- unnamed sources --------------------------------------------------------------------------

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
    begin, stop = char_bounds(doc, start, end)
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
    while tokens and (tokens[0].lower_ in DETERMINERS or tokens[0].is_punct):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct and tokens[-1].text != ")":
        tokens.pop()
    if not tokens or len(tokens) > 8 or not any(t.pos_ == "PROPN" for t in tokens):
        return None
    if any(t.pos_ in ("VERB", "AUX") or t.ent_type_ in NOT_ACTOR_LABELS for t in tokens):
        return None
    start, end = tokens[0].i, tokens[-1].i + 1
    if any(i in state.by_token or i in state.title_tokens for i in range(start, end)) or is_place(doc[start:end]):
        return None  # a name the resolver read (or chose not to): not ours to overrule
    begin, stop = char_bounds(doc, start, end)
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

