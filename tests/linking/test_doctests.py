"""The examples in the linking modules' docstrings run."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["base", "cache", "gazetteer", "online", "identity", "petrarch"])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"newskg.builder.linking.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
