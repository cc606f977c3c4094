"""The day a build computes every status for: given, else ``$BUILD_DATE``, else today (UTC).

Injectable so that tests, previews of a future day and reproducible builds all say what day they mean.
"""

from __future__ import annotations

import datetime as dt
import os

BUILD_DATE_VARIABLE = "BUILD_DATE"


class BuildDateError(ValueError):
    """A build date that is not a calendar date written YYYY-MM-DD."""


def build_date(value: str | None) -> dt.date:
    """The day statuses are computed for: the option, else $BUILD_DATE, else today (UTC)."""
    text = value or os.environ.get(BUILD_DATE_VARIABLE, "")
    if not text:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BuildDateError(f"build date `{text}` is not a date written YYYY-MM-DD") from None
