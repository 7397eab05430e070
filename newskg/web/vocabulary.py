"""What the pages need to know about the ontology: class labels, the class tree, CAMEO and PLOVER codes.

Read once per process from the shipped ontology (not from the store: it is the same file), so a page
names an act's class and codes without a query.

>>> vocab = vocabulary()
>>> vocab.label("https://w3id.org/newskg/ontology#Accusation")
'accusation'
>>> [c.notation for c in vocab.codes("https://w3id.org/newskg/ontology#Accusation")]
['112', 'ACCUSE']
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from newskg.ontology.terms import NAMESPACE

__all__ = ["Code", "Vocabulary", "vocabulary", "NK"]

NK = NAMESPACE  # the namespace as a string, for prefix tests
_CAMEO = "https://w3id.org/newskg/cameo/"
_PLOVER = "https://w3id.org/newskg/plover/"


@dataclass(frozen=True, slots=True)
class Code:
    """A CAMEO code or PLOVER type a class maps to."""

    scheme: str  # "CAMEO" or "PLOVER"
    notation: str
    label: str
    exact: bool


@dataclass(frozen=True)
class Vocabulary:
    labels: dict[str, str]
    parents: dict[str, tuple[str, ...]]
    mappings: dict[str, tuple[Code, ...]]

    def label(self, iri: str) -> str:
        """The class's label, else its local name."""
        return self.labels.get(iri) or iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def codes(self, iri: str) -> tuple[Code, ...]:
        """The class's CAMEO codes then PLOVER types, exact matches first, one of each notation."""
        return self.mappings.get(iri, ())

    def ancestors(self, iri: str) -> set[str]:
        seen: set[str] = set()
        todo = [iri]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def is_a(self, iri: str, ancestor: str) -> bool:
        return iri == ancestor or ancestor in self.ancestors(iri)

    def descendants(self, ancestor: str) -> list[str]:
        """``ancestor`` and every class under it, sorted by label."""
        found = [c for c in self.parents if self.is_a(c, ancestor)]
        if ancestor not in found:
            found.append(ancestor)
        return sorted(found, key=self.label)

    def most_specific(self, classes: list[str]) -> str:
        """Of several classes of one resource, one that no other is a subclass of."""
        for candidate in classes:
            if not any(other != candidate and self.is_a(other, candidate) for other in classes):
                return candidate
        return classes[0]


def _build(graph: Graph) -> Vocabulary:
    labels: dict[str, str] = {}
    for subject, label in graph.subject_objects(RDFS.label):
        if isinstance(subject, URIRef):
            labels.setdefault(str(subject), str(label))
    parents: dict[str, list[str]] = {}
    for typed in set(graph.subjects(RDF.type, None)):
        if isinstance(typed, URIRef) and str(typed).startswith(NK):
            parents.setdefault(str(typed), [])
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            parents.setdefault(str(child), []).append(str(parent))
    mappings: dict[str, tuple[Code, ...]] = {}
    for cls in parents:
        codes: list[Code] = []
        for exact, predicate in ((True, SKOS.exactMatch), (False, SKOS.closeMatch)):
            for concept in graph.objects(URIRef(cls), predicate):
                iri = str(concept)
                scheme = "CAMEO" if iri.startswith(_CAMEO) else "PLOVER" if iri.startswith(_PLOVER) else None
                if scheme is None:
                    continue
                notation = str(graph.value(concept, SKOS.notation) or iri.rsplit("/", 1)[-1])
                name = str(graph.value(concept, SKOS.prefLabel) or notation)
                codes.append(Code(scheme, notation, name, exact))
        codes.sort(key=lambda c: (c.scheme != "CAMEO", not c.exact, c.notation))
        unique = {(c.scheme, c.notation): c for c in reversed(codes)}
        mappings[cls] = tuple(sorted(unique.values(), key=lambda c: (c.scheme != "CAMEO", not c.exact, c.notation)))
    return Vocabulary(labels, {k: tuple(v) for k, v in parents.items()}, mappings)


@functools.cache
def vocabulary() -> Vocabulary:
    """The shipped ontology's vocabulary (read once per process)."""
    from newskg.ontology import ontology_graph

    return _build(ontology_graph())
