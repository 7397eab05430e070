"""N-Triples written directly, byte for byte as ``pyoxigraph.serialize`` writes it.

The mapping emits a document graph as canonical N-Triples statements instead of pyoxigraph term
objects: making ~2,300 ``Triple`` objects per article (and hashing them to drop duplicates) cost
more CPU than every newskg component together, and each sink serialised them straight back to
text. :class:`NTriples` carries the statements; it is a ``Sequence[Triple]`` that parses itself
only when a caller iterates it, so code that wants term objects still gets them.

A build hands each sink the text (``GraphSink.put_ntriples(graph_iri, triples.ntriples)``, the
contract of :mod:`newskg.store.base`), so no sink parses it into terms to write it back;
``triples.nquads(graph_iri)`` gives the same statements in a named graph (N-Quads).

Terms are UTF-8 bytes (encoding each short term is cheap; encoding a whole graph that holds one
non-ASCII character is not). The escaping is pyoxigraph's (oxrdf's ``print_quoted_str``):
``\\b \\t \\n \\f \\r \\" \\\\``, ``\\uXXXX`` for the other C0 controls, DEL, U+FFFE and U+FFFF;
everything else as UTF-8. IRIs are written as they are (the minter has percent-encoded them).

>>> literal('say "no"\\n')
b'"say \\\\"no\\\\"\\\\n"'
>>> typed("3", "http://www.w3.org/2001/XMLSchema#integer")
b'"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
>>> body = NTriples([b'<http://e/s> <http://e/p> "o"'])
>>> body.ntriples
b'<http://e/s> <http://e/p> "o" .\\n'
>>> len(body), body[0].object.value
(1, 'o')
>>> body.nquads("http://e/g")
b'<http://e/s> <http://e/p> "o" <http://e/g> .\\n'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

import pyoxigraph
from pyoxigraph import NamedNode, RdfFormat, Triple

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
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
# The escapes news text needs (quotes, line breaks), made by str.replace, which is many times
# faster than str.translate over a long text; the backslash goes first, so no escape is escaped
# again. The rare control characters are translated after, when there are any.
_COMMON = ("\\", '"', "\n", "\r", "\t", "\b", "\f")
_RARE = {char: escape for char, escape in _ESCAPES.items() if char not in _COMMON}
_RARE_TABLE = str.maketrans(_RARE)
_NEEDS_RARE = re.compile("[" + re.escape("".join(_RARE)) + "]")


def _escaped(value: str) -> str:
    for char in _COMMON:
        if char in value:
            value = value.replace(char, _ESCAPES[char])
    if _NEEDS_RARE.search(value) is not None:
        value = value.translate(_RARE_TABLE)
    return value


def literal(value: str) -> bytes:
    """A plain (xsd:string) literal in N-Triples. Raises ``UnicodeEncodeError`` (a ValueError) for
    text that is not Unicode (lone surrogates), as pyoxigraph refuses it."""
    if _NEEDS_ESCAPE.search(value) is None:  # nearly every anchor and label: nothing to escape
        return f'"{value}"'.encode()
    return f'"{_escaped(value)}"'.encode()


def typed(value: str, datatype: str) -> bytes:
    """A literal of ``datatype`` (an IRI) in N-Triples."""
    return literal(value) + f"^^<{datatype}>".encode()


def iri(value: str) -> bytes:
    """An IRI in N-Triples (``value`` must already be a valid IRI)."""
    return f"<{value}>".encode()


class NTriples(Sequence[Triple]):
    """The triples of one graph as canonical N-Triples, parsed into pyoxigraph triples on demand.

    Made from the statements (``s p o`` without the final `` .``, as the mapping writes them) or
    from N-Triples bytes (as they cross a process boundary). ``len`` counts without parsing;
    indexing or iterating parses once and keeps the triples.
    """

    __slots__ = ("_statements", "_body", "_count", "_parsed")

    def __init__(self, data: bytes | list[bytes], count: int | None = None) -> None:
        if isinstance(data, bytes):
            self._statements: list[bytes] | None = None
            self._body: bytes | None = data
            self._count = count
        else:
            self._statements = data
            self._body = None
            self._count = len(data)
        self._parsed: list[Triple] | None = None

    @classmethod
    def of(cls, triples: Iterable[Triple]) -> NTriples:
        """The N-Triples of ``triples`` (already an :class:`NTriples`: itself)."""
        if isinstance(triples, NTriples):
            return triples
        listed = list(triples)
        body = pyoxigraph.serialize(listed, format=RdfFormat.N_TRIPLES) or b""
        return cls(body, len(listed))

    @property
    def ntriples(self) -> bytes:
        """The graph as N-Triples, exactly as ``pyoxigraph.serialize`` writes it."""
        if self._body is None:
            statements = self._statements or []
            self._body = b" .\n".join(statements) + b" .\n" if statements else b""
        return self._body

    def nquads(self, graph_iri: str) -> bytes:
        """The graph as N-Quads in the named graph ``graph_iri``, exactly as pyoxigraph writes them.
        Raises ``ValueError`` when ``graph_iri`` is not an IRI."""
        end = f" {NamedNode(graph_iri)} .\n".encode()
        if self._statements is not None:
            return end.join(self._statements) + end if self._statements else b""
        # N-Triples escapes line breaks inside literals, so " .\n" only ever ends a statement
        return self.ntriples.replace(b" .\n", end)

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
            self._count = self.ntriples.count(b"\n")  # one statement per line
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

    __hash__ = None  # type: ignore[assignment]  # compared by content, like the list it replaces

    def __reduce__(self) -> tuple[type[NTriples], tuple[bytes, int]]:
        return (NTriples, (self.ntriples, len(self)))

    def __repr__(self) -> str:
        return f"NTriples({len(self)} triples)"
