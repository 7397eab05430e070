"""Issue 13: every canned query does work linear in the corpus, measured without a clock.

The fixture's two articles are copied k times under new document ids (every copy repeats the
descriptions of the same actors, as real articles do) and each canned query is run with Oxigraph's
``--explain --stats``: the number of solutions all plan nodes produce together is the query's
work. On four times the documents a linear query does about four times the work; the queries
this issue fixed did about sixteen times (every label of an actor joined with every other).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from newskg.ontology import ONTOLOGY_IRI, ontology_text
from newskg.queries import list_queries

from .conftest import DOC1, DOC2, FIXTURE

OXIGRAPH = Path(sys.executable).with_name("oxigraph")
SMALL, LARGE = 6, 24


def _copies(k: int) -> str:
    """The fixture's documents k times over, as N-Quads with fresh document ids."""
    store = ox.Store()
    store.load(FIXTURE.read_bytes(), ox.RdfFormat.TRIG)
    text = ox.serialize(store, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return "".join(text.replace(DOC1, f"copy{i}/{DOC1}").replace(DOC2, f"copy{i}/{DOC2}") for i in range(k))


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    made = {}
    for k in (SMALL, LARGE):
        path = tmp_path_factory.mktemp(f"copies{k}")
        store = ox.Store(str(path))
        store.load(_copies(k).encode("utf-8"), ox.RdfFormat.N_QUADS)
        ontology = ox.NamedNode(str(ONTOLOGY_IRI))
        store.load(ontology_text("nt").encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=ontology)
        store.flush()
        del store
        made[k] = path
    return made


def _work(store: Path, query: Path) -> tuple[int, int]:
    """(solutions produced by all plan nodes, rows of the answer)."""
    run = subprocess.run(
        [str(OXIGRAPH), "query", "--location", str(store), "--query-file", str(query), "--union-default-graph",
         "--explain", "--stats", "--results-format", "tsv"],
        capture_output=True, text=True, timeout=120, check=True,
    )
    counts = [int(n) for n in re.findall(r"number of results: (\d+)", run.stderr)]
    assert counts, run.stderr[-500:]
    return sum(counts), len(run.stdout.splitlines()) - 1


@pytest.mark.skipif(not OXIGRAPH.exists(), reason="the oxigraph command (test extra) is not installed")
@pytest.mark.parametrize("name", [info.name for info in list_queries()])
def test_canned_query_work_grows_linearly_with_the_corpus(name: str, stores: dict[int, Path]) -> None:
    path = next(info.path for info in list_queries() if info.name == name)
    small_work, small_rows = _work(stores[SMALL], path)
    large_work, large_rows = _work(stores[LARGE], path)
    scale = LARGE / SMALL
    assert small_rows > 0, f"{name} answers nothing on the copies: the measure would prove nothing"
    # the answer itself may stay the same size (an actor's profile) or grow with the documents
    assert large_rows <= scale * small_rows
    assert large_work <= scale * small_work * 1.1, (
        f"{name}: {small_work} solutions on {SMALL} copies, {large_work} on {LARGE} "
        f"({large_work / small_work:.1f}x for {scale:.0f}x the documents)"
    )
