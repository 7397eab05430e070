"""Loading a built file into the embedded store (``newskg load FILE --into DIR``).

Two paths, chosen by what the target holds:

* **Bulk** (the target is new, or holds no document graph yet): Oxigraph's bulk loader writes
  sorted index files straight to disk, bypassing transactions. An N-Quads file is cut at line
  boundaries into pieces that load in parallel threads (the loader releases the GIL, and a piece
  of its work is single-threaded, so several pieces keep both cores busy). The load goes into a
  staging directory beside the target, which replaces the target only once everything is in: an
  interrupted or failed load leaves the target as it was, and a rerun starts clean.
* **Incremental** (the target already holds documents): graph by graph, exactly as a build writes
  them (``DROP`` + ``INSERT DATA`` in one transaction per graph); a graph whose ``nk:contentHash``
  the store already holds is skipped unless ``force``, so a rerun resumes.

Either way only named graphs are loaded (as ``newskg load`` does for servers): default-graph
triples are counted and left out.

>>> import tempfile, pathlib
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> _ = (tmp / "a.nq").write_text(
...     '<https://ex.org/s> <https://ex.org/p> "o" <https://ex.org/g> .\\n', encoding="utf-8")
>>> summary = load_into(tmp / "a.nq", tmp / "store", with_ontology=False)
>>> summary.loaded, summary.triples, summary.mode
(1, 1, 'bulk')
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import BlankNode, DefaultGraph, NamedNode, RdfFormat, Store

from ..errors import InputError, NewsKGError, StoreError
from .failures import store_failure
from .loading import CONTENT_HASH, ONTOLOGY_GRAPH, LoadEvent, LoadSummary, put_graphs
from .seal import read_seal

__all__ = ["BulkSummary", "DEFAULT_PIECE_BYTES", "default_threads", "load_into"]

log = logging.getLogger(__name__)

#: Upper bound of one parallel piece: memory stays near threads x this, whatever the file's size.
DEFAULT_PIECE_BYTES = 64 * 1024 * 1024
_LINE = re.compile(r"\bline (\d+)")


def default_threads() -> int:
    """Loader threads: two per core, measured faster than one per core on 2 cores (the loader
    alternates single-threaded parsing with sorting, and two pieces per core keep both busy)."""
    return 2 * (os.cpu_count() or 1)


@dataclass
class BulkSummary(LoadSummary):
    """A :class:`LoadSummary` that also says which path the load took (``bulk`` or ``incremental``)."""

    mode: str = "bulk"
    #: "full" (Oxigraph validated every IRI and language tag), "seal" (a file newskg wrote, its
    #: digest checked instead) or "none" (``lenient``)
    validation: str = "full"

    def __str__(self) -> str:
        checked = {"seal": "; newskg seal verified", "none": "; not validated"}.get(self.validation, "")
        return f"{super().__str__()} ({self.mode}{checked})"


def load_into(
    source: str | Path,
    target: str | Path,
    *,
    force: bool = False,
    with_ontology: bool = True,
    threads: int | None = None,
    lenient: bool = False,
    piece_bytes: int = DEFAULT_PIECE_BYTES,
    progress: Callable[[LoadEvent], None] | None = None,
) -> BulkSummary:
    """Loads the named graphs of ``source`` (an N-Quads or TriG file, or an embedded store
    directory) into the embedded store ``target`` (created when missing).

    ``threads`` parallel pieces for N-Quads (default :func:`default_threads`); ``lenient`` skips
    Oxigraph's IRI and language-tag validation (faster, for files you trust, e.g. ones newskg
    wrote). ``force`` reloads graphs the target already holds unchanged (incremental path only).
    Raises :class:`InputError` naming ``file:line`` for invalid input (the target is then
    unchanged) and :class:`StoreError` when the target cannot be opened or written.
    """
    source, target = Path(source), Path(target)
    if not source.exists():
        raise InputError("no such file or store directory", where=str(source))
    if source.is_file() and _holds_no_documents(target):
        return _bulk(
            source,
            target,
            with_ontology=with_ontology,
            threads=threads or default_threads(),
            lenient=lenient,
            piece_bytes=piece_bytes,
            progress=progress,
        )
    return _incremental(source, target, force=force, with_ontology=with_ontology, progress=progress)


# -- choosing the path -------------------------------------------------------------------------


def _is_store_dir(path: Path) -> bool:
    return (path / "CURRENT").is_file()


def _holds_no_documents(target: Path) -> bool:
    """True when ``target`` is missing, empty, or a store with no graph but the ontology's."""
    if not target.exists():
        return True
    if not target.is_dir():
        raise StoreError("exists and is not a store directory", where=str(target))
    if not any(target.iterdir()):
        return True
    if not _is_store_dir(target):
        raise StoreError(
            "this directory is not an embedded store (no RocksDB CURRENT file)",
            where=str(target),
            hint="give a new directory or one written by newskg build/load",
        )
    store = _open(target)
    try:
        return all(getattr(g, "value", None) == ONTOLOGY_GRAPH for g in store.named_graphs())
    finally:
        del store


def _open(path: Path) -> Store:
    try:
        return Store(str(path))
    except OSError as exc:
        raise store_failure(exc, store=path, doing="cannot open the store") from exc


# -- bulk ---------------------------------------------------------------------------------------


def _format_of(path: Path) -> RdfFormat:
    name = path.name.lower()
    if name.endswith((".nq", ".nquads")):
        return RdfFormat.N_QUADS
    if name.endswith(".trig"):
        return RdfFormat.TRIG
    raise InputError(
        "cannot load this file: only TriG (.trig) and N-Quads (.nq) keep named graphs",
        where=str(path),
        hint="build with --format trig or nq, or pass --store DIR",
    )


def _pieces(path: Path, size: int) -> Iterator[tuple[int, bytes]]:
    """The file in pieces of about ``size`` bytes cut after a newline, each with its byte offset
    (N-Quads is one statement per line, so every piece parses alone)."""
    offset = 0
    with open(path, "rb") as handle:
        while True:
            piece = handle.read(size)
            if not piece:
                return
            if not piece.endswith(b"\n"):
                piece += handle.readline()
            yield offset, piece
            offset += len(piece)


def _line_at(path: Path, offset: int) -> int:
    """The number of the line starting at byte ``offset`` (read again only when a piece fails:
    counting every piece's lines as it loads cost ~0.3 s of CPU per 200 MB)."""
    lines, done = 1, 0
    with open(path, "rb") as handle:
        while done < offset:
            block = handle.read(min(1 << 24, offset - done))
            if not block:
                break
            lines += block.count(b"\n")
            done += len(block)
    return lines


def _shift_lines(message: str, first_line: int) -> str:
    return _LINE.sub(lambda m: f"line {int(m.group(1)) + first_line - 1}", message)


def _bulk(
    source: Path,
    target: Path,
    *,
    with_ontology: bool,
    threads: int,
    lenient: bool,
    piece_bytes: int,
    progress: Callable[[LoadEvent], None] | None,
) -> BulkSummary:
    started = time.monotonic()
    rdf_format = _format_of(source)
    _remove_stale_staging(target)
    staging = target.with_name(f".{target.name}.loading-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    options: dict[str, Any] = {
        "threads": threads, "lenient": lenient, "piece_bytes": piece_bytes, "with_ontology": with_ontology
    }
    try:
        allocator = _jemalloc()
        if allocator is None:
            counts = _fill(source, staging, rdf_format, **options)
        else:
            counts = _fill_in_child(source, staging, allocator, **options)
        _replace(target, staging)
    except StoreError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if exc.where != str(staging):
            raise
        # the staging directory is an implementation detail: name the store the user asked for
        raise StoreError(exc.message.replace(str(staging), str(target)), where=str(target), hint=exc.hint) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    graphs = counts["graphs"]
    if counts.get("validation") == "broken seal":
        log.warning(
            "%s: its newskg seal does not match its content (edited since?): loaded with full validation", source
        )
        counts["validation"] = "full"
    summary = BulkSummary(
        loaded=len(graphs),
        triples=counts["triples"],
        ignored_default_triples=counts["ignored"],
        validation=counts.get("validation", "full"),
    )
    summary.seconds = time.monotonic() - started
    if progress is not None:
        for done, graph in enumerate(graphs, start=1):
            progress(LoadEvent(graph, "loaded", 0, done, len(graphs)))
    log.info("%s -> %s: %s", source, target, summary)
    return summary


def _remove_stale_staging(target: Path) -> None:
    """Removes what killed loads into ``target`` left behind (their process is gone)."""
    for staging in target.parent.glob(f".{target.name}.loading-*"):
        pid = staging.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            log.info("removing %s, left by an interrupted load", staging)
            shutil.rmtree(staging, ignore_errors=True)


def _fill(
    source: Path,
    staging: Path,
    rdf_format: RdfFormat,
    *,
    threads: int,
    lenient: bool,
    piece_bytes: int,
    with_ontology: bool = True,
) -> dict:
    """Bulk-loads ``source`` (and, beside it in a thread of its own, the packaged ontology) into a
    new store at ``staging``; what it holds then, as plain data.

    A file that ends with newskg's seal (:mod:`newskg.store.seal`) loads without Oxigraph's
    validation while a thread checks its digest; if the digest no longer matches (the file was
    edited), the staging store is thrown away and the file loaded again with full validation."""
    seal = None if lenient else read_seal(source)
    options: dict[str, Any] = {"threads": threads, "piece_bytes": piece_bytes, "with_ontology": with_ontology}
    if seal is None:
        counts = _fill_once(source, staging, rdf_format, lenient=lenient, **options)
        counts["validation"] = "none" if lenient else "full"
        return counts
    with ThreadPoolExecutor(1, thread_name_prefix="newskg-seal") as checker:
        holds = checker.submit(seal.holds)
        counts = _fill_once(source, staging, rdf_format, lenient=True, **options)
        if holds.result():
            counts["validation"] = "seal"
            return counts
    shutil.rmtree(staging, ignore_errors=True)
    counts = _fill_once(source, staging, rdf_format, lenient=False, **options)
    counts["validation"] = "broken seal"  # the parent says so (a child's log goes nowhere)
    return counts


def _fill_once(
    source: Path,
    staging: Path,
    rdf_format: RdfFormat,
    *,
    threads: int,
    lenient: bool,
    piece_bytes: int,
    with_ontology: bool = True,
) -> dict:
    """One bulk load of ``source`` (see :func:`_fill`)."""
    store = _open(staging)
    ontology = _OntologyLoad(store) if with_ontology else None
    ontology_size: int | None = None
    try:
        if rdf_format == RdfFormat.N_QUADS:
            size = max(1, min(piece_bytes, -(-source.stat().st_size // threads)))
            _load_pieces(store, source, size=size, threads=threads, lenient=lenient)
        else:
            _load_whole(store, source, rdf_format, lenient=lenient)
        if ontology is not None:
            ontology_size = ontology.finish()
        ignored = _drop_unplaceable(store, source)
        graphs = sorted(g.value for g in store.named_graphs() if g.value != ONTOLOGY_GRAPH)
        if ontology_size is None:
            ontology_size = _ontology_size(store)  # an ontology graph the file brought
        counts = {"graphs": graphs, "triples": len(store) - ontology_size, "ignored": ignored}
        store.flush()
    except BaseException as exc:
        # The store closes only when its last reference goes, and the traceback's frames hold
        # one: clear them, or the caller could not remove the staging directory.
        if ontology is not None:
            ontology.thread.join()
        del store, ontology
        traceback.clear_frames(exc.__traceback__)
        if isinstance(exc, OSError) and not isinstance(exc, NewsKGError):  # a full disk, say
            raise store_failure(exc, store=staging, doing="cannot write the store") from None
        raise
    return counts


class _OntologyLoad:
    """The packaged ontology bulk-loaded into its graph while the pieces load (so queries can walk
    rdfs:subClassOf); if the source brought an ontology graph of its own, the packaged one replaces
    it, as :meth:`EmbeddedStore.ensure_ontology` would."""

    def __init__(self, store: Store) -> None:
        import threading
        from importlib import resources

        self.store = store
        # the package file itself (newskg.ontology's loader would import rdflib into the child)
        self.text = resources.files("newskg").joinpath("ontology", "newskg.ttl").read_bytes()
        self.graph = NamedNode(ONTOLOGY_GRAPH)
        self.thread = threading.Thread(target=self._load, name="newskg-bulk-ontology")
        self.thread.start()

        self.error: BaseException | None = None

    def _load(self) -> None:
        try:
            self.store.bulk_load(self.text, RdfFormat.TURTLE, to_graph=self.graph)
        except BaseException as exc:  # reported by finish(), in the loading thread, not as a thread's traceback
            self.error = exc

    def finish(self) -> int:
        """Waits for the load and puts the packaged ontology back if the source changed its graph;
        returns the size of the ontology graph."""
        self.thread.join()
        if self.error is not None:
            raise self.error
        expected = sum(1 for _ in pyoxigraph.parse(self.text, format=RdfFormat.TURTLE))
        size = _ontology_size(self.store)
        if size != expected:
            self.store.clear_graph(self.graph)
            self._load()
            size = _ontology_size(self.store)
        return size


# Oxigraph's bulk loader allocates and frees a small buffer per index key: under glibc's malloc a
# third of its CPU goes to malloc/free (perf). jemalloc cuts the load's CPU by about 30 % (measured
# on 1M quads: 9.8 s against 13.5-14.4 s), so when the library is installed (Debian libjemalloc2,
# which `make install` adds) the bulk load runs in a child process that preloads it.
_JEMALLOC_CANDIDATES = ("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2")


def _jemalloc() -> str | None:
    """The jemalloc library to preload into the loading process, or None (not installed, or
    ``NEWSKG_JEMALLOC=0``)."""
    if os.environ.get("NEWSKG_JEMALLOC", "1") == "0":
        return None
    import ctypes.util

    found = [path for path in _JEMALLOC_CANDIDATES if Path(path).is_file()]
    if found:
        return found[0]
    return ctypes.util.find_library("jemalloc")


def _fill_in_child(
    source: Path, staging: Path, allocator: str, *, threads: int, lenient: bool, piece_bytes: int, with_ontology: bool
) -> dict:
    """:func:`_fill` in ``python -m newskg.store.bulk``, with ``allocator`` preloaded."""
    import json
    import subprocess

    env = dict(os.environ, LD_PRELOAD=" ".join(filter(None, [allocator, os.environ.get("LD_PRELOAD")])))
    command = [sys.executable, "-m", __name__, str(source), str(staging), "--threads", str(threads)]
    command += ["--piece-bytes", str(piece_bytes)] + (["--lenient"] if lenient else [])
    command += [] if with_ontology else ["--no-ontology"]
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = child.communicate()
    except BaseException:
        child.kill()
        child.wait()
        raise
    try:
        answer = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    except ValueError:
        answer = {}
    if child.returncode == 0 and "graphs" in answer:
        return answer
    if "error" in answer:
        kind = InputError if answer.get("kind") == "input" else StoreError
        raise kind(answer["error"], where=answer.get("where"), hint=answer.get("hint"))
    log.debug("the loading process ended with status %s:\n%s", child.returncode, err)
    last = err.strip().splitlines()[-1:] or [f"exit status {child.returncode}"]
    raise StoreError(f"the loading process failed: {last[0]}", where=str(staging))


def _load_pieces(store: Store, source: Path, *, size: int, threads: int, lenient: bool) -> None:
    """Feeds pieces to ``threads`` loader threads, at most ``threads`` pieces in memory at once."""
    pending: list[tuple[int, Future[None]]] = []

    def wait_oldest() -> None:
        offset, future = pending.pop(0)
        try:
            future.result()
        except SyntaxError as exc:
            first_line = _line_at(source, offset)
            line = first_line + (exc.lineno or 1) - 1
            message = _shift_lines(str(exc.msg), first_line)
            raise InputError(f"not valid N-Quads: {message}", where=f"{source}:{line}") from exc

    with ThreadPoolExecutor(threads, thread_name_prefix="newskg-bulk") as pool:
        try:
            for offset, piece in _pieces(source, size):
                if len(pending) >= threads:
                    wait_oldest()
                pending.append((offset, pool.submit(store.bulk_load, piece, RdfFormat.N_QUADS, lenient=lenient)))
            while pending:
                wait_oldest()
        except BaseException:
            for _, future in pending:
                future.cancel()
            raise


def _load_whole(store: Store, source: Path, rdf_format: RdfFormat, *, lenient: bool) -> None:
    try:
        store.bulk_load(path=str(source), format=rdf_format, lenient=lenient)
    except SyntaxError as exc:
        raise InputError(f"not valid {rdf_format.name}: {exc.msg}", where=f"{source}:{exc.lineno}") from exc


def _drop_unplaceable(store: Store, source: Path) -> int:
    """Removes default-graph and blank-node-graph statements (no IRI to name them by), as a load
    into a server leaves them out; returns how many there were."""
    dropped = 0
    graphs: list[DefaultGraph | BlankNode] = [DefaultGraph()]
    graphs += [g for g in store.named_graphs() if isinstance(g, BlankNode)]
    for graph in graphs:
        count = sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
        if count:
            dropped += count
            store.remove_graph(graph) if not isinstance(graph, DefaultGraph) else store.clear_graph(graph)
    if dropped:
        log.warning("%s: %d statements outside named graphs are not loaded (only named graphs are)", source, dropped)
    return dropped


def _ontology_size(store: Store) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, NamedNode(ONTOLOGY_GRAPH)))


def _replace(target: Path, staging: Path) -> None:
    """Puts the loaded ``staging`` store in place of ``target`` (which holds no documents)."""
    old = target.with_name(f".{target.name}.replaced-{os.getpid()}")
    try:
        if target.exists():
            target.rename(old)
        staging.rename(target)
    except OSError as exc:
        if old.exists() and not target.exists():
            old.rename(target)
        raise StoreError(f"cannot put the loaded store in place: {exc}", where=str(target)) from exc
    shutil.rmtree(old, ignore_errors=True)


# -- incremental --------------------------------------------------------------------------------


def _incremental(
    source: Path,
    target: Path,
    *,
    force: bool,
    with_ontology: bool,
    progress: Callable[[LoadEvent], None] | None,
) -> BulkSummary:
    from .embedded import EmbeddedStore
    from .sources import iter_graphs, survey_graphs

    started = time.monotonic()
    survey = survey_graphs(source)
    summary = BulkSummary(ignored_default_triples=survey.default, mode="incremental")
    if survey.default:
        log.warning(
            "%s: %d statements outside named graphs are not loaded (only named graphs are)", source, survey.default
        )
    with EmbeddedStore(target, ontology=with_ontology) as store:
        stored = {} if force else _stored_hashes(store.store)
        put_graphs(
            iter_graphs(survey),
            store.put_graph,
            total=len(survey.graphs),
            stored=stored,
            summary=summary,
            progress=progress,
            keep={ONTOLOGY_GRAPH} if with_ontology else (),  # the store keeps the packaged ontology current
        )
    summary.seconds = time.monotonic() - started
    log.info("%s -> %s: %s", source, target, summary)
    return summary


def _stored_hashes(store: Store) -> dict[str, str]:
    hashes: dict[str, str] = {}
    for quad in store.quads_for_pattern(None, NamedNode(CONTENT_HASH), None, None):
        graph = quad.graph_name
        if isinstance(graph, NamedNode) and isinstance(quad.object, pyoxigraph.Literal):
            hashes[graph.value] = quad.object.value
    return hashes


def _die_with_parent() -> None:
    """Asks Linux to end this loading process when newskg dies (a killed load must not go on
    writing a staging directory nobody will use)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return


def _child_main(argv: list[str] | None = None) -> int:
    """``python -m newskg.store.bulk SOURCE STAGING``: the loading process of :func:`_fill_in_child`;
    prints one JSON line (the counts, or the error)."""
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m newskg.store.bulk", description=_fill.__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("staging", type=Path)
    parser.add_argument("--threads", type=int, default=default_threads())
    parser.add_argument("--piece-bytes", type=int, default=DEFAULT_PIECE_BYTES)
    parser.add_argument("--lenient", action="store_true")
    parser.add_argument("--no-ontology", action="store_true")
    args = parser.parse_args(argv)
    _die_with_parent()
    try:
        counts = _fill(
            args.source,
            args.staging,
            _format_of(args.source),
            threads=args.threads,
            lenient=args.lenient,
            piece_bytes=args.piece_bytes,
            with_ontology=not args.no_ontology,
        )
    except OSError as exc:  # not a NewsKGError (those are StoreErrors): said in one line too
        failure = exc if isinstance(exc, NewsKGError) else store_failure(exc, store=args.staging, doing="cannot load")
        kind = "input" if isinstance(failure, InputError) else "store"
        sys.stdout.write(
            json.dumps({"error": failure.message, "where": failure.where, "hint": failure.hint, "kind": kind}) + "\n"
        )
        return 3
    except NewsKGError as exc:
        kind = "input" if isinstance(exc, InputError) else "store"
        sys.stdout.write(json.dumps({"error": exc.message, "where": exc.where, "hint": exc.hint, "kind": kind}) + "\n")
        return 3
    sys.stdout.write(json.dumps(counts) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(_child_main())
