"""The ``>>>`` examples of the web modules run."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["newskg.web.markup", "newskg.web.protocol", "newskg.web.vocabulary",
                                  "newskg.web.pool"])
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
    assert tried > 0 or name == "newskg.web.pool"
