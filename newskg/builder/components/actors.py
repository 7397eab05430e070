"""Actors: NER spans and actor noun phrases resolved to canonical actors.

The ``newskg_actors`` component reads every span that may name a political actor and resolves it
against the gazetteer (:mod:`newskg.builder.linking.gazetteer`):

* names ("Vladimir Putin", "the OSCE Minsk Group"), whatever label NER gave them ("Armenia" tagged
  PERSON is still the state), and proper-noun runs NER missed after a title ("Foreign Ministers
  Sergei Lavrov");
* capitals and metonyms ("Ankara", "the Kremlin") and demonyms ("Turkish") stand for their state;
* a state's bodies and people ("the Russian side", "Turkish leaders", "the French government",
  "Russia's Foreign Ministry", "the government of France") stand for the state (``via="group"``).
  Ministries are read as the state unless the gazetteer has an entry of their own, so "what did
  Russia say" finds what its foreign ministry said; the mention keeps the ministry's text;
* partial names corefer with the full name in the same document ("Recep Tayyip" ... "Erdogan",
  "Sergei Lavrov" ... "Lavrov"), and with a unique gazetteer person whose name holds them;
* titles before a name ("Turkish President Recep Tayyip Erdogan", "Foreign Ministers Sergei Lavrov
  of Russia and Mevlut Cavusoglu of Turkey") become :class:`~newskg.builder.facts.Position` facts;
  the state qualifying the title is the position's of-state, not a second actor in the phrase;
* a place the gazetteer lists as such ("Karabakh", "the Middle East") is no actor (the conflict
  component reads it as a location), nor is an unknown name after "in"/"near" ("talks in
  Jeddah"); an unknown state-like name acting or acted on ("Congo", "Gondor") is a State of its own.

What the pass learns stays on the Doc (:class:`.actor_state.ActorState`); the other components ask
it through :mod:`.resolution` (``resolve_phrase``: a verb's subject or object, with pronouns and
descriptions resolved by :mod:`.coreference`), and read the tokens through :mod:`.doc_index`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..facts import ActorKind, Mention, Place, Position, Span, slug
from ..front_matter import dateline_spans
from ..linking.gazetteer import Gazetteer, normalise_name
from . import facts_of
from .actor_state import (
    ACTOR_KINDS,
    CONFIDENCE,
    DETERMINERS,
    NOT_ACTOR_LABELS,
    STATE_EXTENSION,
    ActorState,
    TitleInfo,
    ensure_extension,
    group_mentions,
    is_date,
    is_place,
    looks_like_a_name,
    name_tokens,
    proper,
    states_modifying,
    strip_prefix,
    title_ending_at,
)
from .doc_index import char_bounds, doc_index, ent_span, span_text
from .lexicons import group_nouns, place_nouns, title_edges, titles
from .senses import blocked

if TYPE_CHECKING:
    from ..linking.gazetteer import GazetteerEntry

__all__ = ["ActorResolver", "annotate"]

log = logging.getLogger(__name__)


class ActorResolver:
    """The ``newskg_actors`` component: see the module docstring."""

    def __init__(self, nlp: Language, name: str, *, gazetteer_path: str | None = None) -> None:
        self.name = name
        self.gazetteer_path = gazetteer_path
        self.gazetteer = Gazetteer.from_path(gazetteer_path) if gazetteer_path else Gazetteer.default()
        ensure_extension()

    def __call__(self, doc: Doc) -> Doc:
        state = annotate(doc, self.gazetteer)
        _record_places(doc, state)
        return doc


def _record_places(doc: Doc, state: ActorState) -> None:
    """Places the gazetteer knows ("the Middle East") go into the facts with their mentions, so the
    graph can link them to Wikidata and show where each was named."""
    facts = facts_of(doc)
    for (start, end), entry in sorted(state.places.items()):
        token_span = doc[start:end]
        span = Span(token_span.start_char, token_span.end_char, token_span.text)
        place = facts.places.get(entry.key)
        if place is None:
            place = facts.places[entry.key] = Place(entry.key, entry.label, qid=entry.qid)
        mention = Mention(span, (entry.key,), via="place", sentence=None)
        place.mentions.append(mention)
        facts.mentions.append(mention)


# -- the document pass ------------------------------------------------------------------------


def annotate(doc: Doc, gazetteer: Gazetteer) -> ActorState:
    ensure_extension()
    state = ActorState(doc=doc, gazetteer=gazetteer)
    doc._.set(STATE_EXTENSION, state)
    dateline_end = _dateline_end(doc)  # once: the comprehension would read it for every candidate
    state.datelines = _dateline_tokens(state)
    state.name_pieces.update(state.datelines)  # no later reading (a pronoun's antecedent, a subject) either
    candidates = [c for c in _name_candidates(doc) if c[0] >= dateline_end and c[0] not in state.datelines]
    candidates = [part for c in candidates for part in _split_coordination(state, *c)]
    deferred_people: list[tuple[int, int, str | None]] = []
    deferred_orgs: list[tuple[int, int]] = []
    deferred_states: list[tuple[int, int]] = []
    for start, end, label in candidates:
        start, end = strip_prefix(state, start, end)
        end = _trim_place_tail(doc, start, end)
        if start >= end:
            continue
        if _resolve_known_name(state, start, end, label):
            continue
        title = _title_before(state, start)
        if label == "PERSON" or (title is not None and proper(doc[start])):
            deferred_people.append((start, end, label))
        elif label == "ORG":
            deferred_orgs.append((start, end))
        elif label == "GPE":
            deferred_states.append((start, end))
    _record_longer_names(state)
    deferred_people = [c for c in deferred_people if not _in_pieces(state, c[0], c[1])]
    deferred_orgs = [c for c in deferred_orgs if not _in_pieces(state, c[0], c[1])]
    deferred_states = [c for c in deferred_states if not _in_pieces(state, c[0], c[1])]
    # Full names first, so that a later (or earlier) surname finds the person they name.
    deferred_people.sort(key=lambda c: -(c[1] - c[0]))
    names = _person_names(state)
    for start, end, _label in deferred_people:
        start, end = _trim_name_noise(state, start, end, names)
        _resolve_person(state, start, end)
    _read_positions(state)
    _read_group_phrases(state)
    for start, end in deferred_orgs:
        if (
            any(i in state.by_token or i in state.title_tokens for i in range(start, end))
            or is_place(doc[start:end])
            or is_date(span_text(doc, start, end))
            or not looks_like_a_name(doc[start:end])
        ):
            continue
        label_text = span_text(doc, start, end)
        entity = state.new_entity(label_text, ActorKind.ORGANIZATION, confidence=CONFIDENCE["ner"])
        state.mention(start, end, (entity.key,), "name", CONFIDENCE["ner"])
    for start, end in deferred_states:
        # A place the gazetteer does not know ("Congo", "West Germany") is an actor only where it
        # acts or is acted on; "in Sochi" and "the Donbas war" name a place.
        span = doc[start:end]
        if any(i in state.by_token for i in range(start, end)) or is_place(span) or not _in_actor_role(span):
            continue
        entity = state.new_entity(span.text, ActorKind.STATE, confidence=CONFIDENCE["unknown"])
        state.mention(start, end, (entity.key,), "name", CONFIDENCE["unknown"])
    state.facts.mentions.sort(key=lambda m: (m.span.start, m.span.end))
    return state


def _in_pieces(state: ActorState, start: int, end: int) -> bool:
    return any(i in state.name_pieces for i in range(start, end))


def entry_blocked(state: ActorState, start: int, end: int, kind: str) -> bool:
    """A state, its capital or a person the gazetteer knows, read as a piece of a longer name or in a
    sport, business or culture sense (:mod:`.senses`); organisations and places keep their names."""
    if kind not in ("State", "Person"):
        return False
    return blocked(state, start, end, sense=kind == "State")


def _record_longer_names(state: ActorState) -> None:
    """A longer name that NER reads (in part) as an organisation ("Russia in Global Affairs", "Citizens
    for Responsibility and Ethics in Washington") is one organisation, not the state in it."""
    doc = state.doc
    index = doc_index(doc)
    for start, end in state.longer_names:
        if not any(index.ent_types[i] in ("ORG", "WORK_OF_ART", "FAC") for i in range(start, end)):
            continue  # "Belgrade Lakes": a place of its own, no actor
        if any(i in state.by_token for i in range(start, end)):
            continue
        entity = state.new_entity(span_text(doc, start, end), ActorKind.ORGANIZATION, confidence=CONFIDENCE["ner"])
        state.mention(start, end, (entity.key,), "name", CONFIDENCE["ner"])


def _name_candidates(doc: Doc) -> list[tuple[int, int, str | None]]:
    """NER spans that may be actors, then proper-noun runs NER missed, in text order."""
    out: list[tuple[int, int, str | None]] = []
    in_ent: set[int] = set()
    index = doc_index(doc)
    for ent_start, ent_end, label in index.ents:
        in_ent.update(range(ent_start, ent_end))
        if label in NOT_ACTOR_LABELS:
            continue
        out.append((ent_start, ent_end, label))
    # the doc index's lists, not doc[i]: this reads every token, some several times
    proper, texts = index.proper, index.texts
    n = len(texts)
    i = 0
    while i < n:
        if i not in in_ent and (proper[i] or texts[i] in ("U.S.", "U.K.", "U.N.")):
            j = i
            while j < n and j not in in_ent and (proper[j] or texts[j] == "-"):
                j += 1
            j = max(j, i + 1)
            while j > i + 1 and texts[j - 1] == "-":
                j -= 1
            out.append((i, j, None))
            i = j
        else:
            i += 1
    out.sort(key=lambda c: c[0])
    return out


def _dateline_end(doc: Doc) -> int:
    """The token after a dateline ("GAZA CITY, Palestinian Territories:", "LYON:"), else 0."""
    for i, token in enumerate(doc[:10]):
        if token.text in (":", "\u2014", "--") and i > 0:
            before = doc[:i]
            if all(t.is_punct or t.is_upper or t.is_title for t in before) and any(t.is_upper for t in before):
                return i + 1
            return 0
        if not (token.is_punct or token.is_title or token.is_upper):
            return 0
    return 0


def _dateline_tokens(state: ActorState) -> set[int]:
    """The tokens of the datelines that open the text's paragraphs ("WASHINGTON (AP) —", "NEW YORK,
    Dec. 11 (UPI) —" after a headline): their places and agencies are where and who filed the story,
    not actors of it (:func:`~newskg.builder.front_matter.dateline_spans`). A bare word in capitals
    the gazetteer knows as an actor other than a state ("NATO — the alliance ...", "PUTIN —") is no
    dateline; a capital ("BERLIN —") or a place it does not know ("MIAMI —") is. (The entity
    recogniser is no judge here: it calls "BERLIN", "MIAMI" and "ROME" in capitals organisations.)
    (:func:`_dateline_end` reads the colon form at the text's start, "KIGALI, Rwanda:".)"""
    doc = state.doc
    tokens: set[int] = set()
    for begin, end, bare_place in dateline_spans(doc_index(doc).text):  # Doc.text joins every token
        span = doc.char_span(begin, end, alignment_mode="expand")
        if span is None:
            continue
        if bare_place is not None and state.gazetteer.names_non_state(bare_place):
            continue
        tokens.update(range(span.start, span.end))
    return tokens


def _split_coordination(state: ActorState, start: int, end: int, label: str | None) -> list:
    """NER joins "Arnor and Gondor" into one name; split it unless the whole is a known name
    ("Bosnia and Herzegovina", "Trinidad and Tobago")."""
    doc = state.doc
    cuts = [i for i in range(start + 1, end - 1) if doc[i].lower_ in ("and", "&", ",")]
    if not cuts or state.lookup(span_text(doc, start, end)) is not None:
        return [(start, end, label)]
    if label == "ORG" and any(doc[i].lower_ in ("for", "of", "in", "on") for i in range(start + 1, end - 1)):
        return [(start, end, label)]  # "Citizens for Responsibility and Ethics": one formal name
    parts: list[tuple[int, int, str | None]] = []
    begin = start
    for cut in [*cuts, end]:
        if begin < cut and proper(doc[begin]):
            parts.append((begin, cut, label))
        begin = cut + 1
    return parts or [(start, end, label)]


def _trim_place_tail(doc: Doc, start: int, end: int) -> int:
    """NER sometimes swallows a place: "Rapid Support Forces in Jeddah" -> "Rapid Support Forces"."""
    for i in range(start + 1, end - 1):
        if doc[i].lower_ in ("in", "at", "near") and doc[i].pos_ == "ADP":
            return i
    return end


def _resolve_known_name(state: ActorState, start: int, end: int, label: str | None) -> bool:
    """Resolves a name the gazetteer knows (by name, alias, capital, metonym or demonym)."""
    doc = state.doc
    text = span_text(doc, start, end)
    match = state.lookup(text)
    if match is None:
        # NER often cuts a name short or splits it ("Islamic" NORP + "State" ORG): try one
        # capitalised neighbour on either side.
        capitalised = doc_index(doc).capitalised
        for s2, e2 in ((start - 1, end), (start, end + 1)):
            if s2 >= 0 and e2 <= len(doc) and all(capitalised[i] for i in range(s2, e2)):
                wider = state.lookup(span_text(doc, s2, e2))
                if wider is not None and not any(i in state.by_token for i in range(s2, e2)):
                    match, start, end, text = wider, s2, e2, span_text(doc, s2, e2)
                    break
    if match is not None and match.entry.kind not in ACTOR_KINDS:
        # A region or a conflict ("Karabakh", "the Middle East"): the conflict component reads it.
        state.places[(start, end)] = match.entry
        return True
    if match is not None and entry_blocked(state, start, end, match.entry.kind):
        return True  # "Russia" in "Russia in Global Affairs", "Brazil" in a match report: no actor
    if match is not None:
        entry = match.entry
        if entry.kind == "Person" and entry.key not in state.persons:
            state.persons[entry.key] = name_tokens(" ".join((entry.label, *entry.aliases)))
        via = "name" if match.via == "alias" else match.via
        confidence = min(match.confidence, CONFIDENCE.get(match.via, CONFIDENCE["name"]))
        entity = state.entity_from_entry(entry, confidence)
        state.mention(start, end, (entity.key,), via, confidence)
        return True
    if end - start == 1 or (label == "NORP"):
        demonym = state.demonym(text)
        if demonym is not None and blocked(state, start, end):
            return True
        if demonym is not None:
            entity = state.entity_from_entry(demonym, CONFIDENCE["demonym"])
            state.mention(start, end, (entity.key,), "demonym", CONFIDENCE["demonym"])
            return True
    return False


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _person_names(state: ActorState) -> dict[str, int]:
    """The names of two words or more that NER tags as people in this document, with how often each
    word occurs in them: a headline's "Hillary Clinton Drops" is "Hillary Clinton" of the body."""
    index = doc_index(state.doc)
    words: dict[str, int] = {}
    for start, end, label in index.ents:
        if label == "PERSON" and end - start >= 2:
            for i in range(start, end):
                words[index.lower[i]] = words.get(index.lower[i], 0) + 1
            words["\t" + normalise_name(span_text(state.doc, start, end))] = 1
    return words


def _trim_name_noise(state: ActorState, start: int, end: int, names: dict[str, int]) -> tuple[int, int]:
    """Drops the words a title-case headline glued to a person's name ("Hillary Clinton Drops",
    "Hammering Hillary Clinton"): the longest part of two words or more that is a person named
    elsewhere in the document or known to the gazetteer, when the dropped words belong to no other
    person's name here, are no suffix ("Jr.") and, before the name, are a verb or adverb."""
    if end - start < 3:
        return start, end
    index = doc_index(state.doc)
    for length in range(end - start - 1, 1, -1):
        for s in range(start, end - length + 1):
            e = s + length
            dropped = [index.lower[i].strip(".") for i in (*range(start, s), *range(e, end))]
            if any(w in _SUFFIXES or names.get(w, 0) > 1 for w in dropped):
                continue
            if any(index.pos[i] not in ("VERB", "AUX", "ADV", "ADJ") for i in range(start, s)):
                continue  # a word before the name is a given name ("Mustafa al-Kadhimi") unless a verb
            text = span_text(state.doc, s, e)
            if "\t" + normalise_name(text) in names or state.lookup(text, kinds=("Person",)) is not None:
                return s, e
    return start, end


def _person_index(gazetteer: Gazetteer) -> dict[str, list[GazetteerEntry]]:
    index = _PERSON_INDEX.get(id(gazetteer))
    if index is None:
        index = {}
        for entry in gazetteer:
            if entry.kind != "Person":
                continue
            for name in (entry.label, *entry.aliases):
                for token in name_tokens(name):
                    bucket = index.setdefault(token, [])
                    if entry not in bucket:
                        bucket.append(entry)
        _PERSON_INDEX[id(gazetteer)] = index
    return index


_PERSON_INDEX: dict[int, dict[str, list[GazetteerEntry]]] = {}


def _resolve_person(state: ActorState, start: int, end: int) -> None:
    doc = state.doc
    text = span_text(doc, start, end)
    tokens = name_tokens(text)
    if not tokens:
        return
    # 1. A person already named in this document whose name holds these tokens.
    same = [key for key, names in state.persons.items() if tokens <= names]
    if len(same) == 1:
        key = same[0]
        state.mention(start, end, (key,), "name", CONFIDENCE["partial"])
        return
    # 2. A unique gazetteer person whose name holds them (a single token must be the surname).
    index = _person_index(state.gazetteer)
    pools = [set(map(id, index.get(t, []))) for t in tokens]
    common = set.intersection(*pools) if pools else set()
    entries = [e for t in tokens for e in index.get(t, []) if id(e) in common]
    unique = list({e.key: e for e in entries}.values())
    if len(tokens) == 1:
        (only,) = tokens
        unique = [e for e in unique if any(slug(n).split("-")[-1] == only for n in (e.label, *e.aliases))]
    if len(unique) == 1:
        entry = unique[0]
        entity = state.entity_from_entry(entry, CONFIDENCE["partial"])
        state.persons.setdefault(entry.key, name_tokens(" ".join((entry.label, *entry.aliases))))
        state.mention(start, end, (entity.key,), "name", CONFIDENCE["partial"])
        return
    # 3. A person of their own, keyed by the name as written.
    if len(same) > 1:
        return  # two people share the name here: guessing would be worse than leaving it
    if state.armed_group(text):
        # "al-Shabab", "Hezbollah" read as a person: the group PETRARCH knows, with its state
        entity = state.new_entity(text, ActorKind.GROUP, confidence=CONFIDENCE["ner"])
        state.mention(start, end, (entity.key,), "name", CONFIDENCE["ner"])
        return
    title = _title_before(state, start)
    country = title.state if title else None
    entity = state.new_entity(text, ActorKind.PERSON, country=country, confidence=CONFIDENCE["ner"])
    if country and entity.country is None:
        entity.country = country
    state.persons.setdefault(entity.key, tokens)
    state.mention(start, end, (entity.key,), "name", CONFIDENCE["ner"])


def _in_actor_role(span: SpacySpan) -> bool:
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ in ("nsubj", "nsubjpass", "dobj", "iobj", "appos", "poss", "dative", "agent"):
        return True
    return root.dep_ == "pobj" and root.head.lower_ in ("with", "by", "to", "against", "for", "between", "of")


# -- titles and positions ---------------------------------------------------------------------


def _title_before(state: ActorState, start: int) -> TitleInfo | None:
    """The title phrase just before token ``start`` ("Turkish President", "Russia's Foreign Minister")."""
    doc = state.doc
    table = titles()
    lower = doc_index(doc).lower
    if start <= 0 or lower[start - 1] not in title_edges()[1]:
        return None  # no title ends here
    for length in range(min(5, start), 0, -1):
        words = tuple(lower[start - length : start])
        title = table.get(words)
        if title is None:
            continue
        title_start = start - length
        plural = words != title.words
        qualifier = state.state_ending_at(title_start)
        if qualifier is None and title_start >= 2 and doc[title_start - 1].text in ("'s", "’s"):
            qualifier = state.state_ending_at(title_start - 1)
        if qualifier is not None:
            return TitleInfo(title.title, plural, qualifier[0], start, qualifier[1])
        return TitleInfo(title.title, plural, title_start, start, None)
    return None


def _of_state_after(state: ActorState, end: int) -> tuple[int, str] | None:
    """(end token, state key) for "... of Russia" right after a name."""
    doc = state.doc
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        nxt = doc[end + 1]
        if nxt.lower_ == "the" and end + 2 < len(doc):
            nxt = doc[end + 2]
        ent = ent_span(nxt)
        if ent is not None and ent.start == nxt.i:
            key = state.state_of_tokens(ent.start, ent.end)
            if key:
                return ent.end, key
        key = state.state_of_tokens(nxt.i, nxt.i + 1)
        if key:
            return nxt.i + 1, key
    return None


def _read_positions(state: ActorState) -> None:
    """Position facts for titled persons; drops the demonym mentions that only qualify a title."""
    doc = state.doc
    facts = state.facts
    seen: set[tuple[str, str, str | None]] = set()
    person_mentions = [
        m
        for m in list(facts.mentions)
        if len(m.denotes) == 1
        and (e := facts.entities.get(m.denotes[0])) is not None
        and e.kind is ActorKind.PERSON
        and m.via == "name"
    ]
    by_head: dict[int, tuple[Mention, TitleInfo]] = {}
    plural_next: dict[int, TitleInfo] = {}  # token where the next conjunct of a plural title starts
    for mention in sorted(person_mentions, key=lambda m: m.span.start):
        span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if span is None:
            continue
        info = _title_before(state, span.start)
        head = span.root
        if info is None and span.start in plural_next:
            # "Foreign Ministers A of Russia and B of Turkey": the plural title covers each conjunct.
            shared = plural_next[span.start]
            info = TitleInfo(shared.title, True, shared.start, shared.end, None)
        if info is None:
            appositive = _appositive_title(state, head)
            if appositive is not None:
                title, state_key, evidence = appositive
                if (mention.denotes[0], title, state_key) not in seen:
                    seen.add((mention.denotes[0], title, state_key))
                    facts.positions.append(
                        Position(mention.denotes[0], title, state_key, evidence, confidence=0.8 if state_key else 0.6)
                    )
            continue
        of_state = _of_state_after(state, span.end)
        state_key = of_state[1] if of_state else info.state
        if info.plural and of_state is None and head.dep_ != "conj":
            # A plural title's demonym may belong to one conjunct only; trust it only for the first.
            state_key = info.state
        by_head[head.i] = (mention, info)
        state.titled[head.i] = info
        if info.plural:
            after = of_state[0] if of_state else span.end
            if after < len(doc) and doc[after].lower_ in ("and", ","):
                nxt = after + 1 + (doc[after + 1].lower_ == "and" if after + 1 < len(doc) else 0)
                plural_next[nxt] = info
        _claim_title(state, info)
        _add_position(state, mention.denotes[0], info, state_key, seen)


def _claim_title(state: ActorState, info: TitleInfo) -> None:
    """Marks the title's tokens; the state qualifying a title ("U.S. Secretary of State X") is the
    position's of-state, not a mention of its own."""
    facts = state.facts
    for i in range(info.start, info.end):
        state.title_tokens.add(i)
        qualifier = state.by_token.get(i)
        if (
            qualifier is not None
            and qualifier.via in ("demonym", "name")
            and all(
                (e := facts.entities.get(k)) is not None and e.kind is ActorKind.STATE for k in qualifier.denotes
            )
        ):
            state.drop(qualifier)


def _add_position(
    state: ActorState, holder: str, info: TitleInfo, state_key: str | None, seen: set[tuple[str, str, str | None]]
) -> None:
    """The Position fact of ``holder`` (once per holder, title and state), and its state's entity."""
    facts = state.facts
    entity = facts.entities[holder]
    if entity.country is None and state_key:
        entity.country = state_key
    if state_key and state_key not in facts.entities:
        entry = state.gazetteer.get(state_key)
        if entry is not None:
            state.entity_from_entry(entry, CONFIDENCE["name"])
    key = (holder, info.title, state_key)
    if key in seen:
        return
    seen.add(key)
    title_span = state.doc[info.start : info.end]
    confidence = 0.9 if state_key else 0.7
    facts.positions.append(
        Position(
            holder=holder,
            title=info.title,
            of_state=state_key,
            evidence=Span(title_span.start_char, title_span.end_char, title_span.text),
            confidence=confidence,
        )
    )


def _appositive_title(state: ActorState, head: Token) -> tuple[str, str | None, Span] | None:
    """ "Sergei Lavrov, Russia's foreign minister," -> ("Foreign Minister", "russia", evidence)."""
    doc = state.doc
    for child in head.rights:
        if child.dep_ != "appos":
            continue
        ending = title_ending_at(child)
        entry = titles().get((child.lower_,)) or titles().get((child.lemma_.lower(),))
        title = ending[1] if ending else entry.title if entry else None
        if title is None:
            continue
        first = ending[0] if ending else child.i
        states = states_modifying(state, child) or states_modifying(state, doc[first])
        start = min([first, *(s for s, _e, _k in states)])
        while doc[start].lower_ in DETERMINERS and start < child.i:
            start += 1
        start_char, end_char = char_bounds(doc, start, child.i + 1)
        evidence = Span(start_char, end_char, doc_index(doc).text[start_char:end_char])
        return title, (states[0][2] if states else None), evidence
    return None


# -- groups: a state's bodies and people ------------------------------------------------------


def _read_group_phrases(state: ActorState) -> None:
    doc = state.doc
    lexicon = group_nouns()
    index = doc_index(doc)
    lemmas, lowers = index.lemma, index.lower
    for i, pos in enumerate(index.pos):
        # the cheap tests from the doc index first: a Token is made only for a group noun
        if pos not in ("NOUN", "PROPN") or i in state.title_tokens:
            continue
        kind = lexicon.get(lemmas[i]) or lexicon.get(lowers[i])
        if kind is None:
            continue
        token = doc[i]
        if token.dep_ == "compound":
            continue  # a compound modifies the noun that heads the phrase ("government officials")
        if lemmas[i] in place_nouns() and any(c.lower_ == "of" for c in token.rights):
            continue  # "the Australian state of New South Wales" is a place
        existing = state.by_token.get(token.i)
        if existing is not None and existing.via not in ("demonym",):
            continue
        found = group_mentions(state, token, kind)
        if found:
            state.groups[token.i] = found
