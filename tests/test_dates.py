from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


def test_the_year_zero_is_refused_as_off_the_calendar() -> None:
    with pytest.raises(DateError, match="has the year 0000") as raised:
        PartialDate.parse("0000-06")
    assert not raised.value.form, "written as a date: the validator reports it at its field"
    with pytest.raises(DateError) as raised:
        PartialDate.parse("05/2020")
    assert raised.value.form, "not written as a date: the schema reports it"


def test_date_arithmetic_stays_on_the_calendar() -> None:
    from generator.records.dates import LATEST, add_months, day_after, day_before

    assert add_months(dt.date(9999, 6, 30), 24) == LATEST
    assert add_months(dt.date(1, 3, 1), -24) == dt.date.min
    assert PartialDate(9999, 6).plus_months(36) == PartialDate(9999, 12)
    assert PartialDate(9999, 6, 30).plus_months(36) == PartialDate(9999, 12, 31)
    assert PartialDate(9999).plus_months(36) == PartialDate(9999)
    assert day_after(LATEST) == LATEST and day_before(dt.date.min) == dt.date.min
    assert day_after(dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)


@given(
    year=st.integers(1, 9999),
    month=st.none() | st.integers(1, 12),
    day=st.none() | st.integers(1, 28),
    months=st.integers(0, 240),
)
def test_every_date_the_parser_reads_has_an_end_window(
    year: int, month: int | None, day: int | None, months: int
) -> None:
    """Whatever date a record holds, the arithmetic of its status (its end window, the day before and after)
    cannot leave the calendar: a build never ends in an OverflowError."""
    from generator.records.model import Label

    date = PartialDate(year, month, day if month is not None else None)
    blank = dict(awarded_by=None, score=None, certificate=None, source=None, note=None)
    label = Label("gold", date, None, months, **blank)
    window = label.end_window()
    assert window is not None and window.earliest <= window.latest
    assert label.effective_valid_until is not None
    until = Label("gold", None, date, months, **blank).end_window()
    assert until is not None and until.earliest <= until.latest
