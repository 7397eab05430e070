"""Issue 14, item 5: a 10,000-character id was accepted (then refused by both servers, the error
printing the IRI several times), and ``../../etc/passwd`` gave the graph ``.../graph/../../etc/passwd``.
Now an id too long or holding invisible characters is reported (shortened) and skipped, and dot
segments are escaped; ordinary ids keep exactly their IRIs."""

from __future__ import annotations

import json
import posixpath
import urllib.parse
from pathlib import Path

import pyoxigraph
from hypothesis import given, settings
from hypothesis import strategies as st

from newskg.builder.build import Builder, build
from newskg.builder.corpus import MAX_ID_CHARS, Skipped, id_problem
from newskg.builder.facts import Document
from newskg.builder.mapping import DEFAULT_BASE, IriMinter
from newskg.store.files import FileSink

TEXT = "Kenya accused Ethiopia of moving troops towards the border."
MINTER = IriMinter(DEFAULT_BASE)


def test_ordinary_ids_keep_their_iris():
    assert MINTER.graph("world/2020-10-07-karabakh") == f"{DEFAULT_BASE}/graph/world/2020-10-07-karabakh"
    assert MINTER.graph("PLOVER-GSR01-AGREE-0002") == f"{DEFAULT_BASE}/graph/PLOVER-GSR01-AGREE-0002"
    assert MINTER.graph("reuters.com/a b") == f"{DEFAULT_BASE}/graph/reuters.com/a%20b"
    assert MINTER.act("a/1", _span(3, 9)) == f"{DEFAULT_BASE}/act/a/1/3-9"


def _span(start: int, end: int):
    from newskg.builder.facts import Span

    return Span(start, end, "x" * (end - start))


def test_dot_segments_cannot_climb_out_of_the_graph_path():
    iri = MINTER.graph("../../etc/passwd")
    assert iri == f"{DEFAULT_BASE}/graph/%2E%2E/%2E%2E/etc/passwd"
    assert MINTER.document("./a/../b") == f"{DEFAULT_BASE}/doc/%2E/a/%2E%2E/b"


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_every_accepted_id_mints_an_iri_that_stays_where_it_belongs_and_is_its_own(doc_id: str):
    if id_problem(doc_id) is not None:
        return
    for kind, iri in (("graph", MINTER.graph(doc_id)), ("doc", MINTER.document(doc_id))):
        pyoxigraph.NamedNode(iri)  # a valid IRI
        path = urllib.parse.urlsplit(iri).path
        # resolving dot segments (RFC 3986 5.2.4) changes nothing: no id reaches another place
        assert posixpath.normpath(path) == path.rstrip("/") or "//" in path
        assert path.startswith(f"/newskg/data/{kind}/")
        assert urllib.parse.unquote(path.removeprefix(f"/newskg/data/{kind}/")) == doc_id


def test_an_overlong_id_and_invisible_characters_are_reported_shortened_and_skipped(tmp_path: Path):
    skipped: list[Skipped] = []
    documents = [
        Document(id="x" * 10_000, text=TEXT),
        Document(id="line\nbreak", text=TEXT),
        Document(id="\u202eIsrael", text=TEXT),
        Document(id="ok", text=TEXT),
    ]
    out = tmp_path / "g.nq"
    with FileSink(out) as sink:
        report = build(documents, sink=sink, builder=Builder(offline=True), progress=False, on_skip=skipped.append)
    assert report.built == 1
    assert [s.where for s in skipped] == ["x" * 60 + "… (10,000 characters)", "line\\u000abreak", "\\u202eIsrael"]
    assert f"more than {MAX_ID_CHARS}" in skipped[0].reason
    assert all("invisible or control character" in s.reason for s in skipped[1:])
    assert all(len(str(s)) < 300 and s.where.isprintable() for s in skipped)


def test_the_cli_names_the_file_and_the_shortened_id_and_builds_the_rest(tmp_path: Path, run_cli):
    feed = tmp_path / "feed.jsonl"
    records = [{"id": "y" * 10_000, "text": TEXT}, {"id": "../../etc/passwd", "text": TEXT}, {"id": "ok", "text": TEXT}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "g.nq"
    done = run_cli("build", str(feed), "--offline", "--quiet", "--out", str(out))
    assert done.returncode == 3, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith(f"newskg: skipped {feed}:{'y' * 60}… (10,000 characters): the document id is 10,000")
    graphs = {q.graph_name.value for q in pyoxigraph.parse(path=str(out), format=pyoxigraph.RdfFormat.N_QUADS)}
    assert graphs == {f"{DEFAULT_BASE}/graph/%2E%2E/%2E%2E/etc/passwd", f"{DEFAULT_BASE}/graph/ok"}
