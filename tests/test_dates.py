from __future__ import annotations

import datetime as dt

import pytest

from generator.records.dates import DateError, PartialDate


@pytest.mark.parametrize("value", ["2019", 2019, "2019-07", "2019-07-25", "2024-02-29"])
def test_partial_dates_keep_the_form_they_were_given(value: object) -> None:
    assert PartialDate.parse(value).iso() == str(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2021-02-29", "`2021-02-29` is not on the calendar: February 2021 has 28 days"),
        ("2021-13", "`2021-13` has month 13; months run from 01 to 12"),
        ("2021-00-10", "`2021-00-10` has month 0; months run from 01 to 12"),
        ("21-01-01", "`21-01-01` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2021/01", "`2021/01` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
        (True, "expected a date such as 2021, 2021-06 or 2021-06-15"),
        (20.5, "expected a date such as 2021, 2021-06 or 2021-06-15"),
    ],
)
def test_impossible_dates_are_refused(value: object, message: str) -> None:
    with pytest.raises(DateError) as caught:
        PartialDate.parse(value)
    assert str(caught.value) == message


def test_first_and_last_day_cover_the_period() -> None:
    assert PartialDate.parse("2027").last_day() == dt.date(2027, 12, 31)
    assert PartialDate.parse("2024-02").last_day() == dt.date(2024, 2, 29)
    assert PartialDate.parse("2024-02").first_day() == dt.date(2024, 2, 1)
    assert PartialDate.parse("2024-02-10").last_day() == dt.date(2024, 2, 10)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        ("2019-07-25", 24, "2021-07-25"),
        ("2019-07", 24, "2021-07"),
        ("2020", 24, "2022"),
        ("2024-02-29", 24, "2026-02-28"),
        ("2023-03-31", 1, "2023-04-30"),
        ("2023-11", 3, "2024-02"),
    ],
)
def test_adding_months_keeps_precision(start: str, months: int, end: str) -> None:
    assert PartialDate.parse(start).plus_months(months).iso() == end
