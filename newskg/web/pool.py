"""Query workers: processes that open the store read-only and can be killed when a query runs too long.

Oxigraph cannot interrupt a query it is evaluating: a thread that stops waiting leaves the engine
busy on a core until it finishes. A long-running server therefore does every piece of store work
(a page's queries, a SPARQL request) in one of a fixed number of worker processes, each with its
own read-only view of the store (:meth:`pyoxigraph.Store.read_only`):

- at most ``size`` jobs run at once; a request that finds every worker busy waits ``wait``
  seconds for one, then is refused (:class:`Busy`, a 503 for the web app), so requests never pile up;
- a job that has not answered after its time limit is abandoned and its process killed (the core
  it held is free at once) and replaced (:class:`TimedOut`);
- a job is a function of this package called by name with keyword arguments, and returns plain
  picklable data: the rendering stays in the server process.

The store is read as it was when the workers opened it (a snapshot): restart the server to see a
build made since.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import multiprocessing
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from newskg.errors import NewsKGError, QueryError, StoreError

__all__ = ["Busy", "JobFailed", "QueryPool", "TimedOut"]

logger = logging.getLogger("newskg.web")


class Busy(StoreError):
    """Every query worker stayed busy for as long as a request may wait."""


class TimedOut(QueryError):
    """A job ran past its time limit; its worker was killed."""


class JobFailed(NewsKGError):
    """A job raised something other than a newskg error (a bug): the message names it."""


def _error_classes() -> dict[str, type[NewsKGError]]:
    """The errors a job may raise, by class name: the child sends the name, the parent raises the class."""
    from newskg.errors import InputError
    from newskg.web.protocol import NotAcceptable, ResultTooLarge, UpdateRefused

    classes: list[type[NewsKGError]] = [QueryError, StoreError, InputError, NotAcceptable, ResultTooLarge,
                                        UpdateRefused]
    return {cls.__name__: cls for cls in classes}


def _worker_main(conn: Connection, store_path: str) -> None:  # pragma: no cover - runs in the child
    """The child's loop: open the store, then answer jobs until the pipe closes."""
    import importlib

    from newskg.web import jobs

    try:
        context = jobs.open_context(store_path)
        jobs.warm(context)
    except BaseException as exc:  # told to the parent, which reports it
        conn.send(("error", type(exc).__name__, str(exc)))
        return
    conn.send(("ready",))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        module_name, name, kwargs = message
        try:
            function = getattr(importlib.import_module(module_name), name)
            conn.send(("ok", function(context, **kwargs)))
        except NewsKGError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
        except Exception as exc:  # a bug in a job: reported, the worker keeps serving
            logging.getLogger("newskg.web").exception("job %s failed", name)
            conn.send(("error", "", f"{type(exc).__name__}: {exc}"))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection


class QueryPool:
    """``size`` worker processes over the store at ``store_path``.

    >>> pool = QueryPool("newskg-store", size=2)     # doctest: +SKIP
    >>> pool.start()                                 # doctest: +SKIP
    >>> pool.call("newskg.web.jobs", "overview", timeout=10)  # doctest: +SKIP
    """

    def __init__(self, store_path: str | Path, *, size: int = 2, wait: float = 2.0) -> None:
        if size < 1:
            raise ValueError(f"a pool needs at least one worker, not {size}")
        self.store_path = str(store_path)
        self.size = size
        self.wait = wait
        self._context = multiprocessing.get_context("spawn")
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._available = threading.Semaphore(0)
        self._closed = False
        self._gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )
        self._threads = ThreadPoolExecutor(max_workers=size, thread_name_prefix="newskg-query")
        self.killed = 0

    # -- life cycle -------------------------------------------------------------------------
    def _spawn(self) -> _Worker:
        return self._ready(self._launch())

    def _launch(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(child, self.store_path), name="newskg-query-worker", daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _ready(self, worker: _Worker) -> _Worker:
        """Waits for a launched worker to have opened the store (and warmed its corpus-wide answers)."""
        process, parent = worker.process, worker.conn
        if not parent.poll(120):
            process.kill()
            raise StoreError("a query worker did not start within 120 s", where=self.store_path)
        first = parent.recv()
        if first[0] != "ready":
            process.join(5)
            raise StoreError(f"a query worker could not open the store: {first[2]}", where=self.store_path)
        return worker

    def start(self) -> None:
        """Starts the workers, together (each opens the store and computes the corpus-wide answers);
        raises :class:`StoreError` when one cannot."""
        launched = [self._launch() for _ in range(self.size)]
        try:
            for worker in launched:
                self._ready(worker)
        except BaseException:
            for worker in launched:
                worker.process.kill()
                worker.process.join(5)
            raise
        for worker in launched:
            with self._lock:
                self._all.append(worker)
                self._idle.append(worker)
            self._available.release()
        logger.info("%d query workers on %s", self.size, self.store_path)

    def close(self) -> None:
        """Stops every worker (idempotent)."""
        with self._lock:
            self._closed = True
            workers, self._all, self._idle = self._all, [], []
        self._threads.shutdown(wait=False)
        for worker in workers:
            worker.conn.close()
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(2)

    def __enter__(self) -> QueryPool:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- jobs -------------------------------------------------------------------------------
    def _acquire(self) -> _Worker:
        if self._closed:
            raise StoreError("the query workers are stopped", where=self.store_path)
        if not self._available.acquire(timeout=self.wait):
            raise Busy(
                f"all {self.size} query workers stayed busy for {self.wait:g} s",
                hint="try again in a moment, or start the server with more --workers",
            )
        with self._lock:
            return self._idle.pop()

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                return
            self._idle.append(worker)
        self._available.release()

    def _replace(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        self.killed += 1
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        if self._closed:
            return
        fresh = self._spawn()
        with self._lock:
            self._all.append(fresh)
        self._release(fresh)

    def call(self, module: str, name: str, /, *, timeout: float, **kwargs: Any) -> Any:
        """Runs ``module.name(context, **kwargs)`` in a worker and returns its result.

        Raises :class:`Busy` when no worker frees up in time, :class:`TimedOut` (the worker is
        killed and replaced) when the job takes longer than ``timeout`` seconds, and the job's own
        :class:`QueryError` or :class:`StoreError` when it raises one.
        """
        worker = self._acquire()
        started = time.monotonic()
        try:
            worker.conn.send((module, name, kwargs))
            if not worker.conn.poll(timeout):
                raise TimedOut(
                    f"{name} ran out of time after {timeout:g} s",
                    hint="narrow the query (a parameter, a LIMIT) or start the server with a longer --timeout",
                )
            reply = worker.conn.recv()
        except TimedOut:
            logger.warning("killing a query worker: %s ran for more than %g s", name, timeout)
            self._replace(worker)
            raise
        except (EOFError, OSError, BrokenPipeError) as exc:
            logger.error("a query worker died during %s: %s", name, exc)
            self._replace(worker)
            raise StoreError(f"the query worker died during {name}", where=self.store_path) from exc
        self._release(worker)
        logger.debug("%s answered in %.3f s", name, time.monotonic() - started)
        if reply[0] == "ok":
            return reply[1]
        _, kind, message = reply
        error = _error_classes().get(kind)
        if error is None:
            raise JobFailed(message, where=name)
        raise error(message)

    async def run(self, module: str, name: str, /, *, timeout: float, **kwargs: Any) -> Any:
        """:meth:`call` from the event loop: a request first waits (at most ``wait`` seconds) for a
        turn among ``size`` at once, so waiting requests hold no thread; the call runs in a thread."""
        loop = asyncio.get_running_loop()
        gate = self._gates.get(loop)
        if gate is None:
            gate = self._gates[loop] = asyncio.Semaphore(self.size)
        try:
            await asyncio.wait_for(gate.acquire(), self.wait)
        except TimeoutError:
            raise Busy(
                f"all {self.size} query workers stayed busy for {self.wait:g} s",
                hint="try again in a moment, or start the server with more --workers",
            ) from None
        try:
            call = functools.partial(self.call, module, name, timeout=timeout, **kwargs)
            return await loop.run_in_executor(self._threads, call)
        finally:
            gate.release()
