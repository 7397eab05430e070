"""newskg: news about international politics -> an RDF knowledge graph.

The public API is three calls, each a thin layer over the library (the CLI calls the same code):

- :func:`build` reads articles into a store, a file or a remote endpoint;
- :func:`load` loads a built file or store into a SPARQL 1.1 server;
- :func:`query` runs a canned query (or a ``.rq`` file) with parameters bound as RDF terms.

>>> import newskg
>>> [name for name in newskg.__all__ if name.isalpha() and name.islower()]
['build', 'load', 'query']
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

from .errors import NewsKGError  # noqa: E402  (the version must exist before submodules import it)

if TYPE_CHECKING:
    from .builder.build import BuildReport
    from .builder.facts import Document
    from .queries import QueryResult
    from .store.remote import LoadSummary

__all__ = ["BuildReport", "LoadSummary", "NewsKGError", "QueryResult", "__version__", "build", "load", "query"]


def __getattr__(name: str) -> object:  # the result types, imported only when asked for
    if name == "BuildReport":
        from .builder.build import BuildReport

        return BuildReport
    if name == "QueryResult":
        from .queries import QueryResult

        return QueryResult
    if name == "LoadSummary":
        from .store.remote import LoadSummary

        return LoadSummary
    raise AttributeError(f"module 'newskg' has no attribute {name!r}")


def build(
    inputs: Iterable[str | Path | Document],
    *,
    store: str | Path | None = None,
    out: str | Path | None = None,
    format: str | None = None,  # noqa: A002 (the name users know from the CLI)
    endpoint: str | None = None,
    offline: bool = False,
    force: bool = False,
    model: str | None = None,
    base: str | None = None,
    learned: bool = True,
) -> BuildReport:
    """Builds articles (paths, directories, ``.jsonl``/``.csv`` files or Document objects) into
    the embedded store ``store`` (default ``./newskg-store``), the RDF file ``out``, or the remote
    SPARQL endpoint ``endpoint``. Returns the report; skipped documents are listed in it.
    ``learned=False`` builds with the rules alone, without the learned attribution model."""
    from .builder.build import build as run_build
    from .builder.mapping import DEFAULT_BASE
    from .store import link_cache_for, open_sink, written

    with written(open_sink(store=store, out=out, format=format, endpoint=endpoint)) as sink:
        return run_build(
            list(inputs),
            sink=sink,
            offline=offline,
            force=force,
            model=model,
            learned=learned,
            base=base or DEFAULT_BASE,
            progress=False,
            link_cache=link_cache_for(store=store, out=out, endpoint=endpoint),
        )


def load(
    source: str | Path,
    *,
    into: str | Path | None = None,
    endpoint: str | None = None,
    server: str | None = None,
    url: str | None = None,
    user: str | None = None,
    force: bool = False,
) -> LoadSummary:
    """Loads a TriG/N-Quads file or an embedded store directory into a SPARQL 1.1 store, one named
    graph at a time (replace semantics; unchanged graphs skipped), or with ``into`` into an embedded
    store directory (bulk-loaded when it holds no documents yet; see :mod:`newskg.store.bulk`). The
    password of ``user`` is read from ``$NEWSKG_PASSWORD``."""
    from .store.remote import load_file, remote_from_options

    if into is not None:
        if endpoint is not None or server is not None:
            raise ValueError("choose one destination: into= or a SPARQL server")
        from .store.bulk import load_into

        return load_into(source, into, force=force)
    remote = remote_from_options(endpoint=endpoint, server=server, url=url, user=user)
    with remote:
        return load_file(source, remote, force=force)


def query(
    name: str,
    *,
    store: str | Path | None = None,
    graph: str | Path | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    gsp_endpoint: str | None = None,
    server: str | None = None,
    url: str | None = None,
    user: str | None = None,
    params: Mapping[str, str] | None = None,
    expand_class_paths: bool | None = None,
    limit: int | None = None,
    timeout: float | None = None,
    min_confidence: float | None = None,
) -> QueryResult:
    """Runs the canned SELECT query ``name`` (see ``newskg queries``) or a ``.rq`` file on the
    embedded store (default), an RDF file (``graph``) or a remote store (``endpoint``, or a
    ``server`` preset with its ``url``); ``params`` are bound as RDF terms by each parameter's
    declared kind (an actor or conflict parameter also takes a label, key or Wikidata id).
    ``limit`` caps the rows, ``timeout`` (seconds) the wait for the engine, ``min_confidence``
    keeps facts with at least that ``nk:confidence``. ``expand_class_paths`` rewrites
    ``rdfs:subClassOf`` walks into ``VALUES`` of the ontology's classes before a remote store sees
    them (default: on for the ``virtuoso`` preset only; see :mod:`newskg.queries.class_paths`)."""
    from .queries import run_query
    from .queries.open import open_target

    with open_target(
        store=store,
        graph=graph,
        endpoint=endpoint,
        update_endpoint=update_endpoint,
        gsp_endpoint=gsp_endpoint,
        server=server,
        url=url,
        user=user,
        expand_class_paths=expand_class_paths,
    ) as target:
        return run_query(name, target, params, limit=limit, timeout=timeout, min_confidence=min_confidence)
