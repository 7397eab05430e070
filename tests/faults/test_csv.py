"""Issue 14, item 2: a CSV row with an unterminated quote swallowed the rows after it into its text
(exit 0, no warning). Now it is reported with its file, line and id and skipped; nothing else is lost."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newskg.builder.corpus import Skipped, parse_csv

SWALLOWING = (
    "id,text\n"
    'china-1,"China criticised the plan, officials said.\n'
    'turkey-1,"Turkey called on Greece to withdraw."\n'
    "iran-1,Iran denied it.\n"
)


def read(text: str) -> tuple[list[tuple[str, str]], list[Skipped]]:
    skipped: list[Skipped] = []
    docs = [(d.id, d.text) for d in parse_csv(text, where="feed.csv", on_skip=skipped.append)]
    return docs, skipped


def test_an_unterminated_quote_is_reported_with_file_line_and_id_and_the_rows_after_it_are_read():
    docs, skipped = read(SWALLOWING)
    assert docs == [("turkey-1", "Turkey called on Greece to withdraw."), ("iran-1", "Iran denied it.")]
    [report] = skipped
    assert report.where == "feed.csv:2"
    assert "'china-1'" in report.reason and "unterminated quote" in report.reason


def test_a_quote_left_open_to_the_end_of_the_file_loses_no_row_after_it():
    docs, skipped = read('id,text\na,"Russia said ""no"" to\nb,Kenya accused Ethiopia.\nc,Fine.\n')
    assert docs == [("b", "Kenya accused Ethiopia."), ("c", "Fine.")]
    assert [s.where for s in skipped] == ["feed.csv:2"] and "'a'" in skipped[0].reason


def test_quoted_line_breaks_and_stray_quotes_within_a_line_read_as_before():
    text = 'id,text\r\nm,"Two\r\nparagraphs, one row."\r\ns,He said "no" today\r\nt,"ok" then\r\n'
    docs, skipped = read(text)
    assert docs == [("m", "Two\r\nparagraphs, one row."), ("s", 'He said "no" today'), ("t", "ok then")]
    assert skipped == []


def test_the_build_exits_3_names_the_row_and_builds_the_rest(tmp_path: Path, run_cli):
    feed = tmp_path / "feed.csv"
    feed.write_text(SWALLOWING, encoding="utf-8")
    out = tmp_path / "g.nq"
    done = run_cli("build", str(feed), "--offline", "--quiet", "--out", str(out))
    assert done.returncode == 3, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith(f"newskg: skipped {feed}:2: row 'china-1': unterminated quote")
    text = out.read_text(encoding="utf-8")
    assert "/graph/turkey-1>" in text and "/graph/iran-1>" in text and "/graph/china-1>" not in text


def _dict_reader(text: str) -> list[tuple[str | None, str | None]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return [(row.get("id"), row.get("text")) for row in reader]


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.text("abc-1", min_size=1, max_size=5), st.text(min_size=1, max_size=40).filter(str.strip)),
        max_size=6,
        unique_by=lambda row: row[0],
    ),
    # a writer quotes a field holding a line break only when the break is in its line terminator
    dialect=st.sampled_from([("\r\n", csv.QUOTE_MINIMAL), ("\n", csv.QUOTE_ALL)]),
)
def test_well_formed_csv_reads_exactly_as_the_csv_module_reads_it(rows, dialect: tuple[str, int]):
    """The strict reading changes nothing for CSV a csv writer wrote, whatever its fields hold."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=dialect[0], quoting=dialect[1])
    writer.writerow(["id", "text"])
    writer.writerows(rows)
    text = out.getvalue()
    docs, skipped = read(text)
    expected = [(i, t) for i, t in _dict_reader(text)]
    assert skipped == [] and docs == [(i.strip(), t) for i, t in expected]
