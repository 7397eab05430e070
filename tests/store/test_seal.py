"""newskg's seal on the N-Quads and TriG files it writes: found, checked, and trusted only while the
bytes still match, so an edited file is loaded with full validation (and its errors reported)."""

from __future__ import annotations

import logging
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from newskg.errors import InputError
from newskg.store import bulk
from newskg.store.embedded import EmbeddedStore
from newskg.store.files import FileSink
from newskg.store.seal import read_seal, seal_file

BASE = "https://test.newskg.example/seal"


def _triples(graph: int, count: int) -> list[ox.Triple]:
    node = ox.NamedNode(f"{BASE}/doc/{graph}")
    return [
        ox.Triple(node, ox.NamedNode(f"{BASE}/p{i % 3}"), ox.Literal(f"value {i} «é»", language="en"))
        for i in range(count)
    ]


def _written(path: Path, graphs: int = 4) -> Path:
    with FileSink(path) as sink:
        for g in range(graphs):
            sink.put_graph(f"{BASE}/graph/{g}", _triples(g, 5))
    return path


def _quads(path: Path) -> set[ox.Quad]:
    store = EmbeddedStore(path, read_only=True, ontology=False)
    quads = {q for q in store.quads() if q.graph_name.value.startswith(BASE)}
    del store
    return quads


@pytest.mark.parametrize("name", ["g.nq", "g.trig"])
def test_files_newskg_writes_end_with_a_seal_that_holds(tmp_path: Path, name: str) -> None:
    path = _written(tmp_path / name)
    seal = read_seal(path)
    assert seal is not None and seal.holds()
    assert seal.size + len(path.read_bytes().splitlines(keepends=True)[-1]) == path.stat().st_size
    # an ordinary comment to other parsers
    ds = rdflib.Dataset()
    ds.parse(data=path.read_bytes(), format="nquads" if name.endswith(".nq") else "trig")
    assert len(ds) == 20


def test_triple_formats_and_foreign_files_carry_no_seal(tmp_path: Path) -> None:
    assert read_seal(_written(tmp_path / "g.ttl")) is None
    foreign = tmp_path / "foreign.nq"
    foreign.write_text(f'<{BASE}/s> <{BASE}/p> "o" <{BASE}/g> .\n', encoding="utf-8")
    assert read_seal(foreign) is None
    assert read_seal(tmp_path / "missing.nq") is None


def test_appending_or_editing_breaks_the_seal(tmp_path: Path) -> None:
    appended = _written(tmp_path / "a.nq")
    with appended.open("ab") as out:
        out.write(f'<{BASE}/s> <{BASE}/p> "more" <{BASE}/g> .\n'.encode())
    assert read_seal(appended) is None  # the seal is no longer the last line
    edited = _written(tmp_path / "e.nq")
    edited.write_bytes(edited.read_bytes().replace(b"value 1 ", b"value X "))
    seal = read_seal(edited)
    assert seal is not None and not seal.holds()


def test_export_seals_the_dataset_formats(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    bulk.load_into(_written(tmp_path / "g.nq"), store_dir, with_ontology=False)
    with EmbeddedStore(store_dir, read_only=True, ontology=False) as store:
        store.export(tmp_path / "out.nq")
        store.export(tmp_path / "out.ttl")
    seal = read_seal(tmp_path / "out.nq")
    assert seal is not None and seal.holds()
    assert read_seal(tmp_path / "out.ttl") is None


@pytest.mark.parametrize(("jemalloc", "name"), [("1", "g.nq"), ("0", "g.nq"), ("1", "g.trig")])
def test_a_sealed_file_loads_without_revalidation_into_the_same_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jemalloc: str, name: str
) -> None:
    monkeypatch.setenv("NEWSKG_JEMALLOC", jemalloc)
    path = _written(tmp_path / name)
    sealed = bulk.load_into(path, tmp_path / "sealed", threads=2, piece_bytes=200)
    assert sealed.validation == "seal" and "newskg seal verified" in str(sealed)
    plain = tmp_path / f"plain{path.suffix}"
    plain.write_bytes(path.read_bytes()[: read_seal(path).size])  # the same statements, unsealed
    validated = bulk.load_into(plain, tmp_path / "validated", threads=2, piece_bytes=200)
    assert validated.validation == "full"
    assert _quads(tmp_path / "sealed") == _quads(tmp_path / "validated")
    assert sealed.triples == validated.triples == 20


@pytest.mark.parametrize("jemalloc", ["1", "0"])
def test_an_edited_sealed_file_is_validated_and_its_bad_iri_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, jemalloc: str
) -> None:
    monkeypatch.setenv("NEWSKG_JEMALLOC", jemalloc)
    path = _written(tmp_path / "g.nq")
    lines = path.read_bytes().split(b"\n")
    # an IRI Oxigraph's lenient parser lets through and its validating parser refuses
    lines[6] = lines[6].replace(f"<{BASE}/doc/1>".encode(), f"<{BASE}/doc/{{1}}>".encode())
    path.write_bytes(b"\n".join(lines))
    target = tmp_path / "store"
    with pytest.raises(InputError) as raised:
        bulk.load_into(path, target)
    assert raised.value.where == f"{path}:7"
    assert not target.exists()


def test_an_edited_but_valid_sealed_file_loads_its_edit_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _written(tmp_path / "g.nq")
    path.write_bytes(path.read_bytes().replace(b"value 1 ", b"value X "))
    with caplog.at_level(logging.WARNING, logger="newskg.store.bulk"):
        summary = bulk.load_into(path, tmp_path / "store", threads=2, piece_bytes=200)
    assert summary.validation == "full"
    assert "seal does not match" in caplog.text
    values = {q.object.value for q in _quads(tmp_path / "store")}
    assert "value X «é»" in values and "value 1 «é»" not in values


def test_seal_file_seals_what_it_is_given(tmp_path: Path) -> None:
    path = tmp_path / "x.nq"
    path.write_bytes(f'<{BASE}/s> <{BASE}/p> "o" <{BASE}/g> .'.encode())  # no final newline
    seal_file(path)
    seal = read_seal(path)
    assert seal is not None and seal.holds()
    assert path.read_bytes().count(b"\n") == 2
