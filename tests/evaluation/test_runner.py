"""The eval runner end to end: gold texts built with the real pipeline, then scored."""

from __future__ import annotations

import json

import pytest

from newskg.evaluation import evaluate, load_graph, read_acts
from newskg.evaluation.graph import document_ids

from .conftest import needs_referee, run_referee

pytestmark = pytest.mark.slow


@needs_referee
def test_a_built_seed_gold_scores_as_the_referee_scores_it(seed_files, tmp_path):
    gold_path, text = seed_files
    kept = tmp_path / "built.trig"
    score = evaluate(gold_path, keep_graph=kept)
    graph = load_graph(kept)
    assert list(document_ids(graph).values()) == ["nordic_article"]
    assert read_acts(graph), "the builder found no speech act in an article full of them"
    theirs, last = run_referee("seed", kept, gold_path)
    assert (score.figures, score.summary) == (theirs, last)
    # Scoring the kept graph again gives the same figures without building.
    assert evaluate(gold_path, graph=kept).figures == score.figures


def test_plover_records_are_built_under_their_seq(tmp_path):
    records = [
        {"seq": 7, "text": "Kenya accused Uganda of closing the border.", "plover_event": "DISAPPROVE",
         "is_speech_or_diplomatic_act": True, "reciprocal": False,
         "source": [{"text": "Kenya", "char_start": 0, "char_end": 5}],
         "target": [{"text": "Uganda", "char_start": 14, "char_end": 20}]},
        {"seq": 9, "text": "Heavy rain fell on Nairobi.", "plover_event": "MATERIAL",
         "is_speech_or_diplomatic_act": False, "reciprocal": False, "source": [], "target": []},
    ]
    gold = tmp_path / "mine_plover.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    kept = tmp_path / "built.trig"
    score = evaluate(gold, keep_graph=kept)
    assert sorted(document_ids(load_graph(kept)).values()) == ["7", "9"]
    assert score.figures["speech_records"] == 1 and score.figures["nonspeech_records"] == 1
    assert score.figures["category_any"] == 1.0, score.misses  # "accused" is an accusation: DISAPPROVE


def test_a_document_the_build_skips_is_reported_and_scored_as_missed(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import newskg.builder.build as build_module
    from newskg.builder.corpus import Skipped
    from newskg.cli.eval_commands import eval_command

    real_build = build_module.build

    def build_skipping_seq_2(documents, *, on_skip, **options):
        # The real build, except that it refuses document "2" the way it refuses a document it cannot read.
        on_skip(Skipped("2", "extraction failed: simulated"))
        return real_build([d for d in documents if d.id != "2"], on_skip=on_skip, **options)

    monkeypatch.setattr(build_module, "build", build_skipping_seq_2)
    records = [
        {"seq": n, "text": text, "plover_event": "DISAPPROVE", "is_speech_or_diplomatic_act": True,
         "reciprocal": False, "source": [], "target": []}
        for n, text in ((1, "Kenya accused Uganda of lying."), (2, "Chad accused Sudan of lying."))
    ]
    gold = tmp_path / "two_plover.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    result = CliRunner().invoke(eval_command, [str(gold), "--json", "--no-misses"])
    assert result.exit_code == 0, result.output
    assert "newskg: warning: the build skipped 2: extraction failed: simulated" in result.stderr
    figures = json.loads(result.stdout)
    assert figures["skipped_documents"] == ["2: extraction failed: simulated"]
    assert figures["category_any"] == 0.5  # the skipped record has no act
