"""Each query on the fixture returns the rows the fixture's two articles say, on rdflib and Oxigraph."""

from __future__ import annotations

import pytest
from rdflib import XSD, Literal, URIRef

from newskg.ontology.terms import NK
from newskg.queries import QueryResult, list_queries, run_query

from .conftest import ACTOR, DATA, DOC1, DOC2

WAR = DATA["conflict/nagorno-karabakh-war"]
ACCUSATION_1 = DATA[f"act/{DOC1}/39-46"]
APPEAL = DATA[f"act/{DOC1}/134-143"]


def values(result: QueryResult, *columns: str) -> list[tuple]:
    """Selected columns as Python values (literals), IRIs as URIRefs; None when unbound."""
    idx = [result.columns.index(c) for c in columns]
    return [tuple(row[i].toPython() if isinstance(row[i], Literal) else row[i] for i in idx) for row in result.rows]


def test_accusations(target) -> None:
    result = run_query("accusations", target)
    assert values(result, "accuserLabel", "accusedLabel", "content", "documentId") == [
        ("Recep Tayyip Erdogan", "France", "supplying weapons to Armenia", DOC1),
        ("Armenia", "Turkey", "sending fighters to the region", DOC2),
    ]
    sentence = result.column("sentence")[0]
    assert str(sentence).startswith("Turkish President Recep Tayyip Erdogan accused France on Tuesday")


def test_accusations_by_one_accuser(target) -> None:
    result = run_query("accusations", target, {"accuser": "armenia"})
    assert values(result, "accuser", "accused") == [(ACTOR.armenia, ACTOR.turkey)]


def test_speech_acts_by_speaker(target) -> None:
    result = run_query("speech-acts-by-speaker", target, {"speaker": "<" + str(ACTOR.france) + ">"})
    assert values(result, "type", "cue", "date") == [
        (NK.Denial, "denied", Literal("2020-10-07", datatype=XSD.date).toPython()),
        (NK.Criticism, "criticized", Literal("2020-10-07", datatype=XSD.date).toPython()),
    ]
    everyone = run_query("speech-acts-by-speaker", target)
    assert len(everyone) == 8  # consultations are not speech acts
    assert NK.PhoneCall not in everyone.column("type")


def test_denials_link_back_to_the_accusation_and_accuser(target) -> None:
    result = run_query("denials", target)
    assert values(result, "denierLabel", "accuserLabel", "accusationContent") == [
        ("France", "Recep Tayyip Erdogan", "supplying weapons to Armenia"),
        ("Turkey", "Armenia", "sending fighters to the region"),
    ]
    assert result.column("accusation")[0] == ACCUSATION_1
    assert values(result, "sentence")[1] == ("Ankara dismissed the claim on Friday.",)


def test_criticism(target) -> None:
    result = run_query("criticism", target, {"critic": "actor:france"})
    assert values(result, "criticisedLabel", "topic", "sentence") == [
        ("Turkey", WAR, "France criticized Turkey over the war.")
    ]


def test_appeals_and_who_rejected_them(target) -> None:
    result = run_query("appeals", target)
    assert values(result, "appellantLabel", "kind", "addresseeLabel", "rejectedByLabel") == [
        ("Russia", NK.Appeal, "Armenia", "Azerbaijan"),
        ("Russia", NK.Appeal, "Azerbaijan", "Azerbaijan"),
    ]
    assert set(result.column("act")) == {APPEAL}
    assert result.column("content")[0] == Literal("stop the fighting in the Nagorno-Karabakh war")


def test_consultations(target) -> None:
    result = run_query("consultations", target)
    assert values(result, "participantLabel", "partnerLabel", "kind", "dateText") == [
        ("Vladimir Putin", "Recep Tayyip Erdogan", NK.PhoneCall, "Wednesday"),
        ("Sergey Lavrov", "Jeyhun Bayramov", NK.Meeting, None),
    ]
    # no act date for the meeting: the article's date stands in
    assert [str(d) for d in result.column("date")] == ["2020-10-07", "2020-10-09"]


def test_conflict_actors_from_roles_and_relations(target) -> None:
    result = run_query("conflict-actors", target, {"conflict": "conflict:nagorno-karabakh-war"})
    # one row per role, however many ways it is stated (issue 13: the conflict's nk:mediator and the
    # relation nk:mediates were two rows); ?documents counts the articles that state it
    assert values(result, "actorLabel", "role", "documents") == [
        ("OSCE Minsk Group", "mediator", 1),
        ("Armenia", "participant", 2),
        ("Azerbaijan", "participant", 1),
        ("Turkey", "supporter", 1),
    ]


def test_said_about_conflict(target) -> None:
    result = run_query("said-about-conflict", target, {"conflict": str(WAR)})
    assert values(result, "type", "speakerLabel", "documentId") == [
        (NK.Appeal, "Russia", DOC1),
        (NK.Criticism, "France", DOC1),
        (NK.Accusation, "Armenia", DOC2),
    ]


def test_actor_profile(target) -> None:
    result = run_query("actor-profile", target, {"actor": "recep-tayyip-erdogan"})
    assert values(result, "label", "type", "wikidata", "positions", "statements", "mentions") == [
        (
            "Recep Tayyip Erdogan",
            NK.Person,
            URIRef("http://www.wikidata.org/entity/Q39259"),
            "President of Turkey",
            2,
            3,
        )
    ]
    everyone = run_query("actor-profile", target)
    assert len(everyone) == 10
    unlinked = dict(values(everyone, "label", "wikidata"))
    assert unlinked["OSCE Minsk Group"] is None


def test_evidence_for_an_act(target) -> None:
    result = run_query("evidence", target, {"fact": str(ACCUSATION_1)})
    assert values(result, "documentId", "sentenceBegin", "sentenceEnd", "cue", "cueBegin", "cueEnd") == [
        (DOC1, 0, 97, "accused", 39, 46)
    ]
    assert values(result, "confidence") == [(Literal("0.9", datatype=XSD.decimal).toPython(),)]


def test_evidence_for_a_relation_and_a_position(target) -> None:
    relation = DATA[f"relation/{DOC1}/421-429/supports/turkey/azerbaijan"]
    result = run_query("evidence", target, {"fact": str(relation)})
    assert values(result, "cue") == [("supports",)]
    position = DATA["position/recep-tayyip-erdogan/president-turkey"]
    result = run_query("evidence", target, {"fact": str(position)})
    assert values(result, "sentence", "cue") == [("Turkish President Recep Tayyip Erdogan", None)]


def test_timeline_orders_by_act_date_else_article_date(target) -> None:
    result = run_query("timeline", target)
    whens = [str(w) for w in result.column("when")]
    assert whens == sorted(whens)
    assert whens[0] == "2020-10-06"  # "Tuesday" in an article of 2020-10-07
    assert values(result, "type")[0] == (NK.Accusation,)
    assert len(result) == 10
    only = run_query("timeline", target, {"speaker": "turkey"})
    assert values(only, "type", "dateText") == [(NK.Denial, "Friday")]


def test_support_relations(target) -> None:
    result = run_query("support-relations", target, {"supported": "azerbaijan"})
    assert values(result, "supporterLabel", "via", "documentId") == [
        ("Recep Tayyip Erdogan", "endorsement", DOC1),
        ("Turkey", "relation", DOC1),
    ]
    relation_sentence = values(result, "sentence")[1][0]
    assert relation_sentence.endswith("and Turkey supports Azerbaijan.")


def test_mediators(target) -> None:
    result = run_query("mediators", target)
    assert values(result, "mediatorLabel", "conflictLabel", "via") == [
        ("OSCE Minsk Group", "Nagorno-Karabakh war", "conflict"),
        ("OSCE Minsk Group", "Nagorno-Karabakh war", "relation"),
    ]


def test_cameo_events(target) -> None:
    result = run_query("cameo-events", target)
    codes = {(row[0], row[1]): row for row in values(result, "act", "type", "cameo", "plover")}
    assert codes[(ACCUSATION_1, NK.Accusation)][2:] == ("112", "ACCUSE")
    kinds = {(t, c, p) for _, t, c, p in codes.values()}
    assert (NK.Denial, "016", None) in kinds
    assert (NK.PhoneCall, "041", "CONSULT") in kinds
    assert (NK.Meeting, "040", "CONSULT") in kinds
    assert (NK.Appeal, "020", "REQUEST") in kinds
    assert (NK.Endorsement, "051", "SUPPORT") in kinds
    labels = dict(values(result, "cameo", "cameoLabel"))
    assert labels["041"] == "Discuss by telephone"
    assert len({row[0] for row in values(result, "act")}) == 10


def test_quotes(target) -> None:
    result = run_query("quotes", target)
    assert values(result, "speakerLabel", "quote", "type") == [
        ("Recep Tayyip Erdogan", "Turkey stands with Azerbaijan", NK.Endorsement)
    ]


def test_mentions_of_turkey_including_metonyms(target) -> None:
    result = run_query("mentions", target, {"entity": "turkey"})
    assert values(result, "text", "via", "documentId") == [
        ("Turkish", "demonym", DOC1),
        ("Turkey", "name", DOC1),
        ("Turkey", "name", DOC1),
        ("Turkey", "name", DOC2),
        ("Ankara", "capital", DOC2),
    ]
    ankara = run_query("mentions", target, {"text": "Ankara"})
    assert values(ankara, "entity", "begin", "end") == [(ACTOR.turkey, 58, 64)]


def normalised(result: QueryResult) -> list[tuple]:
    # Oxigraph stores xsd:nonNegativeInteger as xsd:integer; compare the values, not the subtype.
    return [
        tuple(
            Literal(v.toPython())
            if isinstance(v, Literal) and v.datatype in (XSD.integer, XSD.nonNegativeInteger)
            else v
            for v in row
        )
        for row in result.rows
    ]


@pytest.mark.parametrize("name", [info.name for info in list_queries()])
def test_rdflib_and_oxigraph_agree(name: str, rdflib_target, oxigraph_target) -> None:
    a = run_query(name, rdflib_target)
    b = run_query(name, oxigraph_target)
    assert a.columns == b.columns
    assert len(a) > 0, f"{name} finds nothing in the fixture: it tests nothing"
    assert normalised(a) == normalised(b)
