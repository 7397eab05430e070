"""Running a query: parameters resolved and bound, class walks expanded where a server needs it,
rows streamed with a limit, a time limit and a confidence threshold.

>>> import pyoxigraph
>>> from newskg.queries.targets import OxigraphTarget
>>> target = OxigraphTarget(pyoxigraph.Store(), ensure_ontology=True)
>>> stream = stream_query("accusations", target, limit=10)
>>> stream.columns[:2], list(stream)
(('accuser', 'accuserLabel'), [])
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation

from rdflib import XSD, Graph
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from newskg.builder.mapping import DEFAULT_BASE
from newskg.errors import QueryError
from newskg.queries.binding import Binding
from newskg.queries.class_paths import SparqlToken, expand_class_paths, sparql_tokens
from newskg.queries.library import Query, load_query
from newskg.queries.resolve import resolve_params
from newskg.queries.results import QueryResult, RowStream
from newskg.queries.targets import Row, SparqlTarget, StreamingTarget, Triple

__all__ = ["ask_query", "graph_query", "run_query", "stream_query"]

logger = logging.getLogger("newskg.queries")

Params = Mapping[str, str | Node] | Iterable[str] | None
_MIN_CONFIDENCE = "minConfidence"
_QUEUE_SIZE = 1024
_DONE = object()


def _loaded(query: Query | str) -> Query:
    return query if isinstance(query, Query) else load_query(query)


def _threshold(value: float | str | Decimal, query: Query) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise QueryError(f"min confidence {value!r} is not a number", where=f"query {query.name}") from None
    if not 0 <= number <= 1:
        raise QueryError(f"min confidence {value} is outside 0..1", where=f"query {query.name}")
    return number


def _prepare(
    query: Query, target: SparqlTarget, params: Params, *, min_confidence: float | None, base: str
) -> tuple[str, dict[str, Binding], Decimal | None]:
    """The text to send, the bindings, and a threshold the runner applies to a ``confidence``
    column itself (for a query that does not declare ``?minConfidence``)."""
    bindings = resolve_params(query, params or {}, target, base=base)
    post_filter: Decimal | None = None
    if min_confidence is not None:
        threshold = _threshold(min_confidence, query)
        if query.declares(_MIN_CONFIDENCE):
            bindings[_MIN_CONFIDENCE] = RdfLiteral(str(threshold), datatype=XSD.decimal)
        else:
            post_filter = threshold
    sparql = query.sparql
    if getattr(target, "expand_class_paths", False):
        sparql = expand_class_paths(sparql, where=str(query.info.path))
    logger.debug("running %s with %s", query.name, bindings)
    return sparql, bindings, post_filter


def _modifiers(sparql: str) -> list[SparqlToken]:
    """The tokens after the main WHERE group of a SELECT: its solution modifiers (GROUP BY,
    HAVING, ORDER BY, LIMIT, OFFSET) and a trailing VALUES block."""
    tokens = sparql_tokens(sparql)
    depth = 0
    for i, token in enumerate(tokens):
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
            if depth == 0:
                return tokens[i + 1 :]
    return []


def _with_limit(sparql: str, limit: int) -> str:
    """``sparql`` with ``LIMIT limit`` among its top-level solution modifiers, unless it has a
    LIMIT of its own (the runner also stops reading after ``limit`` rows)."""
    tail = _modifiers(sparql)
    words = [t.text.lower() for t in tail if t.kind == "word"]
    if "limit" in words:
        return sparql
    values = next((t for t in tail if t.kind == "word" and t.text.lower() == "values"), None)
    at = values.start if values is not None else len(sparql.rstrip())
    return f"{sparql[:at].rstrip()}\nLIMIT {limit}\n{sparql[at:].lstrip()}"


def _without_order(sparql: str) -> str:
    """``sparql`` without its top-level ORDER BY: rows come as the engine finds them, the first
    at once, instead of after the whole answer is sorted."""
    tail = _modifiers(sparql)
    for i, token in enumerate(tail[:-1]):
        if token.text.lower() == "order" and tail[i + 1].text.lower() == "by":
            ends = [t for t in tail[i + 2 :] if t.kind == "word" and t.text.lower() in ("limit", "offset", "values")]
            end = ends[0].start if ends else len(sparql)
            return sparql[: token.start] + sparql[end:]
    return sparql


def _confidence_filter(columns: tuple[str, ...], rows: Iterator[Row], threshold: Decimal, name: str) -> Iterator[Row]:
    if "confidence" not in columns:
        raise QueryError(
            f"query {name} has no confidence to filter on",
            hint="declare `# param ?minConfidence: literal` and filter on it, or select a ?confidence column",
        )
    index = columns.index("confidence")
    for row in rows:
        cell = row[index]
        try:
            if isinstance(cell, RdfLiteral) and Decimal(str(cell)) >= threshold:
                yield row
        except InvalidOperation:
            continue


def _distinct(rows: Iterator[Row]) -> Iterator[Row]:
    # Virtuoso 7.2's DISTINCT lets duplicates through once several OPTIONALs are joined, depending
    # on its plan (openlink/virtuoso-opensource issues 472 and 568): the first of each is kept.
    seen: set[Row] = set()
    for row in rows:
        if row not in seen:
            seen.add(row)
            yield row


def _is_distinct_select(sparql: str) -> bool:
    tokens = [t for t in sparql_tokens(sparql) if t.kind == "word"]
    for i, token in enumerate(tokens[:-1]):
        if token.text.lower() == "select":
            return tokens[i + 1].text.lower() == "distinct"
    return False


def _solutions(target: SparqlTarget, sparql: str, bindings: Mapping[str, Binding]) -> tuple[list[str], Iterator[Row]]:
    if isinstance(target, StreamingTarget) or hasattr(target, "solutions"):
        return target.solutions(sparql, bindings)
    columns, rows = target.select(sparql, bindings)
    return list(columns), iter([tuple(r) for r in rows])


def _timed(
    target: SparqlTarget, sparql: str, bindings: Mapping[str, Binding], timeout: float, name: str
) -> tuple[list[str], Iterator[Row]]:
    """:func:`_solutions` run in a worker thread; the time spent waiting for it is limited.

    The worker both starts the query and reads its rows: pyoxigraph's results belong to the thread
    that made them. Oxigraph and the HTTP client release the GIL while they work, so the wait can
    end; an engine still evaluating when time runs out finishes in the background and is dropped.
    """
    handoff: queue.Queue[object] = queue.Queue(maxsize=_QUEUE_SIZE)
    stop = threading.Event()

    def work() -> None:
        try:
            columns, rows = _solutions(target, sparql, bindings)
            handoff.put(columns)
            for row in rows:
                if stop.is_set():
                    return
                handoff.put(row)
            handoff.put(_DONE)
        except BaseException as exc:  # handed to the reader, raised there
            handoff.put(exc)

    threading.Thread(target=work, name=f"newskg-query-{name}", daemon=True).start()
    budget = [timeout]

    def next_item() -> object:
        started = time.monotonic()
        try:
            item = handoff.get(timeout=max(budget[0], 0.001))
        except queue.Empty:
            stop.set()
            raise QueryError(
                f"query {name} ran out of time after {timeout:g} s",
                hint="narrow it with a parameter or --limit, or allow more with --timeout",
            ) from None
        budget[0] -= time.monotonic() - started
        if isinstance(item, BaseException):
            stop.set()
            raise item
        return item

    columns = next_item()

    def rows() -> Iterator[Row]:
        try:
            while (item := next_item()) is not _DONE:
                yield item  # type: ignore[misc]
        finally:
            stop.set()

    return list(columns), rows()  # type: ignore[call-overload]


def stream_query(
    query: Query | str,
    target: SparqlTarget,
    params: Params = None,
    *,
    limit: int | None = None,
    timeout: float | None = None,
    min_confidence: float | None = None,
    ordered: bool = True,
    base: str = DEFAULT_BASE,
) -> RowStream:
    """Runs a SELECT query and yields its rows as the target finds them.

    ``params`` are ``name=value`` strings or terms (:func:`~newskg.queries.resolve.resolve_params`:
    entity parameters also take a label, key or Wikidata id). ``limit`` stops after that many
    rows (and is passed on as ``LIMIT``); ``timeout`` (seconds) limits the time spent waiting for
    the engine, raising :class:`QueryError` naming the query; ``min_confidence`` keeps facts with
    at least that ``nk:confidence`` (through the query's ``?minConfidence`` parameter, else its
    ``confidence`` column). ``ordered=False`` drops the query's ORDER BY: rows come as the engine
    finds them, so with a ``limit`` the first ones come at once on any corpus, where a sorted answer
    is only known once all of it is. The rows of a ``SELECT DISTINCT`` are distinct whatever the
    target returns (Virtuoso 7.2 lets duplicates through).
    """
    loaded = _loaded(query)
    if loaded.form != "SELECT":
        raise QueryError(f"query {loaded.name} is an {loaded.form} query", hint="run it with ask_query or graph_query")
    if limit is not None and limit < 0:
        raise QueryError(f"limit {limit} is negative", where=f"query {loaded.name}")
    sparql, bindings, post_filter = _prepare(loaded, target, params, min_confidence=min_confidence, base=base)
    if not ordered:
        sparql = _without_order(sparql)
    if limit is not None and post_filter is None:
        sparql = _with_limit(sparql, limit)
    try:
        if timeout is None:
            columns, rows = _solutions(target, sparql, bindings)
        else:
            columns, rows = _timed(target, sparql, bindings, timeout, loaded.name)
    except QueryError as exc:
        exc.where = exc.where or f"query {loaded.name}"
        raise
    names = tuple(columns)
    if post_filter is not None:
        rows = _confidence_filter(names, rows, post_filter, loaded.name)
    if _is_distinct_select(loaded.sparql) and not getattr(target, "distinct_rows", False):
        rows = _distinct(rows)
    if limit is not None:
        rows = _limited(rows, limit)
    return RowStream(names, rows)


def _limited(rows: Iterator[Row], limit: int) -> Iterator[Row]:
    if limit == 0:
        return
    for count, row in enumerate(rows, start=1):
        yield row
        if count >= limit:
            return


def run_query(
    query: Query | str,
    target: SparqlTarget,
    params: Params = None,
    *,
    limit: int | None = None,
    timeout: float | None = None,
    min_confidence: float | None = None,
    ordered: bool = True,
    base: str = DEFAULT_BASE,
) -> QueryResult:
    """:func:`stream_query` with the rows collected in a :class:`QueryResult`."""
    stream = stream_query(
        query,
        target,
        params,
        limit=limit,
        timeout=timeout,
        min_confidence=min_confidence,
        ordered=ordered,
        base=base,
    )
    return QueryResult(columns=stream.columns, rows=list(stream))


def _streaming(target: SparqlTarget, what: str) -> StreamingTarget:
    if not isinstance(target, StreamingTarget):
        raise QueryError(f"this target runs SELECT queries only, not {what}")
    return target


def ask_query(query: Query | str, target: SparqlTarget, params: Params = None, *, base: str = DEFAULT_BASE) -> bool:
    """Runs an ASK query; its answer."""
    loaded = _loaded(query)
    if loaded.form != "ASK":
        raise QueryError(f"query {loaded.name} is a {loaded.form} query, not ASK")
    sparql, bindings, _ = _prepare(loaded, target, params, min_confidence=None, base=base)
    return _streaming(target, "ASK").ask(sparql, bindings)


def graph_query(
    query: Query | str, target: SparqlTarget, params: Params = None, *, base: str = DEFAULT_BASE
) -> Graph:
    """Runs a CONSTRUCT or DESCRIBE query; its triples as an rdflib Graph (with newskg's prefixes)."""
    from newskg.queries.binding import PREFIXES

    loaded = _loaded(query)
    if loaded.form not in ("CONSTRUCT", "DESCRIBE"):
        raise QueryError(f"query {loaded.name} is a {loaded.form} query, not CONSTRUCT or DESCRIBE")
    sparql, bindings, _ = _prepare(loaded, target, params, min_confidence=None, base=base)
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    triple: Triple
    for triple in _streaming(target, loaded.form).triples(sparql, bindings):
        graph.add(triple)
    return graph

