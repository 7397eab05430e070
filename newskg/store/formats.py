"""The RDF formats newskg reads and writes, by name and by file extension.

>>> Format.from_name("ttl").extension
'ttl'
>>> Format.for_path("out/graph.nq") is Format.NQUADS
True
>>> Format.TRIG.keeps_graphs, Format.TURTLE.keeps_graphs
(True, False)
"""

from __future__ import annotations

import enum
from pathlib import Path

from pyoxigraph import RdfFormat

from newskg.ontology.terms import NAMESPACE

from ..errors import InputError

__all__ = ["Format", "PREFIXES"]

PREFIXES: dict[str, str] = {
    "nk": NAMESPACE,
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "wd": "http://www.wikidata.org/entity/",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
}


class Format(enum.Enum):
    """An RDF serialisation: (short name, extension, pyoxigraph format, rdflib name, keeps graphs)."""

    TURTLE = ("ttl", "ttl", RdfFormat.TURTLE, "turtle", False)
    NTRIPLES = ("nt", "nt", RdfFormat.N_TRIPLES, "nt", False)
    NQUADS = ("nq", "nq", RdfFormat.N_QUADS, "nquads", True)
    TRIG = ("trig", "trig", RdfFormat.TRIG, "trig", True)
    JSONLD = ("jsonld", "jsonld", RdfFormat.JSON_LD, "json-ld", True)
    RDFXML = ("xml", "rdf", RdfFormat.RDF_XML, "xml", False)

    def __init__(self, short: str, extension: str, oxigraph: RdfFormat, rdflib_name: str, keeps_graphs: bool):
        self.short = short
        self.extension = extension
        self.oxigraph = oxigraph
        self.rdflib_name = rdflib_name
        self.keeps_graphs = keeps_graphs

    @classmethod
    def names(cls) -> list[str]:
        return [f.short for f in cls]

    @classmethod
    def from_name(cls, name: str) -> Format:
        """A format by its short name or a usual alias (turtle, ntriples, nquads, json-ld, rdfxml, owl)."""
        key = name.lower().lstrip(".")
        aliases = {
            "turtle": "ttl",
            "ntriples": "nt",
            "n-triples": "nt",
            "nquads": "nq",
            "n-quads": "nq",
            "json-ld": "jsonld",
            "json": "jsonld",
            "rdfxml": "xml",
            "rdf": "xml",
            "owl": "xml",
            "rdf/xml": "xml",
        }
        key = aliases.get(key, key)
        for f in cls:
            if f.short == key:
                return f
        raise InputError(f"unknown RDF format {name!r}", hint="use one of " + ", ".join(cls.names()))

    @classmethod
    def for_path(cls, path: str | Path, explicit: str | None = None) -> Format:
        """The format named by ``explicit``, else guessed from the file extension."""
        if explicit:
            return cls.from_name(explicit)
        suffix = Path(path).suffix
        if not suffix:
            raise InputError(
                "cannot tell the RDF format without a file extension",
                where=str(path),
                hint="add .ttl, .nt, .nq, .trig, .jsonld or .rdf, or pass --format",
            )
        return cls.from_name(suffix)
