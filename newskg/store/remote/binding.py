"""Parameters bound as terms in a ``VALUES`` block, never pasted as text, and terms read back
from SPARQL JSON results.

>>> from rdflib import Literal, URIRef
>>> print(bind_values('SELECT ?a WHERE { ?a ?p ?o }', {"o": Literal('say "no"')}))
SELECT ?a WHERE { VALUES (?o) { ("say \\"no\\"") } ?a ?p ?o }
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ...errors import QueryError, StoreError
from ...queries.binding import term_text

__all__ = ["XSD_STRING", "bind_values", "term_from_json"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# A VALUES block of terms, placed at the start of the outermost WHERE group.
_VARNAME = re.compile(r"^[A-Za-z0-9_\u00B7\u00C0-\uFFFF]+$")
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WHERE = re.compile(r"where\b", re.IGNORECASE)


def _group_start(sparql: str) -> int:
    """The index just after the ``{`` that opens the outermost WHERE group.

    Skips strings, IRIs and comments; a query without the optional WHERE keyword uses its first
    top-level group (``SELECT * { ... }``), but ``CONSTRUCT { template } WHERE { ... }`` needs it.
    """
    i, n = 0, len(sparql)
    first_brace: int | None = None
    saw_where = False
    while i < n:
        c = sparql[i]
        skipped = _after_token(sparql, i)
        if skipped is not None:
            i = skipped
            continue
        if c == "{":
            if saw_where:
                return i + 1
            if first_brace is None:
                first_brace = i + 1
            i = _after_group(sparql, i)  # the WHERE we look for is at the top level
            continue
        at_word_start = i == 0 or not (sparql[i - 1].isalnum() or sparql[i - 1] in "_?$:")
        if c in "wW" and at_word_start and _WHERE.match(sparql, i):
            saw_where = True
            i += 5
            continue
        i += 1
    if first_brace is not None and not saw_where:
        return first_brace
    raise QueryError("cannot find the WHERE group to bind parameters in", where=sparql.strip()[:80])


def _after_token(sparql: str, i: int) -> int | None:
    """The index after the comment, string (long strings too) or IRI that starts at ``i``; None
    when none does."""
    c = sparql[i]
    if c == "#":
        return _after_comment(sparql, i)
    if c in "\"'":
        triple = sparql[i : i + 3]
        if triple in ('"""', "'''"):
            end = sparql.find(triple, i + 3)
            return len(sparql) if end < 0 else end + 3
        return _after_quoted(sparql, i)
    if c == "<":
        match = _IRIREF.match(sparql, i)
        if match:
            return match.end()
    return None


def _after_comment(sparql: str, i: int) -> int:
    end = sparql.find("\n", i)
    return len(sparql) if end < 0 else end + 1


def _after_quoted(sparql: str, i: int) -> int:
    """The index after the string that the quote at ``i`` opens (a long string is read as three)."""
    quote, j, n = sparql[i], i + 1, len(sparql)
    while j < n and sparql[j] != quote:
        j += 2 if sparql[j] == "\\" else 1
    return j + 1


def _after_group(sparql: str, i: int) -> int:
    """The index after the ``}`` that closes the group opened at ``i``."""
    n, depth = len(sparql), 0
    while i < n:
        ch = sparql[i]
        if ch in "\"'":
            i = _after_quoted(sparql, i)
            continue
        if ch == "#":
            i = _after_comment(sparql, i)
            continue
        if ch == "<":
            match = _IRIREF.match(sparql, i)
            if match:
                i = match.end()
                continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                break
        i += 1
    return i + 1


def bind_values(sparql: str, bindings: Mapping[str, Any] | None) -> str:
    """``sparql`` with ``VALUES (?a ?b) { (term term) }`` right after the outermost WHERE's ``{``.

    Keys are variable names with or without ``?``; values rdflib ``URIRef``/``Literal`` (or
    pyoxigraph terms), serialised as N-Triples terms, so quotes and braces in a value stay inside it.
    """
    if not bindings:
        return sparql
    names, terms = [], []
    for key, value in bindings.items():
        name = key.lstrip("?$")
        if not _VARNAME.match(name):
            raise QueryError(f"invalid variable name {key!r}")
        names.append(f"?{name}")
        terms.append(term_text(name, value))
    at = _group_start(sparql)
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"
    return sparql[:at] + block + sparql[at:]


def term_from_json(value: Mapping[str, Any]) -> Node:
    """An rdflib term from one SPARQL JSON results binding (also Virtuoso's ``typed-literal``)."""
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang") or value.get("lang")
        datatype = value.get("datatype")
        if lang:
            return Literal(text, lang=lang)
        # RDF 1.1: a simple literal *is* an xsd:string; some servers spell the datatype out.
        if datatype and datatype != XSD_STRING:
            return Literal(text, datatype=URIRef(datatype))
        return Literal(text)
    raise StoreError(f"unexpected term type {kind!r} in SPARQL JSON results")
