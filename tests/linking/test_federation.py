"""docs/wikidata-federation.rq runs, and enriches linked actors, against the local Wikidata stand-in."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

QUERY = Path(__file__).resolve().parents[2] / "docs" / "wikidata-federation.rq"
WIKIDATA = "https://query.wikidata.org/sparql"

DOCUMENT = """
@prefix nk: <https://w3id.org/newskg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix wd: <http://www.wikidata.org/entity/> .
<https://w3id.org/newskg/data/actor/ruritania> a nk:State ; rdfs:label "Ruritania" ;
    owl:sameAs wd:Q9000030 ; nk:linkConfidence 0.9 .
<https://w3id.org/newskg/data/actor/rudolf-rassendyll> a nk:Person ; rdfs:label "Rudolf Rassendyll" ;
    owl:sameAs wd:Q9000005 ; nk:linkConfidence 0.8 .
<https://w3id.org/newskg/data/actor/nobody> a nk:Person ; rdfs:label "Nobody" .
"""


def test_federated_query_enriches_linked_actors(wikidata_sparql: str) -> None:
    text = QUERY.read_text(encoding="utf-8")
    assert f"SERVICE <{WIKIDATA}>" in text
    store = ox.Store()
    store.load(DOCUMENT.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://w3id.org/newskg/data/graph/d1"))
    rows = list(store.query(text.replace(WIKIDATA, wikidata_sparql)))
    found = {row["label"].value: row for row in rows}
    assert set(found) == {"Ruritania", "Rudolf Rassendyll"}  # only linked actors
    state = found["Ruritania"]
    assert state["population"].value == "1234567"
    assert state["capitalLabel"].value == "Strelsau"
    assert state["headOfStateLabel"].value == "Rudolf Rassendyll"
    assert state["linkConfidence"].value == "0.9"
    person = found["Rudolf Rassendyll"]
    assert person["citizenshipLabel"].value == "Ruritania" and person["sitelinks"].value == "40"
