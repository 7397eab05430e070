"""The web app: pages over the store and a read-only SPARQL 1.1 Protocol endpoint (Starlette + Jinja2).

Every piece of store work runs in a :class:`~newskg.web.pool.QueryPool` worker process, so a query
past its time limit is killed rather than left running; the server process only renders.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newskg.builder.mapping import DEFAULT_BASE
from newskg.errors import NewsKGError, QueryError, StoreError
from newskg.web.pool import Busy, QueryPool, TimedOut
from newskg.web.protocol import NotAcceptable, ResultTooLarge, UpdateRefused
from newskg.web.render import environment, page_context

__all__ = ["Settings", "create_app"]

logger = logging.getLogger("newskg.web")

JOBS = "newskg.web.jobs"
STATIC = Path(__file__).with_name("static")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


@dataclass(frozen=True)
class Settings:
    """How the app runs: the store, the number of query workers, the limits."""

    store: Path
    workers: int = 2
    timeout: float = 30.0  # seconds for one SPARQL request
    page_timeout: float = 20.0  # seconds for one page's queries
    wait: float = 5.0  # seconds a request may wait for a free worker before a 503
    max_body: int = 1_000_000  # bytes of a request body (a query or a form)
    max_query_string: int = 16_000  # bytes of a URL's query string
    max_result: int = 64_000_000  # bytes of a SPARQL answer
    max_rows: int = 1000  # rows a canned query shows on its page
    allowed_hosts: tuple[str, ...] | None = None  # Host headers served (None: any)
    base: str = DEFAULT_BASE


class Limits:
    """ASGI middleware: refuses bodies and query strings above the limits (413, 414) before any work,
    counting the body as it streams in (a missing or false Content-Length does not get past it),
    and adds the security headers to every answer."""

    def __init__(self, app: ASGIApp, *, max_body: int, max_query_string: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_query_string = max_query_string

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > self.max_query_string:
            await PlainTextResponse(f"the query string is longer than {self.max_query_string} bytes: send the "
                                    "query in a POST body", status_code=414)(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await PlainTextResponse(f"the request body is larger than {self.max_body} bytes",
                                    status_code=413)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        async def headed(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, counted, headed)
        except _TooLarge:
            await PlainTextResponse(f"the request body is larger than {self.max_body} bytes",
                                    status_code=413)(scope, receive, send)


class _TooLarge(Exception):
    pass


def create_app(settings: Settings, *, pool: QueryPool | None = None) -> Starlette:
    """The ASGI app over ``settings.store``; its query workers start with the app (lifespan) and stop
    with it. A ``pool`` already started may be given instead (tests share one)."""
    site = _Site(settings, pool)
    page = site.page
    routes = [
        Route("/", page(site.overview)),
        Route("/articles", page(site.articles)),
        Route("/article/{doc_id:path}", page(site.article)),
        Route("/actor/{key}", page(site.actor)),
        Route("/conflict/{key}", page(site.conflict)),
        Route("/conflicts", page(site.conflicts)),
        Route("/search", page(site.search)),
        Route("/network", page(site.network)),
        Route("/network.json", site.network_json),
        Route("/query", page(site.query_page)),
        Route("/query/{name}", page(site.canned_query)),
        Route("/resource", page(site.resource)),
        Route("/ontology", _ontology),
        Route("/newskg.ttl", _ontology_source),
        Route("/sparql", site.sparql, methods=["GET", "POST"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [Middleware(Limits, max_body=settings.max_body, max_query_string=settings.max_query_string)]
    if settings.allowed_hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts)))
    app = Starlette(routes=routes, middleware=middleware, lifespan=site.lifespan)
    app.state.settings = settings
    return app


Handler = Callable[[Request], Awaitable[Response]]


class _Site:
    """The pages and the SPARQL endpoint of one app: its settings, its templates, its query pool."""

    def __init__(self, settings: Settings, pool: QueryPool | None) -> None:
        self.settings = settings
        self.env = environment()
        self.pool = pool

    @contextlib.asynccontextmanager
    async def lifespan(self, _: Starlette) -> AsyncIterator[None]:
        own = self.pool is None
        if own:
            self.pool = QueryPool(self.settings.store, size=self.settings.workers, wait=self.settings.wait)
            self.pool.start()
        try:
            yield
        finally:
            if own and self.pool is not None:
                self.pool.close()
                self.pool = None

    async def job(self, function: str, /, **kwargs: Any) -> Any:
        assert self.pool is not None, "the app's lifespan starts the pool"
        return await self.pool.run(JOBS, function, timeout=self.settings.page_timeout, **kwargs)

    def render(self, request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(**page_context(request.url.path), **values)
        return HTMLResponse(html, status_code=status_code)

    def error_page(self, request: Request, status: int, message: str) -> HTMLResponse:
        return self.render(request, "error.html", status_code=status, status=status, message=message)

    def page(self, handler: Handler) -> Handler:
        """``handler`` with newskg's errors shown as error pages (503 busy, 400 bad query, 500)."""

        async def wrapped(request: Request) -> Response:
            try:
                return await handler(request)
            except (Busy, TimedOut) as exc:
                response = self.error_page(request, 503, str(exc))
                response.headers["retry-after"] = "5"
                return response
            except QueryError as exc:
                return self.error_page(request, 400, str(exc))
            except NewsKGError as exc:
                logger.error("page %s failed: %s", request.url.path, exc)
                return self.error_page(request, 500, str(exc))

        return wrapped

    # -- pages -------------------------------------------------------------------------------------
    async def overview(self, request: Request) -> Response:
        return self.render(request, "overview.html", data=await self.job("overview"))

    async def articles(self, request: Request) -> Response:
        offset = _int_param(request, "offset", 0, 0, 10**9)
        data = await self.job("documents_list", limit=100, offset=offset)
        return self.render(request, "articles.html", data=data)

    async def article(self, request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        data = await self.job("article", doc_id=doc_id)
        if data is None:
            return self.error_page(request, 404, f"no article with the id {doc_id!r} in this store")
        return self.render(request, "article.html", article=data, static=False)

    async def actor(self, request: Request) -> Response:
        iri = f"{self.settings.base}/actor/{request.path_params['key']}"
        data = await self.job("actor", iri=iri)
        if data is None:
            return self.error_page(request, 404, f"no actor {iri} in this store")
        return self.render(request, "actor.html", actor=data)

    async def conflict(self, request: Request) -> Response:
        iri = f"{self.settings.base}/conflict/{request.path_params['key']}"
        data = await self.job("conflict", iri=iri)
        if data is None:
            return self.error_page(request, 404, f"no conflict {iri} in this store")
        return self.render(request, "conflict.html", conflict=data)

    async def conflicts(self, request: Request) -> Response:
        return self.render(request, "conflicts.html", data=await self.job("conflicts_list"))

    async def search(self, request: Request) -> Response:
        text = request.query_params.get("q", "").strip()
        if not text:
            return RedirectResponse("/", status_code=303)
        found = await self.job("find_entity", text=text)
        if not found:
            return self.error_page(request, 404, f"no actor or conflict named {text!r} in this store")
        from newskg.web.jobs import entity_link

        return RedirectResponse(entity_link(found[0], self.settings.base), status_code=303)

    async def network(self, request: Request) -> Response:
        from newskg.web.jobs import DEFAULT_NETWORK_TYPES, NETWORK_TYPES

        types = request.query_params.getlist("type") or list(DEFAULT_NETWORK_TYPES)
        return self.render(
            request, "network.html", types=NETWORK_TYPES, chosen=types,
            actor=request.query_params.get("actor", ""), since=request.query_params.get("from", ""),
            until=request.query_params.get("to", ""), query_string=request.url.query,
        )

    async def network_json(self, request: Request) -> Response:
        try:
            data = await self.job(
                "network", types=request.query_params.getlist("type") or None,
                actor=request.query_params.get("actor") or None, since=request.query_params.get("from") or None,
                until=request.query_params.get("to") or None,
            )
        except (Busy, TimedOut) as exc:
            return JSONResponse({"error": str(exc)}, status_code=503, headers={"retry-after": "5"})
        except QueryError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(data)

    async def query_page(self, request: Request) -> Response:
        from newskg.queries import list_queries

        return self.render(request, "query.html", queries=list_queries())

    async def canned_query(self, request: Request) -> Response:
        from newskg.queries import list_queries

        name = request.path_params["name"]
        info = next((q for q in list_queries() if q.name == name), None)
        if info is None:
            return self.error_page(request, 404, f"no canned query named {name!r}")
        params = {p.name: request.query_params.get(p.name, "").strip() for p in info.params
                  if p.name != "minConfidence"}
        confidence = request.query_params.get("minConfidence", "").strip()
        min_confidence = _float(confidence) if confidence else None
        limit = _int_param(request, "limit", 200, 1, self.settings.max_rows)
        fmt = request.query_params.get("format", "html")
        ordered = not request.query_params.get("unordered")
        if fmt in ("csv", "tsv", "json"):
            body = await self.job("canned_raw", name=name, params=params, limit=limit, fmt=fmt,
                                  min_confidence=min_confidence, ordered=ordered)
            media = {"csv": "text/csv", "tsv": "text/tab-separated-values",
                     "json": "application/sparql-results+json"}[fmt]
            return Response(body, media_type=media,
                            headers={"content-disposition": f'attachment; filename="{name}.{fmt}"'})
        data = await self.job("canned", name=name, params=params, limit=limit, min_confidence=min_confidence,
                              ordered=ordered)
        return self.render(request, "query_result.html", info=info, data=data, params=params,
                           min_confidence=confidence, limit=limit, ordered=ordered, query_string=request.url.query)

    async def resource(self, request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        if not iri.startswith(("http://", "https://", "urn:")):
            return self.error_page(request, 400, "give an IRI: /resource?iri=https://...")
        return self.render(request, "resource.html", data=await self.job("resource", iri=iri))

    # -- the SPARQL endpoint ----------------------------------------------------------------------
    async def sparql(self, request: Request) -> Response:
        values = await _protocol_values(request)
        if isinstance(values, Response):
            return values
        if "update" in values:
            return PlainTextResponse("this endpoint is read-only: SPARQL Update is refused", status_code=403)
        queries = values.get("query", [])
        accept = request.headers.get("accept")
        if len(queries) != 1 or not queries[0].strip():
            if request.method == "GET" and not queries and "text/html" in (accept or ""):
                return RedirectResponse("/query#editor", status_code=303)
            return PlainTextResponse("give exactly one query (the query parameter or an application/sparql-query "
                                     "body)", status_code=400)
        assert self.pool is not None, "the app's lifespan starts the pool"
        try:
            media, body = await self.pool.run(
                JOBS, "sparql", timeout=self.settings.timeout, query=queries[0], accept=accept,
                default_graphs=values.get("default-graph-uri", []), named_graphs=values.get("named-graph-uri", []),
                max_bytes=self.settings.max_result,
            )
        except (QueryError, StoreError) as exc:
            return _sparql_error(exc)
        return Response(body, headers={"content-type": media, "vary": "Accept"})


async def _protocol_values(request: Request) -> dict[str, list[str]] | Response:
    """The parameters of a SPARQL Protocol request (URL, form or query body), or the error answer."""
    values = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "GET":
        return values
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if kind == "application/x-www-form-urlencoded":
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            return PlainTextResponse("the form is not UTF-8", status_code=400)
        for key, items in form.items():
            values.setdefault(key, []).extend(items)
    elif kind == "application/sparql-query":
        if "query" in values:
            return PlainTextResponse("give the query in the body or the URL, not both", status_code=400)
        try:
            values["query"] = [body.decode("utf-8")]
        except UnicodeDecodeError:
            return PlainTextResponse("the query is not UTF-8", status_code=400)
    elif kind == "application/sparql-update":
        return PlainTextResponse("this endpoint is read-only: SPARQL Update is refused", status_code=403)
    else:
        return PlainTextResponse(
            "POST a query as application/x-www-form-urlencoded (query=...) or application/sparql-query",
            status_code=415,
        )
    return values


def _sparql_error(exc: QueryError | StoreError) -> Response:
    """The SPARQL Protocol answer to a query that failed (the most specific error first)."""
    if isinstance(exc, UpdateRefused):
        return PlainTextResponse(str(exc), status_code=403)
    if isinstance(exc, NotAcceptable):
        return PlainTextResponse(str(exc), status_code=406)
    if isinstance(exc, Busy | TimedOut):
        return PlainTextResponse(str(exc), status_code=503, headers={"retry-after": "5"})
    if isinstance(exc, ResultTooLarge):
        return PlainTextResponse(str(exc), status_code=413)
    if isinstance(exc, QueryError):
        return PlainTextResponse(str(exc), status_code=400)
    return PlainTextResponse(str(exc), status_code=500)


async def _ontology(request: Request) -> Response:
    from newskg.web.ontology_doc import ontology_html

    return HTMLResponse(ontology_html())


async def _ontology_source(request: Request) -> Response:
    from newskg.ontology import ontology_text

    return Response(ontology_text("ttl"), media_type="text/turtle; charset=utf-8")


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name, "")
    try:
        value = int(raw) if raw else default
    except ValueError:
        raise QueryError(f"{name} {raw!r} is not a whole number") from None
    return max(low, min(high, value))


def _float(raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise QueryError(f"{raw!r} is not a number") from None

