"""The ``.rq`` library: shipped queries found by name, any ``.rq`` file by path, their headers read.

A query file opens with comment lines this module reads::

    # <one-line description>
    # param ?speaker: IRI (actor) — only the acts of this actor
    # columns: ?speaker ?act ...

The shipped queries must have them (a test checks); a user's own file may have none, then it has
no declared parameters and its columns are whatever it projects.

>>> q = load_query("accusations")
>>> q.form, [p.name for p in q.params]
('SELECT', ['accuser', 'minConfidence'])
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from newskg.errors import QueryError

__all__ = ["ParamKind", "Query", "QueryForm", "QueryInfo", "QueryParam", "list_queries", "load_query"]

ParamKind = Literal["IRI", "literal"]
QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]

_PARAM_LINE = re.compile(
    r"^#\s*param\s+[?$](?P<name>\w+)\s*:\s*(?P<kind>IRI|literal)\s*(?:\((?P<entity>\w+)\))?\s*(?:[—–-]+\s*(?P<text>.*))?$",
    re.IGNORECASE,
)
_COLUMNS_LINE = re.compile(r"^#\s*columns\s*:\s*(?P<columns>.*)$", re.IGNORECASE)
_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


@dataclass(frozen=True, slots=True)
class QueryParam:
    """A declared parameter: ``kind`` is ``IRI`` or ``literal``; ``entity`` (``actor``,
    ``conflict``) lets a key (``vladimir-putin``), a label (``"Vladimir Putin"``) or a Wikidata id
    (``wd:Q7747``) stand for the entity's IRI."""

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
    """A loaded, parsed query: its declaration, its SPARQL text and its form (``SELECT``, ...)."""

    info: QueryInfo
    sparql: str
    form: QueryForm = "SELECT"

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

    def declares(self, name: str) -> bool:
        """Whether the query declares the parameter ``name``."""
        return any(p.name == name.lstrip("?$") for p in self.info.params)

    def param(self, name: str) -> QueryParam:
        """The declared parameter ``name`` (``?`` or ``$`` prefix allowed)."""
        key = name.lstrip("?$")
        for param in self.info.params:
            if param.name == key:
                return param
        declared = ", ".join(p.name for p in self.info.params) or "none"
        raise QueryError(f"unknown parameter {key!r}", where=f"query {self.name}", hint=f"it takes: {declared}")


def read_header(text: str, *, name: str, path: Path, required: bool = True) -> QueryInfo:
    """The description, parameters and columns the leading comment lines declare.

    With ``required`` a file without a description comment is refused (the shipped queries);
    without, it gets an empty description (a user's own file).
    """
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
    if not description and required:
        raise QueryError("the query file has no description comment on its first line", where=str(path))
    return QueryInfo(name=name, description=description, params=tuple(params), columns=columns, path=path)


def parse_form(sparql: str, *, where: str) -> QueryForm:
    """The query's form, checking that it parses; errors name ``where`` with line and column."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(sparql)
    except ParseException as exc:
        raise QueryError(
            f"SPARQL syntax error: {exc.msg}", where=f"{where}:{exc.lineno}:{exc.col}", hint=exc.line.strip()
        ) from exc
    except Exception as exc:  # rdflib raises plain exceptions for unknown prefixes and the like
        raise QueryError(f"SPARQL error: {exc}", where=where) from exc
    form = _FORMS.get(prepared.algebra.name)
    if form is None:  # pragma: no cover - rdflib knows no other forms
        raise QueryError(f"unsupported query form {prepared.algebra.name}", where=where)
    return form


def _package_files() -> dict[str, Path]:
    root = resources.files("newskg.queries")
    found: dict[str, Path] = {}
    for entry in root.iterdir():
        if entry.name.endswith(".rq"):
            found[entry.name[: -len(".rq")]] = Path(str(entry))
    return dict(sorted(found.items()))


def list_queries() -> list[QueryInfo]:
    """Every query shipped with newskg, sorted by name."""
    files = _package_files().items()
    return [read_header(path.read_text(encoding="utf-8"), name=name, path=path) for name, path in files]


def _locate(name_or_path: str | Path) -> tuple[Path, str, bool]:
    """The file, its query name, and whether it is a shipped query."""
    candidate = Path(name_or_path)
    text_form = str(name_or_path)
    files = _package_files()
    looks_like_path = text_form.endswith(".rq") or "/" in text_form or "\\" in text_form
    if looks_like_path or (candidate.is_file() and text_form not in files):
        if not candidate.is_file():
            raise QueryError("no such query file", where=str(candidate))
        return candidate, candidate.stem, False
    if text_form not in files:
        close = difflib.get_close_matches(text_form, list(files), n=3, cutoff=0.75)
        hint = f"did you mean {', '.join(close)}?" if close else f"known queries: {', '.join(files)}"
        raise QueryError(f"unknown query {text_form!r}", hint=hint)
    return files[text_form], text_form, True


def load_query(name_or_path: str | Path) -> Query:
    """A shipped query by name (``accusations``) or any ``.rq`` file by path, parsed and checked.

    Raises :class:`QueryError` for an unknown name (listing close names) or, with the line and
    column, for SPARQL that does not parse. A user's file needs no header comment.
    """
    path, name, shipped = _locate(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read the query file: {exc}", where=str(path)) from exc
    info = read_header(text, name=name, path=path, required=shipped)
    form = parse_form(text, where=str(path))
    return Query(info=info, sparql=text, form=form)
