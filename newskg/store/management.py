"""Looking after an embedded store: which documents it holds, one document's details, deleting
one, and the store's figures (``newskg docs list|show|delete``, ``newskg stats``).

Every document is one named graph that stands alone (it repeats the descriptions of the actors it
mentions), so deleting a document is dropping its graph: nothing of it is left anywhere, and nothing
another document needs goes with it.

The queries name their graphs (``GRAPH ?g``): Oxigraph's union default graph is a bag that repeats an
actor's description once per document that mentions it, so counting over it would multiply.

>>> import tempfile
>>> from newskg.builder.facts import Document
>>> from newskg.builder.build import build
>>> store = EmbeddedStore(tempfile.mkdtemp())                                   # doctest: +SKIP
>>> _ = build([Document(id="k1", text="Kenya accused Ethiopia.")], sink=store)  # doctest: +SKIP
>>> [d.id for d in list_documents(store)]                                       # doctest: +SKIP
['k1']
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, Triple, Variable

from ..errors import InputError, StoreError
from ..ontology.terms import NAMESPACE, NK, ONTOLOGY_IRI
from .embedded import EmbeddedStore

__all__ = [
    "DocumentDetails",
    "DocumentInfo",
    "StoreStats",
    "delete_document",
    "document_details",
    "list_documents",
    "open_store",
    "store_stats",
]

log = logging.getLogger(__name__)

_ONTOLOGY = str(ONTOLOGY_IRI)
_PREFIXES = {
    "nk": NAMESPACE,
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """One document of a store: its id, its graph and what its metadata says."""

    id: str
    graph: str
    title: str | None = None
    date: str | None = None


@dataclass(slots=True)
class DocumentDetails:
    """What ``newskg docs show`` prints: the document, and what its graph holds."""

    info: DocumentInfo
    source: str | None
    characters: int
    content_hash: str | None
    triples: int
    acts: dict[str, int] = field(default_factory=dict)  # class local name -> count
    actors: list[str] = field(default_factory=list)  # labels
    mentions: int = 0


@dataclass(slots=True)
class StoreStats:
    """What ``newskg stats`` prints."""

    path: Path
    documents: int
    acts: dict[str, int]  # class local name -> count, most frequent first
    actors: dict[str, int]  # actor class local name -> distinct actors
    quads: int
    bytes_on_disk: int

    @property
    def total_acts(self) -> int:
        return sum(self.acts.values())

    @property
    def total_actors(self) -> int:
        return sum(self.actors.values())


def open_store(path: str | Path, *, read_only: bool) -> EmbeddedStore:
    """The existing embedded store at ``path`` (never creates one: "no store here" instead)."""
    path = Path(path)
    if not (path / "CURRENT").is_file():
        if path.is_dir() and any(path.iterdir()):
            raise StoreError("not an embedded store (no RocksDB CURRENT file)", where=str(path))
        raise StoreError("no store here", where=str(path), hint="build one with `newskg build --store DIR`")
    return EmbeddedStore(path, read_only=read_only, ontology=False)


def _rows(store: EmbeddedStore, sparql: str, **bindings: NamedNode | Literal) -> QuerySolutions:
    substitutions: dict[Variable, NamedNode | BlankNode | Literal | Triple] = {
        Variable(name): value for name, value in bindings.items()
    }
    result = store.store.query(sparql, prefixes=_PREFIXES, substitutions=substitutions or None)
    assert isinstance(result, QuerySolutions)
    return result


def _text(term: object) -> str | None:
    return term.value if isinstance(term, Literal | NamedNode) else None


def list_documents(store: EmbeddedStore) -> list[DocumentInfo]:
    """Every document of the store, ordered by id."""
    rows = _rows(
        store,
        """SELECT ?g ?id (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?date) WHERE {
             GRAPH ?g { ?doc a nk:NewsArticle ; nk:documentId ?id .
                        OPTIONAL { ?doc dcterms:title ?t } OPTIONAL { ?doc dcterms:date ?d } }
           } GROUP BY ?g ?id ORDER BY ?id""",
    )
    return [
        DocumentInfo(
            id=_text(row["id"]) or "", graph=_text(row["g"]) or "", title=_text(row["title"]), date=_text(row["date"])
        )
        for row in rows
    ]


def _find(store: EmbeddedStore, doc_id: str) -> DocumentInfo:
    rows = list(
        _rows(
            store,
            """SELECT ?id ?g (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?date) WHERE {
                 GRAPH ?g { ?doc a nk:NewsArticle ; nk:documentId ?id .
                            OPTIONAL { ?doc dcterms:title ?t } OPTIONAL { ?doc dcterms:date ?d } }
               } GROUP BY ?id ?g""",
            id=Literal(doc_id),
        )
    )
    if not rows:
        raise InputError(
            f"no document with the id {doc_id!r} in this store",
            where=str(store.path),
            hint="`newskg docs list` shows the ids",
        )
    if len(rows) > 1:  # two graphs claim the id (a store written by hand, or by two bases)
        graphs = ", ".join(sorted(_text(row["g"]) or "" for row in rows))
        raise StoreError(f"the id {doc_id!r} names several graphs: {graphs}", where=str(store.path))
    row = rows[0]
    return DocumentInfo(id=doc_id, graph=_text(row["g"]) or "", title=_text(row["title"]), date=_text(row["date"]))


def document_details(store: EmbeddedStore, doc_id: str) -> DocumentDetails:
    """The document ``doc_id`` and what its graph holds (raises InputError when there is none)."""
    info = _find(store, doc_id)
    graph = NamedNode(info.graph)
    [row] = list(
        _rows(
            store,
            """SELECT ?g ?id (SAMPLE(?s) AS ?source) (SAMPLE(?text) AS ?body) (SAMPLE(?h) AS ?hash) WHERE {
                 GRAPH ?g { ?doc nk:documentId ?id ; nif:isString ?text .
                            OPTIONAL { ?doc dcterms:source ?s } OPTIONAL { ?doc nk:contentHash ?h } }
               } GROUP BY ?g ?id""",
            g=graph,
            id=Literal(doc_id),
        )
    )
    acts = {
        (_text(r["type"]) or "").rsplit("#", 1)[-1]: int(_text(r["n"]) or 0)
        for r in _rows(
            store,
            """SELECT ?g ?type (COUNT(DISTINCT ?act) AS ?n) WHERE {
                 GRAPH ?g { ?act a ?type }
                 GRAPH <https://w3id.org/newskg/ontology> { ?type rdfs:subClassOf* nk:CommunicationEvent }
               } GROUP BY ?g ?type ORDER BY DESC(?n) ?type""",
            g=graph,
        )
    }
    actors = sorted(
        {
            _text(r["label"]) or ""
            for r in _rows(
                store,
                """SELECT ?g ?label WHERE {
                     GRAPH ?g { ?actor a ?kind ; rdfs:label ?label }
                     GRAPH <https://w3id.org/newskg/ontology> { ?kind rdfs:subClassOf* nk:Actor }
                   }""",
                g=graph,
            )
        }
    )
    mentions = sum(1 for _ in store.store.quads_for_pattern(None, None, NamedNode(NK.Mention), graph))
    body = _text(row["body"]) or ""
    return DocumentDetails(
        info=info,
        source=_text(row["source"]),
        characters=len(body),
        content_hash=_text(row["hash"]),
        triples=sum(1 for _ in store.store.quads_for_pattern(None, None, None, graph)),
        acts=acts,
        actors=actors,
        mentions=mentions,
    )


def delete_document(store: EmbeddedStore, doc_id: str) -> int:
    """Deletes the document ``doc_id``: its whole graph, in one transaction. Returns the number of
    triples removed (raises InputError when there is no such document)."""
    info = _find(store, doc_id)
    graph = NamedNode(info.graph)
    count = sum(1 for _ in store.store.quads_for_pattern(None, None, None, graph))
    try:
        store.store.update(f"DROP GRAPH {graph}")
    except OSError as exc:
        from .failures import store_failure

        raise store_failure(exc, store=store.path, doing=f"cannot delete {doc_id!r}") from exc
    log.info("deleted %s (%d triples, graph %s)", doc_id, count, info.graph)
    return count


def store_stats(store: EmbeddedStore) -> StoreStats:
    """The figures of a store: documents, acts by class, distinct actors by class, quads, bytes on disk."""
    [documents] = list(
        _rows(store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?doc a nk:NewsArticle } }")
    )

    def counts(root: str) -> dict[str, int]:
        rows = _rows(
            store,
            f"""SELECT ?type (COUNT(DISTINCT ?x) AS ?n) WHERE {{
                  GRAPH ?g {{ ?x a ?type }}
                  FILTER (?g != <{_ONTOLOGY}>)
                  GRAPH <{_ONTOLOGY}> {{ ?type rdfs:subClassOf* nk:{root} }}
                }} GROUP BY ?type ORDER BY DESC(?n) ?type""",
        )
        return {(_text(r["type"]) or "").rsplit("#", 1)[-1]: int(_text(r["n"]) or 0) for r in rows}

    size = sum(p.stat().st_size for p in store.path.rglob("*") if p.is_file())
    return StoreStats(
        path=store.path,
        documents=int(_text(documents["n"]) or 0),
        acts=counts("CommunicationEvent"),
        actors=counts("Actor"),
        quads=len(store),
        bytes_on_disk=size,
    )
