"""Where queries run: an rdflib Dataset, a pyoxigraph Store, or anything with the same methods.

A target answers SPARQL over the union of its named graphs (the contract's default graph), with
parameters bound by :func:`~newskg.queries.binding.inject_values`. The minimal protocol is
:class:`SparqlTarget` (``select``, rows as a list); a :class:`StreamingTarget` also yields rows as
the engine finds them and runs ASK, CONSTRUCT and DESCRIBE queries. Rows hold rdflib terms
(``None`` for an unbound cell) in the order of the column names.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rdflib import Dataset, Graph
from rdflib.namespace import RDFS
from rdflib.term import Node

from newskg.errors import QueryError
from newskg.oxigraph_terms import from_oxigraph, to_oxigraph
from newskg.queries.binding import Binding, inject_values

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

__all__ = [
    "OxigraphTarget",
    "RdflibTarget",
    "Row",
    "SparqlTarget",
    "StreamingTarget",
    "Triple",
    "from_oxigraph",
    "to_oxigraph",
]

logger = logging.getLogger("newskg.queries")

Row = tuple[Node | None, ...]
Triple = tuple[Node, Node, Node]


@runtime_checkable
class SparqlTarget(Protocol):
    """Anything that answers a SELECT query with bound parameters.

    ``bindings`` maps variable names (no ``?``) to rdflib terms (or tuples of them); the target
    binds them as terms, never by pasting text (:func:`~newskg.queries.binding.inject_values`).
    A target may also have an ``expand_class_paths`` attribute: when true, the runner expands
    class walks before calling it.
    """

    def select(self, sparql: str, bindings: Mapping[str, Binding]) -> tuple[list[str], list[Row]]: ...


@runtime_checkable
class StreamingTarget(SparqlTarget, Protocol):
    """A target that yields rows as they come and runs every query form."""

    def solutions(self, sparql: str, bindings: Mapping[str, Binding]) -> tuple[list[str], Iterator[Row]]: ...

    def ask(self, sparql: str, bindings: Mapping[str, Binding]) -> bool: ...

    def triples(self, sparql: str, bindings: Mapping[str, Binding]) -> Iterator[Triple]: ...


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

    distinct_rows = True  # rdflib's DISTINCT is exact: the runner need not check

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

    def _run(self, sparql: str, bindings: Mapping[str, Binding]):  # -> rdflib Result
        try:
            return self.data.query(inject_values(sparql, bindings))
        except QueryError:
            raise
        except Exception as exc:  # rdflib raises many types for evaluation errors
            raise QueryError(f"rdflib could not run the query: {exc}") from exc

    def solutions(self, sparql: str, bindings: Mapping[str, Binding]) -> tuple[list[str], Iterator[Row]]:
        result = self._run(sparql, bindings)
        if result.type != "SELECT":
            raise QueryError(f"not a SELECT query but {result.type}")
        return [str(v) for v in result.vars or ()], (tuple(row) for row in result)

    def select(self, sparql: str, bindings: Mapping[str, Binding]) -> tuple[list[str], list[Row]]:
        columns, rows = self.solutions(sparql, bindings)
        return columns, list(rows)

    def ask(self, sparql: str, bindings: Mapping[str, Binding]) -> bool:
        result = self._run(sparql, bindings)
        if result.type != "ASK":
            raise QueryError(f"not an ASK query but {result.type}")
        return bool(result.askAnswer)

    def triples(self, sparql: str, bindings: Mapping[str, Binding]) -> Iterator[Triple]:
        result = self._run(sparql, bindings)
        if result.type not in ("CONSTRUCT", "DESCRIBE"):
            raise QueryError(f"not a CONSTRUCT or DESCRIBE query but {result.type}")
        return iter(list(result.graph))


class _Converter:
    """:func:`from_oxigraph` with a bounded cache: result rows repeat IRIs, classes and dates, and an
    rdflib term costs microseconds to make."""

    def __init__(self, size: int = 100_000) -> None:
        self.cache: dict[object, Node | None] = {}
        self.size = size

    def __call__(self, term: object) -> Node | None:
        if term is None:
            return None
        found = self.cache.get(term)
        if found is None:
            if len(self.cache) >= self.size:
                self.cache.clear()
            found = self.cache[term] = from_oxigraph(term)
        return found


class OxigraphTarget:
    """Run queries on a :class:`pyoxigraph.Store` with the union of its graphs as default graph.

    With ``ensure_ontology=True`` the ontology is loaded into the named graph of its IRI when the
    store does not hold that graph yet. Rows stream: Oxigraph evaluates lazily where the query
    allows (no ORDER BY, DISTINCT or aggregate), and releases the GIL while it works.
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

    def _run(self, sparql: str, bindings: Mapping[str, Binding]) -> object:
        try:
            return self.store.query(inject_values(sparql, bindings), use_default_graph_as_union=True)
        except (SyntaxError, OSError, ValueError) as exc:
            raise QueryError(f"Oxigraph could not run the query: {exc}") from exc

    def solutions(self, sparql: str, bindings: Mapping[str, Binding]) -> tuple[list[str], Iterator[Row]]:
        import pyoxigraph as ox

        found = self._run(sparql, bindings)
        if not isinstance(found, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        columns = [v.value for v in found.variables]
        convert = _Converter()
        width = range(len(columns))

        def rows() -> Iterator[Row]:
            try:
                for solution in found:
                    yield tuple(convert(solution[i]) for i in width)
            except OSError as exc:
                raise QueryError(f"Oxigraph failed while reading results: {exc}") from exc

        return columns, rows()

    def select(self, sparql: str, bindings: Mapping[str, Binding]) -> tuple[list[str], list[Row]]:
        try:
            columns, rows = self.solutions(sparql, bindings)
        except QueryError as exc:
            if str(exc).startswith("not a SELECT"):
                raise QueryError("not a SELECT query: the library runs SELECT queries only") from None
            raise
        return columns, list(rows)

    def ask(self, sparql: str, bindings: Mapping[str, Binding]) -> bool:
        import pyoxigraph as ox

        found = self._run(sparql, bindings)
        if not isinstance(found, ox.QueryBoolean):
            raise QueryError("not an ASK query")
        return bool(found)

    def triples(self, sparql: str, bindings: Mapping[str, Binding]) -> Iterator[Triple]:
        import pyoxigraph as ox

        found = self._run(sparql, bindings)
        if not isinstance(found, ox.QueryTriples):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        convert = _Converter()
        return ((convert(t.subject), convert(t.predicate), convert(t.object)) for t in found)  # type: ignore[misc]
