"""`newskg build --server` streams into a real server and `newskg query --server` answers there with
the rows the embedded store gives (accusations: a query that is right on both servers)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from newskg.cli import main

ARTICLE = Path(__file__).resolve().parents[2] / "examples" / "kosovo-serbia-dialogue.txt"


def rows(output: str) -> set[tuple[str, ...]]:
    return {tuple(r) for r in csv.reader(io.StringIO(output))}


def test_build_and_query_on_a_server_match_the_embedded_store(
    server_name: str, server_urls: dict[str, str], tmp_path: Path
) -> None:
    runner = CliRunner()
    url = server_urls[server_name]
    # a base of its own, so rows from other tests' graphs on the shared server stay apart
    base = f"https://test.newskg.example/cli-{server_name}"
    remote = ["--server", server_name, "--url", url]
    built = runner.invoke(main, ["build", str(ARTICLE), "--offline", "--quiet", "--base", base, *remote])
    assert built.exit_code == 0, built.output
    local = tmp_path / "store"
    assert (
        runner.invoke(
            main, ["build", str(ARTICLE), "--offline", "--quiet", "--base", base, "--store", str(local)]
        ).exit_code
        == 0
    )
    accuser = f"accuser={base}/actor/aleksandar-vucic"
    there = runner.invoke(main, ["query", "accusations", "-p", accuser, "--format", "csv", *remote])
    here = runner.invoke(main, ["query", "accusations", "-p", accuser, "--format", "csv", "--store", str(local)])
    assert there.exit_code == 0, there.output
    assert len(rows(here.output)) > 1
    assert rows(there.output) == rows(here.output)
    # the class-walk expansion is on by default for Virtuoso only; forced either way, the rows stay
    # right on Oxigraph (which walks paths correctly) and with it on Virtuoso
    flag = "--no-expand-class-paths" if server_name == "oxigraph" else "--expand-class-paths"
    flagged = runner.invoke(main, ["query", "accusations", "-p", accuser, "--format", "csv", flag, *remote])
    assert flagged.exit_code == 0, flagged.output
    assert rows(flagged.output) == rows(here.output)
    expanded = runner.invoke(main, ["query", "timeline", "--format", "csv", "--expand-class-paths", *remote])
    assert expanded.exit_code == 0, expanded.output


def test_expand_class_paths_is_refused_without_a_remote_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["query", "accusations", "--store", str(tmp_path), "--expand-class-paths"])
    assert result.exit_code != 0 and "--expand-class-paths goes with --endpoint/--server" in result.output
