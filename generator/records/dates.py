"""Dates as precise as the source gave them: a year, a month or a day, or an interval between two of those.

The notation is the Library of Congress's Extended Date/Time Format (EDTF, ISO 8601-2): its level 0 dates
(``2024``, ``2024-07``, ``2024-07-15``) and its level 1 intervals of them (``2024-07/2024-09``, a quarter;
``2025-09/2026-01-22``, between an audit month and the day of the report). The ``edtf`` package reads the
same notation, but takes 14 to 28 ms a date, against 2 µs here, on the path every record takes; the tests
check this reading against it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


_DAY_FIRST = re.compile(r"\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*\Z")
_MONTH_FIRST = re.compile(r"\s*(\d{1,2})[./-](\d{4})\s*\Z")
_SLASHED = re.compile(r"\s*(\d{4})[./](\d{1,2})(?:[./](\d{1,2}))?\s*\Z")


def _on_calendar(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(max(year, 1), month)[1]


def iso_hint(value: object) -> str:
    """The ISO form of a date written the way people write it in Europe (``24.11.2026``, ``15/03/2025``,
    ``05/2020``, ``2020/05``), read day first, for the message's fix; "" for anything else."""
    if not isinstance(value, str):
        return ""
    if match := _DAY_FIRST.match(value):
        day, month, year = (int(g) for g in match.groups())
        if _on_calendar(year, month, day):
            return f"write `{year:04d}-{month:02d}-{day:02d}` (year, month, day)"
    elif match := _MONTH_FIRST.match(value):
        month, year = (int(g) for g in match.groups())
        if 1 <= month <= 12:
            return f"write `{year:04d}-{month:02d}` (year, month)"
    elif match := _SLASHED.match(value):
        year, month = int(match.group(1)), int(match.group(2))
        if not match.group(3):
            return f"write `{year:04d}-{month:02d}` with a hyphen" if 1 <= month <= 12 else ""
        day_of_month = int(match.group(3))
        if _on_calendar(year, month, day_of_month):
            return f"write `{year:04d}-{month:02d}-{day_of_month:02d}` with hyphens"
    return ""


class DateError(ValueError):
    """A date that has the right form but is not on the calendar, or the wrong form; ``hint`` says how to fix it."""

    def __init__(self, message: str, hint: str = "check the day and month", *, form: bool = False) -> None:
        super().__init__(message)
        self.hint = hint
        self.form = form
        """Whether the value is not written as a date at all (the schema reports that), rather than off the calendar."""


LATEST = dt.date.max
"""Date arithmetic stops here instead of overflowing (validation keeps every record's dates far below it)."""


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """``2019``, ``2019-07`` or ``2019-07-25``: compares by its first day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if not isinstance(text, str):
            raise DateError(
                "expected a date such as 2021, 2021-06 or 2021-06-15", "write YYYY, YYYY-MM or YYYY-MM-DD", form=True
            )
        match = _PATTERN.match(text)
        if not match:
            raise DateError(
                f"`{text}` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
                iso_hint(text) or "write the year with four digits",
                form=True,
            )
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if year == 0:
            raise DateError(f"`{text}` has the year 0000, which no calendar has", "check the year")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"`{text}` has month {month}; months run from 01 to 12")
        if day is not None and month is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise DateError(f"`{text}` is not on the calendar: {MONTH_NAMES[month - 1]} {year} has {last} days")
        return cls(year, month, day)

    reported = False
    """Never: a single date is the document's own (see :class:`DateSpan`)."""

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The last day the date could mean: ``2027`` means up to 31 December 2027."""
        if self.day is not None and self.month is not None:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def plus_months(self, months: int) -> PartialDate:
        """The same date ``months`` later, at the same precision (31 March + 1 month = 30 April); a date
        past the calendar's last year stays in it, at its last day."""
        if self.month is None:
            return PartialDate(max(1, min(self.year + months // 12, LATEST.year)))
        index = self.year * 12 + (self.month - 1) + months
        year, month = divmod(index, 12)
        if year < 1:
            return PartialDate(1, 1, 1 if self.day is not None else None)
        if year > LATEST.year:
            return PartialDate(LATEST.year, 12, 31 if self.day is not None else None)
        if self.day is None:
            return PartialDate(year, month + 1)
        return PartialDate(year, month + 1, min(self.day, calendar.monthrange(year, month + 1)[1]))

    def iso(self) -> str:
        """The date as it was given: ``2019``, ``2019-07`` or ``2019-07-25``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.iso()


REPORTED_WITHIN_MONTHS = 8
"""The registry's rule for a date known only from a report (``../2026-01``): the award lies at most this many
months before the report. In the records where both the award and its first report are dated, the report
followed within 1 to 7 months (the about page lists them), so eight covers every case seen with a month to
spare; a label shown as valid by this rule is valid on every gap the records show."""


@dataclass(frozen=True, slots=True, order=True)
class DateSpan:
    """``2024-07/2024-09``: a date somewhere between the first day of ``start`` and the last day of ``end``.

    ``../2026-01-22`` (EDTF's open start) is a date known only from a report: on or before the report's day.
    Its start is then the registry's rule, :data:`REPORTED_WITHIN_MONTHS` before the report."""

    start: PartialDate
    end: PartialDate
    reported: bool = False
    """Written ``../END``: the start is the registry's rule, not a document's."""

    precision = "span"

    @classmethod
    def parse(cls, text: str) -> DateSpan:
        first, _, last = text.partition("/")
        if first == ".." and last and "/" not in last:
            end = PartialDate.parse(last)
            return cls(end.plus_months(-REPORTED_WITHIN_MONTHS), end, reported=True)
        if not first or not last or "/" in last:
            raise DateError(
                f"`{text}` is not an interval; write two dates with one slash, such as 2024-07/2024-09",
                "write START/END, each YYYY, YYYY-MM or YYYY-MM-DD",
                form=True,
            )
        start, end = PartialDate.parse(first), PartialDate.parse(last)
        if end.last_day() <= start.first_day() or start.last_day() >= end.last_day():
            raise DateError(
                f"`{text}` ends before or where it starts",
                "write the earlier date first; for one date, write it without a slash",
            )
        return cls(start, end)

    @property
    def year(self) -> int:
        return self.end.year if self.reported else self.start.year

    def first_day(self) -> dt.date:
        return self.start.first_day()

    def last_day(self) -> dt.date:
        return self.end.last_day()

    def plus_months(self, months: int) -> DateSpan:
        return DateSpan(self.start.plus_months(months), self.end.plus_months(months), self.reported)

    def iso(self) -> str:
        """The interval as it was given: ``2024-07/2024-09``, or ``../2026-01`` for a date known from a report."""
        return f"../{self.end.iso()}" if self.reported else f"{self.start.iso()}/{self.end.iso()}"

    def __str__(self) -> str:
        return self.iso()


LabelDate = PartialDate | DateSpan
"""A label's award or end: a date at its precision, or an interval."""


def parse_label_date(value: object) -> LabelDate:
    """A date or, written with a slash, an interval."""
    if isinstance(value, str) and "/" in value:
        return DateSpan.parse(value)
    return PartialDate.parse(value)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; a day the later month lacks becomes its last (29 Feb. + 12 = 28 Feb.).
    A day past the calendar's end is its last day, a day before its start its first: never an overflow."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if year > LATEST.year:
        return LATEST
    if year < dt.date.min.year:
        return dt.date.min
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def day_before(day: dt.date) -> dt.date:
    """The day before ``day``; the calendar's first day has none, and stays itself."""
    return day - dt.timedelta(days=1) if day > dt.date.min else day


def day_after(day: dt.date) -> dt.date:
    """The day after ``day``; the calendar's last day has none, and stays itself."""
    return day + dt.timedelta(days=1) if day < LATEST else day
