"""A cluster as listings, counts and maps show it, and the order every listing shows by default.

Imports records only.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.records.model import Cluster, Label, Level
from generator.records.status import HOLDING, STATUSES, Standing, Status

STATUS_ORDER: dict[Status, int] = {status: rank for rank, status in enumerate(STATUSES)}


@dataclass(frozen=True)
class Row:
    """One cluster as a listing shows it."""

    cluster: Cluster
    standing: Standing
    sectors: tuple[tuple[str, str], ...]
    """(id, name) pairs."""
    country_name: str

    @property
    def label(self) -> Label:
        return self.standing.label

    @property
    def status(self) -> Status:
        return self.standing.status


def order_key(row: Row, levels: dict[str, Level]) -> tuple[int, int, str, str]:
    """Holders of a valid label first (expiring ones included), then the highest level, then the name."""
    return (
        0 if row.status in HOLDING else 1,
        -levels[row.label.level].rank,
        row.cluster.name.casefold(),
        row.cluster.id,
    )
