"""``newskg show``: one article with its facts marked, as one self-contained HTML file (the app's
article view with the stylesheet inlined, no script, no link that leaves the page)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newskg.errors import InputError
from newskg.ontology.terms import NK

__all__ = ["render_article", "show_html"]

logger = logging.getLogger("newskg.web")


def render_article(article: dict[str, Any]) -> str:
    """The standalone page of an article (as :func:`newskg.web.jobs.article` reads it)."""
    from newskg import __version__
    from newskg.web.render import environment

    return environment().get_template("show.html").render(article=article, static=True, version=__version__)


class _MemorySink:
    """A build sink writing into an in-memory pyoxigraph store."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.store = ox.Store()
        self.graphs: list[str] = []

    def put_graph(self, graph_iri: str, triples: Sequence[Any], *, content_hash: str | None = None) -> None:
        import pyoxigraph as ox

        graph = ox.NamedNode(graph_iri)
        self.store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        self.graphs.append(graph_iri)

    def put_ntriples(self, graph_iri: str, ntriples: bytes, *, content_hash: str | None = None) -> None:
        from newskg.store.base import triples_of

        self.put_graph(graph_iri, triples_of(ntriples), content_hash=content_hash)

    def stored_hash(self, graph_iri: str) -> str | None:
        return None

    def close(self) -> None:
        return None


def _documents(store: Any) -> list[str]:
    rows = store.query(
        f"SELECT ?id WHERE {{ GRAPH ?g {{ ?d a <{NK.NewsArticle}> ; <{NK.documentId}> ?id }} }} ORDER BY ?id"
    )
    return [r["id"].value for r in rows]


def show_html(
    *, article: str | Path | None = None, store: str | Path | None = None, doc_id: str | None = None,
    model: str | None = None, offline: bool = True,
) -> str:
    """The page of one article: built from the file ``article`` (offline linking by default), or read
    from the embedded ``store`` by ``doc_id``. Raises :class:`InputError` when there is no such article."""
    from newskg.web.jobs import article as read_article
    from newskg.web.jobs import context_for

    if (article is None) == (store is None):
        raise InputError("give an article file or a store with a document id")
    if article is not None:
        from newskg.builder.build import build

        sink = _MemorySink()
        report = build([article], sink=sink, model=model, offline=offline, progress=False)
        if not report.ok or not sink.graphs:
            raise InputError("the article could not be built", where=str(article),
                             hint="; ".join(str(s) for s in report.skipped) or None)
        oxstore = sink.store
    else:
        from newskg.store.embedded import EmbeddedStore

        assert store is not None  # one of article and store, checked above
        embedded = EmbeddedStore(store, read_only=True, ontology=False)
        oxstore = embedded.store
    ids = _documents(oxstore)
    chosen = doc_id or (ids[0] if len(ids) == 1 else None)
    if chosen is None:
        listed = ", ".join(ids[:10]) + (" ..." if len(ids) > 10 else "")
        raise InputError("choose the article with --doc ID", where=str(store or article), hint=f"ids: {listed}")
    data = read_article(context_for(oxstore), doc_id=chosen)
    if data is None:
        raise InputError(f"no article with the id {chosen!r}", where=str(store or article),
                         hint="list them with `newskg query mentions` or look at `newskg serve`'s article list")
    return render_article(data)
