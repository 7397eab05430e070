"""Fixtures for the scale and robustness tests: generated corpora, CLI runs, store comparisons."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from pyoxigraph import NamedNode, Quad

from newskg.ontology import ONTOLOGY_IRI
from newskg.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
#: The installed console script beside this interpreter (the venv's), as a user runs it.
NEWSKG = [str(Path(sys.executable).with_name("newskg"))]


@pytest.fixture(scope="session")
def short_corpus(tmp_path_factory: pytest.TempPathFactory, corpus_module: ModuleType) -> Path:
    """Eight generated articles of 120-200 words as JSONL: enough documents to interrupt a build
    in the middle, short enough to keep the tests fast."""
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for article in corpus_module.generate(8, seed=7, min_words=120, max_words=200):
            out.write(json.dumps(article.as_record()) + "\n")
    return path


def _document_quads(store_dir: Path) -> set[Quad]:
    """Every quad of the document graphs in an embedded store (the ontology graph left out: it is
    the same in every store, and its blank nodes differ from one load to the next)."""
    ontology = NamedNode(ONTOLOGY_IRI)
    with EmbeddedStore(store_dir, read_only=True, ontology=False) as store:
        return {q for q in store.quads() if q.graph_name != ontology}


_SNAPSHOT: list[Path] = []


def subprocess_env() -> dict[str, str]:
    """The environment for ``newskg`` subprocesses: they import a copy of the package taken once per
    session, so every process of a comparison runs the same code even while the tree is edited."""
    if not _SNAPSHOT:
        where = Path(tempfile.mkdtemp(prefix="newskg-code-"))
        shutil.copytree(ROOT / "newskg", where / "newskg", ignore=shutil.ignore_patterns("__pycache__"))
        _SNAPSHOT.append(where)
    path = os.pathsep.join(filter(None, [str(_SNAPSHOT[0]), os.environ.get("PYTHONPATH")]))
    return dict(os.environ, PYTHONPATH=path, PYTHONWARNINGS="ignore")


def _run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``newskg ARGS`` in a subprocess (a real process, as a user runs it)."""
    env = subprocess_env()
    return subprocess.run([*NEWSKG, *args], capture_output=True, text=True, timeout=timeout, env=env, check=False)


@pytest.fixture(scope="session")
def clean_build(tmp_path_factory: pytest.TempPathFactory, short_corpus: Path) -> Callable[[], set[Quad]]:
    """The document quads of an uninterrupted build of ``short_corpus`` (built once, on demand)."""
    cache: dict[str, set[Quad]] = {}

    def get() -> set[Quad]:
        if "quads" not in cache:
            store = tmp_path_factory.mktemp("clean") / "store"
            done = _run_cli("build", str(short_corpus), "--offline", "--quiet", "--store", str(store))
            assert done.returncode == 0, done.stderr
            cache["quads"] = _document_quads(store)
        return cache["quads"]

    return get


@pytest.fixture(scope="session")
def newskg_argv() -> list[str]:
    """The argv prefix that runs the ``newskg`` command."""
    assert Path(NEWSKG[0]).exists(), NEWSKG
    return list(NEWSKG)


@pytest.fixture(scope="session")
def document_quads() -> Callable[[Path], set[Quad]]:
    """The quads of the document graphs of an embedded store directory."""
    return _document_quads


@pytest.fixture(scope="session", autouse=True)
def _remove_code_snapshot():
    yield
    for where in _SNAPSHOT:
        shutil.rmtree(where, ignore_errors=True)


@pytest.fixture(scope="session")
def cli_env() -> dict[str, str]:
    """The environment every ``newskg`` subprocess of this session runs in (see subprocess_env)."""
    return subprocess_env()


@pytest.fixture(scope="session")
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Runs ``newskg ARGS`` in a subprocess; returns the completed process (stdout, stderr, code)."""
    return _run_cli
