"""Dates of speech acts: relative expressions resolved against the publication date."""

from __future__ import annotations

import pytest

from newskg.builder.dates import normalise_date, parse_published

THURSDAY = "2020-10-08"  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuesday", "2020-10-06"),
        ("on Tuesday", "2020-10-06"),
        ("Thursday", "2020-10-08"),  # the day of publication itself
        ("Friday", "2020-10-02"),  # the last Friday before a Thursday
        ("last Thursday", "2020-10-01"),
        ("next Monday", "2020-10-12"),
        ("yesterday", "2020-10-07"),
        ("today", "2020-10-08"),
        ("last week", "2020-10-01"),
        ("three days ago", "2020-10-05"),
        ("September 27", "2020-09-27"),
        ("on 27 September", "2020-09-27"),
        ("Sept. 27", "2020-09-27"),
        ("October 12", "2020-10-12"),  # an announced date a few days ahead
        ("December 25", "2019-12-25"),  # a day and month well after publication lies in the past year
        ("September 27, 2020", "2020-09-27"),
        ("2020-09-27", "2020-09-27"),
    ],
)
def test_normalise_against_published(text: str, expected: str) -> None:
    assert normalise_date(text, published=THURSDAY) == expected


@pytest.mark.parametrize("text", ["Tuesday", "last week", "September 27", "yesterday"])
def test_relative_dates_stay_unresolved_without_publication(text: str) -> None:
    assert normalise_date(text, published=None) is None


def test_absolute_dates_resolve_without_publication() -> None:
    assert normalise_date("27 September 2020", published=None) == "2020-09-27"


@pytest.mark.parametrize("text", ["", "recently", "in the coming weeks", "February 30", "the 1990s"])
def test_no_single_day(text: str) -> None:
    assert normalise_date(text, published=THURSDAY) is None


def test_published_date_time_and_garbage() -> None:
    assert normalise_date("Tuesday", published="2020-10-08T23:10:00+02:00") == "2020-10-06"
    assert parse_published("8 October 2020") is None
    assert normalise_date("Tuesday", published="yesterday") is None
