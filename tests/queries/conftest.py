"""Shared fixtures for the query tests: the two-article TriG behind both kinds of target."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Namespace

from newskg.queries import OxigraphTarget, RdflibTarget, SparqlTarget

FIXTURE = Path(__file__).with_name("fixture.trig")
DATA = Namespace("https://w3id.org/newskg/data/")
ACTOR = Namespace("https://w3id.org/newskg/data/actor/")
DOC1 = "wire/2020-10-07-karabakh"
DOC2 = "wire/2020-10-09-fighters"


@pytest.fixture(scope="session")
def rdflib_target() -> RdflibTarget:
    data = Dataset(default_union=True)
    data.parse(FIXTURE, format="trig")
    return RdflibTarget(data, ensure_ontology=True)


@pytest.fixture(scope="session")
def oxigraph_target() -> OxigraphTarget:
    store = ox.Store()
    store.load(FIXTURE.read_bytes(), ox.RdfFormat.TRIG)
    return OxigraphTarget(store, ensure_ontology=True)


@pytest.fixture(params=["rdflib", "oxigraph"])
def target(request: pytest.FixtureRequest) -> SparqlTarget:
    """Each test that takes ``target`` runs on both engines."""
    return request.getfixturevalue(f"{request.param}_target")
