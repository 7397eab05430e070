"""``newskg serve`` on the 924 real PolNeAR articles: every page type timed over many requests (issue 17).

    .venv/bin/python benchmarks/bench_web.py [--requests 30] [--cache DIR] [--workers 2]

The store is built and cached by ``bench_query.prepare("polnear924")`` (the articles are read from
``../shared/data/train``, never copied into the project). The server runs as ``newskg serve`` in its
own process on 127.0.0.1, and the requests are sent one at a time over HTTP, as a browser would: each
time is the whole answer read. The pages that take a parameter get different ones (articles, actors,
conflicts, acts chosen from the store with a fixed seed), so caches do not flatter them. Targets:
median < 300 ms, worst < 1 s for every page type. The time the server took to start (its workers
open the store and compute the corpus-wide answers: overview, conflicts, default network) is
printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench_query import NEWSKG, prepare
from machine import busy_cores

MEDIAN_TARGET, WORST_TARGET = 0.300, 1.0
BASE = "https://w3id.org/newskg/data"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, *, accept: str = "text/html", data: bytes | None = None,
         content_type: str | None = None) -> tuple[int, bytes, float]:
    headers = {"Accept": accept}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=headers)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    return status, body, time.perf_counter() - started


def _sparql(root: str, query: str) -> list[dict[str, str]]:
    status, body, _ = _get(f"{root}/sparql", accept="application/sparql-results+json",
                           data=query.encode(), content_type="application/sparql-query")
    if status != 200:
        raise SystemExit(f"SPARQL failed ({status}): {body[:300]!r}")
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]


def _samples(root: str, n: int, rng: random.Random) -> dict[str, list[str]]:
    """Paths to request for each page type."""
    prefix = "PREFIX nk: <https://w3id.org/newskg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    docs = [r["id"] for r in _sparql(root, prefix + "SELECT ?id WHERE { GRAPH ?g { ?d nk:documentId ?id } }")]
    speakers = [r["s"] for r in _sparql(root, prefix + "SELECT ?s (COUNT(?a) AS ?n) WHERE { ?a nk:speaker ?s } "
                                              "GROUP BY ?s ORDER BY DESC(?n) LIMIT 200")]
    conflicts = [r["c"] for r in _sparql(root, prefix + "SELECT DISTINCT ?c WHERE { GRAPH ?g { ?c a ?t } "
                                               "?t rdfs:subClassOf* nk:Conflict }")]
    accusations = [r["a"] for r in _sparql(root, prefix + "SELECT ?a WHERE { ?a a nk:Accusation } LIMIT 2000")]
    acts = [r["a"] for r in _sparql(root, prefix + "SELECT ?a WHERE { ?a nk:cue ?c } LIMIT 5000")]
    top = speakers[:10]
    actors = top + rng.sample(speakers[10:], min(len(speakers) - 10, n))
    quote = lambda text: urllib.parse.quote(text, safe="")  # noqa: E731
    key = lambda iri: quote(iri.rsplit("/", 1)[-1])  # noqa: E731
    pick = lambda items: [rng.choice(items) for _ in range(n)]  # noqa: E731
    months = ["2016-10-01", "2016-11-01", "2017-01-01", "2017-03-01"]
    return {
        "overview /": ["/"] * n,
        "article list /articles": [f"/articles?offset={100 * rng.randrange(10)}" for _ in range(n)],
        "article /article/ID": [f"/article/{urllib.parse.quote(d, safe='/')}" for d in rng.sample(docs, n)],
        "actor /actor/KEY (top 10 + random)": [f"/actor/{key(a)}" for a in actors[:n]],
        "conflict /conflict/KEY": [f"/conflict/{key(c)}" for c in pick(conflicts)],
        "conflict list /conflicts": ["/conflicts"] * n,
        "network page /network": ["/network"] * n,
        "network data, default": ["/network.json"] * n,
        "network data, one actor": [f"/network.json?actor={quote(a)}" for a in pick(top)],
        "network data, all types, a date range": [
            "/network.json?" + "&".join(f"type={t}" for t in ("Accusation", "Criticism", "Appeal", "Demand", "Threat",
                                                             "Meeting", "PhoneCall", "Rejection", "Denial"))
            + f"&from={m}&to={m[:5]}12-31" for m in pick(months)],
        "query page /query": ["/query"] * n,
        "canned: accusations by an actor": [f"/query/accusations?accuser={quote(a)}" for a in pick(top)],
        "canned: timeline of an actor": [f"/query/timeline?speaker={quote(a)}" for a in pick(top)],
        "canned: actor-profile of an actor": [f"/query/actor-profile?actor={quote(a)}" for a in pick(top)],
        "canned: evidence of an act": [f"/query/evidence?fact={quote(a)}" for a in pick(accusations)],
        "canned: said-about-conflict": [f"/query/said-about-conflict?conflict={quote(c)}" for c in pick(conflicts)],
        "resource /resource?iri=ACT": [f"/resource?iri={quote(a)}" for a in pick(acts)],
        "SPARQL: 100 accusations, JSON": ["SPARQL"] * n,
        "ontology /ontology": ["/ontology"] * n,
    }


_SPARQL_QUERY = """PREFIX nk: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?act ?accuserLabel WHERE { ?act a nk:Accusation . GRAPH ?g { ?act nk:speaker ?s . ?s rdfs:label ?accuserLabel } }
LIMIT 100"""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="requests per page type")
    parser.add_argument("--workers", type=int, default=2, help="newskg serve --workers")
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                        / "newskg-bench")
    args = parser.parse_args(argv)
    print(f"bench_web: cores busy with other work at the start: {busy_cores():.1f} of {os.cpu_count()}", flush=True)
    store = prepare("polnear924", args.cache)
    port = _free_port()
    root = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = subprocess.Popen([str(NEWSKG), "serve", "--store", str(store), "--port", str(port),
                               "--workers", str(args.workers)], stderr=subprocess.PIPE)
    try:
        while True:
            try:
                if _get(f"{root}/query")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            if server.poll() is not None:
                raise SystemExit(f"newskg serve exited: {server.stderr.read().decode()[-500:]}")  # type: ignore[union-attr]
            time.sleep(0.2)
        print(f"server ready in {time.perf_counter() - started:.1f} s (store opened, corpus-wide answers computed)")
        rng = random.Random(17)
        plan = _samples(root, args.requests, rng)
        rows = []
        for name, paths in plan.items():
            times = []
            for path in paths:
                if path == "SPARQL":
                    status, body, seconds = _get(f"{root}/sparql?query={urllib.parse.quote(_SPARQL_QUERY)}",
                                                 accept="application/sparql-results+json")
                else:
                    status, body, seconds = _get(root + path, accept="application/json" if ".json" in path
                                                 else "text/html")
                if status != 200:
                    raise SystemExit(f"{path}: HTTP {status}: {body[:400]!r}")
                times.append(seconds)
            median, worst = statistics.median(times), max(times)
            ok = median < MEDIAN_TARGET and worst < WORST_TARGET
            rows.append((name, len(times), median, worst, ok))
            print(f"  {name:<42} {len(times):>3} req  median {median * 1000:7.1f} ms  worst {worst * 1000:7.1f} ms"
                  f"  {'ok' if ok else 'MISSED'}", flush=True)
        print("\n| page | requests | median ms | worst ms | < 300 ms median, < 1 s worst |")
        print("|---|---|---|---|---|")
        for name, count, median, worst, ok in rows:
            print(f"| {name} | {count} | {median * 1000:.0f} | {worst * 1000:.0f} | {'yes' if ok else '**no**'} |")
        return 0 if all(r[4] for r in rows) else 1
    finally:
        server.terminate()
        server.wait(20)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
