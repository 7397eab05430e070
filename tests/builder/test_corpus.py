"""Readers: every input kind, ids, and each kind of bad input reported by name and skipped."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newskg.builder.corpus import Skipped, read_inputs
from newskg.errors import InputError


def read(paths, **kwargs):
    skipped: list[Skipped] = []
    docs = list(read_inputs(paths, on_skip=skipped.append, **kwargs))
    return docs, skipped


def test_directory_is_read_recursively_with_relative_ids(tmp_path: Path):
    (tmp_path / "world").mkdir()
    (tmp_path / "world" / "a.txt").write_text("Russia said so.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Turkey said so.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    docs, skipped = read([tmp_path])
    assert [d.id for d in docs] == ["b", "world/a"]
    assert not skipped


def test_jsonl_fields_and_a_malformed_line_reported_with_file_and_line(tmp_path: Path):
    f = tmp_path / "news.jsonl"
    f.write_text(
        '{"id": "n1", "text": "Iran denied it.", "published": "2024-01-02", "url": "https://e.org/1"}\n'
        '{"id": "n2", "text": \n'
        '{"text": "No id here."}\n',
        encoding="utf-8",
    )
    docs, skipped = read([f])
    assert [d.id for d in docs] == ["n1", "news-3"]
    assert docs[0].published == "2024-01-02" and docs[0].url == "https://e.org/1"
    assert len(skipped) == 1 and skipped[0].where == f"{f}:2" and "malformed JSON" in skipped[0].reason


def test_csv_with_and_without_a_text_column(tmp_path: Path):
    good = tmp_path / "good.csv"
    good.write_text('id,title,text\nc1,T,"Egypt urged calm, officials said."\n', encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,body\nx,Hello\n", encoding="utf-8")
    docs, skipped = read([good, bad])
    assert [(d.id, d.title) for d in docs] == [("c1", "T")]
    assert skipped == [Skipped(str(bad), "CSV has no 'text' column (columns: id, body)")]


def test_bad_files_are_named_and_skipped(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02abc")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 talks".encode("latin-1"))
    (tmp_path / "big.txt").write_text("word " * 100, encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Fine.", encoding="utf-8")
    docs, skipped = read([tmp_path, tmp_path / "missing.txt"], max_chars=200)
    assert [d.id for d in docs] == ["ok"]
    reasons = {Path(s.where).name: s.reason for s in skipped}
    assert "binary" in reasons["binary.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "utf-8" in reasons["latin1.txt"] and "--encoding" in reasons["latin1.txt"]
    assert "oversized" in reasons["big.txt"]
    assert "no such file" in reasons["missing.txt"]


def test_encoding_option_reads_legacy_files(tmp_path: Path):
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 talks".encode("latin-1"))
    docs, skipped = read([tmp_path / "latin1.txt"], encoding="latin-1")
    assert docs[0].text == "Café talks" and not skipped
    with pytest.raises(InputError, match="unknown encoding"):
        read([tmp_path / "latin1.txt"], encoding="no-such-codec")


def test_stdin_and_duplicate_ids(tmp_path: Path):
    docs, skipped = read(["-"], stdin=io.StringIO("Russia said so."))
    assert [d.id for d in docs] == ["stdin"]
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    docs, skipped = read([f, f])
    assert len(docs) == 1 and "duplicate" in skipped[0].reason


def test_unpaired_surrogates_are_reported_not_built(tmp_path: Path):
    f = tmp_path / "feed.jsonl"
    f.write_text('{"id": "s", "text": "Bad \\ud800 text"}\n{"id": "ok", "text": "Fine."}\n', encoding="utf-8")
    docs, skipped = read([f])
    assert [d.id for d in docs] == ["ok"]
    assert "surrogate" in skipped[0].reason and skipped[0].where.endswith(":s")
