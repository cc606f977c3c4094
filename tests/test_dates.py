from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.records.dates import DateError, DateSpan, PartialDate, parse_label_date


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
    label = Label("gold", date, None, (months, months + 12), **blank)
    window = label.end_window()
    assert window is not None and window.earliest <= window.latest
    assert label.effective_valid_until is not None
    until = Label("gold", None, date, (months, months), **blank).end_window()
    assert until is not None and until.earliest <= until.latest


def _edtf_days(text: str) -> tuple[dt.date, dt.date]:
    from edtf import parse_edtf, struct_time_to_date

    parsed = parse_edtf(text)
    return struct_time_to_date(parsed.lower_strict()), struct_time_to_date(parsed.upper_strict())


@st.composite
def _dates(draw: st.DrawFn) -> str:
    year = draw(st.integers(2009, 2030))
    month = draw(st.none() | st.integers(1, 12))
    if month is None:
        return f"{year}"
    day = draw(st.none() | st.integers(1, 28))
    return f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")


@settings(max_examples=60, deadline=None)
@given(_dates(), _dates())
def test_dates_and_intervals_read_as_the_edtf_reference_reads_them(first: str, second: str) -> None:
    """Each date, and each interval of two, spans the days the ``edtf`` package gives it (its strict bounds)."""
    date = parse_label_date(first)
    assert (date.first_day(), date.last_day()) == _edtf_days(first)
    text = f"{first}/{second}"
    try:
        span = parse_label_date(text)
    except DateError:
        start, end = PartialDate.parse(first), PartialDate.parse(second)
        assert end.last_day() <= start.first_day() or start.last_day() >= end.last_day()
        return
    assert isinstance(span, DateSpan) and span.iso() == text
    assert (span.first_day(), span.last_day()) == _edtf_days(text)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-09/2024-07", "`2024-09/2024-07` ends before or where it starts"),
        ("2024/2024", "`2024/2024` ends before or where it starts"),
        ("2024-07/", "`2024-07/` is not an interval; write two dates with one slash, such as 2024-07/2024-09"),
        (
            "2024/2025/2026",
            "`2024/2025/2026` is not an interval; write two dates with one slash, such as 2024-07/2024-09",
        ),
        ("2024-07/2024-13", "`2024-13` has month 13; months run from 01 to 12"),
    ],
)
def test_impossible_intervals_are_refused(value: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_label_date(value)
    assert str(caught.value) == message


def test_an_interval_is_written_as_one_span_of_dates() -> None:
    from generator.render import Formatter, strings

    fmt = Formatter(strings("en"))
    assert fmt.partial(parse_label_date("2024-07/2024-09")) == "between July and September 2024"
    assert fmt.partial(parse_label_date("2025-09/2026-01-22")) == "between September 2025 and 22 January 2026"
    assert fmt.partial(parse_label_date("2013/2014-06")) == "between 2013 and June 2014"
    assert fmt.partial(parse_label_date("../2026-01-22")) == "on or before 22 January 2026"


def test_a_date_known_from_a_report_starts_by_the_registrys_rule() -> None:
    """``../2026-01`` is EDTF's open start; the registry bounds it: at most 8 months before the report."""
    reported = parse_label_date("../2026-01")
    assert isinstance(reported, DateSpan) and reported.reported and reported.iso() == "../2026-01"
    assert (reported.first_day(), reported.last_day()) == (dt.date(2025, 5, 1), dt.date(2026, 1, 31))
    from edtf import parse_edtf, struct_time_to_date

    assert struct_time_to_date(parse_edtf("../2026-01").upper_strict()) == reported.last_day()


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("24.11.2026", "write `2026-11-24` (year, month, day)"),
        ("15/03/2025", "write `2025-03-15` (year, month, day)"),
        ("05/2020", "write `2020-05` (year, month)"),
        ("2020/05", "write `2020-05` with a hyphen"),
        ("31.02.2026", "write the year with four digits"),  # not on the calendar: no form to offer
    ],
)
def test_a_date_written_as_people_write_it_gets_its_iso_form_offered(typed: str, hint: str) -> None:
    with pytest.raises(DateError) as caught:
        PartialDate.parse(typed)
    assert caught.value.hint == hint
