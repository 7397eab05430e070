"""Conflicts: named or described wars, armed conflicts and crises as Conflict facts.

A conflict phrase is a noun from ``data/conflicts_words.tsv`` ("war", "hostilities", "crisis",
"civil war") with its place: a modifier ("the Karabakh war", "Syrian civil war", "the Ukraine
war") or an "in/around/over" phrase ("the war in and around Karabakh", "the conflicts in Syria,
Libya and Karabakh" -> three conflicts). The key is the same within and across documents because
it comes from the place, not from the words: the gazetteer's Conflict entry for the place when it
has one ("Nagorno-Karabakh conflict"), else ``{place}-conflict``. A phrase without a place
("the conflict", "the ongoing military conflict", "the fighting") refers to the document's salient
conflict when there is one (more located mentions than any other), with lower confidence.

A start date is read when the text states it: "since the outbreak of the war ... on September 27",
"the war that began on ...", normalised against the published date (:mod:`.dates`).
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..dates import normalise_date
from ..facts import Conflict, ConflictKind, DocumentFacts, Mention, slug
from . import facts_of
from .doc_index import doc_index, sentence_of, sentence_span, span_text, text_span
from .lexicons import conflict_words
from .resolution import actor_state, resolve_phrase

__all__ = ["ConflictFinder", "conflict_at"]

log = logging.getLogger(__name__)

_LOCATIVE = frozenset({"in", "around", "over", "inside", "across", "throughout", "within", "near", "on"})
_START_NOUNS = frozenset({"outbreak", "start", "beginning", "eruption", "onset", "escalation"})
_START_VERBS = frozenset({"begin", "start", "erupt", "break", "flare", "resume", "reignite"})
_KIND_RANK = {ConflictKind.CONFLICT: 0, ConflictKind.CRISIS: 1, ConflictKind.ARMED_CONFLICT: 2, ConflictKind.WAR: 3}
_ARMED = frozenset({"military", "armed"})
_TALK_NOUNS = frozenset({"talk", "talks", "negotiation", "negotiations", "mediation", "dialogue", "truce", "ceasefire"})
_TRUCE_NOUNS = frozenset({"ceasefire", "truce", "armistice"})
_NOT_A_CONFLICT_HEAD = frozenset({"crime", "criminal", "zone", "game", "room", "chest", "time", "torn", "weary"})


class ConflictFinder:
    """The ``newskg_conflicts`` component: see the module docstring."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        find_conflicts(doc)
        return doc


def conflict_at(doc: Doc, start_char: int, end_char: int) -> list[str]:
    """Keys of the conflicts mentioned inside ``[start_char, end_char)``, in text order."""
    out: list[str] = []
    facts = facts_of(doc)
    mentions = sorted(
        (m for c in facts.conflicts.values() for m in c.mentions), key=lambda m: (m.span.start, m.span.end)
    )
    for mention in mentions:
        if start_char <= mention.span.start and mention.span.end <= end_char:
            for key in mention.denotes:
                if key not in out:
                    out.append(key)
    return out


def _conflict_heads(doc: Doc) -> list[tuple[Token, int, str]]:
    """(head token, first token of the conflict noun, lexicon lemma) for each conflict noun."""
    words = conflict_words()
    out: list[tuple[Token, int, str]] = []
    index = doc_index(doc)  # the doc index's lists: a Token is made only for a candidate
    lemmas, lowers = index.lemma, index.lower
    for i, pos in enumerate(index.pos):
        # "Fighting over Karabakh resumed": a gerund used as a noun names the conflict too.
        gerund = False
        if pos not in ("NOUN", "PROPN"):
            if pos != "VERB" or (lowers[i] not in words):
                continue  # a gerund's key is its form: no Token needed to rule it out
            verb = doc[i]
            if not (verb.tag_ == "VBG" and verb.dep_ in ("csubj", "nsubj", "dobj", "pobj")):
                continue
            gerund = True
        lemma = lemmas[i] if not gerund else lowers[i]
        lower = lowers[i]
        key = lemma if lemma in words else lower if lower in words else None
        if key is None:
            continue
        token = doc[i]
        if token.dep_ == "compound" and token.head.lemma_.lower() in _NOT_A_CONFLICT_HEAD | {"crime"}:
            continue
        if token.dep_ == "compound" and token.head.lemma_.lower() not in words:
            continue  # "war crimes", "crisis talks": the head is something else
        start = token.i
        if token.i > 0 and lowers[token.i - 1] == "civil" and "civil war" in words and lemma == "war":
            key, start = "civil war", token.i - 1
        out.append((token, start, key))
    return out


def _places_of(state, head: Token) -> list[tuple[int, int, str, str, str | None]]:  # noqa: ANN001
    """(start, end, location key or name, surface text, state key) of the places a conflict noun names."""
    doc = head.doc
    found: list[tuple[int, int, str, str, str | None]] = []

    def add(start: int, end: int) -> None:
        if any(s <= start < e for s, e, *_ in found):
            return
        place = state.places.get((start, end))
        text = span_text(doc, start, end)
        if place is not None and place.kind == "Place":
            found.append((start, end, place.label, text, None))
            return
        if place is not None and place.kind == "Conflict":
            return
        key = state.state_of_tokens(start, end)
        if key is not None:
            found.append((start, end, key, text, key))
            return
        if doc[start].ent_type_ in ("GPE", "LOC", "ORG", "NORP", "FAC") or (
            doc[start].pos_ == "PROPN" and not doc[start].ent_type_
        ):
            found.append((start, end, text, text, None))

    def span_of(token: Token) -> tuple[int, int]:
        bounds = doc_index(doc).ent_of.get(token.i)
        if bounds is not None:
            start = bounds[0] + (1 if doc[bounds[0]].lower_ == "the" else 0)
            return start, bounds[1]
        return token.i, token.i + 1

    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "nmod", "npadvmod") and (
            child.pos_ == "PROPN" or child.ent_type_ or state.state_of_tokens(child.i, child.i + 1)
        ):
            add(*span_of(child))
    stack = [c for c in head.rights if c.dep_ == "prep" and c.lower_ in _LOCATIVE]
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.i != head.head.i:
        # "the outbreak of the war in and around Karabakh": the place hangs on "outbreak".
        stack += [c for c in head.head.head.rights if c.dep_ == "prep" and c.lower_ in _LOCATIVE]
    while stack:
        prep = stack.pop(0)
        for child in prep.children:
            if child.dep_ == "pobj":
                for obj in [child, *child.conjuncts]:
                    if obj.pos_ == "PROPN" or obj.ent_type_ in ("GPE", "LOC", "ORG", "NORP", "FAC"):
                        add(*span_of(obj))
            elif child.dep_ in ("conj", "prep") and child.lower_ in _LOCATIVE:
                stack.append(child)
    return sorted(found)


def _kind(head: Token, lemma: str) -> ConflictKind:
    kind = ConflictKind(conflict_words()[lemma].kind)
    if kind is ConflictKind.CONFLICT and any(c.lower_ in _ARMED for c in head.lefts):
        return ConflictKind.ARMED_CONFLICT
    return kind


def _gazetteer_conflict(state, names: list[str]):  # noqa: ANN001, ANN202
    """The gazetteer's Conflict entry for a place, tried as "X conflict", "X war", "X civil war"."""
    for name in names:
        for pattern in ("{} conflict", "{} war", "{} civil war", "conflict in {}", "war in {}"):
            match = state.lookup(pattern.format(name), kinds=("Conflict",))
            if match is not None:
                return match.entry
    return None


def _place_names(state, location: str, surface: str, state_key: str | None) -> list[str]:  # noqa: ANN001
    names = [surface, location]
    entry = state.gazetteer.get(state_key) if state_key else None
    if entry is None:
        match = state.lookup(location)
        entry = match.entry if match is not None else None
    if entry is not None:
        names += [entry.label, *entry.aliases, *entry.demonyms]
    return list(dict.fromkeys(n for n in names if n))


def find_conflicts(doc: Doc) -> None:
    """Adds the document's conflicts to ``facts_of(doc).conflicts``."""
    state = actor_state(doc)
    facts = facts_of(doc)
    published = facts.document.published
    by_location: dict[str, Conflict] = {}
    unlocated: list[tuple[Token, int, str]] = []
    for head, first, lemma in _conflict_heads(doc):
        places = _places_of(state, head)
        if not places:
            if not _between(doc, state, head, first, lemma):
                unlocated.append((head, first, lemma))
            continue
        kind = _kind(head, lemma)
        for n, (start, end, location, surface, state_key) in enumerate(places):
            conflict = by_location.get(location)
            if conflict is None:
                conflict = _located_conflict(state, facts, kind, location, surface, state_key)
                facts.conflicts[conflict.key] = conflict
                by_location[location] = conflict
            if _KIND_RANK[kind] > _KIND_RANK[conflict.kind]:
                conflict.kind = kind
            if location not in conflict.locations:
                conflict.locations.append(location)
            # The first place carries the conflict noun ("conflicts in Syria"); the others are
            # their own mention ("Libya", "Karabakh").
            if n == 0:
                span_start, span_end = min(first, start), max(head.i + 1, end)
            else:
                span_start, span_end = start, end
            _add_mention(doc, conflict, span_start, span_end)
            date = _start_date(doc, head, published, normalise_date)
            if date and conflict.start_date is None:
                conflict.start_date = date
    named = list(facts.conflicts.values())
    if not by_location and (unlocated or any(t.lemma_.lower() in _TRUCE_NOUNS for t in doc)):
        _talks_between(doc, state, named)
    for conflict in facts.conflicts.values():
        conflict.mentions.sort(key=lambda m: (m.span.start, m.span.end))
    # "the conflict", "the fighting": the salient conflict, when one stands out.
    counts = sorted(((len(c.mentions), c.key) for c in named), reverse=True)
    salient = None
    if counts and (len(counts) == 1 or counts[0][0] > counts[1][0]):
        salient = facts.conflicts[counts[0][1]]
    if salient is not None:
        _anaphora(doc, salient, unlocated, published)
        salient.mentions.sort(key=lambda m: (m.span.start, m.span.end))


def _located_conflict(
    state, facts: DocumentFacts, kind: ConflictKind, location: str, surface: str, state_key: str | None  # noqa: ANN001
) -> Conflict:
    """The conflict a place names: the gazetteer's conflict there, else "<place> conflict" (the one
    of that key already found, when there is one)."""
    entry = _gazetteer_conflict(state, _place_names(state, location, surface, state_key))
    if entry is not None:
        return facts.conflicts.get(entry.key) or Conflict(
            key=entry.key, label=entry.label, kind=kind, qid=entry.qid, confidence=0.85
        )
    place_label = location
    if state_key and state_key in facts.entities:
        place_label = facts.entities[state_key].label
    label = f"{place_label} conflict"
    return facts.conflicts.get(slug(label)) or Conflict(key=slug(label), label=label, kind=kind, confidence=0.75)


def _anaphora(doc: Doc, salient: Conflict, unlocated: list[tuple[Token, int, str]], published: str | None) -> None:
    """"The conflict", "the fighting": mentions of the ``salient`` conflict among the conflict
    nouns no place locates."""
    for head, first, lemma in unlocated:
        if not _is_anaphoric(head):
            continue
        start = min([first, *(c.i for c in head.lefts if c.dep_ in ("amod", "compound") and c.i < first)])
        _add_mention(doc, salient, start, head.i + 1)
        kind = _kind(head, lemma)
        if _KIND_RANK[kind] > _KIND_RANK[salient.kind]:
            salient.kind = kind
        date = _start_date(doc, head, published, normalise_date)
        if date and salient.start_date is None:
            salient.start_date = date


def _between(doc: Doc, state, head: Token, first: int, lemma: str) -> bool:  # noqa: ANN001
    """"The war between Israel and Hamas": a conflict keyed by its two sides (the gazetteer's
    "Israel–Hamas war" when it has one). True when the phrase named one."""
    facts = facts_of(doc)
    for prep in (c for c in head.rights if c.dep_ == "prep" and c.lower_ in ("between", "against")):
        sides: list[str] = []
        end = prep.right_edge.i + 1
        if prep.lower_ == "against":
            # "Russia's war against Ukraine": the possessor and the object are the two sides.
            for poss in (c for c in head.lefts if c.dep_ == "poss"):
                for mention in resolve_phrase(doc, doc[poss.left_edge.i : poss.right_edge.i + 1]):
                    sides += [k for k in mention.denotes if k in facts.entities and k not in sides]
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            for mention in resolve_phrase(doc, doc[obj.left_edge.i : obj.right_edge.i + 1]):
                sides += [k for k in mention.denotes if k in facts.entities and k not in sides]
        if prep.lower_ == "against" and len(sides) == 1:
            entry = _gazetteer_conflict(state, _place_names(state, sides[0], sides[0], sides[0]))
            if entry is None:
                continue
            conflict = facts.conflicts.get(entry.key) or Conflict(
                key=entry.key, label=entry.label, kind=_kind(head, lemma), qid=entry.qid, confidence=0.7
            )
            facts.conflicts[conflict.key] = conflict
            _add_mention(doc, conflict, first, end)
            return True
        if len(sides) != 2:
            continue
        conflict = pair_conflict(doc, state, sides, _kind(head, lemma))
        _add_mention(doc, conflict, first, end)
        date = _start_date(doc, head, facts.document.published, normalise_date)
        if date and conflict.start_date is None:
            conflict.start_date = date
        return True
    return False


def pair_conflict(doc: Doc, state, sides: list[str], kind: ConflictKind, confidence: float = 0.75) -> Conflict:  # noqa: ANN001
    """The conflict between two actors: the gazetteer's ("Israel–Hamas war") when it has one; for a
    state against one of its own bodies or groups ("Sudan's army and the Rapid Support Forces"),
    that state's internal conflict, keyed as if located there; else "A–B conflict"."""
    facts = facts_of(doc)
    labels = [facts.entities[k].label for k in sides]
    entry = None
    for name in (f"{labels[0]}-{labels[1]}", f"{labels[1]}-{labels[0]}"):
        for noun in ("war", "conflict"):
            match = state.lookup(f"{name} {noun}", kinds=("Conflict",))
            if match is not None:
                entry = match.entry
                break
        if entry is not None:
            break
    key: str | None = None
    label: str | None = None
    qid: str | None = None
    if entry is not None:
        key, label, qid = entry.key, entry.label, entry.qid
    else:
        home = {facts.entities[k].country or k for k in sides}
        if len(home) == 1 and (state_key := home.pop()) in facts.entities:
            inner = _gazetteer_conflict(state, _place_names(state, state_key, state_key, state_key))
            if inner is not None:
                key, label, qid = inner.key, inner.label, inner.qid
            else:
                label = f"{facts.entities[state_key].label} conflict"
                key = slug(label)
    if key is None or label is None:
        label = f"{'–'.join(sorted(labels))} conflict"
        key = slug(label)
    conflict = facts.conflicts.get(key) or Conflict(key=key, label=label, kind=kind, qid=qid, confidence=confidence)
    facts.conflicts[key] = conflict
    if _KIND_RANK[kind] > _KIND_RANK[conflict.kind]:
        conflict.kind = kind
    return conflict


def _talks_between(doc: Doc, state, found: list[Conflict]) -> None:  # noqa: ANN001
    """"Mediation between Sudan's army and the RSF", "negotiations between Israel and Hamas on a
    ceasefire": in a document that speaks of a war, ceasefire or truce but names no conflict,
    talks between two sides are about the conflict between them."""
    facts = facts_of(doc)
    index = doc_index(doc)
    for i, lemma in enumerate(index.lemma):
        if lemma not in _TALK_NOUNS or index.pos[i] not in ("NOUN", "PROPN"):
            continue
        token = doc[i]
        for prep in (c for c in token.rights if c.dep_ == "prep" and c.lower_ == "between"):
            sides: list[str] = []
            last_char = prep.idx
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                for mention in resolve_phrase(doc, doc[obj.left_edge.i : obj.right_edge.i + 1]):
                    sides += [k for k in mention.denotes if k in facts.entities and k not in sides]
                    last_char = max(last_char, mention.span.end)
            if len(sides) != 2:
                continue
            conflict = pair_conflict(doc, state, sides, ConflictKind.CONFLICT, confidence=0.6)
            tail = doc.char_span(prep.idx, last_char, alignment_mode="expand")
            _add_mention(doc, conflict, prep.i, tail.end if tail is not None else prep.right_edge.i + 1)
            if conflict not in found:
                found.append(conflict)


def _is_anaphoric(head: Token) -> bool:
    """A definite or bare conflict noun that is not generic ("a war", "any conflict", "wars")."""
    dets = [c.lower_ for c in head.lefts if c.dep_ in ("det", "poss")]
    if any(d in ("a", "an", "any", "no", "every", "another") for d in dets):
        return False
    if any(c.dep_ == "poss" for c in head.lefts) or any(
        c.dep_ == "prep" and c.lower_ in ("against", "with", "between", "on") for c in head.rights
    ):
        return False  # "its war against Ukraine" names its own conflict, unresolved here
    if head.lower_ in ("hostilities", "fighting", "clashes"):
        return True
    return bool(dets) and head.tag_ not in ("NNS", "NNPS")


def _add_mention(doc: Doc, conflict: Conflict, start: int, end: int) -> None:
    span = text_span(doc, start, end)  # from the doc index: Span.text makes a Token per word
    if any(m.span.start == span.start and m.span.end == span.end for m in conflict.mentions):
        return
    conflict.mentions.append(
        Mention(span=span, denotes=(conflict.key,), via="conflict", sentence=sentence_span(doc, start))
    )


def _start_date(doc: Doc, head: Token, published: str | None, normalise) -> str | None:  # noqa: ANN001
    """The date the text gives for the conflict's start, if it gives one."""
    trigger: Token | None = None
    governor = head.head
    if head.dep_ == "pobj" and governor.lower_ == "of" and governor.head.lemma_.lower() in _START_NOUNS:
        trigger = governor.head
    elif head.dep_ in ("nsubj", "nsubjpass") and governor.lemma_.lower() in _START_VERBS:
        trigger = governor
    else:
        for child in head.rights:
            if child.dep_ == "relcl" and child.lemma_.lower() in _START_VERBS:
                trigger = child
    if trigger is None:
        return None
    sent = sentence_of(doc, head.i)
    # the doc index's entity bounds: ``doc.ents`` makes a Span for every entity of the doc
    for start, end, label in doc_index(doc).ents:
        if label != "DATE" or not (sent.start <= start < sent.end):
            continue
        ent = doc[start:end]
        if trigger.i in [a.i for a in ent.root.ancestors] or ent.root.head.i in {t.i for t in trigger.subtree}:
            return normalise(ent.text, published=published)
    return None

