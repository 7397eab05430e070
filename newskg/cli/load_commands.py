"""``newskg load``: put a built graph file or embedded store into any SPARQL 1.1 store, or a built
file into an embedded store (``--into DIR``, Oxigraph's bulk loader).

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
        "store, or with --into DIR into an embedded store. Each graph replaces the one of the same name; graphs "
        "the store already holds with the same content hash are skipped, so an interrupted load resumes by "
        "running it again. Into a new or document-free embedded store the file is bulk-loaded (in parallel "
        "pieces for N-Quads) and the store appears only once the load is complete. " + EXIT_CODES_HELP
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
@click.option(
    "--into",
    "into_dir",
    metavar="DIR",
    type=click.Path(path_type=Path, file_okay=False),
    help="Load into this embedded store directory (created when missing) instead of a SPARQL server.",
)
@click.option(
    "--threads",
    type=click.IntRange(1),
    help="Parallel loader threads for --into (default: two per core).",
)
@click.option(
    "--lenient",
    is_flag=True,
    help="With --into: skip IRI and language-tag validation (faster; for files you trust). Files newskg wrote "
    "(build --out, export: N-Quads, TriG) skip it anyway while their seal, a digest on the last line, matches.",
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
    into_dir: Path | None,
    threads: int | None,
    lenient: bool,
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
    remote_given = endpoint is not None or server is not None or url is not None
    if into_dir is not None and remote_given:
        error_line("give either --into DIR or a SPARQL server, not both")
        sys.exit(EXIT_ERROR)
    if into_dir is None and (threads is not None or lenient):
        error_line("--threads and --lenient go with --into DIR")
        sys.exit(EXIT_ERROR)
    if into_dir is None and (endpoint is None and (server is None or url is None)):
        error_line("give --into DIR, --endpoint URL, or --server NAME with --url BASE")
        sys.exit(EXIT_ERROR)
    source = file if file is not None else store_dir
    assert source is not None
    if store_dir is not None and not (store_dir / "CURRENT").is_file():
        from ..errors import StoreError

        raise StoreError("no store here", where=str(store_dir), hint="build one with `newskg build --store DIR`")
    if into_dir is not None and batch_size is not None:
        error_line("--batch-size goes with a SPARQL server (SPARQL Update), not --into DIR")
        sys.exit(EXIT_ERROR)
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
        if into_dir is not None:
            from ..store.bulk import load_into

            summary = load_into(
                source,
                into_dir,
                force=force,
                with_ontology=not no_ontology,
                threads=threads,
                lenient=lenient,
                progress=report,
            )
        else:
            remote = remote_from_options(
                endpoint=endpoint,
                update_endpoint=update_endpoint,
                gsp_endpoint=gsp_endpoint,
                server=server,
                url=url,
                user=user,
                batch_size=batch_size,
            )
            with remote:
                summary = load_file(source, remote, progress=report, force=force, with_ontology=not no_ontology)
    finally:
        if bar is not None:
            bar.close()
    click.echo(summary)
    if summary.failed:
        sys.exit(EXIT_SKIPPED)


COMMANDS: list[click.Command] = [load]
