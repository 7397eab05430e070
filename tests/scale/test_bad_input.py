"""Issue 6, item 4: every kind of bad input is named on stderr with its reason and skipped, the rest
is built, the exit code says whether something was skipped, and nothing already in the store is lost."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newskg.cli import main
from newskg.cli.common import EXIT_INPUT, EXIT_OK, EXIT_SKIPPED

GOOD = "Egypt urged Israel and Hamas to accept a ceasefire, the foreign ministry in Cairo said on Monday."
OTHER = "Kenya accused Ethiopia of moving troops towards the border, a claim Addis Ababa denied."


def invoke(*args: str):
    result = CliRunner().invoke(main, ["build", *args, "--offline", "--quiet"], catch_exceptions=False)
    code, stderr = result.exit_code, result.stderr
    # the SystemExit traceback CliRunner keeps holds the command's open store; a process running
    # `newskg build` ends there, this one must let it go before opening the store again
    del result
    gc.collect()
    return code, stderr


@pytest.fixture
def bad_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "empty.txt").write_text("   \n\n", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00" + bytes(range(256)))
    (corpus / "latin1.txt").write_bytes("Le ministre fran\xe7ais a appel\xe9 au calme.".encode("latin-1"))
    (corpus / "big.txt").write_text("Talks resumed. " * 200, encoding="utf-8")
    (corpus / "feed.jsonl").write_text(
        json.dumps({"id": "feed-1", "text": OTHER}) + "\n" + '{"id": "feed-2", "text": "unterminated\n',
        encoding="utf-8",
    )
    (corpus / "notext.csv").write_text("id,body\nc1,Qatar mediated.\n", encoding="utf-8")
    return corpus


def test_each_bad_input_is_named_with_its_reason_and_the_rest_is_built(tmp_path: Path, bad_corpus: Path):
    store = tmp_path / "store"
    code, stderr = invoke(str(bad_corpus), "--store", str(store), "--max-chars", "1000")
    assert code == EXIT_SKIPPED
    lines = [line for line in stderr.splitlines() if line.startswith("newskg: skipped")]
    expected = {
        f"{bad_corpus / 'empty.txt'}": "empty document",
        f"{bad_corpus / 'binary.txt'}": "binary file",
        f"{bad_corpus / 'latin1.txt'}": "not valid utf-8 at byte 16",
        f"{bad_corpus / 'big.txt'}": "oversized: 3,000 characters, more than the limit of 1,000 (--max-chars)",
        f"{bad_corpus / 'feed.jsonl'}:2": "malformed JSON",
        f"{bad_corpus / 'notext.csv'}": "CSV has no 'text' column",
    }
    for where, reason in expected.items():
        assert any(line.startswith(f"newskg: skipped {where}: ") and reason in line for line in lines), (where, lines)
    assert len(lines) == len(expected)

    from newskg.store.embedded import EmbeddedStore

    with EmbeddedStore(store, read_only=True, ontology=False) as s:
        graphs = [g.rsplit("/graph/", 1)[-1] for g in s.graphs() if "/graph/" in g]
    assert sorted(graphs) == ["feed-1", "good"]


def test_a_missing_input_path_is_bad_input_and_creates_no_store(tmp_path: Path, bad_corpus: Path):
    # issue 14: it was counted as a skipped document (exit 3) after an empty store had been made
    store, missing = tmp_path / "store", tmp_path / "nowhere.txt"
    code, stderr = invoke(str(bad_corpus / "good.txt"), str(missing), "--store", str(store))
    assert code == EXIT_INPUT
    expected = f"newskg: error: {missing}: no such file or directory (nothing was built; check the input paths)"
    assert stderr.strip() == expected
    assert not store.exists()


def test_another_encoding_reads_what_utf8_could_not(tmp_path: Path, bad_corpus: Path):
    code, stderr = invoke(str(bad_corpus / "latin1.txt"), "--store", str(tmp_path / "s"), "--encoding", "latin-1")
    assert code == EXIT_OK, stderr
    code, stderr = invoke(str(bad_corpus / "latin1.txt"), "--store", str(tmp_path / "s"), "--encoding", "no-such")
    assert code == 2 and "unknown encoding 'no-such'" in stderr


def test_a_clean_corpus_exits_zero(tmp_path: Path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    code, stderr = invoke(str(tmp_path / "a.txt"), "--store", str(tmp_path / "s"))
    assert code == EXIT_OK and "skipped" not in stderr


def test_a_build_with_bad_input_loses_nothing_already_in_the_store(
    tmp_path: Path, bad_corpus: Path, document_quads
):
    store = tmp_path / "store"
    first = tmp_path / "first"
    first.mkdir()
    (first / "earlier.txt").write_text(OTHER, encoding="utf-8")
    assert invoke(str(first), "--store", str(store))[0] == EXIT_OK
    before = document_quads(store)

    # the same id again, now unreadable: reported and skipped, the stored graph untouched
    (bad_corpus / "earlier.txt").write_bytes(b"\xff\xfe\x00\x00broken")
    code, _ = invoke(str(bad_corpus), "--store", str(store), "--max-chars", "1000")
    assert code == EXIT_SKIPPED
    after = document_quads(store)
    assert before <= after and len(after) > len(before)


def test_malformed_jsonl_line_names_file_and_line_and_the_other_lines_are_built(tmp_path: Path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "text": GOOD}),
                "{not json",
                "[1, 2]",
                json.dumps({"id": "b", "title": "no text"}),
                json.dumps({"id": "c", "text": OTHER}),
            ]
        ),
        encoding="utf-8",
    )
    code, stderr = invoke(str(feed), "--store", str(tmp_path / "s"))
    assert code == EXIT_SKIPPED
    assert f"{feed}:2: malformed JSON" in stderr
    assert f"{feed}:3: a JSON object is expected" in stderr
    assert f"{feed}:4: no text field" in stderr
    assert "skipped" not in "".join(line for line in stderr.splitlines() if ":1:" in line or ":5:" in line)
