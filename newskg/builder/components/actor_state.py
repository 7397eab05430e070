"""What the actor pass knows about one Doc (:class:`ActorState`), and the reading of name and title
phrases that the actors component (:mod:`.actors`), the resolution API (:mod:`.resolution`) and
coreference (:mod:`.coreference`) share.

Confidences (``CONFIDENCE``, and ``Entity.link_confidence``): a gazetteer name 0.95, alias 0.9,
metonym 0.85, capital and demonym 0.8, a state's body 0.75, a partial name 0.7, NER only 0.6, an
unknown proper noun 0.45, pronoun coreference 0.5, description coreference 0.45, an unnamed source
0.3.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..dates import normalise_date
from ..facts import ActorKind, DocumentFacts, Entity, Mention, Span, slug
from . import facts_of
from .doc_index import char_bounds, doc_index, ent_span, sentence_span, span_text
from .lexicons import BODY_KINDS, conflict_words, group_nouns, not_names, place_nouns, title_edges, titles
from .senses import proper_body_name

if TYPE_CHECKING:
    from ..linking.gazetteer import Gazetteer, GazetteerEntry, GazetteerMatch

__all__ = [
    "ACTOR_KINDS",
    "CONFIDENCE",
    "DETERMINERS",
    "NOT_ACTOR_LABELS",
    "PLACE_PREPOSITIONS",
    "STATE_EXTENSION",
    "ActorState",
    "TitleInfo",
    "ensure_extension",
    "group_mentions",
    "is_date",
    "is_place",
    "is_title_word",
    "left_modifiers",
    "looks_like_a_name",
    "mention_key",
    "name_tokens",
    "proper",
    "state_entity",
    "states_modifying",
    "strip_prefix",
    "title_at",
    "title_ending_at",
]

STATE_EXTENSION = "newskg_actor_state"

#: NER labels never read as actors.
NOT_ACTOR_LABELS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LANGUAGE", "LAW", "WORK_OF_ART"}
)
#: Prepositions after which an unknown name is a place ("fighting in Karabakh"), not an actor.
PLACE_PREPOSITIONS = frozenset(
    {"in", "around", "into", "near", "across", "over", "from", "at", "throughout", "inside", "within", "to"}
)
DETERMINERS = frozenset({"the", "a", "an", "both", "all", "these", "those", "this", "that"})

CONFIDENCE = {
    "name": 0.95,
    "alias": 0.9,
    "metonym": 0.85,
    "capital": 0.8,
    "demonym": 0.8,
    "group": 0.75,
    "title": 0.7,
    "partial": 0.7,
    "ner": 0.6,
    "unknown": 0.45,
    "coref": 0.5,
    "description": 0.45,
    "unnamed": 0.3,
}


def ensure_extension() -> None:
    if not Doc.has_extension(STATE_EXTENSION):
        Doc.set_extension(STATE_EXTENSION, default=None)


@dataclass(slots=True)
class TitleInfo:
    title: str
    plural: bool
    start: int  # first token of the title phrase, or of its state qualifier when there is one
    end: int  # token after the title phrase
    state: str | None  # key of the state the title is of



@dataclass
class ActorState:
    """What the actor component knows about one Doc; kept on ``doc._.newskg_actor_state``."""

    doc: Doc
    gazetteer: Gazetteer
    by_token: dict[int, Mention] = field(default_factory=dict)
    persons: dict[str, frozenset[str]] = field(default_factory=dict)  # person key -> name tokens
    titled: dict[int, TitleInfo] = field(default_factory=dict)  # person head token -> its title
    title_tokens: set[int] = field(default_factory=set)
    groups: dict[int, list[Mention]] = field(default_factory=dict)  # group noun -> its state mentions
    places: dict[tuple[int, int], GazetteerEntry] = field(default_factory=dict)  # known non-actor names
    confidence: dict[tuple[int, int, tuple[str, ...]], float] = field(default_factory=dict)
    resolving: set[int] = field(default_factory=set)  # tokens under resolution (cycle guard)
    # known names that are no actor here (:mod:`.senses`): pieces of longer names ("Russia" in
    # "Russia in Global Affairs"), names in a sport, business or culture sense, and the places and
    # agencies of a paragraph's dateline ("WASHINGTON (AP) —"); by sentence, its sense
    name_pieces: set[int] = field(default_factory=set)
    datelines: set[int] = field(default_factory=set)  # the tokens of paragraph-opening datelines
    longer_names: dict[tuple[int, int], None] = field(default_factory=dict)
    senses: dict[int, str | None] = field(default_factory=dict)
    _facts: DocumentFacts | None = None
    # gazetteer answers by text: a document names the same few states and people again and again
    _lookups: dict[tuple, object] = field(default_factory=dict, repr=False, compare=False)
    _place_tokens: tuple[int, frozenset[int]] | None = field(default=None, repr=False, compare=False)

    @property
    def facts(self) -> DocumentFacts:
        if self._facts is None:
            self._facts = facts_of(self.doc)
        return self._facts

    def place_tokens(self) -> frozenset[int]:
        """The tokens inside a known place name (``places`` only ever grows: its size tells whether
        the set is current)."""
        if self._place_tokens is None or self._place_tokens[0] != len(self.places):
            covered = frozenset(i for start, end in self.places for i in range(start, end))
            self._place_tokens = (len(self.places), covered)
        return self._place_tokens[1]

    def lookup(self, text: str, *, kinds: tuple[str, ...] | None = None) -> GazetteerMatch | None:
        """``self.gazetteer.lookup(text, kinds=kinds)``, remembered for this document."""
        key = ("lookup", text, kinds)
        try:
            return self._lookups[key]  # type: ignore[return-value]
        except KeyError:
            found = self._lookups[key] = self.gazetteer.lookup(text, kinds=kinds)
            return found

    def demonym(self, text: str) -> GazetteerEntry | None:
        """``self.gazetteer.demonym(text)``, remembered for this document."""
        key = ("demonym", text, None)
        try:
            return self._lookups[key]  # type: ignore[return-value]
        except KeyError:
            found = self._lookups[key] = self.gazetteer.demonym(text)
            return found

    # -- registering entities and mentions ---------------------------------------------------

    def entity_from_entry(self, entry: GazetteerEntry, confidence: float) -> Entity:
        facts = self.facts
        if entry.key in facts.entities:
            kept = facts.entities[entry.key]
            if kept.qid and (kept.link_confidence or 0) < confidence:
                kept.link_confidence = confidence
            return kept
        entity = Entity(
            key=entry.key,
            label=entry.label,
            kind=ActorKind(entry.kind),
            qid=entry.qid,
            link_confidence=confidence if entry.qid else None,
            aliases=tuple(entry.aliases),
            country=entry.country,
            members=tuple(entry.members),
            source="gazetteer",
        )
        facts.add_entity(entity)
        # The graph must describe every actor it points at (nk:country, nk:hasMember).
        for key in (entry.country, *entry.members):
            if key and key not in facts.entities:
                other = self.gazetteer.get(key)
                if other is not None and other.kind in ACTOR_KINDS:
                    self.entity_from_entry(other, CONFIDENCE["name"])
        return entity

    def new_entity(
        self, label: str, kind: ActorKind, *, country: str | None = None, confidence: float, source: str = "ner"
    ) -> Entity:
        key = slug(label)
        existing = self.facts.entities.get(key)
        if existing is not None:
            return existing
        if country is None and kind in (ActorKind.PERSON, ActorKind.ORGANIZATION, ActorKind.GROUP):
            country = self._acting_for(label, person=kind == ActorKind.PERSON)
        return self.facts.add_entity(
            Entity(key=key, label=label, kind=kind, country=country, source=source, link_confidence=None)
        )

    def armed_group(self, label: str) -> bool:
        """Whether PETRARCH's dictionaries know the one-word ``label`` as an armed group or
        movement only (see :meth:`ActingFor.armed_group`)."""
        from ..linking.petrarch import ActingFor

        return ActingFor.for_gazetteer(self.gazetteer).armed_group(label)

    def _acting_for(self, label: str, *, person: bool) -> str | None:
        """The state PETRARCH's dictionaries say an actor the gazetteer does not know acts for (a
        minister, a party, an armed group), described in this document's graph too."""
        from ..linking.petrarch import ActingFor

        published = self.facts.document.published
        key = ActingFor.for_gazetteer(self.gazetteer).country(label, person=person, date=published)
        entry = self.gazetteer.get(key) if key else None
        if entry is None:
            return None
        if key not in self.facts.entities:  # described, without raising the confidence of a link made here
            self.entity_from_entry(entry, CONFIDENCE["name"])
        return key

    def mention(
        self, start: int, end: int, denotes: tuple[str, ...], via: str, confidence: float, *, register: bool = True
    ) -> Mention:
        """The mention of tokens ``start:end``; reuses one already made for the same span.

        ``register`` also claims the tokens for it (dropping any mention it overlaps), so later
        lookups by token find it; without it the mention is only added to the facts.
        """
        doc = self.doc
        start_char, end_char = char_bounds(doc, start, end)
        for i in range(start, end):
            known = self.by_token.get(i)
            if (
                known is not None
                and (known.span.start, known.span.end) == (start_char, end_char)
                and known.denotes == denotes
            ):
                return known
        text = doc_index(doc).text
        mention = Mention(
            span=Span(start_char, end_char, text[start_char:end_char]),
            denotes=denotes,
            via=via,
            sentence=sentence_span(doc, start),
        )
        self.confidence[mention_key(mention)] = round(confidence, 3)
        facts = self.facts
        if register:
            replaced = {id(old): old for i in range(start, end) if (old := self.by_token.get(i)) is not None}
            for old in replaced.values():
                self.drop(old)
            for i in range(start, end):
                self.by_token[i] = mention
        facts.mentions.append(mention)
        return mention

    def drop(self, mention: Mention) -> None:
        """Removes ``mention`` (by identity) from the facts and the token map."""
        facts = self.facts
        facts.mentions[:] = [m for m in facts.mentions if m is not mention]
        doc_len = len(self.doc)
        # A mention occupies a contiguous token run; find it from its character span.
        span = self.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if span is None:
            return
        for j in range(span.start, min(span.end, doc_len)):
            if self.by_token.get(j) is mention:
                del self.by_token[j]

    # -- state lookups -------------------------------------------------------------------------

    def state_of_tokens(self, start: int, end: int) -> str | None:
        """The state key that tokens ``start:end`` name or stand for ("Russia", "Russian", "U.S.")."""
        if start >= end or any(i in self.name_pieces for i in range(start, end)):
            return None
        mention = self.by_token.get(start)
        if mention is not None and self.by_token.get(end - 1) is mention and len(mention.denotes) == 1:
            entity = self.facts.entities.get(mention.denotes[0])
            if entity is not None and entity.kind is ActorKind.STATE:
                return entity.key
        text = span_text(self.doc, start, end)
        match = self.lookup(text, kinds=("State",))
        if match is not None:
            return match.entry.key
        if end - start == 1:
            entry = self.demonym(text)
            if entry is not None:
                return entry.key
        return None

    def state_ending_at(self, end: int) -> tuple[int, str] | None:
        """(first token, state key) of a state name or demonym ending just before token ``end``."""
        if end <= 0:
            return None
        doc = self.doc
        last = doc[end - 1]
        if last.ent_iob_ in ("B", "I") and last.ent_type_:
            ent = ent_span(last)
            if ent is not None and ent.end == end:
                key = self.state_of_tokens(ent.start, ent.end)
                if key:
                    return ent.start, key
        key = self.state_of_tokens(end - 1, end)
        if key:
            return end - 1, key
        return None


ACTOR_KINDS = frozenset(k.value for k in ActorKind)


def mention_key(mention: Mention) -> tuple[int, int, tuple[str, ...]]:
    return mention.span.start, mention.span.end, mention.denotes


def name_tokens(text: str) -> frozenset[str]:
    return frozenset(t for t in slug(text).split("-") if t)


def proper(token: Token) -> bool:
    """A proper noun; without a tagger (spacy.blank, hand-built Docs) a capitalised word."""
    doc = token.doc
    if doc.has_annotation("POS") or doc.has_annotation("TAG"):
        return token.pos_ == "PROPN"
    return token.is_alpha and (token.is_title or token.is_upper)


def title_at(doc: Doc, start: int, limit: int) -> tuple[int, str, bool] | None:
    """(end, canonical title, plural) of the longest title phrase starting at ``start`` before ``limit``."""
    table = titles()
    lower = doc_index(doc).lower
    if not 0 <= start < min(limit, len(lower)) or lower[start] not in title_edges()[0]:
        return None  # no title begins here
    for length in range(min(5, limit - start), 0, -1):
        words = tuple(lower[start : start + length])
        title = table.get(words)
        if title is not None:
            return start + length, title.title, words != title.words
    return None


def strip_prefix(state: ActorState, start: int, end: int) -> tuple[int, int]:
    """Drops determiners, titles and the demonym of a title from the front of a name span, and a
    possessive from its end: "the Russian Foreign Ministry" stays whole (a body, read later), but
    "President Putin" -> "Putin"."""
    doc = state.doc
    texts = doc_index(doc).texts
    while end > start and texts[end - 1] in ("'s", "'", "’s", "’"):
        end -= 1
    lower, proper = doc_index(doc).lower, doc_index(doc).proper
    while start < end:
        if lower[start] in DETERMINERS and start + 1 < end:
            start += 1
            continue
        title = title_at(doc, start, end - 1 + 1)
        if title is not None and title[0] < end and proper[title[0]]:
            start = title[0]
            continue
        if start + 1 < end and title_at(doc, start + 1, end) is not None and state.state_of_tokens(start, start + 1):
            start += 1
            continue
        break
    return start, end


def is_place(span: SpacySpan) -> bool:
    """An unknown name used as a place: the object of a locative preposition, or the modifier of a
    conflict word ("the Karabakh war")."""
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS:
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in place_nouns():
        return True  # "the West Bank city of Nablus"
    return bool(root.dep_ in ("compound", "amod", "nmod") and root.head.lemma_.lower() in conflict_words())


def is_date(text: str) -> bool:
    """ "Friday", "April", "September 27": a date NER left untagged is no actor."""
    if all(word in not_names() for word in text.lower().split()):
        return True
    return normalise_date(text, published="2000-06-15") is not None


def looks_like_a_name(span: SpacySpan) -> bool:
    """NER tags "state" or "Senate" alone as ORG: a name has a capital, and a lone common noun
    of the title or group lexicons ("State", "Council") names nothing by itself."""
    if not any(t.is_title or t.is_upper for t in span):
        return False
    if len(span) == 1:
        lemma = span[0].lemma_.lower()
        return lemma not in group_nouns() and (lemma,) not in titles() and span[0].lower_ != "state"
    return True


def is_title_word(token: Token) -> bool:
    table = titles()
    return (
        (token.lower_,) in table
        or (token.lemma_.lower(),) in table
        or title_ending_at(token) is not None
        or title_at(token.doc, token.i, len(token.doc)) is not None  # "Secretary" of "Secretary of State"
    )


def title_ending_at(token: Token) -> tuple[int, str] | None:
    doc = token.doc
    table = titles()
    lower = doc_index(doc).lower
    if lower[token.i] not in title_edges()[1]:
        return None  # no title ends here
    for length in range(min(5, token.i + 1), 1, -1):
        words = tuple(lower[token.i + 1 - length : token.i + 1])
        if words in table:
            return token.i + 1 - length, table[words].title
    return None


def left_modifiers(head: Token) -> list[Token]:
    out: list[Token] = []
    stack = [c for c in head.lefts if c.dep_ not in ("det", "punct", "nummod", "predet")]
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(c for c in token.children if c.dep_ not in ("det", "punct", "cc", "case"))
    return sorted(out, key=lambda t: t.i)


def states_modifying(state: ActorState, head: Token) -> list[tuple[int, int, str]]:
    """(start, end, state key) of the states named among ``head``'s modifiers, in text order."""
    found: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for token in left_modifiers(head):
        if token.i in taken:
            continue
        ent = ent_span(token)
        start, end = (ent.start, ent.end) if ent is not None and ent.end <= head.i else (token.i, token.i + 1)
        if end - start > 1 and token.doc[start].lower_ in DETERMINERS:
            start += 1
        key = state.state_of_tokens(start, end) or (
            state.state_of_tokens(token.i, token.i + 1) if (start, end) != (token.i, token.i + 1) else None
        )
        if key is None:
            continue
        if (start, end) != (token.i, token.i + 1) and state.state_of_tokens(start, end) is None:
            start, end = token.i, token.i + 1
        taken.update(range(start, end))
        if not any(k == key for _s, _e, k in found):
            found.append((start, end, key))
    return found


def group_mentions(state: ActorState, head: Token, kind: str) -> list[Mention]:
    """Mentions for a group noun with its state modifiers ("Russian officials", "the Turkish and
    Azerbaijani governments", "the government of France"); [] when no state is named."""
    doc = state.doc
    states = states_modifying(state, head)
    end = head.i + 1
    if not states and kind in BODY_KINDS | {"collective"}:
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                # "the leaders of Armenia and Azerbaijan": the first state keeps the noun in its span.
                out: list[Mention] = []
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    for n, conjunct in enumerate([obj, *obj.conjuncts]):
                        ent = ent_span(conjunct)
                        s, e = (ent.start, ent.end) if ent is not None else (conjunct.i, conjunct.i + 1)
                        key = state.state_of_tokens(s, e)
                        if key is None:
                            continue
                        entity = state_entity(state, key)
                        if n == 0:
                            s = min((c.i for c in head.lefts if c.dep_ not in ("det", "predet")), default=head.i)
                        out.append(state.mention(s, e, (entity.key,), "group", CONFIDENCE["group"]))
                if out:
                    return out
    if not states and kind == "government":
        led = _leader_state(state, head)
        if led is not None:
            start, key = led
            entity = state_entity(state, key)
            mention = state.mention(start, end, (entity.key,), "group", CONFIDENCE["group"])
            mention.metonymy = "government"
            return [mention]
    if not states:
        return []
    if kind in BODY_KINDS and proper_body_name(state, states[-1][1], head.i):
        return []  # "the U.S. Commercial Service": an agency with a name of its own, not the state
    if kind == "group":
        # "Syrian rebels" are not Syria: a group of its own, whose country is the state; "pro-Russia
        # rebels" are no more Russian than "anti-government protesters" are the government.
        start = states[0][0]
        sided = start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in ("pro", "anti")
        if sided:
            start -= 2
        label = span_text(doc, start, end)
        country = None if sided else states[0][2]
        entity = state.new_entity(label, ActorKind.GROUP, country=country, confidence=CONFIDENCE["group"])
        if country:
            state_entity(state, country)
        return [state.mention(start, end, (entity.key,), "group", CONFIDENCE["group"])]
    out = []
    for n, (start, stop, key) in enumerate(states):
        entity = state_entity(state, key)
        last = n == len(states) - 1
        if last:
            stop = end
        out.append(state.mention(start, stop, (entity.key,), "group", CONFIDENCE["group"]))
    return out


def _leader_state(state: ActorState, head: Token) -> tuple[int, str] | None:
    """(first token, state key) for a government noun named after its leader: "the Biden
    administration", "Netanyahu's government" stand for the state the person belongs to in the actor
    dictionaries, as "the Russian government" stands for Russia. None without such a name."""
    for child in head.lefts:
        if child.dep_ not in ("compound", "poss"):
            continue
        mention = state.by_token.get(child.i)
        if mention is None or len(mention.denotes) != 1:
            continue
        person = state.facts.entities.get(mention.denotes[0])
        if person is None or person.kind is not ActorKind.PERSON or not person.country:
            continue
        first = state.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        return (first.start if first is not None else child.i), person.country
    return None


def state_entity(state: ActorState, key: str) -> Entity:
    entity = state.facts.entities.get(key)
    if entity is not None:
        return entity
    entry = state.gazetteer.get(key)
    if entry is not None:
        return state.entity_from_entry(entry, CONFIDENCE["name"])
    return state.new_entity(key, ActorKind.STATE, confidence=CONFIDENCE["ner"])
