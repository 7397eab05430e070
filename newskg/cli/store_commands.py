"""``newskg docs list|show|delete`` and ``newskg stats``: looking after an embedded store.

Thin wrappers over :mod:`newskg.store.management`; reading commands open the store read-only, so
they work while a build writes to it.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..store.embedded import DEFAULT_STORE
from ..store.management import DocumentInfo
from .common import fail_on_errors

__all__ = ["COMMANDS"]

_STORE = click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_STORE,
    show_default=True,
    help="The embedded store.",
)
_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


@click.group("docs")
def docs_group() -> None:
    """List, show or delete the documents of an embedded store."""


@docs_group.command("list")
@_STORE
@_JSON
@fail_on_errors
def docs_list(store: Path, as_json: bool) -> None:
    """One line per document: id, date, title (tab-separated)."""
    from ..store.management import list_documents, open_store

    with open_store(store, read_only=True) as opened:
        documents = list_documents(opened)
    if as_json:
        click.echo(json.dumps([_info(d) for d in documents], indent=1, ensure_ascii=False))
        return
    for document in documents:
        click.echo("\t".join([document.id, document.date or "", document.title or ""]))


def _info(document: DocumentInfo) -> dict[str, object]:
    return {"id": document.id, "graph": document.graph, "title": document.title, "date": document.date}


@docs_group.command("show")
@click.argument("doc_id", metavar="ID")
@_STORE
@_JSON
@fail_on_errors
def docs_show(doc_id: str, store: Path, as_json: bool) -> None:
    """What the store holds of the document ID: metadata, acts by class, actors, size."""
    from ..store.management import document_details, open_store

    with open_store(store, read_only=True) as opened:
        details = document_details(opened, doc_id)
    record = {
        **_info(details.info),
        "source": details.source,
        "characters": details.characters,
        "content_hash": details.content_hash,
        "triples": details.triples,
        "mentions": details.mentions,
        "acts": details.acts,
        "actors": details.actors,
    }
    if as_json:
        click.echo(json.dumps(record, indent=1, ensure_ascii=False))
        return
    for key in ("id", "graph", "title", "date", "source", "characters", "triples", "mentions", "content_hash"):
        if record[key] is not None:
            click.echo(f"{key}: {record[key]}")
    acts = ", ".join(f"{kind} {n}" for kind, n in details.acts.items()) or "none"
    click.echo(f"acts: {sum(details.acts.values())} ({acts})")
    click.echo(f"actors: {len(details.actors)} ({', '.join(details.actors) or 'none'})")


@docs_group.command("delete")
@click.argument("doc_ids", nargs=-1, required=True, metavar="ID...")
@_STORE
@fail_on_errors
def docs_delete(doc_ids: tuple[str, ...], store: Path) -> None:
    """Delete documents: each one's whole graph, so nothing of it is left (its actors stay as long
    as another document mentions them)."""
    from ..store.management import delete_document, open_store

    with open_store(store, read_only=False) as opened:
        for doc_id in doc_ids:
            removed = delete_document(opened, doc_id)
            click.echo(f"deleted {doc_id} ({removed} triples)", err=True)


@click.command("stats")
@_STORE
@_JSON
@fail_on_errors
def stats_command(store: Path, as_json: bool) -> None:
    """Documents, acts by class, actors, quads and size on disk of an embedded store."""
    from ..store.management import open_store, store_stats

    with open_store(store, read_only=True) as opened:
        stats = store_stats(opened)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "store": str(stats.path),
                    "documents": stats.documents,
                    "acts": stats.acts,
                    "actors": stats.actors,
                    "quads": stats.quads,
                    "bytes_on_disk": stats.bytes_on_disk,
                },
                indent=1,
            )
        )
        return
    click.echo(f"store: {stats.path}")
    click.echo(f"documents: {stats.documents:,}")
    click.echo(f"acts: {stats.total_acts:,}")
    for kind, n in stats.acts.items():
        click.echo(f"  {kind}: {n:,}")
    click.echo(f"actors: {stats.total_actors:,}")
    for kind, n in stats.actors.items():
        click.echo(f"  {kind}: {n:,}")
    click.echo(f"quads: {stats.quads:,} (the ontology graph included)")
    click.echo(f"size on disk: {stats.bytes_on_disk / 1024 / 1024:,.1f} MB")


COMMANDS: list[click.Command] = [docs_group, stats_command]
