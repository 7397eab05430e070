"""Issue 13: rows streamed with a limit, a time limit and a confidence threshold; every query form;
entity parameters given as labels, keys and Wikidata ids; results an analyst can read."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from newskg.errors import QueryError
from newskg.queries import (
    OxigraphTarget,
    QueryResult,
    ask_query,
    compact_iri,
    graph_query,
    run_query,
    stream_query,
)

from .conftest import ACTOR, DATA, DOC1, FIXTURE

WAR = DATA["conflict/nagorno-karabakh-war"]


@pytest.fixture()
def rq(tmp_path):
    def write(text: str, name: str = "mine.rq") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


# --------------------------------------------------------------------------- streaming and limits


def test_rows_stream_and_a_limit_stops_early(target) -> None:
    stream = stream_query("mentions", target, limit=5)
    assert stream.columns[0] == "entity"
    rows = list(stream)
    assert len(rows) == 5
    assert rows == run_query("mentions", target).rows[:5]  # the first rows of the sorted answer
    assert len(run_query("mentions", target, limit=0)) == 0


def test_unordered_rows_come_as_found_and_are_the_same_rows(target) -> None:
    everything = run_query("timeline", target)
    unordered = run_query("timeline", target, ordered=False)
    assert sorted(map(str, unordered.rows)) == sorted(map(str, everything.rows))
    first = run_query("timeline", target, ordered=False, limit=3)
    assert len(first) == 3 and set(first.rows) <= set(everything.rows)


def test_a_limit_of_the_query_s_own_is_kept(target, rq) -> None:
    path = rq("SELECT ?s WHERE { ?s a <https://w3id.org/newskg/ontology#Mention> } LIMIT 3")
    assert len(run_query(path, target, limit=10)) == 3
    assert len(run_query(path, target, limit=2)) == 2


def test_a_timeout_names_the_query(oxigraph_target, rq) -> None:
    # a cross product of the ontology with itself: seconds of work for Oxigraph, none for the rows
    path = rq("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?o { ?a ?b ?c } GRAPH ?o { ?d ?e ?f } }", "slow.rq")
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"query slow ran out of time after 0.05 s"):
        run_query(path, oxigraph_target, timeout=0.05)
    assert time.monotonic() - started < 2
    assert len(run_query("accusations", oxigraph_target, timeout=30)) == 2  # in time: all rows


# --------------------------------------------------------------------------- confidence


def test_min_confidence_through_the_query_s_parameter(target) -> None:
    everything = run_query("speech-acts-by-speaker", target)
    confident = run_query("speech-acts-by-speaker", target, min_confidence=0.85)
    assert 0 < len(confident) < len(everything)
    acts = set(confident.column("act"))
    assert DATA[f"act/{DOC1}/39-46"] in acts  # confidence 0.9
    assert len(run_query("speech-acts-by-speaker", target, min_confidence=0)) == len(everything)
    assert len(run_query("speech-acts-by-speaker", target, min_confidence=1)) == 0


def test_min_confidence_on_a_query_with_a_confidence_column(target) -> None:
    result = run_query("evidence", target, {"fact": str(DATA[f"act/{DOC1}/39-46"])}, min_confidence=0.95)
    assert len(result) == 0
    assert len(run_query("evidence", target, {"fact": str(DATA[f"act/{DOC1}/39-46"])}, min_confidence=0.9)) == 1


def test_min_confidence_on_a_users_query_filters_its_confidence_column_or_is_refused(target, rq) -> None:
    with_column = rq(
        "PREFIX nk: <https://w3id.org/newskg/ontology#>\n"
        "SELECT ?act ?confidence WHERE { ?act nk:cue ?c ; nk:confidence ?confidence }"
    )
    assert {float(c) for c in run_query(with_column, target, min_confidence=0.85).column("confidence")} >= {0.9}
    assert all(float(c) >= 0.85 for c in run_query(with_column, target, min_confidence=0.85).column("confidence"))
    without = rq("SELECT ?s WHERE { ?s ?p ?o }", "bare.rq")
    with pytest.raises(QueryError, match="query bare has no confidence to filter on"):
        run_query(without, target, min_confidence=0.5)
    with pytest.raises(QueryError, match="outside 0..1"):
        run_query("accusations", target, min_confidence=2)


# --------------------------------------------------------------------------- query forms


def test_ask_construct_and_describe_run(target, rq) -> None:
    prefix = "PREFIX nk: <https://w3id.org/newskg/ontology#>\n"
    assert ask_query(rq(prefix + "ASK { ?a a nk:Accusation }", "ask.rq"), target) is True
    assert ask_query(rq(prefix + "ASK { ?a a nk:Threat }", "none.rq"), target) is False
    built = graph_query(
        rq(prefix + "CONSTRUCT { ?s nk:accused ?t } WHERE { ?a a nk:Accusation ; nk:speaker ?s ; nk:target ?t }"),
        target,
    )
    assert (ACTOR["recep-tayyip-erdogan"], URIRef("https://w3id.org/newskg/ontology#accused"), ACTOR.france) in built
    described = graph_query(rq(f"DESCRIBE <{DATA[f'act/{DOC1}/39-46']}>", "describe.rq"), target)
    assert len(described) > 5
    with pytest.raises(QueryError, match="is an ASK query"):
        run_query(rq(prefix + "ASK { ?a a nk:Accusation }", "ask2.rq"), target)


# --------------------------------------------------------------------------- entity parameters


@pytest.mark.parametrize(
    "value",
    ["Recep Tayyip Erdogan", "recep tayyip erdoğan", "ERDOGAN", "recep-tayyip-erdogan", "wd:Q39259", "Q39259"],
)
def test_an_actor_parameter_takes_a_label_key_or_wikidata_id(target, value: str) -> None:
    result = run_query("accusations", target, {"accuser": value})
    assert set(result.column("accuser")) == {ACTOR["recep-tayyip-erdogan"]}


def test_an_ambiguous_label_is_reported_with_the_candidates() -> None:
    # two people who share a surname, added to the fixture in a graph of their own
    store = ox.Store()
    store.load(FIXTURE.read_bytes(), ox.RdfFormat.TRIG)
    graph = ox.NamedNode(str(DATA["graph/extra"]))
    for key, label in (("bill-clinton", "Bill Clinton"), ("hillary-clinton", "Hillary Clinton")):
        actor = ox.NamedNode(str(ACTOR[key]))
        store.add(ox.Quad(actor, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal(label), graph))
        store.add(ox.Quad(actor, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                          ox.NamedNode("https://w3id.org/newskg/ontology#Person"), graph))
    two = OxigraphTarget(store, ensure_ontology=True)
    with pytest.raises(QueryError, match=r"'clinton' matches 2 actors: Bill Clinton \(actor:bill-clinton\); "
                                         r"Hillary Clinton \(actor:hillary-clinton\)"):
        run_query("accusations", two, {"accuser": "clinton"})
    assert len(run_query("accusations", two, {"accuser": "Hillary Clinton"})) == 0  # found, accuses nobody


def test_an_unknown_label_or_unlinked_wikidata_id_is_a_clear_error(target) -> None:
    with pytest.raises(QueryError, match="no actor labelled 'Mao Ning'"):
        run_query("accusations", target, {"accuser": "Mao Ning"})
    with pytest.raises(QueryError, match="no actor in this store is linked to wd:Q148"):
        run_query("accusations", target, {"accuser": "wd:Q148"})


def test_a_conflict_parameter_takes_a_label(target) -> None:
    result = run_query("said-about-conflict", target, {"conflict": "nagorno-karabakh war"})
    assert set(result.column("conflict")) == {WAR}


# --------------------------------------------------------------------------- readable results


def test_consultations_never_pair_an_actor_with_itself(target) -> None:
    result = run_query("consultations", target)
    pairs = [(r["participant"], r.get("partner")) for r in result.as_dicts()]
    assert pairs and all(a != b for a, b in pairs)


def test_iris_print_compactly_and_consistently() -> None:
    act = DATA[f"act/{DOC1}/39-46"]
    assert compact_iri(str(act)) == f"act:{DOC1}/39-46"
    table = QueryResult(("act", "actor"), [(act, ACTOR.russia)]).to_table()
    assert f"act:{DOC1}/39-46" in table and "actor:russia" in table


def test_a_long_table_prints_in_pages_sized_to_their_rows() -> None:
    rows = [(Literal("x" * (5 if i < 100 else 40)),) for i in range(150)]
    table = QueryResult(("value",), rows).to_table(max_width=30)
    pages = table.split("\n\n")
    assert len(pages) == 2
    assert pages[0].splitlines()[1] == "-----"  # the first page is as wide as its own cells
    assert pages[1].splitlines()[1] == "-" * 30  # the second is cut at max_width
    assert table.rstrip().endswith("(150 rows)")
