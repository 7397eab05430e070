"""The one place that wires read -> annotate -> link -> map -> write. The CLI and the API call it.

A document whose graph in the sink already carries the content hash it would get (same text,
same newskg version and model) is skipped, so an interrupted build resumes where it stopped;
``force=True`` rebuilds everything. A document that fails is reported and skipped; the rest is
built. Nothing already in the sink is lost: each graph is replaced atomically.

The input streams: readers are generators, documents go through ``nlp.pipe`` in batches and
each graph is written as soon as it is mapped, so memory stays flat however large the corpus.
Extraction runs in this process (``workers=1``), in a pool of worker processes
(``workers=N``, :mod:`newskg.builder.parallel`) or on a Dask cluster (``dask=ADDRESS``,
:mod:`newskg.builder.distributed`); the graphs are written in input order and are the same
whichever way they were built.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..store.base import GraphRefused, GraphSink
from .corpus import DEFAULT_MAX_CHARS, Skipped, check_inputs, id_problem, read_path, shown_id
from .distributed import dask_graphs
from .document_builder import Builder, BuilderConfig, BuiltGraph, SkipHandler
from .facts import Document
from .hygiene import storable_document
from .mapping import DEFAULT_BASE
from .ntriples import NTriples
from .parallel import parallel_graphs

__all__ = ["BuildReport", "BuiltGraph", "Builder", "BuilderConfig", "build", "iter_documents"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class BuildReport:
    """What a build did: counts, and every document it skipped with the reason."""

    built: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    speech_acts: int = 0
    triples: int = 0
    seconds: float = 0.0
    linking: str = ""

    @property
    def ok(self) -> bool:
        return not self.skipped

    def summary(self) -> str:
        parts = [f"built {self.built} document{'s' if self.built != 1 else ''}"]
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged (already in the store)")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        parts.append(f"{self.speech_acts} speech acts, {self.triples} triples in {self.seconds:.1f}s")
        return ", ".join(parts)


def iter_documents(
    inputs: Iterable[str | Path | Document],
    *,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    on_skip: SkipHandler,
) -> Iterator[Document]:
    """Documents from a stream of paths (``-`` for stdin) and/or Document objects, read lazily.

    A second document with an id already seen is reported and skipped: it would replace the
    first one's graph.
    """
    seen: set[str] = set()
    for item in inputs:
        if isinstance(item, Document):
            documents: Iterable[Document] = (item,)
        else:
            documents = read_path(item, encoding=encoding, max_chars=max_chars, on_skip=on_skip)
        for document in documents:
            document = storable_document(document)  # (the readers did it already; a Document made in code)
            problem = id_problem(document.id)  # (read from a file, it was checked already)
            if problem is not None:
                on_skip(Skipped(shown_id(document.id), problem))
                continue
            if document.id in seen:
                on_skip(Skipped(shown_id(document.id), "duplicate document id (an earlier input has the same id)"))
                continue
            seen.add(document.id)
            yield document


def _count_documents(inputs: object, *, encoding: str, max_chars: int) -> int | None:
    """How many documents ``inputs`` will yield, for the progress bar's ETA, when that can be
    known without consuming them: a list of Documents, or paths read once more (stdin cannot)."""
    if not isinstance(inputs, list | tuple):
        return None
    if any(str(item) == "-" for item in inputs if not isinstance(item, Document)):
        return None
    if all(isinstance(item, Document) for item in inputs):
        return len(inputs)
    readers = logging.getLogger(read_path.__module__)
    readers.disabled = True  # what a reader warns about is said once, when the build reads it
    try:
        return sum(1 for _ in iter_documents(inputs, encoding=encoding, max_chars=max_chars, on_skip=lambda _: None))
    finally:
        readers.disabled = False


def _progress(total: int | None, enabled: bool):  # -> tqdm or None
    if not enabled:
        return None
    from tqdm import tqdm

    # tqdm shows documents/s and, once the total is known, the ETA
    return tqdm(total=total, unit="doc", desc="building", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)


def build(
    inputs: Iterable[str | Path | Document],
    *,
    sink: GraphSink,
    model: str | None = None,
    base: str = DEFAULT_BASE,
    offline: bool = False,
    force: bool = False,
    batch_size: int = 16,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    progress: bool | None = None,
    builder: Builder | None = None,
    link_cache: Path | None = None,
    on_skip: SkipHandler | None = None,
    workers: int = 1,
    chunk_size: int | None = None,
    dask: str | None = None,
    shard_dir: Path | None = None,
    learned: bool = True,
    settle: bool = False,
) -> BuildReport:
    """Builds ``inputs`` (paths, ``-`` for stdin, or Document objects; any iterable, consumed
    lazily) into ``sink``.

    Returns a :class:`BuildReport`; skipped documents are listed there (and passed to ``on_skip``
    as they happen). ``progress`` None means: a bar when stderr is a terminal.

    ``workers`` > 1 extracts in that many worker processes; ``dask`` (a scheduler address, or
    ``"local"`` for a LocalCluster of ``workers`` processes) extracts on a Dask cluster, writing
    N-Quads shards to ``shard_dir`` (a temporary directory when None) that are then loaded into
    ``sink``. ``chunk_size`` is the number of documents sent to a worker at a time. ``learned``
    False builds with the rules alone (no learned attribution model). ``settle``: as ``newskg build``
    does, :meth:`Builder.settled` for the length of the build."""
    started = time.perf_counter()
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if isinstance(inputs, list | tuple):
        check_inputs(inputs)
    builder = builder or Builder(model=model, base=base, offline=offline, link_cache=link_cache, learned=learned)
    if max_chars > builder.nlp.max_length:
        raise ValueError(
            f"max_chars {max_chars:,} is more than the spaCy pipeline reads ({builder.nlp.max_length:,} characters)"
        )
    show = sys.stderr.isatty() if progress is None else progress
    total = _count_documents(inputs, encoding=encoding, max_chars=max_chars) if show else None
    run = _Run(sink, on_skip, _progress(total, show))
    run.report.linking = "offline (cache and gazetteer)" if offline else "online when reachable"
    with builder.settled() if settle else contextlib.nullcontext(builder):  # before any worker forks
        documents = iter_documents(inputs, encoding=encoding, max_chars=max_chars, on_skip=run.skip)
        pending = run.pending(documents, builder, force=force)
        graphs = _extract(
            builder, pending, workers=workers, dask=dask, shard_dir=shard_dir, chunk_size=chunk_size,
            batch_size=batch_size, on_skip=run.skip,
        )
        try:
            run.write(graphs)
        finally:
            run.finish(graphs, started)
    return run.report


def _extract(
    builder: Builder, documents: Iterator[Document], *, workers: int, dask: str | None, shard_dir: Path | None,
    chunk_size: int | None, batch_size: int, on_skip: SkipHandler,
) -> Iterator[BuiltGraph]:
    """The graphs of ``documents`` in input order, built here, in a pool of workers or on Dask."""
    if dask is not None:
        return dask_graphs(
            builder, documents, address=dask, workers=workers, shard_dir=shard_dir, chunk_size=chunk_size,
            batch_size=batch_size, on_skip=on_skip,
        )
    if workers > 1:
        return parallel_graphs(
            builder, documents, workers=workers, chunk_size=chunk_size, batch_size=batch_size, on_skip=on_skip
        )
    return builder.graphs(documents, batch_size=batch_size, on_skip=on_skip)


class _Run:
    """One build's running state: its report, its progress bar, and where skipped documents go."""

    def __init__(self, sink: GraphSink, on_skip: SkipHandler | None, bar: Any) -> None:
        self.sink = sink
        self.on_skip = on_skip
        self.bar = bar  # a tqdm bar, or None
        self.report = BuildReport()

    def skip(self, item: Skipped) -> None:
        self.report.skipped.append(item)
        if self.on_skip is not None:
            self.on_skip(item)
        else:
            log.warning("skipped %s", item)

    def pending(self, documents: Iterable[Document], builder: Builder, *, force: bool) -> Iterator[Document]:
        """``documents`` less those whose graph in the sink already carries the hash it would get."""
        for document in documents:
            if not force and self.sink.stored_hash(builder.minter.graph(document.id)) == builder.hash_of(document):
                self.report.unchanged += 1
                if self.bar is not None:
                    self.bar.update(1)
                continue
            yield document

    def write(self, graphs: Iterable[BuiltGraph]) -> None:
        report = self.report
        for graph in graphs:
            body = NTriples.of(graph.triples)
            try:
                self.sink.put_ntriples(graph.graph_iri, body.ntriples, content_hash=graph.content_hash)
            except GraphRefused as exc:  # that graph only; any other StoreError stops the build (a rerun resumes)
                self.skip(Skipped(graph.doc_id, f"not written: {exc}"))
                continue
            log.info("built %s (%d triples)", graph.doc_id, len(body))
            report.built += 1
            report.speech_acts += graph.speech_acts
            report.triples += len(body)
            if self.bar is not None:
                self.bar.update(1)
                self.bar.set_postfix(acts=report.speech_acts, refresh=False)

    def finish(self, graphs: Iterator[BuiltGraph], started: float) -> None:
        close = getattr(graphs, "close", None)
        if close is not None:
            close()  # stops worker pools and clusters promptly, also on Ctrl-C
        if self.bar is not None:
            self.bar.close()
        self.report.seconds = time.perf_counter() - started
