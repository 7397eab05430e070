"""What every place a build can write to offers: a sink that replaces one named graph at a time.

Sinks: :class:`newskg.store.files.FileSink` (ttl, nt, nq, trig, jsonld, xml),
:class:`newskg.store.embedded.EmbeddedStore` (pyoxigraph on disk) and
:class:`newskg.store.remote.RemoteStore` (any SPARQL 1.1 server).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from pyoxigraph import Triple

__all__ = ["GraphSink"]


@runtime_checkable
class GraphSink(Protocol):
    """A destination for per-document named graphs."""

    def put_graph(self, graph_iri: str, triples: Sequence[Triple], *, content_hash: str | None = None) -> None:
        """Replaces the named graph ``graph_iri`` with ``triples``, atomically where the sink can."""

    def stored_hash(self, graph_iri: str) -> str | None:
        """The content hash recorded in ``graph_iri`` (``?doc nk:contentHash ?h``), None when absent.

        A build skips a document whose graph already carries the hash it would write."""

    def close(self) -> None:
        """Flushes and releases the sink; idempotent."""
