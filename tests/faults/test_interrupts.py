"""Issue 14, item 1: a build with worker processes always ends when interrupted or when a worker dies.

A 2-worker build hung on Ctrl-C in 3 of 15 tries: the parent killed its workers, then waited in
``ProcessPoolExecutor.shutdown`` for its manager thread, which sat reading the rest of a result a
killed worker had been half-way through sending (the parent itself holds that pipe's write end, so
the read never ends).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import spacy

from newskg.builder import parallel
from newskg.builder.build import Builder, build
from newskg.builder.facts import Document
from newskg.errors import ExtractionError
from newskg.store.files import FileSink

#: The installed console script beside this interpreter (the venv's), as a user runs it.
NEWSKG = str(Path(sys.executable).with_name("newskg"))

#: A result far larger than a pipe's buffer: sending it takes many reads by the parent.
_LARGE = 16_000_000


def _large_results(builder: Builder, documents: list[Document], *, batch_size: int) -> list[parallel.SerializedGraph]:
    time.sleep(1.0)  # the parent is busy by the time the result is sent
    body = b'<http://e/s> <http://e/p> "' + b"x" * _LARGE + b'" .\n'
    return [parallel.SerializedGraph(d.id, f"http://e/g/{d.id}", body, None, 0, 1) for d in documents]


def _documents(n: int) -> list[Document]:
    return [Document(id=f"d{i}", text="Russia accused Ukraine.") for i in range(n)]


@pytest.fixture(scope="module")
def blank_builder() -> Builder:
    return Builder(offline=True, nlp=spacy.blank("en"))


def test_stopping_workers_half_way_through_sending_a_result_returns_at_once(monkeypatch, blank_builder: Builder):
    monkeypatch.setattr(parallel, "build_chunk", _large_results)
    previous = sys.getswitchinterval()
    graphs = parallel.parallel_graphs(blank_builder, _documents(6), workers=2, chunk_size=1, on_skip=print)
    time.sleep(0.5)  # the chunks reach the workers
    # the parent keeps the GIL (a long write to the store, say) while the workers start sending
    sys.setswitchinterval(30.0)
    try:
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            pass
        closer = threading.Thread(target=graphs.close, daemon=True)
        started = time.monotonic()
        closer.start()
        closer.join(20)
    finally:
        sys.setswitchinterval(previous)
    assert not closer.is_alive(), "close() blocked on a stopped worker's pipe"
    assert time.monotonic() - started < 10


def _kill_when_sending(
    builder: Builder, documents: list[Document], *, batch_size: int
) -> list[parallel.SerializedGraph]:
    if documents[0].id == "d1":  # dies half-way through sending its result, like an OOM kill
        threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGKILL)).start()
        return _large_results(builder, documents, batch_size=batch_size)
    body = b"<http://e/s> <http://e/p> <http://e/o> .\n"
    return [parallel.SerializedGraph(d.id, f"http://e/g/{d.id}", body, None, 0, 1) for d in documents]


def test_a_worker_killed_while_sending_ends_the_build_with_a_clear_error(monkeypatch, blank_builder: Builder):
    monkeypatch.setattr(parallel, "build_chunk", _kill_when_sending)
    graphs = parallel.parallel_graphs(blank_builder, _documents(6), workers=2, chunk_size=1, on_skip=print)
    received: list[str] = []
    started = time.monotonic()
    with pytest.raises(ExtractionError, match="a worker process died"):
        try:
            for graph in graphs:
                received.append(graph.doc_id)
        finally:
            graphs.close()
    assert received == ["d0"]
    assert time.monotonic() - started < 20


def test_a_killed_worker_in_a_real_build_is_reported_and_the_file_is_not_written(
    monkeypatch, tmp_path: Path, blank_builder: Builder
):
    real = parallel.build_chunk

    def dies_on_d3(builder: Builder, documents: list[Document], *, batch_size: int):
        if any(d.id == "d3" for d in documents):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(builder, documents, batch_size=batch_size)

    monkeypatch.setattr(parallel, "build_chunk", dies_on_d3)
    out = tmp_path / "g.nq"
    with pytest.raises(ExtractionError, match="rerun the same command"), FileSink(out) as sink:
        build(_documents(6), sink=sink, builder=blank_builder, workers=2, chunk_size=1, progress=False)
    assert not out.exists() and list(tmp_path.iterdir()) == []


def _group_is_gone(pgid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


#: Interrupted builds per run of the suite (16); the issue's 50 or more with
#: ``NEWSKG_STRESS_RUNS=50 .venv/bin/python -m pytest tests/faults/test_interrupts.py -k interrupted``.
STRESS_RUNS = int(os.environ.get("NEWSKG_STRESS_RUNS", "16"))


@pytest.mark.slow
@pytest.mark.timeout(max(300, 20 * STRESS_RUNS))
def test_interrupted_two_worker_builds_always_end_and_leave_no_process(tmp_path: Path, news_corpus: Path):
    """Ctrl-C to the process group (as a terminal sends it) or SIGTERM to the build, at random
    moments of a 2-worker build: every build must end with its exit code and leave no worker."""
    rng = random.Random(14)
    outcomes: list[str] = []
    for run in range(STRESS_RUNS):
        store = tmp_path / f"store-{run}"
        command = [
            NEWSKG,
            "-v",
            "build",
            str(news_corpus),
            "--offline",
            "--quiet",
            "--workers",
            "2",
            "--chunk-size",
            "1",
            "--store",
            str(store),
        ]
        by_group = run % 2 == 0
        with subprocess.Popen(
            command,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=dict(os.environ, PYTHONWARNINGS="ignore"),
            start_new_session=True,
        ) as process:
            try:
                assert process.stderr is not None
                for line in process.stderr:
                    if "INFO: built" in line:
                        break
                time.sleep(rng.uniform(0, 0.6))
                if by_group:
                    os.killpg(process.pid, signal.SIGINT)
                else:
                    process.send_signal(signal.SIGTERM)
                try:
                    _, err = process.communicate(timeout=30)  # until every holder of stderr has ended
                except subprocess.TimeoutExpired:
                    outcomes.append(f"run {run}: hung")
                    continue
                expected = 130 if by_group else 128 + signal.SIGTERM
                if process.returncode not in (expected, 0):  # 0: it finished before the signal came
                    outcomes.append(f"run {run}: exit {process.returncode}: {err[-500:]}")
                if "Traceback" in err:
                    outcomes.append(f"run {run}: a traceback: {err[-800:]}")
                if not _group_is_gone(process.pid):
                    outcomes.append(f"run {run}: a worker outlived the build")
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
    assert outcomes == []
