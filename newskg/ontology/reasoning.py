"""Check a built graph for consistency with the ontology, using owlready2 and HermiT.

SHACL (``validation.py``) checks the shape of the data; this checks its logic: an individual
typed with two disjoint classes (a ``nk:Person`` that is also a ``nk:State``, an accusation that
is also a denial), or one that a property's domain or range drags into such a clash.

HermiT only says *whether* the knowledge base is inconsistent. When it is, the report also names
the individuals whose (RDFS-entailed) types break a disjointness axiom, found by a direct search
over the graph, so a user learns which node to look at.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.term import Node

from newskg.errors import OntologyError
from newskg.ontology import parsed_ontology

__all__ = ["Clash", "ConsistencyReport", "check_consistency", "disjointness_clashes"]

logger = logging.getLogger(__name__)

# Triples owlready2 cannot digest as OWL and that carry no logic for our axioms: reification
# (rdf:predicate points at a property, which would pun it as an individual).
_SKIPPED_PREDICATES = frozenset({RDF.subject, RDF.predicate, RDF.object})


@dataclass(frozen=True, slots=True)
class Clash:
    """An individual whose types include two classes the ontology declares disjoint."""

    individual: Node
    first: URIRef
    second: URIRef

    def text(self) -> str:
        return f"<{self.individual}> is both <{self.first}> and <{self.second}>, which are disjoint"


@dataclass(slots=True)
class ConsistencyReport:
    """HermiT's verdict on ontology + data, with what could be found about why."""

    consistent: bool
    explanation: str = ""
    clashes: list[Clash] = field(default_factory=list)
    unsatisfiable_classes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def text(self) -> str:
        verdict = "consistent" if self.consistent else "INCONSISTENT"
        head = f"HermiT: {verdict} ({self.seconds:.1f} s)"
        return f"{head}\n{self.explanation}" if self.explanation else head


# Where to look for Java when it is not on PATH (Debian's default alternative).
_JAVA_FALLBACKS: tuple[str, ...] = ("/usr/bin/java",)


def _java() -> str:
    java = shutil.which("java") or next((p for p in _JAVA_FALLBACKS if Path(p).is_file()), None)
    if java is None:
        raise OntologyError("no Java runtime found for HermiT", hint="install Java 11+ and put `java` on PATH")
    return java


def _as_graph(data: Graph) -> Graph:
    if isinstance(data, (Dataset, ConjunctiveGraph)):
        union = Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return data


def _owl_ready_triples(data: Graph) -> Graph:
    """The data without the triples owlready2 would misread (see ``_SKIPPED_PREDICATES``), and
    with the control characters of string literals replaced (HermiT refuses a string holding a
    BEL or a form feed as malformed; which characters a string holds decides no consistency)."""
    from ..builder.hygiene import storable

    cleaned = Graph()
    for s, p, o in data:
        if p in _SKIPPED_PREDICATES:
            continue
        if isinstance(o, Literal) and (o.datatype is None or o.datatype == XSD.string):
            text = storable(str(o))
            if text != str(o):
                o = Literal(text, lang=o.language, datatype=o.datatype)
        cleaned.add((s, p, o))
    return cleaned


def _superclasses(ontology: Graph) -> dict[Node, set[Node]]:
    """Reflexive-transitive rdfs:subClassOf closure of the named classes."""
    direct: dict[Node, set[Node]] = defaultdict(set)
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sup, URIRef):
            direct[sub].add(sup)
    closure: dict[Node, set[Node]] = {}

    def walk(cls: Node) -> set[Node]:
        if cls not in closure:
            closure[cls] = {cls}
            for sup in direct.get(cls, ()):
                closure[cls] |= walk(sup)
        return closure[cls]

    for cls in list(direct):
        walk(cls)
    return closure


def _union_members(ontology: Graph, node: Node) -> list[Node]:
    if isinstance(node, URIRef):
        return [node]
    union = ontology.value(node, OWL.unionOf)
    # A union range gives no definite class to the individual, so it contributes nothing.
    return [] if union is not None else [node]


def _disjoint_pairs(ontology: Graph) -> set[tuple[URIRef, URIRef]]:
    pairs: set[tuple[URIRef, URIRef]] = set()
    for a, b in ontology.subject_objects(OWL.disjointWith):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            pairs.add((a, b) if str(a) < str(b) else (b, a))
    for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        listed = ontology.value(axiom, OWL.members)
        members = [m for m in ontology.items(listed) if isinstance(m, URIRef)] if listed is not None else []
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs.add((a, b) if str(a) < str(b) else (b, a))
    return pairs


def disjointness_clashes(data: Graph, ontology: Graph | None = None) -> list[Clash]:
    """Individuals whose types (asserted, plus rdfs:domain/range and subclass entailment) clash.

    This is the RDFS-level part of what HermiT decides, cheap enough to run on every graph; it
    is how an inconsistency is explained.
    """
    onto = ontology if ontology is not None else parsed_ontology()
    graph = _as_graph(data)
    supers = _superclasses(onto)
    domains: dict[Node, list[Node]] = defaultdict(list)
    ranges: dict[Node, list[Node]] = defaultdict(list)
    for prop, cls in onto.subject_objects(RDFS.domain):
        domains[prop] += _union_members(onto, cls)
    for prop, cls in onto.subject_objects(RDFS.range):
        ranges[prop] += _union_members(onto, cls)
    types: dict[Node, set[Node]] = defaultdict(set)
    for s, p, o in graph:
        if p == RDF.type:
            types[s].add(o)
            continue
        for cls in domains.get(p, ()):
            types[s].add(cls)
        if not isinstance(o, (URIRef, BNode)):
            continue
        for cls in ranges.get(p, ()):
            types[o].add(cls)
    # owl:sameAs merges individuals (two actors linked to one Wikidata item share their types).
    parent: dict[Node, Node] = {}

    def find(node: Node) -> Node:
        while parent.get(node, node) != node:
            node = parent[node]
        return node

    for a, b in graph.subject_objects(OWL.sameAs):
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b, key=str)] = min(root_a, root_b, key=str)
    if parent:
        merged: dict[Node, set[Node]] = defaultdict(set)
        for individual, asserted in types.items():
            merged[find(individual)] |= asserted
        for individual in list(types):
            types[individual] = merged[find(individual)]
    pairs = _disjoint_pairs(onto)
    clashes: list[Clash] = []
    for individual, asserted in types.items():
        closed: set[Node] = set()
        for cls in asserted:
            closed |= supers.get(cls, {cls})
        for a, b in sorted(pairs):
            if a in closed and b in closed:
                clashes.append(Clash(individual, a, b))
    clashes.sort(key=lambda c: (str(c.individual), str(c.first), str(c.second)))
    return clashes


def _write_ntriples(graph: Graph, path: Path) -> None:
    path.write_bytes(graph.serialize(format="nt", encoding="utf-8"))


def check_consistency(data: Graph) -> ConsistencyReport:
    """Load the ontology and ``data`` into a fresh owlready2 World and run HermiT on them.

    ``data`` is a Graph or a Dataset (its named graphs are merged). Returns a report whose
    ``consistent`` is HermiT's verdict; when inconsistent, ``explanation`` names the clashing
    individuals where they can be found. Raises :class:`OntologyError` when owlready2 or Java
    cannot be set up (not when the data is merely inconsistent).
    """
    try:
        import owlready2
    except ImportError as exc:  # pragma: no cover - owlready2 is a declared dependency
        raise OntologyError("owlready2 is not installed", hint="pip install owlready2") from exc

    owlready2.JAVA_EXE = _java()
    started = time.perf_counter()
    graph = _as_graph(data)
    world = owlready2.World()
    try:
        with tempfile.TemporaryDirectory(prefix="newskg-hermit-") as tmp:
            ontology_file = Path(tmp) / "ontology.nt"
            data_file = Path(tmp) / "data.nt"
            _write_ntriples(parsed_ontology(), ontology_file)
            _write_ntriples(_owl_ready_triples(graph), data_file)
            try:
                world.get_ontology(ontology_file.as_uri()).load(format="ntriples")
                data_onto = world.get_ontology(data_file.as_uri()).load(format="ntriples")
            except Exception as exc:  # owlready2's parser raises plain exceptions
                raise OntologyError(f"owlready2 could not load the graph: {exc}", where=str(data_file)) from exc
            try:
                owlready2.sync_reasoner_hermit(
                    data_onto.world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
                )
                consistent = True
                hermit_message = ""
            except owlready2.OwlReadyInconsistentOntologyError:
                consistent = False
                hermit_message = "HermiT found the ontology plus the data inconsistent."
            except owlready2.OwlReadyJavaError as exc:
                thrown = [line for line in str(exc).splitlines() if "Exception in thread" in line]
                if thrown:  # Java ran, and HermiT refused something in the data
                    raise OntologyError(f"HermiT refused the graph: {thrown[0].split(': ', 1)[-1]}") from exc
                raise OntologyError(f"HermiT failed: {exc}", hint="check the Java installation") from exc
            unsatisfiable = sorted(str(c.iri) for c in world.inconsistent_classes()) if consistent else []
    finally:
        world.close()

    report = ConsistencyReport(consistent=consistent, unsatisfiable_classes=unsatisfiable)
    if not consistent:
        report.clashes = disjointness_clashes(graph)
        lines = [hermit_message]
        if report.clashes:
            lines += [f"  {clash.text()}" for clash in report.clashes]
        else:
            lines.append("  no disjointness clash among entailed types; look for datatype or cardinality conflicts")
        report.explanation = "\n".join(lines)
    elif unsatisfiable:
        report.explanation = "unsatisfiable classes: " + ", ".join(unsatisfiable)
    report.seconds = time.perf_counter() - started
    logger.info("HermiT: %s in %.1f s", "consistent" if consistent else "inconsistent", report.seconds)
    return report
