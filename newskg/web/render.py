"""The Jinja2 templates (package data) and what they share: autoescaping, filters, the page frame."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from newskg.queries.results import compact_iri
from newskg.web.markup import mark_text

__all__ = ["environment", "page_context", "stylesheet"]

NAV = (("/", "Overview"), ("/articles", "Articles"), ("/network", "Network"), ("/conflicts", "Conflicts"),
       ("/query", "Query"), ("/ontology", "Ontology"))


def _article_link(doc_id: str) -> str:
    return "/article/" + quote(doc_id, safe="/")


@functools.cache
def environment() -> Environment:
    """The template environment: every ``{{ }}`` is HTML-escaped (``autoescape``); an unknown name is an error."""
    env = Environment(
        loader=PackageLoader("newskg.web", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["short"] = compact_iri
    env.filters["marked"] = mark_text
    env.filters["article_link"] = _article_link
    env.filters["urlq"] = lambda text: quote(str(text), safe="")
    env.globals["nav"] = NAV
    env.globals["stylesheet"] = stylesheet
    return env


def page_context(path: str) -> dict[str, Any]:
    """What the frame (``base.html``) needs to know about the page."""
    return {"path": path}


@functools.cache
def stylesheet() -> str:
    """The app's stylesheet, for pages that inline it (``newskg show``, the ontology docs)."""
    return resources.files("newskg.web").joinpath("static/newskg.css").read_text(encoding="utf-8")
