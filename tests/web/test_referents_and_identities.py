"""The web app shows both referents of a mention (the actor it stands for, and what its words name:
"Ankara" -> Turkey, the words naming Q3640) and the actors the store's identity graph joins across
articles (issue 18). Articles written for these tests, built offline into a store of their own."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

ARTICLES = {
    "identity/one": "Senator Halvard Okonkwo met Turkish officials on Monday. Ankara said the talks went well.",
    "identity/two": "Okonkwo criticized the plan on Tuesday, and Okonkwo said he would return to Ankara.",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from starlette.testclient import TestClient

    from newskg.builder.build import build
    from newskg.builder.facts import Document
    from newskg.builder.linking.identity import update_identities
    from newskg.store.embedded import EmbeddedStore
    from newskg.web import Settings, create_app
    from newskg.web.pool import QueryPool

    path = tmp_path_factory.mktemp("identity-web") / "store"
    sink = EmbeddedStore(path)
    report = build([Document(id=k, text=v) for k, v in ARTICLES.items()], sink=sink, offline=True, progress=False)
    assert report.ok
    assert update_identities(sink).identities == 1
    sink.close()
    del sink, report
    gc.collect()  # the store's lock goes with the last reference to it
    with QueryPool(path, size=1, wait=10) as pool, TestClient(create_app(Settings(store=path, workers=1,
                                                                                    timeout=20.0), pool=pool)) as c:
        yield c


def test_a_capital_shows_the_state_it_stands_for_and_the_city_it_names(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/article/identity/one").text
    assert ": Turkey; the words name Q3640 (capital metonymy)" in page  # "Ankara said": the speaker


def test_an_actor_page_names_the_iris_of_the_same_actor(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/actor/okonkwo").text
    assert "The same actor across articles" in page and "actor:halvard-okonkwo" in page and "(canonical)" in page
    rows = client.get("/query/actor-identities", params={"format": "json"})
    assert rows.status_code == 200
