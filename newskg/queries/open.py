"""Opening what a query runs on: the embedded store (default), an RDF file, or a SPARQL server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newskg.errors import InputError
from newskg.queries.targets import OxigraphTarget, RdflibTarget, SparqlTarget

__all__ = ["open_target"]


@contextmanager
def open_target(
    *,
    store: str | Path | None = None,
    graph: str | Path | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    gsp_endpoint: str | None = None,
    server: str | None = None,
    url: str | None = None,
    user: str | None = None,
    expand_class_paths: bool | None = None,
) -> Iterator[SparqlTarget]:
    """A query target for one of: an RDF file ``graph`` (with the ontology added), a remote store
    (``endpoint``, or a ``server`` preset with its ``url``), else the embedded store ``store``
    (default ``./newskg-store``, opened read-only). Closed when the block ends."""
    if graph is not None:
        import rdflib

        from newskg.ontology import ONTOLOGY_IRI, ontology_graph
        from newskg.store.files import read_dataset

        data = read_dataset(graph)
        onto = data.graph(rdflib.URIRef(ONTOLOGY_IRI))
        for triple in ontology_graph():
            onto.add(triple)
        yield RdflibTarget(data)
        return
    if endpoint is not None or server is not None:
        from newskg.store.remote import remote_from_options

        with remote_from_options(
            endpoint=endpoint,
            update_endpoint=update_endpoint,
            gsp_endpoint=gsp_endpoint,
            server=server,
            url=url,
            user=user,
            expand_class_paths=expand_class_paths,
        ) as remote:
            yield remote
        return
    from newskg.store.embedded import DEFAULT_STORE, EmbeddedStore

    path = Path(store or DEFAULT_STORE)
    if not path.is_dir():
        raise InputError("no store here", where=str(path), hint="build one first: newskg build INPUT --store DIR")
    with EmbeddedStore(path, read_only=True, ontology=False) as embedded:
        yield OxigraphTarget(embedded.store)
