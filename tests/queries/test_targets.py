"""The two ready-made targets: union default graph, the ontology graph, typed terms both ways."""

from __future__ import annotations

import logging

import pyoxigraph as ox
import pytest
from rdflib import XSD, BNode, Dataset, Literal, URIRef

from newskg.ontology import ONTOLOGY_IRI
from newskg.queries import OxigraphTarget, RdflibTarget, SparqlTarget, from_oxigraph, run_query, to_oxigraph

from .conftest import FIXTURE


def test_rdflib_target_without_ontology_warns_and_finds_no_subclass_walks(caplog) -> None:
    data = Dataset()  # not a union yet: the target makes it one
    data.parse(FIXTURE, format="trig")
    with caplog.at_level(logging.WARNING, logger="newskg.queries"):
        bare = RdflibTarget(data)
    assert "no newskg ontology graph" in caplog.text
    assert data.default_union
    # reaching nk:SpeechAct from nk:Accusation needs the ontology's subClassOf triples
    assert len(run_query("speech-acts-by-speaker", bare)) == 0
    assert len(run_query("accusations", bare)) == 2  # the zero-length path still matches
    walked = RdflibTarget(data, ensure_ontology=True)
    assert len(data.graph(ONTOLOGY_IRI)) > 2000
    assert len(run_query("speech-acts-by-speaker", walked)) == 8


def test_oxigraph_target_loads_the_ontology_once() -> None:
    store = ox.Store()
    store.load(FIXTURE.read_bytes(), ox.RdfFormat.TRIG)
    OxigraphTarget(store, ensure_ontology=True)
    size = len(store)
    OxigraphTarget(store, ensure_ontology=True)
    assert len(store) == size
    assert store.contains_named_graph(ox.NamedNode(str(ONTOLOGY_IRI)))


def test_both_targets_satisfy_the_protocol(rdflib_target, oxigraph_target) -> None:
    assert isinstance(rdflib_target, SparqlTarget)
    assert isinstance(oxigraph_target, SparqlTarget)


@pytest.mark.parametrize(
    "term",
    [
        URIRef("https://w3id.org/newskg/data/actor/russia"),
        Literal("Ankara"),
        Literal("Ankara", lang="tr"),
        Literal("2020-10-06", datatype=XSD.date),
        Literal("0.85", datatype=XSD.decimal),
        BNode("b0"),
    ],
)
def test_terms_convert_both_ways(term) -> None:
    assert from_oxigraph(to_oxigraph(term)) == term


def test_plain_strings_come_back_plain_from_oxigraph() -> None:
    # Oxigraph types plain literals as xsd:string; rows must look like rdflib's own.
    converted = from_oxigraph(ox.Literal("x"))
    assert converted == Literal("x") and converted.datatype is None


def test_select_only(oxigraph_target) -> None:
    from newskg.errors import QueryError

    with pytest.raises(QueryError, match="SELECT queries only"):
        oxigraph_target.select("ASK { ?s ?p ?o }", {})
