"""Fixtures shared across areas: the examples built once per session."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from .scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def examples_trig(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/ built offline into one TriG file."""
    from newskg.builder.build import build
    from newskg.store.files import FileSink

    out = tmp_path_factory.mktemp("examples") / "examples.trig"
    with FileSink(out) as sink:
        report = build([EXAMPLES], sink=sink, offline=True, progress=False)
    assert report.ok and report.built == len(list(EXAMPLES.glob("*.txt")))
    return out


@pytest.fixture(scope="session")
def examples_store(examples_trig: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/ in an embedded store (loaded from the built TriG, with the ontology graph)."""
    from newskg.store.bulk import load_into

    path = tmp_path_factory.mktemp("examples-store") / "store"
    summary = load_into(examples_trig, path)
    assert summary.ok, summary
    return path


@pytest.fixture(scope="session")
def corpus_module() -> ModuleType:
    """benchmarks/corpus.py, the benchmark corpus generator (benchmarks/ is not a package)."""
    return load_script(ROOT / "benchmarks" / "corpus.py", "newskg_bench_corpus")
