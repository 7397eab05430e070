"""``newskg ontology``, ``newskg validate`` and ``newskg queries`` (``newskg query``: query_commands)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..store.formats import Format
from .common import EXIT_INVALID, fail_on_errors

__all__ = ["COMMANDS"]


@click.command("ontology")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "jsonld", "xml"]),
    default="ttl",
    show_default=True,
    help="Serialisation to print.",
)
@click.option("--html", "html_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write HTML documentation (index.html and the Turtle source) into this folder instead.")
@fail_on_errors
def ontology_command(fmt: str, html_dir: Path | None) -> None:
    """Print the newskg OWL ontology (with its CAMEO and PLOVER SKOS schemes), or document it as HTML."""
    from ..ontology import ontology_text

    if html_dir is not None:
        from ..web.ontology_doc import write_ontology_html

        click.echo(f"wrote {write_ontology_html(html_dir)}", err=True)
        return
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

        data, name = read_dataset(file, format=fmt), str(file)
    else:
        from ..store.embedded import EmbeddedStore

        assert store is not None
        with EmbeddedStore(store, read_only=True, ontology=False) as embedded:
            data, name = embedded.dataset(), str(store)
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


COMMANDS = [ontology_command, validate_command, queries_command]
