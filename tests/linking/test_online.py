"""The online linker against local stand-ins: the wbsearchentities server and a real Oxigraph."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from newskg.builder.linking import LinkCache, LinkQuery, build_linker
from newskg.builder.linking.online import (
    WikidataClient,
    WikidataLinker,
    WikidataUnreachable,
    user_agent,
)
from newskg.store.servers import LOOPBACK, free_port


def linker_for(search, sparql: str, **options) -> WikidataLinker:
    options.setdefault("min_interval", 0.0)
    options.setdefault("backoff", 0.01)
    return WikidataLinker(api_url=search.url, sparql_url=sparql, **options)


def test_links_a_unique_person_and_reports_its_candidates(search, wikidata_sparql: str) -> None:
    decision = linker_for(search, wikidata_sparql).link(LinkQuery("Rudolf Rassendyll", "Person"))
    assert decision.qid == "Q9000005" and decision.source == "wikidata"
    assert 0.5 <= decision.confidence <= 0.95
    [candidate] = decision.candidates
    assert candidate.types == ("Q5",) and candidate.sitelinks == 40
    assert candidate.positions == ("President of Ruritania",)
    assert search.requests[0]["action"] == "wbsearchentities"
    assert search.requests[0]["search"] == "Rudolf Rassendyll"


def test_user_agent_follows_the_wikimedia_policy(search, wikidata_sparql: str, monkeypatch) -> None:
    monkeypatch.setenv("NEWSKG_CONTACT", "analyst@example.org")
    assert "analyst@example.org" in user_agent()
    linker_for(search, wikidata_sparql).link(LinkQuery("Ruritania", "State"))
    agent = search.user_agents[0]
    assert agent.startswith("newskg/") and "https://w3id.org/newskg" in agent and "analyst@example.org" in agent


def test_type_filter_rejects_the_film_and_accepts_the_party_through_subclasses(search, wikidata_sparql: str) -> None:
    linker = linker_for(search, wikidata_sparql)
    organisation = linker.link(LinkQuery("Zarnia Movement", "Organization"))
    # the film is the more popular item of that name, but a film is no organisation
    assert organisation.qid == "Q9000010"
    assert [c.qid for c in organisation.candidates] == ["Q9000010"]
    assert linker.link(LinkQuery("Zarnia Movement", "Person")).qid is None


def test_position_held_chooses_between_namesakes(search, wikidata_sparql: str) -> None:
    linker = linker_for(search, wikidata_sparql)
    titled = linker.link(LinkQuery("Ivan Petrov", "Person", titles=(("Foreign Minister", "Russia"),)))
    assert titled.qid == "Q9000001"
    # without the title the footballer is more popular, but not by enough: no link rather than a guess
    assert linker.link(LinkQuery("Ivan Petrov", "Person")).qid is None
    # a title of another state does not help the diplomat
    assert linker.link(LinkQuery("Ivan Petrov", "Person", titles=(("Foreign Minister", "Turkey"),))).qid is None


def test_co_occurring_states_choose_between_namesakes(search, wikidata_sparql: str) -> None:
    linker = linker_for(search, wikidata_sparql)
    assert linker.link(LinkQuery("Olga Ilina", "Person", states=("Russia", "Turkey"))).qid == "Q9000003"
    assert linker.link(LinkQuery("Olga Ilina", "Person", states=("United States",))).qid == "Q9000004"
    assert linker.link(LinkQuery("Olga Ilina", "Person")).qid is None


def test_surname_and_alias_and_conflicts(search, wikidata_sparql: str) -> None:
    linker = linker_for(search, wikidata_sparql)
    assert linker.link(LinkQuery("Rassendyll", "Person")).qid == "Q9000005"
    assert linker.link(LinkQuery("War of Ruritania", "Conflict")).qid == "Q9000040"
    assert linker.link(LinkQuery("Ruritanian War", "State")).qid is None


def test_prefix_matches_are_not_names(search, wikidata_sparql: str) -> None:
    # "Ivan" is a prefix of "Ivan Petrov" in the search index but is not his name
    assert linker_for(search, wikidata_sparql).link(LinkQuery("Ivan", "Person")).qid is None


def test_retries_with_backoff_on_503(search, wikidata_sparql: str) -> None:
    search.fail_next = 2
    linker = linker_for(search, wikidata_sparql, retries=3)
    assert linker.link(LinkQuery("Ruritania", "State")).qid == "Q9000030"
    assert len(search.requests) == 3


def test_gives_up_after_the_retries_with_one_warning(search, wikidata_sparql: str, caplog) -> None:
    search.fail_next, search.fail_status = 100, 429
    linker = linker_for(search, wikidata_sparql, retries=2)
    with caplog.at_level(logging.WARNING, logger="newskg.builder.linking.online"):
        assert linker.link(LinkQuery("Ruritania", "State")) is None
        assert linker.link(LinkQuery("Rudolf Rassendyll", "Person")) is None
    assert len(search.requests) == 3  # three tries for the first name, none for the second
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "unreachable" in warnings[0].getMessage()
    assert "HTTP 429" in warnings[0].getMessage()


def test_timeouts_count_as_unreachable(search, wikidata_sparql: str) -> None:
    search.delay = 1.5
    client = WikidataClient(api_url=search.url, sparql_url=wikidata_sparql, timeout=0.3, retries=1,
                            backoff=0.01, min_interval=0.0)
    started = time.monotonic()
    with pytest.raises(WikidataUnreachable, match="ReadTimeout"):
        client.search("Ruritania")
    assert time.monotonic() - started < 1.4
    assert len(search.requests) == 2


def test_no_network_falls_back_with_one_warning(tmp_path: Path, caplog) -> None:
    closed = f"http://{LOOPBACK}:{free_port()}"
    linker = build_linker(offline=False, cache_path=tmp_path / "links.sqlite", api_url=f"{closed}/w/api.php",
                          sparql_url=f"{closed}/sparql", timeout=1.0, min_interval=0.0)
    online = linker.linkers[-1]
    online.client.backoff = 0.01
    with caplog.at_level(logging.WARNING, logger="newskg.builder.linking.online"):
        # the gazetteer still links what it knows
        assert linker.link(LinkQuery("Azerbaijan", "State")).qid == "Q227"
        assert linker.link(LinkQuery("Unknown Person One", "Person")) is None
        assert linker.link(LinkQuery("Unknown Person Two", "Person")) is None
    assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1
    assert online.available is False
    assert len(LinkCache(tmp_path / "links.sqlite")) == 0  # an unreachable Wikidata decides nothing


def test_sparql_endpoint_errors_do_not_stop_linking(search, caplog) -> None:
    closed = f"http://{LOOPBACK}:{free_port()}/sparql"
    linker = linker_for(search, closed, retries=1)
    with caplog.at_level(logging.WARNING, logger="newskg.builder.linking.online"):
        assert linker.link(LinkQuery("Ruritania", "State")) is None
    assert any("unreachable" in r.getMessage() for r in caplog.records)


def test_online_decisions_are_cached_and_reused(search, wikidata_sparql: str, tmp_path: Path) -> None:
    path = tmp_path / "links.sqlite"
    linker = build_linker(offline=False, cache_path=path, api_url=search.url, sparql_url=wikidata_sparql,
                          min_interval=0.0)
    assert linker.link(LinkQuery("Rudolf Rassendyll", "Person")).qid == "Q9000005"
    sent = len(search.requests)
    again = linker.link(LinkQuery("Rudolf Rassendyll", "Person"))
    assert again.qid == "Q9000005" and again.cached and len(search.requests) == sent
    linker.close()
    # a later offline build reads the decision from the file
    offline = build_linker(offline=True, cache_path=path)
    assert offline.link(LinkQuery("Rudolf Rassendyll", "Person")).qid == "Q9000005"


def test_rate_limit_spaces_requests(search, wikidata_sparql: str) -> None:
    client = WikidataClient(api_url=search.url, sparql_url=wikidata_sparql, min_interval=0.15)
    started = time.monotonic()
    for _ in range(3):
        client.search("Ruritania")
    assert time.monotonic() - started >= 0.3


@pytest.mark.external
def test_real_wikidata_links_putin() -> None:
    linker = WikidataLinker(api_url="https://www.wikidata.org/w/api.php",
                            sparql_url="https://query.wikidata.org/sparql")
    assert linker.link(LinkQuery("Vladimir Putin", "Person", titles=(("President", "Russia"),))).qid == "Q7747"
