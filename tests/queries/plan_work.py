"""Work of a query measured without a clock, shared by tests/queries/test_scale.py (canned queries)
and tests/web/test_scale.py (the app's own queries).

The query fixture's two articles are copied k times under new document ids (every copy repeats the
descriptions of the same actors, as real articles do); a query runs under Oxigraph's
``--explain --stats`` and the number of solutions all its plan nodes produce together is its work.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from newskg.ontology import ONTOLOGY_IRI, ontology_text

from .conftest import DOC1, DOC2, FIXTURE

OXIGRAPH = Path(sys.executable).with_name("oxigraph")
SMALL, LARGE = 6, 24


def _copies(k: int) -> str:
    """The fixture's documents k times over, as N-Quads with fresh document ids."""
    store = ox.Store()
    store.load(FIXTURE.read_bytes(), ox.RdfFormat.TRIG)
    text = ox.serialize(store, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return "".join(text.replace(DOC1, f"copy{i}/{DOC1}").replace(DOC2, f"copy{i}/{DOC2}") for i in range(k))


def copied_stores(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """On-disk stores of SMALL and LARGE copies, the ontology graph loaded beside them."""
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


def plan_work(store: Path, query: Path) -> tuple[int, int]:
    """(solutions produced by all plan nodes, rows of the answer)."""
    run = subprocess.run(
        [str(OXIGRAPH), "query", "--location", str(store), "--query-file", str(query), "--union-default-graph",
         "--explain", "--stats", "--results-format", "tsv"],
        capture_output=True, text=True, timeout=120, check=True,
    )
    counts = [int(n) for n in re.findall(r"number of results: (\d+)", run.stderr)]
    assert counts, run.stderr[-500:]
    return sum(counts), len(run.stdout.splitlines()) - 1
