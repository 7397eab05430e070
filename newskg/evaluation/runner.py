"""The eval runner: build the gold texts with newskg (or take a built graph), then score it."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from .gold import GoldFormat, GoldSet, read_gold
from .graph import load_graph, read_acts
from .petr import score_petr
from .polnear import acts_from_graph, gold_attributions, score_polnear
from .scoring import Score, score_plover, score_seed

__all__ = ["evaluate", "build_gold", "score_graph"]

log = logging.getLogger(__name__)


def build_gold(
    gold: GoldSet, out: str | Path, *, model: str | None = None, base: str | None = None, learned: bool = True
) -> tuple[Path, list[str]]:
    """Builds the documents of ``gold`` offline into the TriG file ``out``.

    Returns the path and one line per document the build skipped (such a document has no acts, so
    it scores as missed; the lines say why).
    """
    # Imported here so that scoring an existing graph needs neither spaCy nor the builder.
    from ..builder.build import build
    from ..store.files import FileSink

    out = Path(out)
    options: dict[str, Any] = {"offline": True, "model": model, "progress": False, "force": True, "learned": learned}
    if base:
        options["base"] = base
    skipped: list[str] = []
    with FileSink(out) as sink:
        report = build(gold.documents, sink=sink, on_skip=lambda item: skipped.append(str(item)), **options)
    log.info("built the gold texts of %s into %s: %s", gold.path, out, report.summary())
    return out, skipped


def score_graph(gold: GoldSet, graph_path: str | Path, *, min_confidence: float = 0.0) -> Score:
    """Scores the graph at ``graph_path`` against ``gold``.

    ``min_confidence`` drops the acts whose ``nk:confidence`` is lower before scoring, to see what a
    threshold trades (0 keeps every act, as the referee does).
    """
    graph = load_graph(graph_path)
    acts = [a for a in read_acts(graph) if a.confidence >= min_confidence]
    if gold.format is GoldFormat.SEED:
        return score_seed(acts, gold.records[0])
    if gold.format is GoldFormat.PLOVER:
        return score_plover(acts, gold.records)
    if gold.format is GoldFormat.POLNEAR:
        return score_polnear(acts_from_graph(acts), gold_attributions(gold.records))
    return score_petr(acts, gold.records, graph)


def evaluate(
    gold_path: str | Path,
    *,
    format: GoldFormat | str | None = None,
    graph: str | Path | None = None,
    model: str | None = None,
    base: str | None = None,
    keep_graph: str | Path | None = None,
    min_confidence: float = 0.0,
    learned: bool = True,
) -> Score:
    """Measures newskg against a gold file.

    Without ``graph`` the gold texts are built offline with ``model`` (None: the default pipeline) into
    a temporary TriG file (or into ``keep_graph``, which is kept); with ``graph`` that built graph is
    scored as it is. ``min_confidence`` drops less confident acts before scoring; ``learned`` False
    builds with the rules alone (no learned attribution model). Raises
    :class:`~newskg.errors.InputError` for an unreadable gold file or graph.
    """
    gold = read_gold(gold_path, format=format)
    if graph is not None:
        return score_graph(gold, graph, min_confidence=min_confidence)
    with tempfile.TemporaryDirectory(prefix="newskg-eval-") as tmp:
        target = Path(keep_graph) if keep_graph is not None else Path(tmp) / "gold.trig"
        built, skipped = build_gold(gold, target, model=model, base=base, learned=learned)
        score = score_graph(gold, built, min_confidence=min_confidence)
    score.skipped = skipped
    return score
