"""``newskg ontology``, ``newskg validate``, ``newskg queries`` and ``newskg query``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import QueryError
from ..store.formats import Format
from .build_commands import endpoint_options
from .common import EXIT_INVALID, fail_on_errors

__all__ = ["COMMANDS", "parse_params"]


@click.command("ontology")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "jsonld", "xml"]),
    default="ttl",
    show_default=True,
    help="Serialisation to print.",
)
@fail_on_errors
def ontology_command(fmt: str) -> None:
    """Print the newskg OWL ontology (with its CAMEO and PLOVER SKOS schemes)."""
    from ..ontology import ontology_text

    click.echo(ontology_text(fmt), nl=False)


@click.command("validate")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), help="Validate an embedded store instead.")
@click.option("--format", "fmt", type=click.Choice(Format.names()), help="Format of FILE (default: its extension).")
@click.option(
    "--consistency/--no-consistency",
    default=True,
    show_default=True,
    help="Also check OWL consistency with HermiT (needs Java).",
)
@fail_on_errors
def validate_command(file: Path | None, store: Path | None, fmt: str | None, consistency: bool) -> None:
    """Validate a built graph against the SHACL shapes and the ontology.

    Prints a readable report; exits with 6 when the graph is invalid.
    """
    from ..ontology.validation import validate

    if (file is None) == (store is None):
        raise click.UsageError("give a FILE or --store DIR")
    if file is not None:
        from ..store.files import read_dataset

        data = read_dataset(file, format=fmt)
        name = str(file)
    else:
        import rdflib

        from ..ontology import ONTOLOGY_IRI
        from ..store.embedded import EmbeddedStore

        data = rdflib.Dataset(default_union=True)
        with EmbeddedStore(store, read_only=True, ontology=False) as s:  # type: ignore[arg-type]
            import pyoxigraph

            quads = [
                q for q in s.quads() if not (hasattr(q.graph_name, "value") and q.graph_name.value == ONTOLOGY_IRI)
            ]
            data.parse(data=pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS).decode(), format="nquads")
        name = str(store)
    report = validate(data, consistency=consistency)
    click.echo(report.text())
    if not report.conforms:
        click.echo(f"newskg: {name} is not valid", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"{name}: valid", err=True)


@click.command("queries")
@fail_on_errors
def queries_command() -> None:
    """List the canned SPARQL queries: name, then what it answers."""
    from ..queries import list_queries

    infos = list_queries()
    width = max(len(q.name) for q in infos)
    for q in infos:
        params = " ".join(f"{p.name}=" for p in q.params)
        suffix = f"  [{params}]" if params else ""
        click.echo(f"{q.name:<{width}}  {q.description}{suffix}")


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


@click.command("query")
@click.argument("name")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query parameter (as an RDF term, never pasted into the text).",
)
@click.option(
    "--store", type=click.Path(file_okay=False, path_type=Path), help="Embedded store (default ./newskg-store)."
)
@click.option("--graph", type=click.Path(dir_okay=False, path_type=Path), help="Query an RDF file instead of a store.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "tsv"]),
    default="table",
    show_default=True,
    help="Output format.",
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
    fmt: str,
    expand_class_paths: bool | None,
    **remote: str | None,
) -> None:
    """Run a canned query NAME (see `newskg queries`) or a .rq FILE.

    Against the embedded store (default), an RDF file (--graph), or a remote SPARQL 1.1 store
    (--endpoint URL, or --server NAME --url BASE).
    """
    from .. import query

    remote_given = bool(remote.get("endpoint") or remote.get("server"))
    if sum((store is not None, graph is not None, remote_given)) > 1:
        raise click.UsageError("choose one of --store, --graph and --endpoint/--server")
    if expand_class_paths is not None and not remote_given:
        raise click.UsageError("--expand-class-paths goes with --endpoint/--server (local stores walk paths right)")
    result = query(
        name,
        store=store,
        graph=graph,
        params=parse_params(params),
        expand_class_paths=expand_class_paths,
        **remote,
    )
    output = {"table": result.to_table, "csv": result.to_csv, "json": result.to_json, "tsv": result.to_tsv}[fmt]()
    click.echo(output, nl=not output.endswith("\n"))


COMMANDS = [ontology_command, validate_command, queries_command, query_command]
