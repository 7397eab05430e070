"""PETR scoring: CAMEO roots through the ontology's SKOS mappings, and state codes for actors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newskg.errors import OntologyError
from newskg.evaluation import cameo_roots, load_graph, read_acts, read_gold, score_petr
from newskg.evaluation.petr import actor_countries, country_names

from .conftest import GraphWriter


def test_the_ontology_maps_every_speech_act_class_to_a_cameo_root():
    roots = cameo_roots()
    assert roots["Accusation"] == roots["Criticism"] == "11"
    assert roots["Denial"] == "01"  # CAMEO 016, deny responsibility
    assert roots["Appeal"] == "02" and roots["Demand"] == "10" and roots["Rejection"] == "12"
    assert roots["Threat"] == "13" and roots["Endorsement"] == "05"
    assert {roots[k] for k in ("Consultation", "PhoneCall", "Meeting", "Mediation", "Negotiation")} == {"04"}
    assert roots["Agreement"] == "03"  # three of its four close matches are 03x, one is 057


def test_roots_come_from_exact_then_the_majority_of_close_matches_then_the_superclass(tmp_path):
    ttl = tmp_path / "mini.ttl"
    ttl.write_text(
        """@prefix nk: <https://w3id.org/newskg/ontology#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix cameo: <https://w3id.org/newskg/cameo/> .
        nk:A a owl:Class ; skos:exactMatch cameo:112 ; skos:closeMatch cameo:020 , cameo:021 .
        nk:B a owl:Class ; skos:closeMatch cameo:130 , cameo:021 .
        nk:C a owl:Class ; rdfs:subClassOf nk:A .
        nk:D a owl:Class ; skos:closeMatch cameo:057 , cameo:051 , cameo:030 .
        cameo:112 skos:notation "112" .
        """,
        encoding="utf-8",
    )
    roots = cameo_roots(str(ttl))
    assert roots == {"A": "11", "B": "02", "C": "11", "D": "05"}  # B: a tie goes to the lower root


def test_a_broken_ontology_is_an_ontology_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(OntologyError, match="bad.ttl"):
        cameo_roots(str(bad))


def test_country_codes_know_common_names_and_the_gazetteer_qids():
    names = country_names()
    assert {"russia", "russian federation"} <= names["RUS"]
    assert {"united states", "u.s."} <= names["USA"]
    assert "q159" in names["RUS"]  # from the builder's gazetteer


RECORDS = [
    ("p1", "Kenya's government criticized Uganda over the border closure.",
     [("KENGOV", "UGA", "111", "11")]),
    ("p2", "Chile and Peru met in Lima.", [("CHL", "PER", "040", "04"), ("PER", "CHL", "040", "04")]),
    ("p3", "The UN warned of famine and said aid was coming.", [("IGOUNO", "---", "010", "01")]),
    ("p4", "Troops shelled a village near the border.", [("---MIL", "---CVL", "190", "19")]),
    ("p5", "Markets rose on Friday.", []),
]


def petr_files(tmp_path: Path) -> Path:
    lines = [
        json.dumps({"id": rid, "date": "20240105", "text": text, "noevents": not codings,
                    "codings": [{"source_code": s, "target_code": t, "event_code": e, "cameo_root": r}
                                for s, t, e, r in codings]})
        for rid, text, codings in RECORDS
    ]
    path = tmp_path / "records_petr.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def petr_graph(writer: GraphWriter, path: Path) -> Path:
    docs = {rid: writer.document(rid, text) for rid, text, _ in RECORDS}
    d = docs["p1"]
    kenya = d.actor("Kenya", qid="Q114")
    kenyan_government = d.actor("Government of Kenya", "Organization", country=kenya)
    d.act("Criticism", d.find("criticized"), speakers=[(kenyan_government, d.find("Kenya's government"))],
          targets=[(d.actor("Uganda"), d.find("Uganda"))], confidence="0.9")
    d = docs["p2"]
    d.act("Meeting", d.find("met"), speakers=[(d.actor("Chile"), d.find("Chile")), (d.actor("Peru"), d.find("Peru"))])
    d = docs["p3"]
    un = d.actor("United Nations", "Organization")
    d.act("Threat", d.find("warned"), speakers=[(un, d.find("UN"))], confidence="0.9")
    d.act("Statement", d.find("said"), speakers=[(un, d.find("UN"))], confidence="0.5")
    d = docs["p5"]
    d.act("Statement", d.find("rose"), speakers=[(d.actor("Markets", "Group"), d.find("Markets"))])
    return writer.write(path)


def test_petr_figures_by_hand(graph_writer, tmp_path):
    gold = read_gold(petr_files(tmp_path))
    graph = load_graph(petr_graph(graph_writer, tmp_path / "g.trig"))
    score = score_petr(read_acts(graph), gold.records, graph)
    f = score.figures
    assert (f["records"], f["speech_records"], f["speech_codings"]) == (5, 3, 4)
    assert (f["root_top"], f["root_any"]) == (0.667, 1.0)  # p3's top act is a threat (13), not a statement
    # KENGOV is found through the government's nk:country; both sides of the meeting count for 04
    assert (f["country_sources"], f["source_accuracy"]) == (3, 1.0)
    assert (f["country_targets"], f["target_accuracy"]) == (3, 1.0)
    assert (f["nonspeech_records"], f["false_alarm_rate"]) == (2, 0.5)
    assert f["false_alarm_rate_beyond_01"] == 0.0  # p5's alarm is a Statement
    assert f["root_confusion"] == {"01->13": 1, "04->04": 1, "11->11": 1}
    assert score.summary == "petr: CAMEO root top 0.67 any 1.00 on 3 records, source 1.0, target 1.0, false alarms 0.5"
    assert any(m.startswith("p3: root 01: top warned ['Threat'] -> 13") for m in score.misses)
    assert any(m.startswith("p5 (no speech): alarm") for m in score.misses)


def test_a_wrong_state_is_counted_wrong(graph_writer, tmp_path):
    gold = read_gold(petr_files(tmp_path))
    d = graph_writer.document("p1", RECORDS[0][1])
    d.act("Criticism", d.find("criticized"), speakers=[(d.actor("Tanzania"), d.find("Kenya's government"))],
          targets=[(d.actor("Uganda"), d.find("Uganda"))])
    graph = load_graph(graph_writer.write(tmp_path / "wrong.trig"))
    f = score_petr(read_acts(graph), gold.records, graph).figures
    assert (f["country_sources"], f["source_accuracy"]) == (3, 0.0)  # p2's meeting has no act here either
    assert f["target_accuracy"] == round(1 / 3, 3)


def test_actor_countries_follow_members(graph_writer, tmp_path):
    d = graph_writer.document("x", "The Nordic states met.")
    nordics = d.actor("Nordic states", "Group", members=(d.actor("Norway"), d.actor("Sweden")))
    graph = load_graph(graph_writer.write(tmp_path / "m.trig"))
    assert actor_countries(graph, [nordics]) == {"NOR", "SWE"}
