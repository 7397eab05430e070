"""Extraction in worker processes: ``newskg build --workers N``.

Each worker holds a :class:`~newskg.builder.document_builder.Builder` and turns a chunk of documents into
mapped graphs, sent back as N-Triples bytes with their content hash; the parent writes them to
the sink in input order, so the store ends up exactly as a one-worker build leaves it.

Why a pool of builders rather than spaCy's ``nlp.pipe(n_process=N)``: with ``n_process`` only the
statistical model runs in the children; every Doc comes back serialised (user data through
msgpack) and the newskg components, linking and mapping still run one after the other in the
parent, which then caps the speed-up. Here the whole read -> map chain runs in the workers and
the parent only hands the N-Triples text the mapping wrote to the sink.

Why not ``concurrent.futures.ProcessPoolExecutor``: its workers share one result pipe, read by a
manager thread of the parent, and the parent holds that pipe's write end too. A worker stopped
half-way through sending a result (Ctrl-C stops the pool; the kernel kills a worker out of
memory) leaves the manager thread waiting for the rest of the message forever, and the build
hung in ``shutdown`` (issue 14: 3 of 15 interrupted 2-worker builds). Here each worker has its
own pipe, which only that worker can write to: when it dies, a read of it ends (EOF) instead of
waiting; there is no thread to wait for, and stopping the pool is killing the workers and
reaping them, with bounded joins.

Workers are forked where the platform allows it, so they share the pipeline the parent already
loaded (no second model load per worker); each opens its own link cache, since an SQLite
connection must not cross a fork. Elsewhere they are spawned and load the pipeline from the
:class:`~newskg.builder.document_builder.BuilderConfig`. A worker has one chunk at a time, and at most
``2 * workers + 1`` chunks are in flight or waiting for their turn to be written, so a corpus of
any size streams with flat memory.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from ..errors import ExtractionError
from .corpus import Skipped
from .document_builder import Builder, BuilderConfig, BuiltGraph
from .facts import Document
from .ntriples import NTriples

__all__ = ["DEFAULT_CHUNK_SIZE", "SerializedGraph", "build_chunk", "parallel_graphs", "chunked"]

log = logging.getLogger(__name__)

#: Documents per task: small enough that the last chunks keep every worker busy, large enough
#: for spaCy's batching (measured: batches of 2 cost ~15 % more CPU than 4, 8 or 16, which cost
#: the same within noise).
DEFAULT_CHUNK_SIZE = 4

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
#: Seconds a worker is given to end by itself (after its last chunk) or on SIGTERM, before SIGKILL.
_JOIN_SECONDS = 5.0
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}

# The parent's linker in a forked worker: kept alive, never closed here, because closing an
# SQLite connection copied by fork can checkpoint and remove the parent's journal.
_PARENT_LINKER: list[object] = []

_DIED = "a worker process died (out of memory, or killed)"
_RESUME = "rerun the same command to resume"


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


def _worker_builder(inherited: Builder | None, config: BuilderConfig) -> Builder:
    if inherited is None:
        builder = Builder.from_config(config)
        builder.settle()  # a spawned worker builds until it is told to stop
        return builder
    if not inherited.custom_linker:
        _PARENT_LINKER.append(inherited.linker)
        inherited.linker = inherited.make_linker()
    return inherited


def _worker_main(
    inherited: Builder | None, config: BuilderConfig, parent: int, conn: Connection, others: list[Connection]
) -> None:
    """A worker's life: build each chunk the parent sends, send back the results, until told to
    stop (``None``) or the parent is gone. ``inherited`` is the parent's builder when forked, and
    ``others`` the parent's ends of the pipes of the workers forked before this one."""
    # Ctrl-C reaches the whole process group; the parent alone decides to stop the pool. A forked
    # worker also inherits the CLI's SIGTERM handler; here SIGTERM must simply end the process.
    # Both signals were blocked by the parent around the start, so none lands before this point.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    _die_with_parent(parent)
    for other in others:  # only the parent may hold them, or a dead parent would go unnoticed
        other.close()
    try:
        builder = _worker_builder(inherited, config)
    except Exception as exc:  # e.g. a spawned worker that cannot load the model
        conn.send((-1, None, f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        number, documents, batch_size = task
        try:
            # a module attribute looked up per chunk, so tests can replace it
            results = build_chunk(builder, documents, batch_size=batch_size)
            reply: tuple[int, object, str | None] = (number, results, None)
        except Exception as exc:  # build_chunk reports bad documents itself: this is a bug
            log.debug("chunk %d failed", number, exc_info=True)
            reply = (number, None, f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (BrokenPipeError, ConnectionResetError):  # the parent stopped the pool
            return
        except Exception as exc:  # results that cannot be pickled: nothing was written yet
            conn.send((number, None, f"cannot send the results: {type(exc).__name__}: {exc}"))


def _context(builder: Builder) -> multiprocessing.context.BaseContext:
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    if builder.custom_nlp or builder.custom_linker:
        raise ExtractionError(
            "a builder with an injected pipeline or linker can only run in forked workers",
            hint="use workers=1, or build the Builder from its model name",
        )
    return multiprocessing.get_context("spawn")


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection  # the parent's end of this worker's own pipe
    chunk: int | None = None  # the number of the chunk it is building, None when idle


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
        self._on_skip = on_skip
        self._chunks = chunked(documents, chunk_size)
        self._batch_size = batch_size
        self._window = 2 * workers + 1
        self._sent = 0  # chunks handed to a worker so far (chunk numbers count from 0)
        self._next = 0  # the chunk whose results come next, in input order
        self._done: dict[int, list[SerializedGraph | Skipped]] = {}
        self._exhausted = False
        self._closed = False
        self._workers: list[_Worker] = []
        self._iterator = self._results()
        self._start(builder, workers)

    def _start(self, builder: Builder, workers: int) -> None:
        context = _context(builder)
        forked = context.get_start_method() == "fork"
        inherited = builder if forked else None
        # a stop signal landing between a fork and the worker's own signal setup would raise in
        # the worker (a traceback) or kill it: the parent defers them around the starts
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            for _ in range(workers):
                parent_end, child_end = context.Pipe(duplex=True)
                process = context.Process(  # type: ignore[attr-defined]
                    target=_worker_main,
                    args=(
                        inherited,
                        builder.config,
                        os.getpid(),
                        child_end,
                        [worker.conn for worker in self._workers] if forked else [],
                    ),
                    name="newskg-worker",
                    daemon=True,
                )
                try:
                    process.start()
                finally:
                    # the worker's end lives in the worker only: its death is then an EOF here
                    child_end.close()
                self._workers.append(_Worker(process, parent_end))
        except BaseException:
            self.close()
            raise
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)

    # -- handing out chunks, collecting results -----------------------------------------------
    def _dispatch(self) -> None:
        """Gives each idle worker the next chunk, within the window."""
        for worker in self._workers:
            if self._exhausted:
                return
            if worker.chunk is not None or self._sent - self._next >= self._window:
                continue
            chunk = next(self._chunks, None)
            if chunk is None:
                self._exhausted = True
                return
            try:
                worker.conn.send((self._sent, chunk, self._batch_size))
            except OSError as exc:  # the worker died while idle
                raise ExtractionError(_DIED, hint=_RESUME) from exc
            worker.chunk = self._sent
            self._sent += 1

    def _collect(self, timeout: float | None) -> None:
        """Receives what the workers finished, waiting up to ``timeout`` seconds for a first result."""
        busy = [worker for worker in self._workers if worker.chunk is not None]
        if not busy:
            return
        waiting = {worker.conn: worker for worker in busy}
        sentinels = {worker.process.sentinel: worker for worker in busy}
        ready = wait([*waiting, *sentinels], timeout)
        for handle in ready:
            if handle in waiting:
                self._receive(waiting[handle])
        for handle in ready:
            worker = sentinels.get(handle) if isinstance(handle, int) else None  # a sentinel, not a pipe
            if worker is not None and worker.chunk is not None:
                self._receive(worker)  # ended: its result, or EOF (never blocks: its end is closed)

    def _receive(self, worker: _Worker) -> None:
        try:
            number, results, error = worker.conn.recv()
        except (EOFError, OSError) as exc:  # died, also half-way through sending
            raise ExtractionError(_DIED, hint=_RESUME) from exc
        if error is not None:
            raise ExtractionError(f"a worker failed: {error}")
        self._done[number] = results
        worker.chunk = None

    def _results(self) -> Generator[BuiltGraph, None, None]:
        while True:
            self._dispatch()
            if self._next not in self._done:
                if self._exhausted and self._next == self._sent:
                    return
                self._collect(timeout=None)
                continue
            results = self._done.pop(self._next)
            self._next += 1
            for result in results:
                if isinstance(result, Skipped):
                    self._on_skip(result)
                else:
                    yield result.built()
                    # keep the workers busy while the caller writes what it was given
                    self._collect(timeout=0)
                    self._dispatch()

    def __iter__(self) -> Iterator[BuiltGraph]:
        return self

    def __next__(self) -> BuiltGraph:
        return next(self._iterator)

    # -- stopping -----------------------------------------------------------------------------
    def close(self) -> None:
        """Stops the workers: at once when interrupted mid-build (e.g. on Ctrl-C), after their
        last chunk otherwise. Never waits on a pipe, and every wait is bounded."""
        if self._closed:
            return
        self._closed = True
        self._iterator.close()
        finished = self._exhausted and self._next == self._sent
        for worker in self._workers:
            if finished:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)  # an idle worker reads it at once
            elif worker.process.is_alive():
                worker.process.terminate()  # SIGTERM: the default action in a worker, so it ends now
        for worker in self._workers:
            worker.process.join(_JOIN_SECONDS)
            if worker.process.exitcode is None:
                log.debug("worker %s did not end: killing it", worker.process.pid)
                worker.process.kill()
                worker.process.join(_JOIN_SECONDS)
            worker.conn.close()
        self._workers.clear()
        self._done.clear()


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
