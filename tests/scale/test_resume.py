"""Issue 6, item 3: a build interrupted by SIGKILL, SIGTERM or Ctrl-C and rerun with the same command
ends in exactly the graph a clean build gives; documents already built are not built again."""

from __future__ import annotations

import re
import signal
import subprocess
from pathlib import Path

import pytest

BUILT_LINE = re.compile(r"INFO: built (\S+) \(\d+ triples\)")


def start_and_interrupt(
    argv: list[str],
    env: dict[str, str],
    corpus: Path,
    store: Path,
    sig: int,
    *,
    after: int,
    extra: tuple[str, ...] = (),
) -> list[str]:
    """Starts ``newskg -v build``, sends ``sig`` once ``after`` documents are in the store and
    returns its stderr lines; ``returncode`` is checked by the caller through the lines."""
    command = [*argv, "-v", "build", str(corpus), "--offline", "--quiet", "--store", str(store), *extra]
    built = 0
    lines: list[str] = []
    with subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env) as process:
        assert process.stderr is not None
        try:
            for line in process.stderr:
                lines.append(line)
                if BUILT_LINE.search(line):
                    built += 1
                    if built == after:
                        process.send_signal(sig)
                        break
            lines.extend(process.stderr.readlines())
            lines.append(f"exit {process.wait(timeout=120)}")
        finally:
            if process.poll() is None:
                process.kill()
    assert built == after, "the build ended before it could be interrupted"
    return lines


@pytest.fixture
def rerun(run_cli):
    """Runs the build again as a user would; returns its summary (stderr)."""

    def run(corpus: Path, store: Path, *extra: str) -> str:
        done = run_cli("build", str(corpus), "--offline", "--store", str(store), *extra)
        assert done.returncode == 0, done.stderr
        return done.stderr

    return run


@pytest.mark.slow
def test_killed_build_resumes_to_the_clean_graph(
    tmp_path: Path, short_corpus: Path, clean_build, newskg_argv, cli_env, document_quads, rerun
):
    store = tmp_path / "store"
    lines = start_and_interrupt(newskg_argv, cli_env, short_corpus, store, signal.SIGKILL, after=3)
    assert lines[-1] == f"exit {-signal.SIGKILL}"
    partial = document_quads(store)
    expected = clean_build()
    assert partial and partial < expected  # interrupted in the middle, nothing wrong written

    summary = rerun(short_corpus, store)
    # the documents already in the store are not built again (the kill may land after a 4th write)
    unchanged = int(re.search(r"(\d+) unchanged", summary).group(1))
    built = int(re.search(r"built (\d+) document", summary).group(1))
    assert unchanged >= 3 and unchanged + built == 8
    assert document_quads(store) == expected


@pytest.mark.slow
def test_ctrl_c_keeps_what_was_built_and_says_how_to_resume(
    tmp_path: Path, short_corpus: Path, clean_build, newskg_argv, cli_env, document_quads, rerun
):
    store = tmp_path / "store"
    lines = start_and_interrupt(newskg_argv, cli_env, short_corpus, store, signal.SIGINT, after=1)
    assert lines[-1] == "exit 130"
    assert any("interrupted" in line and "rerun the same command" in line for line in lines), lines

    rerun(short_corpus, store)
    assert document_quads(store) == clean_build()


@pytest.mark.slow
def test_terminated_parallel_build_stops_cleanly_and_resumes_to_the_clean_graph(
    tmp_path: Path, short_corpus: Path, clean_build, newskg_argv, cli_env, document_quads, rerun
):
    store = tmp_path / "store"
    extra = ("--workers", "2", "--chunk-size", "1")
    lines = start_and_interrupt(newskg_argv, cli_env, short_corpus, store, signal.SIGTERM, after=2, extra=extra)
    assert lines[-1] == "exit 143"
    assert any("terminated" in line and "rerun the same command" in line for line in lines), lines
    assert 2 <= len({q.graph_name for q in document_quads(store)}) < 8
    rerun(short_corpus, store, "--workers", "2")
    assert document_quads(store) == clean_build()


@pytest.mark.slow
def test_force_rebuilds_every_document_to_the_same_graph(
    tmp_path: Path, short_corpus: Path, clean_build, document_quads, rerun
):
    store = tmp_path / "store"
    rerun(short_corpus, store)
    again = rerun(short_corpus, store)
    assert "built 0 documents, 8 unchanged" in again
    forced = rerun(short_corpus, store, "--force")
    assert "built 8 documents" in forced and "unchanged" not in forced
    assert document_quads(store) == clean_build()
