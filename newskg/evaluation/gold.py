"""Gold files newskg can be measured against, and the documents to build from them.

Four formats:

- ``seed``: one JSON object (``document``, ``speech_acts`` with cue spans, accepted types and
  participants). The text is the file named by ``document``, next to the gold file; the document id is
  that file's stem.
- ``plover``: JSON Lines of PLOVER gold-standard records (``seq``, ``text``, ``plover_event``,
  ``source``, ``target``, ``is_speech_or_diplomatic_act``); each record is built as a document whose id
  is its ``seq``.
- ``petr``: JSON Lines of PETRARCH validation records (``id``, ``text``, ``codings`` with CAMEO event,
  source and target codes); each record is built as a document with its ``id``.
- ``polnear``: a PolNeAR attributions file (``*_attributions.jsonl``: ``doc_id``, ``annotator``,
  ``cue``, ``source``, ``content``); the articles are the ``*_docs.jsonl`` file next to it, each built as a
  document whose id is its ``doc_id`` (see :mod:`.polnear`).
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..builder.facts import Document
from ..errors import InputError
from .polnear import read_jsonl_objects, read_polnear

__all__ = ["GoldFormat", "GoldSet", "guess_format", "read_gold"]


class GoldFormat(enum.StrEnum):
    """The gold formats ``newskg eval`` reads."""

    SEED = "seed"
    PLOVER = "plover"
    PETR = "petr"
    POLNEAR = "polnear"


@dataclass(frozen=True, slots=True)
class GoldSet:
    """A gold file read: its format, its records and the documents to build for it."""

    format: GoldFormat
    path: Path
    records: list[dict[str, Any]]  # seed: one record (the whole JSON object); polnear: the attribution rows
    documents: list[Document]


def _first_record(path: Path) -> Any:
    """The parsed whole file (JSON) or its first line (JSON Lines), whichever parses."""
    text = path.read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        first = next((line for line in text.splitlines() if line.strip()), "")
        try:
            return json.loads(first)
        except json.JSONDecodeError as exc:
            raise InputError("neither JSON nor JSON Lines", where=f"{path}:1") from exc


def guess_format(path: str | Path) -> GoldFormat:
    """The gold format of ``path``, from its name and else from its content.

    Raises :class:`InputError` naming the file when neither tells.
    """
    path = Path(path)
    name = path.name.lower()
    for fmt in (GoldFormat.PLOVER, GoldFormat.PETR, GoldFormat.SEED, GoldFormat.POLNEAR):
        if fmt.value in name:
            return fmt
    if not path.is_file():
        raise InputError("no such gold file", where=str(path))
    first = _first_record(path)
    if isinstance(first, dict):
        if "speech_acts" in first and "document" in first:
            return GoldFormat.SEED
        if "plover_event" in first:
            return GoldFormat.PLOVER
        if "codings" in first:
            return GoldFormat.PETR
        if "attribution_id" in first and "cue" in first:
            return GoldFormat.POLNEAR
    raise InputError(
        "cannot tell the gold format from the file name or its first record",
        where=str(path),
        hint="pass --format seed|plover|petr|polnear",
    )


def _require(record: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    missing = [k for k in keys if k not in record]
    if missing:
        raise InputError(f"gold record lacks {', '.join(missing)}", where=where)


def read_gold(path: str | Path, *, format: GoldFormat | str | None = None) -> GoldSet:
    """Reads a gold file and the documents to build for it.

    Raises :class:`InputError` naming the file (and line) when it is missing or malformed.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("no such gold file", where=str(path))
    fmt = GoldFormat(format) if format else guess_format(path)
    if fmt is GoldFormat.SEED:
        gold = _first_record(path)
        if not isinstance(gold, dict):
            raise InputError("seed gold must be one JSON object", where=str(path))
        _require(gold, ("document", "speech_acts"), str(path))
        text_path = path.parent / gold["document"]
        if not text_path.is_file():
            raise InputError(f"the gold's document {gold['document']!r} is not next to it", where=str(path))
        try:
            text = text_path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("the document is not UTF-8", where=str(text_path)) from exc
        return GoldSet(fmt, path, [gold], [Document(id=text_path.stem, text=text, source=str(text_path))])
    if fmt is GoldFormat.POLNEAR:
        corpus = read_polnear(path)
        return GoldSet(fmt, path, corpus.records, corpus.documents)
    records = read_jsonl_objects(path, what="a gold record")
    documents = []
    for number, record in enumerate(records, 1):
        if fmt is GoldFormat.PLOVER:
            keys = ("seq", "text", "plover_event", "is_speech_or_diplomatic_act")
            _require(record, keys, f"{path}:{number}")
            documents.append(Document(id=str(record["seq"]), text=record["text"], source=str(path)))
        else:
            _require(record, ("id", "text", "codings"), f"{path}:{number}")
            published = _petr_date(record.get("date"))
            documents.append(Document(id=str(record["id"]), text=record["text"], published=published,
                                      source=str(path)))
    return GoldSet(fmt, path, records, documents)


def _petr_date(value: object) -> str | None:
    """PETRARCH dates are ``YYYYMMDD``; the builder wants ISO dates."""
    text = str(value or "")
    if len(text) == 8 and text.isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return None
