"""``newskg docs list|show|delete`` and ``newskg stats`` (issue 14): the library functions and their
thin CLI wrappers. A delete leaves no orphan: the store is then exactly a build of the others."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode

from newskg.builder.build import Builder, build
from newskg.builder.facts import Document
from newskg.cli import main
from newskg.cli.common import EXIT_INPUT, EXIT_STORE
from newskg.errors import InputError
from newskg.ontology import ONTOLOGY_IRI
from newskg.store.embedded import EmbeddedStore
from newskg.store.management import delete_document, document_details, list_documents, open_store, store_stats

NEWSKG = str(Path(sys.executable).with_name("newskg"))
DOCUMENTS = [
    Document(
        id="world/iran",
        text="Iran accused Israel of attacking its consulate in Damascus. Israel denied the charge.",
        title="Iran accuses Israel",
        published="2024-04-02",
    ),
    Document(id="world/gaza", text="Egypt urged Israel and Hamas to accept a ceasefire, officials in Cairo said."),
    Document(id="kenya", text="Kenya accused Ethiopia of moving troops towards the border."),
]


@pytest.fixture(scope="module")
def builder() -> Builder:
    return Builder(offline=True)


def built(path: Path, documents: list[Document], builder: Builder) -> Path:
    with EmbeddedStore(path) as store:
        report = build(documents, sink=store, builder=builder, progress=False)
    assert report.ok
    return path


def document_quads(path: Path) -> set:
    with EmbeddedStore(path, read_only=True, ontology=False) as store:
        return {q for q in store.quads() if q.graph_name != NamedNode(str(ONTOLOGY_IRI))}


def test_list_and_show_say_what_the_store_holds(tmp_path: Path, builder: Builder):
    store = built(tmp_path / "s", DOCUMENTS, builder)
    with open_store(store, read_only=True) as opened:
        listed = list_documents(opened)
        assert [(d.id, d.title, d.date) for d in listed] == [
            ("kenya", None, None),
            ("world/gaza", None, None),
            ("world/iran", "Iran accuses Israel", "2024-04-02"),
        ]
        details = document_details(opened, "world/iran")
    facts = builder.facts(DOCUMENTS[0])
    expected_acts: dict[str, int] = {}
    for act in facts.speech_acts:
        expected_acts[act.kind.value] = expected_acts.get(act.kind.value, 0) + 1
    assert details.acts == expected_acts and sum(details.acts.values()) >= 2
    assert details.actors == sorted({e.label for e in facts.entities.values()})
    assert details.characters == len(DOCUMENTS[0].text) and details.info.graph.endswith("/graph/world/iran")
    assert details.triples > 50 and details.mentions >= 4


def test_stats_count_each_actor_once_whatever_number_of_documents_describe_it(tmp_path: Path, builder: Builder):
    store = built(tmp_path / "s", DOCUMENTS, builder)
    with open_store(store, read_only=True) as opened:
        stats = store_stats(opened)
    all_facts = [builder.facts(d) for d in DOCUMENTS]
    acts: dict[str, int] = {}
    for facts in all_facts:
        for act in facts.speech_acts:
            acts[act.kind.value] = acts.get(act.kind.value, 0) + 1
    actors = {key for facts in all_facts for key in facts.entities}
    assert stats.documents == 3 and stats.acts == dict(sorted(acts.items(), key=lambda kv: (-kv[1], kv[0])))
    assert stats.total_actors == len(actors)  # Israel is described in two graphs, counted once
    assert stats.quads == len(EmbeddedStore(store, read_only=True, ontology=False))
    assert stats.bytes_on_disk > 0


def test_a_deleted_document_leaves_exactly_the_store_of_the_others(tmp_path: Path, builder: Builder):
    store = built(tmp_path / "s", DOCUMENTS, builder)
    with open_store(store, read_only=False) as opened:
        removed = delete_document(opened, "world/iran")
        assert removed > 50
        with pytest.raises(InputError, match="no document with the id 'world/iran'"):
            delete_document(opened, "world/iran")
    others = built(tmp_path / "others", DOCUMENTS[1:], builder)
    assert document_quads(store) == document_quads(others)  # no orphan; Israel still described by world/gaza


def test_the_cli_wrappers(tmp_path: Path, builder: Builder):
    store = str(built(tmp_path / "s", DOCUMENTS, builder))
    runner = CliRunner()
    listed = runner.invoke(main, ["docs", "list", "--store", store])
    assert listed.exit_code == 0 and listed.output.splitlines()[0] == "kenya\t\t"
    shown = runner.invoke(main, ["docs", "show", "world/iran", "--store", store, "--json"])
    assert shown.exit_code == 0 and json.loads(shown.output)["title"] == "Iran accuses Israel"
    stats = runner.invoke(main, ["stats", "--store", store])
    assert stats.exit_code == 0 and "documents: 3" in stats.output and "size on disk" in stats.output
    missing = runner.invoke(main, ["docs", "show", "nope", "--store", store])
    assert missing.exit_code == EXIT_INPUT and "no document with the id 'nope'" in missing.output
    deleted = runner.invoke(main, ["docs", "delete", "kenya", "world/gaza", "--store", store])
    assert deleted.exit_code == 0, deleted.output
    assert runner.invoke(main, ["docs", "list", "--store", store]).output.splitlines() == [
        "world/iran\t2024-04-02\tIran accuses Israel"
    ]
    nowhere = runner.invoke(main, ["docs", "delete", "kenya", "--store", str(tmp_path / "nowhere")])
    assert nowhere.exit_code == EXIT_STORE and not (tmp_path / "nowhere").exists()


def test_a_delete_on_a_store_another_process_writes_to_says_so(tmp_path: Path, builder: Builder):
    store = built(tmp_path / "s", DOCUMENTS, builder)
    with EmbeddedStore(store):  # holds the lock, as a running build does
        command = [NEWSKG, "docs", "delete", "kenya", "--store", str(store)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        assert done.returncode == EXIT_STORE
        assert done.stderr.strip() == (
            f"newskg: error: {store}: another newskg process is writing to {store} "
            "(wait until it ends; queries and export can read the store meanwhile)"
        )
        command = [NEWSKG, "stats", "--store", str(store)]
        reading = subprocess.run(command, capture_output=True, text=True, check=False)
        assert reading.returncode == 0 and "documents: 3" in reading.stdout
