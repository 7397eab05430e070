"""Peak memory of a build as the corpus grows: the embedded store against an N-Quads file.

Run alone (it is slow: thousands of documents)::

    python benchmarks/bench_memory.py [--articles 500 2000 5000] [--sink store out] [--words 600 900]

Each build runs in a fresh subprocess (``newskg``'s own ``build()``, one worker, offline linking)
over distinct generated articles (``benchmarks/corpus.py``), and reports the resident memory
(``VmRSS``) every ``--every`` documents and its peak (``VmHWM``) at the end, so one run shows the
curve and the runs compare peaks. Issue 14's target: the peak of a 10,000-document embedded-store
build at most 1.2 x the peak of a 1,000-document one (it was 827 against 269 MB); this prints the
ratio of each peak to the smallest run's, and the growth per 1,000 documents between the last two.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _status(field: str) -> float:
    """A ``/proc/self/status`` memory figure in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(corpus: Path, sink_kind: str, where: Path, every: int) -> dict:
    from newskg.builder.build import build
    from newskg.store.embedded import EmbeddedStore
    from newskg.store.files import FileSink

    sink = EmbeddedStore(where / "store") if sink_kind == "store" else FileSink(where / "out.nq")
    samples: list[tuple[int, float]] = []
    put = sink.put_ntriples
    count = 0

    def sampling_put(graph_iri, ntriples, *, content_hash=None):  # the sink as the build sees it
        nonlocal count
        put(graph_iri, ntriples, content_hash=content_hash)
        count += 1
        if count % every == 0:
            samples.append((count, round(_status("VmRSS"), 1)))

    sink.put_ntriples = sampling_put  # type: ignore[method-assign]
    started = time.perf_counter()
    report = build([corpus], sink=sink, offline=True, progress=False)
    sink.close()
    return {
        "documents": report.built,
        "seconds": round(time.perf_counter() - started, 1),
        "peak_mb": round(_status("VmHWM"), 1),
        "samples": samples,
    }


def run(articles: int, sink_kind: str, words: tuple[int, int], every: int) -> dict:
    from corpus import generate

    with tempfile.TemporaryDirectory(prefix="newskg-mem-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for article in generate(articles, seed=14, min_words=words[0], max_words=words[1]):
                out.write(json.dumps(article.as_record()) + "\n")
        command = [sys.executable, __file__, "--child", str(corpus), sink_kind, tmp, str(every)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--sink", nargs="+", choices=["store", "out"], default=["store", "out"])
    parser.add_argument("--words", type=int, nargs=2, default=[600, 900], help="article length range")
    parser.add_argument("--every", type=int, default=250, help="documents between RSS samples")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        corpus, sink_kind, where, every = args.child
        print(json.dumps(child(Path(corpus), sink_kind, Path(where), int(every))))
        return
    for sink_kind in args.sink:
        results = [(n, run(n, sink_kind, tuple(args.words), args.every)) for n in sorted(args.articles)]
        base = results[0][1]["peak_mb"]
        print(f"== {sink_kind} ({args.words[0]}-{args.words[1]} words per article) ==")
        for n, result in results:
            curve = " ".join(f"{c}:{mb:.0f}" for c, mb in result["samples"])
            print(
                f"{n:>6} documents: peak {result['peak_mb']:7.1f} MB ({result['peak_mb'] / base:.2f}x), "
                f"{result['seconds']:.0f} s; RSS by documents built: {curve}"
            )
        if len(results) > 1:
            (n1, r1), (n2, r2) = results[-2], results[-1]
            per_k = (r2["peak_mb"] - r1["peak_mb"]) / (n2 - n1) * 1000
            print(f"growth between {n1} and {n2}: {per_k:+.1f} MB per 1,000 documents")


if __name__ == "__main__":
    main()
