"""build(): streaming input, resume by content hash, --force, failure isolation, worker pools.

Fast: a blank English pipeline (tokenizer only) and a linker that links nothing, so each document
graph holds the document node and its provenance; the real pipeline is exercised in tests/scale.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import spacy
from pyoxigraph import Triple

from newskg.builder.build import Builder, build
from newskg.builder.corpus import Skipped
from newskg.builder.facts import Document
from newskg.builder.linking import NullLinker
from newskg.errors import ExtractionError, StoreError
from newskg.store.base import GraphRefused, triples_of


class MemorySink:
    """A sink that keeps graphs in a dict and records the order of writes."""

    def __init__(self) -> None:
        self.graphs: dict[str, tuple[list[Triple], str | None]] = {}
        self.writes: list[str] = []
        self.on_write = None

    def put_graph(self, graph_iri: str, triples: Sequence[Triple], *, content_hash: str | None = None) -> None:
        self.graphs[graph_iri] = (list(triples), content_hash)
        self.writes.append(graph_iri)
        if self.on_write is not None:
            self.on_write(graph_iri)

    def put_ntriples(self, graph_iri: str, ntriples: bytes, *, content_hash: str | None = None) -> None:
        self.put_graph(graph_iri, triples_of(ntriples), content_hash=content_hash)

    def stored_hash(self, graph_iri: str) -> str | None:
        entry = self.graphs.get(graph_iri)
        return entry[1] if entry else None

    def close(self) -> None:
        pass


@pytest.fixture(scope="module")
def builder() -> Builder:
    return Builder(nlp=spacy.blank("en"), linker=NullLinker())


def documents(n: int, prefix: str = "d") -> list[Document]:
    return [Document(id=f"{prefix}{i:03d}", text=f"Talks number {i} between Ankara and Baku ended.") for i in range(n)]


def test_a_generator_is_consumed_as_the_build_goes_not_up_front(builder: Builder):
    drawn: list[str] = []
    drawn_at_first_write: list[int] = []

    def stream() -> Iterator[Document]:
        for document in documents(60):
            drawn.append(document.id)
            yield document

    sink = MemorySink()
    sink.on_write = lambda _iri: drawn_at_first_write.append(len(drawn)) if not drawn_at_first_write else None
    report = build(stream(), sink=sink, builder=builder, batch_size=4, progress=False)
    assert report.built == 60
    # nlp.pipe reads one batch ahead at most: memory does not grow with the corpus
    assert drawn_at_first_write[0] <= 2 * 4


def test_graphs_are_written_in_input_order_from_paths_and_documents_alike(tmp_path: Path, builder: Builder):
    (tmp_path / "b.txt").write_text("Cairo hosted talks.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Doha hosted talks.", encoding="utf-8")
    sink = MemorySink()
    inputs = iter([Document(id="z", text="Oslo hosted talks."), tmp_path, Document(id="y", text="Rome did too.")])
    report = build(inputs, sink=sink, builder=builder, progress=False)
    assert report.built == 4
    assert [iri.rsplit("/", 1)[-1] for iri in sink.writes] == ["z", "a", "b", "y"]


def test_an_unchanged_document_is_not_rebuilt_and_force_rebuilds_it(builder: Builder):
    sink = MemorySink()
    assert build(documents(5), sink=sink, builder=builder, progress=False).built == 5
    again = build(documents(5), sink=sink, builder=builder, progress=False)
    assert (again.built, again.unchanged) == (0, 5)
    edited = documents(5)
    edited[2] = Document(id=edited[2].id, text="The text changed.")
    changed = build(edited, sink=sink, builder=builder, progress=False)
    assert (changed.built, changed.unchanged) == (1, 4)
    forced = build(documents(5), sink=sink, builder=builder, force=True, progress=False)
    assert (forced.built, forced.unchanged) == (5, 0)


def test_a_document_that_breaks_a_component_is_skipped_and_the_rest_built(monkeypatch, builder: Builder):
    def fragile(doc):
        if "BOOM" in doc.text:
            raise IndexError("list index out of range")
        return doc

    monkeypatch.setattr(builder, "_own_pipes", [("fragile", fragile)])
    docs = documents(3)
    docs.insert(1, Document(id="bad", text="A BOOM here."))
    skipped: list[Skipped] = []
    sink = MemorySink()
    report = build(docs, sink=sink, builder=builder, on_skip=skipped.append, progress=False)
    assert report.built == 3 and not report.ok
    assert skipped == [Skipped("bad", "extraction failed: IndexError: list index out of range")]
    assert len(sink.graphs) == 3
    with pytest.raises(ExtractionError, match="bad: extraction failed"):
        builder.facts(Document(id="bad", text="A BOOM here."))


def test_a_graph_the_sink_refuses_is_skipped_and_any_other_store_error_stops_the_build(builder: Builder):
    # the sink contract (newskg.store.base): GraphRefused is about one graph, another StoreError about the sink
    def refuse_second(graph_iri: str) -> None:
        if graph_iri.endswith("/d001"):
            raise GraphRefused("HTTP 400 Bad Request", where="http://server/store")

    sink = MemorySink()
    sink.on_write = refuse_second
    skipped: list[Skipped] = []
    report = build(documents(3), sink=sink, builder=builder, on_skip=skipped.append, progress=False)
    assert report.built == 2
    assert skipped == [Skipped("d001", "not written: http://server/store: HTTP 400 Bad Request")]

    def disk_full(graph_iri: str) -> None:
        raise StoreError("cannot write: No space left on device", where="out.nq")

    sink = MemorySink()
    sink.on_write = disk_full
    with pytest.raises(StoreError, match="No space left"):
        build(documents(3), sink=sink, builder=builder, on_skip=skipped.append, progress=False)
    assert len(sink.writes) == 1


def test_a_repeated_document_id_is_reported_not_overwritten(builder: Builder):
    skipped: list[Skipped] = []
    docs = [Document(id="same", text="First text."), Document(id="same", text="Second text.")]
    sink = MemorySink()
    report = build(docs, sink=sink, builder=builder, on_skip=skipped.append, progress=False)
    assert report.built == 1 and skipped[0].where == "same" and "duplicate document id" in skipped[0].reason
    [(triples, _)] = sink.graphs.values()
    assert any(getattr(t.object, "value", None) == "First text." for t in triples)


def test_two_workers_write_what_one_writes_in_the_same_order(builder: Builder):
    docs = documents(23)
    docs.insert(7, Document(id="empty-after-strip", text="   "))  # empty text: built as an empty article
    one, two = MemorySink(), MemorySink()
    r1 = build(docs, sink=one, builder=builder, progress=False)
    r2 = build(iter(docs), sink=two, builder=builder, workers=2, chunk_size=3, progress=False)
    assert (r1.built, r1.triples) == (r2.built, r2.triples) == (24, r1.triples)
    assert one.writes == two.writes
    for iri, (triples, digest) in one.graphs.items():
        assert (set(triples), digest) == (set(two.graphs[iri][0]), two.graphs[iri][1])


def test_worker_skips_arrive_in_the_report(monkeypatch, builder: Builder):
    def fragile(doc):
        if "BOOM" in doc.text:
            raise KeyError("x")
        return doc

    monkeypatch.setattr(builder, "_own_pipes", [("fragile", fragile)])
    docs = documents(6)
    docs[4] = Document(id="bad", text="BOOM")
    skipped: list[Skipped] = []
    sink = MemorySink()
    report = build(docs, sink=sink, builder=builder, workers=2, chunk_size=2, on_skip=skipped.append, progress=False)
    assert report.built == 5 and [s.where for s in skipped] == ["bad"]


def test_workers_must_be_positive(builder: Builder):
    with pytest.raises(ValueError, match="workers must be at least 1"):
        build([], sink=MemorySink(), builder=builder, workers=0)


def test_the_progress_bar_shows_rate_and_eta_on_stderr_and_is_silent_when_off(builder: Builder, capsys):
    build(documents(12), sink=MemorySink(), builder=builder, progress=True)
    bar = capsys.readouterr().err
    assert "12/12" in bar and "doc/s" in bar and "<00:00" in bar  # count of total, rate, ETA
    build(documents(12), sink=MemorySink(), builder=builder, progress=False)
    assert capsys.readouterr().err == ""
    build(documents(12), sink=MemorySink(), builder=builder)  # stderr is not a terminal here
    assert capsys.readouterr().err == ""


def test_the_progress_total_counts_documents_in_files_without_consuming_the_input(tmp_path: Path, builder: Builder):
    from newskg.builder.build import _count_documents

    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\nbroken\n', encoding="utf-8")
    (tmp_path / "c.txt").write_text("z", encoding="utf-8")
    assert _count_documents([tmp_path], encoding="utf-8", max_chars=100) == 3
    assert _count_documents(documents(4), encoding="utf-8", max_chars=100) == 4
    assert _count_documents(iter(documents(4)), encoding="utf-8", max_chars=100) is None  # would consume it
    assert _count_documents(["-"], encoding="utf-8", max_chars=100) is None  # stdin reads once



def test_warm_up_loads_at_once_what_the_first_article_would():
    from newskg.builder.components.attribution_model import load_attribution_pipeline
    from newskg.builder.dictionaries import cameo_verbs, petrarch_actors

    loaders = (load_attribution_pipeline, petrarch_actors._load, cameo_verbs._load)
    for cached in loaders:
        cached.cache_clear()
    full = Builder(offline=True)
    full.warm_up()
    # the learned model's weights, PETRARCH's actors, CAMEO's verbs: each read once, now
    assert [cached.cache_info().currsize for cached in loaders] == [1, 1, 1]
    full.facts(Document(id="next", text="Foreign Minister Lena Korsak of Elbonia accused Russia of lying."))
    assert [cached.cache_info().misses for cached in loaders] == [1, 1, 1]


def test_settled_hides_what_is_loaded_from_the_garbage_collector_for_the_build_only(builder: Builder):
    import gc

    assert gc.get_freeze_count() == 0
    with builder.settled():
        assert gc.get_freeze_count() > 0  # the pipeline, lexicons and dictionaries
    assert gc.get_freeze_count() == 0  # given back: a long-lived process collects them again
    gc.freeze()
    try:
        with builder.settled():
            pass
        assert gc.get_freeze_count() > 0  # a process that froze objects itself keeps its settings
    finally:
        gc.unfreeze()
