"""Query results: typed rows, and writers that stream them as a table, CSV, TSV or SPARQL JSON.

Every writer takes the column names and an iterable of rows, so the CLI prints rows as the engine
finds them; :class:`QueryResult` holds rows in a list for the library's callers. IRIs in tables are
shown compactly and the same way everywhere: the longest known namespace becomes its prefix, even
when the rest is not a valid local name (``act:wire/2020-10-07-karabakh/39-46``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TextIO

from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from newskg.errors import QueryError
from newskg.queries.binding import PREFIXES
from newskg.queries.targets import Row

__all__ = [
    "QueryResult",
    "RowStream",
    "compact_iri",
    "write_csv",
    "write_json",
    "write_table",
    "write_tsv",
]

_BY_LENGTH = sorted(((ns, prefix) for prefix, ns in PREFIXES.items()), key=lambda item: -len(item[0]))


def compact_iri(iri: str) -> str:
    """``iri`` with its longest known namespace written as a prefix, else in full.

    >>> compact_iri("https://w3id.org/newskg/data/act/wire/doc-1/39-46")
    'act:wire/doc-1/39-46'
    >>> compact_iri("http://www.wikidata.org/entity/Q7747")
    'wd:Q7747'
    >>> compact_iri("http://example.org/x")
    'http://example.org/x'
    """
    for namespace, prefix in _BY_LENGTH:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact_iri(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def write_table(
    columns: Iterable[str], rows: Iterable[Row], out: TextIO, *, max_width: int = 60, page: int = 100
) -> int:
    """A fixed-width text table in pages of ``page`` rows, each page sized to its own cells (so the
    first rows print before the last are found); cells longer than ``max_width`` end in ``…``.
    Returns the number of rows."""
    names = list(columns)
    count = 0
    stream = iter(rows)
    while True:
        body = [[_cut(_cell(v), max_width) for v in row] for row in islice(stream, page)]
        if not body and count:
            break
        widths = [max([len(c)] + [len(r[i]) for r in body]) for i, c in enumerate(names)]
        if count:
            out.write("\n")
        out.write("  ".join(c.ljust(w) for c, w in zip(names, widths, strict=True)).rstrip() + "\n")
        out.write("  ".join("-" * w for w in widths) + "\n")
        for r in body:
            out.write("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() + "\n")
        count += len(body)
        if len(body) < page:
            break
    out.write(f"({count} row{'s' if count != 1 else ''})\n")
    return count


def write_csv(columns: Iterable[str], rows: Iterable[Row], out: TextIO) -> int:
    """SPARQL 1.1 Query Results CSV: plain values, IRIs and lexical forms without markup."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(columns))
    count = 0
    for row in rows:
        writer.writerow(["" if v is None else (f"_:{v}" if isinstance(v, BNode) else str(v)) for v in row])
        count += 1
    return count


def write_tsv(columns: Iterable[str], rows: Iterable[Row], out: TextIO) -> int:
    """SPARQL 1.1 Query Results TSV: ``?var`` header, terms in N-Triples syntax."""
    out.write("\t".join(f"?{c}" for c in columns) + "\n")
    count = 0
    for row in rows:
        out.write("\t".join("" if v is None else v.n3() for v in row) + "\n")
        count += 1
    return count


def _json_term(value: Node) -> dict[str, str]:
    if isinstance(value, URIRef):
        return {"type": "uri", "value": str(value)}
    if isinstance(value, BNode):
        return {"type": "bnode", "value": str(value)}
    assert isinstance(value, RdfLiteral)
    term = {"type": "literal", "value": str(value)}
    if value.language:
        term["xml:lang"] = value.language
    elif value.datatype is not None:
        term["datatype"] = str(value.datatype)
    return term


def write_json(columns: Iterable[str], rows: Iterable[Row], out: TextIO) -> int:
    """SPARQL 1.1 Query Results JSON (``application/sparql-results+json``), one binding a line."""
    names = list(columns)
    out.write('{\n  "head": {"vars": ' + json.dumps(names) + '},\n  "results": {"bindings": [')
    count = 0
    for row in rows:
        binding = {n: _json_term(v) for n, v in zip(names, row, strict=True) if v is not None}
        out.write(("," if count else "") + "\n    " + json.dumps(binding, ensure_ascii=False))
        count += 1
    out.write("\n  ]}\n}\n")
    return count


@dataclass
class RowStream:
    """Rows as the engine finds them: iterate once. ``columns`` is known before the first row."""

    columns: tuple[str, ...]
    rows: Iterator[Row]

    def __iter__(self) -> Iterator[Row]:
        return self.rows


@dataclass(frozen=True, slots=True)
class QueryResult:
    """Typed rows: each cell an rdflib ``URIRef``, ``Literal`` or ``BNode``, or ``None`` when unbound."""

    columns: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def column(self, name: str) -> list[Node | None]:
        """All values of one column."""
        try:
            index = self.columns.index(name.lstrip("?$"))
        except ValueError:
            raise QueryError(f"no column {name!r}", hint=f"columns: {', '.join(self.columns)}") from None
        return [row[index] for row in self.rows]

    def as_dicts(self) -> list[dict[str, Node]]:
        """Rows as dicts of the bound columns."""
        return [{c: v for c, v in zip(self.columns, row, strict=True) if v is not None} for row in self.rows]

    def _written(self, writer: Callable[..., object], **options: int) -> str:
        out = io.StringIO()
        writer(self.columns, self.rows, out, **options)
        return out.getvalue()

    def to_table(self, *, max_width: int = 60) -> str:
        """A fixed-width text table; IRIs shown compactly (:func:`compact_iri`), long cells cut."""
        return self._written(write_table, max_width=max_width)

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV."""
        return self._written(write_csv)

    def to_tsv(self) -> str:
        """SPARQL 1.1 Query Results TSV."""
        return self._written(write_tsv)

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        return self._written(write_json)
