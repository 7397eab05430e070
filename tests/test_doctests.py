"""The ``>>>`` examples in the core modules' docstrings run (pyoxigraph-style docs that cannot rot)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "newskg",
    "newskg.builder.facts",
    "newskg.builder.mapping",
    "newskg.builder.corpus",
    "newskg.builder.front_matter",
    "newskg.builder.tables",
    "newskg.builder.components.doc_index",
    "newskg.builder.components.resolution",
    "newskg.builder.components.speech.requirements",
    "newskg.builder.components.speech.learned",
    "newskg.builder.pipeline",
    "newskg.builder.components.attribution_tags",
    "newskg.builder.components.attribution_grouping",
    "newskg.builder.components.attribution_model",
    "newskg.builder.dictionaries.cameo_verbs",
    "newskg.builder.dictionaries.petrarch_actors",
    "newskg.evaluation.polnear",
    "newskg.store.formats",
    "newskg.store.files",
    "newskg.store.bulk",
    "newskg.oxigraph_terms",
    "newskg.queries",
    "newskg.queries.class_paths",
    "newskg.queries.library",
    "newskg.queries.binding",
    "newskg.queries.resolve",
    "newskg.queries.results",
    "newskg.queries.runner",
    "newskg.cli.query_commands",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples to run"
    assert result.failed == 0
