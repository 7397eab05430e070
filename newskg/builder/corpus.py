"""Reading articles: ``.txt`` files, directories (recursively), JSONL, CSV and stdin.

Readers are generators, so a corpus of any size streams with flat memory. A document that cannot
be read (undecodable bytes, binary, empty, oversized, a malformed JSONL line, a CSV without a text
column, a missing path) is reported through ``on_skip`` with its name and reason, and the rest is
read.

Document ids: the JSONL/CSV ``id`` field, else the file path relative to the input root without its
extension (``world/2020-10-07-karabakh``); for stdin, ``stdin``.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .facts import Document
from .front_matter import split_front_matter
from .hygiene import storable_document
from .mapping import xsd_date

__all__ = [
    "DEFAULT_MAX_CHARS",
    "MAX_ID_CHARS",
    "MODEL_MAX_CHARS",
    "id_problem",
    "shown_id",
    "Skipped",
    "check_inputs",
    "read_inputs",
    "read_path",
    "parse_jsonl",
    "parse_csv",
]

log = logging.getLogger(__name__)

#: Longest document read by default (characters); a book-length text is not a news article.
DEFAULT_MAX_CHARS = 500_000
#: The longest text a spaCy pipeline reads (``Language.max_length``'s default: its parser and
#: entity recogniser need about 1 GB of memory per 100,000 characters).
MODEL_MAX_CHARS = 1_000_000
#: Longest document id: it becomes part of several IRIs per fact, and a server refuses request
#: lines or headers of some kilobytes (a 10,000-character id failed on both test servers).
MAX_ID_CHARS = 256
_TEXT_SUFFIXES = {".txt", ".text"}
_CORPUS_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
_FIELDS = ("id", "text", "title", "url", "published", "source")
_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON "\ud800" decodes to one; it cannot be encoded


@dataclass(frozen=True, slots=True)
class Skipped:
    """A document or input that was not built, and why: ``where`` is a path, ``path:line`` or id."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


SkipHandler = Callable[[Skipped], None]

# Characters an id must not hold: control characters (a line break would forge a log line),
# format characters (bidi overrides and zero-width characters make one id look like another)
# and line/paragraph separators.
_BAD_ID_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def shown_id(doc_id: str, limit: int = 60) -> str:
    """``doc_id`` as a message shows it: invisible characters escaped, a long id cut.

    >>> shown_id("a\u202eb"), shown_id("x" * 100, 10)
    ('a\\\\u202eb', 'xxxxxxxxxx… (100 characters)')
    """
    text = "".join(
        c if unicodedata.category(c) not in _BAD_ID_CATEGORIES else f"\\u{ord(c):04x}" for c in doc_id[:limit]
    )
    return text if len(doc_id) <= limit else f"{text}… ({len(doc_id):,} characters)"


def id_problem(doc_id: str) -> str | None:
    """Why ``doc_id`` cannot name a document, or None when it can.

    >>> id_problem("world/2020-10-07-karabakh") is None
    True
    >>> id_problem("x" * 300)
    'the document id is 300 characters long, more than 256 (its IRIs would be too long for a server)'
    """
    if len(doc_id) > MAX_ID_CHARS:
        return (
            f"the document id is {len(doc_id):,} characters long, more than {MAX_ID_CHARS} "
            "(its IRIs would be too long for a server)"
        )
    for position, char in enumerate(doc_id):
        if unicodedata.category(char) in _BAD_ID_CATEGORIES:
            return (
                f"the document id holds an invisible or control character (U+{ord(char):04X} at {position}), "
                "so it could not be shown or typed"
            )
    return None


def _log_skip(skipped: Skipped) -> None:
    log.warning("skipped %s", skipped)


def read_inputs(
    inputs: Iterable[str | Path],
    *,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    on_skip: SkipHandler = _log_skip,
    stdin: io.TextIOBase | None = None,
) -> Iterator[Document]:
    """Documents from every input in turn: files, directories, ``-`` for stdin."""
    seen: set[str] = set()
    for item in inputs:
        for doc in read_path(item, encoding=encoding, max_chars=max_chars, on_skip=on_skip, stdin=stdin):
            if doc.id in seen:
                on_skip(Skipped(shown_id(doc.id), "duplicate document id (an earlier input has the same id)"))
                continue
            seen.add(doc.id)
            yield doc


def check_inputs(inputs: Iterable[object]) -> None:
    """Raises :class:`InputError` naming every input path that does not exist (``-`` is stdin;
    Documents pass). A missing input is a mistake in the command, not a bad document: nothing
    should be built, and no store created, before it is fixed."""
    paths = [item for item in inputs if isinstance(item, str | Path) and str(item) != "-"]
    missing = [str(path) for path in paths if not Path(path).exists()]
    if missing:
        raise InputError(
            "no such file or directory", where=", ".join(missing), hint="nothing was built; check the input paths"
        )


def read_path(
    item: str | Path,
    *,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    on_skip: SkipHandler = _log_skip,
    stdin: io.TextIOBase | None = None,
) -> Iterator[Document]:
    if str(item) == "-":
        stream = stdin if stdin is not None else sys.stdin
        text = stream.read()
        doc = _checked(Document(id="stdin", text=text, source="stdin"), "stdin", max_chars, on_skip)
        if doc:
            yield doc
        return
    path = Path(item)
    if path.is_dir():
        files = sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _TEXT_SUFFIXES | _CORPUS_SUFFIXES
        )
        if not files:
            on_skip(Skipped(str(path), "directory holds no .txt, .jsonl or .csv files"))
        for file in files:
            yield from _read_file(file, path, encoding=encoding, max_chars=max_chars, on_skip=on_skip)
    elif path.is_file():
        yield from _read_file(path, path.parent, encoding=encoding, max_chars=max_chars, on_skip=on_skip)
    elif path.exists():
        on_skip(Skipped(str(path), "not a regular file or directory"))
    else:
        on_skip(Skipped(str(path), "no such file or directory"))


def _read_file(path: Path, root: Path, *, encoding: str, max_chars: int, on_skip: SkipHandler) -> Iterator[Document]:
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        on_skip(Skipped(where, f"cannot read: {exc.strerror or exc}"))
        return
    if b"\0" in data[:8192]:
        on_skip(Skipped(where, "binary file (holds NUL bytes), not text"))
        return
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        on_skip(
            Skipped(where, f"not valid {encoding} at byte {exc.start} ({exc.reason}); choose another with --encoding")
        )
        return
    except LookupError:
        raise InputError(
            f"unknown encoding {encoding!r}", hint="use a Python codec name such as utf-8 or cp1252"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        for doc in parse_jsonl(text, where=where, on_skip=on_skip):
            checked = _checked(doc, f"{where}:{shown_id(doc.id)}", max_chars, on_skip)
            if checked:
                yield checked
    elif suffix == ".csv":
        for doc in parse_csv(text, where=where, on_skip=on_skip):
            checked = _checked(doc, f"{where}:{shown_id(doc.id)}", max_chars, on_skip)
            if checked:
                yield checked
    else:
        doc_id = path.relative_to(root).with_suffix("").as_posix()
        front = split_front_matter(text, is_name=_names_non_state)  # headline, byline, dateline: metadata
        document = Document(id=doc_id, text=front.body, title=front.title, source=path.name, byline=front.byline,
                            dateline=front.place, published=front.date, agency=front.agency)
        checked = _checked(document, where, max_chars, on_skip)
        if checked:
            yield checked


def _names_non_state(word: str) -> bool:
    """"NATO —" opening a text is NATO, not a dateline (the gazetteer's judgement, as the actor pass's)."""
    from .linking.gazetteer import Gazetteer

    return Gazetteer.default().names_non_state(word)


def _checked(doc: Document, where: str, max_chars: int, on_skip: SkipHandler) -> Document | None:
    doc = storable_document(doc)  # control characters no RDF format carries, replaced one for one
    problem = id_problem(doc.id)
    if problem is not None:
        on_skip(Skipped(where, problem))
        return None
    bad = _SURROGATE.search(doc.text)
    if bad is not None:
        on_skip(
            Skipped(where, f"text holds an unpaired surrogate (U+{ord(bad.group()):04X}) at character {bad.start()}")
        )
        return None
    if not doc.text.strip():
        on_skip(Skipped(where, "empty document"))
        return None
    if len(doc.text) > max_chars:
        on_skip(
            Skipped(
                where, f"oversized: {len(doc.text):,} characters, more than the limit of {max_chars:,} (--max-chars)"
            )
        )
        return None
    return doc


def _document_from_record(record: dict[str, object], where: str, fallback_id: str) -> Document:
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError("no text field (a string) in this record", where=where)
    raw_id = record.get("id")
    doc_id = str(raw_id).strip() if raw_id not in (None, "") else ""
    doc_id = doc_id or fallback_id  # an id of spaces is no id

    def field(name: str) -> str | None:
        value = record.get(name)
        return str(value).strip() or None if value not in (None, "") else None

    published = field("published")
    if published is not None and xsd_date(published) is None:
        log.warning(
            "%s (%s): 'published' is not an ISO 8601 date or date-time (%r): left out",
            where, shown_id(doc_id), shown_id(published),
        )
        published = None
    return Document(
        id=doc_id,
        text=text,
        title=field("title"),
        url=field("url"),
        published=published,
        source=field("source"),
    )


def parse_jsonl(text: str, *, where: str, on_skip: SkipHandler = _log_skip) -> Iterator[Document]:
    """Documents from JSON Lines: one object a line with ``text`` and optional id, title, url,
    published, source. A malformed line is reported as ``file:line`` and skipped.

    >>> [d.id for d in parse_jsonl('{"id": 1, "text": "a"}\\n\\nnot json\\n', where="x.jsonl",
    ...                             on_skip=lambda s: print(s))]
    x.jsonl:3: malformed JSON (Expecting value at column 1)
    ['1']
    """
    stem = Path(where).stem
    # JSON Lines ends a line at "\n" only: a string may hold U+2028, U+0085 or a form feed as
    # such, and str.splitlines would cut the line there
    for lineno, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        loc = f"{where}:{lineno}"
        try:
            record = json.loads(line, strict=False)  # a raw tab or form feed in a string is still its text
        except json.JSONDecodeError as exc:
            on_skip(Skipped(loc, f"malformed JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(record, dict):
            on_skip(Skipped(loc, "a JSON object is expected on each line"))
            continue
        try:
            yield _document_from_record(record, loc, f"{stem}-{lineno}")
        except InputError as exc:
            on_skip(Skipped(loc, exc.message))


def parse_csv(text: str, *, where: str, on_skip: SkipHandler = _log_skip) -> Iterator[Document]:
    """Documents from CSV with a header row naming at least a ``text`` column.

    A quote that is not closed where its row should end (``1,"China criticised the plan``) would
    make every row after it part of that row's text. The rows are read strictly, so such a quote
    is found (where the quoted field meets text it cannot be followed by, or the end of the file);
    its row is reported as ``file:line`` with its id and skipped, and reading goes on at the line
    after the one the row began on, so no other row is lost.

    >>> text = 'id,text\\nc1,"China criticised the plan\\nc2,"Turkey called on Greece."\\n'
    >>> [d.id for d in parse_csv(text, where="x.csv", on_skip=print)]  # doctest: +ELLIPSIS
    x.csv:2: row 'c1': unterminated quote...
    ['c2']
    """
    # csv's default field limit (131,072 characters) is below any sensible --max-chars: lift it, and
    # let the document-size check report an oversized article
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    lines = list(io.StringIO(text, newline=""))  # split as csv splits: \n, \r\n or \r
    header: list[str] | None = None
    stem = Path(where).stem
    offset = 0  # lines before the reader's first one
    while offset < len(lines):
        reader = csv.reader(iter(lines[offset:]), strict=True)
        row_start = offset + 1  # the line the next row begins on
        try:
            for row in reader:
                line = offset + reader.line_num  # the row's last line, as csv.DictReader counted it
                if header is None:
                    header = [h.strip().lower() for h in row]
                    if "text" not in header:
                        on_skip(Skipped(where, f"CSV has no 'text' column (columns: {', '.join(header) or 'none'})"))
                        return
                elif row:  # DictReader skips rows without fields (blank lines) too
                    yield from _csv_document(header, row, f"{where}:{line}", f"{stem}-{line}", on_skip)
                row_start = line + 1
            break
        except csv.Error as exc:
            bad = _first_fields(lines[row_start - 1])
            if offset + reader.line_num == row_start:  # a stray quote within one line: read as before
                if header is None:
                    header = [h.strip().lower() for h in bad]
                    if "text" not in header:
                        on_skip(Skipped(where, f"CSV has no 'text' column (columns: {', '.join(header) or 'none'})"))
                        return
                elif bad:
                    yield from _csv_document(header, bad, f"{where}:{row_start}", f"{stem}-{row_start}", on_skip)
            else:
                row_id = dict(zip(header, bad, strict=False)).get("id") if header is not None else None
                name = f"row {row_id.strip()!r}" if row_id and row_id.strip() else "a row"
                on_skip(
                    Skipped(
                        f"{where}:{row_start}",
                        f"{name}: unterminated quote ({exc}); skipped, and line {row_start + 1} read as the "
                        "next row (the rows after it would have become its text)",
                    )
                )
            offset = row_start
    if header is None:
        on_skip(Skipped(where, "CSV has no 'text' column (columns: none)"))


def _first_fields(line: str) -> list[str]:
    """The fields of one line read on its own, leniently (a quote left open runs to its end)."""
    try:
        return next(csv.reader([line]), [])
    except csv.Error:
        return []


def _csv_document(
    header: list[str], row: list[str], loc: str, fallback_id: str, on_skip: SkipHandler
) -> Iterator[Document]:
    record: dict[str, object] = {k: v for k, v in zip(header, row, strict=False) if k in _FIELDS}
    try:
        yield _document_from_record(record, loc, fallback_id)
    except InputError as exc:
        on_skip(Skipped(loc, exc.message))
