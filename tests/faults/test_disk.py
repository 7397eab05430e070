"""Issue 14, item 3: a full disk ends a build, an export or a load with one clear line, exit 4, and
nothing left behind; a store keeps every document written before, and the same command resumes.

The disk is a 512 kB tmpfs (mounting one needs root: the tests skip where it is not permitted).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newskg.cli.common import EXIT_STORE
from newskg.store.embedded import EmbeddedStore


@dataclass
class Disk:
    path: Path

    def resize(self, size: str) -> None:
        subprocess.run(["mount", "-o", f"remount,size={size}", str(self.path)], check=True, capture_output=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Disk]:
    where = tmp_path / "disk"
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(where)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield Disk(where)
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


@pytest.fixture(scope="module")
def built_nq(tmp_path_factory: pytest.TempPathFactory, news_corpus: Path, run_cli) -> Path:
    """The forty generated articles as N-Quads (about 4 MB: more than the small disk holds)."""
    out = tmp_path_factory.mktemp("built") / "news.nq"
    done = run_cli("build", str(news_corpus), "--offline", "--quiet", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def one_clean_line(stderr: str, where: Path) -> str:
    lines = [line for line in stderr.splitlines() if "WARNING" not in line]
    assert len(lines) == 1, stderr
    [line] = lines
    assert line.startswith(f"newskg: error: {where}: ") and "no space left on the device" in line, line
    assert "Traceback" not in stderr and "IO error" not in stderr
    return line


@pytest.mark.parametrize("suffix", ["nq", "trig", "ttl", "jsonld"])
def test_build_out_on_a_full_disk_says_so_once_and_leaves_no_partial_file(
    small_disk: Disk, news_corpus: Path, run_cli, suffix: str
):
    out = small_disk.path / f"graph.{suffix}"
    done = run_cli("build", str(news_corpus), "--offline", "--quiet", "--out", str(out))
    assert done.returncode == EXIT_STORE, done.stderr
    one_clean_line(done.stderr, out)
    assert list(small_disk.path.iterdir()) == []


def test_export_on_a_full_disk_says_so_once_and_leaves_no_partial_file(
    small_disk: Disk, tmp_path: Path, built_nq: Path, run_cli
):
    store = tmp_path / "store"
    assert run_cli("load", str(built_nq), "--into", str(store)).returncode == 0
    out = small_disk.path / "all.nq"
    done = run_cli("export", "--store", str(store), "--out", str(out))
    assert done.returncode == EXIT_STORE, done.stderr
    one_clean_line(done.stderr, out)
    assert list(small_disk.path.iterdir()) == []


def test_load_into_on_a_full_disk_says_so_once_and_leaves_nothing(small_disk: Disk, built_nq: Path, run_cli):
    target = small_disk.path / "store"
    done = run_cli("load", str(built_nq), "--into", str(target))
    assert done.returncode == EXIT_STORE, done.stderr
    one_clean_line(done.stderr, target)
    assert list(small_disk.path.iterdir()) == []  # no staging directory, no half store


def test_a_store_build_on_a_full_disk_keeps_what_it_wrote_and_resumes_to_the_clean_graph(
    small_disk: Disk, tmp_path: Path, news_corpus: Path, run_cli
):
    store = small_disk.path / "store"
    done = run_cli("build", str(news_corpus), "--offline", "--quiet", "--store", str(store))
    assert done.returncode == EXIT_STORE, done.stderr
    one_clean_line(done.stderr, store)

    small_disk.resize("256m")  # space freed: the same command goes on where it stopped
    done = run_cli("build", str(news_corpus), "--offline", "--store", str(store))
    assert done.returncode == 0, done.stderr
    clean = tmp_path / "clean"
    assert run_cli("build", str(news_corpus), "--offline", "--quiet", "--store", str(clean)).returncode == 0
    assert document_quads(store) == document_quads(clean)


def document_quads(path: Path) -> set:
    from newskg.ontology import ONTOLOGY_IRI

    with EmbeddedStore(path, read_only=True, ontology=False) as store:
        return {q for q in store.quads() if getattr(q.graph_name, "value", None) != str(ONTOLOGY_IRI)}
