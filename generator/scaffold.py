"""A new record, written from what its author states, and checked before it is kept."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.validate import SCHEMA_LINE


def slug(name: str) -> str:
    """An id from a name: ``Énergie & Co. Österreich`` becomes ``energie-co-osterreich``."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].rstrip("-")


@dataclass
class NewRecord:
    """What the author gives for a new record; empty fields are left out of the file."""

    name: str
    country: str
    sectors: list[str]
    level: str
    source: str
    id: str = ""
    awarded: str = ""
    valid_until: str = ""
    awarded_by: str = ""
    city: str = ""
    region: str = ""
    website: str = ""
    latitude: float | None = None
    longitude: float | None = None
    checked: dt.date = field(default_factory=lambda: dt.datetime.now(dt.UTC).date())
    """The day the author looked for the organisation's awards: today."""
    extra: dict[str, Any] = field(default_factory=dict)

    def record_id(self) -> str:
        return self.id or slug(self.name)

    def data(self) -> dict[str, Any]:
        record: dict[str, Any] = {"id": self.record_id(), "name": self.name, "country": self.country.upper()}
        for key in ("region", "city"):
            if getattr(self, key):
                record[key] = getattr(self, key)
        if self.latitude is not None and self.longitude is not None:
            record["location"] = {"latitude": self.latitude, "longitude": self.longitude}
        record["sectors"] = list(self.sectors)
        if self.website:
            record["website"] = self.website
        label: dict[str, Any] = {"level": self.level}
        for key in ("awarded", "valid_until", "awarded_by"):
            if getattr(self, key):
                label[key] = getattr(self, key)
        label["source"] = self.source
        record["labels"] = [label]
        record["checked"] = self.checked.isoformat()
        return record

    def text(self) -> str:
        body = yaml.safe_dump(self.data(), allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
        return f"{SCHEMA_LINE}\n{body}"
