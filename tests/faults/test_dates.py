"""Issue 14, item 7: ``"published": "not-a-date"`` was stored as ``dcterms:date "not-a-date"`` and
validated. Now it is reported with the document and left out, and the shapes refuse a dcterms:date
that is not an xsd:date or xsd:dateTime."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from newskg.builder.build import Builder
from newskg.builder.facts import Document
from newskg.builder.mapping import xsd_date
from newskg.ontology.validation import validate

TEXT = "Kenya accused Ethiopia of moving troops towards the border."


def test_the_cli_warns_with_file_line_and_id_and_leaves_the_date_out(tmp_path: Path, run_cli):
    feed = tmp_path / "feed.jsonl"
    records = [
        {"id": "k1", "text": TEXT, "published": "not-a-date"},
        {"id": "k2", "text": TEXT, "published": "2024-01-03"},
    ]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "g.trig"
    done = run_cli("build", str(feed), "--offline", "--quiet", "--out", str(out))
    assert done.returncode == 0, done.stderr
    [line] = done.stderr.splitlines()
    assert (
        line
        == f"newskg: WARNING: {feed}:1 (k1): 'published' is not an ISO 8601 date or date-time ('not-a-date'): left out"
    )
    data = Dataset()
    data.parse(out, format="trig")
    dates = {(str(s).rsplit("/", 1)[-1], o) for _, _, o, s in data.quads((None, DCTERMS.date, None, None))}
    assert dates == {("k2", Literal("2024-01-03", datatype=XSD.date))}
    assert run_cli("validate", str(out)).returncode == 0


@pytest.fixture(scope="module")
def article_graph() -> Dataset:
    graph = Builder(offline=True).graph(Document(id="d", text=TEXT, published="2024-01-03T10:00Z"))
    data = Dataset()
    data.parse(data=graph.triples.ntriples, format="nt")
    return data


def test_the_shapes_refuse_a_date_that_is_not_typed_as_one(article_graph: Dataset):
    (doc,) = set(article_graph.subjects(DCTERMS.date, None))
    assert article_graph.value(doc, DCTERMS.date) == Literal("2024-01-03T10:00:00+00:00", datatype=XSD.dateTime)
    assert validate(article_graph).conforms
    for bad in (Literal("not-a-date"), Literal("2024-13-45", datatype=XSD.string), URIRef("http://e/2024")):
        broken = Dataset()
        for triple in article_graph.triples((None, None, None)):
            broken.add(triple if triple[1] != DCTERMS.date else (doc, DCTERMS.date, bad))
        report = validate(broken)
        assert not report.conforms
        assert any("dcterms:date" in p.message for p in report.problems), report.problems


def test_dates_become_valid_xsd_literals():
    assert xsd_date("2024-01-03") == ("2024-01-03", str(XSD.date))
    assert xsd_date("2024-01-03T10:00:00Z") == ("2024-01-03T10:00:00Z", str(XSD.dateTime))
    assert xsd_date("2024-01-03 10:00") == ("2024-01-03T10:00:00", str(XSD.dateTime))
    assert xsd_date("2024-02-30") is None and xsd_date("yesterday") is None
