"""Issue 17: the app's own queries do work at most linear in the corpus, measured without a clock.

As ``tests/queries/test_scale.py`` does for the canned queries: the query fixture's two articles are
copied k times under new document ids (each copy repeats the descriptions of the same actors, as
real articles do), and each page query, with its parameters bound as the app binds them, runs under
``oxigraph query --explain --stats``; the solutions all plan nodes produce are its work. A query
about one article or one act must not grow with the corpus beyond linearly; a query over the corpus
grows at most as fast as the corpus.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from newskg.ontology import ONTOLOGY_IRI, ontology_text
from newskg.queries.binding import inject_values
from newskg.web.queries import PAGE_QUERIES

FIXTURE = Path(__file__).resolve().parents[1] / "queries" / "fixture.trig"
DOC = "wire/2020-10-07-karabakh"
OTHER = "wire/2020-10-09-fighters"
DATA = "https://w3id.org/newskg/data"
OXIGRAPH = Path(sys.executable).with_name("oxigraph")
SMALL, LARGE = 6, 24
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


def _copies(k: int) -> str:
    store = ox.Store()
    store.load(FIXTURE.read_bytes(), ox.RdfFormat.TRIG)
    text = ox.serialize(store, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return "".join(text.replace(DOC, f"copy{i}/{DOC}").replace(OTHER, f"copy{i}/{OTHER}") for i in range(k))


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    made = {}
    for k in (SMALL, LARGE):
        path = tmp_path_factory.mktemp(f"web-copies{k}")
        store = ox.Store(str(path))
        store.load(_copies(k).encode("utf-8"), ox.RdfFormat.N_QUADS)
        ontology = ox.NamedNode(str(ONTOLOGY_IRI))
        store.load(ontology_text("nt").encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=ontology)
        store.flush()
        del store
        made[k] = path
    return made


def _work(store: Path, query: Path) -> tuple[int, int]:
    run = subprocess.run(
        [str(OXIGRAPH), "query", "--location", str(store), "--query-file", str(query), "--union-default-graph",
         "--explain", "--stats", "--results-format", "tsv"],
        capture_output=True, text=True, timeout=120, check=True,
    )
    counts = [int(n) for n in re.findall(r"number of results: (\d+)", run.stderr)]
    assert counts, run.stderr[-500:]
    return sum(counts), len(run.stdout.splitlines()) - 1


def test_the_bindings_name_page_queries() -> None:
    assert {"ARTICLE", "ARTICLE_ACTS", "DESCRIPTION", "ACT_TYPES", "ACTOR_LABELS"} <= set(PAGE_QUERIES)
    assert set(BINDINGS) <= set(PAGE_QUERIES)


@pytest.mark.skipif(not OXIGRAPH.exists(), reason="the oxigraph command (test extra) is not installed")
@pytest.mark.parametrize("name", sorted(PAGE_QUERIES))
def test_page_query_work_grows_at_most_linearly(name: str, stores: dict[int, Path], tmp_path: Path) -> None:
    query = tmp_path / f"{name}.rq"
    query.write_text(inject_values(PAGE_QUERIES[name], BINDINGS.get(name, {})), encoding="utf-8")
    small_work, small_rows = _work(stores[SMALL], query)
    large_work, large_rows = _work(stores[LARGE], query)
    scale = LARGE / SMALL
    assert small_work > 0, f"{name} does no work on the copies: the measure would prove nothing"
    assert large_rows <= scale * max(small_rows, 1)
    assert large_work <= scale * small_work * 1.1, (
        f"{name}: {small_work} solutions on {SMALL} copies, {large_work} on {LARGE} "
        f"({large_work / small_work:.1f}x for {scale:.0f}x the documents)"
    )
    if name in ONE_ARTICLE:  # bound to one article or its acts: the rest of the corpus costs nothing
        assert large_work <= small_work * 1.5, f"{name}: {small_work} -> {large_work} for one article's facts"
