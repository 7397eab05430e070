"""The server presets (the endpoints a preset derives from a base URL) and the credentials an
endpoint URL may hold: what every command naming a SPARQL server shares.

>>> endpoints_for("oxigraph", "http://127.0.0.1:7878")
Endpoints(query='http://127.0.0.1:7878/query', update='http://127.0.0.1:7878/update', gsp='http://127.0.0.1:7878/store')
>>> endpoints_for("virtuoso", "http://127.0.0.1:8890", authenticated=True).gsp
'http://127.0.0.1:8890/sparql-graph-crud-auth'
>>> endpoints_for("fuseki", "http://127.0.0.1:3030/news").update
'http://127.0.0.1:3030/news/update'
"""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass

from ...errors import StoreError

__all__ = [
    "DEFAULT_BATCH",
    "GSP_UNSUPPORTED",
    "PASSWORD_ENV",
    "SERVERS",
    "Endpoints",
    "choose_credentials",
    "credentials_of",
    "endpoints_for",
    "split_credentials",
    "warn_command_line_password",
    "without_credentials",
]

log = logging.getLogger("newskg.store.remote")

SERVERS = ("oxigraph", "virtuoso", "fuseki", "graphdb", "generic")
PASSWORD_ENV = "NEWSKG_PASSWORD"

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


def credentials_of(urls: Iterable[str | None]) -> tuple[str | None, str | None]:
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


def without_credentials(endpoints: Endpoints) -> Endpoints:
    def clean(url: str | None) -> str | None:
        return split_credentials(url)[0] if url else url

    return Endpoints(clean(endpoints.query) or "", clean(endpoints.update) or "", clean(endpoints.gsp))


def choose_credentials(
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
        warn_command_line_password("the endpoint URL")
    return user or url_user, password if password is not None else url_password


def warn_command_line_password(where: str) -> None:
    log.warning(
        "%s holds a password: newskg sends it as HTTP authentication and shows it nowhere, but a command "
        "line is visible to other users of this machine and kept in shell history; prefer --user NAME with "
        "the password in $%s",
        where,
        PASSWORD_ENV,
    )
