"""N-Triples text written directly, byte for byte as ``pyoxigraph.serialize`` writes it.

The mapping emits a document graph as canonical N-Triples lines instead of pyoxigraph term
objects: making ~2,300 ``Triple`` objects per article (and hashing them to drop duplicates) cost
more CPU than every newskg component together, and each sink serialised them straight back to
text. :class:`NTriples` carries that text; it is a ``Sequence[Triple]`` that parses itself only
when a caller iterates it, so code that wants term objects still gets them.

A sink that can take text reads the body from the ``ntriples`` attribute of the sequence it is
handed (duck-typed, so the store layer does not import the builder)::

    body = getattr(triples, "ntriples", None)   # bytes, one statement per line, or None

The escaping is pyoxigraph's (oxrdf's ``print_quoted_str``): ``\\b \\t \\n \\f \\r \\" \\\\``,
``\\uXXXX`` for the other C0 controls, DEL, U+FFFE and U+FFFF; everything else as UTF-8. IRIs
are written as they are (the minter has percent-encoded them already).

>>> literal('say "no"\\n')
'"say \\\\"no\\\\"\\\\n"'
>>> typed("3", "http://www.w3.org/2001/XMLSchema#integer")
'"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
>>> body = NTriples(b'<http://e/s> <http://e/p> "o" .\\n')
>>> len(body), body[0].object.value
(1, 'o')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

import pyoxigraph
from pyoxigraph import RdfFormat, Triple

__all__ = ["NTriples", "iri", "literal", "typed"]

_ESCAPES = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}
for _code in [*range(0x20), 0x7F, 0xFFFE, 0xFFFF]:
    _ESCAPES.setdefault(chr(_code), f"\\u{_code:04X}")
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")


def literal(value: str) -> str:
    """A plain (xsd:string) literal in N-Triples."""
    if _NEEDS_ESCAPE.search(value) is None:  # nearly every anchor and label: no copy to translate
        return f'"{value}"'
    return f'"{value.translate(_ESCAPE_TABLE)}"'


def typed(value: str, datatype: str) -> str:
    """A literal of ``datatype`` (an IRI) in N-Triples."""
    return f"{literal(value)}^^<{datatype}>"


def iri(value: str) -> str:
    """An IRI in N-Triples (``value`` must already be a valid IRI)."""
    return f"<{value}>"


class NTriples(Sequence[Triple]):
    """The triples of one graph as canonical N-Triples bytes, parsed on demand.

    ``len`` counts lines without parsing (N-Triples escapes every line break inside a literal, so
    each statement is one line); indexing or iterating parses the body once and keeps the triples.
    """

    __slots__ = ("ntriples", "_count", "_parsed")

    def __init__(self, ntriples: bytes, count: int | None = None) -> None:
        self.ntriples = ntriples
        self._count = count
        self._parsed: list[Triple] | None = None

    @classmethod
    def of(cls, triples: Iterable[Triple]) -> NTriples:
        """The N-Triples of ``triples`` (already an :class:`NTriples`: itself)."""
        if isinstance(triples, NTriples):
            return triples
        listed = list(triples)
        body = pyoxigraph.serialize(listed, format=RdfFormat.N_TRIPLES) or b""
        return cls(body, len(listed))

    def _triples(self) -> list[Triple]:
        if self._parsed is None:
            self._parsed = [
                Triple(q.subject, q.predicate, q.object)
                for q in pyoxigraph.parse(self.ntriples, format=RdfFormat.N_TRIPLES)
            ]
            self._count = len(self._parsed)
        return self._parsed

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.ntriples.count(b"\n")
        return self._count

    @overload
    def __getitem__(self, index: int) -> Triple: ...

    @overload
    def __getitem__(self, index: slice) -> list[Triple]: ...

    def __getitem__(self, index: int | slice) -> Triple | list[Triple]:
        return self._triples()[index]

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, NTriples):
            return self.ntriples == other.ntriples
        if isinstance(other, Sequence):
            return self._triples() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable in spirit, like the list it replaces

    def __reduce__(self) -> tuple[type[NTriples], tuple[bytes, int | None]]:
        return (NTriples, (self.ntriples, self._count))

    def __repr__(self) -> str:
        return f"NTriples({len(self)} triples, {len(self.ntriples)} bytes)"
