"""rdflib terms and pyoxigraph terms, one into the other.

The query layer (:mod:`newskg.queries`, which re-exports both) and the validation of built graphs
(:mod:`newskg.ontology.validation`) convert between the two; this module sits below both.

>>> from rdflib import Literal, URIRef
>>> to_oxigraph(URIRef("https://example.org/a"))
<NamedNode value=https://example.org/a>
>>> from_oxigraph(to_oxigraph(Literal("Ankara", lang="tr")))
rdflib.term.Literal('Ankara', lang='tr')
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from newskg.errors import QueryError

__all__ = ["from_oxigraph", "to_oxigraph"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def from_oxigraph(term: object) -> Node | None:
    """A pyoxigraph term as the rdflib term rdflib's own engine would return (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANGSTRING):
            return RdfLiteral(term.value)  # plain, as rdflib's own engine returns it
        return RdfLiteral(term.value, datatype=URIRef(datatype))
    raise QueryError(f"unsupported result term {term!r} (RDF-star triples are not query results here)")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An rdflib IRI, blank node or literal as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}: not an IRI, blank node or literal")
