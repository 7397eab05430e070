"""Issue 13: every canned query does work linear in the corpus, measured without a clock.

The fixture's two articles are copied k times under new document ids (every copy repeats the
descriptions of the same actors, as real articles do) and each canned query is run with Oxigraph's
``--explain --stats``: the number of solutions all plan nodes produce together is the query's
work. On four times the documents a linear query does about four times the work; the queries
this issue fixed did about sixteen times (every label of an actor joined with every other).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newskg.queries import list_queries

from .plan_work import LARGE, OXIGRAPH, SMALL, copied_stores, plan_work


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    return copied_stores(tmp_path_factory)


@pytest.mark.skipif(not OXIGRAPH.exists(), reason="the oxigraph command (test extra) is not installed")
@pytest.mark.parametrize("name", [info.name for info in list_queries()])
def test_canned_query_work_grows_linearly_with_the_corpus(name: str, stores: dict[int, Path]) -> None:
    path = next(info.path for info in list_queries() if info.name == name)
    small_work, small_rows = plan_work(stores[SMALL], path)
    large_work, large_rows = plan_work(stores[LARGE], path)
    scale = LARGE / SMALL
    assert small_rows > 0, f"{name} answers nothing on the copies: the measure would prove nothing"
    # the answer itself may stay the same size (an actor's profile) or grow with the documents
    assert large_rows <= scale * small_rows
    assert large_work <= scale * small_work * 1.1, (
        f"{name}: {small_work} solutions on {SMALL} copies, {large_work} on {LARGE} "
        f"({large_work / small_work:.1f}x for {scale:.0f}x the documents)"
    )
