"""The CLI end to end on the project's examples: build, resume, queries, export, validate, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from newskg.cli import main
from newskg.cli.common import EXIT_INPUT, EXIT_INVALID, EXIT_QUERY, EXIT_SKIPPED

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
NIF = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
NK = rdflib.Namespace("https://w3id.org/newskg/ontology#")


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    result = run("build", str(EXAMPLES), "--store", str(path), "--offline", "--quiet")
    assert result.exit_code == 0, result.output
    return path


def test_build_to_trig_gives_one_graph_per_document_with_true_offsets(tmp_path: Path):
    article = EXAMPLES / "kosovo-serbia-dialogue.txt"
    out = tmp_path / "x.trig"
    result = run("build", str(article), "--offline", "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    ds = rdflib.Dataset()
    ds.parse(data=out.read_bytes(), format="trig")
    graphs = [g for g in ds.graphs() if len(g) and g.identifier != rdflib.URIRef("urn:x-rdflib:default")]
    assert [str(g.identifier) for g in graphs] == ["https://w3id.org/newskg/data/graph/kosovo-serbia-dialogue"]
    g = graphs[0]
    text = article.read_text(encoding="utf-8")
    offsets = list(g.subjects(NIF.beginIndex, None))
    assert len(offsets) > 20
    for node in offsets:
        b, e = int(g.value(node, NIF.beginIndex)), int(g.value(node, NIF.endIndex))
        assert str(g.value(node, NIF.anchorOf)) == text[b:e]
    acts = set(g.subjects(NK.cue, None))
    assert len(acts) >= 8
    validated = run("validate", str(out), "--no-consistency")
    assert validated.exit_code == 0, validated.output


def test_every_listed_query_runs_as_csv_and_almost_all_answer(store: Path):
    listing = run("queries").output.splitlines()
    names = [line.split()[0] for line in listing if line.strip()]
    assert len(names) >= 10
    empty = []
    for name in names:
        result = run("query", name, "--store", str(store), "--format", "csv")
        assert result.exit_code == 0, (name, result.output)
        rows = list(csv.reader(io.StringIO(result.output)))
        assert rows and rows[0], name
        if len(rows) == 1:
            empty.append(name)
    assert len(empty) <= 2, empty


def test_query_parameters_are_bound_not_pasted(store: Path):
    russia = "https://w3id.org/newskg/data/actor/russia"
    result = run(
        "query", "speech-acts-by-speaker", "-p", f"speaker={russia}", "--store", str(store), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.output)["results"]["bindings"]
    assert bindings and all(b["speaker"]["value"] == russia for b in bindings)
    hostile = run("query", "accusations", "-p", 'accuser=x"} DROP ALL #', "--store", str(store))
    assert hostile.exit_code == EXIT_QUERY
    again = run("query", "accusations", "--store", str(store), "--format", "csv")
    assert len(again.output.splitlines()) > 1  # nothing was dropped


def test_unknown_query_and_missing_store_are_clear_errors(tmp_path: Path, store: Path):
    result = CliRunner().invoke(main, ["query", "no-such-query", "--store", str(store)])
    assert result.exit_code == EXIT_QUERY and "no-such-query" in result.output
    result = CliRunner().invoke(main, ["query", "accusations", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == EXIT_INPUT and "nowhere" in result.output


def test_rebuild_skips_unchanged_documents_and_force_rebuilds(tmp_path: Path):
    path = tmp_path / "store"
    article = str(EXAMPLES / "gaza-hostage-mediation.txt")
    first = run("build", article, "--store", str(path), "--offline")
    second = run("build", article, "--store", str(path), "--offline")
    assert "built 1 document" in first.output
    assert "built 0 documents, 1 unchanged" in second.output
    forced = run("build", article, "--store", str(path), "--offline", "--force")
    assert "built 1 document" in forced.output


def test_export_round_trips_the_store(tmp_path: Path, store: Path):
    out = tmp_path / "all.nq"
    result = run("export", "--store", str(store), "--out", str(out))
    assert result.exit_code == 0, result.output
    ds = rdflib.Dataset()
    ds.parse(data=out.read_bytes(), format="nquads")
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    expected = {f"https://w3id.org/newskg/data/graph/{p.stem}" for p in EXAMPLES.glob("*.txt")}
    assert expected <= graphs


def test_bad_input_is_named_skipped_and_signalled(tmp_path: Path):
    (tmp_path / "good.txt").write_text("Egypt urged both sides to stop the fighting.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "g.nq"
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--offline", "--out", str(out)])
    assert result.exit_code == EXIT_SKIPPED
    assert "empty.txt: empty document" in result.output
    assert "built 1 document" in result.output and out.exists()


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "xml"])
def test_ontology_prints_in_every_format(fmt: str):
    result = run("ontology", "--format", fmt)
    assert result.exit_code == 0
    g = rdflib.Graph().parse(
        data=result.output, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}[fmt]
    )
    assert (rdflib.URIRef("https://w3id.org/newskg/ontology#Accusation"), rdflib.RDF.type, rdflib.OWL.Class) in g


def test_validate_reports_a_broken_graph_and_exits_6(tmp_path: Path):
    article = EXAMPLES / "sudan-jeddah-truce.txt"
    good = tmp_path / "good.nq"
    assert run("build", str(article), "--offline", "--out", str(good), "--quiet").exit_code == 0
    # break one anchor: the text at the offsets no longer matches
    lines = good.read_text(encoding="utf-8").splitlines()
    i = next(n for n, line in enumerate(lines) if "nif-core#anchorOf>" in line)
    lines[i] = lines[i].replace('"', '"TAMPERED ', 1)
    bad = tmp_path / "bad.nq"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad), "--no-consistency"])
    assert result.exit_code == EXIT_INVALID
    assert "anchorOf" in result.output and "not valid" in result.output


def test_validate_a_store(store: Path):
    result = run("validate", "--store", str(store), "--no-consistency")
    assert result.exit_code == 0, result.output
