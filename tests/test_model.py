from __future__ import annotations

import datetime as dt

from generator.dates import PartialDate
from generator.model import Cluster, Label


def label(awarded: str | None, valid_until: str | None = None, *, default: str | None = None) -> Label:
    return Label(
        level="gold",
        awarded=PartialDate.parse(awarded) if awarded else None,
        valid_until=PartialDate.parse(valid_until) if valid_until else None,
        default_valid_until=PartialDate.parse(default) if default else None,
        awarded_by=None,
        score=None,
        certificate=None,
        source="https://example.org/",
        note=None,
    )


def cluster(*labels: Label) -> Cluster:
    return Cluster(id="c", name="C", country="DE", sectors=("ict",), labels=labels, path="registry/clusters/de/c.yml")


TODAY = dt.date(2026, 11, 22)


def test_status_on_a_day() -> None:
    assert label("2025-06", "2027-06").status(TODAY) == "valid"
    assert label("2024-12", "2026-12-22").status(TODAY) == "expiring"
    assert label("2024-12", "2027-02-20").status(TODAY) == "expiring"
    assert label("2024-12", "2027-02-21").status(TODAY) == "valid"
    assert label("2023", "2026-11-21").status(TODAY) == "expired"
    assert label("2023", "2026-11-22").status(TODAY) == "expiring"
    assert label(None).status(TODAY) == "undetermined"


def test_a_year_or_month_means_its_last_day() -> None:
    assert label("2025", "2026-11").status(TODAY) == "expiring"
    assert label("2025", "2026-10").status(TODAY) == "expired"
    assert label("2025", "2027").status(TODAY) == "valid"


def test_default_validity_is_used_only_where_nothing_is_stated() -> None:
    stated = label("2025-06", "2026-01", default="2027-06")
    assert stated.effective_valid_until == PartialDate(2026, 1) and not stated.valid_until_is_default
    defaulted = label("2025-06", default="2027-06")
    assert defaulted.effective_valid_until == PartialDate(2027, 6) and defaulted.valid_until_is_default


def test_current_label_is_the_newest_valid_one() -> None:
    old, new = label("2020", "2027"), label("2025", "2028")
    assert cluster(old, new).current_label(TODAY) is new
    expired_newer = label("2024", "2025")
    assert cluster(old, expired_newer).current_label(TODAY) is old
    assert cluster(old, expired_newer).status(TODAY) == "valid"


def test_a_cluster_whose_labels_all_expired_is_expired_and_shows_its_latest() -> None:
    first, last = label("2015", "2017"), label("2019", "2021")
    item = cluster(first, last)
    assert item.status(TODAY) == "expired"
    assert item.current_label(TODAY) is None
    assert item.shown_label(TODAY) is last


def test_undetermined_only_when_nothing_is_valid() -> None:
    assert cluster(label("2015", "2017"), label(None)).status(TODAY) == "undetermined"
    assert cluster(label(None), label("2025", "2028")).status(TODAY) == "valid"


def test_an_award_after_the_day_is_not_yet_current() -> None:
    assert cluster(label("2027-01", "2029")).current_label(TODAY) is None
