"""The act index: every communication event of the store, read once per query worker and kept in memory.

The overview, the actor pages and the network filter the same table of acts (type, document, date,
participants, confidence) by type, actor and date. Reading it through SPARQL on every request
costs an index lookup per act and per OPTIONAL (about 35 µs each in Oxigraph): a prominent actor of
924 articles has 1,600 acts, which made its page take a second. A worker's store is a read-only
snapshot, so the table is read once, with one single-pattern query per property (linear in the
corpus: about 3 s and 11 MB for the 12,817 acts of 924 articles), and the pages filter it in
Python in milliseconds. Text (content, sentences) is not kept: pages read it for the acts they show.
"""

from __future__ import annotations

import logging
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from newskg.web import queries as q

__all__ = ["Act", "ActIndex", "read_index"]

logger = logging.getLogger("newskg.web")


@dataclass(slots=True)
class Act:
    iri: str
    type: str
    doc: str = ""
    date: str | None = None  # the act's own date, else its article's (YYYY-MM-DD)
    speakers: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    confidence: str | None = None

    def roles_of(self, actor: str) -> list[str]:
        return [role for role, people in (("speaker", self.speakers), ("addressee", self.addressees),
                                          ("target", self.targets)) if actor in people]


@dataclass
class ActIndex:
    acts: dict[str, Act]
    by_actor: dict[str, list[str]]  # actor IRI -> the acts it takes part in (any role)
    documents: dict[str, dict[str, Any]]  # document IRI -> {"id", "date", "title"}
    labels: dict[str, str]  # actor IRI -> its least label
    seconds: float = 0.0

    def doc_id(self, act: Act) -> str:
        return self.documents.get(act.doc, {}).get("id", "")


def _rows(store: Any, sparql: str) -> list[tuple[str | None, ...]]:
    intern = sys.intern
    return [
        tuple(None if term is None else intern(term.value) for term in solution)
        for solution in store.query(sparql, use_default_graph_as_union=True)
    ]


def read_index(store: Any) -> ActIndex:
    """The act index of a :class:`pyoxigraph.Store`."""
    started = time.perf_counter()
    # (the queries bind ?doc and ?act, ?type in every row: the None checks only tell mypy so)
    documents: dict[str, dict[str, Any]] = {
        doc: {"id": doc_id, "date": (date or "")[:10] or None, "title": title}
        for doc, doc_id, date, title in _rows(store, q.DOCUMENTS)
        if doc is not None
    }
    acts = {iri: Act(iri, kind) for iri, kind in _rows(store, q.ACT_TYPES) if iri is not None and kind is not None}
    for name, sparql in q.ACT_PROPERTY.items():
        for iri, value in _rows(store, sparql):
            act = acts.get(iri) if iri is not None else None
            if act is None or value is None:
                continue  # a relation or position with the same property
            if name == "speaker":
                act.speakers.append(value)
            elif name == "addressee":
                act.addressees.append(value)
            elif name == "target":
                act.targets.append(value)
            elif name == "inDocument":
                act.doc = value
            elif name == "date":
                act.date = value[:10]
            elif name == "confidence":
                act.confidence = value
    by_actor: dict[str, list[str]] = defaultdict(list)
    for act in acts.values():
        if act.date is None:
            act.date = documents.get(act.doc, {}).get("date")
        for actor in dict.fromkeys(act.speakers + act.addressees + act.targets):
            by_actor[actor].append(act.iri)
    labels = {iri: label for iri, label in _rows(store, q.ACTOR_LABELS) if iri and label}
    index = ActIndex(acts, dict(by_actor), documents, labels, time.perf_counter() - started)
    logger.info("act index: %d acts, %d actors, %d documents in %.1f s", len(acts), len(by_actor), len(documents),
                index.seconds)
    return index
