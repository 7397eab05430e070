"""Canned queries on corpora of growing size: the embedded store and the Oxigraph server (issue 13).

    .venv/bin/python benchmarks/bench_query.py [--sizes polnear115,polnear924,gen5000,gen5000x4]
        [--repeat 3] [--limit 1000] [--cache DIR] [--no-server] [--timeout 120]

Corpora, each built once with ``newskg build --offline --out X.nq`` and loaded with
``newskg load X.nq --into STORE`` into ``--cache`` (default ``~/.cache/newskg-bench``), rebuilt when
newskg's version or the corpus changes:

- ``polnearN``: the first N of the 924 real PolNeAR articles (``../shared/data/train``, train then
  dev, by document id), read from the shared folder, never copied into the project;
- ``genN``: N articles from ``benchmarks/corpus.py`` (invented people, real states), seed 7.
- ``genNxK``: the graphs of ``genN`` loaded K times under renamed document ids (actors shared), a
  large store without building it again (``gen5000x4``: 20,000 articles, 45.5 million quads).

Every canned query runs in full, with ``--limit`` and with ``--limit --unordered``; each time is
the median of ``--repeat`` runs in one process (one run when it takes over 10 s), rows read to the
end and converted to rdflib terms, as ``newskg query`` does. A query slower than ``--timeout`` is
cut and shown as ``>T``. The server rows are the same store served by ``oxigraph serve`` and
queried through newskg's RemoteStore (SPARQL JSON over HTTP); the ``--virtuoso-sizes`` corpora are
also loaded into a fresh Virtuoso (``newskg load``) and timed there, class walks expanded as its
preset does. Prints the growth table (seconds per query per corpus, and the ratio of the two
PolNeAR sizes, which linear growth keeps at about 8), the store's size per article (quads, bytes on
disk) and the share of quads that describe offset nodes (mentions, cues, evidence, content).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine import busy_cores

import newskg
from newskg.errors import QueryError
from newskg.queries import list_queries, stream_query
from newskg.queries.open import open_target

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED_TRAIN = ROOT.parent / "shared" / "data" / "train"
NEWSKG = Path(sys.executable).with_name("newskg")


# --------------------------------------------------------------------------- corpora


def _polnear(n: int, out: Path) -> None:
    docs = []
    for split in ("train", "dev"):
        path = SHARED_TRAIN / f"polnear_{split}_docs.jsonl"
        with open(path, encoding="utf-8") as lines:
            docs += sorted((json.loads(line) for line in lines), key=lambda d: d["doc_id"])
    if len(docs) < n:
        raise SystemExit(f"only {len(docs)} PolNeAR articles in {SHARED_TRAIN}")
    with open(out, "w", encoding="utf-8") as jsonl:
        for doc in docs[:n]:
            record = {"id": f"polnear/{doc['doc_id']}", "text": doc["text"], "published": doc.get("publication_date")}
            jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")


def _generated(n: int, out: Path) -> None:
    subprocess.run([sys.executable, str(HERE / "corpus.py"), "--articles", str(n), "--seed", "7", "--out", str(out)],
                   check=True)


def _copies(source: Path, out: Path, copies: int) -> None:
    """``copies`` times the generated corpus's N-Quads, each copy under its own document ids (its
    actors shared, as in months of news): a large store without building it again."""
    with open(out, "w", encoding="utf-8") as quads:
        for copy in range(copies):
            with open(source, encoding="utf-8") as lines:
                for line in lines:
                    if line.startswith("#"):  # newskg's seal: the copy is validated on load instead
                        continue
                    if copy:
                        line = (line.replace("/bench/", f"/bench{copy}/").replace('"bench/', f'"bench{copy}/')
                                .replace("unnamed-bench-", f"unnamed-bench{copy}-"))
                    quads.write(line)


def prepare(name: str, cache: Path) -> Path:
    """The store of corpus ``name``, built and loaded unless the cache has it for this version.

    ``polnearN`` and ``genN`` are built; ``genNxK`` is ``genN``'s graphs loaded K times (K copies)."""
    stamp = f"{newskg.__version__}:{name}"
    folder = cache / name
    store = folder / "store"
    if (folder / "stamp").exists() and (folder / "stamp").read_text() == stamp and store.is_dir():
        return store
    folder.mkdir(parents=True, exist_ok=True)
    jsonl, nq = folder / "corpus.jsonl", folder / "corpus.nq"
    if "x" in name:
        base, copies = name.split("x")
        prepare(base, cache)
        print(f"  {name}: {base} loaded {copies} times under renamed document ids ...", flush=True)
        _copies(cache / base / "corpus.nq", nq, int(copies))
    else:
        size = int("".join(c for c in name if c.isdigit()))
        (_polnear if name.startswith("polnear") else _generated)(size, jsonl)
        print(f"  building {name} ({size} articles) ...", flush=True)
        started = time.perf_counter()
        subprocess.run(
            [str(NEWSKG), "build", str(jsonl), "--offline", "--quiet", "--workers", "2", "--out", str(nq)], check=False
        )
        print(f"  built in {time.perf_counter() - started:.0f} s; loading ...", flush=True)
    if store.exists():
        subprocess.run(["rm", "-rf", str(store)], check=True)
    subprocess.run([str(NEWSKG), "load", str(nq), "--into", str(store)], check=True)
    (folder / "stamp").write_text(stamp)
    return store


# --------------------------------------------------------------------------- timing


def _time(  # type: ignore[no-untyped-def]
    target, name: str, *, limit: int | None, repeat: int, timeout: float, ordered: bool = True
) -> tuple[float | None, int]:
    """Median seconds of ``repeat`` runs (None when one ran out of time) and the row count."""
    times, count = [], 0
    for run in range(repeat):
        if run and times[0] > 10:  # a slow query is timed once: the spread is small next to it
            break
        started = time.perf_counter()
        try:
            count = sum(1 for _ in stream_query(name, target, limit=limit, timeout=timeout, ordered=ordered))
        except QueryError as exc:
            if "ran out of time" in str(exc):
                return None, count
            raise
        times.append(time.perf_counter() - started)
    return statistics.median(times), count


def measure(target, *, repeat: int, limit: int, timeout: float) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    results: dict[str, dict[str, object]] = {}
    for info in list_queries():
        full, rows = _time(target, info.name, limit=None, repeat=repeat, timeout=timeout)
        limited, _ = _time(target, info.name, limit=limit, repeat=repeat, timeout=timeout)
        first, _ = _time(target, info.name, limit=limit, repeat=repeat, timeout=timeout, ordered=False)
        results[info.name] = {"full": full, "limited": limited, "first": first, "rows": rows}
        print(f"    {info.name:<24} {_cell(full):>7} s  {rows:>8} rows   limit {limit}: {_cell(limited)} s, "
              f"unordered: {_cell(first)} s", flush=True)
    return results


def store_size(store: Path) -> dict[str, float]:
    """Quads, bytes on disk, documents, and the share of quads whose subject is an offset node."""
    import pyoxigraph as ox

    disk = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
    read = ox.Store.read_only(str(store))
    quads = len(read)
    docs = next(iter(read.query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?d a <https://w3id.org/newskg/ontology#NewsArticle> } }"
    )))["n"].value
    offsets = next(iter(read.query(
        'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o FILTER (CONTAINS(STR(?s), "#char=")) } }'
    )))["n"].value
    return {"quads": quads, "bytes": disk, "documents": int(docs), "offset_quads": int(offsets)}


def _on_virtuoso(store: Path, args: argparse.Namespace) -> dict[str, dict[str, object]]:
    """The store loaded into a fresh Virtuoso (Graph Store Protocol, graph by graph) and timed there."""
    import tempfile

    from newskg.store import servers

    with tempfile.TemporaryDirectory(prefix="newskg-bench-virtuoso-") as data:
        server = servers.start_virtuoso(data_dir=data)
        try:
            started = time.perf_counter()
            summary = newskg.load(store, server="virtuoso", url=server.url)
            print(f"  virtuoso ({server.url}): loaded {summary.loaded} graphs in "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
            with open_target(server="virtuoso", url=server.url) as remote:
                remote.timeout = args.timeout
                return measure(remote, repeat=args.repeat, limit=args.limit, timeout=args.timeout)
        finally:
            server.cleanup()


# --------------------------------------------------------------------------- report


def _cell(value: object) -> str:
    return "  >T" if value is None else f"{value:.2f}"


def report(results: dict[str, dict[str, dict[str, dict[str, object]]]], sizes: list[str], limit: int) -> None:
    for where, by_size in results.items():
        print(f"\n## {where}: seconds per canned query (median), full result\n")
        names = [info.name for info in list_queries()]
        header = "| query | " + " | ".join(sizes) + " | rows (largest) |"
        print(header + ("" if not {"polnear115", "polnear924"} <= set(sizes) else " 924/115 |"))
        print("|" + "---|" * (len(sizes) + 2 + ({"polnear115", "polnear924"} <= set(sizes))))
        present = [s for s in sizes if s in by_size]
        for name in names:
            cells = [_cell(by_size[s][name]["full"]) if s in by_size else "" for s in sizes]
            line = f"| {name} | " + " | ".join(cells) + f" | {by_size[present[-1]][name]['rows']} |"
            if {"polnear115", "polnear924"} <= set(by_size):
                small, large = by_size["polnear115"][name]["full"], by_size["polnear924"][name]["full"]
                line += f" {large / small:.1f} |" if small and large else " - |"
            print(line)
        largest = present[-1]
        print(f"\n{where}, {largest}, with --limit {limit}: " + ", ".join(
            f"{n} {_cell(by_size[largest][n]['limited'])}" for n in names))
        print(f"\n{where}, {largest}, with --limit {limit} --unordered: " + ", ".join(
            f"{n} {_cell(by_size[largest][n]['first'])}" for n in names))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="polnear115,polnear924,gen5000,gen5000x4")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                        / "newskg-bench")
    parser.add_argument("--no-server", action="store_true", help="only the embedded store")
    parser.add_argument(
        "--virtuoso-sizes",
        default="polnear115,polnear924",
        help="corpora also loaded into Virtuoso and timed there (loading is slow: keep them small; '' for none)",
    )
    args = parser.parse_args(argv)
    sizes = args.sizes.split(",")
    print(f"bench_query: cores busy with other work at the start: {busy_cores():.1f} of {os.cpu_count()}")
    results: dict[str, dict[str, dict[str, dict[str, object]]]] = {
        "embedded": {},
        "oxigraph server": {},
        "virtuoso": {},
    }
    on_virtuoso = [n for n in args.virtuoso_sizes.split(",") if n and not args.no_server]
    sizes_on_disk = {}
    for name in sizes:
        print(f"\n{name}:", flush=True)
        store = prepare(name, args.cache)
        sizes_on_disk[name] = store_size(store)
        print(f"  {sizes_on_disk[name]}", flush=True)
        print("  embedded store:", flush=True)
        with open_target(store=store) as target:
            results["embedded"][name] = measure(target, repeat=args.repeat, limit=args.limit, timeout=args.timeout)
        if not args.no_server:
            from newskg.store import servers

            server = servers.start_oxigraph(data_dir=store)
            try:
                print(f"  oxigraph server ({server.url}):", flush=True)
                with open_target(server="oxigraph", url=server.url) as remote:
                    remote.timeout = args.timeout
                    results["oxigraph server"][name] = measure(
                        remote, repeat=args.repeat, limit=args.limit, timeout=args.timeout
                    )
            finally:
                server.cleanup()
        if name in on_virtuoso:
            results["virtuoso"][name] = _on_virtuoso(store, args)
    if args.no_server:
        del results["oxigraph server"]
    if not on_virtuoso:
        del results["virtuoso"]
    report(results, sizes, args.limit)
    print("\n## store size\n")
    print("| corpus | documents | quads | quads/article | MB on disk | KB/article | offset-node quads |")
    print("|---|---|---|---|---|---|---|")
    for name, size in sizes_on_disk.items():
        docs = size["documents"] or 1
        print(f"| {name} | {size['documents']} | {size['quads']:,} | {size['quads'] / docs:,.0f} | "
              f"{size['bytes'] / 1e6:,.0f} | {size['bytes'] / docs / 1e3:,.0f} | "
              f"{size['offset_quads'] / size['quads']:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
