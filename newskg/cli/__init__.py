"""The ``newskg`` command line: a thin layer over the library, split by area.

Each area module exposes ``COMMANDS``; library errors become one clear stderr line and a
documented exit code (see :mod:`newskg.cli.common`).
"""

from __future__ import annotations

import logging
from typing import Any

import click

from .. import __version__
from ..errors import redact
from . import (
    build_commands,
    eval_commands,
    graph_commands,
    linking_commands,
    load_commands,
    query_commands,
    serve_commands,
    store_commands,
)
from .common import EXIT_CODES_HELP, EXIT_ERROR

__all__ = ["main"]

_AREAS = [
    build_commands,
    graph_commands,
    query_commands,
    load_commands,
    linking_commands,
    eval_commands,
    serve_commands,
    store_commands,
]


class _RedactingFormatter(logging.Formatter):
    """Log lines (tracebacks at -vv included) never show the credentials of a URL, whichever
    library logged it."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def _exit_1(error: click.UsageError) -> click.UsageError:
    # the same error (its own message and way of showing itself, e.g. the help for a bare group),
    # with newskg's code; click declares exit_code a class variable, hence setattr
    setattr(error, "exit_code", EXIT_ERROR)  # noqa: B010
    return error


class _Group(click.Group):
    """The newskg group: a usage error exits 1, as the documented exit codes say (click's own
    default, 2, is newskg's code for bad input)."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:
            raise _exit_1(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a command's options, or one the command itself refuses
            raise _exit_1(exc) from None


@click.group(
    cls=_Group,
    help="newskg: news about international politics -> an RDF knowledge graph.\n\n" + EXIT_CODES_HELP,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="newskg")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
def main(verbose: int) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="newskg: %(levelname)s: %(message)s")
    for handler in logging.getLogger().handlers:
        if type(handler) is logging.StreamHandler:  # basicConfig's, not a test harness's subclass
            handler.setFormatter(_RedactingFormatter("newskg: %(levelname)s: %(message)s"))
    # spaCy and rdflib are chatty at INFO; keep them quiet unless debugging
    for name in ("spacy", "rdflib", "owlready2"):
        logging.getLogger(name).setLevel(max(level, logging.WARNING if verbose < 2 else logging.DEBUG))


for _area in _AREAS:
    for _command in _area.COMMANDS:
        main.add_command(_command)
