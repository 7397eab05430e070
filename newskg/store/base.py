"""What every place a build can write to offers: a sink that replaces one named graph at a time.

Sinks: :class:`newskg.store.files.FileSink` (ttl, nt, nq, trig, jsonld, xml),
:class:`newskg.store.embedded.EmbeddedStore` (pyoxigraph on disk) and
:class:`newskg.store.remote.RemoteStore` (any SPARQL 1.1 server).

A graph reaches a sink in one of two forms, each its own method: term objects
(:meth:`GraphSink.put_graph`: loaders, the ontology, code that made pyoxigraph triples) or the
N-Triples text the builder's mapping writes (:meth:`GraphSink.put_ntriples`: every build), which a
sink stores without parsing it into terms and writing it back.

A sink that fails raises :class:`~newskg.errors.StoreError`. :class:`GraphRefused` says the sink
refused that one graph and takes the next; any other StoreError says it takes no more (a server
that cannot be reached, a full disk), and a build stops there (a rerun resumes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

import pyoxigraph
from pyoxigraph import RdfFormat, Triple

from ..errors import StoreError

__all__ = ["GraphRefused", "GraphSink", "ntriples_of", "triples_of"]


@runtime_checkable
class GraphSink(Protocol):
    """A destination for per-document named graphs."""

    def put_graph(self, graph_iri: str, triples: Sequence[Triple], *, content_hash: str | None = None) -> None:
        """Replaces the named graph ``graph_iri`` with ``triples``, atomically where the sink can."""

    def put_ntriples(self, graph_iri: str, ntriples: bytes, *, content_hash: str | None = None) -> None:
        """:meth:`put_graph` for a graph given as N-Triples text, as ``pyoxigraph.serialize`` writes
        it: UTF-8, one statement per line, each line ending in `` .\\n`` (line breaks inside literals
        are escaped, so a sink may rely on that to add a graph name to each statement)."""

    def stored_hash(self, graph_iri: str) -> str | None:
        """The content hash recorded in ``graph_iri`` (``?doc nk:contentHash ?h``), None when absent.

        A build skips a document whose graph already carries the hash it would write."""

    def close(self) -> None:
        """Flushes and releases the sink; idempotent."""


class GraphRefused(StoreError):
    """The sink refused one graph (a server answering an error for that request, after its retries)
    and still takes others: a build skips that document and goes on."""


def ntriples_of(triples: Iterable[Triple]) -> bytes:
    """``triples`` as the N-Triples text :meth:`GraphSink.put_ntriples` takes.

    >>> from pyoxigraph import NamedNode
    >>> ntriples_of([Triple(NamedNode("http://e/s"), NamedNode("http://e/p"), NamedNode("http://e/o"))])
    b'<http://e/s> <http://e/p> <http://e/o> .\\n'
    """
    return pyoxigraph.serialize(list(triples), format=RdfFormat.N_TRIPLES) or b""


def triples_of(ntriples: bytes) -> list[Triple]:
    """The triples of N-Triples text, for a sink that stores term objects."""
    return [Triple(q.subject, q.predicate, q.object) for q in pyoxigraph.parse(ntriples, format=RdfFormat.N_TRIPLES)]
