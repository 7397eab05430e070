"""Every command and every canned query is documented: a new one without docs fails here."""

from __future__ import annotations

from pathlib import Path

import click

from newskg.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _commands(group: click.Group, prefix: str = "newskg") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix} {name}"
        out.append((full, command))
        if isinstance(command, click.Group):
            out.extend(_commands(command, full))
    return out


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name, _ in _commands(main) if f"`{name}" not in readme]
    assert not missing, f"README.md does not document: {missing}"


def test_every_command_and_option_has_help():
    undocumented = []
    for name, command in _commands(main):
        if not (command.help or command.short_help):
            undocumented.append(name)
        for param in command.params:
            if isinstance(param, click.Option) and not param.help and param.name not in ("help",):
                undocumented.append(f"{name} {param.opts[0]}")
    assert not undocumented, f"no help text: {undocumented}"


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[: readme.find("\n## ", readme.find("\n## ") + 1)]
    assert "make demo" in head and "make test" in head


def test_every_canned_query_is_in_the_readme():
    from newskg.queries import list_queries

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [q.name for q in list_queries() if f"`{q.name}`" not in readme]
    assert not missing, f"README.md does not list the queries: {missing}"
