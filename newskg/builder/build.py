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

import logging
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StoreError
from ..store.base import GraphSink
from .corpus import DEFAULT_MAX_CHARS, Skipped, check_inputs, id_problem, read_path, shown_id
from .distributed import dask_graphs
from .document_builder import Builder, BuilderConfig, BuiltGraph, SkipHandler
from .facts import Document
from .hygiene import storable_document
from .mapping import DEFAULT_BASE
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
    inputs: Iterable[str | Path] | Iterable[Document],
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
) -> BuildReport:
    """Builds ``inputs`` (paths, ``-`` for stdin, or Document objects; any iterable, consumed
    lazily) into ``sink``.

    Returns a :class:`BuildReport`; skipped documents are listed there (and passed to ``on_skip``
    as they happen). ``progress`` None means: a bar when stderr is a terminal.

    ``workers`` > 1 extracts in that many worker processes; ``dask`` (a scheduler address, or
    ``"local"`` for a LocalCluster of ``workers`` processes) extracts on a Dask cluster, writing
    N-Quads shards to ``shard_dir`` (a temporary directory when None) that are then loaded into
    ``sink``. ``chunk_size`` is the number of documents sent to a worker at a time.
    """
    started = time.perf_counter()
    report = BuildReport()
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if isinstance(inputs, list | tuple):
        check_inputs(inputs)

    def skip(item: Skipped) -> None:
        report.skipped.append(item)
        if on_skip is not None:
            on_skip(item)
        else:
            log.warning("skipped %s", item)

    builder = builder or Builder(model=model, base=base, offline=offline, link_cache=link_cache)
    if max_chars > builder.nlp.max_length:
        raise ValueError(
            f"max_chars {max_chars:,} is more than the spaCy pipeline reads ({builder.nlp.max_length:,} characters)"
        )
    report.linking = "offline (cache and gazetteer)" if offline else "online when reachable"
    show = sys.stderr.isatty() if progress is None else progress
    total = _count_documents(inputs, encoding=encoding, max_chars=max_chars) if show else None
    documents = iter_documents(inputs, encoding=encoding, max_chars=max_chars, on_skip=skip)
    bar = _progress(total, show)

    def pending() -> Iterator[Document]:
        for document in documents:
            if not force and sink.stored_hash(builder.minter.graph(document.id)) == builder.hash_of(document):
                report.unchanged += 1
                if bar is not None:
                    bar.update(1)
                continue
            yield document

    graphs: Iterator[BuiltGraph]
    if dask is not None:
        graphs = dask_graphs(
            builder,
            pending(),
            address=dask,
            workers=workers,
            shard_dir=shard_dir,
            chunk_size=chunk_size,
            batch_size=batch_size,
            on_skip=skip,
        )
    elif workers > 1:
        graphs = parallel_graphs(
            builder, pending(), workers=workers, chunk_size=chunk_size, batch_size=batch_size, on_skip=skip
        )
    else:
        graphs = builder.graphs(pending(), batch_size=batch_size, on_skip=skip)
    try:
        for graph in graphs:
            try:
                sink.put_graph(graph.graph_iri, graph.triples, content_hash=graph.content_hash)
            except StoreError as exc:
                if _store_is_gone(exc, sink):
                    raise  # every later document would fail the same way: stop, a rerun resumes
                skip(Skipped(graph.doc_id, f"not written: {exc}"))
                continue
            log.info("built %s (%d triples)", graph.doc_id, len(graph.triples))
            report.built += 1
            report.speech_acts += graph.speech_acts
            report.triples += len(graph.triples)
            if bar is not None:
                bar.update(1)
                bar.set_postfix(acts=report.speech_acts, refresh=False)
    finally:
        close = getattr(graphs, "close", None)
        if close is not None:
            close()  # stops worker pools and clusters promptly, also on Ctrl-C
        if bar is not None:
            bar.close()
        report.seconds = time.perf_counter() - started
    return report


def _store_is_gone(error: StoreError, sink: GraphSink) -> bool:
    """True when the sink cannot take any more writes: a remote server that stays unreachable, or a
    local store that failed (a full disk fails every later document too). A remote server refusing
    one graph (after its retries) is that document's problem only."""
    from ..store.remote import RemoteStore, StoreUnreachable

    return isinstance(error, StoreUnreachable) or not isinstance(sink, RemoteStore)
