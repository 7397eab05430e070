"""Loading errors, parameter binding (safely, as terms), and the result formats."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import XSD, Literal, URIRef

from newskg.errors import QueryError
from newskg.queries import (
    QueryResult,
    SparqlTarget,
    bind_params,
    list_queries,
    load_query,
    parse_term,
    run_query,
)

from .conftest import ACTOR


def test_unknown_query_names_close_matches() -> None:
    with pytest.raises(QueryError, match=r"unknown query 'acusations' \(did you mean accusations\?\)"):
        load_query("acusations")
    with pytest.raises(QueryError, match="known queries: accusations, actor-identities, actor-profile"):
        load_query("zzz")


def test_query_file_by_path(tmp_path) -> None:
    path = tmp_path / "my-question.rq"
    path.write_text(
        "# Labels of everything.\n# param ?thing: IRI — the thing\n# columns: ?thing ?label\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?thing ?label WHERE { ?thing rdfs:label ?label }\n",
        encoding="utf-8",
    )
    query = load_query(str(path))
    assert query.name == "my-question"
    assert query.description == "Labels of everything."
    assert [(p.name, p.kind, p.description) for p in query.params] == [("thing", "IRI", "the thing")]
    with pytest.raises(QueryError, match="no such query file"):
        load_query(str(tmp_path / "missing.rq"))


def test_syntax_error_names_file_line_and_column(tmp_path) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("# Broken.\nSELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER (?x = )\n}\n", encoding="utf-8")
    with pytest.raises(QueryError) as caught:
        load_query(path)
    assert f"{path}:4:" in str(caught.value)
    assert "SPARQL syntax error" in str(caught.value)


def test_a_users_file_needs_no_header_but_a_shipped_query_does(tmp_path, monkeypatch) -> None:
    # issue 13: a user's own .rq file runs without newskg's header comment
    path = tmp_path / "bare.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    query = load_query(path)
    assert (query.name, query.description, query.params, query.form) == ("bare", "", (), "SELECT")
    from newskg.queries import library

    monkeypatch.setattr(library, "_package_files", lambda: {"bare": path})
    with pytest.raises(QueryError, match="no description comment"):
        load_query("bare")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<https://w3id.org/newskg/data/actor/russia>", ACTOR.russia),
        ("https://w3id.org/newskg/data/actor/russia", ACTOR.russia),
        ("actor:russia", ACTOR.russia),
        ("russia", ACTOR.russia),
        ("wd:Q7747", URIRef("http://www.wikidata.org/entity/Q7747")),
        ("http://www.wikidata.org/entity/Q7747", URIRef("http://www.wikidata.org/entity/Q7747")),
    ],
)
def test_iri_parameter_forms(raw: str, expected: URIRef) -> None:
    assert bind_params(load_query("accusations"), {"accuser": raw}) == {"accuser": expected}


def test_bare_key_follows_the_base() -> None:
    bound = bind_params(load_query("accusations"), ["accuser=russia"], base="http://example.org/kg/")
    assert bound == {"accuser": URIRef("http://example.org/kg/actor/russia")}


def test_conflict_parameter_expands_to_conflict_iri() -> None:
    bound = bind_params(load_query("said-about-conflict"), {"conflict": "nagorno-karabakh-war"})
    assert bound["conflict"] == URIRef("https://w3id.org/newskg/data/conflict/nagorno-karabakh-war")


@pytest.mark.parametrize("raw", ['russia"} ; DROP ALL #', "Vladimir Putin", "<a b>", "", "fact-without-entity"])
def test_bad_iri_values_are_refused(raw: str) -> None:
    query = load_query("accusations") if raw != "fact-without-entity" else load_query("evidence")
    name = "accuser" if query.name == "accusations" else "fact"
    with pytest.raises(QueryError, match=f"query {query.name}, parameter {name}"):
        bind_params(query, {name: raw})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ankara", Literal("Ankara")),
        ('"Ankara"@en', Literal("Ankara", lang="en")),
        ('"2020-10-06"^^xsd:date', Literal("2020-10-06", datatype=XSD.date)),
        ('"5"^^<http://www.w3.org/2001/XMLSchema#integer>', Literal("5", datatype=XSD.integer)),
        ('"say \\"hi\\""', Literal('say "hi"')),
        ('"} ; DROP ALL #', Literal('"} ; DROP ALL #')),
    ],
)
def test_literal_parameter_forms(raw: str, expected: Literal) -> None:
    assert bind_params(load_query("mentions"), {"text": raw}) == {"text": expected}
    assert parse_term(raw) == expected


def test_unknown_parameter_is_named() -> None:
    message = r"query accusations: unknown parameter 'speaker' \(it takes: accuser, minConfidence\)"
    with pytest.raises(QueryError, match=message):
        bind_params(load_query("accusations"), {"speaker": "russia"})
    with pytest.raises(QueryError, match="is not name=value"):
        bind_params(load_query("accusations"), ["accuser"])


def test_terms_pass_through_but_must_match_the_kind() -> None:
    query = load_query("accusations")
    assert bind_params(query, {"accuser": ACTOR.russia}) == {"accuser": ACTOR.russia}
    with pytest.raises(QueryError, match="expects an IRI"):
        bind_params(query, {"accuser": Literal("Russia")})


class RecordingTarget:
    """A target that remembers what it was asked, to prove values never reach the text."""

    def __init__(self, inner: SparqlTarget) -> None:
        self.inner = inner
        self.calls: list[tuple[str, dict]] = []

    def select(self, sparql, bindings):
        self.calls.append((sparql, dict(bindings)))
        return self.inner.select(sparql, bindings)


INJECTION = '"} ; DROP ALL #'


def test_injection_stays_a_literal_and_changes_nothing(target) -> None:
    recorder = RecordingTarget(target)
    before = run_query("mentions", recorder)
    result = run_query("mentions", recorder, {"text": INJECTION})
    assert len(result) == 0
    sparql, bindings = recorder.calls[-1]
    assert sparql == load_query("mentions").sparql  # the text is untouched
    assert bindings == {"text": Literal(INJECTION)}
    assert "DROP" not in sparql
    after = run_query("mentions", recorder)
    assert len(after) == len(before) == 27


def test_injection_in_an_iri_never_reaches_the_target(target) -> None:
    recorder = RecordingTarget(target)
    with pytest.raises(QueryError, match="no actor labelled"):
        run_query("accusations", recorder, {"accuser": "x> } ; DROP ALL ; <y"})
    # not an IRI, so it was looked up as a label: bound as a literal term, never as query text
    assert recorder.calls and all("DROP" not in sparql for sparql, _ in recorder.calls)
    assert any(Literal("x> } ; DROP ALL ; <y") in values for _, b in recorder.calls for values in b.values())


def test_run_query_by_name_with_param_strings(target) -> None:
    result = run_query("accusations", target, ["accuser=recep-tayyip-erdogan"])
    assert [str(x) for x in result.column("content")] == ["supplying weapons to Armenia"]
    with pytest.raises(QueryError, match="no column 'nope'"):
        result.column("nope")


# --------------------------------------------------------------------------- formats


@pytest.fixture()
def sample(target) -> QueryResult:
    return run_query("mentions", target, {"text": "Ankara"})


def test_csv_is_sparql_results_csv(sample: QueryResult) -> None:
    rows = list(csv.reader(io.StringIO(sample.to_csv())))
    assert rows[0] == list(sample.columns)
    assert rows[1][:5] == ["https://w3id.org/newskg/data/actor/turkey", "Turkey", "Ankara", "58", "64"]
    assert sample.to_csv().endswith("\r\n")


def test_tsv_uses_rdf_term_syntax(sample: QueryResult) -> None:
    lines = sample.to_tsv().splitlines()
    assert lines[0].split("\t")[:3] == ["?entity", "?entityLabel", "?text"]
    cells = lines[1].split("\t")
    assert cells[0] == "<https://w3id.org/newskg/data/actor/turkey>"
    assert cells[2] == '"Ankara"'


def test_json_is_sparql_results_json(sample: QueryResult) -> None:
    document = json.loads(sample.to_json())
    assert document["head"]["vars"] == list(sample.columns)
    (binding,) = document["results"]["bindings"]
    assert binding["entity"] == {"type": "uri", "value": "https://w3id.org/newskg/data/actor/turkey"}
    assert binding["text"] == {"type": "literal", "value": "Ankara"}
    assert binding["begin"]["value"] == "58"
    assert binding["begin"]["datatype"] in (str(XSD.integer), str(XSD.nonNegativeInteger))


def test_json_omits_unbound_and_keeps_language(target) -> None:
    result = QueryResult(("a", "b"), [(Literal("x", lang="en"), None)])
    (binding,) = json.loads(result.to_json())["results"]["bindings"]
    assert binding == {"a": {"type": "literal", "value": "x", "xml:lang": "en"}}


def test_table_shortens_iris_and_counts_rows(sample: QueryResult) -> None:
    table = sample.to_table()
    lines = table.splitlines()
    assert lines[0].split() == list(sample.columns)
    assert lines[2].startswith("actor:turkey")
    assert lines[-1] == "(1 row)"
    long = QueryResult(("x",), [(Literal("y" * 100),)]).to_table(max_width=10)
    assert "yyyyyyyyy…" in long


def test_results_are_typed_rows(target) -> None:
    result = run_query("actor-profile", target, {"actor": "russia"})
    (row,) = result.rows
    record = dict(zip(result.columns, row, strict=True))
    assert isinstance(record["actor"], URIRef)
    assert isinstance(record["statements"], Literal) and record["statements"].toPython() == 1
    assert result.as_dicts()[0]["label"] == Literal("Russia")


def test_list_queries_describes_every_file() -> None:
    infos = list_queries()
    assert [i.name for i in infos] == sorted(i.name for i in infos)
    for info in infos:
        assert info.columns, info.name
        assert info.path.suffix == ".rq"


def test_a_local_file_does_not_shadow_a_shipped_query(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "accusations").write_text("# Not the real one.\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert load_query("accusations").description.startswith("Who accused whom")
    (tmp_path / "mine").write_text("# Mine.\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert load_query("mine").description == "Mine."
