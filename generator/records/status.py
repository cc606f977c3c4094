"""Whether a label is valid on a given day: the one rule every page, listing, map, data file and badge reads.

Status is never more generous than the evidence. With a date known only to the
month or year, a label is valid only while its *earliest* possible last day has
not passed, expired only once its *latest* possible last day has, and "may have
expired" in between. A label that no document records is never valid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from generator.records.model import Cluster, EndWindow, Label, Registry

Status = Literal["valid", "expiring", "may-have-expired", "expired", "undetermined", "undocumented"]

STATUSES: tuple[Status, ...] = ("valid", "expiring", "may-have-expired", "undetermined", "undocumented", "expired")
"""Every status, in the order listings show them: who holds a valid label first."""

HOLDING: frozenset[Status] = frozenset({"valid", "expiring"})
"""The statuses of a label that is valid on the day."""

EXPIRING_WITHIN_DAYS = 90
"""A valid label whose earliest possible last day is this close is shown as expiring."""


def label_status(label: Label, on: dt.date) -> Status:
    """The status of one label on the day ``on``."""
    if label.source is None:
        return "undocumented"
    window = label.end_window()
    if window is None:
        return "undetermined"
    if window.latest < on:
        return "expired"
    if window.earliest < on:
        return "may-have-expired"
    if (window.earliest - on).days <= EXPIRING_WITHIN_DAYS:
        return "expiring"
    return "valid"


@dataclass(frozen=True, slots=True)
class Standing:
    """A cluster's label status on one day, computed once and read by every output."""

    on: dt.date
    status: Status
    label: Label
    """The label the status is about: the current one, or else the one that decides the status."""
    current: Label | None
    """The newest label valid on the day, if any."""
    window: EndWindow | None
    """Between which days the shown label's validity ends."""
    label_statuses: tuple[Status, ...]
    """The status of every label of the history, in the record's order."""

    @property
    def holding(self) -> bool:
        return self.status in HOLDING

    @property
    def days_left(self) -> int | None:
        """Days from the day checked to the earliest possible last day, for a label still valid."""
        return (self.window.earliest - self.on).days if self.window and self.holding else None


def assess(cluster: Cluster, on: dt.date) -> Standing:
    """The cluster's status on ``on``.

    The newest label valid on the day decides. Without one, the newest label whose
    validity may still run ("may have expired") decides; without that, the newest label.
    """
    statuses = tuple(label_status(label, on) for label in cluster.labels)
    started = [
        label.awarded is None or label.awarded.first_day() <= on for label in cluster.labels
    ]  # a label counts only from its award on
    indexes = range(len(cluster.labels) - 1, -1, -1)
    chosen = next((i for i in indexes if statuses[i] in HOLDING and started[i]), None)
    current = cluster.labels[chosen] if chosen is not None else None
    if chosen is None:
        chosen = next((i for i in indexes if statuses[i] == "may-have-expired"), len(cluster.labels) - 1)
    label = cluster.labels[chosen]
    return Standing(
        on=on,
        status=statuses[chosen] if statuses[chosen] not in HOLDING or current else "expired",
        label=label,
        current=current,
        window=label.end_window(),
        label_statuses=statuses,
    )


def assess_all(registry: Registry, on: dt.date) -> dict[str, Standing]:
    """Every cluster's standing on ``on``, by id."""
    return {cluster.id: assess(cluster, on) for cluster in registry.clusters}
