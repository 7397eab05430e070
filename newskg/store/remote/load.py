"""Loading a file or an embedded store into a SPARQL 1.1 store, graph by graph, resumable."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph

from ...errors import StoreError
from ..loading import ONTOLOGY_GRAPH, LoadEvent, LoadSummary, put_graphs
from ..sources import iter_graphs, survey_graphs
from .store import RemoteStore, StoreUnreachable

__all__ = ["load_file"]

log = logging.getLogger("newskg.store.remote")


def _packaged_ontology() -> list[pyoxigraph.Triple]:
    from ...ontology import ontology_text

    data = ontology_text("nt").encode("utf-8")
    return [
        pyoxigraph.Triple(q.subject, q.predicate, q.object)
        for q in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
    ]


def load_file(
    source: str | Path,
    remote: RemoteStore,
    *,
    progress: Callable[[LoadEvent], None] | None = None,
    force: bool = False,
    with_ontology: bool = True,
) -> LoadSummary:
    """Loads every named graph of a TriG/N-Quads file or an embedded store directory into ``remote``.

    Resumable: a graph whose ``nk:contentHash`` the store already holds is skipped (unless
    ``force``); graphs without a hash (the ontology) are always replaced, which is idempotent.
    A graph that still fails after the retries is recorded in the summary and the rest continue;
    if the server becomes unreachable the load stops with a :class:`StoreError` that says how far it got
    (rerun the same command to resume). ``progress`` is called after each graph.
    With ``with_ontology`` and no ontology graph in ``source``, the packaged ontology is loaded into
    its graph, so queries can walk ``rdfs:subClassOf*`` on the server.
    """
    started = time.monotonic()
    survey = survey_graphs(source)
    graphs: Iterable[tuple[str, list[pyoxigraph.Triple]]] = iter_graphs(survey)
    total = len(survey.graphs)
    if with_ontology and ONTOLOGY_GRAPH not in survey.graphs:
        graphs = itertools.chain([(ONTOLOGY_GRAPH, _packaged_ontology())], graphs)
        total += 1
    summary = LoadSummary(ignored_default_triples=survey.default)
    if survey.default:
        log.warning(
            "%s: %d statements outside named graphs are not loaded (only named graphs are)", source, survey.default
        )
    remote.check()
    stored = {} if force else remote.stored_hashes()
    try:
        put_graphs(
            graphs,
            remote.put_graph,
            total=total,
            stored=stored,
            summary=summary,
            progress=progress,
            fatal=(StoreUnreachable,),
        )
    except StoreUnreachable as exc:
        summary.seconds = time.monotonic() - started
        raise StoreError(
            f"the server became unreachable after {summary.loaded + summary.unchanged} of {total} graphs "
            f"({exc.message})",
            where=exc.where,
            hint="rerun the same command to resume; graphs already loaded are skipped",
        ) from exc
    summary.seconds = time.monotonic() - started
    log.info("%s: %s", source, summary)
    return summary
