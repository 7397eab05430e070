"""What every load reports (into a server or the embedded store), in a module light enough for the
bulk loader's child process to import without rdflib or requests."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pyoxigraph

from newskg.ontology.terms import NK, ONTOLOGY_IRI

from ..errors import NewsKGError

__all__ = ["CONTENT_HASH", "ONTOLOGY_GRAPH", "LoadEvent", "LoadSummary", "graph_hash", "put_graphs"]

log = logging.getLogger(__name__)

ONTOLOGY_GRAPH = str(ONTOLOGY_IRI)
CONTENT_HASH = str(NK.contentHash)


@dataclass(frozen=True)
class LoadEvent:
    """Progress of a load: after each graph, what happened to it and how far the load is."""

    graph: str
    status: str  # "loaded" | "unchanged" | "failed"
    triples: int
    done: int
    total: int
    error: str | None = None


@dataclass
class LoadSummary:
    """What a load did: graphs loaded, skipped as unchanged, failed (with the reason)."""

    loaded: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0
    ignored_default_triples: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def __str__(self) -> str:
        text = (
            f"loaded {self.loaded} graphs ({self.triples:,} triples), {self.unchanged} unchanged, "
            f"{len(self.failed)} failed in {self.seconds:.1f} s"
        )
        if self.ignored_default_triples:
            text += f"; ignored {self.ignored_default_triples:,} default-graph triples"
        return text


def graph_hash(triples: Iterable[pyoxigraph.Triple]) -> str | None:
    """The ``nk:contentHash`` a graph's triples record, None when there is none."""
    for triple in triples:
        if triple.predicate.value == CONTENT_HASH and isinstance(triple.object, pyoxigraph.Literal):
            return triple.object.value
    return None


def put_graphs(
    graphs: Iterable[tuple[str, Sequence[pyoxigraph.Triple]]],
    put: Callable[[str, Sequence[pyoxigraph.Triple]], None],
    *,
    total: int,
    stored: Mapping[str, str],
    summary: LoadSummary,
    progress: Callable[[LoadEvent], None] | None = None,
    keep: Collection[str] = (),
    fatal: tuple[type[BaseException], ...] = (),
) -> None:
    """The per-graph loop of every incremental load (into a server or a store holding documents).

    Each ``(graph IRI, triples)`` is handed to ``put`` unless the target already holds it: its
    content hash is the one in ``stored``, or it is one of the graphs in ``keep`` (the target keeps
    them current itself). Counts go into ``summary`` and each graph is reported to ``progress``. A
    graph that fails with a :class:`NewsKGError` is recorded and the rest continue; one of the
    ``fatal`` errors is recorded and raised (the target is gone: the caller says how to resume).
    """
    for done, (graph_iri, triples) in enumerate(graphs, start=1):
        error: str | None = None
        content_hash = None if graph_iri in keep else graph_hash(triples)
        if graph_iri in keep or (content_hash is not None and stored.get(graph_iri) == content_hash):
            summary.unchanged += 1
            status = "unchanged"
        else:
            try:
                put(graph_iri, triples)
            except fatal as exc:
                summary.failed.append((graph_iri, str(exc)))
                raise
            except NewsKGError as exc:
                error = str(exc)
                summary.failed.append((graph_iri, error))
                log.error("graph <%s> not loaded: %s", graph_iri, error)
                status = "failed"
            else:
                summary.loaded += 1
                summary.triples += len(triples)
                status = "loaded"
        if progress is not None:
            progress(LoadEvent(graph_iri, status, len(triples), done, total, error))
