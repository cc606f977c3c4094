"""The status rule over a table of cases: each precision, each side of every boundary, leap days,
labels that state only their end, labels with no date and labels with no document."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.records.dates import parse_label_date
from generator.records.model import Cluster, Label, Source, ValidFor
from generator.records.status import assess, label_status

SOURCE = Source(url="https://example.org/news/label")


def label(
    awarded: str | None,
    valid_until: str | None = None,
    *,
    documented: bool = True,
    level: str = "gold",
    validity: tuple[int, int] = (24, 24),
) -> Label:
    return Label(
        level=level,
        awarded=parse_label_date(awarded) if awarded else None,
        valid_until=parse_label_date(valid_until) if valid_until else None,
        validity_months=validity,
        awarded_by=None,
        score=None,
        certificate=None,
        source=SOURCE if documented else None,
        note=None if documented else "reported, no document found",
    )


def cluster(*labels: Label) -> Cluster:
    return Cluster(
        id="c",
        name="C",
        country="DE",
        sectors=("ict",),
        labels=labels,
        path="registry/clusters/de/c.yml",
        checked=dt.date(2026, 11, 1),
    )


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# (awarded, valid_until, day checked, status, earliest last day, latest last day)
CASES = [
    # a stated day: valid, expiring within 90 days, last day, the day after
    ("2025-06-01", "2027-06-30", "2026-11-25", "valid", "2027-06-30", "2027-06-30"),
    ("2025-06-01", "2027-02-23", "2026-11-25", "expiring", "2027-02-23", "2027-02-23"),
    ("2025-06-01", "2027-02-24", "2026-11-25", "valid", "2027-02-24", "2027-02-24"),
    ("2025-06-01", "2026-11-25", "2026-11-25", "expiring", "2026-11-25", "2026-11-25"),
    ("2025-06-01", "2026-11-24", "2026-11-25", "expired", "2026-11-24", "2026-11-24"),
    # a stated month ends between its first and last day
    ("2025", "2026-11", "2026-10-31", "expiring", "2026-11-01", "2026-11-30"),
    ("2025", "2026-11", "2026-11-01", "expiring", "2026-11-01", "2026-11-30"),
    ("2025", "2026-11", "2026-11-02", "may-have-expired", "2026-11-01", "2026-11-30"),
    ("2025", "2026-11", "2026-11-30", "may-have-expired", "2026-11-01", "2026-11-30"),
    ("2025", "2026-11", "2026-12-01", "expired", "2026-11-01", "2026-11-30"),
    # a stated year
    ("2025", "2027", "2026-09-01", "valid", "2027-01-01", "2027-12-31"),
    ("2025", "2027", "2026-11-25", "expiring", "2027-01-01", "2027-12-31"),
    ("2025", "2027", "2027-06-01", "may-have-expired", "2027-01-01", "2027-12-31"),
    ("2025", "2027", "2028-01-01", "expired", "2027-01-01", "2027-12-31"),
    # the default validity counted from an award day, month and year
    ("2024-06-15", None, "2026-06-15", "expiring", "2026-06-15", "2026-06-15"),
    ("2024-06-15", None, "2026-06-16", "expired", "2026-06-15", "2026-06-15"),
    ("2024-07", None, "2026-06-30", "expiring", "2026-07-01", "2026-07-31"),
    ("2024-07", None, "2026-07-02", "may-have-expired", "2026-07-01", "2026-07-31"),
    ("2024-07", None, "2026-08-01", "expired", "2026-07-01", "2026-07-31"),
    ("2024", None, "2025-10-02", "valid", "2026-01-01", "2026-12-31"),
    ("2024", None, "2025-10-03", "expiring", "2026-01-01", "2026-12-31"),
    ("2024", None, "2026-11-25", "may-have-expired", "2026-01-01", "2026-12-31"),
    ("2024", None, "2027-01-01", "expired", "2026-01-01", "2026-12-31"),
    # leap days: 29 February plus two years is 28 February
    ("2024-02-29", None, "2026-02-28", "expiring", "2026-02-28", "2026-02-28"),
    ("2024-02-29", None, "2026-03-01", "expired", "2026-02-28", "2026-02-28"),
    ("2026-03-01", "2028-02-29", "2028-02-29", "expiring", "2028-02-29", "2028-02-29"),
    ("2024-02", None, "2026-02-28", "may-have-expired", "2026-02-01", "2026-02-28"),
    # a label that states only its end
    (None, "2027-12-31", "2026-11-25", "valid", "2027-12-31", "2027-12-31"),
    (None, "2026", "2026-11-25", "may-have-expired", "2026-01-01", "2026-12-31"),
    (None, "2026-10", "2026-11-25", "expired", "2026-10-01", "2026-10-31"),
    # no date at all
    (None, None, "2026-11-25", "undetermined", None, None),
]


@pytest.mark.parametrize(("awarded", "valid_until", "on", "status", "earliest", "latest"), CASES)
def test_label_status(
    awarded: str | None, valid_until: str | None, on: str, status: str, earliest: str | None, latest: str | None
) -> None:
    item = label(awarded, valid_until)
    assert label_status(item, day(on)) == status
    window = item.end_window()
    if earliest is None:
        assert window is None
    else:
        assert window is not None
        assert (window.earliest.isoformat(), window.latest.isoformat()) == (earliest, latest)


# A rule that spans two lengths (gold: 24 to 36 months, as documents disagree): the earliest end from the
# shortest validity counted from the earliest award day, the latest from the longest and the latest day.
RANGE_CASES = [
    ("2024-06-15", "2026-06-15", "expiring", "2026-06-15", "2027-06-15"),
    ("2024-06-15", "2026-06-16", "may-have-expired", "2026-06-15", "2027-06-15"),
    ("2024-06-15", "2027-06-15", "may-have-expired", "2026-06-15", "2027-06-15"),
    ("2024-06-15", "2027-06-16", "expired", "2026-06-15", "2027-06-15"),
    ("2024-07", "2026-06-30", "expiring", "2026-07-01", "2027-07-31"),
    ("2024-07", "2027-07-31", "may-have-expired", "2026-07-01", "2027-07-31"),
    ("2024-07", "2027-08-01", "expired", "2026-07-01", "2027-07-31"),
    ("2024", "2025-10-02", "valid", "2026-01-01", "2027-12-31"),
    ("2024", "2027-12-31", "may-have-expired", "2026-01-01", "2027-12-31"),
    ("2024", "2028-01-01", "expired", "2026-01-01", "2027-12-31"),
    # an interval (a quarter, as EUCLES's quarterly lists date their labels)
    ("2024-07/2024-09", "2026-06-30", "expiring", "2026-07-01", "2027-09-30"),
    ("2024-07/2024-09", "2026-12-03", "may-have-expired", "2026-07-01", "2027-09-30"),
    ("2024-07/2024-09", "2027-10-01", "expired", "2026-07-01", "2027-09-30"),
    # known only from a report of January 2026: the award lies at most 8 months before it (the registry's rule)
    ("../2026-01", "2027-01-30", "valid", "2027-05-01", "2029-01-31"),
    ("../2026-01", "2027-04-30", "expiring", "2027-05-01", "2029-01-31"),
    ("../2026-01", "2027-05-02", "may-have-expired", "2027-05-01", "2029-01-31"),
    ("../2026-01-22", "2027-05-22", "expiring", "2027-05-22", "2029-01-22"),
    ("../2026-01-22", "2029-01-23", "expired", "2027-05-22", "2029-01-22"),
]


@pytest.mark.parametrize(("awarded", "on", "status", "earliest", "latest"), RANGE_CASES)
def test_label_status_by_a_rule_of_two_lengths(awarded: str, on: str, status: str, earliest: str, latest: str) -> None:
    item = label(awarded, validity=(24, 36))
    assert label_status(item, day(on)) == status
    window = item.end_window()
    assert window is not None and window.by_rule
    assert (window.earliest.isoformat(), window.latest.isoformat()) == (earliest, latest)


def test_a_stated_end_is_the_documents_and_a_missing_one_the_rules() -> None:
    stated, ruled, undated = label("2024", "2027-06"), label("2024"), label(None)
    assert stated.valid_until_basis == "document" and stated.end_window().basis == "document"  # type: ignore[union-attr]
    assert ruled.valid_until_basis == "rule" and ruled.end_window().by_rule  # type: ignore[union-attr]
    assert undated.valid_until_basis is None and undated.end_window() is None


@pytest.mark.parametrize(
    ("awarded", "on", "status", "earliest", "latest"),
    [
        ("2024-06", "2027-05-31", "expiring", "2027-06-01", "2027-06-30"),
        ("2024-06", "2027-06-02", "may-have-expired", "2027-06-01", "2027-06-30"),
        ("2024-06", "2027-07-01", "expired", "2027-06-01", "2027-06-30"),
        ("2024-06-15", "2027-06-15", "expiring", "2027-06-15", "2027-06-15"),
        ("2024-06-15", "2027-06-16", "expired", "2027-06-15", "2027-06-15"),
    ],
)
def test_a_validity_the_document_states_decides_over_the_rule(
    awarded: str, on: str, status: str, earliest: str, latest: str
) -> None:
    """A document that gives only a length (36 months) ends the label there, whatever the level's rule says."""
    item = label(awarded, validity=(24, 24))
    item = Label(
        **{**{f: getattr(item, f) for f in item.__slots__}, "valid_for": ValidFor(36, "Valid for three years.")}
    )
    assert label_status(item, day(on)) == status
    window = item.end_window()
    assert window is not None and window.basis == "document" and item.valid_until_basis == "document"
    assert (window.earliest.isoformat(), window.latest.isoformat()) == (earliest, latest)
    assert not item.valid_until_is_default


def test_a_label_no_document_records_is_never_valid() -> None:
    assert label_status(label("2026-01-01", "2028-01-01", documented=False), day("2026-11-25")) == "undocumented"
    standing = assess(cluster(label("2026-01-01", "2028-01-01", documented=False)), day("2026-11-25"))
    assert standing.status == "undocumented" and standing.current is None and not standing.holding


def test_the_newest_valid_label_decides() -> None:
    old, new = label("2020", "2028"), label("2025", "2029")
    assert assess(cluster(old, new), day("2026-11-25")).current is new
    expired_newer = label("2024", "2025")
    standing = assess(cluster(old, expired_newer), day("2026-11-25"))
    assert standing.current is old and standing.status == "valid" and standing.label is old


def test_without_a_valid_label_one_that_may_still_run_decides() -> None:
    expired, open_ended = label("2015", "2017"), label("2024")
    standing = assess(cluster(expired, open_ended), day("2026-11-25"))
    assert standing.status == "may-have-expired" and standing.label is open_ended
    assert standing.window is not None and standing.window.latest == day("2026-12-31")


def test_a_cluster_whose_labels_all_expired_shows_its_latest() -> None:
    first, last = label("2015", "2017"), label("2019", "2021")
    standing = assess(cluster(first, last), day("2026-11-25"))
    assert (standing.status, standing.current, standing.label) == ("expired", None, last)
    assert standing.label_statuses == ("expired", "expired")
    assert standing.days_left is None


def test_undated_and_undocumented_labels_never_count_as_valid() -> None:
    assert assess(cluster(label("2015", "2017"), label(None)), day("2026-11-25")).status == "undetermined"
    assert assess(cluster(label(None), label("2025", "2028")), day("2026-11-25")).status == "valid"


def test_an_award_after_the_day_is_not_yet_current() -> None:
    assert assess(cluster(label("2027-01", "2029")), day("2026-11-25")).current is None


def test_days_left_count_to_the_earliest_possible_last_day() -> None:
    assert assess(cluster(label("2025-10", None)), day("2026-11-25")).days_left == 310
    assert assess(cluster(label(None, "2027-12-31")), day("2026-11-25")).days_left == 401
    assert assess(cluster(label(None, "2026-11-25")), day("2026-11-25")).days_left == 0


@pytest.mark.parametrize(
    ("awarded", "earliest", "latest"),
    [
        ("2022-05", "2025-06-30", "2025-06-30"),  # before the previous end: that end plus three years
        ("2023-06", "2025-06-30", "2025-06-30"),  # within a year after it: the same
        ("2023-09", "2025-09-01", "2025-09-30"),  # more than a year after it: two years from its own award
        ("2023", "2025-01-01", "2025-12-31"),  # a year that allows both: the window spans both
    ],
)
def test_a_bronze_renewal_extends_the_previous_end_by_the_levels_rule(awarded: str, earliest: str, latest: str) -> None:
    """ESCA: a renewal within a year after expiry extends validity by three years from the previous period."""
    from generator.records.model import EndWindow, Renewal

    previous = EndWindow(day("2022-06-30"), day("2022-06-30"))
    item = label(awarded, level="bronze")
    renewed = Label(**{**{f: getattr(item, f) for f in item.__slots__}, "renews": (Renewal(12, 36), previous)})
    window = renewed.end_window()
    assert window is not None and window.by_rule
    assert (window.earliest.isoformat(), window.latest.isoformat()) == (earliest, latest)


def test_a_stated_length_from_an_award_known_only_from_a_report_rests_on_the_registrys_rule() -> None:
    item = label("../2024-06-15")
    item = Label(**{**{f: getattr(item, f) for f in item.__slots__}, "valid_for": ValidFor(36, "Valid three years.")})
    window = item.end_window()
    assert window is not None and window.by_rule
    assert item.valid_until_basis == "rule" and item.valid_until_is_default
    assert (window.earliest.isoformat(), window.latest.isoformat()) == ("2026-10-15", "2027-06-15")
