"""``newskg eval``: measure the extraction against gold data."""

from __future__ import annotations

import json

import click

from ..evaluation import GoldFormat, evaluate
from .common import EXIT_CODES_HELP, fail_on_errors

__all__ = ["COMMANDS", "eval_command"]


@click.command(
    "eval",
    help=(
        "Measure newskg against the gold file GOLD: build its texts offline (or read --graph), then print "
        "the figures as one JSON object and a one-line summary as the last line. Formats: seed (the "
        "hand-annotated seed article; the text is the gold's 'document' next to it), plover (PLOVER "
        "gold-standard JSONL, document id = seq), petr (PETRARCH validation JSONL: CAMEO root accuracy "
        "on its speech-act codings), polnear (a PolNeAR *_attributions.jsonl file, its articles the "
        "*_docs.jsonl file next to it, document id = doc_id: cue F1, source F1, content overlap). "
        + EXIT_CODES_HELP
    ),
)
@click.argument("gold", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--format",
    "gold_format",
    type=click.Choice([f.value for f in GoldFormat]),
    default=None,
    help="Gold format; guessed from the file name, else from its first record, when absent.",
)
@click.option(
    "--graph",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Score this already built graph (.trig, .nq, .ttl, .nt, .jsonld) instead of building the texts.",
)
@click.option(
    "--model",
    default=None,
    help="spaCy pipeline (package name or path) to build with; the default English pipeline when absent.",
)
@click.option(
    "--learned/--no-learned",
    default=True,
    show_default=True,
    help="Build with the learned attribution model and the rules (--no-learned: the rules alone).",
)
@click.option(
    "--keep-graph",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Write the graph built from the gold texts to this TriG file and keep it.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Drop acts whose nk:confidence is below this before scoring (0 scores every act, as the referee does).",
)
@click.option(
    "--misses/--no-misses",
    default=True,
    show_default=True,
    help="List what was missed or found wrongly, one line each, before the figures.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    default=False,
    help="Print only the JSON object of figures (with the misses under 'miss_list' when --misses).",
)
@fail_on_errors
def eval_command(
    gold: str,
    gold_format: str | None,
    graph: str | None,
    model: str | None,
    learned: bool,
    keep_graph: str | None,
    min_confidence: float,
    misses: bool,
    as_json: bool,
) -> None:
    score = evaluate(
        gold,
        format=gold_format,
        graph=graph,
        model=model,
        keep_graph=keep_graph,
        min_confidence=min_confidence,
        learned=learned,
    )
    for line in score.skipped:
        click.echo(f"newskg: warning: the build skipped {line}; it scores as missed", err=True)
    if as_json:
        figures = dict(score.figures)
        if misses:
            figures["miss_list"] = score.misses
        if score.skipped:
            figures["skipped_documents"] = score.skipped
        click.echo(json.dumps(figures, indent=1))
        return
    if misses:
        for line in score.misses:
            click.echo(f"miss: {line}")
    click.echo(score.to_json())
    click.echo(score.summary)


COMMANDS: list[click.Command] = [eval_command]
