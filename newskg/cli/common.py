"""What every newskg command shares: exit codes and the mapping of library errors to them.

Exit codes (documented in ``newskg --help`` and the README):

====  ==========================================================
0     success
1     usage error or unexpected failure
2     bad input (a file or document that cannot be read)
3     the build finished but skipped some documents
4     store, network or linking error (names the store or URL)
5     query error (unknown query, bad parameter, bad SPARQL)
6     the graph is invalid (SHACL or OWL consistency)
====  ==========================================================
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..errors import (
    ExtractionError,
    InputError,
    LinkingError,
    NewsKGError,
    OntologyError,
    QueryError,
    StoreError,
    ValidationError,
)
from ..store.remote import PASSWORD_ENV, SERVERS

__all__ = [
    "EXIT_OK",
    "EXIT_ERROR",
    "EXIT_INPUT",
    "EXIT_SKIPPED",
    "EXIT_STORE",
    "EXIT_QUERY",
    "EXIT_INVALID",
    "EXIT_CODES_HELP",
    "exit_code_for",
    "ENDPOINT_OPTIONS",
    "endpoint_options",
    "fail_on_errors",
    "error_line",
]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INPUT = 2
EXIT_SKIPPED = 3
EXIT_STORE = 4
EXIT_QUERY = 5
EXIT_INVALID = 6

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 usage or unexpected error; 2 bad input; 3 some documents skipped; "
    "4 store, network or linking error; 5 query error; 6 invalid graph."
)

F = TypeVar("F", bound=Callable[..., Any])


def exit_code_for(error: BaseException) -> int:
    """The documented exit code for a library error."""
    if isinstance(error, InputError):
        return EXIT_INPUT
    if isinstance(error, StoreError | LinkingError):
        return EXIT_STORE
    if isinstance(error, QueryError):
        return EXIT_QUERY
    if isinstance(error, ValidationError):
        return EXIT_INVALID
    if isinstance(error, OntologyError | ExtractionError | NewsKGError):
        return EXIT_ERROR
    return EXIT_ERROR


def error_line(message: str) -> None:
    """Prints one problem on stderr, prefixed so it stands out in logs."""
    click.echo(f"newskg: error: {message}", err=True)


def fail_on_errors(func: F) -> F:
    """Turns :class:`NewsKGError` raised by a command into one stderr line and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NewsKGError as exc:
            logging.getLogger("newskg").debug("command failed", exc_info=True)
            error_line(str(exc))
            sys.exit(exit_code_for(exc))
        except KeyboardInterrupt:
            error_line("interrupted; what was written so far is kept (rerun the same command to resume)")
            sys.exit(130)
        except OSError as exc:  # an I/O failure no layer turned into a NewsKGError: still one line
            logging.getLogger("newskg").debug("command failed", exc_info=True)
            from ..store.failures import describe

            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            error_line(f"{where}{describe(exc)}")
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


#: The keyword arguments :func:`endpoint_options` gives a command.
ENDPOINT_OPTIONS = ("endpoint", "update_endpoint", "gsp_endpoint", "server", "url", "user")


def endpoint_options(func: F) -> F:
    """Adds --endpoint/--update-endpoint/--gsp-endpoint/--server/--url/--user to a command (build,
    load, query): the command receives them as keyword arguments of the same names, for
    :func:`newskg.store.remote.remote_from_options`. ``--server`` offers the presets of
    :data:`newskg.store.remote.SERVERS`, so a new preset reaches every command."""
    options = [
        click.option("--endpoint", metavar="URL", help="SPARQL query endpoint (also used for updates unless given)."),
        click.option("--update-endpoint", metavar="URL", help="SPARQL Update endpoint, when it differs."),
        click.option(
            "--gsp-endpoint",
            metavar="URL",
            help="Graph Store Protocol endpoint; without one, graphs are written with SPARQL Update.",
        ),
        click.option(
            "--server",
            type=click.Choice(SERVERS),
            help="A preset that derives the three endpoints from --url (see docs/stores.md).",
        ),
        click.option(
            "--url",
            metavar="BASE",
            help="Base URL for --server (Fuseki: the dataset URL; GraphDB: the repository URL).",
        ),
        click.option(
            "--user", metavar="NAME", help=f"HTTP user (Basic or Digest); the password is read from ${PASSWORD_ENV}."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func
