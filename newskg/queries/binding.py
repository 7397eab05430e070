"""Parameters: ``name=value`` text turned into RDF terms, and terms bound into a query as ``VALUES``.

A parameter's value is parsed by its declared kind into an rdflib term (or several, when a label
or a Wikidata id stands for more than one actor: see :mod:`newskg.queries.resolve`). A target
binds the terms with :func:`inject_values`: a ``VALUES`` block of terms serialised by pyoxigraph,
put at the start of every group pattern (the query's and its subqueries') that uses the variable.
Every engine then evaluates the same algebra, so a parameter used only in a ``FILTER``
(``?minConfidence``) or inside a subquery works the same on Oxigraph, rdflib and any server; and
the optimiser starts from the bound value, so a filtered query reads only what it needs.

>>> from rdflib import URIRef
>>> print(inject_values("SELECT ?a WHERE { ?a ?p ?o }", {"o": URIRef("http://example.org/x")}))
SELECT ?a WHERE { VALUES ?o { <http://example.org/x> } ?a ?p ?o }
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from newskg.builder.mapping import DEFAULT_BASE
from newskg.errors import QueryError
from newskg.queries.class_paths import sparql_tokens
from newskg.queries.library import ParamKind, Query, QueryParam
from newskg.store.formats import PREFIXES as SERIALISATION_PREFIXES

__all__ = ["PREFIXES", "Binding", "bind_params", "expand_iri", "inject_values", "parse_term", "raw_items"]

#: Prefixes accepted in parameter values (``wd:Q7747``) and used to shorten IRIs in tables: the
#: serialisation prefixes plus newskg's code schemes and the default data namespaces.
PREFIXES: dict[str, str] = {
    **SERIALISATION_PREFIXES,
    "cameo": "https://w3id.org/newskg/cameo/",
    "plover": "https://w3id.org/newskg/plover/",
    "actor": f"{DEFAULT_BASE}/actor/",
    "conflict": f"{DEFAULT_BASE}/conflict/",
    "act": f"{DEFAULT_BASE}/act/",
    "doc": f"{DEFAULT_BASE}/doc/",
    "graph": f"{DEFAULT_BASE}/graph/",
    "relation": f"{DEFAULT_BASE}/relation/",
    "position": f"{DEFAULT_BASE}/position/",
}
_DATA_PREFIXES = ("actor", "conflict", "act", "doc", "graph", "relation", "position")

#: A bound parameter: one term, or several (a label or Wikidata id naming more than one actor).
Binding = Node | tuple[Node, ...]

# Characters an IRI may not contain (RFC 3987 / SPARQL IRIREF): keeps a value from breaking out.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BARE_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LITERAL_SYNTAX = re.compile(r'^"(?P<lex>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(?P<dt>\S+))?$')
_VARNAME = re.compile(r"^[A-Za-z0-9_\u00B7\u00C0-\uFFFF]+$")


def expand_iri(value: str, *, param: QueryParam, where: str, base: str = DEFAULT_BASE) -> URIRef:
    """An IRI parameter value: ``<iri>``, a full IRI, ``prefix:name`` or (for an entity
    parameter) a bare key such as ``vladimir-putin``; anything else raises :class:`QueryError`."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
    elif _BARE_KEY.match(text) and param.entity:
        iri = f"{base.rstrip('/')}/{param.entity}/{text}"
    else:
        prefix, sep, local = text.partition(":")
        if sep and prefix in PREFIXES and not local.startswith("//"):
            namespace = PREFIXES[prefix]
            if prefix in _DATA_PREFIXES:
                namespace = f"{base.rstrip('/')}/{prefix}/"
            iri = namespace + local
        elif _ABSOLUTE_IRI.match(text):
            iri = text
        else:
            hint = "give <IRI>, a full IRI or prefix:name"
            if param.entity:
                hint += f", an {param.entity} key such as vladimir-putin, a label or a Wikidata id"
            raise QueryError(f"{value!r} is not an IRI", where=where, hint=hint)
    if not iri or _IRI_FORBIDDEN.search(iri):
        raise QueryError(f"{value!r} is not a valid IRI (spaces, quotes or brackets)", where=where)
    return URIRef(iri)


def parse_term(value: str, *, kind: ParamKind = "literal") -> Node:
    """One value in N-Triples-like syntax: ``<iri>``, ``"text"@en``, ``"2020-10-06"^^xsd:date``;
    any other text is a plain literal (``kind="literal"``) or an IRI (``kind="IRI"``).

    >>> parse_term('"Ankara"@en')
    rdflib.term.Literal('Ankara', lang='en')
    >>> parse_term('"2020-10-06"^^xsd:date').datatype
    rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date')
    >>> parse_term('say "hi"')
    rdflib.term.Literal('say "hi"')
    """
    if kind == "IRI":
        return expand_iri(value, param=QueryParam("value", "IRI"), where="value")
    match = _LITERAL_SYNTAX.match(value.strip())
    if match is None:
        return RdfLiteral(value)
    lexical = re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), match["lex"])
    if match["lang"]:
        return RdfLiteral(lexical, lang=match["lang"])
    if match["dt"]:
        datatype = expand_iri(match["dt"], param=QueryParam("datatype", "IRI"), where="datatype")
        return RdfLiteral(lexical, datatype=datatype)
    return RdfLiteral(lexical)


def raw_items(raw: Mapping[str, str | Node] | Iterable[str]) -> list[tuple[str, str | Node]]:
    """``name=value`` strings (or a mapping) as (name, value) pairs."""
    if isinstance(raw, Mapping):
        return [(str(k), v) for k, v in raw.items()]
    items: list[tuple[str, str | Node]] = []
    for entry in raw:
        name, sep, value = entry.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"parameter {entry!r} is not name=value")
        items.append((name.strip(), value))
    return items


def bind_params(
    query: Query, raw: Mapping[str, str | Node] | Iterable[str], *, base: str = DEFAULT_BASE
) -> dict[str, Node]:
    """Turn ``name=value`` strings into RDF terms, by each parameter's declared kind, without
    asking any store (labels and Wikidata ids are resolved by :mod:`newskg.queries.resolve`).

    IRI parameters accept ``<iri>``, a full IRI, a ``prefix:name`` (``wd:Q7747``, ``actor:russia``,
    see :data:`PREFIXES`) or, when the parameter names an entity, a bare key (``russia``).
    Literal parameters take the text as a plain literal, or N-Triples syntax (``"x"@en``,
    ``"2020-10-06"^^xsd:date``). Values that are already RDF terms pass through. An undeclared
    parameter raises :class:`QueryError` naming it.
    """
    bindings: dict[str, Node] = {}
    for name, value in raw_items(raw):
        param = query.param(name)
        where = f"query {query.name}, parameter {param.name}"
        if isinstance(value, Node):
            if param.kind == "IRI" and not isinstance(value, URIRef):
                raise QueryError(f"expects an IRI, got {value.n3()}", where=where)
            bindings[param.name] = value
        elif param.kind == "IRI":
            bindings[param.name] = expand_iri(str(value), param=param, where=where, base=base)
        else:
            bindings[param.name] = parse_term(str(value))
    return bindings


# --------------------------------------------------------------------------- VALUES


def term_text(name: str, value: object) -> str:
    """The SPARQL text of one bound value: a term serialised by pyoxigraph, never raw text."""
    import pyoxigraph

    if isinstance(value, pyoxigraph.NamedNode | pyoxigraph.Literal):
        return str(value)
    try:
        if isinstance(value, URIRef):
            return str(pyoxigraph.NamedNode(str(value)))
        if isinstance(value, RdfLiteral):
            if value.language:
                return str(pyoxigraph.Literal(str(value), language=value.language))
            if value.datatype is not None:
                return str(pyoxigraph.Literal(str(value), datatype=pyoxigraph.NamedNode(str(value.datatype))))
            return str(pyoxigraph.Literal(str(value)))
    except ValueError as exc:
        raise QueryError(f"parameter ?{name} is not a valid RDF term: {exc}", where=repr(value)) from exc
    if isinstance(value, BNode | pyoxigraph.BlankNode):
        raise QueryError(f"parameter ?{name} is a blank node; SPARQL cannot bind one", where=repr(value))
    raise QueryError(
        f"parameter ?{name} must be an rdflib URIRef or Literal, not {type(value).__name__}",
        hint="wrap text in rdflib.Literal and IRIs in rdflib.URIRef",
    )


def _values_block(name: str, value: Binding) -> str:
    terms: Sequence[Node] = value if isinstance(value, tuple) else (value,)
    if not terms:
        raise QueryError(f"parameter ?{name} has no value to bind")
    return f"VALUES ?{name} {{ {' '.join(term_text(name, t) for t in terms)} }}"


def _group_spans(sparql: str) -> list[tuple[int, set[str]]]:
    """Each WHERE group of the query and its subqueries: the index just after its ``{`` and the
    variables it mentions itself, outside the WHERE groups nested in it (a subquery's projection
    list counts for the group around it: a projected variable is joined there)."""
    tokens = sparql_tokens(sparql)
    groups: list[tuple[int, int]] = []  # token indices of `{` and `}` of each WHERE group
    expecting = False  # after WHERE / SELECT / ASK: the next `{` opens a WHERE group
    opened: list[tuple[int, bool]] = []
    for i, token in enumerate(tokens):
        word = token.text.lower() if token.kind == "word" else ""
        if word in ("where", "select", "ask"):
            expecting = True
        elif word == "construct":
            expecting = False  # its template comes first; the WHERE keyword follows
        elif token.text == "{":
            opened.append((i, expecting))
            expecting = False
        elif token.text == "}" and opened:
            start, is_where = opened.pop()
            if is_where:
                groups.append((start, i))
    spans: list[tuple[int, set[str]]] = []
    for start, end in groups:
        nested = [(a, b) for a, b in groups if start < a and b < end]
        names = {
            tokens[i].text[1:]
            for i in range(start + 1, end)
            if tokens[i].kind == "var" and not any(a < i < b for a, b in nested)
        }
        spans.append((tokens[start].end, names))
    return spans


def inject_values(sparql: str, bindings: Mapping[str, Binding] | None) -> str:
    """``sparql`` with a ``VALUES ?name { term ... }`` block at the start of every WHERE group (the
    query's own and each subquery's) that mentions ``?name``; terms serialised by pyoxigraph, so
    quotes and braces in a value stay inside it. A variable no group mentions raises."""
    if not bindings:
        return sparql
    spans = _group_spans(sparql)
    inserts: list[tuple[int, str]] = []
    for key, value in bindings.items():
        name = key.lstrip("?$")
        if not _VARNAME.match(name):
            raise QueryError(f"invalid variable name {key!r}")
        block = _values_block(name, value)
        places = [start for start, names in spans if name in names]
        if not places:
            raise QueryError(f"the query does not use ?{name}, so it cannot be bound", where=sparql.strip()[:60])
        inserts += [(at, f" {block}") for at in places]
    text = sparql
    for at, block in sorted(inserts, reverse=True):
        text = text[:at] + block + text[at:]
    return text
