"""Extraction on a Dask cluster: ``newskg build --dask ADDRESS|local``.

The client reads the corpus (streaming), skips documents the sink already holds unchanged, and
submits partitions of documents as tasks. Each task, on a Dask worker, builds its partition with
a :class:`~newskg.builder.document_builder.Builder` (made once per worker process from the
:class:`~newskg.builder.document_builder.BuilderConfig`) and writes one N-Quads shard into the shard
directory. The client then loads each shard into the target sink graph by graph, in input order,
each graph replaced atomically (the sink's ``put_graph``), so the result is the graph a local
build gives, an interrupted load resumes like any build, and every sink works: an embedded
store, a file, a remote SPARQL store.

The shard directory must be reachable at the same path by the workers and the client (a local
directory for ``local``, a shared file system for a cluster of machines). Shards are kept when
the directory is given, and removed with their temporary directory otherwise.

At most ``2 * workers + 1`` partitions are in flight, so memory stays flat on the client.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import uuid
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import NamedNode, RdfFormat, Triple

from ..errors import ExtractionError, StoreError
from .corpus import Skipped
from .document_builder import Builder, BuilderConfig, BuiltGraph
from .facts import Document
from .ntriples import NTriples
from .parallel import chunked

__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "ShardEntry",
    "ShardResult",
    "build_shard",
    "dask_graphs",
    "read_shard",
    "shard_bodies",
]

log = logging.getLogger(__name__)

#: Documents per Dask task (one shard each).
DEFAULT_PARTITION_SIZE = 8

# One builder per worker process and configuration: loading the pipeline costs seconds.
_BUILDERS: dict[BuilderConfig, Builder] = {}


@dataclass(frozen=True, slots=True)
class ShardEntry:
    """A document graph written to a shard."""

    doc_id: str
    graph_iri: str
    content_hash: str | None
    speech_acts: int
    triples: int


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What a task reports: its shard and, in input order, each document's graph or skip."""

    shard: str
    entries: tuple[ShardEntry | Skipped, ...]


def _builder_for(config: BuilderConfig) -> Builder:
    builder = _BUILDERS.get(config)
    if builder is None:
        builder = _BUILDERS[config] = Builder.from_config(config)
    return builder


def build_shard(config: BuilderConfig, documents: list[Document], shard: str, batch_size: int = 16) -> ShardResult:
    """Builds ``documents`` into the N-Quads file ``shard`` (runs on a Dask worker).

    The shard is written beside its final name and renamed, so a shard that exists is whole.
    """
    builder = _builder_for(config)
    entries: list[ShardEntry | Skipped] = []
    parts: list[bytes] = []
    for graph in builder.graphs(documents, batch_size=batch_size, on_skip=entries.append):
        body = NTriples.of(graph.triples)
        parts.append(body.nquads(graph.graph_iri))  # the bytes pyoxigraph writes for these quads
        entries.append(ShardEntry(graph.doc_id, graph.graph_iri, graph.content_hash, graph.speech_acts, len(body)))
    target = Path(shard)
    partial = target.with_name(f".{target.name}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(b"".join(parts))
        os.replace(partial, target)
    except OSError as exc:
        raise StoreError(f"cannot write shard: {exc}", where=str(target)) from exc
    return ShardResult(shard=str(target), entries=tuple(entries))


def read_shard(path: str | Path) -> dict[str, list[Triple]]:
    """The triples of each graph in an N-Quads shard."""
    graphs: dict[str, list[Triple]] = {}
    try:
        for quad in pyoxigraph.parse(path=str(path), format=RdfFormat.N_QUADS):
            name = quad.graph_name
            key = name.value if isinstance(name, NamedNode) else ""
            graphs.setdefault(key, []).append(Triple(quad.subject, quad.predicate, quad.object))
    except (OSError, SyntaxError) as exc:
        raise StoreError(f"cannot read shard: {exc}", where=str(path)) from exc
    return graphs


def shard_bodies(path: str | Path, entries: Iterable[ShardEntry]) -> dict[str, Sequence[Triple]]:
    """The graphs of a shard :func:`build_shard` wrote, as N-Triples text cut out of it without
    parsing (the graphs lie in the shard in the order of ``entries``, each line ending in its
    graph). A shard that does not read that way is parsed (:func:`read_shard`)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise StoreError(f"cannot read shard: {exc}", where=str(path)) from exc
    graphs: dict[str, Sequence[Triple]] = {}
    start = 0
    for entry in entries:
        suffix = f" {NamedNode(entry.graph_iri)} .\n".encode()
        end = data.find(suffix, start)
        last = data.rfind(suffix, start)
        if end < 0 or start != data.rfind(b"\n", 0, end) + 1:  # the graph must start where the last one ended
            return dict(read_shard(path))
        end = last + len(suffix)
        chunk = data[start:end]
        if chunk.count(b"\n") != entry.triples or chunk.count(suffix) != entry.triples:
            return dict(read_shard(path))
        graphs[entry.graph_iri] = NTriples(chunk.replace(suffix, b" .\n"), entry.triples)
        start = end
    if start != len(data):
        return dict(read_shard(path))
    return graphs


def _client(address: str, workers: int) -> tuple[Any, Any]:
    """A Dask client for ``address`` (``local``: a LocalCluster of ``workers`` processes)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ExtractionError("dask.distributed is not installed", hint="pip install 'dask[distributed]'") from exc
    if not log.isEnabledFor(logging.DEBUG):
        # Dask narrates every worker start and stop at INFO; a build's stderr is for its own problems
        logging.getLogger("distributed").setLevel(logging.WARNING)
    if address == "local":
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs={"dashboard": False},
            silence_logs=logging.WARNING,
        )
        return Client(cluster), cluster
    try:
        return Client(address, timeout="15s"), None
    except (OSError, TimeoutError) as exc:
        raise StoreError(f"cannot reach the Dask scheduler: {exc}", where=address) from exc


class _DaskGraphs:
    """The iterator :func:`dask_graphs` returns; ``close`` cancels tasks and stops a local cluster."""

    def __init__(
        self,
        builder: Builder,
        documents: Iterable[Document],
        *,
        address: str,
        workers: int,
        shard_dir: Path | None,
        partition_size: int,
        batch_size: int,
        on_skip: Callable[[Skipped], None],
    ) -> None:
        if builder.custom_nlp or builder.custom_linker:
            raise ExtractionError(
                "a builder with an injected pipeline or linker cannot be sent to a Dask cluster",
                hint="make the Builder from its model name, or build without --dask",
            )
        self._config = builder.config
        self._on_skip = on_skip
        self._batch_size = batch_size
        self._keep_shards = shard_dir is not None
        self._shard_dir = Path(shard_dir) if shard_dir is not None else Path(tempfile.mkdtemp(prefix="newskg-shards-"))
        self._shard_dir.mkdir(parents=True, exist_ok=True)
        self._run = uuid.uuid4().hex[:8]  # shards of two builds into one directory never collide
        self._partitions = chunked(documents, partition_size)
        self._count = 0
        self._client, self._cluster = _client(address, workers)
        self._window = 2 * max(1, len(self._client.scheduler_info().get("workers", {})) or workers) + 1
        self._inflight: deque[Any] = deque()
        self._iterator = self._results()

    def _fill(self) -> None:
        while len(self._inflight) < self._window:
            partition = next(self._partitions, None)
            if partition is None:
                return
            shard = self._shard_dir / f"shard-{self._run}-{self._count:06d}.nq"
            self._count += 1
            self._inflight.append(
                self._client.submit(build_shard, self._config, partition, str(shard), self._batch_size, pure=False)
            )

    def _results(self) -> Generator[BuiltGraph, None, None]:
        self._fill()
        while self._inflight:
            future = self._inflight.popleft()
            try:
                result: ShardResult = future.result()
            except Exception as exc:  # a task's error arrives re-raised from the worker
                if isinstance(exc, StoreError | ExtractionError):
                    raise
                raise ExtractionError(f"a Dask task failed: {type(exc).__name__}: {exc}") from exc
            self._fill()
            graphs = shard_bodies(result.shard, (e for e in result.entries if isinstance(e, ShardEntry)))
            for entry in result.entries:
                if isinstance(entry, Skipped):
                    self._on_skip(entry)
                    continue
                yield BuiltGraph(
                    doc_id=entry.doc_id,
                    graph_iri=entry.graph_iri,
                    triples=graphs.get(entry.graph_iri, []),
                    content_hash=entry.content_hash,
                    speech_acts=entry.speech_acts,
                )
            if not self._keep_shards:
                Path(result.shard).unlink(missing_ok=True)

    def __iter__(self) -> Iterator[BuiltGraph]:
        return self

    def __next__(self) -> BuiltGraph:
        return next(self._iterator)

    def close(self) -> None:
        """Cancels pending tasks, closes the client (and a local cluster), removes temporary shards."""
        self._iterator.close()
        if self._inflight:
            self._client.cancel(list(self._inflight))
            self._inflight.clear()
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        if not self._keep_shards:
            shutil.rmtree(self._shard_dir, ignore_errors=True)


def dask_graphs(
    builder: Builder,
    documents: Iterable[Document],
    *,
    address: str,
    workers: int = 2,
    shard_dir: Path | None = None,
    chunk_size: int | None = None,
    batch_size: int = 16,
    on_skip: Callable[[Skipped], None],
) -> _DaskGraphs:
    """The graphs of ``documents`` built on the Dask cluster at ``address`` (``local``: a
    LocalCluster of ``workers`` single-threaded processes), yielded in input order.

    ``chunk_size`` is the partition size (documents per task and shard). Call ``close()`` on the
    result when done: it releases the client and the cluster.
    """
    return _DaskGraphs(
        builder,
        documents,
        address=address,
        workers=workers,
        shard_dir=shard_dir,
        partition_size=chunk_size or DEFAULT_PARTITION_SIZE,
        batch_size=batch_size,
        on_skip=on_skip,
    )
