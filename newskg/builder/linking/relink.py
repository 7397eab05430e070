"""Relinking a built store: ``newskg link --store DIR [--online]``.

Reads every actor and conflict that some document graph describes without ``owl:sameAs``, links
it (an actor already linked in another graph gets that QID, so all graphs agree), and adds
``owl:sameAs wd:Q…`` and ``nk:linkConfidence`` inside each graph that describes it: every graph
keeps standing alone. IRIs never change here (a store's IRIs may be cited elsewhere); groups
standing for several actors (``nk:hasMember``) are not linked. All additions are written in one
transaction.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from newskg.ontology.terms import NAMESPACE
from newskg.ontology.terms import NK as TERMS

from ...errors import StoreError
from .apply import DEFAULT_API_URL, DEFAULT_SPARQL_URL, MIN_CONFIDENCE, build_linker
from .base import WIKIDATA_ENTITY, EntityLinker, LinkQuery
from .cache import default_cache_path

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["RelinkReport", "relink_store"]

log = logging.getLogger(__name__)

NK = NAMESPACE
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"

_KIND_OF_CLASS = {
    "Person": "Person", "Organization": "Organization", "State": "State", "Group": "Group",
    "Conflict": "Conflict", "ArmedConflict": "Conflict", "War": "Conflict", "Crisis": "Conflict",
}

_UNLINKED = f"""PREFIX nk: <{NK}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?g ?node ?class ?label WHERE {{
  GRAPH ?g {{
    VALUES ?class {{ {" ".join(f"nk:{c}" for c in _KIND_OF_CLASS)} }}
    ?node a ?class ; rdfs:label ?label .
    FILTER NOT EXISTS {{ ?node owl:sameAs ?same }}
    FILTER NOT EXISTS {{ ?node nk:hasMember ?member }}
  }}
}}"""

_LINKED = f"""PREFIX nk: <{NK}>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?node ?same ?confidence WHERE {{
  GRAPH ?g {{ ?node owl:sameAs ?same . OPTIONAL {{ ?node nk:linkConfidence ?confidence }} }}
  FILTER(STRSTARTS(STR(?same), "{WIKIDATA_ENTITY}"))
}}"""

_TITLES = f"""PREFIX nk: <{NK}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?g ?node ?title ?stateLabel WHERE {{
  GRAPH ?g {{
    ?node nk:holdsPosition ?position . ?position nk:title ?title .
    OPTIONAL {{ ?position nk:ofState ?state . ?state rdfs:label ?stateLabel }}
  }}
}}"""

_STATES = f"""PREFIX nk: <{NK}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?g ?label WHERE {{ GRAPH ?g {{ ?state a nk:State ; rdfs:label ?label }} }}"""


@dataclass(slots=True)
class RelinkReport:
    """What a relink did."""

    unlinked: int = 0  # actors and conflicts found without owl:sameAs (distinct IRIs)
    linked: int = 0  # of those, now linked
    from_other_graphs: int = 0  # linked by reusing the QID another graph already gave them
    graphs_changed: int = 0
    triples_added: int = 0
    sources: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        by = ", ".join(f"{n} from {s}" for s, n in sorted(self.sources.items()))
        return (f"linked {self.linked} of {self.unlinked} unlinked actors and conflicts"
                f"{f' ({by})' if by else ''}; added {self.triples_added} triples to {self.graphs_changed} graphs")


def relink_store(
    store_dir: str | Path,
    *,
    online: bool,
    linker: EntityLinker | None = None,
    cache_path: Path | None = None,
    api_url: str = DEFAULT_API_URL,
    sparql_url: str = DEFAULT_SPARQL_URL,
) -> RelinkReport:
    """Links the unlinked actors and conflicts of the embedded store at ``store_dir`` in place.

    Offline (``online=False``) it uses the cache and the gazetteer only. The cache defaults to the
    file beside the store (:func:`default_cache_path`).
    """
    store_dir = Path(store_dir)
    store = _open(store_dir)
    owns_linker = linker is None
    if linker is None:
        linker = build_linker(offline=not online, cache_path=cache_path or default_cache_path(store_dir),
                              api_url=api_url, sparql_url=sparql_url)
    report = RelinkReport()
    try:
        quads, changed = _links(_Evidence.read(store), linker, report)
        if quads:
            try:
                store.extend(quads)  # one transaction: all links or none
                store.flush()
            except OSError as exc:
                raise StoreError(f"cannot write the links: {exc}", where=str(store_dir)) from exc
        report.triples_added = len(quads)
        report.graphs_changed = len(changed)
        log.info("%s: %s", store_dir, report.summary())
        return report
    finally:
        if owns_linker:
            close = getattr(linker, "close", None)
            if close is not None:
                close()
        del store


def _open(store_dir: Path) -> ox.Store:
    import pyoxigraph as ox

    if not store_dir.is_dir():
        raise StoreError("no store here", where=str(store_dir), hint="build one with `newskg build --store DIR`")
    try:
        return ox.Store(str(store_dir))
    except OSError as exc:
        from ...store.failures import store_failure

        raise store_failure(exc, store=store_dir, doing="cannot open the store") from exc


@dataclass(slots=True)
class _Evidence:
    """What the store says about its unlinked actors: links other graphs already made, titles and
    the states each graph names (evidence for the linker), and the unlinked IRIs with their graphs."""

    known: dict[str, tuple[str, str | None]]
    titles: dict[tuple[str, str], list[tuple[str, str | None]]]
    states: dict[str, list[str]]
    wanted: dict[str, dict]

    @classmethod
    def read(cls, store: ox.Store) -> _Evidence:
        known: dict[str, tuple[str, str | None]] = {}
        for row in store.query(_LINKED):  # type: ignore[union-attr]
            known.setdefault(row["node"].value, (row["same"].value, row["confidence"].value if row["confidence"]
                                                  else None))
        titles: dict[tuple[str, str], list[tuple[str, str | None]]] = defaultdict(list)
        for row in store.query(_TITLES):  # type: ignore[union-attr]
            state = row["stateLabel"].value if row["stateLabel"] is not None else None
            titles[(row["g"].value, row["node"].value)].append((row["title"].value, state))
        states: dict[str, list[str]] = defaultdict(list)
        for row in store.query(_STATES):  # type: ignore[union-attr]
            states[row["g"].value].append(row["label"].value)
        wanted: dict[str, dict] = {}
        for row in store.query(_UNLINKED):  # type: ignore[union-attr]
            node, graph = row["node"].value, row["g"].value
            entry = wanted.setdefault(node, {"graphs": set(), "label": row["label"].value, "kind":
                                             _KIND_OF_CLASS[row["class"].value.removeprefix(NK)]})
            entry["graphs"].add(graph)
        return cls(known, titles, states, wanted)


def _links(evidence: _Evidence, linker: EntityLinker, report: RelinkReport) -> tuple[list[ox.Quad], set[str]]:
    """The quads linking each unlinked IRI inside every graph that describes it, and those graphs."""
    import pyoxigraph as ox

    report.unlinked = len(evidence.wanted)
    quads = []
    changed: set[str] = set()
    for node, entry in sorted(evidence.wanted.items()):
        if node in evidence.known:
            same, confidence = evidence.known[node]
            report.from_other_graphs += 1
            source = "other graphs"
        else:
            graph_titles = tuple(t for g in sorted(entry["graphs"]) for t in evidence.titles.get((g, node), ()))
            graph_states = tuple(sorted({s for g in entry["graphs"] for s in evidence.states.get(g, ())}))
            decision = linker.link(LinkQuery(entry["label"], entry["kind"], titles=graph_titles,
                                             states=graph_states))
            if decision is None or decision.qid is None or decision.confidence < MIN_CONFIDENCE:
                continue
            same, confidence = WIKIDATA_ENTITY + decision.qid, str(Decimal(str(round(decision.confidence, 4))))
            source = decision.source + (" (cached)" if decision.cached else "")
        report.linked += 1
        report.sources[source] = report.sources.get(source, 0) + 1
        for graph in sorted(entry["graphs"]):
            g = ox.NamedNode(graph)
            quads.append(ox.Quad(ox.NamedNode(node), ox.NamedNode(OWL_SAME_AS), ox.NamedNode(same), g))
            if confidence is not None:
                quads.append(ox.Quad(ox.NamedNode(node), ox.NamedNode(str(TERMS.linkConfidence)),
                                     ox.Literal(confidence, datatype=ox.NamedNode(XSD_DECIMAL)), g))
            changed.add(graph)
    return quads, changed
