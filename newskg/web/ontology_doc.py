"""HTML documentation of the ontology, generated from the shipped ontology graph (``newskg ontology --html``).

pyLODE was the first choice; its 3.6.0 release fails at import here (it reads a ``pyproject.toml``
that its wheel does not ship), so this module writes the page itself: one self-contained HTML file
(inline CSS, no script, no external request) with every class (tree, definition, CAMEO and PLOVER
codes), every property (domain, range) and the two concept schemes.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.term import Node

from newskg.queries.results import compact_iri
from newskg.web.vocabulary import NK, vocabulary

__all__ = ["ontology_html", "write_ontology_html"]

_CAMEO_SCHEME = URIRef("https://w3id.org/newskg/cameo")
_PLOVER_SCHEME = URIRef("https://w3id.org/newskg/plover")
_METONYMY_SCHEME = URIRef("https://w3id.org/newskg/metonymy")


def _text(graph: Graph, subject: Node, *predicates: URIRef) -> str:
    for predicate in predicates:
        values = [v for v in graph.objects(subject, predicate)]
        english = [v for v in values if getattr(v, "language", None) in (None, "en")]
        if english:
            return str(english[0])
    return ""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def _ref(iri: str) -> dict[str, str]:
    own = iri.startswith(NK)
    return {"iri": iri, "name": _local(iri) if own else compact_iri(iri), "anchor": _local(iri) if own else ""}


def _model() -> dict[str, Any]:
    from newskg.ontology import ONTOLOGY_IRI, ontology_graph

    graph = ontology_graph()
    vocab = vocabulary()
    onto = URIRef(str(ONTOLOGY_IRI))
    classes = []
    for cls in sorted({str(c) for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(NK)}, key=_local):
        node = URIRef(cls)
        children = sorted((_ref(str(c)) for c in graph.subjects(RDFS.subClassOf, node)), key=lambda r: r["name"])
        classes.append({
            **_ref(cls), "label": vocab.label(cls),
            "definition": _text(graph, node, SKOS.definition, RDFS.comment),
            "parents": [_ref(str(p)) for p in graph.objects(node, RDFS.subClassOf) if isinstance(p, URIRef)],
            "children": children,
            "codes": vocab.codes(cls),
            "equivalent": [_ref(str(e)) for p in (OWL.equivalentClass,) for e in graph.objects(node, p)
                           if isinstance(e, URIRef)],
        })
    properties = []
    for kind, label in ((OWL.ObjectProperty, "object property"), (OWL.DatatypeProperty, "datatype property"),
                        (OWL.AnnotationProperty, "annotation property")):
        for prop in sorted({str(p) for p in graph.subjects(RDF.type, kind) if str(p).startswith(NK)}, key=_local):
            node = URIRef(prop)
            properties.append({
                **_ref(prop), "kind": label, "label": _text(graph, node, RDFS.label),
                "definition": _text(graph, node, SKOS.definition, RDFS.comment),
                "domain": [_ref(str(d)) for d in graph.objects(node, RDFS.domain) if isinstance(d, URIRef)],
                "range": [_ref(str(r)) for r in graph.objects(node, RDFS.range) if isinstance(r, URIRef)],
                "parents": [_ref(str(p)) for p in graph.objects(node, RDFS.subPropertyOf) if isinstance(p, URIRef)],
                "inverse": [_ref(str(i)) for i in graph.objects(node, OWL.inverseOf) if isinstance(i, URIRef)],
            })
    schemes = []
    for scheme, name in ((_CAMEO_SCHEME, "CAMEO 1.1b3"), (_PLOVER_SCHEME, "PLOVER"), (_METONYMY_SCHEME, "Metonymy")):
        concepts = [
            {"notation": str(graph.value(c, SKOS.notation) or _local(str(c))),
             "anchor": _local(str(c)) if str(c).startswith(NK) else None,
             "label": _text(graph, c, SKOS.prefLabel), "definition": _text(graph, c, SKOS.definition)}
            for c in graph.subjects(SKOS.inScheme, scheme)
        ]
        concepts.sort(key=lambda c: c["notation"] or "")
        schemes.append({"name": name, "iri": str(scheme), "concepts": concepts})
    return {
        "iri": str(onto), "title": _text(graph, onto, RDFS.label, URIRef("http://purl.org/dc/terms/title")) or "newskg",
        "description": _text(graph, onto, RDFS.comment, URIRef("http://purl.org/dc/terms/description")),
        "version": _text(graph, onto, OWL.versionInfo), "classes": classes, "properties": properties,
        "schemes": schemes, "namespace": NK,
    }


@functools.cache
def ontology_html() -> str:
    """The ontology's documentation as one self-contained HTML page."""
    from newskg import __version__
    from newskg.web.render import environment

    return environment().get_template("ontology.html").render(onto=_model(), version=__version__)


def write_ontology_html(folder: str | Path) -> Path:
    """Writes ``index.html`` (the documentation) and ``newskg.ttl`` (the source) into ``folder``."""
    from newskg.ontology import ontology_text

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    page = out / "index.html"
    page.write_text(ontology_html(), encoding="utf-8")
    (out / "newskg.ttl").write_text(ontology_text("ttl"), encoding="utf-8")
    return page
