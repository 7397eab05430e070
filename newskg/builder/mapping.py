"""Facts -> RDF: one named graph per document, exactly as ``docs/rdf-model.md`` describes.

The mapping never touches spaCy. It emits pyoxigraph triples (fast to build, and every sink and
serialiser takes them); ``to_rdflib`` converts when an rdflib graph is wanted.

>>> from newskg.builder.facts import Document, DocumentFacts
>>> graph = map_document(DocumentFacts(Document(id="a/1", text="Hi.")))
>>> graph.graph_iri
'https://w3id.org/newskg/data/graph/a/1'
>>> len(graph.triples) > 3
True
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad, Triple

from .. import __version__
from .facts import (
    Conflict,
    DocumentFacts,
    Entity,
    Mention,
    Position,
    Relation,
    Span,
    SpeechAct,
    slug,
)

__all__ = [
    "DEFAULT_BASE",
    "DocumentGraph",
    "IriMinter",
    "content_hash",
    "map_document",
    "NK_NS",
]

DEFAULT_BASE = "https://w3id.org/newskg/data"
NK_NS = "https://w3id.org/newskg/ontology#"
NIF_NS = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
OWL_NS = "http://www.w3.org/2002/07/owl#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
PROV_NS = "http://www.w3.org/ns/prov#"
DCT_NS = "http://purl.org/dc/terms/"
WD_NS = "http://www.wikidata.org/entity/"

#: The nk: terms the mapping writes; a test checks each is defined in the ontology.
NK_TERMS = frozenset(
    [
        "NewsArticle",
        "BuildActivity",
        "Mention",
        "Cue",
        "Position",
        "Place",
        "RelationAssertion",
        "documentId",
        "contentHash",
        "evidence",
        "cue",
        "inDocument",
        "speaker",
        "addressee",
        "target",
        "topic",
        "content",
        "contentMention",
        "speakerMention",
        "addresseeMention",
        "targetMention",
        "subjectMention",
        "objectMention",
        "denotes",
        "resolvedVia",
        "isQuote",
        "negated",
        "modality",
        "respondsTo",
        "reportedBy",
        "date",
        "dateText",
        "confidence",
        "linkConfidence",
        "holdsPosition",
        "title",
        "ofState",
        "country",
        "hasMember",
        "participant",
        "supporter",
        "mediator",
        "location",
        "startDate",
        "softwareVersion",
        "spacyModel",
    ]
)


class _Vocabulary:
    """NamedNodes for a namespace, made once: ``NK.speaker``. The first lookup stores the node as
    an attribute, so later ones are plain attribute reads (the mapping makes ~50 per document)."""

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        node = NamedNode(self._base + name)
        setattr(self, name, node)
        return node

    def __getitem__(self, name: str) -> NamedNode:
        return getattr(self, name)


NK = _Vocabulary(NK_NS)
NIF = _Vocabulary(NIF_NS)
RDF = _Vocabulary(RDF_NS)
RDFS = _Vocabulary(RDFS_NS)
OWL = _Vocabulary(OWL_NS)
XSD = _Vocabulary(XSD_NS)
SKOS = _Vocabulary(SKOS_NS)
PROV = _Vocabulary(PROV_NS)
DCT = _Vocabulary(DCT_NS)

_TRUE = Literal("true", datatype=XSD.boolean)
_FALSE = Literal("false", datatype=XSD.boolean)


def _nonneg(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.nonNegativeInteger)


def _decimal(value: float) -> Literal:
    clamped = min(1.0, max(0.0, float(value)))
    return Literal(str(Decimal(str(round(clamped, 4)))), datatype=XSD.decimal)


def _date_literal(value: str) -> Literal:
    """xsd:date or xsd:dateTime when ``value`` parses as one, else a plain string."""
    text = value.strip()
    try:
        if len(text) == 10:
            dt.date.fromisoformat(text)
            return Literal(text, datatype=XSD.date)
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return Literal(text, datatype=XSD.dateTime)
    except ValueError:
        return Literal(text)


def content_hash(text: str, pipeline: str) -> str:
    """The hash a store keeps per document: the text and the pipeline that read it.

    >>> content_hash("a", "m") == content_hash("a", "m") != content_hash("a", "n")
    True
    """
    digest = hashlib.sha256()
    digest.update(pipeline.encode())
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@functools.lru_cache(maxsize=65536)
def _quote_key(key: str) -> str:
    return urllib.parse.quote(key, safe="-._~")


@dataclass(frozen=True, slots=True)
class IriMinter:
    """Deterministic IRIs under one base: a rebuild yields the same IRIs."""

    base: str = DEFAULT_BASE

    def _doc_path(self, doc_id: str) -> str:
        return urllib.parse.quote(doc_id, safe="/-._~")

    def graph(self, doc_id: str) -> str:
        return f"{self.base}/graph/{self._doc_path(doc_id)}"

    def document(self, doc_id: str) -> str:
        return f"{self.base}/doc/{self._doc_path(doc_id)}"

    def offset(self, doc_id: str, span: Span) -> str:
        return f"{self.document(doc_id)}#char={span.start},{span.end}"

    def actor(self, key: str) -> str:
        return f"{self.base}/actor/{_quote_key(key)}"

    def conflict(self, key: str) -> str:
        return f"{self.base}/conflict/{_quote_key(key)}"

    def place(self, name: str) -> str:
        return f"{self.base}/place/{slug(name)}"

    def act(self, doc_id: str, cue: Span) -> str:
        return f"{self.base}/act/{self._doc_path(doc_id)}/{cue.start}-{cue.end}"

    def position(self, holder: str, title: str, of_state: str | None) -> str:
        tail = slug(title) + (f"-{of_state}" if of_state else "")
        return f"{self.base}/position/{_quote_key(holder)}/{tail}"

    def relation(self, doc_id: str, relation: Relation) -> str:
        anchor = relation.cue or relation.evidence
        return (
            f"{self.base}/relation/{self._doc_path(doc_id)}/{anchor.start}-{anchor.end}/"
            f"{relation.kind.value}/{_quote_key(relation.subject)}/"
            f"{_quote_key(relation.object)}"
        )

    def activity(self, model: str) -> str:
        return f"{self.base}/activity/{__version__}/{_quote_key(model)}"


@dataclass(slots=True)
class DocumentGraph:
    """The named graph of one document: its IRI, its triples and its content hash."""

    doc_id: str
    graph_iri: str
    triples: list[Triple] = field(default_factory=list)
    content_hash: str | None = None

    def quads(self) -> Iterator[Quad]:
        graph = NamedNode(self.graph_iri)
        for t in self.triples:
            yield Quad(t.subject, t.predicate, t.object, graph)


class _Writer:
    """Accumulates the triples of one document graph, writing each offset node once."""

    def __init__(self, facts: DocumentFacts, minter: IriMinter) -> None:
        self.facts = facts
        self.minter = minter
        self.doc_id = facts.document.id
        self.text = facts.document.text
        self.doc_iri = minter.document(self.doc_id)
        self.doc = NamedNode(self.doc_iri)
        self.triples: list[Triple] = []
        self._seen: set[Triple] = set()
        self._offsets: dict[tuple[int, int], NamedNode] = {}
        self._actors_done: dict[str, NamedNode] = {}
        model = facts.model or "unknown-model"
        self.activity = NamedNode(minter.activity(model))
        self.model = model

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        triple = Triple(s, p, o)
        if triple not in self._seen:
            self._seen.add(triple)
            self.triples.append(triple)

    # -- offset nodes -----------------------------------------------------------------------
    def offset_node(self, span: Span, *types: NamedNode) -> NamedNode:
        """The node for ``span`` with its four NIF properties; its anchor is read from the text,
        so an offset that does not match the text can never leave the builder."""
        if span.end > len(self.text):
            raise ValueError(
                f"document {self.doc_id!r}: span {span.start}-{span.end} lies outside the text "
                f"({len(self.text)} characters)"
            )
        node = self._offsets.get((span.start, span.end))
        if node is None:
            node = NamedNode(f"{self.doc_iri}#char={span.start},{span.end}")
            self._offsets[(span.start, span.end)] = node
            self.add(node, RDF.type, NIF.OffsetBasedString)
            self.add(node, NIF.beginIndex, _nonneg(span.start))
            self.add(node, NIF.endIndex, _nonneg(span.end))
            self.add(node, NIF.anchorOf, Literal(self.text[span.start : span.end]))
            self.add(node, NIF.referenceContext, self.doc)
        for t in types:
            self.add(node, RDF.type, t)
        return node

    def mention_node(self, mention: Mention) -> NamedNode:
        node = self.offset_node(mention.span, NK.Mention)
        for key in mention.denotes:
            self.add(node, NK.denotes, self.referent(key))
        self.add(node, NK.resolvedVia, Literal(mention.via))
        return node

    # -- referents ----------------------------------------------------------------------------
    def referent(self, key: str) -> NamedNode:
        """The IRI of an actor or conflict key (conflicts are looked up first)."""
        if key in self.facts.conflicts:
            return NamedNode(self.minter.conflict(key))
        if key in self.facts.places and key not in self.facts.entities:
            return self.place(self.facts.places[key].label)
        return self.actor(key)

    def actor(self, key: str) -> NamedNode:
        node = self._actors_done.get(key)
        if node is not None:
            return node
        node = self._actors_done[key] = NamedNode(self.minter.actor(key))
        entity: Entity | None = self.facts.entities.get(key)
        if entity is None:  # a key without a description still gets a label: the key itself
            self.add(node, RDF.type, NK.Group)
            self.add(node, RDFS.label, Literal(key))
            return node
        self.add(node, RDF.type, NK[entity.kind.value])
        self.add(node, RDFS.label, Literal(entity.label))
        for alias in entity.aliases:
            if alias != entity.label:
                self.add(node, SKOS.altLabel, Literal(alias))
        if entity.qid:
            self.add(node, OWL.sameAs, NamedNode(WD_NS + entity.qid))
            if entity.link_confidence is not None:
                self.add(node, NK.linkConfidence, _decimal(entity.link_confidence))
        if entity.country and entity.country != key:
            self.add(node, NK.country, self.actor(entity.country))
        for member in entity.members:
            if member != key:
                self.add(node, NK.hasMember, self.actor(member))
        return node

    # -- the parts ----------------------------------------------------------------------------
    def document(self) -> None:
        d = self.facts.document
        self.add(self.doc, RDF.type, NK.NewsArticle)
        self.add(self.doc, RDF.type, NIF.Context)
        self.add(self.doc, NK.documentId, Literal(d.id))
        self.add(self.doc, NIF.isString, Literal(d.text))
        if d.title:
            self.add(self.doc, DCT.title, Literal(d.title))
        if d.url:
            try:
                self.add(self.doc, DCT.source, NamedNode(d.url))
            except ValueError:
                self.add(self.doc, DCT.source, Literal(d.url))
        elif d.source:
            self.add(self.doc, DCT.source, Literal(d.source))
        if d.published:
            self.add(self.doc, DCT.date, _date_literal(d.published))
        self.add(self.doc, PROV.wasGeneratedBy, self.activity)
        self.add(self.activity, RDF.type, PROV.Activity)
        self.add(self.activity, RDF.type, NK.BuildActivity)
        self.add(self.activity, RDFS.label, Literal(f"newskg {__version__} with {self.model}"))
        self.add(self.activity, NK.softwareVersion, Literal(__version__))
        self.add(self.activity, NK.spacyModel, Literal(self.model))

    def fact(self, node: NamedNode, confidence: float) -> None:
        self.add(node, NK.confidence, _decimal(confidence))
        self.add(node, PROV.wasGeneratedBy, self.activity)

    def speech_act(self, act: SpeechAct, nodes: dict[tuple[int, int], NamedNode]) -> None:
        node = nodes[(act.cue.start, act.cue.end)]
        self.add(node, RDF.type, NK[act.kind.value])
        self.add(node, NK.cue, self.offset_node(act.cue, NK.Cue))
        self.add(node, NK.evidence, self.offset_node(act.evidence, NIF.Sentence))
        self.add(node, NK.inDocument, self.doc)
        for role, mentions in (("speaker", act.speakers), ("addressee", act.addressees), ("target", act.targets)):
            for mention in mentions:
                m = self.mention_node(mention)
                self.add(node, NK[role + "Mention"], m)
                for key in mention.denotes:
                    self.add(node, NK[role], self.referent(key))
        for key in act.topics:
            self.add(node, NK.topic, self.referent(key))
        if act.content is not None and act.content.length:
            self.add(node, NK.content, Literal(act.content.text))
            self.add(node, NK.contentMention, self.offset_node(act.content))
        self.add(node, NK.isQuote, _TRUE if act.is_quote else _FALSE)
        self.add(node, NK.negated, _TRUE if act.negated else _FALSE)
        if act.modality:
            self.add(node, NK.modality, Literal(act.modality))
        for prop, cue in ((NK.respondsTo, act.responds_to), (NK.reportedBy, act.reported_by)):
            if cue is not None:
                other = nodes.get((cue.start, cue.end))
                if other is not None and other != node:
                    self.add(node, prop, other)
        if act.date:
            self.add(node, NK.date, _date_literal(act.date))
        if act.date_text:
            self.add(node, NK.dateText, Literal(act.date_text))
        self.fact(node, act.confidence)

    def conflict(self, conflict: Conflict) -> None:
        node = NamedNode(self.minter.conflict(conflict.key))
        self.add(node, RDF.type, NK[conflict.kind.value])
        self.add(node, RDFS.label, Literal(conflict.label))
        if conflict.qid:
            self.add(node, OWL.sameAs, NamedNode(WD_NS + conflict.qid))
        for prop, keys in (
            (NK.participant, conflict.participants),
            (NK.supporter, conflict.supporters),
            (NK.mediator, conflict.mediators),
        ):
            for key in keys:
                self.add(node, prop, self.referent(key))
        for place in conflict.locations:
            if place in self.facts.entities:
                self.add(node, NK.location, self.actor(place))
            else:
                known = self.facts.places.get(slug(place))
                self.add(node, NK.location, self.place(place, known.qid if known else None))
        if conflict.start_date:
            self.add(node, NK.startDate, _date_literal(conflict.start_date))
        for mention in conflict.mentions:
            self.add(node, NK.evidence, self.mention_node(mention))
        self.add(node, NK.confidence, _decimal(conflict.confidence))

    def place(self, label: str, qid: str | None = None) -> NamedNode:
        node = NamedNode(self.minter.place(label))
        self.add(node, RDF.type, NK.Place)
        self.add(node, RDFS.label, Literal(label))
        if qid:
            self.add(node, OWL.sameAs, NamedNode(WD_NS + qid))
        return node

    def position(self, position: Position) -> None:
        holder = self.actor(position.holder)
        node = NamedNode(self.minter.position(position.holder, position.title, position.of_state))
        self.add(holder, NK.holdsPosition, node)
        self.add(node, RDF.type, NK.Position)
        self.add(node, NK.title, Literal(position.title))
        label = position.title
        if position.of_state:
            state = self.actor(position.of_state)
            self.add(node, NK.ofState, state)
            state_entity = self.facts.entities.get(position.of_state)
            label = f"{position.title} of {state_entity.label if state_entity else position.of_state}"
        self.add(node, RDFS.label, Literal(label))
        self.add(node, NK.evidence, self.offset_node(position.evidence))
        if position.date:
            self.add(node, NK.date, _date_literal(position.date))
        self.fact(node, position.confidence)

    def relation(self, relation: Relation) -> None:
        subject = self.referent(relation.subject)
        obj = self.referent(relation.object)
        prop = NK[relation.kind.value]
        self.add(subject, prop, obj)
        node = NamedNode(self.minter.relation(self.doc_id, relation))
        self.add(node, RDF.type, RDF.Statement)
        self.add(node, RDF.type, NK.RelationAssertion)
        self.add(node, RDF.subject, subject)
        self.add(node, RDF.predicate, prop)
        self.add(node, RDF.object, obj)
        self.add(node, NK.evidence, self.offset_node(relation.evidence, NIF.Sentence))
        if relation.cue is not None:
            # the cue is evidence too, but not nk:cue: that marks communication events, and a
            # consumer counting speech acts by their cue must not count relations
            self.add(node, NK.evidence, self.offset_node(relation.cue))
        if relation.subject_mention is not None:
            self.add(node, NK.subjectMention, self.mention_node(relation.subject_mention))
        if relation.object_mention is not None:
            self.add(node, NK.objectMention, self.mention_node(relation.object_mention))
        self.fact(node, relation.confidence)


def map_document(facts: DocumentFacts, *, base: str = DEFAULT_BASE, pipeline: str | None = None) -> DocumentGraph:
    """Maps one document's facts to its named graph.

    ``pipeline`` (newskg version + model) goes into the content hash, so a store rebuilds a
    document when the text or the pipeline changed. Raises ``ValueError`` naming the document
    when a fact's offsets lie outside the text.
    """
    minter = IriMinter(base.rstrip("/"))
    w = _Writer(facts, minter)
    w.document()
    pipeline = pipeline or f"newskg-{__version__}/{w.model}"
    digest = content_hash(facts.document.text, pipeline)
    w.add(w.doc, NK.contentHash, Literal(digest))

    for place in facts.places.values():
        w.place(place.label, place.qid)
    for mention in facts.mentions:
        w.mention_node(mention)
    for entity_key in facts.entities:
        w.actor(entity_key)
    act_nodes = {
        (act.cue.start, act.cue.end): NamedNode(minter.act(facts.document.id, act.cue)) for act in facts.speech_acts
    }
    for act in facts.speech_acts:
        w.speech_act(act, act_nodes)
    for conflict in facts.conflicts.values():
        w.conflict(conflict)
    for position in facts.positions:
        w.position(position)
    for relation in facts.relations:
        w.relation(relation)
    return DocumentGraph(
        doc_id=facts.document.id,
        graph_iri=minter.graph(facts.document.id),
        triples=w.triples,
        content_hash=digest,
    )


def quads_of(graphs: Iterable[DocumentGraph]) -> Iterator[Quad]:
    for graph in graphs:
        yield from graph.quads()
