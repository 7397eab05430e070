"""Choosing and closing a sink: one mechanism for the CLI and the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, Triple

from newskg.cli import main
from newskg.cli.common import EXIT_ERROR
from newskg.store import link_cache_for, open_sink, written
from newskg.store.embedded import EmbeddedStore
from newskg.store.files import FileSink

TRIPLE = Triple(NamedNode("http://e.org/s"), NamedNode("http://e.org/p"), Literal("o"))


def test_one_destination_at_a_time(tmp_path: Path):
    with pytest.raises(ValueError, match="store and out"):
        open_sink(store=tmp_path / "s", out=tmp_path / "g.nq")
    with pytest.raises(ValueError, match="out and endpoint"):
        open_sink(out=tmp_path / "g.nq", endpoint="http://127.0.0.1:1/sparql")
    with pytest.raises(ValueError, match="format goes with an output file"):
        open_sink(store=tmp_path / "s", format="ttl")
    result = CliRunner().invoke(main, ["build", "x.txt", "--store", str(tmp_path / "s"), "--out", "g.nq"])
    assert result.exit_code == EXIT_ERROR and "choose one destination" in result.output  # a usage error


def test_kinds_and_link_cache_place(tmp_path: Path):
    with written(open_sink(out=tmp_path / "g.trig")) as sink:
        assert isinstance(sink, FileSink)
    with written(open_sink(store=tmp_path / "s")) as sink:
        assert isinstance(sink, EmbeddedStore)
    assert link_cache_for(store=tmp_path / "s") is not None
    assert link_cache_for(out=tmp_path / "g.trig") is None
    assert link_cache_for(server="oxigraph", url="http://127.0.0.1:1") is None


def test_a_failed_block_drops_the_file_and_keeps_the_old_one(tmp_path: Path):
    out = tmp_path / "g.nq"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), written(open_sink(out=out)) as sink:
        sink.put_graph("http://e.org/g", [TRIPLE])
        raise RuntimeError("extraction failed")
    assert out.read_text(encoding="utf-8") == "old\n"
    with written(open_sink(out=out)) as sink:
        sink.put_graph("http://e.org/g", [TRIPLE])
    assert "<http://e.org/g>" in out.read_text(encoding="utf-8")
