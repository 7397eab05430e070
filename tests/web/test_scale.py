"""Issue 17: the app's own queries do work at most linear in the corpus, measured without a clock.

As ``tests/queries/test_scale.py`` does for the canned queries: the query fixture's two articles are
copied k times under new document ids (each copy repeats the descriptions of the same actors, as
real articles do), and each page query, with its parameters bound as the app binds them, runs under
``oxigraph query --explain --stats``; the solutions all plan nodes produce are its work. A query
about one article or one act must not grow with the corpus beyond linearly; a query over the corpus
grows at most as fast as the corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from newskg.queries.binding import inject_values
from newskg.web.queries import PAGE_QUERIES

from ..queries.conftest import DOC1 as DOC
from ..queries.plan_work import LARGE, OXIGRAPH, SMALL, copied_stores, plan_work

DATA = "https://w3id.org/newskg/data"
TURKEY = URIRef(f"{DATA}/actor/turkey")
ERDOGAN = URIRef(f"{DATA}/actor/recep-tayyip-erdogan")
ACTS = (URIRef(f"{DATA}/act/copy0/{DOC}/104-110"), URIRef(f"{DATA}/act/copy0/{DOC}/134-143"))
# the bindings the app gives each query (the first copy's article, a prominent actor, two acts)
BINDINGS = {
    "LABELS": {"entity": (TURKEY, ERDOGAN)},
    "CONTENTS": {"act": ACTS},
    "EVIDENCE": {"act": ACTS},
    "ARTICLE": {"id": Literal(f"copy0/{DOC}")},
    "ARTICLE_ACTS": {"g": URIRef(f"{DATA}/graph/copy0/{DOC}")},
    "ARTICLE_SPANS": {"g": URIRef(f"{DATA}/graph/copy0/{DOC}")},
    "ARTICLE_MENTIONS": {"g": URIRef(f"{DATA}/graph/copy0/{DOC}")},
    "GRAPH_LABELS": {"g": URIRef(f"{DATA}/graph/copy0/{DOC}")},
    "DESCRIPTION": {"entity": TURKEY},
    "POSITIONS": {"actor": ERDOGAN},
    "MENTION_COUNT": {"actor": TURKEY},
    "OUTGOING": {"resource": TURKEY},
    "INCOMING": {"resource": TURKEY},
}

ONE_ARTICLE = {"ARTICLE", "ARTICLE_ACTS", "ARTICLE_SPANS", "ARTICLE_MENTIONS", "GRAPH_LABELS", "CONTENTS", "EVIDENCE"}


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    return copied_stores(tmp_path_factory)


def test_the_bindings_name_page_queries() -> None:
    assert {"ARTICLE", "ARTICLE_ACTS", "DESCRIPTION", "ACT_TYPES", "ACTOR_LABELS"} <= set(PAGE_QUERIES)
    assert set(BINDINGS) <= set(PAGE_QUERIES)


@pytest.mark.skipif(not OXIGRAPH.exists(), reason="the oxigraph command (test extra) is not installed")
@pytest.mark.parametrize("name", sorted(PAGE_QUERIES))
def test_page_query_work_grows_at_most_linearly(name: str, stores: dict[int, Path], tmp_path: Path) -> None:
    query = tmp_path / f"{name}.rq"
    query.write_text(inject_values(PAGE_QUERIES[name], BINDINGS.get(name, {})), encoding="utf-8")
    small_work, small_rows = plan_work(stores[SMALL], query)
    large_work, large_rows = plan_work(stores[LARGE], query)
    scale = LARGE / SMALL
    assert small_work > 0, f"{name} does no work on the copies: the measure would prove nothing"
    assert large_rows <= scale * max(small_rows, 1)
    assert large_work <= scale * small_work * 1.1, (
        f"{name}: {small_work} solutions on {SMALL} copies, {large_work} on {LARGE} "
        f"({large_work / small_work:.1f}x for {scale:.0f}x the documents)"
    )
    if name in ONE_ARTICLE:  # bound to one article or its acts: the rest of the corpus costs nothing
        assert large_work <= small_work * 1.5, f"{name}: {small_work} -> {large_work} for one article's facts"
