"""Facts -> RDF: one named graph per document, exactly as ``docs/rdf-model.md`` describes.

The mapping never touches spaCy. It writes the graph as canonical N-Triples text (see
:mod:`newskg.builder.ntriples`: the same bytes ``pyoxigraph.serialize`` writes, at a fraction of
the cost of making term objects); ``DocumentGraph.triples`` parses it into pyoxigraph triples for
callers that want objects, and sinks that take text read ``DocumentGraph.ntriples``.

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
import logging
import re
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from pyoxigraph import NamedNode, Quad, Triple
from rdflib import namespace
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from .. import __version__
from ..ontology import terms
from .facts import (
    METONYMY_TYPES,
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
from .ntriples import NTriples, iri, literal, typed

__all__ = [
    "DEFAULT_BASE",
    "DocumentGraph",
    "IriMinter",
    "content_hash",
    "map_document",
    "NK_NS",
    "xsd_date",
]

log = logging.getLogger(__name__)

DEFAULT_BASE = "https://w3id.org/newskg/data"
NK_NS = terms.NAMESPACE
NIF_NS = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
XSD_NS = str(namespace.XSD)
ITS_NS = "http://www.w3.org/2005/11/its/rdf#"
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
        "metonymyType",
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
        "attributionModel",
    ]
)


class _NIF(DefinedNamespace):
    """The NIF 2.0 Core terms the mapping writes (closed, as ``ontology/terms.py``'s NK is)."""

    _fail = True
    _NS = Namespace(NIF_NS)

    Context: URIRef
    OffsetBasedString: URIRef
    Sentence: URIRef
    anchorOf: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    isString: URIRef
    referenceContext: URIRef


class _ITS(DefinedNamespace):
    """The ITS 2.0 term the mapping writes: a mention's literal referent (closed)."""

    _fail = True
    _NS = Namespace(ITS_NS)

    taIdentRef: URIRef


class _NTriplesTerms:
    """The N-Triples form of a closed namespace's terms, each made once: ``NK.speaker`` is
    ``b"<https://w3id.org/newskg/ontology#speaker>"``. The term comes from the namespace (NK from
    :mod:`newskg.ontology.terms`), so a misspelt one raises ``AttributeError`` as it does there;
    the first lookup stores it as an attribute, so later ones are plain attribute reads."""

    def __init__(self, namespace: type[DefinedNamespace]) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> bytes:
        if name.startswith("_"):
            raise AttributeError(name)
        term = iri(getattr(self._namespace, name))
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> bytes:
        return getattr(self, name)


NK = _NTriplesTerms(terms.NK)
NIF = _NTriplesTerms(_NIF)
RDF = _NTriplesTerms(namespace.RDF)
RDFS = _NTriplesTerms(namespace.RDFS)
OWL = _NTriplesTerms(namespace.OWL)
SKOS = _NTriplesTerms(namespace.SKOS)
PROV = _NTriplesTerms(namespace.PROV)
DCT = _NTriplesTerms(namespace.DCTERMS)
ITS = _NTriplesTerms(_ITS)

_TRUE = typed("true", XSD_NS + "boolean")
_FALSE = typed("false", XSD_NS + "boolean")
_NONNEG = f'"%d"^^<{XSD_NS}nonNegativeInteger>'.encode()


@functools.lru_cache(maxsize=1024)
def _decimal(value: float) -> bytes:
    clamped = min(1.0, max(0.0, float(value)))
    return typed(str(Decimal(str(round(clamped, 4)))), XSD_NS + "decimal")


_XSD_DATE_TIME = re.compile(r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")


@functools.lru_cache(maxsize=4096)
def xsd_date(value: str) -> tuple[str, str] | None:
    """``(lexical form, datatype IRI)`` of ``value`` as an xsd:date or xsd:dateTime, None when it
    is neither (an ISO 8601 date-time without seconds gets them, so the literal is valid).

    >>> xsd_date("2020-10-07")[0], xsd_date("2020-10-07T10:00Z")[0], xsd_date("not-a-date")
    ('2020-10-07', '2020-10-07T10:00:00+00:00', None)
    """
    text = value.strip()
    try:
        if len(text) == 10:
            dt.date.fromisoformat(text)
            return text, XSD_NS + "date"
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if _XSD_DATE_TIME.fullmatch(text) is None:
        text = parsed.isoformat()
    return text, XSD_NS + "dateTime"


@functools.lru_cache(maxsize=4096)
def _date_literal(value: str) -> bytes:
    """xsd:date or xsd:dateTime when ``value`` parses as one, else a plain string."""
    parsed = xsd_date(value)
    return typed(*parsed) if parsed is not None else literal(value.strip())


@functools.lru_cache(maxsize=4096)
def _plain(value: str) -> bytes:
    """``literal(value)`` for the few values that recur in every graph ("name", "capital", a model)."""
    return literal(value)


@functools.lru_cache(maxsize=8192)  # recurring IRIs; one-off ones (unnamed sources) just pass through
def _checked_iri(value: str) -> bytes:
    """``<value>``, or ValueError when ``value`` is not an IRI (pyoxigraph checks it, as it did
    when the mapping made a NamedNode per term). Cached: actors, conflicts, places and Wikidata
    ids recur across documents."""
    return iri(NamedNode(value).value)


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


_DOT_SEGMENTS = {".": "%2E", "..": "%2E%2E"}


@functools.lru_cache(maxsize=8192)
def _quote_key(key: str) -> str:
    quoted = urllib.parse.quote(key, safe="-._~")
    return _DOT_SEGMENTS.get(quoted, quoted)


@functools.lru_cache(maxsize=256)  # a document's own id, asked for by each of its acts and relations
def _quote_path(doc_id: str) -> str:
    """The id as an IRI path: percent-encoded with ``/`` kept, and a ``.`` or ``..`` segment
    encoded too, so no id can climb out of its place (``../../etc/passwd`` would otherwise be
    ``{base}/graph/../../etc/passwd``, which resolves to ``{base}/etc/passwd``).

    >>> _quote_path("world/2020-10-07 Karabakh"), _quote_path("../../etc/passwd"), _quote_path("a/./b..c")
    ('world/2020-10-07%20Karabakh', '%2E%2E/%2E%2E/etc/passwd', 'a/%2E/b..c')
    """
    quoted = urllib.parse.quote(doc_id, safe="/-._~")
    if "." in quoted and ("." in quoted.split("/") or ".." in quoted.split("/")):
        quoted = "/".join(_DOT_SEGMENTS.get(segment, segment) for segment in quoted.split("/"))
    return quoted


@dataclass(frozen=True, slots=True)
class IriMinter:
    """Deterministic IRIs under one base: a rebuild yields the same IRIs."""

    base: str = DEFAULT_BASE

    def _doc_path(self, doc_id: str) -> str:
        return _quote_path(doc_id)

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

    def activity(self, model: str, attribution_model: str | None = None) -> str:
        """The build activity of newskg's version with a spaCy pipeline and, when one took part, the
        learned attribution model: a rules-only build and a default one are different activities."""
        tail = f"/{_quote_key(attribution_model)}" if attribution_model else ""
        return f"{self.base}/activity/{__version__}/{_quote_key(model)}{tail}"


@dataclass(slots=True)
class DocumentGraph:
    """The named graph of one document: its IRI, its triples and its content hash.

    ``triples`` is an :class:`~newskg.builder.ntriples.NTriples` when the mapping made it: the
    canonical N-Triples text (``ntriples``), parsed into pyoxigraph triples only when iterated.
    """

    doc_id: str
    graph_iri: str
    triples: Sequence[Triple] = field(default_factory=list)
    content_hash: str | None = None

    @property
    def ntriples(self) -> bytes:
        """The graph as N-Triples, exactly as ``pyoxigraph.serialize`` writes it."""
        return NTriples.of(self.triples).ntriples

    def quads(self) -> Iterator[Quad]:
        graph = NamedNode(self.graph_iri)
        for t in self.triples:
            yield Quad(t.subject, t.predicate, t.object, graph)


class _Writer:
    """Accumulates the N-Triples lines of one document graph, writing each offset node once.

    Terms are their N-Triples text in UTF-8 (``<iri>``, ``"literal"^^<datatype>``); a statement is
    the same text exactly when the triple is the same (subjects and predicates hold no spaces), so a
    dict of statements drops duplicates and keeps the order of first writing, as the set of Triple
    objects did. (Keys of (s, p, o) tuples hash faster but cost as much again in garbage collection.)"""

    def __init__(self, facts: DocumentFacts, minter: IriMinter) -> None:
        self.facts = facts
        self.minter = minter
        self.doc_id = facts.document.id
        self.text = facts.document.text
        self.doc_iri = minter.document(self.doc_id)
        # pyoxigraph checks the IRIs once per document (not cached: each is seen once); every offset
        # IRI is the document's with other digits, so checking one checks them all (a base holding
        # a '#' makes all of them invalid)
        self.doc = iri(NamedNode(self.doc_iri).value)
        NamedNode(f"{self.doc_iri}#char=0,0")
        self._offset_prefix = f"<{self.doc_iri}#char=".encode()
        self.lines: dict[bytes, None] = {}
        self._offsets: dict[tuple[int, int], bytes] = {}
        self._actors_done: dict[str, bytes] = {}
        self._conflicts: dict[str, bytes] = {}
        model = facts.model or "unknown-model"
        self.activity = _checked_iri(minter.activity(model, facts.attribution_model))
        self.model = model
        self.attribution_model = facts.attribution_model

    def add(self, s: bytes, p: bytes, o: bytes) -> None:
        self.lines[b" ".join((s, p, o))] = None

    # -- offset nodes -----------------------------------------------------------------------
    def offset_node(self, span: Span, kind: bytes | None = None) -> bytes:
        """The node for ``span`` with its four NIF properties; its anchor is read from the text,
        so an offset that does not match the text can never leave the builder."""
        start, end = span.start, span.end
        if end > len(self.text):
            raise ValueError(
                f"document {self.doc_id!r}: span {start}-{end} lies outside the text "
                f"({len(self.text)} characters)"
            )
        node = self._offsets.get((start, end))
        if node is None:
            node = self._offset_prefix + b"%d,%d>" % (start, end)  # the IRI may hold '%': not a format
            self._offsets[(start, end)] = node
            lines = self.lines
            lines[b" ".join((node, _RDF_TYPE, _NIF_OFFSET_STRING))] = None
            lines[b" ".join((node, _NIF_BEGIN, _NONNEG % start))] = None
            lines[b" ".join((node, _NIF_END, _NONNEG % end))] = None
            lines[b" ".join((node, _NIF_ANCHOR, literal(self.text[start:end])))] = None
            lines[b" ".join((node, _NIF_CONTEXT, self.doc))] = None
        if kind is not None:
            self.lines[b" ".join((node, _RDF_TYPE, kind))] = None
        return node

    def mention_node(self, mention: Mention) -> bytes:
        node = self.offset_node(mention.span, _NK_MENTION)
        lines = self.lines
        for key in mention.denotes:
            lines[b" ".join((node, _NK_DENOTES, self.referent(key)))] = None
        lines[b" ".join((node, _NK_RESOLVED_VIA, _plain(mention.via)))] = None
        if mention.literal:  # what the words name ("Washington" -> Q61), beside what they stand for
            lines[b" ".join((node, _ITS_IDENT_REF, _checked_iri(WD_NS + mention.literal)))] = None
            if mention.literal_confidence is not None:
                lines[b" ".join((node, _NK_LINK_CONFIDENCE, _decimal(mention.literal_confidence)))] = None
        if mention.metonymy:
            lines[b" ".join((node, _NK_METONYMY_TYPE, _METONYMY[mention.metonymy]))] = None
        return node

    # -- referents ----------------------------------------------------------------------------
    def referent(self, key: str) -> bytes:
        """The IRI of an actor or conflict key (conflicts are looked up first)."""
        if key in self.facts.conflicts:
            return self.conflict_node(key)
        if key in self.facts.places and key not in self.facts.entities:
            return self.place(self.facts.places[key].label)
        return self.actor(key)

    def conflict_node(self, key: str) -> bytes:
        node = self._conflicts.get(key)
        if node is None:
            node = self._conflicts[key] = _checked_iri(self.minter.conflict(key))
        return node

    def actor(self, key: str) -> bytes:
        node = self._actors_done.get(key)
        if node is not None:
            return node
        node = self._actors_done[key] = _checked_iri(self.minter.actor(key))
        entity: Entity | None = self.facts.entities.get(key)
        if entity is None:  # a key without a description still gets a label: the key itself
            self.add(node, RDF.type, NK.Group)
            self.add(node, RDFS.label, literal(key))
            return node
        self.add(node, RDF.type, NK[entity.kind.value])
        self.add(node, RDFS.label, literal(entity.label))
        for alias in entity.aliases:
            if alias != entity.label:
                self.add(node, SKOS.altLabel, literal(alias))
        if entity.qid:
            self.add(node, OWL.sameAs, _checked_iri(WD_NS + entity.qid))
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
        self.add(self.doc, NK.documentId, literal(d.id))
        self.add(self.doc, NIF.isString, literal(d.text))
        if d.title:
            self.add(self.doc, DCT.title, literal(d.title))
        if d.byline:
            self.add(self.doc, DCT.creator, literal(d.byline))
        if d.dateline:
            self.add(self.doc, DCT.spatial, literal(d.dateline))
        if d.agency:
            self.add(self.doc, DCT.publisher, literal(d.agency))
        if d.url:
            try:
                self.add(self.doc, DCT.source, iri(NamedNode(d.url).value))
            except ValueError:
                self.add(self.doc, DCT.source, literal(d.url))
        elif d.source:
            self.add(self.doc, DCT.source, literal(d.source))
        if d.published:
            published = xsd_date(d.published)
            if published is not None:
                self.add(self.doc, DCT.date, typed(*published))
            else:  # the readers report it with the file and line; a Document made in code, here
                log.warning("%s: 'published' is not an ISO 8601 date or date-time (%r): left out", d.id, d.published)
        self.add(self.doc, PROV.wasGeneratedBy, self.activity)
        self.add(self.activity, RDF.type, PROV.Activity)
        self.add(self.activity, RDF.type, NK.BuildActivity)
        with_models = self.model + (f" and {self.attribution_model}" if self.attribution_model else "")
        self.add(self.activity, RDFS.label, literal(f"newskg {__version__} with {with_models}"))
        self.add(self.activity, NK.softwareVersion, literal(__version__))
        self.add(self.activity, NK.spacyModel, literal(self.model))
        if self.attribution_model:
            self.add(self.activity, NK.attributionModel, literal(self.attribution_model))

    def fact(self, node: bytes, confidence: float) -> None:
        self.add(node, NK.confidence, _decimal(confidence))
        self.add(node, PROV.wasGeneratedBy, self.activity)

    def speech_act(self, act: SpeechAct, nodes: dict[tuple[int, int], bytes]) -> None:
        node = nodes[(act.cue.start, act.cue.end)]
        self.add(node, RDF.type, NK[act.kind.value])
        self.add(node, NK.cue, self.offset_node(act.cue, NK.Cue))
        self.add(node, NK.evidence, self.offset_node(act.evidence, NIF.Sentence))
        self.add(node, NK.inDocument, self.doc)
        for role, mentions in (
            (_SPEAKER, act.speakers),
            (_ADDRESSEE, act.addressees),
            (_TARGET, act.targets),
        ):
            if not mentions:
                continue
            role_prop, mention_prop = role
            for mention in mentions:
                m = self.mention_node(mention)
                self.add(node, mention_prop, m)
                for key in mention.denotes:
                    self.add(node, role_prop, self.referent(key))
        for key in act.topics:
            self.add(node, NK.topic, self.referent(key))
        if act.content_pieces:
            # a quote broken by its attribution: the words said, without the cue and source between
            self.add(node, NK.content, literal(" ".join(piece.text for piece in act.content_pieces)))
            for piece in act.content_pieces:
                self.add(node, NK.contentMention, self.offset_node(piece))
        elif act.content is not None and act.content.length:
            self.add(node, NK.content, literal(act.content.text))
            self.add(node, NK.contentMention, self.offset_node(act.content))
        self.add(node, NK.isQuote, _TRUE if act.is_quote else _FALSE)
        self.add(node, NK.negated, _TRUE if act.negated else _FALSE)
        if act.modality:
            self.add(node, NK.modality, literal(act.modality))
        for prop, cue in ((NK.respondsTo, act.responds_to), (NK.reportedBy, act.reported_by)):
            if cue is not None:
                other = nodes.get((cue.start, cue.end))
                if other is not None and other != node:
                    self.add(node, prop, other)
        if act.date:
            self.add(node, NK.date, _date_literal(act.date))
        if act.date_text:
            self.add(node, NK.dateText, literal(act.date_text))
        self.fact(node, act.confidence)

    def conflict(self, conflict: Conflict) -> None:
        node = self.conflict_node(conflict.key)
        self.add(node, RDF.type, NK[conflict.kind.value])
        self.add(node, RDFS.label, literal(conflict.label))
        if conflict.qid:
            self.add(node, OWL.sameAs, _checked_iri(WD_NS + conflict.qid))
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

    def place(self, label: str, qid: str | None = None) -> bytes:
        node = _checked_iri(self.minter.place(label))
        self.add(node, RDF.type, NK.Place)
        self.add(node, RDFS.label, literal(label))
        if qid:
            self.add(node, OWL.sameAs, _checked_iri(WD_NS + qid))
        return node

    def position(self, position: Position) -> None:
        holder = self.actor(position.holder)
        node = _checked_iri(self.minter.position(position.holder, position.title, position.of_state))
        self.add(holder, NK.holdsPosition, node)
        self.add(node, RDF.type, NK.Position)
        self.add(node, NK.title, literal(position.title))
        label = position.title
        if position.of_state:
            state = self.actor(position.of_state)
            self.add(node, NK.ofState, state)
            state_entity = self.facts.entities.get(position.of_state)
            label = f"{position.title} of {state_entity.label if state_entity else position.of_state}"
        self.add(node, RDFS.label, literal(label))
        self.add(node, NK.evidence, self.offset_node(position.evidence))
        if position.date:
            self.add(node, NK.date, _date_literal(position.date))
        self.fact(node, position.confidence)

    def relation(self, relation: Relation) -> None:
        subject = self.referent(relation.subject)
        obj = self.referent(relation.object)
        prop = NK[relation.kind.value]
        self.add(subject, prop, obj)
        # per-document like the offsets: valid whenever the document IRI is (digits and quoted keys)
        node = iri(self.minter.relation(self.doc_id, relation))
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

    def body(self) -> NTriples:
        """The graph written so far, as N-Triples."""
        return NTriples(list(self.lines))


_RDF_TYPE = RDF.type
_NIF_OFFSET_STRING = NIF.OffsetBasedString
_NIF_BEGIN = NIF.beginIndex
_NIF_END = NIF.endIndex
_NIF_ANCHOR = NIF.anchorOf
_NIF_CONTEXT = NIF.referenceContext
_NK_MENTION = NK.Mention
_NK_DENOTES = NK.denotes
_NK_RESOLVED_VIA = NK.resolvedVia
_NK_METONYMY_TYPE = NK.metonymyType
# the metonymy scheme's concepts are individuals of the ontology, not terms of terms.py (which holds
# classes and properties): their IRIs are checked against the ontology by tests/builder
_METONYMY = {kind: iri(NK_NS + name) for kind, name in METONYMY_TYPES.items()}
_NK_LINK_CONFIDENCE = NK.linkConfidence
_ITS_IDENT_REF = ITS.taIdentRef
_SPEAKER = (NK.speaker, NK.speakerMention)
_ADDRESSEE = (NK.addressee, NK.addresseeMention)
_TARGET = (NK.target, NK.targetMention)


def map_document(facts: DocumentFacts, *, base: str = DEFAULT_BASE, pipeline: str | None = None) -> DocumentGraph:
    """Maps one document's facts to its named graph.

    ``pipeline`` (newskg version + model) goes into the content hash, so a store rebuilds a
    document when the text or the pipeline changed. Raises ``ValueError`` naming the document
    when a fact's offsets lie outside the text.
    """
    try:
        return _map(facts, IriMinter(base.rstrip("/")), pipeline)
    except UnicodeEncodeError as exc:  # lone surrogates: no RDF term can hold them (pyoxigraph refuses them too)
        raise ValueError(f"document {facts.document.id!r}: text that is not valid Unicode ({exc.reason})") from exc


def _map(facts: DocumentFacts, minter: IriMinter, pipeline: str | None) -> DocumentGraph:
    w = _Writer(facts, minter)
    w.document()
    pipeline = pipeline or f"newskg-{__version__}/{w.model}"
    digest = content_hash(facts.document.text, pipeline)
    w.add(w.doc, NK.contentHash, literal(digest))

    for place in facts.places.values():
        w.place(place.label, place.qid)
    for mention in facts.mentions:
        w.mention_node(mention)
    for entity_key in facts.entities:
        w.actor(entity_key)
    act_nodes = {(act.cue.start, act.cue.end): iri(minter.act(facts.document.id, act.cue)) for act in facts.speech_acts}
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
        triples=w.body(),
        content_hash=digest,
    )


def quads_of(graphs: Iterable[DocumentGraph]) -> Iterator[Quad]:
    for graph in graphs:
        yield from graph.quads()
