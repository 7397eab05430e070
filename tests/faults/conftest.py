"""Fixtures of the fault-injection suite (issue 14): generated corpora and the CLI as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: The installed console script beside this interpreter (the venv's), as a user runs it.
NEWSKG = str(Path(sys.executable).with_name("newskg"))


@pytest.fixture(scope="session")
def news_corpus(tmp_path_factory: pytest.TempPathFactory, corpus_module: ModuleType) -> Path:
    """Forty generated articles of 120-200 words as JSONL: a build of it lasts long enough to be
    interrupted at any stage."""
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for article in corpus_module.generate(40, seed=7, min_words=120, max_words=200):
            out.write(json.dumps(article.as_record()) + "\n")
    return path


def cli_env() -> dict[str, str]:
    return dict(os.environ, PYTHONWARNINGS="ignore")


@pytest.fixture(scope="session")
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Runs ``newskg ARGS`` in a subprocess; returns the completed process (stdout, stderr, code)."""

    def run(*args: str, timeout: float = 90, input: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [NEWSKG, *args], capture_output=True, text=True, timeout=timeout, env=cli_env(), input=input, check=False
        )

    return run
