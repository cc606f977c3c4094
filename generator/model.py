"""Typed, immutable records of the registry, and the label status they imply on a given day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from generator.dates import PartialDate

Status = Literal["valid", "expiring", "expired", "undetermined"]

EXPIRING_WITHIN_DAYS = 90
"""A valid label whose last day is this close is shown as expiring."""


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    name: str
    motto: str
    rank: int
    default_validity_months: int
    colour: str
    description: str
    source: str


@dataclass(frozen=True, slots=True)
class Sector:
    id: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Label:
    level: str
    awarded: PartialDate | None
    valid_until: PartialDate | None
    """As the source states it; None where the source gives no date."""
    default_valid_until: PartialDate | None
    """The level's default validity counted from ``awarded``; used only where ``valid_until`` is None."""
    awarded_by: str | None
    score: float | None
    certificate: str | None
    source: str
    note: str | None

    @property
    def effective_valid_until(self) -> PartialDate | None:
        return self.valid_until or self.default_valid_until

    @property
    def valid_until_is_default(self) -> bool:
        return self.valid_until is None and self.default_valid_until is not None

    def last_valid_day(self) -> dt.date | None:
        until = self.effective_valid_until
        return until.last_day() if until else None

    def status(self, on: dt.date) -> Status:
        last = self.last_valid_day()
        if last is None:
            return "undetermined"
        if last < on:
            return "expired"
        if (last - on).days <= EXPIRING_WITHIN_DAYS:
            return "expiring"
        return "valid"


@dataclass(frozen=True, slots=True)
class Members:
    total: int
    reported: PartialDate
    companies: int | None = None
    smes: int | None = None
    research: int | None = None
    other: int | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Location:
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Cluster:
    id: str
    name: str
    country: str
    sectors: tuple[str, ...]
    labels: tuple[Label, ...]
    """Oldest first."""
    path: str
    """The record's file, relative to the repository root."""
    acronym: str | None = None
    legal_name: str | None = None
    website: str | None = None
    description: str | None = None
    region: str | None = None
    city: str | None = None
    location: Location | None = None
    members: Members | None = None
    eccp: str | None = None
    aliases: tuple[str, ...] = ()
    founded: int | None = None

    def current_label(self, on: dt.date) -> Label | None:
        """The newest label that is valid on the day, if any."""
        for label in reversed(self.labels):
            if label.status(on) in ("valid", "expiring") and (label.awarded is None or label.awarded.first_day() <= on):
                return label
        return None

    def latest_label(self) -> Label:
        return self.labels[-1]

    def status(self, on: dt.date) -> Status:
        current = self.current_label(on)
        if current is not None:
            return current.status(on)
        if any(label.status(on) == "undetermined" for label in self.labels):
            return "undetermined"
        return "expired"

    def shown_label(self, on: dt.date) -> Label:
        """The label a listing shows: the current one, or else the newest of the history."""
        return self.current_label(on) or self.latest_label()


@dataclass(frozen=True, slots=True)
class Registry:
    clusters: tuple[Cluster, ...]
    """Sorted by id."""
    levels: dict[str, Level]
    """In rank order, lowest first."""
    sectors: dict[str, Sector]

    def by_id(self) -> dict[str, Cluster]:
        return {c.id: c for c in self.clusters}
