"""Every canned query runs on both servers and answers what the embedded store answers (issue 5:
``newskg query NAME --endpoint URL`` gives the same rows remotely)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from rdflib.term import Node

from newskg.queries import OxigraphTarget, list_queries, run_query
from newskg.store import servers
from newskg.store.remote import RemoteStore, endpoints_for, load_file

pytestmark = pytest.mark.servers

QUERIES = [info.name for info in list_queries()]

# Known Virtuoso 7.2.5 (Debian) evaluation bugs, measured on this server; strict, so each mark
# fails loudly once a query is rewritten around it and must then go. The .rq files already avoid:
# - a zero-length rdfs:subClassOf* path joined with other patterns (rows lost): accusations,
#   criticism, denials, appeals, support-relations and conflict-actors test class membership as
#   `{ ?x a C } UNION { ?x a/rdfs:subClassOf+ C }`, where the class itself matches without a walk;
# - duplicates Virtuoso's DISTINCT lets through once several OPTIONALs are joined (each document
#   graph repeats an actor's label): those queries wrap an inner SELECT DISTINCT in an outer one;
# - SPARQLWrapper's query-type sniffing, which reads an update keyword ("drop", "add") in a comment
#   before SELECT and then sends the query as an update: no such comment precedes SELECT.
# Still open, whatever the form (UNION with BIND, subquery, grouped subquery, inverse path,
# FILTER EXISTS, MINUS): an rdfs:subClassOf+ walk starting from `?act a ?type` loses rows once the
# act is joined with two or three more patterns (3 accusations by one speaker: 1 comes back), and
# two walks in one query (the act's class and the conflict's) return 2 of 675 rows on a built
# corpus. The queries that must walk from ?type (they report each act's most specific class, or
# count an actor's speech acts) are pinned:
WALK = "Virtuoso 7.2 loses rows joining an rdfs:subClassOf+ walk from ?type with the act's other patterns"
CAMEO = "Virtuoso 7.2 does not join the grouped subquery inside OPTIONAL on ?type"
VIRTUOSO_BUGS_UNBOUND = {
    "actor-profile": WALK,
    "cameo-events": CAMEO,
    "speech-acts-by-speaker": WALK,
    "timeline": WALK,
}
VIRTUOSO_BUGS_BOUND = {"speech-acts-by-speaker": WALK}
# On the richer two-article fixture of tests/queries (topics, mediation, rejections, consultations).
VIRTUOSO_BUGS_FIXTURE = {
    "actor-profile": WALK,
    "cameo-events": CAMEO,
    "conflict-actors": WALK,
    "consultations": WALK,
    "said-about-conflict": WALK,
    "speech-acts-by-speaker": WALK,
    "timeline": WALK,
}


def _mark(request: pytest.FixtureRequest, server: str, name: str, bugs: dict[str, str]) -> None:
    if server == "virtuoso" and name in bugs:
        request.applymarker(pytest.mark.xfail(strict=True, reason=bugs[name]))


def _rows_about(rows: list[tuple[Node | None, ...]], base: str, canonical: Callable[[Node], Node]) -> list[tuple]:
    """The rows that mention this test's data (the shared servers hold other tests' graphs too)."""
    kept = [
        tuple(None if cell is None else canonical(cell) for cell in row)
        for row in rows
        if any(isinstance(cell, URIRef) and str(cell).startswith(base) for cell in row)
    ]
    return sorted(kept, key=lambda row: [str(cell) for cell in row])


@pytest.fixture(scope="module")
def private_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Servers of this module's own, holding only its corpus: on the shared servers, the graphs every
    other test leaves behind made unbound queries slow on Virtuoso (timeline: 99 s for 45k triples)."""
    started = [servers.start_oxigraph(data_dir=tmp_path_factory.mktemp("oxigraph"))]
    try:
        started.append(servers.start_virtuoso(data_dir=tmp_path_factory.mktemp("virtuoso")))
        yield {server.kind: server.url for server in started}
    finally:
        for server in started:
            server.cleanup()


@pytest.fixture
def remote(server_name: str, private_urls: dict[str, str]) -> Iterator[RemoteStore]:
    store = RemoteStore(endpoints_for(server_name, private_urls[server_name]), server=server_name)
    yield store
    store.close()


@pytest.fixture(scope="module")
def corpora() -> dict[str, SimpleNamespace]:
    """One loaded corpus per server for the whole module."""
    return {}


@pytest.fixture
def loaded(
    remote: RemoteStore, server_name: str, corpora: dict[str, SimpleNamespace], make_dataset: Callable[..., Path]
) -> SimpleNamespace:
    """The synthetic corpus on the server (``base``), and the same corpus in an in-memory embedded store
    (``target``)."""
    if server_name not in corpora:
        base = f"https://test.newskg.example/{uuid.uuid4().hex[:12]}"
        path = make_dataset(base, 3)
        assert load_file(path, remote).ok
        local = ox.Store()
        local.load(path=str(path), format=ox.RdfFormat.TRIG)
        corpora[server_name] = SimpleNamespace(base=base, target=OxigraphTarget(local, ensure_ontology=True))
    return corpora[server_name]


@pytest.mark.parametrize("name", QUERIES)
def test_canned_query_gives_the_same_rows_remotely(
    synthetic: SimpleNamespace,
    name: str,
    remote: RemoteStore,
    loaded: SimpleNamespace,
    server_name: str,
    request: pytest.FixtureRequest,
) -> None:
    _mark(request, server_name, name, VIRTUOSO_BUGS_UNBOUND)
    canonical = synthetic.canonical
    remote_rows = run_query(name, remote).rows
    local_rows = run_query(name, loaded.target).rows
    assert _rows_about(remote_rows, loaded.base, canonical) == _rows_about(local_rows, loaded.base, canonical)


@pytest.mark.parametrize("name", ["accusations", "speech-acts-by-speaker", "actor-profile", "mentions"])
def test_canned_query_with_a_bound_actor_finds_this_corpus(
    synthetic: SimpleNamespace,
    name: str,
    remote: RemoteStore,
    loaded: SimpleNamespace,
    server_name: str,
    request: pytest.FixtureRequest,
) -> None:
    _mark(request, server_name, name, VIRTUOSO_BUGS_BOUND)
    query_params = {info.name: info.params for info in list_queries()}[name]
    actor = URIRef(f"{loaded.base}/actor/turkey")
    params = {query_params[0].name: actor}
    remote_rows = run_query(name, remote, params).rows
    local_rows = run_query(name, loaded.target, params).rows
    assert remote_rows, f"{name} found nothing for {actor}"
    canonical = synthetic.canonical
    assert _rows_about(remote_rows, loaded.base, canonical) == _rows_about(local_rows, loaded.base, canonical)
    assert len(remote_rows) == len(local_rows)


FIXTURE = Path(__file__).resolve().parents[1] / "queries" / "fixture.trig"
FIXTURE_BASE = "https://w3id.org/newskg/data/"


@pytest.fixture(scope="module")
def fixture_loaded(private_urls: dict[str, str]) -> SimpleNamespace:
    """The query tests' two-article fixture on both private servers and in an embedded store."""
    for kind, url in private_urls.items():
        with RemoteStore(endpoints_for(kind, url), server=kind) as store:
            assert load_file(FIXTURE, store).ok
    local = ox.Store()
    local.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return SimpleNamespace(target=OxigraphTarget(local, ensure_ontology=True))


@pytest.mark.parametrize("name", QUERIES)
def test_canned_query_gives_the_same_rows_remotely_on_the_query_fixture(
    synthetic: SimpleNamespace,
    name: str,
    remote: RemoteStore,
    fixture_loaded: SimpleNamespace,
    server_name: str,
    request: pytest.FixtureRequest,
) -> None:
    _mark(request, server_name, name, VIRTUOSO_BUGS_FIXTURE)
    canonical = synthetic.canonical
    local_rows = _rows_about(run_query(name, fixture_loaded.target).rows, FIXTURE_BASE, canonical)
    assert local_rows, f"{name} finds nothing in {FIXTURE.name}: the comparison would prove nothing"
    remote_rows = _rows_about(run_query(name, remote).rows, FIXTURE_BASE, canonical)
    assert remote_rows == local_rows
