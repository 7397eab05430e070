"""``newskg load FILE --into DIR``: bulk loading into the embedded store (issue 5), in parallel pieces,
atomically for a new store, graph by graph into one that already holds documents."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from newskg.cli import main
from newskg.cli.load_commands import load
from newskg.errors import InputError, StoreError
from newskg.store import bulk
from newskg.store.embedded import EmbeddedStore
from newskg.store.remote import ONTOLOGY_GRAPH

BASE = "https://test.newskg.example/bulk"


def _file_quads(path: Path) -> set[ox.Quad]:
    rdf_format = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.N_QUADS
    return set(ox.parse(path=str(path), format=rdf_format))


def _store_quads(path: Path, *, ontology: bool = False) -> set[ox.Quad]:
    store = EmbeddedStore(path, read_only=True, ontology=False)
    quads = {q for q in store.quads() if ontology or q.graph_name != ox.NamedNode(ONTOLOGY_GRAPH)}
    del store
    return quads


@pytest.fixture(params=["jemalloc child", "in process"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways the bulk path runs: in a child process with jemalloc preloaded, and in this one."""
    if request.param == "in process":
        monkeypatch.setenv("NEWSKG_JEMALLOC", "0")
    elif bulk._jemalloc() is None:
        pytest.fail("libjemalloc2 is not installed: make install adds it (apt-get install libjemalloc2)")
    return request.param


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_bulk_load_into_a_new_store_holds_exactly_the_files_quads(
    make_dataset: Callable[..., Path], tmp_path: Path, fmt: str, loader: str
) -> None:
    source = make_dataset(BASE, 6, fmt=fmt)
    target = tmp_path / "store"
    # pieces of ~300 bytes: dozens of parallel bulk loads that must add up to the whole file
    summary = bulk.load_into(source, target, threads=3, piece_bytes=300)
    expected = {q for q in _file_quads(source) if q.graph_name != ox.NamedNode(ONTOLOGY_GRAPH)}
    assert summary.mode == "bulk" and summary.ok
    assert summary.loaded == len({q.graph_name for q in expected})
    assert summary.triples == len(expected)
    assert _store_quads(target) == expected
    # the packaged ontology is in its graph, so the canned queries can walk rdfs:subClassOf
    assert any(q.graph_name == ox.NamedNode(ONTOLOGY_GRAPH) for q in _store_quads(target, ontology=True))
    assert not list(tmp_path.glob(".store.loading-*")), "the staging directory is gone"


def test_pieces_cut_only_after_a_newline_and_know_their_first_line(tmp_path: Path) -> None:
    path = tmp_path / "x.nq"
    lines = [f'<{BASE}/s{i}> <{BASE}/p> "{"x" * (i % 7)}" <{BASE}/g> .\n' for i in range(50)]
    path.write_text("".join(lines), encoding="utf-8")
    pieces = list(bulk._pieces(path, 100))
    assert len(pieces) > 10
    assert b"".join(piece for _, piece in pieces) == path.read_bytes()
    assert all(piece.endswith(b"\n") for _, piece in pieces)
    for offset, piece in pieces:
        assert piece.decode().splitlines()[0] == lines[bulk._line_at(path, offset) - 1].rstrip("\n")


def test_invalid_line_names_the_file_and_its_line_and_leaves_the_target_as_it_was(
    make_dataset: Callable[..., Path], tmp_path: Path, loader: str
) -> None:
    good = make_dataset(BASE, 4, fmt="nq").read_text(encoding="utf-8").splitlines(keepends=True)
    bad_line = len(good) - 5
    broken = tmp_path / "broken.nq"
    broken.write_text("".join(good[: bad_line - 1] + ["<a b> <c> <d> <e> .\n"] + good[bad_line - 1 :]), "utf-8")
    target = tmp_path / "store"
    EmbeddedStore(target).close()  # an existing store holding only the ontology: bulk path
    before = _store_quads(target, ontology=True)
    with pytest.raises(InputError) as caught:
        bulk.load_into(broken, target, threads=2, piece_bytes=200)
    assert caught.value.where == f"{broken}:{bad_line}"
    assert "not valid N-Quads" in caught.value.message and f"line {bad_line}" in caught.value.message
    assert _store_quads(target, ontology=True) == before
    assert not list(tmp_path.glob(".store.loading-*"))


def test_a_store_holding_documents_is_loaded_graph_by_graph_and_resumes(
    make_dataset: Callable[..., Path], tmp_path: Path
) -> None:
    target = tmp_path / "store"
    first = make_dataset(BASE, 3, fmt="nq")
    assert bulk.load_into(first, target).mode == "bulk"
    # version 2 of the same three documents plus two new ones: all five load, and the vocabulary
    # graph, which has no content hash, is replaced every time (idempotent)
    second = make_dataset(BASE, 5, fmt="nq", version="2")
    summary = bulk.load_into(second, target)
    assert (summary.mode, summary.loaded, summary.unchanged) == ("incremental", 6, 0)
    expected = {q for q in _file_quads(second) if q.graph_name != ox.NamedNode(ONTOLOGY_GRAPH)}
    assert _store_quads(target) == expected, "each graph replaced, none duplicated"
    again = bulk.load_into(second, target)
    assert (again.loaded, again.unchanged) == (1, 5)
    forced = bulk.load_into(second, target, force=True)
    assert forced.loaded == 6 and _store_quads(target) == expected


def test_default_graph_statements_are_counted_and_left_out(tmp_path: Path, loader: str) -> None:
    source = tmp_path / "mixed.nq"
    source.write_text(
        f'<{BASE}/s> <{BASE}/p> "in a graph" <{BASE}/g> .\n<{BASE}/s> <{BASE}/p> "in the default graph" .\n',
        encoding="utf-8",
    )
    summary = bulk.load_into(source, tmp_path / "store", with_ontology=False)
    assert (summary.loaded, summary.triples, summary.ignored_default_triples) == (1, 1, 1)
    assert {q.object.value for q in _store_quads(tmp_path / "store")} == {"in a graph"}


def test_a_directory_that_is_not_a_store_is_refused(make_dataset: Callable[..., Path], tmp_path: Path) -> None:
    other = tmp_path / "photos"
    other.mkdir()
    (other / "cat.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(StoreError, match="not an embedded store"):
        bulk.load_into(make_dataset(BASE, 1, fmt="nq"), other)
    assert sorted(p.name for p in other.iterdir()) == ["cat.jpg"]


def test_a_triples_only_format_is_refused_with_the_reason(tmp_path: Path) -> None:
    source = tmp_path / "g.ttl"
    source.write_text(f"<{BASE}/s> <{BASE}/p> <{BASE}/o> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="only TriG"):
        bulk.load_into(source, tmp_path / "store")
    assert not (tmp_path / "store").exists()


def test_cli_load_into(make_dataset: Callable[..., Path], tmp_path: Path) -> None:
    source = make_dataset(BASE, 2, fmt="nq")
    target = tmp_path / "store"
    result = CliRunner().invoke(load, [str(source), "--into", str(target), "--threads", "2"])
    assert result.exit_code == 0, result.output
    assert "loaded 3 graphs" in result.output and "(bulk)" in result.output  # two documents + vocabulary
    again = CliRunner().invoke(load, [str(source), "--into", str(target)])
    assert again.exit_code == 0 and "2 unchanged" in again.output and "(incremental)" in again.output
    broken = tmp_path / "broken.nq"
    broken.write_text('<a b> <c> "d" <e> .\n', encoding="utf-8")
    bad = CliRunner().invoke(load, [str(broken), "--into", str(tmp_path / "other")])
    assert bad.exit_code == 2 and f"{broken}:1" in bad.output
    # usage errors, through the newskg command (whose usage errors exit 1, as documented)
    both = CliRunner().invoke(main, ["load", str(source), "--into", str(target), "--server", "oxigraph", "--url", "x"])
    assert both.exit_code == 1 and "not both" in both.output
    stray = CliRunner().invoke(main, ["load", str(source), "--server", "oxigraph", "--url", "http://x", "--lenient"])
    assert stray.exit_code == 1 and "--into" in stray.output


def _loaders_of(where: Path) -> list[str]:
    """Processes still loading into a staging directory under ``where``."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "newskg.store.bulk" in text and str(where) in text:
            found.append(text)
    return found


def test_a_killed_load_leaves_no_store_and_the_rerun_completes(tmp_path: Path) -> None:
    """SIGKILL the CLI in the middle of a bulk load: nothing appears at the target (the staging
    directory is all there is), the loading child dies with it, and the same command then loads all."""
    source = tmp_path / "big.nq"
    with open(source, "w", encoding="utf-8") as out:
        for i in range(300_000):
            out.write(f'<{BASE}/s{i}> <{BASE}/p> "value {i}" <{BASE}/g{i % 20}> .\n')
    target = tmp_path / "store"
    newskg = str(Path(sys.executable).with_name("newskg"))
    command = [newskg, "load", str(source), "--into", str(target), "--no-progress"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".store.loading-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    assert process.poll() is None, "the load finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not target.exists()
    deadline = time.monotonic() + 10
    while _loaders_of(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _loaders_of(tmp_path), "the loading child died with its parent"
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "loaded 20 graphs (300,000 triples)" in rerun.stdout
    assert len(_store_quads(target)) == 300_000
    assert not list(tmp_path.glob(".store.loading-*")), "the killed load's staging directory was removed"


def test_the_api_loads_into_an_embedded_store(make_dataset: Callable[..., Path], tmp_path: Path) -> None:
    import newskg

    source = make_dataset(BASE, 2, fmt="trig")
    summary = newskg.load(source, into=tmp_path / "store")
    assert summary.ok and summary.loaded == 3
    with pytest.raises(ValueError, match="one destination"):
        newskg.load(source, into=tmp_path / "store", server="oxigraph", url="http://127.0.0.1:1")


def test_the_packaged_ontology_replaces_one_the_file_brings(tmp_path: Path, loader: str) -> None:
    from newskg.ontology import ontology_graph

    source = tmp_path / "with-old-ontology.nq"
    source.write_text(
        "# a comment line, then a blank one\n\n"
        f'<{BASE}/s> <{BASE}/p> "x" <{BASE}/g> .\n'
        f'<https://w3id.org/newskg/ontology> <{BASE}/p> "an old ontology" <{ONTOLOGY_GRAPH}> .\n',
        encoding="utf-8",
    )
    summary = bulk.load_into(source, tmp_path / "store")
    assert (summary.loaded, summary.triples) == (1, 1)
    ontology = [q for q in _store_quads(tmp_path / "store", ontology=True) if q.graph_name.value == ONTOLOGY_GRAPH]
    assert len(ontology) == len(ontology_graph()), "exactly the packaged ontology, as EmbeddedStore keeps it"
    assert not any(q.object.value == "an old ontology" for q in ontology)
