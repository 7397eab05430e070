"""``newskg link``, ``newskg identities`` and ``newskg gazetteer show|refresh``: entity linking to
Wikidata and actor identity across a corpus."""

from __future__ import annotations

from pathlib import Path

import click

from ..builder.linking.apply import DEFAULT_API_URL, DEFAULT_SPARQL_URL
from .common import fail_on_errors

__all__ = ["COMMANDS"]

_API_HELP = "Wikidata API URL (wbsearchentities)."
_SPARQL_HELP = "Wikidata SPARQL endpoint URL."


@click.command("link")
@click.option("--store", "store_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The embedded store (directory) to relink in place.")
@click.option("--online/--offline", default=False, show_default=True,
              help="Ask Wikidata for names the cache and the gazetteer do not know.")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Link cache (SQLite); default: beside the store (DIR-links.sqlite).")
@click.option("--api-url", default=DEFAULT_API_URL, show_default=True, help=_API_HELP)
@click.option("--sparql-url", default=DEFAULT_SPARQL_URL, show_default=True, help=_SPARQL_HELP)
@fail_on_errors
def link_command(store_dir: Path, online: bool, cache_path: Path | None, api_url: str, sparql_url: str) -> None:
    """Link the actors and conflicts of a built store to Wikidata.

    Adds owl:sameAs and nk:linkConfidence inside every document graph that describes an actor
    without a link; IRIs never change. Offline (the default) it uses the cache and the shipped
    gazetteer; with --online it also asks Wikidata (falling back, with one warning, when it cannot).
    Then recomputes the actor identities across documents, as `newskg identities` does.
    """
    from ..builder.linking.identity import update_identities
    from ..builder.linking.relink import relink_store

    report = relink_store(store_dir, online=online, cache_path=cache_path, api_url=api_url, sparql_url=sparql_url)
    click.echo(report.summary())
    click.echo(update_identities(store_dir).summary())  # new links can join actors across documents


@click.command("identities")
@click.option("--store", "store_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The embedded store (directory) whose actors to identify across documents.")
@click.option("--show", is_flag=True, help="Also list each actor named by more than one IRI, with its rule.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines on stderr.")
@fail_on_errors
def identities_command(store_dir: Path, show: bool, quiet: bool) -> None:
    """Decide which actor IRIs of a built store name one actor ("Pence" and "Mike Pence").

    Recomputes the store's identity graph <{base}/identities> from its document graphs: owl:sameAs
    from each IRI to the canonical one, and an nk:ActorIdentity recording the rule, confidence,
    names and documents. Document graphs are not changed; run it again after adding articles.

    Example: newskg identities --store newskg-store --show
    """
    from ..builder.linking.identity import update_identities

    def progress(message: str) -> None:
        if not quiet:
            click.echo(message, err=True)

    report = update_identities(store_dir, keep=show, progress=progress)
    for identity in report.kept:
        names = ", ".join(identity.labels)
        click.echo(f"{identity.canonical}  [{identity.rule}, {identity.confidence}]  {names}")
    click.echo(report.summary())


@click.group("gazetteer")
def gazetteer_group() -> None:
    """Look names up in the offline gazetteer, or regenerate it from Wikidata."""


@gazetteer_group.command("show")
@click.argument("name")
@click.option("--kind", type=click.Choice(["Person", "Organization", "State", "Group", "Conflict", "Place"]),
              help="Only entries of this kind.")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A gazetteer TSV to read instead of the shipped one.")
@fail_on_errors
def show_command(name: str, kind: str | None, path: Path | None) -> None:
    """Show what NAME resolves to: a name, alias, capital, metonym, demonym or entry key.

    Exits with 1 when the gazetteer does not know NAME.
    """
    from ..builder.linking.gazetteer import Gazetteer, GazetteerEntry

    gazetteer = Gazetteer.from_path(path) if path else Gazetteer.default()
    match = gazetteer.lookup(name, kinds=(kind,) if kind else None)
    entry: GazetteerEntry | None
    if match is not None:
        entry, via, confidence = match.entry, match.via, match.confidence
    elif (entry := gazetteer.demonym(name)) is not None and kind in (None, "State"):
        via, confidence = "demonym", 0.8
    elif (entry := gazetteer.get(name)) is not None and kind in (None, entry.kind):
        via, confidence = "key", 1.0
    else:
        click.echo(f"{name!r} is not in the gazetteer ({gazetteer.source})", err=True)
        raise SystemExit(1)
    lines = [
        f"{entry.label}  [{entry.kind}]  key={entry.key}",
        f"wikidata: {'http://www.wikidata.org/entity/' + entry.qid if entry.qid else '(no verified QID)'}",
        f"matched:  {name!r} as {via} (confidence {confidence:.2f})",
    ]
    for title, values in (("aliases", entry.aliases), ("demonyms", entry.demonyms), ("metonyms", entry.metonyms),
                          ("members", entry.members)):
        if values:
            lines.append(f"{title + ':':9} {'; '.join(values)}")
    if entry.capital:
        lines.append(f"capital:  {entry.capital}")
    if entry.country:
        lines.append(f"country:  {entry.country}")
    if entry.titles:
        lines.append("titles:   " + "; ".join(f"{t} ({s})" if s else t for t, s in entry.titles))
    lines.append(f"source:   {entry.note}")
    click.echo("\n".join(lines))


@gazetteer_group.command("refresh")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("gazetteer.tsv"),
              show_default=True, help="Where to write the refreshed gazetteer (TSV).")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gazetteer to start from (default: the shipped one).")
@click.option("--api-url", default=DEFAULT_API_URL, show_default=True, help=_API_HELP)
@click.option("--sparql-url", default=DEFAULT_SPARQL_URL, show_default=True, help=_SPARQL_HELP)
@fail_on_errors
def refresh_command(out: Path, path: Path | None, api_url: str, sparql_url: str) -> None:
    """Check and complete the gazetteer against Wikidata (needs the network).

    Verifies every QID's kind, fills missing QIDs when the online linker is sure, refreshes
    capitals and adds missing UN member states. Writes --out; the shipped file is not touched
    (use it with `--file` here or the actors component's gazetteer_path setting).
    Exits with 4 when Wikidata cannot be reached.
    """
    from ..builder.linking.gazetteer import Gazetteer
    from ..builder.linking.refresh import refresh_gazetteer

    gazetteer = Gazetteer.from_path(path) if path else Gazetteer.default()
    report = refresh_gazetteer(gazetteer=gazetteer, out=out, api_url=api_url, sparql_url=sparql_url,
                               progress=lambda message: click.echo(message, err=True))
    for line in report.dropped:
        click.echo(f"dropped {line}", err=True)
    click.echo(f"{report.summary()}; wrote {out}")


COMMANDS: list[click.Command] = [link_command, identities_command, gazetteer_group]
