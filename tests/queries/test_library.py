"""The .rq files themselves: they parse, declare what they return, and use only real ontology terms."""

from __future__ import annotations

import re

import pytest
from rdflib import OWL, RDF, XSD, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from newskg.ontology import ontology_graph
from newskg.queries import inject_values, list_queries, load_query

NS = "https://w3id.org/newskg/ontology#"
INFOS = list_queries()
NAMES = [info.name for info in INFOS]


def test_there_are_at_least_twelve_queries() -> None:
    assert len(INFOS) >= 12
    for required in (
        "speech-acts-by-speaker",
        "accusations",
        "denials",
        "criticism",
        "appeals",
        "consultations",
        "conflict-actors",
        "said-about-conflict",
        "actor-profile",
        "evidence",
        "timeline",
        "support-relations",
        "mediators",
        "cameo-events",
        "quotes",
    ):
        assert required in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_query_parses_and_declares_its_columns(name: str) -> None:
    query = load_query(name)
    assert query.description and not query.description.startswith("#")
    assert query.info.path.stem == name
    projected = [str(v) for v in prepareQuery(query.sparql).algebra["PV"]]
    assert list(query.columns) == projected


@pytest.mark.parametrize("name", NAMES)
def test_query_is_self_contained(name: str) -> None:
    text = load_query(name).sparql
    used = set(re.findall(r"(?<![\w<])([a-z]+):\w", re.sub(r"<[^>]*>|\"[^\"]*\"|#.*", "", text)))
    declared = set(re.findall(r"^PREFIX\s+(\w+):", text, re.MULTILINE))
    assert used <= declared


@pytest.mark.parametrize("name", NAMES)
def test_every_parameter_is_used_and_binds(name: str) -> None:
    # parameters are bound by a VALUES block in each group that uses them (newskg.queries.binding),
    # so a declared parameter the query never mentions would be an error, not a silent no-op
    query = load_query(name)
    for param in query.params:
        value = Literal("0.5", datatype=XSD.decimal) if param.kind == "literal" else URIRef("http://example.org/x")
        bound = inject_values(query.sparql, {param.name: value})
        assert f"VALUES ?{param.name} " in bound
        prepareQuery(bound)


@pytest.mark.parametrize("name", NAMES)
def test_every_nk_term_exists_in_the_ontology(name: str) -> None:
    ontology = ontology_graph()
    declared = {
        str(s)
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
    }
    text = load_query(name).sparql
    terms = {NS + local for local in re.findall(r"\bnk:(\w+)", text)}
    terms |= set(re.findall(rf"<({re.escape(NS)}\w+)>", text))
    assert terms, name
    missing = sorted(t for t in terms if t not in declared)
    assert not missing, f"{name} uses terms the ontology lacks: {missing}"
    # and each IRI the algebra holds is one of them (no typo hidden in a property path)
    algebra_iris = {str(t) for t in re.findall(rf"{re.escape(NS)}\w+", str(prepareQuery(text).algebra))}
    assert algebra_iris <= declared | {URIRef(t) for t in terms}
