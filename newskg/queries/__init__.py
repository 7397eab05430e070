"""The SPARQL query library: one ``.rq`` file per analyst question, a loader and a runner.

Each ``.rq`` file is self-contained (its own ``PREFIX`` lines, so it runs in any SPARQL tool)
and opens with comment lines that this module reads::

    # <one-line description>
    # param ?speaker: IRI (actor) — only the acts of this actor
    # columns: ?speaker ?act ...

The file stem is the query's name. Parameters are bound as RDF terms by the target (rdflib
``initBindings``, pyoxigraph ``substitutions``), never pasted into the query text. Engines differ
in *when* they apply such bindings (rdflib before evaluation, pyoxigraph by a final join), so a
query uses each parameter in a triple pattern of its main group, never only inside a FILTER or an
OPTIONAL: then both give the same rows.

The queries read the union of all named graphs (each document's graph plus the ontology graph)
as their default graph.

Class walks (``?act a/rdfs:subClassOf* nk:SpeechAct``) are standard SPARQL, and the embedded
stores run them as written. A target with ``expand_class_paths`` set (a
:class:`~newskg.store.remote.RemoteStore` of the ``virtuoso`` preset, by default) gets each walk
replaced by a ``VALUES`` block of the classes it reaches in the newskg ontology
(:func:`~newskg.queries.class_paths.expand_class_paths`), since Virtuoso 7.2 loses rows joining
such paths. The limit: on such a target, subclasses a user adds outside the newskg ontology are
not seen. A walk in a form the expansion does not know raises :class:`QueryError` with its line
and column rather than going to the server unexpanded.

>>> [q.name for q in list_queries()][:3]
['accusations', 'actor-profile', 'appeals']
>>> q = load_query("accusations")
>>> [(p.name, p.kind) for p in q.params]
[('accuser', 'IRI')]
>>> bind_params(q, {"accuser": "wd:Q7747"})
{'accuser': rdflib.term.URIRef('http://www.wikidata.org/entity/Q7747')}
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import RDFS, NamespaceManager
from rdflib.term import Node, Variable

from newskg.builder.mapping import DEFAULT_BASE
from newskg.errors import QueryError
from newskg.queries.class_paths import ClassHierarchy, expand_class_paths, newskg_class_hierarchy
from newskg.store.formats import PREFIXES as SERIALISATION_PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

__all__ = [
    "DEFAULT_BASE",
    "PREFIXES",
    "ClassHierarchy",
    "OxigraphTarget",
    "Query",
    "QueryInfo",
    "QueryParam",
    "QueryResult",
    "RdflibTarget",
    "Row",
    "SparqlTarget",
    "bind_params",
    "expand_class_paths",
    "from_oxigraph",
    "list_queries",
    "load_query",
    "newskg_class_hierarchy",
    "parse_term",
    "run_query",
    "to_oxigraph",
]

logger = logging.getLogger(__name__)

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
}

ParamKind = Literal["IRI", "literal"]
Row = tuple[Node | None, ...]

_PARAM_LINE = re.compile(
    r"^#\s*param\s+[?$](?P<name>\w+)\s*:\s*(?P<kind>IRI|literal)\s*(?:\((?P<entity>\w+)\))?\s*(?:[—–-]+\s*(?P<text>.*))?$",
    re.IGNORECASE,
)
_COLUMNS_LINE = re.compile(r"^#\s*columns\s*:\s*(?P<columns>.*)$", re.IGNORECASE)
# Characters an IRI may not contain (RFC 3987 / SPARQL IRIREF): keeps a value from breaking out.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BARE_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The prologue (comments, PREFIX and BASE) and then the main query form: SELECT DISTINCT?
_DISTINCT_SELECT = re.compile(
    r"(?:\s+|#[^\n]*+|(?:PREFIX\s*[^\s:]*:|BASE)\s*<[^>]*>)*SELECT\s+DISTINCT\b", re.IGNORECASE
)
_LITERAL_SYNTAX = re.compile(r'^"(?P<lex>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(?P<dt>\S+))?$')


@dataclass(frozen=True, slots=True)
class QueryParam:
    """A declared parameter: ``kind`` is ``IRI`` or ``literal``; ``entity`` (``actor``,
    ``conflict``) lets a bare key such as ``vladimir-putin`` stand for its IRI."""

    name: str
    kind: ParamKind
    description: str = ""
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class QueryInfo:
    """What a query file declares about itself."""

    name: str
    description: str
    params: tuple[QueryParam, ...]
    columns: tuple[str, ...]
    path: Path


@dataclass(frozen=True, slots=True)
class Query:
    """A loaded, parsed query: its declaration and its SPARQL text."""

    info: QueryInfo
    sparql: str

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def description(self) -> str:
        return self.info.description

    @property
    def params(self) -> tuple[QueryParam, ...]:
        return self.info.params

    @property
    def columns(self) -> tuple[str, ...]:
        return self.info.columns

    def param(self, name: str) -> QueryParam:
        """The declared parameter ``name`` (``?`` or ``$`` prefix allowed)."""
        key = name.lstrip("?$")
        for param in self.info.params:
            if param.name == key:
                return param
        declared = ", ".join(p.name for p in self.info.params) or "none"
        raise QueryError(f"unknown parameter {key!r}", where=f"query {self.name}", hint=f"it takes: {declared}")


# --------------------------------------------------------------------------- loading


def _header(text: str, *, name: str, path: Path) -> QueryInfo:
    description = ""
    params: list[QueryParam] = []
    columns: tuple[str, ...] = ()
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        if match := _PARAM_LINE.match(stripped):
            kind: ParamKind = "IRI" if match["kind"].upper() == "IRI" else "literal"
            params.append(QueryParam(match["name"], kind, (match["text"] or "").strip(), match["entity"]))
        elif match := _COLUMNS_LINE.match(stripped):
            columns = tuple(c.lstrip("?$") for c in match["columns"].split())
        elif not description:
            description = stripped.lstrip("#").strip()
    if not description:
        raise QueryError("the query file has no description comment on its first line", where=str(path))
    return QueryInfo(name=name, description=description, params=tuple(params), columns=columns, path=path)


def _parse_check(sparql: str, *, where: str) -> None:
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(sparql)
    except ParseException as exc:
        raise QueryError(
            f"SPARQL syntax error: {exc.msg}", where=f"{where}:{exc.lineno}:{exc.col}", hint=exc.line.strip()
        ) from exc
    except Exception as exc:  # rdflib raises plain exceptions for unknown prefixes and the like
        raise QueryError(f"SPARQL error: {exc}", where=where) from exc


def _package_files() -> dict[str, Path]:
    root = resources.files("newskg.queries")
    found: dict[str, Path] = {}
    for entry in root.iterdir():
        if entry.name.endswith(".rq"):
            found[entry.name[: -len(".rq")]] = Path(str(entry))
    return dict(sorted(found.items()))


def list_queries() -> list[QueryInfo]:
    """Every query shipped with newskg, sorted by name."""
    infos = []
    for name, path in _package_files().items():
        infos.append(_header(path.read_text(encoding="utf-8"), name=name, path=path))
    return infos


def load_query(name_or_path: str | Path) -> Query:
    """A shipped query by name (``accusations``) or any ``.rq`` file by path, parsed and checked.

    Raises :class:`QueryError` for an unknown name (listing close names) or, with the line and
    column, for SPARQL that does not parse.
    """
    candidate = Path(name_or_path)
    text_form = str(name_or_path)
    looks_like_path = text_form.endswith(".rq") or "/" in text_form or "\\" in text_form
    if looks_like_path or (candidate.is_file() and text_form not in _package_files()):
        if not candidate.is_file():
            raise QueryError("no such query file", where=str(candidate))
        path, name = candidate, candidate.stem
    else:
        files = _package_files()
        name = str(name_or_path)
        if name not in files:
            close = difflib.get_close_matches(name, list(files), n=3, cutoff=0.75)
            hint = f"did you mean {', '.join(close)}?" if close else f"known queries: {', '.join(files)}"
            raise QueryError(f"unknown query {name!r}", hint=hint)
        path = files[name]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read the query file: {exc}", where=str(path)) from exc
    info = _header(text, name=name, path=path)
    _parse_check(text, where=str(path))
    return Query(info=info, sparql=text)


# --------------------------------------------------------------------------- binding


def _expand_iri(value: str, *, param: QueryParam, query: Query, base: str) -> URIRef:
    where = f"query {query.name}, parameter {param.name}"
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
    elif _BARE_KEY.match(text) and param.entity:
        iri = f"{base.rstrip('/')}/{param.entity}/{text}"
    else:
        prefix, sep, local = text.partition(":")
        if sep and prefix in PREFIXES and not local.startswith("//"):
            namespace = PREFIXES[prefix]
            if prefix in ("actor", "conflict", "act", "doc"):
                namespace = f"{base.rstrip('/')}/{prefix}/"
            iri = namespace + local
        elif _ABSOLUTE_IRI.match(text):
            iri = text
        else:
            hint = "give <IRI>, a full IRI or prefix:name"
            if param.entity:
                hint += f", or an {param.entity} key such as vladimir-putin"
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
        param = QueryParam("value", "IRI")
        return _expand_iri(value, param=param, query=Query(_ANONYMOUS, ""), base=DEFAULT_BASE)
    match = _LITERAL_SYNTAX.match(value.strip())
    if match is None:
        return RdfLiteral(value)
    lexical = re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), match["lex"])
    if match["lang"]:
        return RdfLiteral(lexical, lang=match["lang"])
    if match["dt"]:
        datatype = _expand_iri(
            match["dt"], param=QueryParam("datatype", "IRI"), query=Query(_ANONYMOUS, ""), base=DEFAULT_BASE
        )
        return RdfLiteral(lexical, datatype=datatype)
    return RdfLiteral(lexical)


_ANONYMOUS = QueryInfo("(value)", "", (), (), Path("."))


def _raw_items(raw: Mapping[str, str] | Iterable[str]) -> list[tuple[str, str]]:
    if isinstance(raw, Mapping):
        return [(str(k), v) for k, v in raw.items()]
    items = []
    for entry in raw:
        name, sep, value = entry.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"parameter {entry!r} is not name=value")
        items.append((name.strip(), value))
    return items


def bind_params(
    query: Query, raw: Mapping[str, str | Node] | Iterable[str], *, base: str = DEFAULT_BASE
) -> dict[str, Node]:
    """Turn ``name=value`` strings into RDF terms, by each parameter's declared kind.

    IRI parameters accept ``<iri>``, a full IRI, a ``prefix:name`` (``wd:Q7747``, ``actor:russia``,
    see :data:`PREFIXES`) or, when the parameter names an entity, a bare key (``russia``).
    Literal parameters take the text as a plain literal, or N-Triples syntax (``"x"@en``,
    ``"2020-10-06"^^xsd:date``). Values that are already RDF terms pass through. An undeclared
    parameter raises :class:`QueryError` naming it.
    """
    bindings: dict[str, Node] = {}
    items = list(raw.items()) if isinstance(raw, Mapping) else _raw_items(raw)
    for name, value in items:
        param = query.param(name)
        if isinstance(value, Node):
            if param.kind == "IRI" and not isinstance(value, URIRef):
                raise QueryError(
                    f"expects an IRI, got {value.n3()}", where=f"query {query.name}, parameter {param.name}"
                )
            bindings[param.name] = value
        elif param.kind == "IRI":
            bindings[param.name] = _expand_iri(str(value), param=param, query=query, base=base)
        else:
            bindings[param.name] = parse_term(str(value))
    return bindings


# --------------------------------------------------------------------------- targets


@runtime_checkable
class SparqlTarget(Protocol):
    """Anything that answers a SELECT query with bound parameters.

    ``bindings`` maps variable names (no ``?``) to rdflib terms; the target must bind them as
    terms, never by editing the text. Rows hold rdflib terms (``None`` when unbound), in the order
    of the returned column names (no ``?``). A target may also have an ``expand_class_paths``
    attribute: when true, :func:`run_query` expands class walks before calling ``select``.
    """

    def select(self, sparql: str, bindings: Mapping[str, Node]) -> tuple[list[str], list[Row]]: ...


def _has_ontology(contains: bool) -> None:
    if not contains:
        logger.warning(
            "the data has no newskg ontology graph: queries that walk rdfs:subClassOf to a superclass "
            "(all speech acts, all actors) will miss everything (load it with ensure_ontology=True)"
        )


class RdflibTarget:
    """Run queries over an rdflib Dataset (its default graph the union of its named graphs) or Graph.

    With ``ensure_ontology=True`` the ontology is added as the named graph of its IRI when the
    dataset lacks it (the store contract keeps it there).
    """

    def __init__(self, data: Graph, *, ensure_ontology: bool = False) -> None:
        from newskg.ontology import ONTOLOGY_IRI, ontology_graph
        from newskg.ontology.terms import NK

        if isinstance(data, Dataset) and not data.default_union:
            # A Dataset's default graph is empty unless it is the union: the queries need the union.
            data.default_union = True
        marker = (NK.SpeechAct, RDFS.subClassOf, NK.CommunicationEvent)
        if ensure_ontology and marker not in data:
            target = data.graph(ONTOLOGY_IRI) if isinstance(data, Dataset) else data
            target += ontology_graph()
        _has_ontology(marker in data)
        self.data = data

    def select(self, sparql: str, bindings: Mapping[str, Node]) -> tuple[list[str], list[Row]]:
        init = {Variable(name): term for name, term in bindings.items()}
        try:
            result = self.data.query(sparql, initBindings=init)
        except Exception as exc:  # rdflib raises many types for evaluation errors
            raise QueryError(f"rdflib could not run the query: {exc}") from exc
        columns = [str(v) for v in result.vars or ()]
        rows: list[Row] = [tuple(row) for row in result]  # type: ignore[arg-type]
        return columns, rows


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def from_oxigraph(term: object) -> Node | None:
    """A pyoxigraph term as the rdflib term rdflib's own engine would return (``None`` stays ``None``)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANGSTRING):
            return RdfLiteral(term.value)  # plain, as rdflib's own engine returns it
        return RdfLiteral(term.value, datatype=URIRef(datatype))
    raise QueryError(f"unsupported result term {term!r} (RDF-star triples are not query results here)")


def to_oxigraph(term: Node) -> pyoxigraph.NamedNode | pyoxigraph.Literal | pyoxigraph.BlankNode:
    """An rdflib IRI, blank node or literal as a pyoxigraph term."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}: not an IRI, blank node or literal")


class OxigraphTarget:
    """Run queries on a :class:`pyoxigraph.Store` with the union of its graphs as default graph.

    With ``ensure_ontology=True`` the ontology is loaded into the named graph of its IRI when the
    store does not hold that graph yet.
    """

    def __init__(self, store: pyoxigraph.Store, *, ensure_ontology: bool = False) -> None:
        import pyoxigraph as ox

        from newskg.ontology import ONTOLOGY_IRI, ontology_text

        graph = ox.NamedNode(str(ONTOLOGY_IRI))
        present = store.contains_named_graph(graph)
        if ensure_ontology and not present:
            store.load(ontology_text("nt").encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=graph)
            present = True
        _has_ontology(present)
        self.store = store

    def select(self, sparql: str, bindings: Mapping[str, Node]) -> tuple[list[str], list[Row]]:
        import pyoxigraph as ox

        substitutions = {ox.Variable(name): to_oxigraph(term) for name, term in bindings.items()}
        try:
            solutions = self.store.query(sparql, substitutions=substitutions, use_default_graph_as_union=True)
        except (SyntaxError, OSError, ValueError) as exc:
            raise QueryError(f"Oxigraph could not run the query: {exc}") from exc
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("not a SELECT query: the library runs SELECT queries only")
        columns = [v.value for v in solutions.variables]
        rows: list[Row] = [tuple(from_oxigraph(solution[i]) for i in range(len(columns))) for solution in solutions]
        return columns, rows


# --------------------------------------------------------------------------- results


def _short(term: Node | None, namespaces: NamespaceManager) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            prefix, namespace, local = namespaces.compute_qname(str(term), generate=False)
        except (ValueError, KeyError):
            return str(term)
        return f"{prefix}:{local}"
    return str(term)


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

    def to_table(self, *, max_width: int = 60) -> str:
        """A fixed-width text table; IRIs shortened with :data:`PREFIXES`, long cells cut."""
        namespaces = NamespaceManager(Graph(), bind_namespaces="none")
        for prefix, namespace in PREFIXES.items():
            namespaces.bind(prefix, namespace, override=True)

        def cell(term: Node | None) -> str:
            text = " ".join(_short(term, namespaces).split())
            return text if len(text) <= max_width else text[: max_width - 1] + "…"

        body = [[cell(v) for v in row] for row in self.rows]
        widths = [max([len(c)] + [len(r[i]) for r in body]) for i, c in enumerate(self.columns)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=True)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in body]
        lines.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(lines) + "\n"

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV: plain values, IRIs and lexical forms without markup."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if v is None else (f"_:{v}" if isinstance(v, BNode) else str(v)) for v in row])
        return out.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 Query Results TSV: ``?var`` header, terms in N-Triples syntax."""
        lines = ["\t".join(f"?{c}" for c in self.columns)]
        for row in self.rows:
            lines.append("\t".join("" if v is None else v.n3() for v in row))
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON (``application/sparql-results+json``)."""
        bindings = []
        for row in self.rows:
            binding: dict[str, dict[str, str]] = {}
            for name, value in zip(self.columns, row, strict=True):
                if value is None:
                    continue
                if isinstance(value, URIRef):
                    binding[name] = {"type": "uri", "value": str(value)}
                elif isinstance(value, BNode):
                    binding[name] = {"type": "bnode", "value": str(value)}
                else:
                    assert isinstance(value, RdfLiteral)
                    term = {"type": "literal", "value": str(value)}
                    if value.language:
                        term["xml:lang"] = value.language
                    elif value.datatype is not None:
                        term["datatype"] = str(value.datatype)
                    binding[name] = term
            bindings.append(binding)
        document = {"head": {"vars": list(self.columns)}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def run_query(
    query: Query | str,
    target: SparqlTarget,
    params: Mapping[str, str | Node] | Iterable[str] | None = None,
) -> QueryResult:
    """Run a query (a :class:`Query`, a query name or a ``.rq`` path) on a target.

    ``params`` are raw ``name=value`` strings or already-bound terms (see :func:`bind_params`).
    When the target's ``expand_class_paths`` attribute is true, every ``rdfs:subClassOf*`` /
    ``+`` walk is first replaced by a ``VALUES`` block of the newskg ontology's classes (see the
    module docstring; subclasses defined outside the ontology are then not seen); a walk in a form
    that cannot be expanded raises :class:`QueryError` naming the query file, line and column.
    The rows of a ``SELECT DISTINCT`` query are distinct whatever the target returns (Virtuoso
    7.2 lets duplicates through).
    """
    loaded = query if isinstance(query, Query) else load_query(query)
    bindings = bind_params(loaded, params or {})
    logger.debug("running %s with %s", loaded.name, {k: v.n3() for k, v in bindings.items()})
    sparql = loaded.sparql
    if getattr(target, "expand_class_paths", False):
        sparql = expand_class_paths(sparql, where=str(loaded.info.path))
    try:
        columns, rows = target.select(sparql, bindings)
    except QueryError as exc:
        if exc.where is None:
            exc.where = f"query {loaded.name}"
        raise
    result = [tuple(r) for r in rows]
    if _DISTINCT_SELECT.match(loaded.sparql):
        # Virtuoso 7.2's DISTINCT lets duplicates through once several OPTIONALs are joined, depending
        # on its plan (openlink/virtuoso-opensource issues 472 and 568): a DISTINCT query's rows are
        # made distinct here, keeping the first of each (so the order stays the query's).
        unique = list(dict.fromkeys(result))
        if len(unique) < len(result):
            logger.debug("%s: dropped %d duplicate rows of a SELECT DISTINCT", loaded.name, len(result) - len(unique))
        result = unique
    return QueryResult(columns=tuple(columns), rows=result)
