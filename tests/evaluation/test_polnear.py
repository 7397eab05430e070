"""PolNeAR scoring (``newskg eval --format polnear``): figures worked out by hand on a text written for
the tests, the referee's agreement, and the same agreement on a few real PolNeAR dev articles when the
shared data is on the machine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newskg.cli.eval_commands import eval_command
from newskg.errors import InputError
from newskg.evaluation import GoldFormat, evaluate, guess_format, read_gold, read_polnear

from .conftest import REFEREE, GraphWriter, needs_referee, run_referee

TEXT = (
    "The mayor said the bridge would reopen in May. "
    '"We are not worried," a council spokeswoman added. '
    "According to residents, traffic has doubled. "
    "Critics want a new vote."
)
DOC = "town_news"


def _part(phrase: str) -> dict[str, object]:
    start = TEXT.index(phrase)
    return {"text": phrase, "spans": [[start, start + len(phrase)]]}


def write_gold(folder: Path) -> Path:
    rows = [
        ("E1", "said", "The mayor", "the bridge would reopen in May"),
        ("E2", "added", "a council spokeswoman", '"We are not worried,"'),
        ("E3", "According to", "residents", "traffic has doubled"),
        ("E4", "want", "Critics", "a new vote"),
    ]
    lines = [
        {"doc_id": DOC, "annotator": "a1", "attribution_id": aid, "kind": "Attribution", "cue": _part(cue),
         "source": _part(source), "content": _part(content)}
        for aid, cue, source, content in rows
    ]
    # a second annotator of the same article and a row without a cue: neither counts
    lines.append({"doc_id": DOC, "annotator": "a2", "attribution_id": "E1", "kind": "Attribution",
                  "cue": _part("doubled"), "source": None, "content": _part("traffic")})
    lines.append({"doc_id": DOC, "annotator": "a1", "attribution_id": "E5", "kind": "Attribution", "cue": None,
                  "source": None, "content": _part("a new vote")})
    gold = folder / "town_attributions.jsonl"
    gold.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    docs = folder / "town_docs.jsonl"
    docs.write_text(json.dumps({"doc_id": DOC, "text": TEXT, "publication_date": "2016-05-01"}) + "\n",
                    encoding="utf-8")
    return gold


def write_graph(writer: GraphWriter, path: Path) -> Path:
    d = writer.document(DOC, TEXT)
    mayor, council = d.actor("Mayor", "Person"), d.actor("Council", "Organization")
    # the wrong speaker first: the act whose speaker fits the gold source is the one matched
    d.act("Statement", d.find("mayor said"), speakers=[(mayor, d.find("bridge"))], content="bridge")
    d.act("Statement", d.find("said"), speakers=[(mayor, d.find("mayor"))], content="the bridge would reopen in May")
    # a speaker mention that swallows the sentence does not find the source
    too_long = d.find("a council spokeswoman added. According to residents, traffic")
    d.act("Statement", d.find("added"), speakers=[(council, too_long)], content="We are worried")
    d.act("Consultation", d.find("According to"), speakers=[(council, d.find("residents"))])  # left out
    d.act("Statement", d.find("doubled"))  # spurious, no speaker
    return writer.write(path)


def test_polnear_figures_by_hand(graph_writer, tmp_path):
    gold = write_gold(tmp_path)
    graph = write_graph(graph_writer, tmp_path / "g.trig")
    score = evaluate(gold, graph=graph)
    assert score.figures == {
        "gold_attributions": 4,
        "gold_with_source": 4,
        "system_acts": 4,
        "cue_f1": 0.5,  # 2 found of 4; 2 of 4 acts right
        "source_f1": 0.286,  # 1 source found; 3 acts name a speaker
        "content_overlap_f1_on_matched": 0.929,  # (1 + 6/7) / 2
    }
    assert score.summary == "polnear: cue F1 0.50, source F1 0.29, content overlap 0.93"
    assert any("E3" in line and "no act" in line for line in score.misses)
    assert any("spurious" in line and "doubled" in line for line in score.misses)


@needs_referee
def test_polnear_agrees_with_the_referee(graph_writer, tmp_path):
    gold = write_gold(tmp_path)
    graph = write_graph(graph_writer, tmp_path / "g.trig")
    theirs, last = run_referee("polnear", graph, gold)
    ours = evaluate(gold, graph=graph)
    assert ours.figures == theirs
    assert ours.summary == last


def test_the_articles_are_read_next_to_the_attributions(tmp_path):
    gold = write_gold(tmp_path)
    assert guess_format(gold) is GoldFormat.POLNEAR
    renamed = tmp_path / "gold_attributions.jsonl"
    renamed.write_text(gold.read_text(encoding="utf-8"), encoding="utf-8")
    assert guess_format(renamed) is GoldFormat.POLNEAR  # from the first record
    gold_set = read_gold(gold)
    assert [d.id for d in gold_set.documents] == [DOC]
    assert gold_set.documents[0].published == "2016-05-01"
    assert len(read_polnear(gold).attributions) == 4
    with pytest.raises(InputError, match="gold_docs.jsonl"):
        read_gold(renamed)


def test_eval_cli_scores_a_polnear_graph(graph_writer, tmp_path):
    gold = write_gold(tmp_path)
    graph = write_graph(graph_writer, tmp_path / "g.trig")
    result = CliRunner().invoke(eval_command, [str(gold), "--graph", str(graph), "--json", "--no-misses"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["cue_f1"] == 0.5


DEV = REFEREE.parents[1] / "data" / "train" / "polnear_dev_attributions.jsonl"


@needs_referee
@pytest.mark.skipif(not DEV.exists(), reason="needs ../shared/data/train (PolNeAR dev)")
def test_a_built_graph_of_real_articles_scores_as_the_referee_scores_it(tmp_path):
    """Three PolNeAR dev articles built by newskg: both scorers give the same figures (the texts are
    read from the shared data, never copied)."""
    with DEV.with_name("polnear_dev_docs.jsonl").open(encoding="utf-8") as lines:
        keep = [json.loads(line) for line in lines][:3]
    ids = {d["doc_id"] for d in keep}
    docs = tmp_path / "sub_docs.jsonl"
    docs.write_text("".join(json.dumps(d) + "\n" for d in keep), encoding="utf-8")
    gold = tmp_path / "sub_attributions.jsonl"
    with DEV.open(encoding="utf-8") as lines:
        gold.write_text("".join(line for line in lines if json.loads(line)["doc_id"] in ids), encoding="utf-8")
    built = tmp_path / "built.trig"
    ours = evaluate(gold, keep_graph=built)
    theirs, last = run_referee("polnear", built, gold)
    assert ours.figures == theirs and ours.summary == last
    assert ours.figures["system_acts"] > 0
