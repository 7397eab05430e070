"""Validate built graphs against ``shapes.ttl`` (SHACL) and, optionally, the ontology (HermiT).

>>> from rdflib import Graph
>>> report = validate(Graph())
>>> report.conforms, report.problems
(True, [])
"""

from __future__ import annotations

import functools
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import SH
from rdflib.term import Node

from newskg.errors import OntologyError, ValidationError
from newskg.ontology import parsed_ontology, parsed_shapes
from newskg.ontology.reasoning import ConsistencyReport, check_consistency
from newskg.oxigraph_terms import from_oxigraph, to_oxigraph

__all__ = ["Inference", "Problem", "ValidationReport", "union_graph", "validate"]

logger = logging.getLogger(__name__)

Inference = TypingLiteral["none", "rdfs"]

_SEVERITY_NAMES: dict[Node | None, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True, slots=True)
class Problem:
    """One SHACL result: the node that fails, the property path, what is wrong and how bad it is."""

    focus: Node
    path: str | None
    message: str
    severity: str  # Violation | Warning | Info
    value: Node | None = None
    shape: Node | None = None

    def text(self) -> str:
        """One line: ``Violation: <focus> nk:speaker: message (value ...)``."""
        where = f"<{self.focus}>" if isinstance(self.focus, URIRef) else str(self.focus)
        path = f" {self.path}" if self.path else ""
        value = f" (value {self.value.n3()})" if self.value is not None else ""
        return f"{self.severity}: {where}{path}: {self.message}{value}"


@dataclass(slots=True)
class ValidationReport:
    """The outcome of :func:`validate`: SHACL problems and, when asked for, the HermiT verdict."""

    conforms: bool
    problems: list[Problem] = field(default_factory=list)
    consistency: ConsistencyReport | None = None
    seconds: float = 0.0

    def raise_if_invalid(self, *, where: str | None = None) -> None:
        """Raise :class:`ValidationError` (naming ``where``, e.g. the file) unless the graph conforms."""
        if not self.conforms:
            first = self.problems[0].text() if self.problems else "inconsistent with the ontology"
            count = len(self.problems)
            raise ValidationError(
                f"graph does not conform ({count} SHACL problem{'s' if count != 1 else ''}): {first}", where=where
            )

    def text(self) -> str:
        """A readable report: a verdict line, then one line per problem."""
        if self.conforms:
            head = f"conforms ({self.seconds:.2f} s)"
        else:
            shacl = len(self.problems)
            head = f"does not conform: {shacl} SHACL problem{'s' if shacl != 1 else ''}"
            if self.consistency is not None and not self.consistency.consistent:
                head += ", inconsistent with the ontology"
        lines = [head]
        lines += [f"  {problem.text()}" for problem in self.problems]
        if self.consistency is not None:
            lines.append(f"  {self.consistency.text()}")
        return "\n".join(lines)


def union_graph(data: Graph) -> Graph:
    """All triples of ``data`` in one plain Graph (the union of a Dataset's named graphs)."""
    if isinstance(data, (Dataset, ConjunctiveGraph)):
        union = Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return data


def _path_text(results: Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return results.namespace_manager.normalizeUri(path)
    # A sequence path such as ( nk:cue nif:beginIndex ): read the RDF list.
    items = list(results.items(path))
    if items:
        return "/".join(results.namespace_manager.normalizeUri(i) for i in items if isinstance(i, URIRef))
    return str(path)


def _problems(results: Graph) -> list[Problem]:
    problems: list[Problem] = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        severity_node = results.value(result, SH.resultSeverity)
        message = results.value(result, SH.resultMessage)
        problems.append(
            Problem(
                focus=focus if focus is not None else Literal("?"),
                path=_path_text(results, results.value(result, SH.resultPath)),
                message=str(message) if message is not None else "constraint violated",
                severity=_SEVERITY_NAMES.get(severity_node, str(severity_node)),
                value=results.value(result, SH.value),
                shape=results.value(result, SH.sourceShape),
            )
        )
    problems.sort(key=lambda p: (p.severity, str(p.focus), p.path or "", p.message))
    return problems


@dataclass(frozen=True, slots=True)
class _SparqlConstraint:
    shape: Node
    select: str
    message: str | None
    severity: Node


def _split_shapes(shapes: Graph) -> tuple[Graph, tuple[_SparqlConstraint, ...]]:
    """The shapes without their SPARQL constraints, and those constraints prepared for batch runs."""
    core = Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace, override=True)
    constraints: list[_SparqlConstraint] = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        select = shapes.value(constraint, SH.select)
        if select is None:
            continue
        prefixes = "".join(
            f"PREFIX {shapes.value(decl, SH.prefix)}: <{shapes.value(decl, SH.namespace)}>\n"
            for source in shapes.objects(constraint, SH.prefixes)
            for decl in shapes.objects(source, SH.declare)
        )
        message = shapes.value(constraint, SH.message) or shapes.value(shape, SH.message)
        severity = shapes.value(shape, SH.severity) or SH.Violation
        # $this is pre-bound by SHACL engines; unbound, it ranges over every focus node at once.
        text = prefixes + str(select).replace("$this", "?this")
        constraints.append(_SparqlConstraint(shape, text, str(message) if message else None, severity))
    sparql_nodes = {c for c in shapes.objects(None, SH.sparql)}
    skipped = set()
    for node in sparql_nodes:
        skipped |= set(shapes.triples((node, None, None)))
    for triple in shapes:
        if triple[1] != SH.sparql and triple not in skipped:
            core.add(triple)
    constraints.sort(key=lambda c: (str(c.shape), c.select))
    return core, tuple(constraints)


@functools.cache
def _default_split() -> tuple[Graph, tuple[_SparqlConstraint, ...]]:
    return _split_shapes(parsed_shapes())


def _message(template: str | None, row: dict[str, Node | None]) -> str:
    if template is None:
        return "SPARQL constraint violated"

    def fill(match: re.Match[str]) -> str:
        value = row.get(match.group(1))
        return "" if value is None else str(value)

    return re.sub(r"\{[?$](\w+)\}", fill, template)


@functools.cache
def _ontology_quads() -> tuple[object, ...]:
    import pyoxigraph as ox


    return tuple(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in parsed_ontology())  # type: ignore[arg-type]


def _batch_sparql(graph: Graph, constraints: tuple[_SparqlConstraint, ...]) -> list[Problem]:
    """Run each constraint once over data + ontology, in an in-memory Oxigraph store.

    rdflib's own SPARQL engine takes seconds for the taxonomy and offset checks of one article;
    Oxigraph answers in milliseconds. Its storage turns integer-derived datatypes into
    xsd:integer, which the constraints (numeric comparisons only) do not notice.
    """
    import pyoxigraph as ox


    store = ox.Store()
    store.extend(_ontology_quads())  # type: ignore[arg-type]
    store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph)  # type: ignore[arg-type]
    problems: list[Problem] = []
    for constraint in constraints:
        solutions = store.query(constraint.select)
        assert isinstance(solutions, ox.QuerySolutions)
        variables = [v.value for v in solutions.variables]
        for solution in solutions:
            row = {name: from_oxigraph(solution[i]) for i, name in enumerate(variables)}
            focus = row.get("this")
            problems.append(
                Problem(
                    focus=focus if focus is not None else Literal("?"),
                    path=None,
                    message=_message(constraint.message, row),
                    severity=_SEVERITY_NAMES.get(constraint.severity, str(constraint.severity)),
                    value=row.get("value"),
                    shape=constraint.shape,
                )
            )
    return problems


def _pyshacl(graph: Graph, shacl_graph: Graph, inference: Inference) -> tuple[bool, list[Problem]]:
    """pySHACL's verdict on ``graph`` and the problems it found, the ontology mixed in."""
    import pyshacl  # imported here: it is slow to import and only validation needs it

    try:
        conforms, results, _text = pyshacl.validate(
            graph,
            shacl_graph=shacl_graph,
            ont_graph=parsed_ontology(),
            inference=inference,
            abort_on_first=False,
            allow_warnings=True,
            meta_shacl=False,
            advanced=False,
            inplace=False,
        )
    except Exception as exc:  # pySHACL reports its own failures (bad shapes, SPARQL errors) broadly
        raise OntologyError(f"SHACL validation could not run: {exc}", where="newskg/ontology/shapes.ttl") from exc
    if not isinstance(results, Graph):  # pySHACL returns a ValidationFailure for broken shapes
        raise OntologyError(f"SHACL validation could not run: {results}", where="newskg/ontology/shapes.ttl")
    return bool(conforms), _problems(results)


def validate(
    data: Graph,
    *,
    consistency: bool = False,
    inference: Inference = "none",
    shapes: Graph | None = None,
    batch_sparql: bool = True,
) -> ValidationReport:
    """Check a built graph (or a Dataset: the union of its graphs) against the newskg shapes.

    The ontology is mixed in as pySHACL's ``ont_graph``, so class targets reach subclasses and
    the SPARQL constraints can walk the taxonomy. ``inference="none"`` is the default: the shapes
    do not need RDFS entailment. With ``batch_sparql`` (the default) each SPARQL constraint runs
    once over the whole graph rather than once per focus node inside pySHACL, which gives the same
    problems (a test checks this) an order of magnitude faster. That relies on each constraint
    binding ``$this`` with a triple pattern implied by its shape's target, as ``shapes.ttl`` does;
    pass ``batch_sparql=False`` for custom ``shapes`` written otherwise.
    With ``consistency=True`` the graph is also checked with HermiT (:func:`check_consistency`);
    the report conforms only when both agree.

    Raises :class:`OntologyError` when pySHACL cannot run at all.
    """
    if inference not in ("none", "rdfs"):
        raise OntologyError(f"unknown inference {inference!r}", hint="use 'none' or 'rdfs'")
    started = time.perf_counter()
    graph = union_graph(data)
    shapes_graph = shapes if shapes is not None else parsed_shapes()
    constraints: tuple[_SparqlConstraint, ...] = ()
    if batch_sparql:
        shacl_graph, constraints = _split_shapes(shapes) if shapes is not None else _default_split()
    else:
        shacl_graph = shapes_graph
    conforms, problems = _pyshacl(graph, shacl_graph, inference)
    if constraints:
        try:
            problems += _batch_sparql(graph, constraints)
        except Exception as exc:  # a malformed constraint in the shapes file
            raise OntologyError(f"a SPARQL constraint failed: {exc}", where="newskg/ontology/shapes.ttl") from exc
        problems.sort(key=lambda p: (p.severity, str(p.focus), p.path or "", p.message))
    violations = [p for p in problems if p.severity == "Violation"]
    report = ValidationReport(conforms=bool(conforms) and not violations, problems=problems)
    if consistency:
        report.consistency = check_consistency(graph)
        report.conforms = report.conforms and report.consistency.consistent
    report.seconds = time.perf_counter() - started
    logger.info(
        "validated %d triples in %.2f s: %s", len(graph), report.seconds, "ok" if report.conforms else "problems"
    )
    return report
