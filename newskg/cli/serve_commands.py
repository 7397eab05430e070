"""``newskg serve`` (the local web app and SPARQL endpoint) and ``newskg show`` (an article as HTML)."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from .common import fail_on_errors

__all__ = ["COMMANDS"]

_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


@click.command("serve")
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), default="newskg-store", show_default=True,
              help="The embedded store to serve (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but 127.0.0.1/localhost exposes the store to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Query worker processes: at most this many queries run at once; more wait, then get a 503.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds a SPARQL request may run; its worker is then killed and the request gets a 503.")
@fail_on_errors
def serve_command(store: Path, host: str, port: int, workers: int, timeout: float) -> None:
    """Serve the store as a local web app: articles with their facts marked, actors, conflicts, a
    network view, the canned queries and a read-only SPARQL endpoint at /sparql."""
    import uvicorn

    from ..errors import InputError
    from ..web import Settings, create_app

    if not store.is_dir():
        raise InputError("no store here", where=str(store), hint="build one first: newskg build INPUT --store DIR")
    local = host in _LOCAL_HOSTS
    allowed = None if not local else ("127.0.0.1", "localhost", "[::1]", "::1")
    settings = Settings(store=store, workers=workers, timeout=timeout, allowed_hosts=allowed)
    if not local:
        logging.getLogger("newskg").warning("serving on %s: anyone who can reach this address can read the store",
                                            host)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"newskg: serving {store} on http://{shown}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", access_log=False,
                limit_concurrency=200, timeout_keep_alive=5)


@click.command("show")
@click.argument("article", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--store", type=click.Path(file_okay=False, path_type=Path),
              help="Read the article from this embedded store instead of building ARTICLE.")
@click.option("--doc", "doc_id", help="The document id of the article in the store (or among ARTICLE's).")
@click.option("--html", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write.")
@click.option("--model", help="spaCy pipeline to build ARTICLE with (default en_core_web_sm).")
@fail_on_errors
def show_command(article: Path | None, store: Path | None, doc_id: str | None, out: Path, model: str | None) -> None:
    """Write one article with its facts marked (cue, speaker, addressee, target, content; every act
    listed with its CAMEO and PLOVER codes) as a self-contained HTML page. ARTICLE is built offline."""
    from ..web import show_html

    if (article is None) == (store is None):
        raise click.UsageError("give an ARTICLE file, or --store DIR with --doc ID")
    html = show_html(article=article, store=store, doc_id=doc_id, model=model)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    click.echo(f"wrote {out}", err=True)


COMMANDS = [serve_command, show_command]
