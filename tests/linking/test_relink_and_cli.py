"""``relink_store`` / ``newskg link`` on a real embedded store, ``newskg gazetteer show|refresh``."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from newskg.builder.linking.gazetteer import Gazetteer
from newskg.builder.linking.refresh import refresh_gazetteer
from newskg.builder.linking.relink import relink_store
from newskg.cli.linking_commands import COMMANDS, gazetteer_group, link_command
from newskg.errors import LinkingError, StoreError
from newskg.store.servers import LOOPBACK, free_port

BASE = "https://w3id.org/newskg/data"
NK = "https://w3id.org/newskg/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
CONFIDENCE = ox.NamedNode(NK + "linkConfidence")


def actor(key: str) -> ox.NamedNode:
    return ox.NamedNode(f"{BASE}/actor/{key}")


def graph(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{BASE}/graph/{name}")


def describe(key: str, cls: str, label: str, g: ox.NamedNode) -> list[ox.Quad]:
    return [ox.Quad(actor(key), RDF_TYPE, ox.NamedNode(NK + cls), g),
            ox.Quad(actor(key), LABEL, ox.Literal(label), g)]


@pytest.fixture()
def store_dir(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    store = ox.Store(str(path))
    g1, g2, g3 = graph("a1"), graph("a2"), graph("a3")
    quads = [
        *describe("armenia", "State", "Armenia", g1),
        *describe("rudolf-rassendyll", "Person", "Rudolf Rassendyll", g1),
        *describe("ruritania", "State", "Ruritania", g1),
        *describe("three-powers", "Group", "the three powers", g1),
        ox.Quad(actor("three-powers"), ox.NamedNode(NK + "hasMember"), actor("armenia"), g1),
        *describe("russia", "State", "Russia", g2),
        ox.Quad(actor("russia"), SAME_AS, ox.NamedNode("http://www.wikidata.org/entity/Q159"), g2),
        ox.Quad(actor("russia"), CONFIDENCE, ox.Literal("0.97", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#decimal")), g2),
        *describe("russia", "State", "Russia", g3),
        *describe("armenia", "State", "Armenia", g3),
    ]
    store.extend(quads)
    store.flush()
    del store
    return path


def links(path: Path) -> set[tuple[str, str, str]]:
    store = ox.Store.read_only(str(path))
    tail = lambda term: term.value.rsplit("/", 1)[-1]  # noqa: E731 - a local shorthand
    found = {(tail(q.graph_name), tail(q.subject), tail(q.object))
             for q in store.quads_for_pattern(None, SAME_AS, None, None)}
    del store
    return found


def test_offline_relink_links_known_names_in_every_graph_and_reuses_existing_links(
    store_dir: Path, tmp_path: Path
) -> None:
    report = relink_store(store_dir, online=False, cache_path=tmp_path / "c.sqlite")
    assert links(store_dir) == {("a1", "armenia", "Q399"), ("a3", "armenia", "Q399"), ("a2", "russia", "Q159"),
                                ("a3", "russia", "Q159")}
    assert (report.unlinked, report.linked, report.from_other_graphs) == (4, 2, 1)
    assert report.graphs_changed == 2 and report.triples_added == 6
    store = ox.Store.read_only(str(store_dir))
    [confidence] = list(store.quads_for_pattern(actor("russia"), CONFIDENCE, None, graph("a3")))
    assert confidence.object.value == "0.97" and confidence.object.datatype.value.endswith("#decimal")
    del store
    again = relink_store(store_dir, online=False, cache_path=tmp_path / "c.sqlite")
    assert again.triples_added == 0  # idempotent


def test_online_relink_uses_titles_and_the_stand_ins(store_dir: Path, tmp_path: Path, search,
                                                      wikidata_sparql: str) -> None:
    report = relink_store(store_dir, online=True, cache_path=tmp_path / "c.sqlite", api_url=search.url,
                          sparql_url=wikidata_sparql)
    assert ("a1", "rudolf-rassendyll", "Q9000005") in links(store_dir)
    assert ("a1", "ruritania", "Q9000030") in links(store_dir)
    assert not any(key == "three-powers" for _, key, _ in links(store_dir))  # groups are not linked
    assert report.sources.get("wikidata") == 2


def test_relink_of_a_missing_store_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        relink_store(tmp_path / "nothing", online=False)


def test_link_command(store_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(link_command, ["--store", str(store_dir), "--cache", str(tmp_path / "c.sqlite")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("linked 2 of 4 unlinked actors and conflicts")
    missing = CliRunner().invoke(link_command, ["--store", str(tmp_path / "nothing")])
    assert missing.exit_code == 4 and "no store here" in missing.output


def test_every_command_and_option_is_documented() -> None:
    def walk(command):  # noqa: ANN001, ANN202
        yield command
        for sub in getattr(command, "commands", {}).values():
            yield from walk(sub)

    for top in COMMANDS:
        for command in walk(top):
            assert command.help, command.name
            for param in command.params:
                if param.param_type_name == "option":
                    assert param.help, f"{command.name} {param.name}"


def test_gazetteer_show() -> None:
    runner = CliRunner()
    result = runner.invoke(gazetteer_group, ["show", "Downing Street"])
    assert result.exit_code == 0
    assert "United Kingdom  [State]" in result.output and "Q145" in result.output and "metonym" in result.output
    result = runner.invoke(gazetteer_group, ["show", "Lavrov"])
    assert "(no verified QID)" in result.output and "Foreign Minister (russia)" in result.output
    result = runner.invoke(gazetteer_group, ["show", "Putin", "--kind", "State"])
    assert result.exit_code == 1 and "not in the gazetteer" in result.output


START = """# test gazetteer
kind\tlabel\tqid\taliases\tcountry\tcapital\tdemonyms\tmetonyms\ttitles\tmembers\tnote
State\tRussia\tQ159\t\t\tMoscow\tRussian\tthe Kremlin\t\t\tstart
State\tFakeland\tQ9000010\t\t\tFake City\t\t\t\t\tstart
Person\tRudolf Rassendyll\t\t\t\t\t\t\tPresident@\t\tstart
"""


def test_refresh_checks_fills_and_adds(tmp_path: Path, search, wikidata_sparql: str) -> None:
    start = tmp_path / "start.tsv"
    start.write_text(START, encoding="utf-8")
    out = tmp_path / "out.tsv"
    report = refresh_gazetteer(gazetteer=Gazetteer.from_path(start), out=out, api_url=search.url,
                               sparql_url=wikidata_sparql, min_interval=0.0)
    refreshed = Gazetteer.from_path(out)
    assert refreshed.get("russia").qid == "Q159" and refreshed.get("russia").metonyms == ("the Kremlin",)
    assert refreshed.get("fakeland").qid is None  # Q9000010 is a party, not a state
    assert "dropped" in refreshed.get("fakeland").note
    assert refreshed.get("rudolf-rassendyll").qid == "Q9000005"
    ruritania = refreshed.get("ruritania")
    assert (ruritania.qid, ruritania.capital, ruritania.demonyms) == ("Q9000030", "Strelsau", ("Ruritanian",))
    assert (report.checked, report.confirmed, len(report.dropped), report.added) == (2, 1, 1, ["ruritania"])
    assert out.read_text(encoding="utf-8").startswith("# newskg gazetteer, refreshed from Wikidata")


def test_refresh_offline_is_a_clear_linking_error(tmp_path: Path) -> None:
    closed = f"http://{LOOPBACK}:{free_port()}"
    with pytest.raises(LinkingError, match="refresh needs the network"):
        refresh_gazetteer(out=tmp_path / "out.tsv", api_url=f"{closed}/w/api.php", sparql_url=f"{closed}/sparql",
                          timeout=1.0, min_interval=0.0)
    assert not (tmp_path / "out.tsv").exists()
    result = CliRunner().invoke(gazetteer_group, ["refresh", "--out", str(tmp_path / "o.tsv"), "--api-url",
                                                  f"{closed}/w/api.php", "--sparql-url", f"{closed}/sparql"])
    assert result.exit_code == 4
