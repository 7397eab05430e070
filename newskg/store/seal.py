"""The seal newskg puts at the end of the N-Quads and TriG files it writes.

A sealed file ends with one comment line naming the SHA-256 and the length of everything before it::

    # newskg-seal sha256=9f86d081884c7d65...0f00a08 bytes=211309600

newskg writes only RDF it has validated (pyoxigraph checks every IRI and language tag when the
terms are made, and the mapping's N-Triples text is pyoxigraph's own), so a file whose bytes still
match its seal needs no second validation: ``newskg load --into`` then runs Oxigraph's loader
without it (about a sixth of its CPU), after checking the digest alongside the load; a file that was
edited, cut short or appended to no longer matches, and is loaded with full validation. The line is
an ordinary comment to every N-Quads and TriG parser (rdflib, Jena, Virtuoso, Oxigraph).

>>> import io
>>> out = io.BytesIO()
>>> writer = SealingWriter(out)
>>> writer.write(b'<http://e/s> <http://e/p> "o" <http://e/g> .\\n')
>>> writer.seal()
>>> out.getvalue().splitlines()[1].startswith(b"# newskg-seal sha256=")
True
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO

__all__ = ["Seal", "SealingWriter", "read_seal", "seal_file", "seal_line"]

_PREFIX = b"# newskg-seal sha256="
_LINE = re.compile(rb"# newskg-seal sha256=([0-9a-f]{64}) bytes=([0-9]{1,20})\n\Z")
_TAIL = 128  # bytes read from the end of a file to find the seal line (it is about 100)
_BLOCK = 1 << 24


def seal_line(digest: str, size: int) -> bytes:
    """The comment line sealing ``size`` bytes whose SHA-256 is ``digest`` (hex)."""
    return _PREFIX + f"{digest} bytes={size}\n".encode()


@dataclass(frozen=True)
class Seal:
    """A file's seal: the digest and length of the content before the seal line."""

    path: Path
    digest: str
    size: int

    def holds(self) -> bool:
        """True when the file's first ``size`` bytes still have the sealed digest."""
        hasher = hashlib.sha256()
        remaining = self.size
        try:
            with open(self.path, "rb") as handle:
                while remaining:
                    block = handle.read(min(_BLOCK, remaining))
                    if not block:
                        return False
                    hasher.update(block)  # hashlib lets other threads run while it hashes
                    remaining -= len(block)
        except OSError:
            return False
        return hasher.hexdigest() == self.digest


def read_seal(path: str | Path) -> Seal | None:
    """The seal at the end of ``path``, or None when the file ends otherwise (not written by
    newskg, or appended to since). Reads only the file's last bytes."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            end = handle.seek(0, 2)
            handle.seek(max(0, end - _TAIL))
            tail = handle.read()
    except OSError:
        return None
    start = tail.rfind(_PREFIX)
    if start < 0 or (start > 0 and tail[start - 1 : start] != b"\n"):
        return None
    match = _LINE.match(tail, start)
    if match is None:
        return None
    size = int(match.group(2))
    if size + len(tail) - start != end:  # the line must follow the sealed bytes directly
        return None
    return Seal(path, match.group(1).decode(), size)


class SealingWriter:
    """Writes to a binary file, hashing what it writes; :meth:`seal` appends the seal line."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self._hasher = hashlib.sha256()
        self._size = 0
        self._last = b"\n"

    def write(self, data: bytes) -> None:
        if not data:
            return
        self._out.write(data)
        self._hasher.update(data)
        self._size += len(data)
        self._last = data[-1:]

    def seal(self) -> None:
        """Ends the content with a newline (a comment must start a line) and writes the seal."""
        if self._last != b"\n":
            self.write(b"\n")
        self._out.write(seal_line(self._hasher.hexdigest(), self._size))


def seal_file(path: str | Path) -> None:
    """Appends the seal line to ``path`` (a file newskg has just written whole)."""
    path = Path(path)
    hasher = hashlib.sha256()
    size = 0
    last = b"\n"
    with open(path, "rb") as handle:
        while block := handle.read(_BLOCK):
            hasher.update(block)
            size += len(block)
            last = block[-1:]
    with open(path, "ab") as handle:
        if last != b"\n":
            handle.write(b"\n")
            hasher.update(b"\n")
            size += 1
        handle.write(seal_line(hasher.hexdigest(), size))
