"""The facts layer: plain dataclasses between spaCy and RDF.

spaCy components produce these (on ``doc._.newskg_facts``); ``mapping`` turns them into quads.
Nothing here imports spaCy or rdflib, so facts from any other source (an event feed, another
extractor) can enter the graph through the same seam.

Offsets are character offsets into the document text, end exclusive.

>>> s = Span(4, 10, "Turkey")
>>> s.length
6
>>> Span(10, 4, "x")
Traceback (most recent call last):
...
ValueError: span end 4 lies before its start 10
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "ActKind",
    "ActorKind",
    "AttributionProposal",
    "ConflictKind",
    "Conflict",
    "Document",
    "DocumentFacts",
    "Entity",
    "Mention",
    "Place",
    "Position",
    "Relation",
    "RelationKind",
    "Span",
    "SpeechAct",
    "CONSULTATION_KINDS",
    "METONYMY_TYPES",
    "slug",
]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the document text: ``text == document_text[start:end]``."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if self.start < 0:
            raise ValueError(f"span start {self.start} is negative")
        if self.end < self.start:
            raise ValueError(f"span end {self.end} lies before its start {self.start}")

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read from the corpus.

    ``id`` is the id it was read with: the JSONL/CSV ``id`` field, else the file path relative to
    the input root without its extension.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or date-time, as given
    source: str | None = None  # the outlet, or the file it came from
    byline: str | None = None  # "By Jane Doe", from a plain-text article's front matter
    dateline: str | None = None  # the dateline's place ("Brussels"), from a plain-text article
    agency: str | None = None  # the news agency the dateline names ("Reuters")


class ActorKind(enum.StrEnum):
    """The ontology's actor classes (local names in the ``nk:`` namespace)."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    STATE = "State"
    GROUP = "Group"


class ConflictKind(enum.StrEnum):
    CONFLICT = "Conflict"
    ARMED_CONFLICT = "ArmedConflict"
    WAR = "War"
    CRISIS = "Crisis"


class ActKind(enum.StrEnum):
    """Speech acts and consultations: the value is the ``nk:`` class local name."""

    STATEMENT = "Statement"
    EXPRESSION_OF_CONCERN = "ExpressionOfConcern"
    BRIEFING = "Briefing"
    ACCUSATION = "Accusation"
    CRITICISM = "Criticism"
    DENIAL = "Denial"
    APPEAL = "Appeal"
    DEMAND = "Demand"
    REJECTION = "Rejection"
    ENDORSEMENT = "Endorsement"
    THREAT = "Threat"
    AGREEMENT = "Agreement"
    ATTITUDE = "Attitude"
    CONSULTATION = "Consultation"
    PHONE_CALL = "PhoneCall"
    MEETING = "Meeting"
    MEDIATION = "Mediation"
    NEGOTIATION = "Negotiation"

    @property
    def is_consultation(self) -> bool:
        return self in CONSULTATION_KINDS


CONSULTATION_KINDS = frozenset(
    {ActKind.CONSULTATION, ActKind.PHONE_CALL, ActKind.MEETING, ActKind.MEDIATION, ActKind.NEGOTIATION}
)


class RelationKind(enum.StrEnum):
    """Relations the builder asserts (value: the ``nk:`` property local name)."""

    SUPPORTS = "supports"  # actor -> actor it backs
    MEDIATES = "mediates"  # actor -> conflict (or actor pair's conflict) it mediates
    MEMBER_OF = "memberOf"  # actor -> organisation
    PARTICIPANT_IN = "participantIn"  # actor -> conflict
    OPPOSES = "opposes"  # actor -> actor


_DASHES = re.compile("[\u2010-\u2015\u2212]")


def slug(text: str) -> str:
    """A stable IRI-safe key for a name: ASCII, lower case, words joined by '-'.

    >>> slug("Recep Tayyip Erdoğan")
    'recep-tayyip-erdogan'
    >>> slug("  U.S. ")
    'u-s'
    >>> slug("Israel–Hamas war")
    'israel-hamas-war'
    """
    text = _DASHES.sub("-", text)  # an en dash joins words as a hyphen does; ASCII folding would drop it
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


@dataclass(slots=True)
class Entity:
    """A canonical, document-independent actor.

    ``key`` becomes the IRI ``{base}/actor/{key}``: the same key for the same actor in every
    article, the ``slug`` of its canonical label ("vladimir-putin", "russia"), so a QID found
    later (``owl:sameAs``) never changes the IRI.
    """

    key: str
    label: str
    kind: ActorKind
    qid: str | None = None
    link_confidence: float | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None  # key of the State a person, group or organisation belongs to
    members: tuple[str, ...] = ()  # for a Group standing for several actors: their keys
    source: str | None = None  # where the link decision came from: cache, gazetteer, wikidata, ner


#: How a mention's words may stand for what it denotes (``Mention.metonymy``) -> the ``nk:`` concept.
METONYMY_TYPES = {
    "capital": "CapitalMetonymy",
    "building": "BuildingMetonymy",
    "government": "GovernmentMetonymy",
    "demonym": "DemonymMetonymy",
}


@dataclass(slots=True)
class Mention:
    """A stretch of text that the builder resolved to an actor or a conflict.

    ``denotes`` holds entity keys (actors) or conflict keys: usually one, several for
    "the U.S., Russia and France" read as one group mention.
    """

    span: Span
    denotes: tuple[str, ...]
    via: str = "name"  # name | capital | metonym | demonym | group | title | coref | conflict
    sentence: Span | None = None
    # What the words themselves name (itsrdf:taIdentRef): "Washington" -> Q61 while ``denotes`` holds
    # the United States; set after linking (linking/referents.py), None when the words name no item.
    literal: str | None = None
    literal_confidence: float | None = None
    metonymy: str | None = None  # capital | building | government | demonym: how the words stand for it


@dataclass(slots=True)
class Place:
    """A named place that is not an actor ("the Middle East", "Darfur"); ``key`` is document-independent."""

    key: str
    label: str
    qid: str | None = None
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Position:
    """``holder`` holds the position ``title`` (of ``of_state``), read from ``evidence``."""

    holder: str
    title: str
    of_state: str | None
    evidence: Span
    date: str | None = None
    confidence: float = 0.8


@dataclass(slots=True)
class Conflict:
    """A named or described conflict; ``key`` is document-independent."""

    key: str
    label: str
    kind: ConflictKind = ConflictKind.CONFLICT
    qid: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    supporters: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)  # place names or state keys
    start_date: str | None = None  # ISO date when stated
    confidence: float = 0.7


@dataclass(slots=True)
class SpeechAct:
    """A speech act or consultation read from the text.

    ``cue`` identifies it within the document (IRIs are minted from the document id and the cue
    offsets). ``speakers`` etc. are the mentions the participants were read from; each mention's
    ``denotes`` says which actors.
    """

    kind: ActKind
    cue: Span
    evidence: Span  # the sentence (or quote + attribution) it was read from
    speakers: list[Mention] = field(default_factory=list)
    addressees: list[Mention] = field(default_factory=list)
    targets: list[Mention] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # conflict or actor keys
    content: Span | None = None  # the reported proposition (from its first piece to its last)
    content_pieces: tuple[Span, ...] = ()  # its pieces when the attribution breaks it ("“A,” he said, “B.”")
    is_quote: bool = False
    negated: bool = False
    modality: str | None = None  # e.g. "may", "would", "future"
    responds_to: Span | None = None  # the cue of the act this one answers
    reported_by: Span | None = None  # the cue of the statement that reports this act
    date: str | None = None  # ISO date when normalised
    date_text: str | None = None  # the text it was read from
    confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class AttributionProposal:
    """An attribution the learned model proposes: someone's words, thoughts or intentions reported in
    the text, as PolNeAR annotates them. Not a fact yet: the rules decide what kind of act (if any)
    it is and who its source stands for.

    ``cue`` the words that report it ("said", "according to", a colon before a quote); ``sources``
    who it is attributed to, as written ("the senator", "he"), empty when unnamed; ``contents`` what
    was said or thought, in one or more pieces (a quote interrupted by its attribution); ``score``
    the model's confidence in the cue, 0..1.
    """

    cue: Span
    sources: tuple[Span, ...] = ()
    contents: tuple[Span, ...] = ()
    score: float = 0.0

    @property
    def content_text(self) -> str:
        """The content pieces joined by a space."""
        return " ".join(piece.text for piece in self.contents)


@dataclass(slots=True)
class Relation:
    """``subject`` --kind--> ``object`` (entity or conflict keys), with its evidence."""

    kind: RelationKind
    subject: str
    object: str
    evidence: Span
    cue: Span | None = None
    subject_mention: Mention | None = None
    object_mention: Mention | None = None
    confidence: float = 0.6


@dataclass(slots=True)
class DocumentFacts:
    """Everything the builder read from one document: the unit the mapping turns into a graph."""

    document: Document
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    speech_acts: list[SpeechAct] = field(default_factory=list)
    conflicts: dict[str, Conflict] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    places: dict[str, Place] = field(default_factory=dict)
    model: str | None = None  # the spaCy pipeline that produced them, "name-version"
    attribution_model: str | None = None  # the learned attribution model that took part, "name-version"

    def entity(self, key: str) -> Entity:
        return self.entities[key]

    def add_entity(self, entity: Entity) -> Entity:
        """Adds ``entity`` unless one with its key is there; returns the one kept."""
        return self.entities.setdefault(entity.key, entity)
