"""The front matter of a plain-text article: headline, byline and dateline, split from the body.

A news article saved as text usually starts with its headline on a line of its own, often a byline
("By Jane Doe"), and its first paragraph often opens with a dateline ("BRUSSELS —", "NEW DELHI
(Reuters) -", "GENEVA, March 3 (AP) —"). Read as prose, the headline runs into the first sentence
(actors such as "India Rejects Pakistani Accusation", a false Agreement from "...to Agree
Ceasefire") and the dateline's place becomes a speaker ("BRUSSELS" calling for a ceasefire). The
text reader (:mod:`.corpus`) keeps them as the document's metadata (the headline as its title,
``dcterms:title``; the byline as ``dcterms:creator``; the dateline as ``dcterms:spatial``) and
builds the body alone.

Only what is unmistakable is split off: a headline is a first line without closing punctuation,
at most 20 words, followed by a blank line or written in title case, with more text after it; a
byline is a short line starting "By "; a dateline is a place in capitals at the very start of the
body, an optional date and agency, then a dash. Anything else stays in the body.

>>> fm = split_front_matter("India Rejects Pakistani Accusation\\n\\nNEW DELHI (Reuters) - India said on Monday ...")
>>> fm.title, fm.dateline, fm.place, fm.body
('India Rejects Pakistani Accusation', 'NEW DELHI (Reuters) -', 'New Delhi', 'India said on Monday ...')
>>> split_front_matter("Russia accused Ukraine of shelling.\\nKyiv denied it.").body
'Russia accused Ukraine of shelling.\\nKyiv denied it.'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .dates import normalise_date

__all__ = ["FrontMatter", "dateline_spans", "split_front_matter"]

_MAX_HEADLINE_WORDS = 20
_CLOSING = ".!?:;,\"'”’)…"
_BYLINE = re.compile(r"^(?:By|BY)\s+[A-Z][^\n]{1,80}$")
# "BRUSSELS —", "NEW DELHI (Reuters) -", "WASHINGTON, Oct. 3 (AP) —", "GENEVA, Switzerland —"
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+){0,3})"
    r"(?P<rest>(?:,\s*(?P<region>[A-Z][A-Za-z.]*(?:\s+[A-Za-z.]+)?)"
    r"(?:\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?)?)?"
    r"(?:\s*\((?P<agency>[A-Z][A-Za-z.]*(?:\s+[A-Za-z.]+){0,3})\))?)"
    r"\s*(?P<dash>—|–|--|-)\s+(?=\S)"
)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What :func:`split_front_matter` found: each part None when absent; ``body`` the rest of the text."""

    body: str
    title: str | None = None
    byline: str | None = None
    dateline: str | None = None
    place: str | None = None
    date: str | None = None  # ISO 8601, when the dateline gives a full date ("GENEVA, March 3, 2024 (AP) —")
    agency: str | None = None  # the news agency in its brackets ("Reuters")

    @property
    def found(self) -> bool:
        return bool(self.title or self.byline or self.dateline)


def _is_headline(line: str, next_blank: bool) -> bool:
    words = line.split()
    if not words or len(words) > _MAX_HEADLINE_WORDS or line.rstrip()[-1] in _CLOSING:
        return False
    if _DATELINE.match(line) or _BYLINE.match(line):
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    return next_blank or capitalised >= 0.6 * len(words)


def _place(raw: str) -> str:
    return " ".join(w.capitalize() if len(w) > 2 or w.isalpha() else w for w in raw.split())


def split_front_matter(text: str, *, is_name: Callable[[str], bool] | None = None) -> FrontMatter:
    """The headline, byline and dateline at the start of ``text``, and the body after them.
    ``is_name``: whether a word in capitals alone before the dash is a name ("NATO — the alliance
    said ..."), which stays in the body, rather than a place ("BERLIN —").

    >>> split_front_matter("NATO — The alliance said so.", is_name=lambda w: w == "NATO").body
    'NATO — The alliance said so.'
    """
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    title = byline = None
    rest = [j for j in range(i + 1, len(lines)) if lines[j].strip()]
    if i < len(lines) and rest and _is_headline(lines[i].strip(), not lines[i + 1].strip()):
        title, i = lines[i].strip(), i + 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    if title is not None and i < len(lines) and _BYLINE.match(lines[i].strip()) and len(lines[i].split()) <= 12:
        byline, i = lines[i].strip(), i + 1
        while i < len(lines) and not lines[i].strip():
            i += 1
    body = "\n".join(lines[i:]) if title is not None else text
    match = _DATELINE.match(body.lstrip())
    bare = match is not None and not match.group("rest").strip()
    if not (match and _is_dateline(match)) or (bare and is_name is not None and is_name(match.group("place"))):
        return FrontMatter(body=body, title=title, byline=byline)
    return FrontMatter(body=body.lstrip()[match.end() :], title=title, byline=byline,
                       dateline=match.group(0).strip(), place=_place(match.group("place")),
                       date=_dateline_date(match), agency=match.group("agency"))


#: How many characters a dateline may take ("WASHINGTON, Sept. 12, 2016 (Reuters) —" is 40).
_DATELINE_REACH = 120
#: A paragraph's start: the text's or a line's, after any spaces.
_PARAGRAPH_START = re.compile(r"^[ \t]*", re.MULTILINE)


def dateline_spans(text: str) -> list[tuple[int, int, str | None]]:
    """The characters of every dateline that opens a paragraph of ``text``, up to its dash, and its
    place when the dateline is that word in capitals alone ("NATO —" may be a name as well as
    "DALLAS —" a place; a region, date or agency, "DALLAS (AP) —", settles it, and then None): the
    text a JSONL or CSV record gives, or a wire story pasted after its headline, keeps them in the
    body, and their places and agencies are no actors there.

    >>> t = "Trump, Ryan Pledge to Work Together\\n\\nWASHINGTON (AP) — Donald Trump and Paul Ryan pledged."
    >>> [(t[a:b], bare) for a, b, bare in dateline_spans(t)]
    [('WASHINGTON (AP) —', None)]
    >>> dateline_spans("Alliance steps up patrols.\\nNATO — The alliance said so.")
    [(27, 33, 'NATO')]
    >>> dateline_spans("NATO said so. UN - no.")
    []
    """
    spans = []
    for start in _PARAGRAPH_START.finditer(text):
        begin = start.end()
        match = _DATELINE.match(text[begin : begin + _DATELINE_REACH])  # its ^ anchors at the slice
        if match and _is_dateline(match):
            bare = None if match.group("rest").strip() else match.group("place")
            spans.append((begin, begin + match.end("dash"), bare))
    return spans


def _is_dateline(match: re.Match[str]) -> bool:
    """A dateline's place has three letters at least and is no number."""
    return len(match.group("place")) >= 3 and not match.group("place").isdigit()


def _dateline_date(match: re.Match[str]) -> str | None:
    """The ISO date of a dateline that gives month, day and year; None otherwise (a dateline without
    its year, "WASHINGTON, Oct. 3 (Reuters) -", names no day a reader can place).

    >>> split_front_matter("GENEVA, March 3, 2024 (AP) — Talks resumed.").date
    '2024-03-03'
    >>> split_front_matter("WASHINGTON, Sept. 31, 2024 — Talks resumed.").date is None
    True
    """
    if match.group("year") is None:
        return None
    # "March 3, 2024": a date the text names on its own, read as dates in the body are
    return normalise_date(f"{match.group('region')} {match.group('day')}, {match.group('year')}", published=None)
