"""``newskg build`` and ``newskg export``: from articles to a graph, and from a store to a file."""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from ..builder.corpus import DEFAULT_MAX_CHARS, MODEL_MAX_CHARS, Skipped, check_inputs
from ..builder.mapping import DEFAULT_BASE
from ..errors import InputError
from ..store.formats import Format
from .common import ENDPOINT_OPTIONS, EXIT_SKIPPED, F, endpoint_options, fail_on_errors

__all__ = ["COMMANDS"]

log = logging.getLogger(__name__)

_FORMATS = click.Choice(Format.names(), case_sensitive=False)


def _max_chars(_ctx: click.Context, _param: click.Parameter, value: int) -> int:
    if value > MODEL_MAX_CHARS:
        raise click.BadParameter(
            f"{value:,} is more than a spaCy pipeline reads ({MODEL_MAX_CHARS:,} characters; longer texts need "
            "about 1 GB of memory per 100,000 characters): split such documents"
        )
    return value


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    click.echo("newskg: terminated; what was written so far is kept (rerun the same command to resume)", err=True)
    raise SystemExit(128 + signum)


#: The options ``newskg build`` hands on to :func:`newskg.builder.build.build` under the same
#: names: a new build option is one line here and one keyword of ``build``.
_BUILD_OPTIONS = [
    click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of everything minted."),
    click.option("--model", help="spaCy pipeline to use (default en_core_web_sm)."),
    click.option(
        "--offline", is_flag=True, help="Link with the cache and the shipped gazetteer only, never the network."
    ),
    click.option("--force", is_flag=True, help="Rebuild documents the store already holds unchanged."),
    click.option("--encoding", default="utf-8", show_default=True, help="Encoding of text, JSONL and CSV files."),
    click.option(
        "--max-chars",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_CHARS,
        show_default=True,
        callback=_max_chars,
        help=f"Skip documents longer than this many characters (at most {MODEL_MAX_CHARS:,}, spaCy's limit).",
    ),
    click.option(
        "--batch-size", type=click.IntRange(min=1), default=16, show_default=True, help="Documents per spaCy batch."
    ),
    click.option(
        "--workers",
        "-j",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help="Worker processes extracting in parallel (with --dask local: the number of Dask workers).",
    ),
    click.option(
        "--dask",
        metavar="ADDRESS|local",
        help="Extract on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' for a LocalCluster.",
    ),
    click.option(
        "--shard-dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="With --dask: directory for the N-Quads shards, reachable by every worker (kept; default: temporary).",
    ),
    click.option(
        "--chunk-size",
        type=click.IntRange(min=1),
        help="Documents sent to a worker at a time (default 4 with --workers, 8 per Dask task).",
    ),
    click.option(
        "--learned/--no-learned",
        default=True,
        show_default=True,
        help="Run the learned attribution model with the rules (--no-learned: the rules alone, as before issue 16).",
    ),
]


def build_options(func: F) -> F:
    """Adds :data:`_BUILD_OPTIONS` to a command."""
    for option in reversed(_BUILD_OPTIONS):
        func = option(func)
    return func


@click.command("build")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    help="Embedded store directory to build into (default ./newskg-store).",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write an RDF file instead of a store.")
@click.option("--format", "fmt", type=_FORMATS, help="Format of --out (default: from its extension).")
@build_options
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@endpoint_options
@fail_on_errors
def build_command(
    inputs: tuple[str, ...], store: Path | None, out: Path | None, fmt: str | None, quiet: bool, **options: Any
) -> None:
    """Build articles into a knowledge graph.

    INPUT is a .txt file, a directory (read recursively), a .jsonl or .csv file (fields id, text, and
    optionally title, url, published, source), or - for stdin. Documents that cannot be read are
    reported on stderr and skipped; the exit code is then 3.

    A document the store already holds with the same text and pipeline is skipped, so an
    interrupted build resumes when the same command is run again (--force rebuilds).

    \b
    Examples:
      newskg build examples/ --store newskg-store
      newskg build article.txt --offline --out graph.trig
      newskg build corpus.jsonl --workers 2 --offline
      newskg build corpus.jsonl --dask local --workers 4 --store newskg-store
    """
    from ..builder.build import build
    from ..store import check_destination, link_cache_for, open_sink, written

    endpoint = {name: options.pop(name) for name in ENDPOINT_OPTIONS}
    _check_options(**options)
    try:
        check_destination(store=store, out=out, format=fmt, **endpoint)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    check_inputs(inputs)  # before the store exists: a typo in a path must not leave an empty store behind
    sink = open_sink(store=store, out=out, format=fmt, **endpoint)
    with _sigterm_ends_the_build(), written(sink):
        report = build(
            list(inputs),
            sink=sink,
            progress=False if quiet else None,
            on_skip=_report_skip,
            link_cache=link_cache_for(store=store, out=out, **endpoint),
            settle=True,
            **options,
        )
        _identities_after(sink, built=report.built, quiet=quiet)
    if not quiet:
        click.echo(report.summary(), err=True)
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


def _check_options(*, encoding: str, shard_dir: Path | None, dask: str | None, **_: object) -> None:
    try:
        "".encode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    if shard_dir is not None and dask is None:
        raise click.UsageError("--shard-dir goes with --dask")


def _report_skip(item: Skipped) -> None:
    click.echo(f"newskg: skipped {item}", err=True)


@contextlib.contextmanager
def _sigterm_ends_the_build() -> Iterator[None]:
    """SIGTERM (kill, a scheduler stopping the job) ends the build like Ctrl-C: the store is closed
    cleanly, the worker processes are stopped, and the same command resumes."""
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm) if in_main_thread else None
    try:
        yield
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


def _identities_after(sink: object, *, built: int, quiet: bool) -> None:
    """After articles were built into an embedded store, its actor identities across documents are
    recomputed (``newskg identities``): adding articles updates them without a rebuild."""
    from ..store.embedded import EmbeddedStore

    if built and isinstance(sink, EmbeddedStore):
        from ..builder.linking.identity import update_identities

        summary = update_identities(sink).summary()
        if not quiet:
            click.echo(f"identities: {summary}", err=True)


@click.command("export")
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("newskg-store"),
    show_default=True,
    help="Embedded store to export.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="RDF file to write.")
@click.option("--format", "fmt", type=_FORMATS, help="Format (default: from the extension of --out).")
@click.option("--with-ontology", is_flag=True, help="Include the ontology graph.")
@fail_on_errors
def export_command(store: Path, out: Path, fmt: str | None, with_ontology: bool) -> None:
    """Export the embedded store to an RDF file (TriG and N-Quads keep the named graphs)."""
    from ..store.embedded import EmbeddedStore

    with EmbeddedStore(store, read_only=True, ontology=False) as s:
        n = s.export(out, format=fmt, include_ontology=with_ontology)
    click.echo(f"wrote {n} statements to {out}", err=True)


COMMANDS = [build_command, export_command]
