"""``newskg load``: put a built graph file or embedded store into any SPARQL 1.1 store.

The options shared with ``build --endpoint`` and ``query --endpoint`` are in :func:`endpoint_options`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..store.remote import PASSWORD_ENV, SERVERS, LoadEvent, load_file, remote_from_options
from .common import EXIT_CODES_HELP, EXIT_ERROR, EXIT_SKIPPED, error_line, fail_on_errors

__all__ = ["COMMANDS", "load", "endpoint_options"]


def endpoint_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Adds --endpoint/--update-endpoint/--gsp-endpoint/--server/--url/--user to a command.

    The command receives them as keyword arguments of the same names and passes them to
    :func:`newskg.store.remote.remote_from_options`.
    """
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


@click.command(
    "load",
    help=(
        "Load the named graphs of a TriG/N-Quads FILE (or an embedded store with --store) into a SPARQL 1.1 "
        "store. Each graph replaces the one of the same name; graphs the store already holds with the same "
        "content hash are skipped, so an interrupted load resumes by running it again. " + EXIT_CODES_HELP
    ),
)
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--store",
    "store_dir",
    metavar="DIR",
    type=click.Path(path_type=Path, file_okay=False),
    help="Load from an embedded store directory (written by newskg build --store) instead of a file.",
)
@endpoint_options
@click.option("--force", is_flag=True, help="Reload every graph, even those the store holds unchanged.")
@click.option("--no-ontology", is_flag=True, help="Do not add the newskg ontology graph when the source lacks it.")
@click.option("--batch-size", type=click.IntRange(1), help="Triples per INSERT DATA when SPARQL Update is used.")
@click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar on stderr (default: when stderr is a TTY)."
)
@fail_on_errors
def load(
    file: Path | None,
    store_dir: Path | None,
    endpoint: str | None,
    update_endpoint: str | None,
    gsp_endpoint: str | None,
    server: str | None,
    url: str | None,
    user: str | None,
    force: bool,
    no_ontology: bool,
    batch_size: int | None,
    progress: bool | None,
) -> None:
    if (file is None) == (store_dir is None):
        error_line("give either FILE or --store DIR")
        sys.exit(EXIT_ERROR)
    if endpoint is None and (server is None or url is None):
        error_line("give --endpoint URL, or --server NAME with --url BASE")
        sys.exit(EXIT_ERROR)
    remote = remote_from_options(
        endpoint=endpoint,
        update_endpoint=update_endpoint,
        gsp_endpoint=gsp_endpoint,
        server=server,
        url=url,
        user=user,
        batch_size=batch_size,
    )
    source = file if file is not None else store_dir
    assert source is not None
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(unit="graph", file=sys.stderr, desc="load")

    def report(event: LoadEvent) -> None:
        if bar is not None:
            bar.total = event.total
            bar.update(1)
        if event.status == "failed":
            (bar.write if bar is not None else click.echo)(f"failed: <{event.graph}>: {event.error}", file=sys.stderr)

    try:
        with remote:
            summary = load_file(source, remote, progress=report, force=force, with_ontology=not no_ontology)
    finally:
        if bar is not None:
            bar.close()
    click.echo(summary)
    if summary.failed:
        sys.exit(EXIT_SKIPPED)


COMMANDS: list[click.Command] = [load]
