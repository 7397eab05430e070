"""Fixtures of the web tests: a store of the examples, the seed article (when ../shared has it) and an
article full of HTML, the app on it (in-process and on a real 127.0.0.1 port), and its query workers."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED_PLACES = (ROOT.parent / "shared" / "data" / "eval" / "seed_article.txt",
               Path("/work/shared/data/eval/seed_article.txt"))
SEED = next((p for p in SEED_PLACES if p.exists()), None)
# an article whose text, title and facts carry markup: the pages must show it as text
HOSTILE_ID = "hostile/<script>-article"
HOSTILE_TEXT = (
    'Russia accused Ukraine of shelling the <b>Zaporizhzhia</b> plant. <script>alert("pwned")</script> '
    "Kyiv denied the accusation and called it \"a pretext\" & a lie </textarea>."
)


@pytest.fixture(scope="session")
def extra_trig(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed article (when present) and the hostile article, built offline into a TriG file."""
    from newskg.builder.build import build
    from newskg.builder.facts import Document
    from newskg.store.files import FileSink

    documents = [Document(id=HOSTILE_ID, text=HOSTILE_TEXT, title="<i>Hostile</i> title", published="2024-03-05")]
    if SEED is not None:
        documents.append(Document(id="seed", text=SEED.read_text(encoding="utf-8"), published="2020-10-07"))
    out = tmp_path_factory.mktemp("web-extra") / "extra.trig"
    with FileSink(out) as sink:
        report = build(documents, sink=sink, offline=True, progress=False)
    assert report.ok and report.built == len(documents)
    return out


@pytest.fixture(scope="session")
def web_store(examples_trig: Path, extra_trig: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/, the seed and the hostile article in one embedded store."""
    from newskg.store.bulk import load_into

    path = tmp_path_factory.mktemp("web-store") / "store"
    for source in (examples_trig, extra_trig):
        summary = load_into(source, path)
        assert summary.ok, summary
    return path


@pytest.fixture(scope="session")
def pool(web_store: Path) -> Iterator[object]:
    from newskg.web.pool import QueryPool

    with QueryPool(web_store, size=2, wait=10) as started:
        yield started


@pytest.fixture(scope="session")
def settings(web_store: Path) -> object:
    from newskg.web import Settings

    return Settings(store=web_store, workers=2, timeout=20.0)


@pytest.fixture(scope="session")
def client(settings: object, pool: object) -> Iterator[object]:
    from starlette.testclient import TestClient

    from newskg.web import create_app

    with TestClient(create_app(settings, pool=pool)) as test_client:  # type: ignore[arg-type]
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(settings: object, pool: object) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 (a real socket: SPARQL clients and the browser use it)."""
    import uvicorn

    from newskg.web import create_app

    port = free_port()
    config = uvicorn.Config(create_app(settings, pool=pool), host="127.0.0.1", port=port,  # type: ignore[arg-type]
                            log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def graph_facts(web_store: Path) -> dict[str, object]:
    """What the store says, read directly (not through the app): documents, their text, every span."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(web_store))
    nk = "https://w3id.org/newskg/ontology#"
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    texts = {r["id"].value: r["text"].value for r in store.query(
        f"SELECT ?id ?text WHERE {{ GRAPH ?g {{ ?d <{nk}documentId> ?id ; <{nif}isString> ?text }} }}")}
    spans = {}
    for row in store.query(f"""SELECT ?id ?b ?e ?anchor WHERE {{ GRAPH ?g {{
        ?act <{nk}cue> ?c ; ?p ?m . ?m <{nif}beginIndex> ?b ; <{nif}endIndex> ?e ; <{nif}anchorOf> ?anchor .
        ?act <{nk}inDocument> ?d . ?d <{nk}documentId> ?id }}
        VALUES ?p {{ <{nk}cue> <{nk}speakerMention> <{nk}addresseeMention> <{nk}targetMention> <{nk}contentMention> }}
        }}"""):
        spans.setdefault(row["id"].value, set()).add((int(row["b"].value), int(row["e"].value), row["anchor"].value))
    actors = sorted({r["a"].value for r in store.query(
        f"SELECT DISTINCT ?a WHERE {{ ?act <{nk}speaker> ?a }}", use_default_graph_as_union=True)})
    conflicts = sorted({r["c"].value for r in store.query(
        f"SELECT DISTINCT ?c WHERE {{ ?act <{nk}topic> ?c FILTER(CONTAINS(STR(?c), '/conflict/')) }}",
        use_default_graph_as_union=True)})
    quads = len(store)
    del store
    return {"texts": texts, "spans": spans, "actors": actors, "conflicts": conflicts, "quads": quads}
