"""Where a build writes: RDF files, the embedded Oxigraph store, or a remote SPARQL 1.1 store.

:func:`open_sink` chooses the sink from the destination options the CLI and the API share, and
:func:`written` closes it the way each kind needs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .base import GraphSink

__all__ = ["GraphSink", "check_destination", "link_cache_for", "open_sink", "written"]


def _remote_given(remote: dict[str, object]) -> bool:
    return bool(remote.get("endpoint") or remote.get("server"))


def open_sink(
    *, store: str | Path | None = None, out: str | Path | None = None, format: str | None = None, **remote: object
) -> GraphSink:
    """The sink for one destination: the file ``out`` (in ``format``, else by extension), a remote
    store (``endpoint=`` or ``server=``/``url=``, see :func:`newskg.store.remote.remote_from_options`),
    or the embedded store ``store`` (default ``./newskg-store``).

    Raises ``ValueError`` when more than one destination is given, or a format without a file.
    """
    check_destination(store=store, out=out, format=format, **remote)
    if out is not None:
        from .files import FileSink

        return FileSink(out, format=format)
    if _remote_given(remote):
        from .remote import remote_from_options

        return remote_from_options(**remote)  # type: ignore[arg-type]
    from .embedded import DEFAULT_STORE, EmbeddedStore

    return EmbeddedStore(store or DEFAULT_STORE)


def check_destination(
    *, store: str | Path | None = None, out: str | Path | None = None, format: str | None = None, **remote: object
) -> None:
    """Raises ``ValueError`` when the destination options of :func:`open_sink` do not name one
    destination (checked before anything is read or created)."""
    chosen = [name for name, value in (("store", store), ("out", out)) if value is not None]
    if _remote_given(remote):
        chosen.append("endpoint/server")
    if len(chosen) > 1:
        raise ValueError(f"choose one destination, not {' and '.join(chosen)}")
    if format and out is None:
        raise ValueError("a format goes with an output file (a store keeps its own format)")


def link_cache_for(*, store: str | Path | None = None, out: str | Path | None = None, **remote: object) -> Path | None:
    """The link cache a build into this destination uses: beside the embedded store (where
    `newskg link` looks for it too); None (the user cache directory) for files and remote stores."""
    if out is not None or _remote_given(remote):
        return None
    from ..builder.linking import default_cache_path
    from .embedded import DEFAULT_STORE

    return default_cache_path(Path(store or DEFAULT_STORE))


@contextmanager
def written(sink: GraphSink) -> Iterator[GraphSink]:
    """Closes ``sink`` after the block; when the block fails, a file is dropped (written whole or not
    at all) while a store keeps every document already written."""
    try:
        yield sink
    except BaseException:
        abort = getattr(sink, "abort", None)
        try:
            abort() if abort is not None else sink.close()
        except Exception:  # the error on its way says what went wrong; a second one would hide it
            logging.getLogger(__name__).debug("closing %r after an error failed too", sink, exc_info=True)
        raise
    sink.close()
