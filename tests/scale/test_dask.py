"""Issue 6, item 5: a build on a 2-worker Dask LocalCluster gives the graph a local build gives."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Quad

from newskg.builder.build import Builder, build
from newskg.builder.corpus import Skipped
from newskg.builder.facts import Document
from newskg.store.embedded import EmbeddedStore
from newskg.store.files import FileSink, read_quads

TEXTS = [
    "Egypt urged Israel and Hamas on Monday to accept a ceasefire, the foreign ministry in Cairo said.",
    "Kenya accused Ethiopia of moving troops towards the border. Addis Ababa denied the accusation.",
    "The Turkish president spoke by phone with his Azerbaijani counterpart about the talks in Baku.",
    "Qatar offered to mediate between the two sides, officials in Doha said on Tuesday.",
    "The United Nations called on both governments to protect civilians and allow aid convoys in.",
]


@pytest.fixture(scope="module")
def builder() -> Builder:
    return Builder(offline=True)


@pytest.fixture
def documents() -> list[Document]:
    docs = [Document(id=f"dask/{i}", text=text, published=f"2024-03-0{i + 1}") for i, text in enumerate(TEXTS)]
    docs.insert(2, Document(id="dask/broken", text="Bad \ud800 text"))  # skipped on the worker, reported here
    return docs


@pytest.mark.slow
def test_dask_local_cluster_builds_the_graph_a_local_build_gives(tmp_path: Path, builder: Builder, documents):
    with EmbeddedStore(tmp_path / "local") as local:
        local_skips: list[Skipped] = []
        local_report = build(documents, sink=local, builder=builder, on_skip=local_skips.append, progress=False)
        expected = {q for q in local.quads() if "/graph/dask/" in q.graph_name.value}

    shards = tmp_path / "shards"
    dask_skips: list[Skipped] = []
    with EmbeddedStore(tmp_path / "dask") as target:
        report = build(
            documents, sink=target, builder=builder, dask="local", workers=2,
            chunk_size=2, shard_dir=shards, on_skip=dask_skips.append, progress=False,
        )
        got = {q for q in target.quads() if "/graph/dask/" in q.graph_name.value}
    assert (report.built, report.triples) == (local_report.built, local_report.triples) == (5, local_report.triples)
    assert dask_skips == local_skips and [s.where for s in dask_skips] == ["dask/broken"]
    assert got == expected
    # the shards are kept when a directory is given, and together hold exactly the built graphs
    shard_files = sorted(shards.glob("shard-*.nq"))
    assert len(shard_files) == 3
    built = [g for g in builder.graphs(documents, on_skip=lambda _s: None)]
    exact = {Quad(t.subject, t.predicate, t.object, NamedNode(g.graph_iri)) for g in built for t in g.triples}
    assert {q for f in shard_files for q in read_quads(f)} == exact


@pytest.mark.slow
def test_dask_build_into_a_file_matches_a_local_file_and_removes_its_temporary_shards(
    tmp_path: Path, builder: Builder, documents, monkeypatch
):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with FileSink(tmp_path / "local.nq") as sink:
        build(documents, sink=sink, builder=builder, on_skip=lambda _s: None, progress=False)
    with FileSink(tmp_path / "dask.nq") as sink:
        build(documents, sink=sink, builder=builder, dask="local", workers=2,
              on_skip=lambda _s: None, progress=False)
    assert (tmp_path / "dask.nq").read_bytes() == (tmp_path / "local.nq").read_bytes()
    assert not list(scratch.glob("newskg-shards-*")) and (tmp_path / "dask.nq").stat().st_size > 0
