"""The :class:`RemoteStore`: a SPARQL 1.1 store behind HTTP, written to graph by graph and queried.

Writing one graph: HTTP PUT to the Graph Store Protocol endpoint (replace semantics, atomic on
Oxigraph and Virtuoso, so a reload never duplicates). Without a GSP endpoint, or when the server
refuses it, ``DROP SILENT GRAPH`` + ``INSERT DATA`` in batches (Virtuoso rejects INSERT DATA above
roughly 4,000 triples and slows down near 1,000), with the ``nk:contentHash`` triple in the last
batch so that a graph cut off half-way is never taken for a complete one.
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import os
import re
import socket
import time
import urllib.error
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import pyoxigraph
import requests
import requests.auth
from rdflib import Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import ASK, BASIC, CONSTRUCT, DIGEST, INSERT, JSON, N3, POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
)

from ...errors import QueryError, StoreError
from ...queries.binding import inject_values
from ..base import GraphRefused, ntriples_of, triples_of
from ..loading import CONTENT_HASH
from .binding import term_from_json
from .presets import (
    DEFAULT_BATCH,
    GSP_UNSUPPORTED,
    PASSWORD_ENV,
    SERVERS,
    Endpoints,
    choose_credentials,
    credentials_of,
    endpoints_for,
    split_credentials,
    warn_command_line_password,
    without_credentials,
)

__all__ = ["RemoteStore", "StoreUnreachable", "insert_batches", "remote_from_options"]

log = logging.getLogger("newskg.store.remote")


# What a SPARQLWrapper request can raise that RemoteStore._retryable turns into a retry or a newskg error.
_SPARQL_FAILURES = (
    SPARQLWrapperException,
    urllib.error.URLError,
    TimeoutError,
    ConnectionError,
    http.client.HTTPException,
    ValueError,
)


class StoreUnreachable(StoreError):
    """The server could not be reached at all (connection refused, DNS, connect timeout), even after
    the retries: a caller writing many graphs should stop rather than fail each one in turn."""


def _challenge(response: requests.Response) -> tuple[str | None, str | None]:
    """(scheme, realm) of a 401 response's WWW-Authenticate header."""
    header = response.headers.get("WWW-Authenticate", "")
    if not header:
        return None, None
    scheme = header.split()[0].lower()
    match = re.search(r'realm="([^"]*)"', header)
    return scheme, match.group(1) if match else None


class RemoteStore:
    """A SPARQL 1.1 store behind HTTP: a graph sink and a query target.

    >>> store = RemoteStore(endpoints_for("oxigraph", "http://127.0.0.1:1"))
    >>> store.endpoints.gsp
    'http://127.0.0.1:1/store'

    Options (keyword-only): ``user`` and ``password`` (HTTP auth; the password is never logged or
    shown in ``repr``), ``auth`` ``"basic"``/``"digest"`` (default: whatever the server's 401
    challenge asks for), ``server`` (the preset name, to size INSERT DATA batches),
    ``batch_size``, ``connect_timeout`` (seconds; an unreachable URL fails after at most this long),
    ``timeout`` (seconds per request), ``retries`` (extra attempts on 5xx and timeouts, with
    exponential ``backoff``), ``use_gsp`` (False forces SPARQL Update), ``union_default_graph``
    (send Oxigraph's ``union-default-graph`` query parameter, so queries without ``GRAPH`` see every
    named graph, as newskg's canned queries expect; default: on for the ``oxigraph`` preset),
    ``expand_class_paths`` (the query runner, :func:`newskg.queries.run_query`, replaces each
    ``rdfs:subClassOf*`` / ``+`` walk by a ``VALUES`` block of the newskg ontology's classes before
    sending the query, since Virtuoso 7.2 loses rows joining such paths; subclasses defined
    outside the ontology are then not seen; default: on for the ``virtuoso`` preset).

    >>> RemoteStore(endpoints_for("virtuoso", "http://127.0.0.1:1"), server="virtuoso").expand_class_paths
    True
    """

    def __init__(
        self,
        endpoints: Endpoints,
        *,
        user: str | None = None,
        password: str | None = None,
        auth: str | None = None,
        server: str = "generic",
        batch_size: int | None = None,
        connect_timeout: float = 3.0,
        timeout: float = 120.0,
        retries: int = 3,
        backoff: float = 0.5,
        use_gsp: bool = True,
        union_default_graph: bool | None = None,
        expand_class_paths: bool | None = None,
    ) -> None:
        if auth not in (None, "basic", "digest"):
            raise StoreError(f"unknown HTTP auth scheme {auth!r}", hint="use basic or digest")
        if password is not None and user is None:
            raise StoreError("a password was given without a user")
        user, password = choose_credentials(user, password, *credentials_of(endpoints.__dict__.values()))
        endpoints = without_credentials(endpoints)
        self.endpoints = endpoints
        self.user = user
        self._password = password
        self._auth_scheme = auth
        self._realm: str | None = None
        self.server = server
        self.batch_size = batch_size or DEFAULT_BATCH.get(server, 1_000)
        self.connect_timeout = connect_timeout
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._gsp = endpoints.gsp if use_gsp else None
        # newskg's queries read the union of the named graphs as the default graph. Virtuoso does that
        # unasked; Oxigraph's server wants the per-request `union-default-graph` parameter.
        self.union_default_graph = server == "oxigraph" if union_default_graph is None else union_default_graph
        # Read by the query runner (newskg.queries.run_query), which rewrites the text it sends here.
        self.expand_class_paths = server == "virtuoso" if expand_class_paths is None else expand_class_paths
        self._session = requests.Session()
        self._checked = False
        self._closed = False

    def __repr__(self) -> str:
        who = f", user={self.user!r}" if self.user else ""
        return f"RemoteStore(query={self.endpoints.query!r}, gsp={self._gsp!r}{who})"

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Releases the HTTP connections; idempotent."""
        if not self._closed:
            self._session.close()
            self._closed = True

    # -- HTTP plumbing ---------------------------------------------------------------------------

    def _requests_auth(self) -> requests.auth.AuthBase | None:
        if self.user is None:
            return None
        if self._auth_scheme == "digest":
            return requests.auth.HTTPDigestAuth(self.user, self._password or "")
        # UTF-8 as RFC 7617 recommends and SPARQLWrapper sends (requests would encode str as Latin-1).
        return requests.auth.HTTPBasicAuth(self.user.encode("utf-8"), (self._password or "").encode("utf-8"))

    def _credentials_error(self, url: str, status: int) -> StoreError:
        if self.user is None:
            return StoreError(
                f"the server requires credentials or refuses anonymous writes (HTTP {status})",
                where=url,
                hint=f'pass --user and set {PASSWORD_ENV}, or on Virtuoso GRANT SPARQL_UPDATE TO "SPARQL"',
            )
        return StoreError(
            f"the server refused user {self.user!r} (HTTP {status}): wrong user or password, or no write permission",
            where=url,
            hint=f"check --user and {PASSWORD_ENV}",
        )

    def check(self) -> None:
        """Fails fast (within ``connect_timeout``) when the query endpoint cannot be reached.

        Also learns the auth scheme and realm from the server's 401 challenge when a user is set.
        """
        if self._checked:
            return
        url = self.endpoints.query
        try:
            response = self._session.get(
                url,
                params={"query": "ASK {}"},
                headers={"Accept": "application/sparql-results+json"},
                timeout=(self.connect_timeout, self.timeout),
            )
        except requests.ConnectionError as exc:
            raise StoreUnreachable(
                f"cannot connect: {_reason(exc)}", where=url, hint="is the server running and the URL right?"
            ) from exc
        except requests.Timeout as exc:
            raise StoreUnreachable(
                f"no answer within {self.connect_timeout:g} s", where=url, hint="is the server running?"
            ) from exc
        if response.status_code == 401 and self.user is not None:
            scheme, realm = _challenge(response)
            if self._auth_scheme is None and scheme in ("basic", "digest"):
                self._auth_scheme = scheme
            self._realm = realm
            # Try the credentials here, where a refusal is one clear error (urllib, under
            # SPARQLWrapper, would retry Digest and leave the refused responses open).
            response = self._session.get(
                url,
                params={"query": "ASK {}"},
                headers={"Accept": "application/sparql-results+json"},
                auth=self._requests_auth(),
                timeout=(self.connect_timeout, self.timeout),
            )
            if response.status_code in (401, 403):
                raise self._credentials_error(url, response.status_code)
        self._checked = True

    def _http(self, method: str, url: str, *, what: str, **kwargs: Any) -> requests.Response:
        """One HTTP request with retries on 5xx, 429 and timeouts; credentials errors are final."""
        self.check()
        delay = self.backoff
        last: str = ""
        for attempt in range(self.retries + 1):
            if attempt:
                log.info("retrying %s (%s) in %.1f s", what, last, delay)
                time.sleep(delay)
                delay *= 2
            try:
                response = self._session.request(
                    method,
                    url,
                    auth=self._requests_auth(),
                    timeout=(self.connect_timeout, self.timeout),
                    **kwargs,
                )
            except requests.Timeout as exc:
                last = f"timed out: {exc}"
                continue
            except requests.ConnectionError as exc:
                last = f"connection failed: {_reason(exc)}"
                continue
            if response.status_code in (401, 403):
                if response.status_code == 401 and self.user is not None:
                    scheme, realm = _challenge(response)
                    if scheme in ("basic", "digest") and scheme != (self._auth_scheme or "basic"):
                        # The server wants the other scheme: switch once and try again at once.
                        self._auth_scheme, self._realm = scheme, realm
                        return self._http(method, url, what=what, **kwargs)
                raise self._credentials_error(url, response.status_code)
            if response.status_code >= 500 or response.status_code == 429:
                body = response.text[:300].strip()
                if _is_permission_error(body):
                    raise self._permission_error(url, body)
                last = f"HTTP {response.status_code}: {body}"
                continue
            return response
        if last.startswith("connection failed"):
            raise StoreUnreachable(f"{what}: {last} (after {self.retries + 1} attempts)", where=url)
        raise StoreError(f"{what}: {last} (after {self.retries + 1} attempts)", where=url)

    def _permission_error(self, url: str, body: str) -> StoreError:
        return StoreError(
            f"the server refused the write: {body.splitlines()[0] if body else 'no permission'}",
            where=url,
            hint='on Virtuoso run GRANT SPARQL_UPDATE TO "SPARQL" in isql-vt, or use --user with the -auth endpoints',
        )

    def _wrapper(self, url: str, *, update: bool, graph: bool = False) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(url, updateEndpoint=url if update else None)
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)
        wrapper.setTimeout(max(1, int(self.timeout)))
        if not update:
            wrapper.setReturnFormat(N3 if graph else JSON)
            if self.union_default_graph:
                wrapper.addParameter("union-default-graph", "")
        if self.user is not None:
            wrapper.setHTTPAuth(DIGEST if self._auth_scheme == "digest" else BASIC)
            if self._realm is not None:
                wrapper.setCredentials(self.user, self._password or "", realm=self._realm)
            else:
                wrapper.setCredentials(self.user, self._password or "")
        return wrapper

    def _sparql(self, text: str, *, update: bool, what: str, kind: str = SELECT) -> Any:
        """Runs a query (JSON results; an rdflib Graph for ``kind=CONSTRUCT``) or an update through
        SPARQLWrapper, with retries."""
        self.check()
        url = self.endpoints.update if update else self.endpoints.query
        delay = self.backoff
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                log.info("retrying %s (%s) in %.1f s", what, last, delay)
                time.sleep(delay)
                delay *= 2
            wrapper = self._wrapper(url, update=update, graph=kind == CONSTRUCT)
            wrapper.setQuery(text)
            # SPARQLWrapper guesses the kind by searching the text for keywords (no word bounds, and
            # comments only partly stripped): a comment saying "drop" or "add" made a SELECT an update
            wrapper.queryType = INSERT if update else kind
            try:
                result = wrapper.query()
                try:
                    return None if update else result.convert()
                finally:
                    result.response.close()  # urllib keeps the socket open until closed
            except _SPARQL_FAILURES as exc:
                last = self._retryable(exc, url=url, what=what, update=update)
        if last.startswith("connection failed"):
            raise StoreUnreachable(f"{what}: {last} (after {self.retries + 1} attempts)", where=url)
        raise StoreError(f"{what}: {last} (after {self.retries + 1} attempts)", where=url)

    def _retryable(self, exc: Exception, *, url: str, what: str, update: bool) -> str:
        """What went wrong, when another attempt may do better (a 5xx, a timeout, a lost
        connection); raises the StoreError or QueryError for a failure that is final."""
        if isinstance(exc, Unauthorized):
            _close_context(exc)
            raise self._credentials_error(url, 401) from exc
        if isinstance(exc, QueryBadFormed):
            _close_context(exc)
            detail = _message(exc)
            if update:
                raise StoreError(f"{what}: the server rejected the update: {detail}", where=url) from exc
            raise QueryError(f"the server rejected the query: {detail}", where=url) from exc
        if isinstance(exc, EndPointNotFound):
            _close_context(exc)
            raise StoreError(f"{what}: no SPARQL endpoint here (HTTP 404)", where=url) from exc
        if isinstance(exc, EndPointInternalError):
            _close_context(exc)
            detail = _message(exc)
            if _is_permission_error(detail):
                raise self._permission_error(url, detail) from exc
            return f"HTTP 500: {detail}"
        if isinstance(exc, urllib.error.HTTPError):
            exc.close()
            if exc.code == 403:
                raise self._credentials_error(url, 403) from exc
            if exc.code < 500 and exc.code != 429:
                raise StoreError(f"{what}: HTTP {exc.code} {exc.reason}", where=url) from exc
            return f"HTTP {exc.code}"
        if isinstance(exc, urllib.error.URLError):
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                return "timed out"
            return f"connection failed: {exc.reason}"
        if isinstance(exc, TimeoutError | ConnectionError | http.client.HTTPException):
            return f"connection failed: {exc}"
        if isinstance(exc, SPARQLWrapperException):
            raise StoreError(f"{what}: {_message(exc)}", where=url) from exc
        # SPARQLWrapper's JSON conversion of a non-JSON answer
        raise StoreError(f"{what}: the server's answer is not SPARQL JSON: {exc}", where=url) from exc

    # -- the sink protocol -----------------------------------------------------------------------

    def put_graph(
        self, graph_iri: str, triples: Sequence[pyoxigraph.Triple], *, content_hash: str | None = None
    ) -> None:
        """Replaces the named graph ``graph_iri`` with ``triples``.

        With ``content_hash`` and no ``nk:contentHash`` triple among ``triples``, one is added
        (``<graph> nk:contentHash "hash"``) so :meth:`stored_hash` finds it and a resumed load skips it.
        Raises :class:`~newskg.store.base.GraphRefused` when the server refuses the graph,
        :class:`StoreUnreachable` when it cannot be reached.
        """
        with _one_graph():
            graph = _named_node(graph_iri)
            listed = _with_hash(graph, triples, content_hash)
            if self._gsp is None or not self._try_gsp(graph_iri, ntriples_of(listed), len(listed)):
                self._put_update(graph, listed)

    def put_ntriples(self, graph_iri: str, ntriples: bytes, *, content_hash: str | None = None) -> None:
        """:meth:`put_graph` for N-Triples text (the builder's graphs): PUT as it is, rather than
        parsed into terms and written back, when it carries the hash already (the mapping's do)."""
        if content_hash is not None and f"<{CONTENT_HASH}>".encode() not in ntriples:
            self.put_graph(graph_iri, triples_of(ntriples), content_hash=content_hash)
            return
        with _one_graph():
            graph = _named_node(graph_iri)
            if self._gsp is None or not self._try_gsp(graph_iri, ntriples, ntriples.count(b"\n")):
                self._put_update(graph, triples_of(ntriples))

    def _try_gsp(self, graph_iri: str, body: bytes, count: int) -> bool:
        """PUT the graph by the Graph Store Protocol; False when the server turns out not to support
        it (the graph is then still to be written, and later ones go by SPARQL Update)."""
        if self._put_gsp(graph_iri, body, count):
            return True
        log.warning("%s does not take Graph Store Protocol PUT; using SPARQL Update instead", self._gsp)
        self._gsp = None
        return False

    def _put_gsp(self, graph_iri: str, body: bytes, count: int) -> bool:
        """PUT the graph (``count`` triples as N-Triples ``body``); False when the server does not
        support the Graph Store Protocol there."""
        assert self._gsp is not None
        # N-Triples is Turtle, and every server here knows text/turtle (Virtuoso 7.2 predates n-triples).
        response = self._http(
            "PUT",
            self._gsp,
            what=f"PUT graph <{graph_iri}>",
            params={"graph": graph_iri},
            data=body,
            headers={"Content-Type": "text/turtle; charset=utf-8"},
        )
        if 200 <= response.status_code < 300:
            log.debug("PUT <%s>: %d triples, HTTP %d", graph_iri, count, response.status_code)
            return True
        if response.status_code in GSP_UNSUPPORTED:
            return False
        raise StoreError(
            f"PUT graph <{graph_iri}> failed: HTTP {response.status_code} {response.text[:300].strip()}",
            where=self._gsp,
        )

    def _put_update(self, graph: pyoxigraph.NamedNode, triples: list[pyoxigraph.Triple]) -> None:
        batches = insert_batches(triples, self.batch_size)
        for number, batch in enumerate(batches):
            prefix = f"DROP SILENT GRAPH {graph} ;\n" if number == 0 else ""
            data = (pyoxigraph.serialize(batch, format=pyoxigraph.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
            if not batch:
                text = prefix.rstrip(" ;\n")
            elif _has_blank(batch):
                # Virtuoso refuses blank nodes in INSERT DATA ("not allowed in a constant clause");
                # a template with an empty WHERE inserts them as fresh nodes, on every server.
                text = f"{prefix}INSERT {{ GRAPH {graph} {{\n{data}}} }} WHERE {{}}"
            else:
                text = f"{prefix}INSERT DATA {{ GRAPH {graph} {{\n{data}}} }}"
            self._sparql(text, update=True, what=f"INSERT DATA batch {number + 1}/{len(batches)} of <{graph.value}>")

    def stored_hash(self, graph_iri: str) -> str | None:
        """The ``nk:contentHash`` recorded in ``graph_iri``, None when the graph or the triple is absent."""
        query = f"SELECT ?h WHERE {{ GRAPH ?g {{ ?doc <{CONTENT_HASH}> ?h }} }} LIMIT 1"
        _, rows = self.select(query, {"g": URIRef(_named_node(graph_iri).value)})
        return str(rows[0][0]) if rows and rows[0][0] is not None else None

    def stored_hashes(self) -> dict[str, str]:
        """Every named graph's ``nk:contentHash`` in one query (what a resumed load compares against)."""
        _, rows = self.select(f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?doc <{CONTENT_HASH}> ?h }} }}")
        return {str(g): str(h) for g, h in rows if g is not None and h is not None}

    def drop_graph(self, graph_iri: str) -> None:
        """Removes one named graph (no error when it does not exist)."""
        self._sparql(f"DROP SILENT GRAPH {_named_node(graph_iri)}", update=True, what=f"DROP GRAPH <{graph_iri}>")

    def update(self, sparql: str) -> None:
        """Runs a SPARQL 1.1 Update on the update endpoint."""
        self._sparql(sparql, update=True, what="update")

    # -- queries ---------------------------------------------------------------------------------

    def select(
        self, sparql: str, bindings: Mapping[str, Any] | None = None
    ) -> tuple[list[str], list[tuple[Node | None, ...]]]:
        """Runs a SELECT (or ASK) with ``bindings`` injected as a VALUES block; rows of rdflib terms.

        Unbound cells are None. An ASK yields the column ``result`` and one boolean Literal row.
        """
        text = inject_values(sparql, bindings)
        answer = self._sparql(text, update=False, what="query")
        if not isinstance(answer, dict):
            raise StoreError("the server's answer is not SPARQL JSON", where=self.endpoints.query)
        if "boolean" in answer:
            return ["result"], [(Literal(bool(answer["boolean"])),)]
        columns = list(answer.get("head", {}).get("vars", []))
        rows = [
            tuple(term_from_json(b[c]) if c in b else None for c in columns)
            for b in answer.get("results", {}).get("bindings", [])
        ]
        return columns, rows

    def solutions(
        self, sparql: str, bindings: Mapping[str, Any] | None = None
    ) -> tuple[list[str], Iterator[tuple[Node | None, ...]]]:
        """:meth:`select` for the query runner (the server sends the whole answer at once)."""
        columns, rows = self.select(sparql, bindings)
        return columns, iter(rows)

    def ask(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> bool:
        """Runs an ASK query with ``bindings`` injected as a VALUES block."""
        answer = self._sparql(inject_values(sparql, bindings), update=False, what="query", kind=ASK)
        if not isinstance(answer, dict) or "boolean" not in answer:
            raise StoreError("the server's answer to an ASK query has no boolean", where=self.endpoints.query)
        return bool(answer["boolean"])

    def triples(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> Iterator[tuple[Node, Node, Node]]:
        """Runs a CONSTRUCT or DESCRIBE query; its triples as rdflib terms."""
        graph = self._sparql(inject_values(sparql, bindings), update=False, what="query", kind=CONSTRUCT)
        return iter(list(graph))

    def graph_triples(self, graph_iri: str) -> set[tuple[Node, Node, Node]]:
        """Every triple of one named graph as rdflib terms (for checks and small exports)."""
        _, rows = self.select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(graph_iri)})
        return {(s, p, o) for s, p, o in rows}  # type: ignore[misc]


@contextlib.contextmanager
def _one_graph() -> Iterator[None]:
    """A StoreError while writing one graph is that graph's (GraphRefused: a build skips the
    document and goes on), unless the server cannot be reached at all (StoreUnreachable)."""
    try:
        yield
    except (StoreUnreachable, GraphRefused):
        raise
    except StoreError as exc:
        raise GraphRefused(exc.message, where=exc.where, hint=exc.hint) from exc


def _with_hash(
    graph: pyoxigraph.NamedNode, triples: Iterable[pyoxigraph.Triple], content_hash: str | None
) -> list[pyoxigraph.Triple]:
    """``triples`` as a list, with ``<graph> nk:contentHash "hash"`` added when ``content_hash`` is
    given and no contentHash triple is there yet."""
    listed = list(triples)
    if content_hash is not None and not any(t.predicate.value == CONTENT_HASH for t in listed):
        listed.append(pyoxigraph.Triple(graph, pyoxigraph.NamedNode(CONTENT_HASH), pyoxigraph.Literal(content_hash)))
    return listed


def insert_batches(triples: list[pyoxigraph.Triple], size: int) -> list[list[pyoxigraph.Triple]]:
    """INSERT DATA batches of about ``size`` triples, never splitting what must travel together.

    A blank node is scoped to one request: triples linked through blank nodes go in the same batch
    (else they would land on two different nodes). The ``nk:contentHash`` triple goes last, in a
    batch of its own, so a graph cut off half-way carries no hash and a resumed load reloads it.
    """
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    def blanks(triple: pyoxigraph.Triple) -> list[str]:
        return [t.value for t in (triple.subject, triple.object) if isinstance(t, pyoxigraph.BlankNode)]

    for triple in triples:
        labels = blanks(triple)
        for other in labels[1:]:
            parent[root(other)] = root(labels[0])
    units: dict[object, list[pyoxigraph.Triple]] = {}
    for position, triple in enumerate(triples):
        labels = blanks(triple)
        units.setdefault(root(labels[0]) if labels else position, []).append(triple)
    # Virtuoso conflates value-equal literals of different datatypes within one request
    # ("false"^^xsd:boolean stored as "0"^^xsd:integer next to an offset 0; openlink/virtuoso-opensource
    # issues 733 and 912), so a batch only ever holds one kind of object.
    kinds: dict[str, list[list[pyoxigraph.Triple]]] = {}
    last: list[pyoxigraph.Triple] = []
    for unit in units.values():
        if any(t.predicate.value == CONTENT_HASH for t in unit):
            last.extend(unit)
            continue
        kinds.setdefault(_object_kind(unit), []).append(unit)
    batches: list[list[pyoxigraph.Triple]] = []
    for group in kinds.values():
        current: list[pyoxigraph.Triple] = []
        for unit in group:
            if current and len(current) + len(unit) > size:
                batches.append(current)
                current = []
            if len(unit) > size:
                log.warning("%d triples linked by blank nodes go in one INSERT DATA (batch size %d)", len(unit), size)
            current.extend(unit)
        batches.append(current)
    if last:
        batches.append(last)
    return batches or [[]]


def _object_kind(unit: list[pyoxigraph.Triple]) -> str:
    if len(unit) > 1:
        return "blank"
    value = unit[0].object
    if isinstance(value, pyoxigraph.Literal):
        return "lang" if value.language else value.datatype.value
    return type(value).__name__


def _close_context(exc: BaseException) -> None:
    """Closes the urllib HTTPError SPARQLWrapper raised its own exception from (it holds a socket)."""
    context = exc.__context__
    if isinstance(context, urllib.error.HTTPError):
        context.close()


def _has_blank(triples: Iterable[pyoxigraph.Triple]) -> bool:
    return any(
        isinstance(t.subject, pyoxigraph.BlankNode) or isinstance(t.object, pyoxigraph.BlankNode) for t in triples
    )


def _named_node(iri: str) -> pyoxigraph.NamedNode:
    try:
        return pyoxigraph.NamedNode(iri)
    except ValueError as exc:
        raise StoreError(f"not a valid graph IRI: {exc}", where=iri) from exc


def _is_permission_error(body: str) -> bool:
    return "SR186" in body or "No permission" in body or "permission denied" in body.lower()


def _message(exc: BaseException) -> str:
    text = str(exc)
    # SPARQLWrapper prefixes its own boilerplate; the server's message follows "Response:".
    if "Response:" in text:
        text = text.split("Response:", 1)[1]
    text = text.strip().strip("b'\"").replace("\\n", " ")
    return " ".join(text.split())[:300]


def _reason(exc: requests.ConnectionError) -> str:
    text = str(exc)
    for marker in ("Connection refused", "Name or service not known", "timed out", "No route to host"):
        if marker in text:
            return marker.lower()
    return text[:200]


def remote_from_options(
    *,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    gsp_endpoint: str | None = None,
    server: str | None = None,
    url: str | None = None,
    user: str | None = None,
    password_env: str = PASSWORD_ENV,
    **options: Any,
) -> RemoteStore:
    """A :class:`RemoteStore` from the CLI's options (``--endpoint`` ... or ``--server`` + ``--url``).

    ``--endpoint`` alone is a generic store (queries and updates there, no GSP) unless
    ``--gsp-endpoint`` is given; ``--server`` + ``--url`` derives all three, and any explicit
    endpoint overrides the derived one. With ``user`` the password is read from the environment
    variable ``password_env`` (never from the command line). Other keyword options go to
    :class:`RemoteStore`.
    """
    if endpoint is None and (server is None or url is None):
        raise StoreError("no SPARQL store given", hint="pass --endpoint URL, or --server NAME with --url BASE")
    if server is not None and server not in SERVERS:
        raise StoreError(f"unknown server preset {server!r}", hint="use one of " + ", ".join(SERVERS))
    # credentials written into a URL are credentials, not part of the address
    url_user, url_password = credentials_of([url, endpoint, update_endpoint, gsp_endpoint])
    url, endpoint, update_endpoint, gsp_endpoint = (
        split_credentials(u)[0] if u else u for u in (url, endpoint, update_endpoint, gsp_endpoint)
    )
    inline_password = None
    if user is not None and ":" in user:  # "--user name:password", as curl takes it (a name holds no ':')
        user, _, inline_password = user.partition(":")
        warn_command_line_password("--user")
    if user is not None or url_user is not None:
        # --user goes with $NEWSKG_PASSWORD; a user in the URL with the password beside it
        from_env = os.environ.get(password_env) if user is not None or url_password is None else None
        user, password = choose_credentials(user, inline_password or from_env, url_user, url_password)
    else:
        password = None
    if server is not None and url is not None:
        derived = endpoints_for(server, url, authenticated=user is not None)
    else:
        derived = Endpoints(endpoint or "", endpoint or "", None)
    endpoints = Endpoints(
        query=endpoint or derived.query,
        update=update_endpoint or (derived.update if server else endpoint or derived.update),
        gsp=gsp_endpoint or derived.gsp,
    )
    if user is not None and password is None:
        raise StoreError(
            f"user {user} needs a password in the environment variable {password_env}",
            where=endpoints.query,
        )
    if server == "virtuoso" and user is not None:
        options.setdefault("auth", "digest")
    return RemoteStore(endpoints, user=user, password=password, server=server or "generic", **options)
