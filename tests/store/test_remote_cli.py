"""``newskg load`` through click's runner, against the shared Oxigraph and Virtuoso servers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from newskg.cli import main
from newskg.cli.common import EXIT_ERROR, EXIT_STORE
from newskg.cli.load_commands import COMMANDS, load
from newskg.store import servers

pytestmark = pytest.mark.servers


def test_every_option_is_documented_and_no_password_option_exists() -> None:
    assert [load] == COMMANDS
    assert load.help and "resumes" in load.help
    for param in load.params:
        if param.param_type_name == "option":
            assert getattr(param, "help", None), param.name
    names = {opt for param in load.params for opt in param.opts}
    assert not any("pass" in name for name in names)


def test_load_then_reload_reports_unchanged(
    server_name: str, server_urls: dict[str, str], base: str, make_dataset: Callable[..., Path]
) -> None:
    path = make_dataset(base, 3)
    args = [str(path), "--server", server_name, "--url", server_urls[server_name], "--no-progress"]
    first = CliRunner().invoke(load, args)
    assert first.exit_code == 0, first.output
    assert "loaded 5 graphs" in first.output and "0 failed" in first.output
    second = CliRunner().invoke(load, args)
    assert second.exit_code == 0, second.output
    assert "loaded 2 graphs" in second.output and "3 unchanged" in second.output


def test_generic_endpoint_uses_sparql_update(
    server_urls: dict[str, str], base: str, make_dataset: Callable[..., Path]
) -> None:
    url = server_urls["oxigraph"]
    path = make_dataset(base, 2, fmt="nq")
    result = CliRunner().invoke(
        load, [str(path), "--endpoint", f"{url}/query", "--update-endpoint", f"{url}/update", "--no-ontology"]
    )
    assert result.exit_code == 0, result.output
    assert "loaded 3 graphs" in result.output


def test_unreachable_server_is_exit_4_with_one_line_naming_the_url(
    base: str, make_dataset: Callable[..., Path]
) -> None:
    port = servers.free_port()
    result = CliRunner().invoke(
        load, [str(make_dataset(base, 1)), "--server", "oxigraph", "--url", f"http://127.0.0.1:{port}"]
    )
    assert result.exit_code == EXIT_STORE
    lines = [line for line in result.output.splitlines() if line.startswith("newskg: error:")]
    assert len(lines) == 1 and f"127.0.0.1:{port}" in lines[0]


def test_wrong_password_from_the_environment(
    server_urls: dict[str, str], base: str, make_dataset: Callable[..., Path]
) -> None:
    result = CliRunner().invoke(
        load,
        [str(make_dataset(base, 1)), "--server", "virtuoso", "--url", server_urls["virtuoso"], "--user", "dba"],
        env={"NEWSKG_PASSWORD": "wrong-one"},
    )
    assert result.exit_code == EXIT_STORE
    assert "refused user 'dba'" in result.output and "wrong-one" not in result.output


def test_usage_errors_are_exit_1(tmp_path: Path) -> None:
    # through the newskg command, whose usage errors (click.UsageError) exit 1 as documented
    result = CliRunner().invoke(main, ["load", "--server", "oxigraph", "--url", "http://127.0.0.1:1"])
    assert result.exit_code == EXIT_ERROR and "FILE or --store" in result.output
    result = CliRunner().invoke(main, ["load", str(tmp_path / "x.trig"), "--server", "oxigraph"])
    assert result.exit_code == EXIT_ERROR and "--url" in result.output
