"""Class walks expanded into VALUES blocks for servers that lose rows on them (issue 5, Virtuoso 7.2).

The expansion must give exactly the rows of the walk it replaces (checked on rdflib and Oxigraph,
which run walks correctly), recognise only the forms it can expand, and never let a walk through.
"""

from __future__ import annotations

import doctest
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from rdflib import Namespace, URIRef
from rdflib.term import Node

import newskg.queries
import newskg.queries.class_paths
from newskg.errors import QueryError
from newskg.ontology.terms import NK
from newskg.queries import (
    ClassHierarchy,
    Row,
    SparqlTarget,
    expand_class_paths,
    list_queries,
    newskg_class_hierarchy,
    run_query,
)
from newskg.store.remote import RemoteStore, endpoints_for, remote_from_options

PREFIXES = (
    "PREFIX nk: <https://w3id.org/newskg/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
)
# A walk the expansion leaves in the text: a path modifier right after rdfs:subClassOf.
WALK = re.compile(r"subClassOf>?\s*[*+?]")


class Expanding:
    """A target that asks the runner for expanded walks and keeps the text it was sent."""

    expand_class_paths = True

    def __init__(self, inner: SparqlTarget) -> None:
        self.inner = inner
        self.sent: list[str] = []

    def select(self, sparql: str, bindings: Mapping[str, Node]) -> tuple[list[str], list[Row]]:
        self.sent.append(sparql)
        return self.inner.select(sparql, bindings)


def _sorted(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: [str(cell) for cell in row])


# --------------------------------------------------------------------------- the hierarchy


def test_the_newskg_hierarchy_is_the_closure_of_the_ontology() -> None:
    hierarchy = newskg_class_hierarchy()
    assert (NK.Accusation, NK.SpeechAct) in hierarchy.pairs
    assert (NK.Accusation, NK.CommunicationEvent) in hierarchy.pairs  # two steps up
    assert (NK.PhoneCall, NK.Consultation) in hierarchy.pairs
    actors = hierarchy.subclasses(NK.Actor)
    assert {NK.Actor, NK.Person, NK.State, NK.Organization, NK.Group} <= set(actors)
    assert NK.Actor not in hierarchy.subclasses(NK.Actor, reflexive=False)
    assert NK.CommunicationEvent in hierarchy.superclasses(NK.Accusation, reflexive=False)
    assert hierarchy.subclasses(NK.Accusation, reflexive=False) == []


def test_a_cycle_in_the_hierarchy_terminates() -> None:
    ex = Namespace("http://example.org/")
    hierarchy = ClassHierarchy.from_pairs([(ex.A, ex.B), (ex.B, ex.A), (ex.C, ex.A)])
    assert hierarchy.superclasses(ex.C, reflexive=False) == [ex.A, ex.B]
    assert (ex.A, ex.A) in hierarchy.pairs  # A reaches itself through B, as a `+` walk would


# --------------------------------------------------------------------------- same rows


@pytest.mark.parametrize("name", [info.name for info in list_queries()])
def test_every_canned_query_expanded_gives_the_rows_of_its_walks(name: str, target: SparqlTarget) -> None:
    expanding = Expanding(target)
    expanded = run_query(name, expanding)
    assert expanding.sent and not WALK.search(expanding.sent[0]), "a walk was sent unexpanded"
    written = run_query(name, target)
    assert expanded.columns == written.columns
    assert _sorted(expanded.rows) == _sorted(written.rows)


def test_a_bound_parameter_and_the_expansion_go_together(target: SparqlTarget) -> None:
    france = URIRef("https://w3id.org/newskg/data/actor/france")
    expanded = run_query("speech-acts-by-speaker", Expanding(target), {"speaker": france})
    assert len(expanded) > 0
    assert _sorted(expanded.rows) == _sorted(run_query("speech-acts-by-speaker", target, {"speaker": france}).rows)


FORMS = {
    "var to class, *": "SELECT ?c WHERE { ?c rdfs:subClassOf* nk:SpeechAct . }",
    "var to class, +": "SELECT ?c WHERE { ?c rdfs:subClassOf+ nk:Actor }",
    "class to var, *": "SELECT ?c WHERE { nk:Accusation rdfs:subClassOf* ?c . }",
    "class to var, +": "SELECT ?c WHERE { nk:Accusation rdfs:subClassOf+ ?c }",
    "var to var, +": "SELECT ?a ?b WHERE { ?x a ?a . ?a rdfs:subClassOf+ ?b . }",
    "typed, *": "SELECT ?x WHERE { ?x a/rdfs:subClassOf* nk:Actor . }",
    "typed, +, in a list": "SELECT ?x ?l WHERE { ?x rdfs:label ?l ; a/rdfs:subClassOf+ nk:Actor . }",
    # nodes typed nif:OffsetBasedString only (sentences) are not reached by `+`, mentions and cues are
    "typed, + leaves the class out": (
        "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n"
        "SELECT DISTINCT ?x WHERE { ?x a/rdfs:subClassOf+ nif:OffsetBasedString }"
    ),
    "typed, + to a var": "SELECT ?x ?k WHERE { VALUES ?k { nk:SpeechAct } ?x a/rdfs:subClassOf+ ?k }",
    # a `*` between variables pairs each class of the hierarchy with itself too (appeals.rq's form)
    "var to var, *, upper end bound": (
        "SELECT ?x ?k WHERE { VALUES ?k { nk:Appeal nk:Denial nk:SpeechAct } ?t rdfs:subClassOf* ?k . ?x a ?t }"
    ),
    "rdf:type spelt out, before FILTER": (
        "SELECT ?x WHERE { ?x rdf:type/rdfs:subClassOf* nk:Conflict FILTER (isIRI(?x)) }"
    ),
    "full IRI, in OPTIONAL": (
        "SELECT ?x ?n WHERE { ?x a nk:State OPTIONAL { ?n a nk:Person ; "
        "a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* nk:Actor ; nk:country ?x } }"
    ),
    "another prefix, in a subquery": (
        "PREFIX s: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?a (COUNT(?act) AS ?n) WHERE { ?a a nk:State . "
        "OPTIONAL { SELECT ?a ?act WHERE { ?act nk:speaker ?a ; a/s:subClassOf* nk:SpeechAct } } } GROUP BY ?a"
    ),
}


@pytest.mark.parametrize("form", FORMS)
def test_each_recognised_form_gives_the_rows_of_its_walk(form: str, target: SparqlTarget) -> None:
    text = PREFIXES + FORMS[form]
    expanded = expand_class_paths(text)
    assert not WALK.search(expanded)
    assert "VALUES" in expanded
    written_columns, written = target.select(text, {})
    columns, rows = target.select(expanded, {})
    assert columns == written_columns
    assert written, "the form finds nothing in the fixture: the comparison would prove nothing"
    assert _sorted(rows) == _sorted(written)


def test_the_expanded_text_for_a_var_to_class_walk() -> None:
    expanded = expand_class_paths(PREFIXES + "SELECT ?t WHERE { ?t rdfs:subClassOf* nk:Consultation . }")
    block = re.search(r"VALUES \?t \{ ([^}]*) \} \.", expanded)
    assert block, expanded
    classes = set(re.findall(r"<([^>]+)>", block.group(1)))
    assert classes == {str(NK[c]) for c in ("Consultation", "PhoneCall", "Meeting", "Mediation", "Negotiation")}


def test_the_class_variable_does_not_clash_with_the_query_s_own() -> None:
    text = PREFIXES + "SELECT ?_class1 ?x WHERE { ?x a/rdfs:subClassOf* nk:Actor ; rdfs:label ?_class1 }"
    assert "?x a ?_class2 ;" in expand_class_paths(text)


def test_comments_strings_plain_steps_and_other_queries_are_left_alone() -> None:
    text = (
        PREFIXES + "# ?x rdfs:subClassOf* nk:Actor\n"
        'SELECT ?c WHERE { ?c rdfs:subClassOf ?d ; rdfs:label "rdfs:subClassOf* nk:Actor" }'
    )
    assert expand_class_paths(text) == text
    no_walk = load_text("evidence")
    assert expand_class_paths(no_walk) == no_walk


def load_text(name: str) -> str:
    return newskg.queries.load_query(name).sparql


# --------------------------------------------------------------------------- what it refuses

REFUSED = {
    "inverse": ("SELECT ?c WHERE { nk:Actor ^rdfs:subClassOf* ?c }", "recognised forms"),
    "zero or one": ("SELECT ?c WHERE { ?c rdfs:subClassOf? nk:Actor }", "zero-or-one"),
    "grouped": ("SELECT ?c WHERE { ?c (rdfs:subClassOf)* nk:Actor }", "recognised forms"),
    "alternative": ("SELECT ?c WHERE { ?c rdfs:subClassOf*|rdfs:label nk:Actor }", "longer path"),
    "longer sequence": ("SELECT ?l WHERE { ?x a/rdfs:subClassOf*/rdfs:label ?l }", "longer path"),
    "typed star to a variable": ("SELECT ?x ?c WHERE { ?x a/rdfs:subClassOf* ?c }", "outside the hierarchy"),
    "both ends IRIs": ("ASK { nk:War rdfs:subClassOf* nk:Conflict }", "both ends are IRIs"),
    "same variable": ("SELECT ?a WHERE { ?a rdfs:subClassOf+ ?a }", "same variable"),
    "in GRAPH": ("SELECT ?c WHERE { GRAPH ?g { ?c rdfs:subClassOf* nk:Actor } }", "GRAPH or SERVICE"),
    "SELECT *": ("SELECT * WHERE { ?x a/rdfs:subClassOf* nk:Actor }", "selects `*`"),
    "statement goes on": ("SELECT ?c ?l WHERE { ?c rdfs:subClassOf* nk:Actor ; rdfs:label ?l }", "with `;`"),
    "object list": ("SELECT ?x WHERE { ?x a/rdfs:subClassOf* nk:Actor, nk:Conflict }", "object list"),
    "reaches no class": ("SELECT ?x WHERE { ?x a/rdfs:subClassOf+ nk:Accusation }", "no class of the hierarchy"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_walk_it_cannot_expand_is_an_error_not_a_silent_pass(case: str) -> None:
    text, why = REFUSED[case]
    with pytest.raises(QueryError, match="cannot expand the class walk") as caught:
        expand_class_paths(PREFIXES + text, where="ad-hoc.rq")
    assert why in caught.value.message
    assert caught.value.where is not None and caught.value.where.startswith("ad-hoc.rq:4:")


@pytest.mark.parametrize(
    "text",
    [
        # a relative IRI and a \u escape the token scan cannot read as rdfs:subClassOf
        "BASE <http://www.w3.org/2000/01/rdf-schema> SELECT ?x WHERE { ?x <#subClassOf>* nk:Actor }",
        "SELECT ?x WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#sub\\u0043lassOf>+ nk:Actor }",
    ],
)
def test_a_walk_the_scan_misses_is_caught_by_parsing_the_result(text: str) -> None:
    with pytest.raises(QueryError, match="did not recognise"):
        expand_class_paths(PREFIXES + text)


def test_the_runner_names_the_query_file_line_and_column(tmp_path: Path, oxigraph_target: SparqlTarget) -> None:
    path = tmp_path / "my-walk.rq"
    path.write_text(
        "# Every class above an act's class.\n# columns: ?super\n"
        + PREFIXES
        + "SELECT ?super WHERE {\n  ?act a/rdfs:subClassOf*/rdfs:subClassOf ?super .\n}\n",
        encoding="utf-8",
    )
    assert len(run_query(path, oxigraph_target)) > 0  # fine where walks run as written
    with pytest.raises(QueryError) as caught:
        run_query(path, Expanding(oxigraph_target))
    assert caught.value.where == f"{path}:7:8"


def test_a_custom_hierarchy_is_expanded_instead_of_the_ontology() -> None:
    ex = Namespace("http://example.org/")
    hierarchy = ClassHierarchy.from_pairs([(ex.Tweet, NK.Statement), (NK.Statement, NK.SpeechAct)])
    text = PREFIXES + "SELECT ?x WHERE { ?x a/rdfs:subClassOf* nk:SpeechAct }"
    expanded = expand_class_paths(text, hierarchy=hierarchy)
    assert f"<{ex.Tweet}>" in expanded and f"<{NK.Accusation}>" not in expanded


def test_a_class_iri_that_would_break_the_text_is_refused() -> None:
    hierarchy = ClassHierarchy.from_pairs([(URIRef("http://example.org/a> } DROP ALL {"), NK.Statement)])
    with pytest.raises(QueryError, match="not a valid IRI"):
        expand_class_paths(PREFIXES + "SELECT ?x WHERE { ?x a/rdfs:subClassOf* nk:Statement }", hierarchy=hierarchy)


# --------------------------------------------------------------------------- who asks for it


def test_the_virtuoso_preset_asks_for_the_expansion_and_the_others_do_not() -> None:
    url = "http://127.0.0.1:1"
    assert RemoteStore(endpoints_for("virtuoso", url), server="virtuoso").expand_class_paths is True
    assert RemoteStore(endpoints_for("oxigraph", url), server="oxigraph").expand_class_paths is False
    assert RemoteStore(endpoints_for("generic", url)).expand_class_paths is False
    assert RemoteStore(endpoints_for("generic", url), expand_class_paths=True).expand_class_paths is True
    assert remote_from_options(server="virtuoso", url=url, expand_class_paths=False).expand_class_paths is False
    assert remote_from_options(endpoint=url, expand_class_paths=True).expand_class_paths is True


def test_targets_that_run_walks_as_written_get_the_text_unchanged(oxigraph_target: SparqlTarget) -> None:
    class Recording(Expanding):
        expand_class_paths = False

    recording = Recording(oxigraph_target)
    run_query("speech-acts-by-speaker", recording)
    assert recording.sent == [load_text("speech-acts-by-speaker")]


@pytest.mark.parametrize("module", [newskg.queries, newskg.queries.class_paths])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0
