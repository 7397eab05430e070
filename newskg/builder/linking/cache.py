"""The link cache: decisions keyed by normalised name and kind, in SQLite with a dict in front.

Every row is read into memory when the cache opens, so a lookup during a build is a dict access;
a new decision is written through to SQLite at once (one small transaction), so an interrupted
build keeps what it learnt. The default file lies beside the embedded store
(``<store>/../newskg-links.sqlite``, see :func:`default_cache_path`) or in the user cache directory.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "links.sqlite"
>>> cache = LinkCache(path)
>>> cache.store(LinkQuery("Nikol Pashinyan", "Person"), LinkDecision("Q123", 0.9, "wikidata"))
>>> LinkCache(path).link(LinkQuery("nikol  pashinyan", "Person")).qid
'Q123'
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
from dataclasses import asdict, replace
from pathlib import Path

from ...errors import LinkingError
from .base import LinkCandidate, LinkDecision, LinkQuery
from .gazetteer import normalise_name

__all__ = ["LinkCache", "default_cache_path"]

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS links (
    name TEXT NOT NULL,          -- normalised mention text
    kind TEXT NOT NULL,          -- nk: class local name of the entity
    qid TEXT,                    -- NULL: decided that there is no (sure) link
    label TEXT,
    confidence REAL NOT NULL,
    source TEXT NOT NULL,        -- who decided: wikidata, gazetteer, ...
    candidates TEXT NOT NULL,    -- JSON list of the candidates weighed
    decided_at TEXT NOT NULL,    -- ISO 8601 UTC
    PRIMARY KEY (name, kind)
)
"""


def default_cache_path(store_dir: Path | None = None) -> Path:
    """Where the cache lives: beside the embedded store when there is one, else the user cache dir."""
    if store_dir is not None:
        store_dir = Path(store_dir)
        return store_dir.parent / f"{store_dir.name}-links.sqlite"
    import platformdirs

    return Path(platformdirs.user_cache_dir("newskg")) / "links.sqlite"


class LinkCache:
    """A linker that answers from decisions made before; ``store`` records new ones.

    ``read_only`` caches never create or write the file (an offline build has nothing to add).
    """

    name = "cache"

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._memory: dict[tuple[str, str], LinkDecision] = {}
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0
        if self.path is not None:
            self._open()

    def _open(self) -> None:
        assert self.path is not None
        if self.read_only and not self.path.exists():
            return
        try:
            if self.read_only:
                conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, check_same_thread=False)
                conn.execute(_SCHEMA)
                conn.commit()
            rows = conn.execute(
                "SELECT name, kind, qid, label, confidence, source, candidates FROM links"
            ).fetchall()
        except sqlite3.Error as exc:
            raise LinkingError(f"cannot open the link cache: {exc}", where=str(self.path)) from exc
        for name, kind, qid, label, confidence, source, candidates in rows:
            self._memory[(name, kind)] = LinkDecision(
                qid=qid, confidence=confidence, source=source, label=label,
                candidates=_candidates_from_json(candidates), cached=True,
            )
        self._conn = conn
        log.debug("link cache %s: %d decisions", self.path, len(rows))

    def link(self, query: LinkQuery) -> LinkDecision | None:
        decision = self._memory.get((normalise_name(query.text), query.kind))
        if decision is None:
            self.misses += 1
        else:
            self.hits += 1
        return decision

    def store(self, query: LinkQuery, decision: LinkDecision) -> None:
        """Remembers ``decision`` for this name and kind (in memory, and on disk unless read-only)."""
        key = (normalise_name(query.text), query.kind)
        self._memory[key] = replace(decision, cached=True)
        if self._conn is None or self.read_only:
            return
        row = (
            *key, decision.qid, decision.label, decision.confidence, decision.source,
            json.dumps([asdict(c) for c in decision.candidates], ensure_ascii=False),
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        with self._lock:
            try:
                self._conn.execute("INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
                self._conn.commit()
            except sqlite3.Error as exc:
                # A cache that cannot be written must not stop a build: the decision is still in memory.
                log.warning("cannot write the link cache %s: %s", self.path, exc)

    def forget(self, text: str, kind: str) -> None:
        """Drops the decision for a name (so the next build asks again)."""
        key = (normalise_name(text), kind)
        self._memory.pop(key, None)
        if self._conn is not None and not self.read_only:
            with self._lock:
                self._conn.execute("DELETE FROM links WHERE name = ? AND kind = ?", key)
                self._conn.commit()

    def __len__(self) -> int:
        return len(self._memory)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __repr__(self) -> str:
        return f"LinkCache({self.path}, {len(self)} decisions)"


def _candidates_from_json(text: str) -> tuple[LinkCandidate, ...]:
    try:
        items = json.loads(text)
        return tuple(
            LinkCandidate(**{**item, **{k: tuple(item.get(k, ())) for k in ("types", "positions", "countries")}})
            for item in items
        )
    except (ValueError, TypeError):
        return ()
