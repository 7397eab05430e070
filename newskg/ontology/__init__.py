"""The newskg ontology, its SHACL shapes, validation and reasoning.

``newskg.ttl`` is the one hand-edited source; ``terms.py`` is generated from it. The graphs are
read once per process through :mod:`importlib.resources`, so they work from a wheel too.

>>> from newskg.ontology import ONTOLOGY_IRI, ontology_graph
>>> str(ONTOLOGY_IRI)
'https://w3id.org/newskg/ontology'
>>> (ONTOLOGY_IRI, None, None) in ontology_graph()
True
>>> ontology_text("nt").count("\\n") == len(ontology_graph())
True
"""

from __future__ import annotations

import functools
import logging
from importlib import resources

from rdflib import Graph

from newskg.errors import OntologyError
from newskg.ontology.terms import NK, ONTOLOGY_IRI, ONTOLOGY_VERSION

__all__ = [
    "NK",
    "ONTOLOGY_IRI",
    "ONTOLOGY_VERSION",
    "RDF_FORMATS",
    "check_consistency",
    "ontology_graph",
    "ontology_text",
    "parsed_ontology",
    "parsed_shapes",
    "shapes_graph",
    "shapes_text",
    "validate",
]

logger = logging.getLogger(__name__)

#: Accepted names for :func:`ontology_text` formats -> the rdflib serializer name.
RDF_FORMATS: dict[str, str] = {
    "ttl": "turtle",
    "turtle": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "jsonld": "json-ld",
    "json-ld": "json-ld",
    "xml": "xml",
    "rdfxml": "xml",
    "rdf/xml": "xml",
    "owl": "xml",
}


def _read_package_text(name: str) -> str:
    try:
        return resources.files("newskg.ontology").joinpath(name).read_text(encoding="utf-8")
    except OSError as exc:  # a broken installation: say which file is missing
        raise OntologyError(f"cannot read package data file: {exc}", where=f"newskg/ontology/{name}") from exc


def _parse(name: str) -> Graph:
    graph = Graph()
    try:
        graph.parse(data=_read_package_text(name), format="turtle", publicID=f"newskg/ontology/{name}")
    except Exception as exc:  # rdflib raises many parser-specific types; name the file for all
        raise OntologyError(f"cannot parse: {exc}", where=f"newskg/ontology/{name}") from exc
    logger.debug("read %d triples from %s", len(graph), name)
    return graph


@functools.cache
def parsed_ontology() -> Graph:
    """The ontology as parsed once per process, shared: read it, never add to it (see
    :func:`ontology_graph` for a copy of one's own)."""
    return _parse("newskg.ttl")


@functools.cache
def parsed_shapes() -> Graph:
    """The SHACL shapes as parsed once per process, shared: read them, never add to them."""
    return _parse("shapes.ttl")


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True)
    copy += graph
    return copy


def ontology_graph() -> Graph:
    """The ontology (classes, properties, CAMEO and PLOVER schemes) as a new rdflib Graph.

    The file is parsed once per process; each call returns a copy, so callers may add to it.
    """
    return _copy(parsed_ontology())


def ontology_text(format: str = "turtle") -> str:  # noqa: A002 - mirrors rdflib's own argument name
    """The ontology serialised as ``ttl``/``turtle``, ``nt``, ``jsonld`` or ``xml`` (RDF/XML).

    Turtle is the hand-edited source file itself, comments included.
    """
    serializer = RDF_FORMATS.get(format.lower())
    if serializer is None:
        raise OntologyError(f"unknown RDF format {format!r}", hint=f"choose one of {', '.join(sorted(RDF_FORMATS))}")
    if serializer == "turtle":
        return _read_package_text("newskg.ttl")
    if serializer == "nt":
        # Sorted so the output is stable from run to run (rdflib serialises in hash order).
        lines = parsed_ontology().serialize(format="nt").splitlines()
        return "".join(f"{line}\n" for line in sorted(filter(None, lines)))
    return parsed_ontology().serialize(format=serializer)


def shapes_graph() -> Graph:
    """The SHACL shapes every built graph must satisfy, as a new rdflib Graph."""
    return _copy(parsed_shapes())


def shapes_text() -> str:
    """The SHACL shapes file (Turtle) as shipped."""
    return _read_package_text("shapes.ttl")


def __getattr__(name: str) -> object:
    # validate/check_consistency live in submodules that import pySHACL and owlready2 lazily;
    # importing them only on first use keeps `import newskg.ontology` cheap.
    if name == "validate":
        from newskg.ontology.validation import validate

        return validate
    if name == "check_consistency":
        from newskg.ontology.reasoning import check_consistency

        return check_consistency
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
