"""--workers: the real pipeline in two worker processes writes exactly what one process writes."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from newskg.builder import parallel
from newskg.builder.build import Builder, build
from newskg.store.files import FileSink


@pytest.fixture(scope="module")
def builder() -> Builder:
    return Builder(offline=True)


def build_to(path: Path, corpus: Path, builder: Builder, **options) -> bytes:
    with FileSink(path) as sink:
        report = build([corpus], sink=sink, builder=builder, progress=False, **options)
    assert report.built == 8 and report.ok
    return path.read_bytes()


def test_two_forked_workers_write_the_bytes_one_process_writes(tmp_path: Path, short_corpus: Path, builder: Builder):
    one = build_to(tmp_path / "one.nq", short_corpus, builder)
    two = build_to(tmp_path / "two.nq", short_corpus, builder, workers=2, chunk_size=3)
    assert one == two and len(one) > 10_000


@pytest.mark.slow
def test_spawned_workers_load_the_pipeline_from_the_config(tmp_path: Path, short_corpus: Path, monkeypatch):
    # where fork is unavailable (macOS, Windows) workers start fresh and remake the builder
    model_only = Builder(offline=True, components=False)
    one = build_to(tmp_path / "one.nq", short_corpus, model_only)
    monkeypatch.setattr(parallel, "_context", lambda _builder: multiprocessing.get_context("spawn"))
    two = build_to(tmp_path / "two.nq", short_corpus, model_only, workers=2)
    assert one == two
