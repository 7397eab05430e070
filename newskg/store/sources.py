"""Reading the named graphs of a source: a TriG/N-Quads file or an embedded store directory, in
two streaming passes (:func:`survey_graphs`, then :func:`iter_graphs`). ``newskg load`` reads its
source so, into a SPARQL server (:mod:`newskg.store.remote`) or an embedded store
(:mod:`newskg.store.bulk`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from ..errors import InputError, StoreError

__all__ = ["GraphSurvey", "iter_graphs", "read_graphs", "survey_graphs"]


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
