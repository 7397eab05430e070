"""Load named graphs into any SPARQL 1.1 store and query it there.

A :class:`RemoteStore` is a set of endpoints (query, update, Graph Store Protocol) plus credentials.
It is a :class:`~newskg.store.base.GraphSink` (a build can stream into it) and a query target
(:meth:`RemoteStore.select` binds parameters safely and returns rdflib terms).

Writing one graph: HTTP PUT to the Graph Store Protocol endpoint (replace semantics, atomic on
Oxigraph and Virtuoso, so a reload never duplicates). Without a GSP endpoint, or when the server
refuses it, ``DROP SILENT GRAPH`` + ``INSERT DATA`` in batches (Virtuoso rejects INSERT DATA above
roughly 4,000 triples and slows down near 1,000), with the ``nk:contentHash`` triple in the last
batch so that a graph cut off half-way is never taken for a complete one.

Presets derive the three endpoints from a base URL:

>>> endpoints_for("oxigraph", "http://127.0.0.1:7878")
Endpoints(query='http://127.0.0.1:7878/query', update='http://127.0.0.1:7878/update', gsp='http://127.0.0.1:7878/store')
>>> endpoints_for("virtuoso", "http://127.0.0.1:8890", authenticated=True).gsp
'http://127.0.0.1:8890/sparql-graph-crud-auth'
>>> endpoints_for("fuseki", "http://127.0.0.1:3030/news").update
'http://127.0.0.1:3030/news/update'

Parameters are bound as terms in a ``VALUES`` block, never pasted as text:

>>> from rdflib import Literal, URIRef
>>> print(bind_values('SELECT ?a WHERE { ?a ?p ?o }', {"o": Literal('say "no"')}))
SELECT ?a WHERE { VALUES (?o) { ("say \\"no\\"") } ?a ?p ?o }
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import logging
import os
import re
import socket
import time
import urllib.error
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
import requests
import requests.auth
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import ASK, BASIC, CONSTRUCT, DIGEST, INSERT, JSON, N3, POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
)

from ..errors import InputError, QueryError, StoreError
from ..queries.binding import inject_values
from .base import GraphRefused, ntriples_of, triples_of
from .loading import CONTENT_HASH, ONTOLOGY_GRAPH, LoadEvent, LoadSummary, put_graphs

__all__ = [
    "SERVERS",
    "PASSWORD_ENV",
    "ONTOLOGY_GRAPH",
    "CONTENT_HASH",
    "Endpoints",
    "RemoteStore",
    "StoreUnreachable",
    "LoadEvent",
    "LoadSummary",
    "endpoints_for",
    "remote_from_options",
    "split_credentials",
    "bind_values",
    "load_file",
    "read_graphs",
    "survey_graphs",
    "iter_graphs",
    "GraphSurvey",
]

log = logging.getLogger(__name__)

SERVERS = ("oxigraph", "virtuoso", "fuseki", "graphdb", "generic")
PASSWORD_ENV = "NEWSKG_PASSWORD"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# INSERT DATA triples per request. Virtuoso turns each request into SQL and fails from about 4,000
# triples (SP031/SP030); its throughput was best near a few hundred. Others take large requests.
DEFAULT_BATCH = {"virtuoso": 500, "oxigraph": 10_000, "fuseki": 10_000, "graphdb": 10_000, "generic": 1_000}
# HTTP statuses that mean "this server does not do the Graph Store Protocol here": fall back to Update.
GSP_UNSUPPORTED = {404, 405, 406, 415, 501}


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of a SPARQL 1.1 store; ``gsp`` is None when it has no Graph Store Protocol."""

    query: str
    update: str
    gsp: str | None = None


def endpoints_for(server: str, url: str, *, authenticated: bool = False) -> Endpoints:
    """The endpoints of a ``server`` preset whose base URL is ``url``.

    ``url`` is the server root for Oxigraph and Virtuoso, the dataset URL for Fuseki
    (``http://host:3030/{dataset}``), the repository URL for GraphDB
    (``http://host:7200/repositories/{repo}``) and the SPARQL endpoint itself for ``generic``
    (queries and updates both go there; graphs are written with SPARQL Update).
    ``authenticated`` picks Virtuoso's Digest-protected ``-auth`` endpoints.
    """
    base = url.rstrip("/")
    if server == "oxigraph":
        return Endpoints(f"{base}/query", f"{base}/update", f"{base}/store")
    if server == "virtuoso":
        suffix = "-auth" if authenticated else ""
        return Endpoints(f"{base}/sparql{suffix}", f"{base}/sparql{suffix}", f"{base}/sparql-graph-crud{suffix}")
    if server == "fuseki":
        return Endpoints(f"{base}/query", f"{base}/update", f"{base}/data")
    if server == "graphdb":
        return Endpoints(base, f"{base}/statements", f"{base}/rdf-graphs/service")
    if server == "generic":
        return Endpoints(base, base, None)
    raise StoreError(f"unknown server preset {server!r}", hint="use one of " + ", ".join(SERVERS))


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``url`` without the user information in it, and the user and password it held (decoded).

    Credentials in a URL are used for HTTP authentication, never sent or shown as part of the URL
    (urllib, under SPARQLWrapper, would even look the user name up as part of the host name).

    >>> split_credentials("http://analyst:pa%3Ass@127.0.0.1:8890/sparql")
    ('http://127.0.0.1:8890/sparql', 'analyst', 'pa:ss')
    >>> split_credentials("http://127.0.0.1:7878/query")
    ('http://127.0.0.1:7878/query', None, None)
    """
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url, None, None
    userinfo, _, host = parts.netloc.rpartition("@")
    user, colon, password = userinfo.partition(":")
    clean = urllib.parse.urlunsplit(parts._replace(netloc=host))
    return clean, urllib.parse.unquote(user) or None, urllib.parse.unquote(password) if colon else None


def _credentials_of(urls: Iterable[str | None]) -> tuple[str | None, str | None]:
    """The one (user, password) the URLs carry, (None, None) when none does."""
    found = set()
    for url in urls:
        if url:
            _, user, password = split_credentials(url)
            if user is not None or password is not None:
                found.add((user, password))
    if len(found) > 1:
        raise StoreError(
            "the endpoint URLs hold different credentials",
            hint=f"give them once, as --user NAME with the password in ${PASSWORD_ENV}",
        )
    return next(iter(found), (None, None))


def _without_credentials(endpoints: Endpoints) -> Endpoints:
    def clean(url: str | None) -> str | None:
        return split_credentials(url)[0] if url else url

    return Endpoints(clean(endpoints.query) or "", clean(endpoints.update) or "", clean(endpoints.gsp))


def _choose_credentials(
    user: str | None, password: str | None, url_user: str | None, url_password: str | None
) -> tuple[str | None, str | None]:
    """The user and password to send, from the options and from the URLs (which must agree)."""
    if url_user is None and url_password is None:
        return user, password
    if user is not None and url_user is not None and user != url_user:
        raise StoreError(
            "two users given: one with --user, another in the endpoint URL",
            hint="give the user once (the password in the URL, or in $" + PASSWORD_ENV + ")",
        )
    if user is None and url_user is None:
        raise StoreError("the endpoint URL holds a password but no user", hint="write it as http://USER:PASSWORD@host/")
    if url_password is not None:
        _warn_command_line_password("the endpoint URL")
    return user or url_user, password if password is not None else url_password


def _warn_command_line_password(where: str) -> None:
    log.warning(
        "%s holds a password: newskg sends it as HTTP authentication and shows it nowhere, but a command "
        "line is visible to other users of this machine and kept in shell history; prefer --user NAME with "
        "the password in $%s",
        where,
        PASSWORD_ENV,
    )


# --------------------------------------------------------------------------------------------------
# Binding parameters: a VALUES block of terms, placed at the start of the outermost WHERE group.

_VARNAME = re.compile(r"^[A-Za-z0-9_\u00B7\u00C0-\uFFFF]+$")
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WHERE = re.compile(r"where\b", re.IGNORECASE)


def _term_text(name: str, value: Any) -> str:
    """The SPARQL text of one bound value: a term serialised by pyoxigraph, never raw text."""
    if isinstance(value, pyoxigraph.NamedNode | pyoxigraph.Literal):
        return str(value)
    try:
        if isinstance(value, URIRef):
            return str(pyoxigraph.NamedNode(str(value)))
        if isinstance(value, Literal):
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
        if c == "#":
            end = sparql.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if c in "\"'":
            triple = sparql[i : i + 3]
            if triple in ('"""', "'''"):
                end = sparql.find(triple, i + 3)
                i = n if end < 0 else end + 3
                continue
            j = i + 1
            while j < n and sparql[j] != c:
                j += 2 if sparql[j] == "\\" else 1
            i = j + 1
            continue
        if c == "<":
            match = _IRIREF.match(sparql, i)
            if match:
                i = match.end()
                continue
        if c == "{":
            if saw_where:
                return i + 1
            if first_brace is None:
                first_brace = i + 1
            # Skip the whole group: the WHERE we look for is at the top level.
            depth = 0
            while i < n:
                ch = sparql[i]
                if ch in "\"'":
                    j = i + 1
                    while j < n and sparql[j] != ch:
                        j += 2 if sparql[j] == "\\" else 1
                    i = j + 1
                    continue
                if ch == "#":
                    end = sparql.find("\n", i)
                    i = n if end < 0 else end + 1
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
            i += 1
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
        terms.append(_term_text(name, value))
    at = _group_start(sparql)
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"
    return sparql[:at] + block + sparql[at:]


def _term_from_json(value: Mapping[str, Any]) -> Node:
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


# --------------------------------------------------------------------------------------------------
# The store


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
        user, password = _choose_credentials(user, password, *_credentials_of(endpoints.__dict__.values()))
        endpoints = _without_credentials(endpoints)
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
            except Unauthorized as exc:
                _close_context(exc)
                raise self._credentials_error(url, 401) from exc
            except QueryBadFormed as exc:
                _close_context(exc)
                detail = _message(exc)
                if update:
                    raise StoreError(f"{what}: the server rejected the update: {detail}", where=url) from exc
                raise QueryError(f"the server rejected the query: {detail}", where=url) from exc
            except EndPointNotFound as exc:
                _close_context(exc)
                raise StoreError(f"{what}: no SPARQL endpoint here (HTTP 404)", where=url) from exc
            except EndPointInternalError as exc:
                _close_context(exc)
                detail = _message(exc)
                if _is_permission_error(detail):
                    raise self._permission_error(url, detail) from exc
                last = f"HTTP 500: {detail}"
            except urllib.error.HTTPError as exc:
                exc.close()
                if exc.code == 403:
                    raise self._credentials_error(url, 403) from exc
                if exc.code < 500 and exc.code != 429:
                    raise StoreError(f"{what}: HTTP {exc.code} {exc.reason}", where=url) from exc
                last = f"HTTP {exc.code}"
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError | socket.timeout):
                    last = "timed out"
                else:
                    last = f"connection failed: {exc.reason}"
            except (TimeoutError, ConnectionError, http.client.HTTPException) as exc:
                last = f"connection failed: {exc}"
            except SPARQLWrapperException as exc:
                raise StoreError(f"{what}: {_message(exc)}", where=url) from exc
            except ValueError as exc:  # SPARQLWrapper's JSON conversion of a non-JSON answer
                raise StoreError(f"{what}: the server's answer is not SPARQL JSON: {exc}", where=url) from exc
        if last.startswith("connection failed"):
            raise StoreUnreachable(f"{what}: {last} (after {self.retries + 1} attempts)", where=url)
        raise StoreError(f"{what}: {last} (after {self.retries + 1} attempts)", where=url)

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
        batches = _batches(triples, self.batch_size)
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
            tuple(_term_from_json(b[c]) if c in b else None for c in columns)
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


def _batches(triples: list[pyoxigraph.Triple], size: int) -> list[list[pyoxigraph.Triple]]:
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
    url_user, url_password = _credentials_of([url, endpoint, update_endpoint, gsp_endpoint])
    url, endpoint, update_endpoint, gsp_endpoint = (
        split_credentials(u)[0] if u else u for u in (url, endpoint, update_endpoint, gsp_endpoint)
    )
    inline_password = None
    if user is not None and ":" in user:  # "--user name:password", as curl takes it (a name holds no ':')
        user, _, inline_password = user.partition(":")
        _warn_command_line_password("--user")
    if user is not None or url_user is not None:
        # --user goes with $NEWSKG_PASSWORD; a user in the URL with the password beside it
        from_env = os.environ.get(password_env) if user is not None or url_password is None else None
        user, password = _choose_credentials(user, inline_password or from_env, url_user, url_password)
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


# --------------------------------------------------------------------------------------------------
# Loading files and embedded stores


def _quads_format(path: Path) -> pyoxigraph.RdfFormat:
    name = path.name.lower()
    if name.endswith((".trig",)):
        return pyoxigraph.RdfFormat.TRIG
    if name.endswith((".nq", ".nquads")):
        return pyoxigraph.RdfFormat.N_QUADS
    raise InputError(
        "cannot load this file: only TriG (.trig) and N-Quads (.nq) keep named graphs",
        where=str(path),
        hint="build with --format trig or nq, or pass --store DIR",
    )


@dataclass
class GraphSurvey:
    """What a first pass over a source found: its named graphs in order of first appearance, the
    statements it cannot place (default graph, blank-node graph names), and the graphs whose
    statements are not contiguous (which :func:`iter_graphs` must gather before yielding)."""

    source: Path
    graphs: list[str]
    default: int
    scattered: frozenset[str]


def _source_quads(path: Path) -> Iterator[pyoxigraph.Quad]:
    if path.is_dir():
        from .embedded import EmbeddedStore

        try:
            # through EmbeddedStore, so offsets leave typed as the builder wrote them
            store = EmbeddedStore(path, read_only=True, ontology=False)
        except StoreError as exc:
            raise InputError(f"cannot open the embedded store: {exc.message}", where=str(path)) from exc
        return store.quads()
    if path.is_file():
        return _parse_file(path)
    raise InputError("no such file or store directory", where=str(path))


def _placed(quad: pyoxigraph.Quad) -> str | None:
    """The IRI of a quad's graph; None for the default graph or a blank-node graph name (no IRI to
    PUT to)."""
    graph = quad.graph_name
    return graph.value if isinstance(graph, pyoxigraph.NamedNode) else None


def survey_graphs(source: str | Path) -> GraphSurvey:
    """Reads ``source`` (a TriG/N-Quads file or an embedded store directory) once, keeping no
    statement: see :class:`GraphSurvey`. Raises :class:`InputError` naming ``file:line``."""
    path = Path(source)
    order: dict[str, None] = {}
    scattered: set[str] = set()
    default = 0
    current: str | None = None
    for quad in _source_quads(path):
        graph = _placed(quad)
        if graph is None:
            default += 1
            continue
        if graph != current:
            if graph in order:
                scattered.add(graph)
            order.setdefault(graph)
            current = graph
    return GraphSurvey(path, list(order), default, frozenset(scattered))


def iter_graphs(survey: GraphSurvey) -> Iterator[tuple[str, list[pyoxigraph.Triple]]]:
    """The named graphs of ``survey.source``, each whole, reading it a second time: a contiguous
    graph is yielded as soon as it ends (memory holds one graph, not the file), the scattered ones
    at the end. newskg's own files and stores are contiguous."""
    gathered: dict[str, list[pyoxigraph.Triple]] = {graph: [] for graph in survey.scattered}
    current: str | None = None
    triples: list[pyoxigraph.Triple] = []
    for quad in _source_quads(survey.source):
        graph = _placed(quad)
        if graph is None:
            continue
        if graph in gathered:
            gathered[graph].append(quad.triple)
            continue
        if graph != current:
            if current is not None:
                yield current, triples
            current, triples = graph, []
        triples.append(quad.triple)
    if current is not None:
        yield current, triples
    yield from gathered.items()


def read_graphs(source: str | Path) -> tuple[dict[str, list[pyoxigraph.Triple]], int]:
    """The named graphs of a TriG/N-Quads file or an embedded store directory, all in memory, and
    the number of statements no graph IRI names (which a per-graph load cannot place and so
    ignores). Prefer :func:`survey_graphs` + :func:`iter_graphs` for large sources."""
    survey = survey_graphs(source)
    return dict(iter_graphs(survey)), survey.default


def _parse_file(path: Path) -> Iterator[pyoxigraph.Quad]:
    rdf_format = _quads_format(path)
    try:
        with open(path, "rb") as handle:
            yield from pyoxigraph.parse(handle, format=rdf_format)
    except SyntaxError as exc:
        raise InputError(f"not valid {rdf_format}: {exc.msg}", where=f"{path}:{exc.lineno}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8: {exc}", where=str(path)) from exc


def _packaged_ontology() -> list[pyoxigraph.Triple]:
    from ..ontology import ontology_text

    data = ontology_text("nt").encode("utf-8")
    return [
        pyoxigraph.Triple(q.subject, q.predicate, q.object)
        for q in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
    ]


def load_file(
    source: str | Path,
    remote: RemoteStore,
    *,
    progress: Callable[[LoadEvent], None] | None = None,
    force: bool = False,
    with_ontology: bool = True,
) -> LoadSummary:
    """Loads every named graph of a TriG/N-Quads file or an embedded store directory into ``remote``.

    Resumable: a graph whose ``nk:contentHash`` the store already holds is skipped (unless
    ``force``); graphs without a hash (the ontology) are always replaced, which is idempotent.
    A graph that still fails after the retries is recorded in the summary and the rest continue;
    if the server becomes unreachable the load stops with a :class:`StoreError` that says how far it got
    (rerun the same command to resume). ``progress`` is called after each graph.
    With ``with_ontology`` and no ontology graph in ``source``, the packaged ontology is loaded into
    its graph, so queries can walk ``rdfs:subClassOf*`` on the server.
    """
    started = time.monotonic()
    survey = survey_graphs(source)
    graphs: Iterable[tuple[str, list[pyoxigraph.Triple]]] = iter_graphs(survey)
    total = len(survey.graphs)
    if with_ontology and ONTOLOGY_GRAPH not in survey.graphs:
        graphs = itertools.chain([(ONTOLOGY_GRAPH, _packaged_ontology())], graphs)
        total += 1
    summary = LoadSummary(ignored_default_triples=survey.default)
    if survey.default:
        log.warning(
            "%s: %d statements outside named graphs are not loaded (only named graphs are)", source, survey.default
        )
    remote.check()
    stored = {} if force else remote.stored_hashes()
    try:
        put_graphs(
            graphs,
            remote.put_graph,
            total=total,
            stored=stored,
            summary=summary,
            progress=progress,
            fatal=(StoreUnreachable,),
        )
    except StoreUnreachable as exc:
        summary.seconds = time.monotonic() - started
        raise StoreError(
            f"the server became unreachable after {summary.loaded + summary.unchanged} of {total} graphs "
            f"({exc.message})",
            where=exc.where,
            hint="rerun the same command to resume; graphs already loaded are skipped",
        ) from exc
    summary.seconds = time.monotonic() - started
    log.info("%s: %s", source, summary)
    return summary
