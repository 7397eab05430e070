"""PolNeAR attributions: reading the corpus and scoring attributions against it as the referee does.

PolNeAR (networkdynamics/PolNeAR) annotates US political news with attributions: a **cue** ("said",
"according to", a colon before a quote), an optional **source** (who) and a **content** (what), each a
list of ``[begin, end]`` character spans into the article. The files come in pairs: ``*_docs.jsonl``
(``doc_id``, ``text``, ``publication_date``, ...) and ``*_attributions.jsonl`` (``doc_id``,
``annotator``, ``cue``, ``source``, ``content``, each ``{text, spans}`` or null). Some articles were
annotated twice; like the referee, only the first annotator seen for each article counts.

:func:`score_polnear` computes the referee's figures (``score.py polnear``) from any attributions that
have a cue span, speaker mention spans and a content text: the acts read from a built graph, or the
proposals of the attribution model (:class:`PolnearAct` holds either):

- **cue F1**: a gold attribution is found by the first unused act whose cue overlaps one of its cue
  spans (one whose speaker fits the gold source first); system acts are all acts that are not
  consultations.
- **source F1**: a found attribution whose source span is fitted by one of the act's speaker mentions
  (overlapping, at most twice as long plus 15 characters); precision over the acts with a speaker
  mention.
- **content overlap**: the mean token F1 between the gold content text and the act's content, over the
  found attributions that have a gold content.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..builder.facts import Document
from ..errors import InputError
from .graph import SystemAct, norm
from .scoring import Score, f1, fits

__all__ = [
    "CONSULTATION_TYPES",
    "PolnearAct",
    "PolnearAttribution",
    "PolnearCorpus",
    "acts_from_graph",
    "content_tokens",
    "docs_path_for",
    "gold_attributions",
    "read_polnear",
    "score_polnear",
]

#: Classes the referee leaves out: consultations are events, not attributions.
CONSULTATION_TYPES = frozenset({"Consultation", "PhoneCall", "Meeting", "Mediation", "Negotiation"})

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class PolnearAttribution:
    """One gold attribution of the first annotator of its article."""

    doc_id: str
    attribution_id: str
    kind: str  # "Attribution" | "Attribution-no-source"
    cue: Spans
    source: Spans
    content: Spans  # the first content part ("content"); "content_2" continues it
    content_text: str
    content_2: Spans = ()

    @property
    def content_spans(self) -> Spans:
        """Every span of the content, both parts."""
        return self.content + self.content_2


@dataclass(frozen=True, slots=True)
class PolnearCorpus:
    """A PolNeAR split read: the articles (as documents to build) and the gold attributions."""

    documents: list[Document]
    attributions: list[PolnearAttribution]
    records: list[dict[str, Any]]  # the attribution rows as read (all annotators)

    def by_doc(self) -> dict[str, list[PolnearAttribution]]:
        grouped: dict[str, list[PolnearAttribution]] = defaultdict(list)
        for attribution in self.attributions:
            grouped[attribution.doc_id].append(attribution)
        return grouped


def docs_path_for(attributions_path: str | Path) -> Path:
    """The articles file next to an attributions file: ``x_attributions.jsonl`` -> ``x_docs.jsonl``.

    >>> docs_path_for("data/polnear_dev_attributions.jsonl").name
    'polnear_dev_docs.jsonl'
    """
    path = Path(attributions_path)
    if "attributions" not in path.name:
        raise InputError("a PolNeAR attributions file is named *attributions*.jsonl", where=str(path))
    return path.with_name(path.name.replace("attributions", "docs"))


def read_jsonl_objects(path: Path, *, what: str = "a PolNeAR line") -> list[dict[str, Any]]:
    """The JSON objects of a JSON Lines file (blank lines skipped); a bad line is an InputError
    naming ``path:line``, and ``what`` names what each line must be."""
    if not path.is_file():
        raise InputError("no such file", where=str(path))
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"malformed JSON: {exc.msg}", where=f"{path}:{number}") from exc
            if not isinstance(row, dict):
                raise InputError(f"{what} must be a JSON object", where=f"{path}:{number}")
            rows.append(row)
    return rows


def _spans(part: Any) -> Spans:
    if not part or not part.get("spans"):
        return ()
    return tuple((int(b), int(e)) for b, e in part["spans"])


def _first_annotator_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    first: dict[str, Any] = {}
    rows = list(rows)
    for row in rows:
        first.setdefault(row["doc_id"], row.get("annotator"))
    return [row for row in rows if row.get("annotator") == first[row["doc_id"]]]


def read_polnear(attributions_path: str | Path, docs_path: str | Path | None = None) -> PolnearCorpus:
    """Reads a PolNeAR split: the attributions file and its articles (next to it unless ``docs_path``).

    Only the first annotator of each article is kept, and only attributions with a cue (as the referee
    counts them). Raises :class:`InputError` naming the file and line when one is missing or malformed.
    """
    attributions_path = Path(attributions_path)
    docs_file = Path(docs_path) if docs_path is not None else docs_path_for(attributions_path)
    documents = []
    for number, row in enumerate(read_jsonl_objects(docs_file), 1):
        if "doc_id" not in row or "text" not in row:
            raise InputError("a PolNeAR article needs doc_id and text", where=f"{docs_file}:{number}")
        documents.append(
            Document(id=str(row["doc_id"]), text=row["text"], published=row.get("publication_date") or None,
                     source=str(docs_file))
        )
    records = read_jsonl_objects(attributions_path)
    for number, row in enumerate(records, 1):
        if "doc_id" not in row:
            raise InputError("a PolNeAR attribution needs doc_id", where=f"{attributions_path}:{number}")
    return PolnearCorpus(documents, gold_attributions(records), records)


def gold_attributions(records: Iterable[dict[str, Any]]) -> list[PolnearAttribution]:
    """The attributions the referee counts: those of each article's first annotator that have a cue."""
    gold = []
    for row in _first_annotator_rows(records):
        cue = _spans(row.get("cue"))
        if not cue:
            continue
        content = row.get("content") or {}
        gold.append(
            PolnearAttribution(
                doc_id=str(row["doc_id"]),
                attribution_id=str(row.get("attribution_id", "")),
                kind=str(row.get("kind", "Attribution")),
                cue=cue,
                source=_spans(row.get("source")),
                content=_spans(content),
                content_text=str(content.get("text") or ""),
                content_2=_spans(row.get("content_2")),
            )
        )
    return gold


@dataclass(slots=True, eq=False)
class PolnearAct:
    """A system attribution as the PolNeAR score sees it: a cue, speaker mention spans, a content text."""

    doc: str | None
    cue: tuple[int, int] | None
    speakers: list[tuple[int, int]] = field(default_factory=list)
    content: str = ""
    label: str = ""  # what a miss line shows: the cue text, the act's classes


def acts_from_graph(acts: Iterable[SystemAct]) -> list[PolnearAct]:
    """The graph's acts the referee counts (all but consultations), with their speaker mentions in the
    graph's order."""
    out = []
    for act in acts:
        if not act.types - CONSULTATION_TYPES:
            continue
        spans = [s for person in act.speaker for s in person.spans]
        out.append(PolnearAct(act.doc, act.cue, spans, act.content, f"{act.cue_text} {sorted(act.types)}"))
    return out


def content_tokens(text: str) -> list[str]:
    """The words of a content, as the referee compares them: normalised, punctuation as space.

    >>> content_tokens("“We won’t go,” he said.")
    ['we', 'won', 't', 'go', 'he', 'said']
    """
    return [t for t in "".join(c if c.isalnum() or c.isspace() else " " for c in norm(text)).split() if t]


def _overlap(a: tuple[int, int] | None, b: tuple[int, int]) -> bool:
    return bool(a and a[0] < b[1] and b[0] < a[1])


def score_polnear(acts: Sequence[PolnearAct], attributions: Sequence[PolnearAttribution]) -> Score:
    """The referee's PolNeAR figures for ``acts`` against the gold ``attributions`` (see the module)."""
    docs = {a.doc_id for a in attributions}
    by_doc: dict[str | None, list[PolnearAct]] = defaultdict(list)
    for act in acts:
        if act.doc in docs:
            by_doc[act.doc].append(act)
    n_sys = sum(len(v) for v in by_doc.values())
    n_sys_with_speaker = sum(1 for v in by_doc.values() for a in v if a.speakers)
    n_src_gold = sum(1 for g in attributions if g.source)
    used: set[int] = set()
    cue_tp = src_tp = 0
    content_f: list[float] = []
    misses: list[str] = []
    for gold in attributions:
        cands = [
            a for a in by_doc.get(gold.doc_id, []) if id(a) not in used and any(_overlap(a.cue, s) for s in gold.cue)
        ]
        where = f"{gold.doc_id} {gold.attribution_id} cue@{gold.cue[0][0]}"
        if not cands:
            misses.append(f"{where}: no act")
            continue

        def source_hit(act: PolnearAct, gold: PolnearAttribution = gold) -> bool:
            return any(fits(s, g) for s in act.speakers for g in gold.source)

        cands.sort(key=lambda a: (not source_hit(a), a.cue))
        act = cands[0]
        used.add(id(act))
        cue_tp += 1
        hit = bool(gold.source) and source_hit(act)
        src_tp += hit
        if gold.source and not hit:
            misses.append(f"{where}: source {list(gold.source)} not found by {act.label} speakers {act.speakers}")
        if gold.content_text:
            gt, st = content_tokens(gold.content_text), content_tokens(act.content)
            common = sum(min(gt.count(t), st.count(t)) for t in set(gt))
            content_f.append(f1(common, len(st) - common, len(gt) - common))
    cue_f1 = f1(cue_tp, n_sys - cue_tp, len(attributions) - cue_tp)
    src_f1 = f1(src_tp, n_sys_with_speaker - src_tp, n_src_gold - src_tp)
    figures = {
        "gold_attributions": len(attributions),
        "gold_with_source": n_src_gold,
        "system_acts": n_sys,
        "cue_f1": round(cue_f1, 3),
        "source_f1": round(src_f1, 3),
        "content_overlap_f1_on_matched": round(sum(content_f) / len(content_f), 3) if content_f else 0.0,
    }
    for doc, doc_acts in sorted(by_doc.items(), key=lambda item: str(item[0])):
        for act in doc_acts:
            if id(act) not in used:
                misses.append(f"{doc}: spurious {act.label}@{(act.cue or (0,))[0]}")
    summary = (
        f"polnear: cue F1 {cue_f1:.2f}, source F1 {src_f1:.2f}, "
        f"content overlap {figures['content_overlap_f1_on_matched']:.2f}"
    )
    return Score("polnear", figures, summary, misses)
