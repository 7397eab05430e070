"""What the operating system and RocksDB say when a store or file cannot be written, as one clear
:class:`~newskg.errors.StoreError`.

RocksDB (through pyoxigraph) reports a full disk, a read-only file system or a store another
process holds as an ``OSError`` without an errno whose text is the engine's own ("IO error: While
lock file: .../LOCK: Resource temporarily unavailable"); a file write reports an errno. Both are
recognised here, so every layer says the same thing about the same fault.

>>> print(store_failure(OSError("IO error: While lock file: /s/LOCK: Resource temporarily unavailable"),
...                     store="/s", doing="cannot open the store"))
/s: another newskg process is writing to /s (wait until it ends; queries and export can read the store meanwhile)
>>> import errno
>>> print(store_failure(OSError(errno.ENOSPC, "No space left on device"), store="g.nq", doing="cannot write"))
g.nq: cannot write: no space left on the device (free some space and run the same command again)
"""

from __future__ import annotations

import errno
from pathlib import Path

from ..errors import StoreError

__all__ = ["describe", "is_full_disk", "store_failure"]

_FULL = (errno.ENOSPC, errno.EDQUOT)
_LOCK_TEXTS = ("while lock file", "lock hold by current process", "/lock: ")


def _text(exc: BaseException) -> str:
    return str(exc).lower()


def is_full_disk(exc: BaseException) -> bool:
    """True when ``exc`` says the device (or the user's quota) is full."""
    if isinstance(exc, OSError) and exc.errno in _FULL:
        return True
    text = _text(exc)
    return "no space left on device" in text or "disk quota exceeded" in text


def is_read_only(exc: BaseException) -> bool:
    return (isinstance(exc, OSError) and exc.errno == errno.EROFS) or "read-only file system" in _text(exc)


def is_locked(exc: BaseException) -> bool:
    text = _text(exc)
    return any(mark in text for mark in _LOCK_TEXTS)


def is_denied(exc: BaseException) -> bool:
    return (isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM)) or "permission denied" in _text(exc)


def describe(exc: BaseException) -> str:
    """The engine's message without its prefix and repeated path ("IO error: While ...: /a/b: X" -> "X")."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).removeprefix("IO error: ").strip()
    return text.rsplit(": ", 1)[-1] if ": " in text else text


def store_failure(exc: BaseException, *, store: str | Path, doing: str) -> StoreError:
    """The :class:`StoreError` for ``exc``, raised while ``doing`` something with ``store`` (a
    store directory or a file)."""
    where = str(store)
    if is_locked(exc):
        return StoreError(
            f"another newskg process is writing to {where}",
            where=where,
            hint="wait until it ends; queries and export can read the store meanwhile",
        )
    if is_full_disk(exc):
        return StoreError(
            f"{doing}: no space left on the device", where=where, hint="free some space and run the same command again"
        )
    if is_read_only(exc):
        return StoreError(
            f"{doing}: it is on a read-only file system",
            where=where,
            hint="queries and export read it as it is; write to a store on a writable disk",
        )
    if is_denied(exc):
        return StoreError(f"{doing}: permission denied", where=where)
    return StoreError(f"{doing}: {describe(exc)}", where=where)
