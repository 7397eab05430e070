"""Entity linking to Wikidata: cache -> offline gazetteer -> online (API / SPARQL).

The build calls :func:`link_facts` with the linker :func:`build_linker` returns; ``newskg link``
calls :func:`relink_store`. See ``docs/linking.md``.
"""

from __future__ import annotations

from .apply import build_linker, link_facts, rekey_entity
from .base import ChainLinker, EntityLinker, LinkCandidate, LinkDecision, LinkQuery, NullLinker
from .cache import LinkCache, default_cache_path
from .gazetteer import Gazetteer, GazetteerEntry, GazetteerLinker, GazetteerMatch

__all__ = [
    "ChainLinker",
    "EntityLinker",
    "Gazetteer",
    "GazetteerEntry",
    "GazetteerLinker",
    "GazetteerMatch",
    "LinkCache",
    "LinkCandidate",
    "LinkDecision",
    "LinkQuery",
    "NullLinker",
    "build_linker",
    "default_cache_path",
    "link_facts",
    "rekey_entity",
]
