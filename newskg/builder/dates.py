"""Normalising the dates news text gives relative to the day it was published.

Reports date what was said by weekday ("on Tuesday"), by relative phrase ("yesterday",
"last week") or by day and month without a year ("September 27"). Each resolves against the
article's publication date; without one only self-contained dates (with a year) resolve.

>>> normalise_date("Tuesday", published="2020-10-08")
'2020-10-06'
>>> normalise_date("on September 27", published="2020-10-08")
'2020-09-27'
>>> normalise_date("last week", published="2020-10-08")
'2020-10-01'
>>> normalise_date("September 27, 2020", published=None)
'2020-09-27'
>>> normalise_date("Tuesday", published=None) is None
True
"""

from __future__ import annotations

import datetime as dt
import logging
import re

__all__ = ["normalise_date", "parse_published"]

log = logging.getLogger(__name__)

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ]
    )
    for name in names
}
_RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
# A leading preposition or qualifier carries no date information ("on Tuesday", "earlier this week").
_LEADING = re.compile(r"^(?:on|since|from|until|by|as of|earlier|late|early|this past)\s+", re.I)
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?$")


def parse_published(published: str | None) -> dt.date | None:
    """The date part of an ISO 8601 date or date-time string, or None when absent or unreadable.

    >>> parse_published("2020-10-08T14:03:00Z")
    datetime.date(2020, 10, 8)
    """
    if not published:
        return None
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", published)
    if not match:
        log.debug("published date %r is not ISO 8601; relative dates stay unresolved", published)
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _clean(text: str) -> str:
    text = " ".join(text.replace(",", " , ").split()).strip(" ,.").lower()
    previous = None
    while previous != text:
        previous = text
        text = _LEADING.sub("", text).strip(" ,")
    return text


def _day_month(words: list[str]) -> tuple[int, int] | None:
    """(month, day) from "september 27" or "27 september"."""
    if len(words) != 2:
        return None
    first, second = words
    if first in _MONTHS and (ordinal := _ORDINAL.match(second)):
        return _MONTHS[first], int(ordinal[1])
    if second in _MONTHS and (ordinal := _ORDINAL.match(first)):
        return _MONTHS[second], int(ordinal[1])
    return None


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def normalise_date(text: str, *, published: str | None) -> str | None:
    """The ISO date (``YYYY-MM-DD``) that ``text`` names, read against the ``published`` date.

    Weekdays name the most recent such day on or before publication ("Tuesday" in a Thursday
    article is two days back: news reports past speech). "last week" has no single day; it
    resolves to the day seven days back, a day of that week, and the text is kept beside it.
    Returns None when the text names no day that can be resolved.
    """
    base = parse_published(published)
    cleaned = _clean(text)
    if not cleaned:
        return None
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", cleaned)
    if iso:
        day = _safe(int(iso[1]), int(iso[2]), int(iso[3]))
        return day.isoformat() if day else None
    words = [w.rstrip(".") for w in cleaned.replace(" , ", " ").split()]
    # "September 27, 2020" / "27 September 2020"
    if len(words) == 3 and re.fullmatch(r"\d{4}", words[2]):
        month_day = _day_month(words[:2])
        if month_day:
            day = _safe(int(words[2]), *month_day)
            return day.isoformat() if day else None
    if base is None:
        return None
    if cleaned in _RELATIVE_DAYS:
        return (base + dt.timedelta(days=_RELATIVE_DAYS[cleaned])).isoformat()
    weekday = words[-1] if words else ""
    qualified = len(words) == 2 and words[0] in {"last", "this", "next"}
    if weekday in _WEEKDAYS and (len(words) == 1 or qualified):
        target = _WEEKDAYS.index(weekday)
        back = (base.weekday() - target) % 7
        if len(words) == 2 and words[0] == "next":
            ahead = (target - base.weekday()) % 7 or 7
            return (base + dt.timedelta(days=ahead)).isoformat()
        if len(words) == 2 and words[0] == "last" and back == 0:
            back = 7
        return (base - dt.timedelta(days=back)).isoformat()
    if cleaned in {"last week", "a week ago", "one week ago"}:
        return (base - dt.timedelta(days=7)).isoformat()
    ago = re.fullmatch(r"(\d+|two|three|four|five|six) days ago", cleaned)
    if ago:
        numbers = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
        n = numbers.get(ago[1]) or int(ago[1])
        return (base - dt.timedelta(days=n)).isoformat()
    month_day = _day_month(words)
    if month_day:
        # A day and month without a year is the latest such day not after publication (a report
        # looks back), unless it lies within a week ahead (announced plans: "talks on October 12").
        for year in (base.year + 1, base.year, base.year - 1):
            day = _safe(year, *month_day)
            if day and day <= base + dt.timedelta(days=7):
                return day.isoformat()
    return None
