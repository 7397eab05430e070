"""What every linker speaks: a query (a name, its kind, what the text says around it) and a decision.

A linker answers a :class:`LinkQuery` with a :class:`LinkDecision` or with ``None`` ("no opinion":
the next linker is asked). A decision with ``qid=None`` is a considered "not in Wikidata / not
sure", which stops the chain and is cached like any other decision, so a build does not ask the
network twice about the same name.

>>> chain = ChainLinker([NullLinker()])
>>> chain.link(LinkQuery("Atlantis", "State")) is None
True
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol, runtime_checkable

__all__ = [
    "ChainLinker",
    "EntityLinker",
    "LinkCandidate",
    "LinkDecision",
    "LinkQuery",
    "NullLinker",
    "WIKIDATA_ENTITY",
]

log = logging.getLogger(__name__)

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"


@dataclass(frozen=True, slots=True)
class LinkQuery:
    """A name to link, with the evidence a linker may weigh.

    ``kind`` is an ``nk:`` class local name (Person, Organization, State, Group, Conflict, Place).
    ``titles`` are the positions the text gives the actor: ``(("Foreign Minister", "Russia"),)``.
    ``states`` are labels of the states the document mentions (co-occurrence evidence), ``key``
    the entity key the builder gave it, ``document`` the document id (for messages).
    """

    text: str
    kind: str
    titles: tuple[tuple[str, str | None], ...] = ()
    states: tuple[str, ...] = ()
    key: str | None = None
    document: str | None = None


@dataclass(frozen=True, slots=True)
class LinkCandidate:
    """One Wikidata item considered for a query, with what was learnt about it."""

    qid: str
    label: str
    description: str = ""
    score: float = 0.0
    sitelinks: int = 0
    types: tuple[str, ...] = ()  # QIDs of the classes it was found to be an instance of
    positions: tuple[str, ...] = ()  # labels of the positions it holds (P39)
    countries: tuple[str, ...] = ()  # QIDs of its countries (P27 citizenship, P17 country)


@dataclass(frozen=True, slots=True)
class LinkDecision:
    """The answer to a query: a QID with a confidence, or ``qid=None`` for a considered "no link".

    ``source`` says who decided: "gazetteer", "wikidata"; ``cached`` is true when the decision was
    read back from the cache rather than made now; ``key``/``label`` are the canonical key and label
    when the linker knows them (the gazetteer does).
    """

    qid: str | None
    confidence: float
    source: str
    label: str | None = None
    key: str | None = None
    candidates: tuple[LinkCandidate, ...] = field(default=(), compare=False)
    cached: bool = False

    @property
    def iri(self) -> str | None:
        return WIKIDATA_ENTITY + self.qid if self.qid else None


@runtime_checkable
class EntityLinker(Protocol):
    """Anything that links names to Wikidata: the cache, the gazetteer, the online linker, a chain."""

    name: str

    def link(self, query: LinkQuery) -> LinkDecision | None:
        """A decision, or None when this linker has no opinion."""
        ...


class NullLinker:
    """Links nothing (a baseline for timing builds, or to switch linking off)."""

    name = "none"

    def link(self, query: LinkQuery) -> LinkDecision | None:
        return None


class ChainLinker:
    """Asks its linkers in order; the first decision wins.

    The cache is asked just before the first linker whose decisions it keeps (``cache_from``,
    the online linker), or after all of them when none is: so the gazetteer, which is in memory
    too and is the one source of canonical keys, always answers first, and a cached online
    decision can never shadow a gazetteer entry added since (keys stay the same on every machine).

    A decision with ``qid=None`` but a ``key`` (the gazetteer knows the name but not its QID) does
    not end the search: the next linkers are asked with the canonical label, and the key and label
    are kept on whatever they decide.

    Every decision a linker listed in ``cache_from`` makes (the online linker: slow, and the
    network may be gone next time) is written to the cache. Gazetteer decisions are not cached:
    the gazetteer is in memory already and may improve.
    """

    name = "chain"

    def __init__(
        self,
        linkers: Sequence[EntityLinker],
        *,
        cache: EntityLinker | None = None,
        cache_from: Sequence[str] = ("wikidata",),
    ) -> None:
        self.linkers = list(linkers)
        self.cache = cache
        self.cache_from = frozenset(cache_from)

    def link(self, query: LinkQuery) -> LinkDecision | None:
        canonical: LinkDecision | None = None  # a "known name, no QID" answer: keep asking
        cache_asked = False
        for linker in self.linkers:
            asked = query
            if canonical is not None and canonical.label:
                asked = replace(query, text=canonical.label)  # the canonical name searches better
            cache = self.cache if linker.name in self.cache_from else None
            caches = cache is not None
            if cache is not None and not cache_asked:
                cache_asked = True
                decision = cache.link(asked)
                if decision is not None:
                    return self._merge(decision, canonical)
            decision = linker.link(asked)
            if decision is None:
                continue
            if decision.qid is None and decision.key is not None and not caches:
                canonical = canonical or decision
                continue
            decision = self._merge(decision, canonical)
            if caches:
                store = getattr(self.cache, "store", None)
                if store is not None:
                    store(asked, decision)
            return decision
        if self.cache is not None and not cache_asked:
            decision = self.cache.link(query)
            if decision is not None:
                return self._merge(decision, canonical)
        return canonical

    @staticmethod
    def _merge(decision: LinkDecision, canonical: LinkDecision | None) -> LinkDecision:
        if canonical is None or decision.key is not None:
            return decision
        return replace(decision, key=canonical.key, label=canonical.label)

    def close(self) -> None:
        for linker in (self.cache, *self.linkers):
            close = getattr(linker, "close", None)
            if close is not None:
                close()

    def __repr__(self) -> str:
        names = [linker.name for linker in self.linkers]
        return f"ChainLinker(cache={self.cache is not None}, linkers={names})"
