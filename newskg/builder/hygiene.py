"""Text hygiene: what a document's text may hold, what spaCy reads, and how offsets get back.

Two steps, one at each end of the reader -> spaCy seam:

* :func:`storable` (the readers and :func:`newskg.builder.build.iter_documents`): control
  characters no RDF format can carry (RDF/XML cannot hold a form feed or a BEL at all, and
  HermiT then fails on the whole file) are replaced one for one: form feed, vertical tab and NEL
  by a line break, the rest by a space. Nothing else changes and the length stays the same, so
  this is the text as stored in ``nif:isString``, and every offset points into it.
* :func:`clean_for_model` (:class:`newskg.builder.document_builder.Builder`, before spaCy): the stored text
  in Unicode NFC, without bidi controls, zero-width characters and emoji ("Is\\u200brael" is
  "Israel", "\\u202eIsrael" is Israel, not a second actor; "Greece" followed by a family emoji is
  the State, not a person). :class:`CleanText` keeps, for each character
  spaCy reads, where it came from, so :func:`restore_offsets` maps every span of the facts back
  into the stored text, widened to whole grapheme clusters (an emoji flag, two regional
  indicators, is never cut in half at a span's edge).

Names and labels therefore come from the clean text; offsets and ``nif:anchorOf`` from the text
as stored. An ordinary text (NFC, nothing invisible) is its own clean text: nothing is copied or
mapped.

>>> view = clean_for_model("Iran accused \\u202eIsrael of it.")
>>> view.text
'Iran accused Israel of it.'
>>> view.original_span(13, 19)
(14, 20)
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from array import array
from dataclasses import dataclass

from .facts import Document, DocumentFacts, Span

__all__ = [
    "CleanText",
    "clean_for_model",
    "is_cluster_boundary",
    "restore_offsets",
    "storable",
    "storable_document",
]

# C0 controls but tab, line feed and carriage return; DEL; C1 controls; the two noncharacters XML
# refuses. Page and line breaks stay breaks.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CONTROL_MAP = {0x0B: "\n", 0x0C: "\n", 0x85: "\n", 0xFFFE: "\ufffd", 0xFFFF: "\ufffd"}


def _control(match: re.Match[str]) -> str:
    return _CONTROL_MAP.get(ord(match.group()), " ")


def storable(text: str) -> str:
    """``text`` with every control character no RDF format can carry replaced one for one.

    >>> storable("Talks resumed.\\fKyiv denied it.\\x07")
    'Talks resumed.\\nKyiv denied it. '
    """
    if _CONTROLS.search(text) is None:
        return text
    return _CONTROLS.sub(_control, text)


def storable_document(document: Document) -> Document:
    """``document`` with :func:`storable` applied to its text and metadata (itself when nothing changes)."""
    changes = {
        name: storable(value)
        for name in ("text", "title", "url", "published", "source")
        if isinstance(value := getattr(document, name), str) and _CONTROLS.search(value) is not None
    }
    return dataclasses.replace(document, **changes) if changes else document


# Invisible characters that change nothing a reader sees but stop a name from being one: bidi
# embeddings, overrides, isolates and marks, zero-width space/joiners, word joiner and invisible
# operators, the BOM used as a zero-width no-break space, soft hyphen, Mongolian vowel separator.
_INVISIBLE = frozenset(
    [0x00AD, 0x061C, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF]
    + list(range(0x202A, 0x202F))
    + list(range(0x2060, 0x2065))
    + list(range(0x2066, 0x206A))
)
# Emoji: pictographs, dingbats, regional indicators (flags), skin-tone modifiers, variation
# selectors and tag characters. A reader sees them, but the model read "Greece" followed by a family
# emoji (man, zero-width joiner, woman) as a person so named: an actor "greece" of another class
# than the State (issue 14's hostile texts).
_EMOJI_RANGES = [
    (0x2600, 0x27BF),
    (0x2B00, 0x2BFF),
    (0xFE0E, 0xFE0F),
    (0x1F000, 0x1FAFF),
    (0xE0001, 0xE007F),
]
_NOT_READ_RE = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in sorted(_INVISIBLE))
    + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in _EMOJI_RANGES)
    + "]"
)


def _not_read(char: str) -> bool:
    code = ord(char)
    return code in _INVISIBLE or any(a <= code <= b for a, b in _EMOJI_RANGES)


@dataclass(frozen=True, slots=True)
class CleanText:
    """The text spaCy reads, and where each of its characters lies in the text as stored.

    ``starts[i]``/``ends[i]`` bound the stored characters clean character ``i`` came from (a
    composed character covers its whole decomposed sequence); both None when the clean text is the
    stored text itself.
    """

    text: str
    original: str
    starts: array | None = None
    ends: array | None = None

    @property
    def identity(self) -> bool:
        return self.starts is None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The stored-text offsets of the clean span ``start``-``end`` (end exclusive)."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            at = self.starts[start] if start < len(self.text) else len(self.original)
            return at, at
        return self.starts[start], self.ends[end - 1]


def clean_for_model(text: str) -> CleanText:
    """The NFC text without invisible characters that spaCy should read instead of ``text``."""
    if text.isascii() or (_NOT_READ_RE.search(text) is None and unicodedata.is_normalized("NFC", text)):
        return CleanText(text, text)
    pieces: list[str] = []
    starts = array("l")
    ends = array("l")
    segment: list[int] = []  # stored indices of the characters of one normalisation segment

    def flush() -> None:
        if not segment:
            return
        raw = "".join(text[i] for i in segment)
        composed = unicodedata.normalize("NFC", raw)
        if composed == raw:  # one for one
            pieces.append(raw)
            starts.extend(segment)
            ends.extend(i + 1 for i in segment)
        else:  # each character of the composed form stands for the whole stored sequence
            pieces.append(composed)
            starts.extend([segment[0]] * len(composed))
            ends.extend([segment[-1] + 1] * len(composed))
        segment.clear()

    for index, char in enumerate(text):
        if _not_read(char):
            continue
        if segment and _starts_segment(text, segment, char):
            flush()
        segment.append(index)
    flush()
    return CleanText("".join(pieces), text, starts, ends)


def _starts_segment(text: str, segment: list[int], char: str) -> bool:
    """True when ``char`` normalises independently of the segment before it (it can neither
    compose with it nor be reordered into it)."""
    if char.isascii():
        return True
    if unicodedata.combining(char):
        return False
    before = "".join(text[i] for i in segment)
    return unicodedata.normalize("NFC", before + char) == unicodedata.normalize("NFC", before) + char


# -- grapheme clusters (the parts of UAX #29 that a span edge can fall into) ----------------------

_ZWJ = "\u200d"


def _is_regional_indicator(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def _extends(char: str) -> bool:
    """Grapheme_Cluster_Break Extend, SpacingMark or ZWJ (approximately: marks, joiners, emoji
    modifiers, variation selectors and tags)."""
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char in "\u200c\u200d"
        or "\U0001f3fb" <= char <= "\U0001f3ff"
        or "\U000e0020" <= char <= "\U000e007f"
    )


def _inside_cluster(text: str, i: int) -> bool:
    """True when offset ``i`` falls inside a grapheme cluster (not a boundary)."""
    if i <= 0 or i >= len(text):
        return False
    char, before = text[i], text[i - 1]
    if before == "\r" and char == "\n":
        return True
    if _extends(char) or before == _ZWJ:
        return True
    if _is_regional_indicator(char) and _is_regional_indicator(before):
        run = 0
        j = i - 1
        while j >= 0 and _is_regional_indicator(text[j]):
            run += 1
            j -= 1
        return run % 2 == 1  # pairs from the start of the run: an odd run before i leaves one open
    return False


def is_cluster_boundary(text: str, offset: int) -> bool:
    """True when ``offset`` lies between two grapheme clusters of ``text`` (or at either end).

    >>> flags = "\U0001f1fa\U0001f1e6\U0001f1fa\U0001f1e6"
    >>> [is_cluster_boundary(flags, i) for i in range(5)]
    [True, False, True, False, True]
    """
    return not _inside_cluster(text, offset)


def _whole_clusters(text: str, start: int, end: int) -> tuple[int, int]:
    while _inside_cluster(text, start):
        start -= 1
    while _inside_cluster(text, end):
        end += 1
    return start, end


# -- back to the stored text ------------------------------------------------------------------------


def restore_offsets(facts: DocumentFacts, document: Document, view: CleanText) -> None:
    """Puts ``facts`` (read from ``view.text``) back onto ``document``, the text as stored: every
    span mapped through ``view`` and widened to whole grapheme clusters, its text the stored one."""
    facts.document = document
    text = document.text
    if view.identity and text.isascii():  # nothing to map, no cluster to cut: the common case
        return
    cache: dict[tuple[int, int], Span] = {}

    def mapped(span: Span) -> Span:
        key = (span.start, span.end)
        found = cache.get(key)
        if found is None:
            start, end = _whole_clusters(text, *view.original_span(span.start, span.end))
            found = span if (start, end) == key and view.identity else Span(start, end, text[start:end])
            cache[key] = found
        return found

    seen: set[int] = set()

    def visit(value: object) -> object:
        if isinstance(value, Span):
            return mapped(value)
        if isinstance(value, list):
            value[:] = [visit(item) for item in value]
            return value
        if isinstance(value, tuple):
            return tuple(visit(item) for item in value)
        if isinstance(value, dict):
            for key, item in value.items():
                value[key] = visit(item)
            return value
        if dataclasses.is_dataclass(value) and not isinstance(value, type) and id(value) not in seen:
            seen.add(id(value))  # a Mention is shared by an act and the document's list: map it once
            for field in dataclasses.fields(value):
                item = getattr(value, field.name)
                if isinstance(item, Span | list | tuple | dict) or dataclasses.is_dataclass(item):
                    setattr(value, field.name, visit(item))
        return value

    for name in ("mentions", "speech_acts", "conflicts", "relations", "positions", "places"):
        visit(getattr(facts, name))
