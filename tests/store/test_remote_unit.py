"""RemoteStore pieces that need no server: presets, options, parameter binding, batching, JSON terms."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from newskg.errors import InputError, QueryError, StoreError
from newskg.store.remote import (
    CONTENT_HASH,
    Endpoints,
    bind_values,
    endpoints_for,
    iter_graphs,
    read_graphs,
    remote_from_options,
    survey_graphs,
)
from newskg.store.remote.binding import term_from_json
from newskg.store.remote.store import insert_batches


@pytest.mark.parametrize(
    ("server", "url", "expected"),
    [
        ("oxigraph", "http://h:7878/", Endpoints("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")),
        (
            "virtuoso",
            "http://h:8890",
            Endpoints("http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql-graph-crud"),
        ),
        (
            "fuseki",
            "http://h:3030/news",
            Endpoints("http://h:3030/news/query", "http://h:3030/news/update", "http://h:3030/news/data"),
        ),
        (
            "graphdb",
            "http://h:7200/repositories/news",
            Endpoints(
                "http://h:7200/repositories/news",
                "http://h:7200/repositories/news/statements",
                "http://h:7200/repositories/news/rdf-graphs/service",
            ),
        ),
        ("generic", "http://h/sparql", Endpoints("http://h/sparql", "http://h/sparql", None)),
    ],
)
def test_presets_derive_the_three_endpoints(server: str, url: str, expected: Endpoints) -> None:
    assert endpoints_for(server, url) == expected


def test_virtuoso_with_a_user_uses_the_auth_endpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSKG_PASSWORD", "s3cret-pw")
    store = remote_from_options(server="virtuoso", url="http://h:8890", user="dba")
    assert store.endpoints.query == "http://h:8890/sparql-auth"
    assert store.endpoints.gsp == "http://h:8890/sparql-graph-crud-auth"
    assert "s3cret-pw" not in repr(store)
    assert "s3cret-pw" not in repr(vars(store).get("endpoints"))


def test_a_user_without_the_password_variable_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSKG_PASSWORD", raising=False)
    with pytest.raises(StoreError, match="NEWSKG_PASSWORD"):
        remote_from_options(server="oxigraph", url="http://h:1", user="alice")


def test_options_need_an_endpoint_or_a_preset() -> None:
    with pytest.raises(StoreError, match="--endpoint"):
        remote_from_options(server="oxigraph")
    with pytest.raises(StoreError, match="unknown server preset"):
        remote_from_options(server="blazegraph", url="http://h")


def test_explicit_endpoints_override_the_preset() -> None:
    store = remote_from_options(endpoint="http://h/sparql", gsp_endpoint="http://h/gsp")
    assert store.endpoints == Endpoints("http://h/sparql", "http://h/sparql", "http://h/gsp")
    store = remote_from_options(server="oxigraph", url="http://h", update_endpoint="http://h/u2")
    assert store.endpoints == Endpoints("http://h/query", "http://h/u2", "http://h/store")


# -- binding -------------------------------------------------------------------------------------


def test_values_go_after_the_outermost_where_not_a_construct_template() -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert bind_values(query, {"s": URIRef("http://x/a")}) == (
        "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<http://x/a>) } ?s ?p ?o }"
    )


def test_values_skip_where_in_comments_strings_iris_and_subqueries() -> None:
    query = (
        "PREFIX ex: <http://x/where#>  # a WHERE { in a comment\n"
        'SELECT ?s (COUNT(*) AS ?n) WHERE { { SELECT ?s WHERE { ?s ex:p "WHERE { }" } } ?s ?p ?o } GROUP BY ?s'
    )
    bound = bind_values(query, {"?o": Literal(3)})
    assert bound.count("VALUES") == 1
    head, tail = bound.split("VALUES", 1)
    assert head.endswith("AS ?n) WHERE { ")
    assert tail.startswith(' (?o) { ("3"^^<http://www.w3.org/2001/XMLSchema#integer>) } { SELECT')


def test_a_query_without_where_keyword_uses_its_first_group() -> None:
    assert bind_values("ASK { ?s ?p ?o }", {"p": URIRef("http://x/p")}) == (
        "ASK { VALUES (?p) { (<http://x/p>) } ?s ?p ?o }"
    )


def test_bad_bindings_are_query_errors() -> None:
    with pytest.raises(QueryError, match="blank node"):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s": BNode()})
    with pytest.raises(QueryError, match="valid RDF term"):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s": URIRef("http://x/a b>")})
    with pytest.raises(QueryError, match="invalid variable"):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s) {} ; DROP ALL": Literal("x")})
    with pytest.raises(QueryError, match="must be an rdflib"):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s": "plain text"})
    with pytest.raises(QueryError, match="WHERE group"):
        bind_values("DESCRIBE <http://x/a>", {"s": Literal("x")})


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), lang=st.booleans())
def test_any_bound_literal_matches_itself_and_only_itself(text: str, lang: bool) -> None:
    """Whatever the text (quotes, braces, backslashes, newlines, '#'), binding finds exactly that literal."""
    store = ox.Store()
    graph = ox.NamedNode("http://x/g")
    target = ox.Literal(text, language="en") if lang else ox.Literal(text)
    store.add(ox.Quad(ox.NamedNode("http://x/hit"), ox.NamedNode("http://x/p"), target, graph))
    store.add(ox.Quad(ox.NamedNode("http://x/miss"), ox.NamedNode("http://x/p"), ox.Literal(text + "!"), graph))
    value = Literal(text, lang="en") if lang else Literal(text)
    query = bind_values("SELECT ?s WHERE { GRAPH ?g { ?s <http://x/p> ?o } }", {"o": value})
    assert [row["s"].value for row in store.query(query)] == ["http://x/hit"]


# -- batching ------------------------------------------------------------------------------------


def _t(s: ox.NamedNode | ox.BlankNode, o: ox.NamedNode | ox.BlankNode | ox.Literal, p: str = "http://x/p") -> ox.Triple:
    return ox.Triple(s, ox.NamedNode(p), o)


def test_batches_keep_blank_node_groups_together_and_the_hash_last() -> None:
    a, b = ox.BlankNode("a"), ox.BlankNode("b")
    plain = [_t(ox.NamedNode(f"http://x/{i}"), ox.Literal(str(i))) for i in range(7)]
    linked = [_t(ox.NamedNode("http://x/root"), a), _t(a, b), _t(b, ox.Literal("leaf"))]
    content_hash = _t(ox.NamedNode("http://x/doc"), ox.Literal("h"), CONTENT_HASH)
    triples = [content_hash, plain[0], linked[0], *plain[1:4], linked[1], *plain[4:], linked[2]]
    batches = insert_batches(triples, 3)
    assert sorted(map(str, (t for batch in batches for t in batch))) == sorted(map(str, triples))
    assert all(len(batch) <= 3 for batch in batches)
    assert any(set(map(str, linked)) <= set(map(str, batch)) for batch in batches)
    assert batches[-1][-1] == content_hash


def test_no_triples_is_one_empty_batch() -> None:
    assert insert_batches([], 10) == [[]]


# -- results and input ---------------------------------------------------------------------------


def test_json_terms_normalise_virtuoso_spellings() -> None:
    assert term_from_json({"type": "typed-literal", "datatype": str(XSD.boolean), "value": "0"}) == Literal(False)
    assert term_from_json({"type": "typed-literal", "datatype": str(XSD.string), "value": "x"}) == Literal("x")
    assert term_from_json({"type": "literal", "xml:lang": "de", "value": "Russland"}) == Literal("Russland", lang="de")
    assert term_from_json({"type": "uri", "value": "http://x/a"}) == URIRef("http://x/a")
    assert isinstance(term_from_json({"type": "bnode", "value": "b0"}), BNode)


def test_only_quad_formats_can_be_loaded(tmp_path: Path) -> None:
    turtle = tmp_path / "graph.ttl"
    turtle.write_text("<http://x/a> <http://x/p> <http://x/b> .\n")
    with pytest.raises(InputError, match="TriG"):
        read_graphs(turtle)


def test_a_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nq"
    bad.write_text('<http://x/a> <http://x/p> "ok" <http://x/g> .\n<http://x/a> <http://x/p> "open <http://x/g> .\n')
    with pytest.raises(InputError) as caught:
        read_graphs(bad)
    assert f"{bad}:2" in str(caught.value)


def test_default_graph_triples_are_counted_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "mixed.nq"
    path.write_text('<http://x/a> <http://x/p> "d" .\n<http://x/a> <http://x/p> "g" <http://x/g> .\n')
    graphs, default = read_graphs(path)
    assert default == 1
    assert list(graphs) == ["http://x/g"]
    assert [str(t) for t in graphs["http://x/g"]] == ['<http://x/a> <http://x/p> "g"']


def test_graphs_stream_one_at_a_time_and_scattered_ones_are_gathered(tmp_path: Path) -> None:
    """A load holds one graph in memory, not the file: contiguous graphs come out as soon as they
    end; a graph whose statements are spread over the file comes out whole, at the end."""
    path = tmp_path / "spread.nq"
    lines = [
        '<http://x/a> <http://x/p> "1" <http://x/g1> .',
        '<http://x/a> <http://x/p> "2" <http://x/g2> .',
        '<http://x/a> <http://x/p> "3" <http://x/g2> .',
        '<http://x/a> <http://x/p> "4" <http://x/g1> .',
        '<http://x/a> <http://x/p> "5" <http://x/g3> .',
        '<http://x/a> <http://x/p> "6" .',
    ]
    path.write_text("\n".join(lines) + "\n")
    survey = survey_graphs(path)
    assert survey.graphs == ["http://x/g1", "http://x/g2", "http://x/g3"]
    assert (survey.default, survey.scattered) == (1, frozenset({"http://x/g1"}))
    stream = iter_graphs(survey)
    first = next(stream)
    assert first[0] == "http://x/g2" and [t.object.value for t in first[1]] == ["2", "3"]
    rest = dict(stream)
    assert [t.object.value for t in rest["http://x/g1"]] == ["1", "4"]
    assert [t.object.value for t in rest["http://x/g3"]] == ["5"]
    graphs, default = read_graphs(path)
    assert sorted(graphs) == survey.graphs[:1] + survey.graphs[1:] and default == 1


def test_a_remote_store_is_a_graph_sink_and_a_query_target() -> None:
    from newskg.queries import SparqlTarget
    from newskg.store.base import GraphSink

    store = remote_from_options(server="oxigraph", url="http://127.0.0.1:1")
    assert isinstance(store, GraphSink)
    assert isinstance(store, SparqlTarget)
    store.close()
    store.close()  # idempotent
