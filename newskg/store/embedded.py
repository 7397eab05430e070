"""The embedded store: an Oxigraph database in a directory (default ``./newskg-store``).

Each document graph is replaced in one SPARQL update (``DROP SILENT GRAPH`` + ``INSERT DATA``), so
a write is atomic per document: an interrupted build leaves every graph either old or new, and a
rerun resumes without duplicating anything. The store also keeps the ontology in its own named
graph, so queries can walk ``rdfs:subClassOf*`` and read the CAMEO/PLOVER mappings.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, Triple

from ..errors import StoreError
from ..ontology.terms import NK

if TYPE_CHECKING:
    from ..queries.targets import Binding
from .base import ntriples_of
from .failures import store_failure
from .formats import PREFIXES, Format
from .seal import seal_file

__all__ = ["DEFAULT_STORE", "EmbeddedStore"]

log = logging.getLogger(__name__)

DEFAULT_STORE = Path("newskg-store")
_CONTENT_HASH = NamedNode(NK.contentHash)
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
_OFFSETS = frozenset({NamedNode(_NIF + "beginIndex"), NamedNode(_NIF + "endIndex")})
_XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_XSD_NON_NEGATIVE = NamedNode("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")


def _as_written(quad: Quad) -> Quad:
    """Oxigraph stores xsd:nonNegativeInteger as xsd:integer; offsets leave the store typed as the
    contract says (xsd:nonNegativeInteger), so an export equals what the builder wrote."""
    obj = quad.object
    if quad.predicate in _OFFSETS and isinstance(obj, Literal) and obj.datatype == _XSD_INTEGER:
        return Quad(quad.subject, quad.predicate, Literal(obj.value, datatype=_XSD_NON_NEGATIVE), quad.graph_name)
    return quad


class EmbeddedStore:
    """A pyoxigraph store on disk, holding one named graph per document plus the ontology graph."""

    #: N-Triples bytes written between two flushes of RocksDB's memtables to disk. Oxigraph keeps
    #: about a dozen column families (one per index), each with RocksDB's default 64 MB write
    #: buffer: unflushed, a build's memory grew with the corpus until they were full (issue 14:
    #: 269 MB at 1,000 documents, 827 MB at 10,000). Flushing every 8 MB of graphs keeps them
    #: small (`benchmarks/bench_memory.py`).
    flush_bytes = 8 * 1024 * 1024

    def __init__(self, path: str | Path = DEFAULT_STORE, *, read_only: bool = False, ontology: bool = True) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._unflushed = 0
        if read_only and not (self.path / "CURRENT").is_file():
            if self.path.is_dir() and any(self.path.iterdir()):
                raise StoreError("not an embedded store (no RocksDB CURRENT file)", where=str(self.path))
            raise StoreError("no store here", where=str(self.path), hint="build one with `newskg build --store DIR`")
        if self.path.exists() and not self.path.is_dir():
            raise StoreError("exists and is not a store directory", where=str(self.path))
        try:
            if read_only:
                self.store = Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.store = Store(str(self.path))
        except OSError as exc:
            raise store_failure(exc, store=self.path, doing="cannot open the store") from exc
        if ontology and not read_only:
            self.ensure_ontology()

    # -- the sink protocol -------------------------------------------------------------------
    def put_graph(self, graph_iri: str, triples: Sequence[Triple], *, content_hash: str | None = None) -> None:
        self.put_ntriples(graph_iri, ntriples_of(triples), content_hash=content_hash)

    def put_ntriples(self, graph_iri: str, ntriples: bytes, *, content_hash: str | None = None) -> None:
        graph = NamedNode(graph_iri)
        body = ntriples.decode("utf-8")
        update = f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}}} }}"
        try:
            self.store.update(update)
            self._unflushed += len(ntriples)
            if self._unflushed >= self.flush_bytes:
                self._unflushed = 0
                self.store.flush()
        except OSError as exc:
            raise store_failure(exc, store=self.path, doing="cannot write to the store") from exc
        except SyntaxError as exc:
            raise StoreError(f"cannot write graph {graph_iri}: {exc}", where=str(self.path)) from exc

    def stored_hash(self, graph_iri: str) -> str | None:
        graph = NamedNode(graph_iri)
        for quad in self.store.quads_for_pattern(None, _CONTENT_HASH, None, graph):
            if isinstance(quad.object, Literal):
                return quad.object.value
        return None

    def close(self) -> None:
        if self.read_only:
            return
        try:
            self.store.flush()
        except OSError as exc:
            raise store_failure(exc, store=self.path, doing="cannot flush the store") from exc

    def abort(self) -> None:
        """Closes after an error: every graph written so far is kept (each write is atomic and
        logged); a flush failing again (a full disk) is not a second error."""
        try:
            self.close()
        except StoreError:
            log.debug("flushing %s after an error failed too", self.path, exc_info=True)

    # -- reading -----------------------------------------------------------------------------
    def graphs(self) -> list[str]:
        """The named graphs in the store (document graphs and the ontology graph)."""
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, NamedNode))

    def quads(self, graph_iri: str | None = None) -> Iterator[Quad]:
        """The quads of one graph (or all), with offsets typed as the builder wrote them."""
        graph = NamedNode(graph_iri) if graph_iri else None
        return map(_as_written, self.store.quads_for_pattern(None, None, None, graph))

    def __len__(self) -> int:
        return len(self.store)

    def select(self, sparql: str, bindings: Mapping[str, Binding]):  # -> (columns, rows)
        """Runs a SELECT over the union of all graphs, with parameters bound as RDF terms."""
        from ..queries import OxigraphTarget

        return OxigraphTarget(self.store).select(sparql, bindings)

    def remove_graph(self, graph_iri: str) -> None:
        self.store.update(f"DROP SILENT GRAPH {NamedNode(graph_iri)}")

    def dataset(self, *, include_ontology: bool = False):  # -> rdflib.Dataset
        """The store as an rdflib ``Dataset`` whose default graph is the union of its graphs (what
        :func:`newskg.ontology.validation.validate` checks), without the ontology graph by default."""
        import rdflib

        from ..ontology import ONTOLOGY_IRI

        skip = None if include_ontology else NamedNode(ONTOLOGY_IRI)
        quads = [q for q in self.quads() if q.graph_name != skip]
        data = rdflib.Dataset(default_union=True)
        text = (pyoxigraph.serialize(quads, format=RdfFormat.N_QUADS) or b"").decode()
        data.parse(data=text, format="nquads")
        return data

    # -- the ontology graph ------------------------------------------------------------------
    def ensure_ontology(self) -> None:
        """Puts the ontology in its named graph, replacing what is there when its content differs
        from the ontology this newskg ships (a changed label too, not only a changed size)."""
        from ..ontology import ONTOLOGY_IRI

        triples, digest = _shipped_ontology()
        quads = self.store.quads_for_pattern(None, None, None, NamedNode(ONTOLOGY_IRI))
        stored = (Triple(q.subject, q.predicate, q.object) for q in quads)
        if content_digest(stored) != digest:
            self.put_graph(ONTOLOGY_IRI, triples)

    # -- export ------------------------------------------------------------------------------
    def export(self, path: str | Path, *, format: str | None = None, include_ontology: bool = False) -> int:
        """Writes the store to an RDF file; returns the number of statements written.

        Dataset formats (nq, trig, jsonld) keep the named graphs; triple formats merge them.
        """
        from ..ontology import ONTOLOGY_IRI

        fmt = Format.for_path(path, format)
        skip = None if include_ontology else NamedNode(ONTOLOGY_IRI)
        written = 0

        def kept() -> Iterator[Quad]:  # streamed: the store is never held in memory as a list
            nonlocal written
            for quad in self.quads():
                if quad.graph_name != skip:
                    written += 1
                    yield quad

        out = Path(path)
        tmp = out.with_name(f".{out.name}.partial")
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            if fmt.keeps_graphs:
                pyoxigraph.serialize(kept(), str(tmp), format=fmt.oxigraph, prefixes=_prefixes_for(fmt))
                if fmt in (Format.NQUADS, Format.TRIG):
                    seal_file(tmp)  # loading it back needs no second validation (newskg.store.seal)
            else:
                log.warning("%s holds no named graphs: the document graphs are merged", out)
                triples = list(dict.fromkeys(Triple(q.subject, q.predicate, q.object) for q in kept()))
                pyoxigraph.serialize(triples, str(tmp), format=fmt.oxigraph, prefixes=_prefixes_for(fmt))
                written = len(triples)
            tmp.replace(out)
        except OSError as exc:
            _remove(tmp)
            raise store_failure(exc, store=out, doing="cannot write") from exc
        except BaseException:
            _remove(tmp)
            raise
        return written

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _remove(path: Path) -> None:
    """Removes a partial file, if it can: on a read-only file system it was never made."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.debug("could not remove %s", path, exc_info=True)


def _prefixes_for(fmt: Format) -> dict[str, str] | None:
    return PREFIXES if fmt in (Format.TURTLE, Format.TRIG) else None


@functools.cache
def _shipped_ontology() -> tuple[list[Triple], str]:
    """The ontology's triples as a store holds them, and their :func:`content_digest` (once per process)."""
    from ..ontology import parsed_ontology

    data = parsed_ontology().serialize(format="nt", encoding="utf-8")
    triples = [Triple(q.subject, q.predicate, q.object) for q in pyoxigraph.parse(data, format=RdfFormat.N_TRIPLES)]
    return triples, content_digest(triples)


def content_digest(triples: Iterable[Triple]) -> str:
    """SHA-256 of a graph's content, whatever the labels of its blank nodes.

    Each blank node is written as the digest of what it says (its statements, the blank nodes in
    them written so in turn), so two parses of one file agree and any changed IRI, literal or
    statement changes the digest. The ontology's blank nodes (OWL restrictions, lists) form trees;
    in a cycle of blank nodes the digest may differ between two equal graphs, which only costs
    an unneeded rewrite.

    >>> from pyoxigraph import BlankNode
    >>> s, p = NamedNode("http://e/s"), NamedNode("http://e/p")
    >>> one = content_digest([Triple(s, p, BlankNode("a")), Triple(BlankNode("a"), p, Literal("x"))])
    >>> one == content_digest([Triple(BlankNode("b"), p, Literal("x")), Triple(s, p, BlankNode("b"))])
    True
    >>> one == content_digest([Triple(s, p, BlankNode("a")), Triple(BlankNode("a"), p, Literal("y"))])
    False
    """
    listed = list(triples)
    said: dict[str, list[Triple]] = {}
    for triple in listed:
        if isinstance(triple.subject, BlankNode):
            said.setdefault(triple.subject.value, []).append(triple)
    labels: dict[str, str] = {}

    def written(term: object, path: frozenset[str] = frozenset()) -> str:
        if not isinstance(term, BlankNode):
            return str(term)
        name = term.value
        if name not in labels:
            if name in path:
                return "_:cycle"
            inner = path | {name}
            lines = sorted(f"{written(t.predicate)} {written(t.object, inner)}" for t in said.get(name, []))
            labels[name] = "_:" + hashlib.sha256("\n".join(lines).encode()).hexdigest()
        return labels[name]

    lines = sorted(f"{written(t.subject)} {written(t.predicate)} {written(t.object)}" for t in listed)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
