"""Regenerating the gazetteer from Wikidata: ``newskg gazetteer refresh [--out FILE]``.

Starts from a gazetteer (the shipped one by default) and asks Wikidata, through the SPARQL endpoint
and the search API:

1. every entry with a QID: is the item still there and of the entry's kind (``P31/P279*``)? A QID
   that fails the check is dropped (an unverified entry is better than a wrong link); a state's
   capital is refreshed from ``P36``;
2. every entry without a QID: the online linker, with the entry's titles and country as evidence,
   proposes one; it is kept only with the linker's usual margin;
3. every UN member state (``P463`` United Nations, ``P31`` sovereign state) that the gazetteer lacks
   is added with its label, capital and English demonyms (``P1549``).

Names, aliases, metonyms and titles (editorial knowledge Wikidata does not hold in a usable form)
are kept. Offline it raises :class:`LinkingError` before writing anything.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ...errors import LinkingError
from ..facts import slug
from .apply import DEFAULT_API_URL, DEFAULT_SPARQL_URL, MIN_CONFIDENCE
from .base import LinkQuery
from .gazetteer import Gazetteer, GazetteerEntry, write_gazetteer
from .online import KIND_CLASSES, WD, WikidataClient, WikidataLinker, WikidataUnreachable

__all__ = ["RefreshReport", "refresh_gazetteer"]

log = logging.getLogger(__name__)

UN = "Q1065"


@dataclass(slots=True)
class RefreshReport:
    """What a refresh changed."""

    checked: int = 0
    confirmed: int = 0
    dropped: list[str] = field(default_factory=list)  # "key: Q... (why)"
    filled: list[str] = field(default_factory=list)  # "key: Q..."
    added: list[str] = field(default_factory=list)  # keys of new states
    capitals: list[str] = field(default_factory=list)  # "key: old -> new"

    def summary(self) -> str:
        return (f"checked {self.checked} QIDs ({self.confirmed} confirmed, {len(self.dropped)} dropped), "
                f"filled {len(self.filled)}, added {len(self.added)} states, updated {len(self.capitals)} capitals")


def _values(qids: list[str]) -> str:
    return " ".join(f"wd:{q}" for q in qids)


_PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@dataclass(slots=True)
class _Refresh:
    """What the steps of one refresh share: the entries as they change, the client and the report."""

    entries: dict[str, GazetteerEntry]
    client: WikidataClient
    linker: WikidataLinker
    report: RefreshReport
    today: str
    say: Callable[[str], None]
    api_url: str


def refresh_gazetteer(
    *,
    gazetteer: Gazetteer | None = None,
    out: Path,
    api_url: str = DEFAULT_API_URL,
    sparql_url: str = DEFAULT_SPARQL_URL,
    timeout: float = 30.0,
    min_interval: float = 0.2,
    progress: Callable[[str], None] | None = None,
) -> RefreshReport:
    """Checks and completes ``gazetteer`` against Wikidata and writes the result to ``out``."""
    gazetteer = gazetteer or Gazetteer.default()
    client = WikidataClient(api_url=api_url, sparql_url=sparql_url, timeout=timeout, min_interval=min_interval)
    run = _Refresh(
        entries={e.key: e for e in gazetteer}, client=client,
        linker=WikidataLinker(api_url=api_url, sparql_url=sparql_url, client=client, gazetteer=gazetteer),
        report=RefreshReport(), today=dt.date.today().isoformat(),
        say=progress or (lambda message: log.info("%s", message)), api_url=api_url,
    )
    try:
        _check_qids(run)
        _refresh_capitals(run)
        _fill_missing_qids(run)
        _add_un_members(run)
    except WikidataUnreachable as exc:
        raise LinkingError(f"cannot refresh the gazetteer: {exc.message}", where=exc.where,
                           hint="refresh needs the network; the shipped gazetteer is unchanged") from exc
    preamble = (
        f"newskg gazetteer, refreshed from Wikidata ({sparql_url}) on {run.today} by newskg gazetteer refresh.\n"
        f"Started from: {gazetteer.source}. QIDs checked against P31/P279* of the entry's kind; capitals from P36;\n"
        "new UN member states with P1549 demonyms. Names, aliases, metonyms and titles kept from the start file.\n"
        "Format: see newskg/builder/linking/data/gazetteer.tsv."
    )
    write_gazetteer(run.entries.values(), out, preamble=preamble)
    run.say(run.report.summary())
    return run.report


def _check_qids(run: _Refresh) -> None:
    """1. Existing QIDs: still there, still of the right kind? A QID that fails is dropped."""
    by_kind: dict[str, list[GazetteerEntry]] = {}
    for entry in run.entries.values():
        if entry.qid and entry.kind in KIND_CLASSES:
            by_kind.setdefault(entry.kind, []).append(entry)
    for kind, group in sorted(by_kind.items()):
        run.say(f"checking {len(group)} {kind} QIDs")
        ok: set[str] = set()
        for start in range(0, len(group), 100):
            batch = [e.qid for e in group[start : start + 100] if e.qid]
            rows = run.client.select(
                _PREFIXES + f"SELECT DISTINCT ?item WHERE {{ VALUES ?item {{ {_values(batch)} }} "
                f"VALUES ?class {{ {_values(list(KIND_CLASSES[kind]))} }} ?item wdt:P31/wdt:P279* ?class . }}"
            )
            ok.update(r["item"].removeprefix(WD) for r in rows)
        for entry in group:
            run.report.checked += 1
            if entry.qid in ok:
                run.report.confirmed += 1
                continue
            run.report.dropped.append(f"{entry.key}: {entry.qid} (not a {kind} in Wikidata)")
            run.entries[entry.key] = replace(entry, qid=None, note=f"{entry.note}; QID {entry.qid} dropped by "
                                                                  f"refresh {run.today}: not a {kind}")


def _refresh_capitals(run: _Refresh) -> None:
    """A state's capital from P36, when Wikidata names exactly one."""
    states = [e for e in run.entries.values() if e.kind == "State" and e.qid]
    qids = [e.qid for e in states if e.qid]
    rows = run.client.select(
        _PREFIXES + f"SELECT ?item ?capitalLabel WHERE {{ VALUES ?item {{ {_values(qids)} }} "
        "?item wdt:P36 ?capital . ?capital rdfs:label ?capitalLabel . "
        'FILTER(LANGMATCHES(LANG(?capitalLabel), "en")) }'
    )
    capitals: dict[str, set[str]] = {}
    for row in rows:
        capitals.setdefault(row["item"].removeprefix(WD), set()).add(row["capitalLabel"])
    for entry in states:
        found = capitals.get(entry.qid or "", set())
        if len(found) == 1 and entry.capital not in found:
            (new,) = found
            run.report.capitals.append(f"{entry.key}: {entry.capital} -> {new}")
            run.entries[entry.key] = replace(entry, capital=new)


def _fill_missing_qids(run: _Refresh) -> None:
    """2. Entries without a QID: the online linker proposes one, kept with its usual margin."""
    entries = run.entries
    missing = [e for e in entries.values() if not e.qid and e.kind in KIND_CLASSES]
    run.say(f"searching Wikidata for {len(missing)} entries without a QID")
    for entry in missing:
        titles = tuple((t, (entries[s].label if s in entries else s) if s else None) for t, s in entry.titles)
        country = entries.get(entry.country or "")
        decision = run.linker.link(LinkQuery(entry.label, entry.kind, titles=titles,
                                             states=(country.label,) if country else ()))
        if not run.linker.available:
            raise WikidataUnreachable("Wikidata stopped answering during the refresh", where=run.api_url)
        if decision is not None and decision.qid and decision.confidence >= MIN_CONFIDENCE:
            if any(e.qid == decision.qid for e in entries.values()):
                continue  # already another entry's item: not this one
            run.report.filled.append(f"{entry.key}: {decision.qid}")
            entries[entry.key] = replace(entry, qid=decision.qid, note=(
                f"{entry.note}; QID from Wikidata search by newskg gazetteer refresh {run.today} "
                f"(confidence {decision.confidence:.2f})"))


def _add_un_members(run: _Refresh) -> None:
    """3. UN member states the gazetteer lacks, with their capital and English demonyms."""
    rows = run.client.select(
        _PREFIXES + "SELECT ?item ?label ?capitalLabel ?demonym WHERE { "
        f"?item wdt:P463 wd:{UN} ; wdt:P31 wd:Q3624078 ; rdfs:label ?label . "
        'FILTER(LANGMATCHES(LANG(?label), "en")) '
        "OPTIONAL { ?item wdt:P36 ?capital . ?capital rdfs:label ?capitalLabel . "
        'FILTER(LANGMATCHES(LANG(?capitalLabel), "en")) } '
        'OPTIONAL { ?item wdt:P1549 ?demonym . FILTER(LANGMATCHES(LANG(?demonym), "en")) } }'
    )
    known = {e.qid for e in run.entries.values() if e.qid}
    new: dict[str, dict] = {}
    for row in rows:
        qid = row["item"].removeprefix(WD)
        if qid in known:
            continue
        item = new.setdefault(qid, {"label": row["label"], "capital": row.get("capitalLabel"), "demonyms": []})
        if row.get("demonym") and row["demonym"] not in item["demonyms"]:
            item["demonyms"].append(row["demonym"])
    for qid, item in sorted(new.items()):
        key = slug(item["label"])
        if key in run.entries:
            continue
        run.report.added.append(key)
        run.entries[key] = GazetteerEntry(
            key=key, label=item["label"], kind="State", qid=qid, capital=item["capital"],
            demonyms=tuple(item["demonyms"]),
            note=f"UN member state added from Wikidata by newskg gazetteer refresh {run.today}",
        )
