"""``make bench``: every benchmark in turn, each printing its own table.

    python benchmarks/run_all.py [--quick]

Runs ``bench_build.py`` (build throughput and memory), then ``bench_load.py`` (store loading) and
``accuracy.py`` (extraction accuracy) and ``bench_web.py`` (the pages of ``newskg serve`` on 924 articles) when
they are present. Each runs in its own process with
this interpreter; the exit code is non-zero when any of them failed. ``--quick`` is passed to
``bench_build.py`` (it then skips the large-corpus memory run).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("bench_build.py", "bench_load.py", "bench_query.py", "accuracy.py", "bench_web.py")


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    failed: list[str] = []
    for name in BENCHMARKS:
        script = HERE / name
        if not script.exists():
            print(f"== {name}: not present, skipped ==\n", flush=True)
            continue
        print(f"== {name} ==", flush=True)
        started = time.perf_counter()
        extra = ["--quick"] if quick and name == "bench_build.py" else []
        code = subprocess.call([sys.executable, str(script), *extra], cwd=HERE.parent)
        outcome = "ok" if code == 0 else f"FAILED (exit {code})"
        print(f"== {name}: {outcome} in {time.perf_counter() - started:.0f}s ==\n", flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
