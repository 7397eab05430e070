"""Issue 6, item 6: property tests. Arbitrary text never crashes the builder; every offset node it
emits lies within the text and its nif:anchorOf is the text there; the readers never raise on
arbitrary bytes or lines (they report and skip)."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode

from newskg.builder.build import Builder
from newskg.builder.corpus import Skipped, parse_csv, parse_jsonl, read_inputs
from newskg.builder.facts import Document

NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
BEGIN, END, ANCHOR, CONTEXT, IS_STRING = (NamedNode(NIF + n) for n in
                                          ("beginIndex", "endIndex", "anchorOf", "referenceContext", "isString"))

# Words the extraction components react to (actors, capitals, demonyms, cues, quotes, dates), so the
# generated texts reach deep into the pipeline rather than stopping at the tokenizer.
NEWS_WORDS = [
    "Russia", "Ukraine", "Turkey", "Ankara", "Moscow", "the", "Kremlin", "Iranian", "officials", "accused",
    "denied", "rejected", "urged", "called", "on", "said", "told", "reporters", "spoke", "by", "phone", "with",
    "met", "President", "Foreign", "Minister", "Sergei", "Lavrov", "of", "and", "not", "would", "ceasefire",
    "talks", "war", "in", "Karabakh", "Gaza", "the", "United", "Nations", "NATO", "on", "Tuesday", "last",
    "week", "\"", "'", ",", ".", ";", "(", ")", "-", "—", "\n", "\n\n", "Erdoğan", "Zelenskyy", "it", "them",
    "mediate", "between", "Qatar", "Egypt", "Hamas", "Israel", "supports", "backed", "condemned", "threatened",
]

news_text = st.lists(st.sampled_from(NEWS_WORDS), min_size=1, max_size=60).map(
    lambda words: re.sub(r" ([,.;)])", r"\1", " ".join(words))
)
any_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200)


@pytest.fixture(scope="module")
def builder() -> Builder:
    return Builder(offline=True)


def check_offsets(text: str, triples, doc_iri: str) -> int:
    """Asserts every offset node is within ``text`` and anchored to what is there; returns how many."""
    nodes: dict[object, dict[NamedNode, object]] = defaultdict(dict)
    for t in triples:
        if t.predicate in (BEGIN, END, ANCHOR, CONTEXT):
            assert t.predicate not in nodes[t.subject], f"two {t.predicate} on {t.subject}"
            nodes[t.subject][t.predicate] = t.object
        if t.predicate == IS_STRING:
            assert isinstance(t.object, Literal) and t.object.value == text
    for node, props in nodes.items():
        assert set(props) == {BEGIN, END, ANCHOR, CONTEXT}, (node, props)
        begin, end = int(props[BEGIN].value), int(props[END].value)
        assert 0 <= begin <= end <= len(text), (node, begin, end, len(text))
        assert props[ANCHOR].value == text[begin:end], (node, props[ANCHOR].value, text[begin:end])
        assert props[CONTEXT] == NamedNode(doc_iri)
        assert node.value == f"{doc_iri}#char={begin},{end}"
    return len(nodes)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(news_text, any_text))
def test_any_text_builds_and_every_offset_is_anchored_in_it(builder: Builder, text: str):
    skipped: list[Skipped] = []
    document = Document(id="prop/1", text=text)
    graphs = list(builder.graphs([document], on_skip=skipped.append))
    assert not skipped, skipped  # a component failing on some text is a bug, not bad input
    [graph] = graphs
    check_offsets(text, graph.triples, builder.minter.document(document.id))


def test_the_offset_check_finds_offsets_on_a_news_sentence(builder: Builder):
    # the property above is only as good as the offsets it sees: make sure it sees some
    text = "Russia accused Ukraine on Tuesday of shelling the plant, and Kyiv denied it."
    [graph] = builder.graphs([Document(id="prop/2", text=text)])
    assert check_offsets(text, graph.triples, builder.minter.document("prop/2")) >= 3


def _reported(skipped: list[Skipped], where: str) -> None:
    for item in skipped:
        assert item.where == where or item.where.startswith(where + ":"), item
        assert item.reason


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".jsonl", ".csv"]))
def test_readers_never_raise_on_arbitrary_bytes(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        skipped: list[Skipped] = []
        docs = list(read_inputs([path], on_skip=skipped.append))
        _reported(skipped, str(path))
        assert all(isinstance(d.text, str) and d.text.strip() for d in docs)
        if suffix == ".txt":
            assert len(docs) + len(skipped) == 1


json_ish = st.one_of(
    st.text(max_size=80),
    st.builds(lambda t, i: f'{{"id": {i}, "text": {t}}}',
              st.text(max_size=30).map(lambda s: '"' + s.replace("\\", "").replace('"', "") + '"'),
              st.sampled_from(['"a"', "1", "null", "[]", "{}", "1e999", '"x\\ud800"'])),
    st.sampled_from(['{"text": 5}', '{"text": null}', "[]", "{", '{"text": "\\ud800"}', '"just a string"']),
)


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(json_ish, max_size=8))
def test_jsonl_reader_never_raises_and_accounts_for_every_line(lines: list[str]):
    text = "\n".join(lines)
    skipped: list[Skipped] = []
    docs = list(parse_jsonl(text, where="feed.jsonl", on_skip=skipped.append))
    _reported(skipped, "feed.jsonl")
    # JSON Lines ends lines at "\n" only (issue 14: str.splitlines also cut at U+2028 or a form
    # feed, which a JSON string may hold as such)
    non_blank = sum(1 for line in text.split("\n") if line.strip())
    assert len(docs) + len(skipped) == non_blank


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.lists(st.text(max_size=20), min_size=1, max_size=4), max_size=6),
       header=st.sampled_from(["id,text", "text", "id,body", "TEXT,Title", ""]))
def test_csv_reader_never_raises(rows: list[list[str]], header: str):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    skipped: list[Skipped] = []
    docs = list(parse_csv(header + "\n" + out.getvalue(), where="feed.csv", on_skip=skipped.append))
    _reported(skipped, "feed.csv")
    assert all(isinstance(d.text, str) for d in docs)


def test_csv_reader_reports_an_overlong_field_instead_of_raising():
    # csv's default field limit (131,072 characters) is below --max-chars (500,000): an article
    # that long must be read or reported, never crash the build
    text = "id,text\nlong," + "word " * 30_000 + "\nshort,Fine.\n"
    skipped: list[Skipped] = []
    docs = list(parse_csv(text, where="feed.csv", on_skip=skipped.append))
    assert [d.id for d in docs] == ["long", "short"] or ([d.id for d in docs] == ["short"] and skipped)
