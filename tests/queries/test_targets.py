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


class Repeating:
    """A target that answers every row twice, as Virtuoso 7.2's DISTINCT sometimes does."""

    def __init__(self, inner: SparqlTarget) -> None:
        self.inner = inner

    def select(self, sparql, bindings):
        columns, rows = self.inner.select(sparql, bindings)
        return columns, [row for row in rows for _ in range(2)]


def test_the_rows_of_a_distinct_query_are_distinct_whatever_the_target_returns(oxigraph_target) -> None:
    honest = run_query("speech-acts-by-speaker", oxigraph_target)
    assert len(honest) == 8
    assert run_query("speech-acts-by-speaker", Repeating(oxigraph_target)).rows == honest.rows  # order kept


def test_the_rows_of_a_query_without_distinct_keep_their_repeats(tmp_path, oxigraph_target) -> None:
    path = tmp_path / "labels.rq"
    # a comment saying "SELECT DISTINCT" before the query form must not count
    path.write_text(
        "# Labels.\n# columns: ?label\n# not a SELECT DISTINCT query\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?label WHERE { ?s rdfs:label ?label }\n",
        encoding="utf-8",
    )
    once = run_query(path, oxigraph_target)
    assert len(run_query(path, Repeating(oxigraph_target))) == 2 * len(once) > 0
