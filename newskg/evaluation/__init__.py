"""Measuring newskg's extraction against gold data: ``newskg eval``.

Formats: ``seed`` (the hand-annotated seed article), ``plover`` (PLOVER gold-standard records),
``petr`` (PETRARCH validation records with CAMEO codings) and ``polnear`` (PolNeAR attributions). The
seed, PLOVER and PolNeAR figures are computed as the project's referee computes them, from the RDF
contract alone; see docs/accuracy.md.

>>> from newskg.evaluation import GoldFormat
>>> GoldFormat("plover").value
'plover'
"""

from __future__ import annotations

from .gold import GoldFormat, GoldSet, guess_format, read_gold
from .graph import SystemAct, load_graph, read_acts
from .petr import SPEECH_ROOTS, cameo_roots, score_petr
from .polnear import PolnearAct, PolnearAttribution, read_polnear, score_polnear
from .runner import build_gold, evaluate, score_graph
from .scoring import PLOVER_OF, Score, score_plover, score_seed

__all__ = [
    "GoldFormat",
    "GoldSet",
    "PLOVER_OF",
    "PolnearAct",
    "PolnearAttribution",
    "SPEECH_ROOTS",
    "Score",
    "SystemAct",
    "build_gold",
    "cameo_roots",
    "evaluate",
    "guess_format",
    "load_graph",
    "read_acts",
    "read_gold",
    "read_polnear",
    "score_graph",
    "score_petr",
    "score_plover",
    "score_polnear",
    "score_seed",
]
