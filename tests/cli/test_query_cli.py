"""``newskg query`` as an analyst uses it (issue 13): labels and Wikidata ids as parameters, limits,
time limits, confidence thresholds, every query form, rows printed as they come."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from newskg.cli import main
from newskg.cli.common import EXIT_QUERY


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def rows(output: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(output)))[1:]


def test_an_actor_by_label_key_or_wikidata_id(examples_store: Path) -> None:
    store = str(examples_store)
    by_key = run("query", "speech-acts-by-speaker", "--store", store, "-p", "speaker=qatar", "--format", "csv")
    assert by_key.exit_code == 0 and rows(by_key.output)
    for value in ("Qatar", "QATAR", "wd:Q846"):
        same = run("query", "speech-acts-by-speaker", "--store", store, "-p", f"speaker={value}", "--format", "csv")
        assert same.exit_code == 0, same.output
        assert rows(same.output) == rows(by_key.output), value


def test_unknown_and_ambiguous_labels_are_one_clear_line(examples_store: Path) -> None:
    unknown = run("query", "accusations", "--store", str(examples_store), "-p", "accuser=Mao Ning")
    assert unknown.exit_code == EXIT_QUERY
    assert "parameter accuser: no actor labelled 'Mao Ning'" in unknown.output


def test_limit_min_confidence_and_formats(examples_store: Path) -> None:
    store = str(examples_store)
    everything = rows(run("query", "timeline", "--store", store, "--format", "csv").output)
    limited = rows(run("query", "timeline", "--store", store, "--format", "csv", "--limit", "3").output)
    assert limited == everything[:3]
    confident = rows(run("query", "timeline", "--store", store, "--format", "csv", "--min-confidence", "0.8").output)
    assert 0 < len(confident) < len(everything)
    unordered = rows(run("query", "timeline", "--store", store, "--format", "csv", "--unordered").output)
    assert sorted(unordered) == sorted(everything)
    document = json.loads(run("query", "timeline", "--store", store, "--format", "json", "--limit", "2").output)
    assert len(document["results"]["bindings"]) == 2
    table = run("query", "timeline", "--store", store, "--limit", "2", "--max-width", "12").output
    assert table.rstrip().endswith("(2 rows)") and "…" in table


def test_ask_construct_and_describe_files(examples_store: Path, tmp_path: Path) -> None:
    prefix = "PREFIX nk: <https://w3id.org/newskg/ontology#>\n"
    ask = tmp_path / "ask.rq"
    ask.write_text(prefix + "ASK { ?a a nk:PhoneCall }", encoding="utf-8")
    assert run("query", str(ask), "--store", str(examples_store)).output.strip() == "true"
    construct = tmp_path / "callers.rq"
    construct.write_text(
        prefix + "CONSTRUCT { ?s nk:called ?o } WHERE { ?c a nk:PhoneCall ; nk:speaker ?s ; nk:addressee ?o }"
    )
    turtle = run("query", str(construct), "--store", str(examples_store))
    assert turtle.exit_code == 0 and "nk:called" in turtle.output
    ntriples = run("query", str(construct), "--store", str(examples_store), "--format", "nt")
    assert "<https://w3id.org/newskg/ontology#called>" in ntriples.output
    wrong = run("query", "timeline", "--store", str(examples_store), "--format", "nt")
    assert wrong.exit_code != 0 and "CONSTRUCT and DESCRIBE" in wrong.output


def test_a_timeout_names_the_query_and_the_process_ends(examples_store: Path, tmp_path: Path) -> None:
    slow = tmp_path / "slow.rq"
    slow.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", encoding="utf-8")
    started = time.monotonic()
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("newskg")),
            "query",
            str(slow),
            "--store",
            str(examples_store),
            "--timeout",
            "0.5",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == EXIT_QUERY
    assert "query slow ran out of time after 0.5 s" in done.stderr
    assert time.monotonic() - started < 30  # the evaluation left running in the background is dropped
