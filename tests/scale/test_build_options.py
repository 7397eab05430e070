"""The scale options of ``newskg build`` are documented and checked before any work starts."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from newskg.cli import main
from newskg.cli.common import EXIT_ERROR


def run(*args: str):
    return CliRunner().invoke(main, ["build", *args], catch_exceptions=False)


def test_help_documents_workers_dask_shards_and_resume():
    text = run("--help").output
    for option in ("--workers", "--dask", "--shard-dir", "--chunk-size", "--force", "--max-chars", "--encoding"):
        assert option in text
    assert "resumes" in text


def test_shard_dir_without_dask_is_a_usage_error(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Oslo hosted talks.", encoding="utf-8")
    result = run(str(tmp_path / "a.txt"), "--out", str(tmp_path / "g.nq"), "--shard-dir", str(tmp_path / "s"))
    assert result.exit_code == EXIT_ERROR and "--shard-dir goes with --dask" in result.stderr
    assert not (tmp_path / "g.nq").exists()


def test_zero_workers_is_refused(tmp_path: Path):
    result = run(str(tmp_path), "--workers", "0")
    assert result.exit_code == EXIT_ERROR and "--workers" in result.stderr
