"""Corpus-level actor identity (issue 18): which actor IRIs of a store name one actor, written to
the store's identity graph and never into a document graph; ``newskg identities``."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from newskg.builder.linking.identity import Actor, cluster, identity_graph_iri, update_identities
from newskg.cli.linking_commands import identities_command
from newskg.errors import StoreError

BASE = "https://w3id.org/newskg/data"
NK = "https://w3id.org/newskg/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
DENOTES = ox.NamedNode(NK + "denotes")


def person(key: str, *labels: str, kind: str = "Person", items: tuple[str, ...] = (),
           docs: tuple[str, ...] = ()) -> Actor:
    return Actor(f"{BASE}/actor/{key}", {kind}, set(labels), set(items), set(docs))


def groups(actors: list[Actor]) -> dict[str, tuple[list[str], str]]:
    short = lambda iri: iri.rsplit("/", 1)[1]  # noqa: E731
    return {short(i.canonical): (sorted(map(short, i.members)), i.rule) for i in cluster(actors)}


def test_a_lone_surname_joins_the_one_person_bearing_it() -> None:
    found = groups([person("pence", "Pence"), person("mike-pence", "Mike Pence")])
    assert found == {"mike-pence": (["mike-pence", "pence"], "unique-surname")}


def test_middle_initials_are_no_other_person() -> None:
    found = groups([person("james-b-comey", "James B. Comey"), person("james-comey", "James Comey"),
                    person("comey", "Comey")])
    assert found == {"james-b-comey": (["comey", "james-b-comey", "james-comey"], "unique-surname")}


def test_people_sharing_a_surname_stay_apart() -> None:
    found = groups([person("bill-clinton", "Bill Clinton"), person("hillary-clinton", "Hillary Clinton"),
                    person("clinton", "Clinton")])
    assert found == {}


def test_two_middle_names_keep_father_and_son_apart() -> None:
    found = groups([person("george-h-w-bush", "George H. W. Bush"), person("george-w-bush", "George W. Bush"),
                    person("george-bush", "George Bush"), person("george-w-bush-2", "George W Bush")])
    assert found == {"george-w-bush": (["george-w-bush", "george-w-bush-2"], "same-name")}


def test_a_given_name_alone_joins_nobody() -> None:
    found = groups([person("lebron-james", "LeBron James"), person("james-comey", "James Comey"),
                    person("james", "James")])
    assert found == {}


def test_different_wikidata_items_are_never_merged() -> None:
    found = groups([person("john-smith", "John Smith", items=("Q1",)), person("john-a-smith", "John A. Smith",
                                                                              items=("Q2",))])
    assert found == {}


def test_headline_words_around_a_full_name_are_that_person() -> None:
    found = groups([person("hillary-clinton", "Hillary Clinton"), person("bill-clinton", "Bill Clinton"),
                    person("hammering-hillary-clinton", "Hammering Hillary Clinton")])
    assert found == {"hillary-clinton": (["hammering-hillary-clinton", "hillary-clinton"], "headline")}


def test_a_surname_read_as_an_organisation_joins_the_person_less_surely() -> None:
    actors = [person("mike-pence", "Mike Pence", docs=("d1", "d2")), person("pence", "Pence", kind="Organization",
                                                                          docs=("d2",))]
    [identity] = cluster(actors)
    assert identity.canonical.endswith("/mike-pence") and identity.confidence == 0.6
    elsewhere = [actors[0], person("pence", "Pence", kind="Organization", docs=("d3",))]
    assert [i.confidence for i in cluster(elsewhere)] == [0.5]
    acronym = [actors[0], person("pence", "PENCE", kind="Organization", docs=("d2",))]
    assert cluster(acronym) == []


def test_a_short_given_name_is_the_same_person() -> None:
    found = groups([person("joe-biden", "Joe Biden"), person("joseph-r-biden-jr", "Joseph R. Biden Jr.")])
    assert found == {"joe-biden": (["joe-biden", "joseph-r-biden-jr"], "same-name")}  # ties: the shorter label


def test_a_shared_surname_joins_the_one_person_its_documents_name() -> None:
    ted = person("ted-cruz", "Ted Cruz", docs=("d1", "d2"))
    heidi = person("heidi-cruz", "Heidi Cruz", docs=("d3",))
    [identity] = cluster([ted, heidi, person("cruz", "Cruz", docs=("d1", "d2"))])
    assert identity.canonical.endswith("/ted-cruz") and identity.confidence == 0.7
    assert cluster([ted, heidi, person("cruz", "Cruz", docs=("d1", "d3"))]) == []  # each document its own Cruz
    assert cluster([ted, heidi, person("cruz", "Cruz", docs=("d1", "d4"))]) == []  # d4 names no Cruz in full


def test_an_organisation_label_ending_with_a_full_name_is_that_person() -> None:
    found = groups([person("jill-stein", "Jill Stein"),
                    person("green-partys-jill-stein", "Green Party's Jill Stein", kind="Organization"),
                    person("gates-foundation", "Melinda Gates Foundation", kind="Organization"),
                    person("melinda-gates", "Melinda Gates")])
    assert found == {"jill-stein": (["green-partys-jill-stein", "jill-stein"], "headline")}


def test_an_acronym_joins_the_organisation_it_abbreviates() -> None:
    found = groups([person("fbi", "FBI", kind="Organization"),
                    person("federal-bureau-of-investigation", "Federal Bureau of Investigation", kind="Organization")])
    assert found == {"federal-bureau-of-investigation": (["fbi", "federal-bureau-of-investigation"], "acronym")}


# -- the store ------------------------------------------------------------------------------------


def _document(store: ox.Store, doc: str, people: dict[str, str]) -> None:
    g = ox.NamedNode(f"{BASE}/graph/{doc}")
    for n, (key, label) in enumerate(people.items()):
        iri = ox.NamedNode(f"{BASE}/actor/{key}")
        mention = ox.NamedNode(f"{BASE}/doc/{doc}#m{n}")
        store.extend([ox.Quad(iri, RDF_TYPE, ox.NamedNode(NK + "Person"), g), ox.Quad(iri, LABEL, ox.Literal(label), g),
                      ox.Quad(mention, DENOTES, iri, g)])


@pytest.fixture()
def store_dir(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    store = ox.Store(str(path))
    _document(store, "a", {"mike-pence": "Mike Pence", "hillary-clinton": "Hillary Clinton"})
    _document(store, "b", {"pence": "Pence", "clinton": "Clinton"})
    store.flush()
    del store
    return path


def _same_as(path: Path) -> dict[str, set[str]]:
    store = ox.Store(str(path))
    out: dict[str, set[str]] = {}
    for quad in store.quads_for_pattern(None, SAME_AS, None, None):
        out.setdefault(quad.graph_name.value, set()).add(f"{quad.subject.value.rsplit('/', 1)[1]} "
                                                         f"{quad.object.value.rsplit('/', 1)[1]}")
    return out


def test_identities_go_to_their_own_graph_and_follow_added_articles(store_dir: Path) -> None:
    first = update_identities(store_dir)
    graph = identity_graph_iri(BASE)
    assert first.identities == 2 and _same_as(store_dir) == {graph: {"pence mike-pence", "clinton hillary-clinton"}}
    store = ox.Store(str(store_dir))
    _document(store, "c", {"bill-clinton": "Bill Clinton"})  # now "Clinton" may be either
    store.flush()
    del store
    second = update_identities(store_dir, keep=True)
    assert _same_as(store_dir) == {graph: {"pence mike-pence"}}  # the old decision is gone, documents untouched
    assert [i.rule for i in second.kept] == ["unique-surname"] and second.merged == 1


def test_the_identity_graph_validates(store_dir: Path) -> None:
    from newskg.ontology.validation import validate

    update_identities(store_dir)
    store = ox.Store(str(store_dir))
    data = ox.serialize(store.quads_for_pattern(None, None, None, ox.NamedNode(identity_graph_iri(BASE))),
                        format=ox.RdfFormat.N_QUADS)
    del store
    import rdflib

    graph = rdflib.Dataset()
    graph.parse(data=data.decode(), format="nquads")
    report = validate(graph)
    assert report.conforms, report


def test_the_command_lists_decisions_and_reports_progress(store_dir: Path) -> None:
    result = CliRunner().invoke(identities_command, ["--store", str(store_dir), "--show"])
    assert result.exit_code == 0, result.output
    assert f"{BASE}/actor/mike-pence  [unique-surname, 0.75]  Mike Pence, Pence" in result.output
    assert "2 actors named by more than one IRI (2 by unique-surname)" in result.output


def test_no_store_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        update_identities(tmp_path / "missing")
    result = CliRunner().invoke(identities_command, ["--store", str(tmp_path / "missing")])
    assert result.exit_code == 4
