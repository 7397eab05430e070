"""``newskg load``: put a built graph file or embedded store into any SPARQL 1.1 store, or a built
file into an embedded store (``--into DIR``, Oxigraph's bulk loader).

The options naming a SPARQL server, shared with ``build`` and ``query``, are
:func:`newskg.cli.common.endpoint_options`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import StoreError
from ..store.remote import LoadEvent, LoadSummary, load_file, remote_from_options
from .common import EXIT_CODES_HELP, EXIT_SKIPPED, endpoint_options, fail_on_errors

__all__ = ["COMMANDS", "load"]


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
    force: bool,
    no_ontology: bool,
    batch_size: int | None,
    progress: bool | None,
    **endpoint: Any,
) -> None:
    source = _source(file, store_dir, into_dir, threads=threads, lenient=lenient, batch_size=batch_size, **endpoint)
    bar, report = _progress(progress)
    summary: LoadSummary
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
            with remote_from_options(**endpoint, batch_size=batch_size) as remote:
                summary = load_file(source, remote, progress=report, force=force, with_ontology=not no_ontology)
    finally:
        if bar is not None:
            bar.close()
    click.echo(summary)
    if summary.failed:
        sys.exit(EXIT_SKIPPED)


def _source(
    file: Path | None,
    store_dir: Path | None,
    into_dir: Path | None,
    *,
    threads: int | None,
    lenient: bool,
    batch_size: int | None,
    **endpoint: str | None,
) -> Path:
    """What to load, once the options are known to go together (a usage error says which do not)."""
    if (file is None) == (store_dir is None):
        raise click.UsageError("give either FILE or --store DIR")
    remote_given = any(endpoint.get(name) is not None for name in ("endpoint", "server", "url"))
    if into_dir is not None and remote_given:
        raise click.UsageError("give either --into DIR or a SPARQL server, not both")
    if into_dir is None and (threads is not None or lenient):
        raise click.UsageError("--threads and --lenient go with --into DIR")
    if into_dir is None and (endpoint.get("endpoint") is None and (endpoint.get("server") is None
                                                                  or endpoint.get("url") is None)):
        raise click.UsageError("give --into DIR, --endpoint URL, or --server NAME with --url BASE")
    if into_dir is not None and batch_size is not None:
        raise click.UsageError("--batch-size goes with a SPARQL server (SPARQL Update), not --into DIR")
    if store_dir is not None and not (store_dir / "CURRENT").is_file():
        raise StoreError("no store here", where=str(store_dir), hint="build one with `newskg build --store DIR`")
    source = file if file is not None else store_dir
    assert source is not None
    return source


def _progress(enabled: bool | None) -> tuple[Any, Callable[[LoadEvent], None]]:
    """A tqdm bar on stderr (None when off: by default, when stderr is not a terminal) and the
    progress callback that advances it and prints each graph that failed."""
    bar = None
    if sys.stderr.isatty() if enabled is None else enabled:
        from tqdm import tqdm

        bar = tqdm(unit="graph", file=sys.stderr, desc="load")

    def report(event: LoadEvent) -> None:
        if bar is not None:
            bar.total = event.total
            bar.update(1)
        if event.status == "failed":
            (bar.write if bar is not None else click.echo)(f"failed: <{event.graph}>: {event.error}", file=sys.stderr)

    return bar, report


COMMANDS: list[click.Command] = [load]
