"""Issue 14, item 9: a locked, read-only or missing store is one clear line and exit 4, never the
engine's own text ("IO error: While lock file: .../LOCK: Resource temporarily unavailable"); the
exit codes are the README's everywhere."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from newskg.cli.common import EXIT_CODES_HELP, EXIT_INPUT, EXIT_OK, EXIT_STORE
from newskg.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "Kenya accused Ethiopia of moving troops towards the border, a claim Addis Ababa denied."


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory, run_cli) -> Path:
    where = tmp_path_factory.mktemp("built")
    (where / "kenya.txt").write_text(ARTICLE, encoding="utf-8")
    store = where / "store"
    done = run_cli("build", str(where / "kenya.txt"), "--offline", "--quiet", "--store", str(store))
    assert done.returncode == 0, done.stderr
    return store


def only_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "IO error" not in stderr and "Traceback" not in stderr
    return lines[0]


def test_a_store_another_process_writes_to_is_named_and_left_alone(tmp_path: Path, built_store: Path, run_cli):
    article = tmp_path / "more.txt"
    article.write_text("Egypt urged calm, officials in Cairo said.", encoding="utf-8")
    with EmbeddedStore(built_store):  # this process holds the store's lock, as a running build does
        for args in (
            ("build", str(article), "--offline", "--quiet", "--store", str(built_store)),
            ("load", str(ROOT / "tests" / "queries" / "fixture.trig"), "--into", str(built_store)),
            ("link", "--store", str(built_store)),
        ):
            done = run_cli(*args)
            assert done.returncode == EXIT_STORE, (args, done.stderr)
            line = only_line(done.stderr)
            assert f"another newskg process is writing to {built_store}" in line, line
        # reading needs no lock: queries and export still answer
        done = run_cli("query", "accusations", "--store", str(built_store), "--format", "csv")
        assert done.returncode == EXIT_OK and "kenya" in done.stdout.lower(), done.stderr


@pytest.fixture
def read_only_copy(tmp_path: Path, built_store: Path) -> Iterator[Path]:
    disk = tmp_path / "ro"
    disk.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")
    try:
        subprocess.run(["cp", "-r", str(built_store), str(disk / "store")], check=True)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True, capture_output=True)
        yield disk / "store"
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True, check=False)


def test_a_store_on_a_read_only_file_system_is_read_but_not_written(tmp_path: Path, read_only_copy: Path, run_cli):
    article = tmp_path / "more.txt"
    article.write_text("Egypt urged calm, officials in Cairo said.", encoding="utf-8")
    done = run_cli("build", str(article), "--offline", "--quiet", "--store", str(read_only_copy))
    assert done.returncode == EXIT_STORE, done.stderr
    line = only_line(done.stderr)
    assert line.startswith(f"newskg: error: {read_only_copy}: cannot open the store: it is on a read-only file system")
    done = run_cli("query", "accusations", "--store", str(read_only_copy), "--format", "csv")
    assert done.returncode == EXIT_OK and "kenya" in done.stdout.lower(), done.stderr
    done = run_cli("export", "--store", str(read_only_copy), "--out", str(tmp_path / "all.nq"))
    assert done.returncode == EXIT_OK, done.stderr
    # and writing anything else there says the same, naming what was asked for
    for args, target in (
        (("load", str(tmp_path / "all.nq"), "--into", str(read_only_copy.parent / "other")), "other"),
        (("export", "--store", str(read_only_copy), "--out", str(read_only_copy.parent / "x.nq")), "x.nq"),
        (("build", str(article), "--offline", "--quiet", "--out", str(read_only_copy.parent / "g.trig")), "g.trig"),
    ):
        done = run_cli(*args)
        assert done.returncode == EXIT_STORE, (args, done.stderr)
        line = only_line(done.stderr)
        assert line.startswith(f"newskg: error: {read_only_copy.parent / target}: ") and "read-only" in line, line


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--store", "{store}", "--out", "{tmp}/x.nq"),
        ("validate", "--store", "{store}"),
        ("link", "--store", "{store}"),
        ("load", "--store", "{store}", "--server", "oxigraph", "--url", "http://127.0.0.1:9"),
        ("docs", "list", "--store", "{store}"),
        ("docs", "delete", "x", "--store", "{store}"),
        ("stats", "--store", "{store}"),
    ],
    ids=lambda args: args[0],
)
def test_no_store_here_is_a_store_error_for_every_command(tmp_path: Path, run_cli, args: tuple[str, ...]):
    store = tmp_path / "nowhere"
    done = run_cli(*(a.format(store=store, tmp=tmp_path) for a in args))
    assert done.returncode == EXIT_STORE, done.stderr
    assert only_line(done.stderr).startswith(f"newskg: error: {store}: no store here")
    assert not store.exists()


def test_a_missing_input_file_is_bad_input(tmp_path: Path, run_cli):
    for args in (
        ("load", str(tmp_path / "none.nq"), "--into", str(tmp_path / "s")),
        ("validate", str(tmp_path / "none.nq")),
    ):
        done = run_cli(*args)
        assert done.returncode == EXIT_INPUT, (args, done.stderr)
        assert str(tmp_path / "none.nq") in only_line(done.stderr)
    assert not (tmp_path / "s").exists()


def test_usage_errors_exit_1_as_documented(run_cli):
    for args in (("build",), ("no-such-command",), ("build", "x.txt", "--workers", "0"), ("load",)):
        assert run_cli(*args).returncode == 1, args


def test_every_command_reports_options_that_do_not_go_together_as_click_usage_errors(run_cli, tmp_path: Path):
    # one way for all (issue 15): click's "Usage: ... Error: ..." and exit 1, never a bare error line
    for args in (
        ("build", "x.txt", "--shard-dir", str(tmp_path)),
        ("load", "x.nq"),
        ("load", "x.nq", "--store", str(tmp_path)),
        ("load", "x.nq", "--threads", "2", "--server", "oxigraph", "--url", "http://127.0.0.1:9"),
        ("load", "x.nq", "--into", str(tmp_path / "s"), "--batch-size", "5"),
        ("validate",),
        ("query", "actors", "--store", str(tmp_path), "--graph", "x.nq"),
    ):
        done = run_cli(*args)
        assert done.returncode == 1, (args, done.stderr)
        assert f"Usage: newskg {args[0]}" in done.stderr and "Error: " in done.stderr, (args, done.stderr)
        assert "newskg: error:" not in done.stderr, (args, done.stderr)
    assert not (tmp_path / "s").exists()


def test_the_readme_documents_the_exit_codes_the_cli_uses():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert " ".join(EXIT_CODES_HELP.split()) in readme
    table = re.search(r"Exit codes: (.*?)\.", EXIT_CODES_HELP).group(1)
    codes = dict(item.split(" ", 1) for item in table.split("; "))
    assert codes == {
        "0": "success",
        "1": "usage or unexpected error",
        "2": "bad input",
        "3": "some documents skipped",
        "4": "store, network or linking error",
        "5": "query error",
        "6": "invalid graph",
    }
