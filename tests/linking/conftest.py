"""Local stand-ins for Wikidata: an HTTP server answering ``wbsearchentities`` and a real Oxigraph
server loaded with a small Wikidata-shaped graph, both built from the same item table below.

The QIDs of invented items start at Q9000000 so that no test can pass by knowing real Wikidata.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from newskg.store.servers import LOOPBACK, start_oxigraph

# qid -> label, aliases, description, P31, P279, P39, P27/P17, sitelinks
ITEMS: dict[str, dict] = {
    "Q5": {"label": "human"},
    "Q3624078": {"label": "sovereign state", "P279": ["Q6256"]},
    "Q6256": {"label": "country"},
    "Q43229": {"label": "organization"},
    "Q350604": {"label": "armed conflict", "P279": ["Q180684"]},
    "Q198": {"label": "war", "P279": ["Q350604"]},
    "Q180684": {"label": "conflict"},
    "Q82794": {"label": "geographic region"},
    "Q9000020": {"label": "political party", "P279": ["Q9000022"]},
    "Q9000022": {"label": "political organization", "P279": ["Q43229"]},
    "Q9000021": {"label": "film"},
    "Q9000101": {"label": "Minister of Foreign Affairs of Russia"},
    "Q9000102": {"label": "President of Ruritania"},
    # states
    "Q159": {"label": "Russia", "aliases": ["Russian Federation"], "P31": ["Q3624078"], "sitelinks": 300,
             "P463": ["Q1065"]},
    "Q212": {"label": "Ukraine", "P31": ["Q3624078"], "sitelinks": 290},
    "Q30": {"label": "United States of America", "P31": ["Q3624078"], "sitelinks": 320},
    "Q9000030": {"label": "Ruritania", "description": "fictional country", "P31": ["Q3624078"], "sitelinks": 120,
                 "P463": ["Q1065"], "P36": ["Q9000031"], "P1549": ["Ruritanian"], "P35": ["Q9000005"],
                 "P1082": [1234567]},
    "Q9000031": {"label": "Strelsau", "description": "capital of Ruritania"},
    "Q1065": {"label": "United Nations", "P31": ["Q43229"], "sitelinks": 250},
    # people
    "Q9000001": {"label": "Ivan Petrov", "description": "Russian diplomat", "P31": ["Q5"], "P39": ["Q9000101"],
                 "P27": ["Q159"], "sitelinks": 5},
    "Q9000002": {"label": "Ivan Petrov", "description": "Ukrainian footballer", "P31": ["Q5"], "P27": ["Q212"],
                 "sitelinks": 30},
    "Q9000003": {"label": "Olga Ilina", "description": "politician", "P31": ["Q5"], "P27": ["Q159"], "sitelinks": 8},
    "Q9000004": {"label": "Olga Ilina", "description": "painter", "P31": ["Q5"], "P27": ["Q30"], "sitelinks": 8},
    "Q9000005": {"label": "Rudolf Rassendyll", "aliases": ["Rassendyll"], "description": "Ruritanian statesman",
                 "P31": ["Q5"], "P39": ["Q9000102"], "P27": ["Q9000030"], "sitelinks": 40},
    # organisations and a film of the same name (type filtering)
    "Q9000010": {"label": "Zarnia Movement", "description": "political party", "P31": ["Q9000020"],
                 "sitelinks": 12},
    "Q9000011": {"label": "Zarnia Movement", "description": "1998 film", "P31": ["Q9000021"], "sitelinks": 60},
    # a conflict
    "Q9000040": {"label": "Ruritanian War", "aliases": ["War of Ruritania"], "P31": ["Q198"], "sitelinks": 25},
    # the hard cases of issue 18, shaped as Wikidata answers them (labels, aliases, descriptions, classes
    # through P279, sitelink counts in proportion), ids invented: a state's name is also a national team's
    # alias, a capital's name a band's, an airline's a state's alias, a city's name a celebrity's given name
    "Q9000300": {"label": "city", "P279": ["Q9000301"]},
    "Q9000301": {"label": "human settlement"},
    "Q9000302": {"label": "musical group", "P279": ["Q9000303"]},
    "Q9000303": {"label": "group of humans", "P279": ["Q43229"]},
    "Q9000304": {"label": "airline", "P279": ["Q9000305"]},
    "Q9000305": {"label": "business", "P279": ["Q43229"]},
    "Q9000306": {"label": "national association football team", "P279": ["Q9000307"]},
    "Q9000307": {"label": "sports team", "P279": ["Q43229"]},
    "Q9000200": {"label": "Cairo", "description": "capital city of Egypt", "P31": ["Q9000300"], "sitelinks": 260},
    "Q9000201": {"label": "Cairo", "description": "American rock band", "P31": ["Q9000302"], "sitelinks": 6},
    "Q9000202": {"label": "Emirates", "aliases": ["Emirates Airline"], "description": "airline of Dubai",
                 "P31": ["Q9000304"], "sitelinks": 90},
    "Q9000203": {"label": "United Arab Emirates", "aliases": ["UAE", "Emirates"], "P31": ["Q3624078"],
                 "sitelinks": 310},
    "Q9000204": {"label": "Paris", "description": "capital city of France", "P31": ["Q9000300"], "sitelinks": 330},
    "Q9000205": {"label": "Paris Hilton", "description": "American media personality", "P31": ["Q5"],
                 "sitelinks": 90},
    "Q9000206": {"label": "Brazil national football team", "aliases": ["Brazil", "Seleção"],
                 "description": "men's national association football team", "P31": ["Q9000306"], "sitelinks": 120},
    "Q9000207": {"label": "Brazil", "description": "country in South America", "P31": ["Q3624078"],
                 "sitelinks": 330},
}

WD = "http://www.wikidata.org/entity/"


def wikidata_turtle(items: dict[str, dict] = ITEMS) -> str:
    """The items as Wikidata's RDF shapes them (truthy wdt: statements, labels, sitelink counts)."""
    lines = [
        "@prefix wd: <http://www.wikidata.org/entity/> .",
        "@prefix wdt: <http://www.wikidata.org/prop/direct/> .",
        "@prefix wikibase: <http://wikiba.se/ontology#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix schema: <http://schema.org/> .",
    ]
    for qid, item in items.items():
        lines.append(f"wd:{qid} rdfs:label {json.dumps(item['label'])}@en .")
        for alias in item.get("aliases", ()):
            lines.append(f"wd:{qid} skos:altLabel {json.dumps(alias)}@en .")
        if item.get("description"):
            lines.append(f"wd:{qid} schema:description {json.dumps(item['description'])}@en .")
        for prop in ("P31", "P279", "P39", "P27", "P17", "P463", "P36", "P35"):
            for value in item.get(prop, ()):
                lines.append(f"wd:{qid} wdt:{prop} wd:{value} .")
        for population in item.get("P1082", ()):
            lines.append(f"wd:{qid} wdt:P1082 {int(population)} .")
        for demonym in item.get("P1549", ()):
            lines.append(f"wd:{qid} wdt:P1549 {json.dumps(demonym)}@en .")
        if "sitelinks" in item:
            lines.append(f"wd:{qid} wikibase:sitelinks {item['sitelinks']} .")
    return "\n".join(lines) + "\n"


@dataclass
class SearchServer:
    """The wbsearchentities stand-in; ``fail_next``/``fail_status`` and ``delay`` inject trouble."""

    url: str
    requests: list[dict[str, str]] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    fail_next: int = 0
    fail_status: int = 503
    delay: float = 0.0

    def reset(self) -> None:
        self.requests.clear()
        self.user_agents.clear()
        self.fail_next, self.fail_status, self.delay = 0, 503, 0.0


def search_items(text: str, limit: int) -> list[dict]:
    """Prefix matching over labels and aliases, as Wikidata does."""
    wanted = text.casefold()
    hits = []
    for qid, item in ITEMS.items():
        for kind, name in [("label", item["label"]), *(("alias", a) for a in item.get("aliases", ()))]:
            if name.casefold().startswith(wanted):
                hits.append({
                    "id": qid, "label": item["label"], "description": item.get("description", ""),
                    "concepturi": WD + qid, "match": {"type": kind, "language": "en", "text": name},
                })
                break
    return hits[:limit]


@pytest.fixture(scope="session")
def search_server() -> Iterator[SearchServer]:
    state: SearchServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            params = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
            state.requests.append(params)
            state.user_agents.append(self.headers.get("User-Agent", ""))
            if state.delay:
                time.sleep(state.delay)
            if state.fail_next > 0:
                state.fail_next -= 1
                self.send_response(state.fail_status)
                self.send_header("Retry-After", "0")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if params.get("action") != "wbsearchentities":
                body = json.dumps({"error": {"code": "badvalue", "info": "unknown action"}}).encode()
            else:
                hits = search_items(params.get("search", ""), int(params.get("limit", "7")))
                body = json.dumps({"searchinfo": {"search": params.get("search")}, "search": hits,
                                   "success": 1}).encode()
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the timeout tests do this on purpose)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep test output quiet
            pass

    server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
    server.daemon_threads = True
    state = SearchServer(url=f"http://{LOOPBACK}:{server.server_address[1]}/w/api.php")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def search(search_server: SearchServer) -> Iterator[SearchServer]:
    search_server.reset()
    yield search_server
    search_server.reset()


@pytest.fixture(scope="session")
def wikidata_sparql(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The query URL of a real Oxigraph server holding the Wikidata-shaped fixture."""
    server = start_oxigraph(data_dir=tmp_path_factory.mktemp("wikidata-oxigraph"))
    try:
        request = urllib.request.Request(
            f"{server.url}/store?default", data=wikidata_turtle().encode("utf-8"),
            headers={"Content-Type": "text/turtle"}, method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status in (200, 201, 204)
        yield f"{server.url}/query"
    finally:
        server.stop()
