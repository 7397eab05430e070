"""CAMEO root accuracy on the speech-act codings of PETRARCH validation records.

Each record is built as a document (id = the record's ``id``). A record counts when one of its codings
has a speech or diplomatic CAMEO root (:data:`SPEECH_ROOTS`). The system's top act (highest confidence,
then earliest cue) among the acts whose class maps to CAMEO is mapped to its root through the
ontology's SKOS links (``skos:exactMatch``, else ``skos:closeMatch``, to concepts of the CAMEO scheme
``https://w3id.org/newskg/cameo/`` with their ``skos:notation``); the record is right when that root is
one of the record's gold speech roots.

Source and target accuracy are counted on the speech codings whose gold actor code starts with a state's
ISO 3166-1 alpha-3 code (CAMEO writes ``RUSGOV`` for the Russian government, ``USA`` for the country):
the coding's source is found when one of the act's speakers is, or belongs to (``nk:country``,
``nk:hasMember``), that state; the target likewise among the act's targets and addressees. Consultations
(root 04) are coded both ways in CAMEO, so for them all participants count on both sides.
"""

from __future__ import annotations

import functools
import importlib.resources
import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from ..errors import NewsKGError, OntologyError
from .graph import NK, WD, GraphView, Participant, SystemAct, local_name, norm
from .scoring import Score

__all__ = [
    "SPEECH_ROOTS",
    "CAMEO",
    "cameo_roots",
    "country_names",
    "score_petr",
    "actor_countries",
]

log = logging.getLogger(__name__)

CAMEO = Namespace("https://w3id.org/newskg/cameo/")

#: CAMEO roots that are speech or diplomatic acts: 01 make public statement, 02 appeal, 03 express intent
#: to cooperate, 04 consult, 05 engage in diplomatic cooperation, 10 demand, 11 disapprove, 12 reject,
#: 13 threaten. The rest (06-09 material cooperation and aid, 14-20 protest, force, violence) are deeds.
SPEECH_ROOTS = ("01", "02", "03", "04", "05", "10", "11", "12", "13")

CONSULT_ROOT = "04"


def _ontology_path() -> Path:
    return Path(str(importlib.resources.files("newskg.ontology").joinpath("newskg.ttl")))


@functools.lru_cache(maxsize=4)
def cameo_roots(ontology: str | None = None) -> dict[str, str]:
    """newskg class local name -> its CAMEO root, read from the ontology's SKOS mappings.

    A class's code is its ``skos:exactMatch`` CAMEO concept; without one, the root most of its
    ``skos:closeMatch`` CAMEO concepts share (ties go to the lower root); without either, its nearest
    superclass's. Raises :class:`OntologyError` naming the file when it cannot be read or maps nothing.
    """
    path = Path(ontology) if ontology else _ontology_path()
    graph = Graph()
    try:
        graph.parse(str(path), format="turtle")
    except Exception as exc:  # a missing or broken ontology file
        raise OntologyError(f"cannot read the ontology: {exc}", where=str(path)) from exc

    def notation(concept: Node) -> str | None:
        if not str(concept).startswith(str(CAMEO)):
            return None
        value = graph.value(concept, SKOS.notation)
        code = str(value) if value is not None else local_name(concept)
        return code if code[:2].isdigit() else None

    direct: dict[Node, str] = {}
    classes = {c for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(str(NK))}
    for cls in classes:
        exact = sorted(c for c in map(notation, graph.objects(cls, SKOS.exactMatch)) if c)
        if exact:
            direct[cls] = exact[0][:2]
            continue
        close = Counter(c[:2] for c in map(notation, graph.objects(cls, SKOS.closeMatch)) if c)
        if close:
            direct[cls] = min(close, key=lambda root: (-close[root], root))
    roots: dict[str, str] = {}
    for cls in classes:
        # Walk up the class tree for classes that carry no mapping of their own.
        seen: set[Node] = set()
        todo: list[Node] = [cls]
        while todo:
            current = todo.pop(0)
            if current in seen:
                continue
            seen.add(current)
            if current in direct:
                roots[local_name(cls)] = direct[current]
                break
            todo.extend(p for p in graph.objects(current, RDFS.subClassOf) if isinstance(p, URIRef))
    if not roots:
        raise OntologyError("no class maps to a CAMEO concept", where=str(path))
    return roots


@functools.lru_cache(maxsize=1)
def country_names() -> dict[str, frozenset[str]]:
    """ISO 3166-1 alpha-3 code -> the normalised names (and Wikidata QIDs) that stand for that state.

    Names come from the shipped code table; when the builder's gazetteer is installed, each state's
    label, aliases and QID are added, so that "Russia", "Russian Federation" and Q159 all find RUS.
    """
    table = importlib.resources.files("newskg.evaluation").joinpath("data/iso3_countries.tsv")
    raw: dict[str, list[str]] = {}
    try:
        text = table.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise NewsKGError(
            "the state code table is missing from this installation",
            where=str(table),
            hint="newskg's package data must include evaluation/data/*",
        ) from exc
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, listed = line.split("\t", 1)
        raw.setdefault(code, []).extend(listed.split("|"))
    codes = {code: {norm(n) for n in names} for code, names in raw.items()}
    gazetteer = _gazetteer()
    if gazetteer is not None:
        for code, names in raw.items():
            for name in names:
                match = gazetteer.lookup(name, kinds=("State",))
                if match is None:
                    continue
                entry = match.entry
                codes[code].update(norm(n) for n in (entry.label, *entry.aliases))
                if entry.qid:
                    codes[code].add(norm(entry.qid))
    return {code: frozenset(names) for code, names in codes.items()}


def _gazetteer() -> Any:
    """The builder's offline gazetteer, or None when this installation has none."""
    try:
        from ..builder.linking.gazetteer import Gazetteer
    except ImportError:
        log.info("no gazetteer in this installation; PETR actors are matched by the code table's names only")
        return None
    return Gazetteer.default()


def actor_countries(graph: GraphView, actors: Sequence[Node | None]) -> set[str]:
    """The ISO alpha-3 codes of the states ``actors`` are or belong to (``nk:country``, ``nk:hasMember``)."""
    names_of = country_names()
    found: set[str] = set()
    todo = [a for a in actors if a is not None]
    seen: set[Node] = set()
    while todo:
        actor = todo.pop()
        if actor in seen:
            continue
        seen.add(actor)
        names = {norm(label) for label in graph.objects(actor, RDFS.label)}
        names |= {norm(local_name(s)) for s in graph.objects(actor, OWL.sameAs) if str(s).startswith(WD)}
        found |= {code for code, known in names_of.items() if names & known}
        todo.extend(graph.objects(actor, NK.country))
        todo.extend(graph.objects(actor, NK.hasMember))
    return found


def _gold_country(code: object) -> str | None:
    """The state a CAMEO actor code starts with (``RUSGOV`` -> ``RUS``), None for IGOs, ``---`` etc."""
    text = str(code or "").upper()
    return text[:3] if text[:3] in country_names() else None


def _root_of(act: SystemAct, roots: dict[str, str]) -> str | None:
    found = sorted(roots[t] for t in act.types if t in roots)
    return found[0] if found else None


def score_petr(
    acts: Sequence[SystemAct],
    records: Sequence[dict[str, Any]],
    graph: GraphView,
    *,
    ontology: str | None = None,
) -> Score:
    """Scores acts built from PETRARCH validation records (document id = the record's ``id``)."""
    roots = cameo_roots(ontology)
    by_doc: dict[str | None, list[SystemAct]] = defaultdict(list)
    for a in acts:
        by_doc[a.doc].append(a)
    tally = _PetrTally(graph, roots)
    for r in records:
        docid = str(r["id"])
        ranked = sorted(
            (a for a in by_doc.get(docid, []) if _root_of(a, roots)),
            key=lambda a: (-a.confidence, a.cue or (0, 0)),
        )
        speech = [c for c in r.get("codings") or [] if str(c.get("cameo_root") or "")[:2] in SPEECH_ROOTS]
        if speech:
            tally.speech_record(docid, speech, ranked)
        else:
            tally.nonspeech_record(docid, ranked)
    return tally.score(len(records))


@dataclass
class _PetrTally:
    """The counts :func:`score_petr` keeps over the records."""

    graph: GraphView
    roots: dict[str, str]
    n: int = 0
    root_top: int = 0
    root_any: int = 0
    codings: int = 0
    src_n: int = 0
    src_ok: int = 0
    tgt_n: int = 0
    tgt_ok: int = 0
    nonspeech: int = 0
    false_alarm: int = 0
    false_alarm_beyond_statements: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def countries(self, people: Sequence[Participant]) -> set[str]:
        return actor_countries(self.graph, [p.iri for p in people])

    def nonspeech_record(self, docid: str, ranked: list[SystemAct]) -> None:
        self.nonspeech += 1
        spoken = [a for a in ranked if _root_of(a, self.roots) in SPEECH_ROOTS]
        self.false_alarm += bool(spoken)
        # PETRARCH codes the reported event, never the attribution ("..., officials said"), so a
        # Statement on a sentence about a deed is not wrong in itself; this count leaves them out.
        self.false_alarm_beyond_statements += any(_root_of(a, self.roots) != "01" for a in spoken)
        if spoken:
            first = spoken[0]
            self.misses.append(f"{docid} (no speech): alarm {first.cue_text} {sorted(first.types)}")

    def speech_record(self, docid: str, speech: list[dict[str, Any]], ranked: list[SystemAct]) -> None:
        self.n += 1
        gold_roots = sorted({str(c["cameo_root"])[:2] for c in speech})
        top = _root_of(ranked[0], self.roots) if ranked else None
        system_roots = {_root_of(a, self.roots) for a in ranked}
        self.root_top += top in gold_roots
        self.root_any += bool(system_roots & set(gold_roots))
        self.confusion[(gold_roots[0], top or "none")] += 1
        problems = []
        if top not in gold_roots:
            got = f"{ranked[0].cue_text} {sorted(ranked[0].types)} -> {top}" if ranked else "no act"
            problems.append(f"root {'/'.join(gold_roots)}: top {got}")
        for coding in speech:
            problems += self.coding(coding, ranked)
        if problems:
            self.misses.append(f"{docid}: " + "; ".join(problems))

    def coding(self, coding: dict[str, Any], ranked: list[SystemAct]) -> list[str]:
        """Counts one gold coding's source and target countries; the problems found."""
        self.codings += 1
        root = str(coding["cameo_root"])[:2]
        act = next((a for a in ranked if _root_of(a, self.roots) == root), ranked[0] if ranked else None)
        if root == CONSULT_ROOT and act is not None:
            everyone = act.speaker + act.addressee + act.target
            sources = targets = everyone
        else:
            sources = act.speaker if act else []
            targets = (act.target + act.addressee) if act else []
        problems = []
        gold_source = _gold_country(coding.get("source_code"))
        gold_target = _gold_country(coding.get("target_code"))
        if gold_source:
            self.src_n += 1
            hit = gold_source in self.countries(sources)
            self.src_ok += hit
            if not hit:
                problems.append(f"source {coding.get('source_code')} got {sorted(self.countries(sources)) or '-'}")
        if gold_target:
            self.tgt_n += 1
            hit = gold_target in self.countries(targets)
            self.tgt_ok += hit
            if not hit:
                problems.append(f"target {coding.get('target_code')} got {sorted(self.countries(targets)) or '-'}")
        return problems

    def score(self, records: int) -> Score:
        n, nonspeech = self.n, self.nonspeech
        figures = {
            "records": records,
            "speech_roots": list(SPEECH_ROOTS),
            "speech_records": n,
            "speech_codings": self.codings,
            "root_top": round(self.root_top / n, 3) if n else 0.0,
            "root_any": round(self.root_any / n, 3) if n else 0.0,
            "country_sources": self.src_n,
            "source_accuracy": round(self.src_ok / self.src_n, 3) if self.src_n else None,
            "country_targets": self.tgt_n,
            "target_accuracy": round(self.tgt_ok / self.tgt_n, 3) if self.tgt_n else None,
            "nonspeech_records": nonspeech,
            "false_alarm_rate": round(self.false_alarm / nonspeech, 3) if nonspeech else None,
            "false_alarm_rate_beyond_01": (
                round(self.false_alarm_beyond_statements / nonspeech, 3) if nonspeech else None
            ),
            "root_confusion": {f"{g}->{s}": k for (g, s), k in sorted(self.confusion.items())},
        }
        summary = (
            f"petr: CAMEO root top {figures['root_top']:.2f} any {figures['root_any']:.2f} on {n} records, "
            f"source {figures['source_accuracy']}, target {figures['target_accuracy']}, "
            f"false alarms {figures['false_alarm_rate']}"
        )
        return Score("petr", figures, summary, self.misses)
