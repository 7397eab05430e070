"""Shared fixtures for the ontology tests: the hand-written two-article TriG of tests/queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Namespace

FIXTURE = Path(__file__).parents[1] / "queries" / "fixture.trig"
DATA = Namespace("https://w3id.org/newskg/data/")
DOC1 = "wire/2020-10-07-karabakh"


@pytest.fixture()
def dataset() -> Dataset:
    """A fresh copy of the fixture (tests may break it)."""
    data = Dataset(default_union=True)
    data.parse(FIXTURE, format="trig")
    return data


@pytest.fixture()
def graph(dataset: Dataset) -> Graph:
    """The fixture's first article as a plain Graph, as a per-document build writes it."""
    single = Graph()
    for s, p, o in dataset.graph(DATA[f"graph/{DOC1}"]):
        single.add((s, p, o))
    return single
