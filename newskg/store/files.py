"""Writing and reading RDF files.

A :class:`FileSink` writes to a temporary file beside the target and renames it on ``close``, so
an interrupted build never leaves a half-written file in place of a good one. N-Quads, N-Triples
and TriG are streamed graph by graph (flat memory); Turtle, JSON-LD and RDF/XML are written at the
end. Triple formats cannot hold named graphs: the graphs are merged, and the sink says so. N-Quads
and TriG files end with newskg's seal (:mod:`newskg.store.seal`), a comment line naming their
digest, so that loading them back needs no second validation.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

import pyoxigraph
from pyoxigraph import NamedNode, Quad, Triple

from ..errors import InputError
from .base import ntriples_of, triples_of
from .failures import store_failure
from .formats import PREFIXES, Format
from .seal import SealingWriter

__all__ = ["FileSink", "read_quads", "read_dataset"]

log = logging.getLogger(__name__)


class FileSink:
    """Writes document graphs to one RDF file.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.nq"
    >>> sink = FileSink(out)
    >>> sink.put_graph("http://e/g", [Triple(NamedNode("http://e/s"), NamedNode("http://e/p"), NamedNode("http://e/o"))])
    >>> sink.close()
    >>> out.read_text().splitlines()[0]
    '<http://e/s> <http://e/p> <http://e/o> <http://e/g> .'
    """

    def __init__(self, path: str | Path, *, format: str | None = None) -> None:
        self.path = Path(path)
        self.format = Format.for_path(self.path, format)
        self._tmp = self.path.with_name(f".{self.path.name}.partial")
        # what the formats written whole at the end hold until then (in order, without repeats)
        self._quads: dict[Quad, None] = {}
        self._triples: dict[Triple, None] = {}
        self._graphs = 0
        self._closed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._out: IO[bytes] = open(self._tmp, "wb")  # noqa: SIM115 (closed in close())
        except OSError as exc:
            raise store_failure(exc, store=self.path, doing="cannot write") from exc
        self._sealer = SealingWriter(self._out) if self.format in (Format.NQUADS, Format.TRIG) else None
        self._write = self._sealer.write if self._sealer is not None else self._out.write
        if not self.format.keeps_graphs:
            log.warning(
                "%s holds no named graphs: the document graphs are merged into one graph "
                "(use .trig or .nq to keep them)",
                self.path,
            )

    def put_graph(self, graph_iri: str, triples: Sequence[Triple], *, content_hash: str | None = None) -> None:
        if self.format in (Format.NQUADS, Format.NTRIPLES):
            # serialising the triples and writing the text is an order of magnitude faster than
            # making a Quad per triple
            self.put_ntriples(graph_iri, ntriples_of(triples), content_hash=content_hash)
        else:
            self._writing(self._put_terms, graph_iri, triples)

    def put_ntriples(self, graph_iri: str, ntriples: bytes, *, content_hash: str | None = None) -> None:
        if self.format is Format.NQUADS:
            # N-Quads is N-Triples with the graph before each final " ." (the contract: " .\n" only
            # ever ends a statement)
            self._writing(self._write, ntriples.replace(b" .\n", f" {NamedNode(graph_iri)} .\n".encode()))
        elif self.format is Format.NTRIPLES:
            self._writing(self._write, ntriples)
        else:
            self._writing(self._put_terms, graph_iri, triples_of(ntriples))

    def _writing(self, write: Callable[..., object], *args: object) -> None:
        try:
            self._graphs += 1
            write(*args)
        except OSError as exc:  # a full disk: every later graph would fail the same way
            self.abort()
            raise store_failure(exc, store=self.path, doing="cannot write") from exc

    def _put_terms(self, graph_iri: str, triples: Sequence[Triple]) -> None:
        fmt = self.format
        if fmt is Format.TRIG:
            graph = NamedNode(graph_iri)
            quads = [Quad(t.subject, t.predicate, t.object, graph) for t in triples]
            self._write(pyoxigraph.serialize(quads, format=fmt.oxigraph, prefixes=PREFIXES) or b"")
        elif fmt is Format.JSONLD:  # keeps graphs, but pyoxigraph writes JSON-LD in one go
            graph = NamedNode(graph_iri)
            for t in triples:
                self._quads[Quad(t.subject, t.predicate, t.object, graph)] = None
        else:  # Turtle, RDF/XML: written whole at the end; merged graphs share actor descriptions
            for t in triples:
                self._triples[t] = None

    def stored_hash(self, graph_iri: str) -> str | None:
        return None  # a file is always written whole: nothing to resume from

    @property
    def graphs_written(self) -> int:
        return self._graphs

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            if self.format is Format.JSONLD:
                pyoxigraph.serialize(list(self._quads), self._out, format=self.format.oxigraph)
            elif self.format in (Format.TURTLE, Format.RDFXML):
                prefixes = PREFIXES if self.format is Format.TURTLE else None
                pyoxigraph.serialize(list(self._triples), self._out, format=self.format.oxigraph, prefixes=prefixes)
            if self._sealer is not None:
                self._sealer.seal()
            self._out.close()
            os.replace(self._tmp, self.path)
        except OSError as exc:
            self._drop()
            raise store_failure(exc, store=self.path, doing="cannot write") from exc

    def abort(self) -> None:
        """Drops what was written; the target file is left as it was. Never raises: it runs while
        another error is on its way (closing flushes, and on a full disk that fails again)."""
        self._closed = True
        self._drop()

    def _drop(self) -> None:
        try:
            self._out.close()
        except OSError:
            log.debug("closing %s failed while dropping it", self._tmp, exc_info=True)
        try:
            self._tmp.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove %s", self._tmp, exc_info=True)

    def __enter__(self) -> FileSink:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def read_quads(path: str | Path, *, format: str | None = None) -> Iterator[Quad]:
    """Parses an RDF file into quads (triples land in the default graph).

    Raises :class:`InputError` naming the file, line and column on a syntax error.
    """
    path = Path(path)
    fmt = Format.for_path(path, format)
    if not path.is_file():
        raise InputError("no such file", where=str(path))
    try:
        yield from pyoxigraph.parse(path=str(path), format=fmt.oxigraph)
    except SyntaxError as exc:
        raise InputError(f"not valid {fmt.short}: {exc}", where=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc}", where=str(path)) from exc


def read_dataset(path: str | Path, *, format: str | None = None):  # -> rdflib.Dataset
    """Reads an RDF file into an rdflib ``Dataset`` whose default graph is the union of its graphs."""
    import rdflib

    fmt = Format.for_path(path, format)
    ds = rdflib.Dataset(default_union=True)
    try:
        data = Path(path).read_bytes()  # rdflib leaves files it opens itself unclosed
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", where=str(path)) from exc
    try:
        ds.parse(data=data, format=fmt.rdflib_name)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise InputError(f"not valid {fmt.short}: {exc}", where=str(path)) from exc
    return ds
