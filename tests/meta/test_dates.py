"""Dates written in text: found, normalised, refused when impossible or in the future."""

from __future__ import annotations

from datetime import datetime

import pytest

from parsers.meta.dates import all_dates, earliest_date, find_date, resolve_relative, unglue_dates

DATES = [
    ("February 28, 2019", "2019-02-28"),
    ("Global Research, February 28, 2019", "2019-02-28"),
    ("1 March 2019", "2019-03-01"),
    ("14.02.2024", "2024-02-14"),
    ("1. März 2019", "2019-03-01"),
    ("12 de enero de 2020", "2020-01-12"),
    ("3 stycznia 2021", "2021-01-03"),
    ("Posted September 9, 2022", "2022-09-09"),
    ("2025-01-17 18:40", "2025-01-17T18:40:00"),
    ("2025-01-17T18:40:00Z", "2025-01-17T18:40:00+00:00"),
    ("March 3, 2024 at 4:05 pm", "2024-03-03T16:05:00"),
    ("Mar. 3, 2024", "2024-03-03"),
    ("5 novembre 2019", "2019-11-05"),
    # published and updated dates set side by side with nothing between
    ("19.11.202119.11.2021", "2021-11-19"),
    ("3. April 20223. April 2022 by Ines Okafor", "2022-04-03"),
    ("Apr. 26, 2022Apr. 26, 2022", "2022-04-26"),
    ("11/17/201911/18/2019", "2019-11-17"),
    # two-digit years: numeric, or cut with an apostrophe after a month name; read as strptime's %y
    ("Stand: 14.02.24, 09:30", "2024-02-14T09:30:00"),
    ("14.02.24", "2024-02-14"),
    ("14.02.97", "1997-02-14"),
    ("veröffentlicht am 14 Feb ’20", "2020-02-14"),
    ("Posted Feb 14th, '19 at 9:30 pm", "2019-02-14T21:30:00"),
    ("3. März ‘21", "2021-03-03"),
    ("1 Jan '99", "1999-01-01"),
]


@pytest.mark.parametrize(("text", "iso"), DATES)
def test_find_date(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None and found.iso == iso


@pytest.mark.parametrize(
    "text", ["", "No date here at all", "Vol. 12, page 44, line 7", "March 3 to 7", "A May '85 tour", "Top 10 ’20"]
)
def test_no_date_where_none_is_written(text: str) -> None:
    assert find_date(text) is None and earliest_date(text) is None


def test_impossible_and_future_dates_are_refused() -> None:
    assert find_date("31 February 2019") is None
    assert find_date("March 1, 1950") is None
    assert find_date("March 1, 2030", not_after=datetime(2024, 1, 1)) is None
    assert find_date("Order 14.02.202412 items") is None  # a year runs only into a date
    found = find_date("23.10.2015 - 25.10.2015")  # a range: its end is no time of day
    assert found is not None and (found.iso, found.end) == ("2015-10-23", 10)


def test_relative_dates_need_the_fetch_time() -> None:
    assert resolve_relative("3 hours ago", None) is None
    assert resolve_relative("3 hours ago", datetime(2024, 5, 2, 1, 0)) == "2024-05-01"
    assert resolve_relative("gestern", datetime(2024, 5, 2, 12, 0)) == "2024-05-01"


def test_earliest_date_and_day_first() -> None:
    from parsers.meta.dates import earliest_date

    found = earliest_date("Updated 12 June 2021. First published 03/05/2021 by the desk.")
    assert found is not None and found.iso == "2021-06-12"
    later = earliest_date("Event on 03/05/2021", day_first=True)
    assert later is not None and later.iso == "2021-05-03"
    assert earliest_date("no date here") is None


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("01.21.2020", "2020-01-21"),  # a month past 12 before the year is a day: month first
        ("2.23.2025", "2025-02-23"),
        ("21.01.2020", "2020-01-21"),
        ("28/02/2019", "2019-02-28"),
        ("02/28/2019", "2019-02-28"),
        ("05.06.2020", "2020-06-05"),  # either way a date: dotted is day first
    ],
)
def test_numeric_dates_read_the_only_order_that_makes_a_date(written: str, iso: str) -> None:
    found = find_date(f"Posted {written} by the desk")
    assert found is not None and found.iso == iso


def test_a_month_and_a_day_both_past_12_are_no_date() -> None:
    assert find_date("Reference 13.14.2020") is None
    assert find_date("2020-21-01") is None  # a year first keeps its month in place


def test_month_names_are_letters_only() -> None:
    """The month-first pattern looks ahead for a run of letters before trying the names."""
    from parsers.meta.dates import MONTHS

    assert all(name.isalpha() for name in MONTHS)
    assert find_date("Posted on Feb. 4th 2022 at 10:30") is not None


@pytest.mark.parametrize(
    ("glued", "days"),
    [
        ("Erstellt am09.02.2022", ["2022-02-09"]),  # a date written on to the word before it
        ("Freitag, 15. April 2016Samstag, 4. März 2017", ["2016-04-15", "2017-03-04"]),  # two dates side by side
        ("3 de mayo de 202221:25", ["2022-05-03T21:25:00"]),  # a date and its time
    ],
)
def test_a_date_written_on_to_the_word_or_time_around_it_is_read(glued: str, days: list[str]) -> None:
    assert [f.iso for f in all_dates(unglue_dates(glued), day_first=True)] == days


@pytest.mark.parametrize("text", ["09h08", "the 1990s", "ID 2019123:45", "Windows 2019 Server"])
def test_ungluing_leaves_what_holds_no_glued_date(text: str) -> None:
    assert unglue_dates(text) == text
