"""The SPARQL 1.1 Protocol, read-only: content negotiation, running a user's query, serialising the answer.

SELECT and ASK answer as SPARQL JSON (the default), XML, CSV or TSV; CONSTRUCT and DESCRIBE as
Turtle (the default), N-Triples, JSON-LD or RDF/XML, chosen by the ``Accept`` header (``q`` values
honoured). A client that asks a graph query for SPARQL results XML or JSON (as generic clients do)
gets RDF/XML or JSON-LD. Updates are refused (:class:`UpdateRefused`) before they reach the store,
and the store the workers hold is opened read-only besides.

>>> negotiate("application/sparql-results+xml;q=0.9, text/csv")
('csv', 'rdfxml')
>>> negotiate("text/turtle")
(None, 'turtle')
"""

from __future__ import annotations

import io
from typing import IO, Any, cast

from newskg.errors import QueryError

__all__ = ["NotAcceptable", "ResultTooLarge", "UpdateRefused", "is_update", "negotiate", "run_protocol_query"]


class NotAcceptable(QueryError):
    """No format the client accepts fits the query's kind of answer (HTTP 406)."""


class UpdateRefused(QueryError):
    """A SPARQL Update sent to the read-only endpoint (HTTP 403)."""


class ResultTooLarge(QueryError):
    """The serialised answer passed the server's size limit."""


RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_RESULT_ALIASES = {
    "application/sparql-results+json": "json", "application/json": "json", "text/javascript": "json",
    "application/javascript": "json", "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/xml": "xml", "text/csv": "csv", "text/tab-separated-values": "tsv",
}
_GRAPH_ALIASES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "ntriples",
    "text/plain": "ntriples", "application/ld+json": "jsonld", "application/rdf+xml": "rdfxml",
    # generic clients ask every query for SPARQL results: give them the graph in the nearest format
    "application/sparql-results+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml",
    "application/sparql-results+json": "jsonld", "application/json": "jsonld",
}


def _accepted(accept: str) -> list[str]:
    """Media types of an Accept header, best first (ties keep the client's order), q=0 dropped."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for field in fields[1:]:
            if field.lower().startswith("q="):
                try:
                    quality = float(field[2:])
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, index, media))
    return [media for _, _, media in sorted(ranked)]


def negotiate(accept: str | None) -> tuple[str | None, str | None]:
    """The results format (SELECT/ASK) and graph format (CONSTRUCT/DESCRIBE) for an Accept header;
    None where nothing acceptable fits. No header, or ``*/*``, means the defaults (JSON, Turtle)."""
    media_types = _accepted(accept or "*/*") or ["*/*"]

    def pick(aliases: dict[str, str], default: str) -> str | None:
        for media in media_types:
            if media in aliases:
                return aliases[media]
            if media in ("*/*", "application/*", "text/*"):
                return default
        return None

    return pick(_RESULT_ALIASES, "json"), pick(_GRAPH_ALIASES, "turtle")


def is_update(text: str) -> bool:
    """Whether ``text`` parses as a SPARQL Update (parsed only, never run)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # rdflib raises pyparsing and plain errors alike: not an update
        return False
    return True


class _Bounded(io.RawIOBase):
    """A byte sink that raises once more than ``limit`` bytes were written."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.buffer = io.BytesIO()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.buffer.tell() + len(data) > self.limit:
            raise ResultTooLarge(
                f"the answer is larger than the server's limit of {self.limit // 1_000_000} MB",
                hint="add a LIMIT, or select fewer columns",
            )
        return self.buffer.write(data)


def run_protocol_query(
    store: Any, query: str, *, accept: str | None, default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None, max_bytes: int = 64_000_000,
) -> tuple[str, bytes]:
    """Runs ``query`` on a :class:`pyoxigraph.Store` and returns (content type, body).

    The default graph is the union of all graphs unless ``default_graphs`` (the protocol's
    ``default-graph-uri``) names some; ``named_graphs`` (``named-graph-uri``) limits ``GRAPH``.
    Raises :class:`UpdateRefused`, :class:`NotAcceptable`, :class:`ResultTooLarge`, or
    :class:`QueryError` for a query Oxigraph cannot parse or run.
    """
    import pyoxigraph as ox

    results_format, graph_format = negotiate(accept)
    options: dict[str, Any] = {}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        answer = store.query(query, **options)
    except SyntaxError as exc:
        if is_update(query):
            raise UpdateRefused("this endpoint is read-only: SPARQL Update is refused") from None
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except (OSError, ValueError) as exc:
        raise QueryError(f"Oxigraph could not run the query: {exc}") from None
    sink = _Bounded(max_bytes)
    try:
        if isinstance(answer, ox.QueryTriples):
            if graph_format is None:
                raise NotAcceptable(f"a graph answer cannot be given as {accept}",
                                    hint=f"accept one of {', '.join(GRAPH_TYPES.values())}")
            rdf_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                          "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}[graph_format]
            answer.serialize(cast(IO[bytes], sink), format=rdf_format)  # a binary stream; the stub says IO[bytes]
            media = GRAPH_TYPES[graph_format]
        else:
            if results_format is None:
                raise NotAcceptable(f"query results cannot be given as {accept}",
                                    hint=f"accept one of {', '.join(RESULT_TYPES.values())}")
            result_format = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                             "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}[results_format]
            answer.serialize(sink, format=result_format)
            media = RESULT_TYPES[results_format]
    except OSError as exc:
        raise QueryError(f"Oxigraph failed while evaluating the query: {exc}") from None
    charset = "" if media.endswith("json") else "; charset=utf-8"
    return media + charset, sink.buffer.getvalue()
