"""Extraction in worker processes: ``newskg build --workers N``.

Each worker holds a :class:`~newskg.builder.build.Builder` and turns a chunk of documents into
mapped graphs, sent back as N-Triples bytes with their content hash; the parent writes them to
the sink in input order, so the store ends up exactly as a one-worker build leaves it.

Why a pool of builders rather than spaCy's ``nlp.pipe(n_process=N)``: with ``n_process`` only the
statistical model runs in the children; every Doc comes back serialised (user data through
msgpack) and the newskg components, linking and mapping still run one after the other in the
parent, which then caps the speed-up. Here the whole read -> map chain runs in the workers and
the parent only hands the N-Triples text the mapping wrote to the sink.

Workers are forked where the platform allows it, so they share the pipeline the parent already
loaded (no second model load per worker); each opens its own link cache, since an SQLite
connection must not cross a fork. Elsewhere they are spawned and load the pipeline from the
:class:`~newskg.builder.build.BuilderConfig`. At most ``2 * workers + 1`` chunks are in flight, so
a corpus of any size streams with flat memory.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice

from ..errors import ExtractionError
from .build import Builder, BuilderConfig, BuiltGraph
from .corpus import Skipped
from .facts import Document
from .ntriples import NTriples

__all__ = ["DEFAULT_CHUNK_SIZE", "SerializedGraph", "build_chunk", "parallel_graphs", "chunked"]

log = logging.getLogger(__name__)

#: Documents per task: small enough that the last chunks keep every worker busy, large enough
#: for spaCy's batching (measured: batches of 2 cost ~15 % more CPU than 4, 8 or 16, which cost
#: the same within noise).
DEFAULT_CHUNK_SIZE = 4

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

# The parent's builder, inherited by forked workers; set only while a fork pool starts.
_INHERITED: Builder | None = None
# The builder of this worker process.
_WORKER: Builder | None = None
# The parent's linker in a forked worker: kept alive, never closed here, because closing an
# SQLite connection copied by fork can checkpoint and remove the parent's journal.
_PARENT_LINKER: list[object] = []


@dataclass(frozen=True, slots=True)
class SerializedGraph:
    """A graph as it crosses a process boundary: N-Triples bytes instead of term objects."""

    doc_id: str
    graph_iri: str
    ntriples: bytes
    content_hash: str | None
    speech_acts: int
    triples: int

    @classmethod
    def of(cls, graph: BuiltGraph) -> SerializedGraph:
        body = NTriples.of(graph.triples)  # the mapping's own text: nothing to serialise
        return cls(
            doc_id=graph.doc_id,
            graph_iri=graph.graph_iri,
            ntriples=body.ntriples,
            content_hash=graph.content_hash,
            speech_acts=graph.speech_acts,
            triples=len(body),
        )

    def built(self) -> BuiltGraph:
        # the text goes to the sink as it came; parsed only if a sink asks for term objects
        return BuiltGraph(
            doc_id=self.doc_id,
            graph_iri=self.graph_iri,
            triples=NTriples(self.ntriples, self.triples),
            content_hash=self.content_hash,
            speech_acts=self.speech_acts,
        )


def chunked(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Lists of ``size`` items (the last may be shorter), drawn lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def build_chunk(builder: Builder, documents: list[Document], *, batch_size: int) -> list[SerializedGraph | Skipped]:
    """Builds ``documents``: one result per document, a graph or the reason it was skipped."""
    results: list[SerializedGraph | Skipped] = []
    for graph in builder.graphs(documents, batch_size=batch_size, on_skip=results.append):
        results.append(SerializedGraph.of(graph))
    return results


def _die_with_parent(parent: int) -> None:
    """Asks Linux to end this worker when the parent dies (a killed build must not leave workers
    behind, waiting forever for chunks that will never come)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not glibc/musl: the worker then ends at its next read
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _init_worker(config: BuilderConfig, parent: int) -> None:
    _die_with_parent(parent)
    # Ctrl-C reaches the whole process group; the parent alone decides to stop the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # a forked worker inherits the CLI's SIGTERM handler; here SIGTERM must simply end the process
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    global _WORKER
    inherited = _INHERITED
    if inherited is not None:
        if not inherited.custom_linker:
            _PARENT_LINKER.append(inherited.linker)
            inherited.linker = inherited.make_linker()
        _WORKER = inherited
    else:
        _WORKER = Builder.from_config(config)


def _work(documents: list[Document], batch_size: int) -> list[SerializedGraph | Skipped]:
    if _WORKER is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker not initialised")
    return build_chunk(_WORKER, documents, batch_size=batch_size)


def _context(builder: Builder) -> multiprocessing.context.BaseContext:
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    if builder.custom_nlp or builder.custom_linker:
        raise ExtractionError(
            "a builder with an injected pipeline or linker can only run in forked workers",
            hint="use workers=1, or build the Builder from its model name",
        )
    return multiprocessing.get_context("spawn")


class _PoolGraphs:
    """The iterator :func:`parallel_graphs` returns; ``close`` stops the workers at once."""

    def __init__(
        self,
        builder: Builder,
        documents: Iterable[Document],
        *,
        workers: int,
        chunk_size: int,
        batch_size: int,
        on_skip: Callable[[Skipped], None],
    ) -> None:
        global _INHERITED
        context = _context(builder)
        self._on_skip = on_skip
        self._chunks = chunked(documents, chunk_size)
        self._batch_size = batch_size
        self._window = 2 * workers + 1
        self._inflight: deque[Future[list[SerializedGraph | Skipped]]] = deque()
        _INHERITED = builder if context.get_start_method() == "fork" else None
        try:
            self._pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=_init_worker,
                initargs=(builder.config, os.getpid()),
            )
            self._fill()  # with fork, the workers start here, while _INHERITED is set
        finally:
            _INHERITED = None
        self._iterator = self._results()

    def _fill(self) -> None:
        while len(self._inflight) < self._window:
            chunk = next(self._chunks, None)
            if chunk is None:
                return
            self._inflight.append(self._pool.submit(_work, chunk, self._batch_size))

    def _results(self) -> Iterator[BuiltGraph]:
        while self._inflight:
            future = self._inflight.popleft()
            try:
                results = future.result()
            except BrokenProcessPool as exc:
                raise ExtractionError(
                    "a worker process died (out of memory, or killed)", hint="rerun the same command to resume"
                ) from exc
            self._fill()
            for result in results:
                if isinstance(result, Skipped):
                    self._on_skip(result)
                else:
                    yield result.built()

    def __iter__(self) -> Iterator[BuiltGraph]:
        return self

    def __next__(self) -> BuiltGraph:
        return next(self._iterator)

    def close(self) -> None:
        """Cancels what is queued and stops the workers (also mid-build, e.g. on Ctrl-C)."""
        self._iterator.close()
        for future in self._inflight:
            future.cancel()
        finished = not self._inflight
        self._inflight.clear()
        if not finished:
            # a worker busy with a chunk would otherwise delay an interrupted build until it ends
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)


def parallel_graphs(
    builder: Builder,
    documents: Iterable[Document],
    *,
    workers: int,
    chunk_size: int | None = None,
    batch_size: int = 16,
    on_skip: Callable[[Skipped], None],
) -> _PoolGraphs:
    """The graphs of ``documents`` built in ``workers`` processes, yielded in input order.

    Skipped documents go to ``on_skip`` at their place in the order. Call ``close()`` on the
    result to stop the workers early.
    """
    return _PoolGraphs(
        builder,
        documents,
        workers=workers,
        chunk_size=chunk_size or DEFAULT_CHUNK_SIZE,
        batch_size=min(batch_size, chunk_size or DEFAULT_CHUNK_SIZE),
        on_skip=on_skip,
    )
