"""Gold readers, format guessing and the ``newskg eval`` command (on already built graphs)."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from newskg.cli.eval_commands import COMMANDS, eval_command
from newskg.errors import InputError
from newskg.evaluation import GoldFormat, guess_format, load_graph, read_gold

from .test_scoring import plover_files, plover_graph, seed_graph


def test_formats_are_guessed_from_the_name_then_the_content(tmp_path, seed_files):
    gold_path, _ = seed_files
    assert guess_format(gold_path) is GoldFormat.SEED
    assert guess_format(plover_files(tmp_path)) is GoldFormat.PLOVER
    renamed = tmp_path / "records.jsonl"
    renamed.write_text((tmp_path / "records_plover.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    assert guess_format(renamed) is GoldFormat.PLOVER
    codings = tmp_path / "codes.jsonl"
    codings.write_text(json.dumps({"id": "a", "text": "x", "codings": []}) + "\n", encoding="utf-8")
    assert guess_format(codings) is GoldFormat.PETR
    other = tmp_path / "other.json"
    other.write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="--format"):
        guess_format(other)


def test_the_seed_text_is_read_next_to_the_gold(seed_files):
    gold_path, text = seed_files
    gold = read_gold(gold_path)
    assert [(d.id, d.text) for d in gold.documents] == [("nordic_article", text)]


def test_plover_documents_are_named_by_seq(tmp_path):
    gold = read_gold(plover_files(tmp_path))
    assert [d.id for d in gold.documents] == ["1", "2", "3", "4", "5", "6", "7"]


def test_a_malformed_line_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad_plover.jsonl"
    bad.write_text('{"seq": 1, "text": "a", "plover_event": "AGREE", "is_speech_or_diplomatic_act": true}\n{oops\n')
    with pytest.raises(InputError, match=r"bad_plover\.jsonl:2"):
        read_gold(bad)
    missing = tmp_path / "short_plover.jsonl"
    missing.write_text('{"seq": 1}\n')
    with pytest.raises(InputError, match=r"short_plover\.jsonl:1.*text"):
        read_gold(missing)


def test_a_bad_graph_file_is_input_error(tmp_path):
    broken = tmp_path / "broken.trig"
    broken.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(InputError, match="broken.trig"):
        load_graph(broken)
    with pytest.raises(InputError, match="extension"):
        load_graph(tmp_path / "graph.rdfz")


def test_eval_prints_misses_figures_and_the_summary_last(graph_writer, seed_files, tmp_path):
    gold_path, _ = seed_files
    graph = seed_graph(graph_writer, tmp_path / "g.trig")
    result = CliRunner().invoke(eval_command, [str(gold_path), "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    lines = result.output.rstrip("\n").splitlines()
    assert lines[-1] == "seed: type+speaker 4/5, +target 3/5, precision 0.71"
    assert any(line.startswith("miss: denied@") for line in lines)
    body = "\n".join(line for line in lines[:-1] if not line.startswith("miss: "))
    assert json.loads(body)["typed_speaker"] == 4


def test_eval_json_is_one_object(graph_writer, tmp_path):
    gold = plover_files(tmp_path)
    graph = plover_graph(graph_writer, tmp_path / "p.trig")
    result = CliRunner().invoke(eval_command, [str(gold), "--graph", str(graph), "--json", "--no-misses"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["category_top"] == 0.6 and "miss_list" not in figures
    result = CliRunner().invoke(eval_command, [str(gold), "--graph", str(graph), "--json", "--format", "plover"])
    assert json.loads(result.output)["miss_list"]


def test_eval_exit_codes(tmp_path, seed_files):
    result = CliRunner().invoke(eval_command, [str(tmp_path / "nothing_seed.json"), "--graph", "x.trig"])
    assert result.exit_code == 2 and "no such gold file" in result.output
    gold_path, _ = seed_files
    result = CliRunner().invoke(eval_command, [str(gold_path), "--graph", str(tmp_path / "absent.trig")])
    assert result.exit_code == 2 and "absent.trig" in result.output


def test_every_command_and_option_is_documented():
    for command in COMMANDS:
        assert command.help
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{command.name} {param.opts} has no help"


def test_a_confidence_threshold_drops_less_confident_acts(graph_writer, seed_files, tmp_path):
    gold_path, _ = seed_files
    graph = seed_graph(graph_writer, tmp_path / "g.trig")
    result = CliRunner().invoke(eval_command, [str(gold_path), "--graph", str(graph), "--min-confidence", "0.85"])
    assert result.exit_code == 0, result.output
    # only the accusation (0.9) is left: right, and nothing spurious
    assert result.output.rstrip("\n").splitlines()[-1] == "seed: type+speaker 1/5, +target 1/5, precision 1.00"
    result = CliRunner().invoke(eval_command, [str(gold_path), "--graph", str(graph), "--min-confidence", "2"])
    assert result.exit_code == 2
