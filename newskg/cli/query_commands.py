"""``newskg query``: a canned query or a ``.rq`` file, rows printed as they come."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..errors import QueryError
from ..store.formats import Format
from .common import endpoint_options, fail_on_errors

__all__ = ["COMMANDS", "parse_params"]

_ROW_FORMATS = ["table", "csv", "json", "tsv"]
_GRAPH_FORMATS = Format.names()

PARAM_HELP = """Bind a query parameter NAME=VALUE (repeatable), as an RDF term, never pasted into the text.
An actor or conflict parameter takes an IRI (<https://...>, https://..., actor:russia), a key (russia),
a Wikidata id (wd:Q159, Q159) or a label ("Mao Ning", erdogan: case and accents ignored; a label
naming several actors is refused with the list); a literal parameter takes text or N-Triples
syntax ("2020-10-06"^^xsd:date, "Ankara"@en)."""


def parse_params(raw: tuple[str, ...]) -> dict[str, str]:
    """``name=value`` strings into a dict; raises QueryError on a malformed one.

    >>> parse_params(("speaker=https://w3id.org/newskg/data/actor/russia",))
    {'speaker': 'https://w3id.org/newskg/data/actor/russia'}
    """
    params: dict[str, str] = {}
    for item in raw:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"parameter {item!r} is not name=value")
        params[name.strip().lstrip("?$")] = value
    return params


def _write_rows(stream: Any, fmt: str, max_width: int) -> None:  # a queries.RowStream
    from ..queries import write_csv, write_json, write_table, write_tsv

    out = sys.stdout
    if fmt == "table":
        write_table(stream.columns, stream, out, max_width=max_width)
    else:
        {"csv": write_csv, "json": write_json, "tsv": write_tsv}[fmt](stream.columns, stream, out)
    out.flush()


def _run(target: Any, name: str, params: dict[str, str], fmt: str | None, options: dict[str, Any]) -> None:
    from ..queries import ask_query, graph_query, load_query, stream_query

    query = load_query(name)
    if query.form == "ASK":
        click.echo("true" if ask_query(query, target, params) else "false")
        return
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        graph_format = Format.from_name(fmt if fmt and fmt in _GRAPH_FORMATS else "ttl")
        graph = graph_query(query, target, params)
        click.echo(graph.serialize(format=graph_format.rdflib_name), nl=False)
        return
    if fmt not in (None, *_ROW_FORMATS):
        raise click.UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries; {name} is a SELECT query")
    stream = stream_query(
        query,
        target,
        params,
        limit=options["limit"],
        timeout=options["timeout"],
        min_confidence=options["min_confidence"],
        ordered=options["ordered"],
    )
    _write_rows(stream, fmt or "table", options["max_width"])


@click.command("query", epilog=PARAM_HELP.replace("\n", " "))
@click.argument("name")
@click.option(
    "-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter (see below)."
)
@click.option(
    "--store", type=click.Path(file_okay=False, path_type=Path), help="Embedded store (default ./newskg-store)."
)
@click.option("--graph", type=click.Path(dir_okay=False, path_type=Path), help="Query an RDF file instead of a store.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_ROW_FORMATS + _GRAPH_FORMATS),
    help="Output: table (default), csv, json or tsv for SELECT rows; an RDF format (default ttl) for "
    "CONSTRUCT and DESCRIBE.",
)
@click.option("--limit", type=click.IntRange(min=0), help="Print at most N rows (also sent to the store as LIMIT).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Give up, naming the query, when the store has not answered in time.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    metavar="T",
    help="Keep only facts with nk:confidence >= T (0..1).",
)
@click.option(
    "--unordered",
    is_flag=True,
    help="Skip the query's ORDER BY: rows print as the store finds them, the first at once (with --limit: "
    "N rows found first, not the first N of the sorted answer, which needs all of it).",
)
@click.option(
    "--max-width",
    type=click.IntRange(min=8),
    default=60,
    show_default=True,
    help="Table cells longer than this are cut.",
)
@endpoint_options
@click.option(
    "--expand-class-paths/--no-expand-class-paths",
    default=None,
    help="Rewrite rdfs:subClassOf walks into VALUES of the ontology's classes before a remote store sees "
    "them (default: on for --server virtuoso, whose 7.2 release loses rows on such walks; off elsewhere).",
)
@fail_on_errors
def query_command(
    name: str,
    params: tuple[str, ...],
    store: Path | None,
    graph: Path | None,
    fmt: str | None,
    limit: int | None,
    timeout: float | None,
    min_confidence: float | None,
    unordered: bool,
    max_width: int,
    expand_class_paths: bool | None,
    **remote: str | None,
) -> None:
    """Run a canned query NAME (see `newskg queries`) or a .rq FILE, printing rows as they come.

    Against the embedded store (default), an RDF file (--graph), or a remote SPARQL 1.1 store
    (--endpoint URL, or --server NAME --url BASE). SELECT, ASK, CONSTRUCT and DESCRIBE queries run;
    a .rq file of your own needs no header comment.
    """
    from ..queries.open import open_target

    remote_given = bool(remote.get("endpoint") or remote.get("server"))
    if sum((store is not None, graph is not None, remote_given)) > 1:
        raise click.UsageError("choose one of --store, --graph and --endpoint/--server")
    if expand_class_paths is not None and not remote_given:
        raise click.UsageError("--expand-class-paths goes with --endpoint/--server (local stores walk paths right)")
    options = {
        "limit": limit,
        "timeout": timeout,
        "min_confidence": min_confidence,
        "ordered": not unordered,
        "max_width": max_width,
    }
    with open_target(store=store, graph=graph, expand_class_paths=expand_class_paths, **remote) as target:
        try:
            _run(target, name, parse_params(params), fmt, options)
        except BrokenPipeError:  # `newskg query ... | head`: the reader left, which is fine
            sys.stderr.close()


COMMANDS = [query_command]
