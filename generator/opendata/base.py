"""What every open data file shares: where it is published, the registry's licence, and its JSON form.

Every address written here is public API (``/api/v1/...``, ``/badges/<id>.svg``, ``/qr/<id>.svg``):
version 1 only ever gains fields, it never loses or renames one. Imports only the records' status words.
"""

from __future__ import annotations

import json
from typing import Any

from generator.records.model import EndWindow
from generator.records.status import Status

API = "api/v1/"
API_SCHEMAS = {
    "clusters": "api/v1/schema/clusters.schema.json",
    "cluster": "api/v1/schema/cluster.schema.json",
    "record": "api/v1/schema/record.schema.json",
}
GEOJSON = "api/v1/clusters.geojson"


def country_geojson(code: str) -> str:
    """A country's own markers: its map fetches only these, not the whole registry's."""
    return f"{API}countries/{code.lower()}.geojson"


def page_path(cluster_id: str) -> str:
    return f"clusters/{cluster_id}/"


def absolute(site_url: str, path: str) -> str | None:
    return site_url + path if site_url else None


DATA_LICENSE = {
    "name": "CC BY 4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
"""The licence of the registry's data, stated in every data file."""


def dumps(data: Any, *, indent: int | None = None) -> str:
    separators = (",", ": ") if indent else (",", ":")
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators, allow_nan=False) + "\n"


STATUS_WORDS: dict[Status, str] = {
    "valid": "valid",
    "expiring": "expiring soon",
    "may-have-expired": "may have expired",
    "expired": "expired",
    "undetermined": "validity not determinable",
    "undocumented": "not documented",
}
"""A status in the plain English of data files, badges and the feed (the pages use the interface strings)."""


def rule_words(window: EndWindow) -> str:
    """An end by the registry's rule in the data files' English: ``valid until 2026-01-01 to 2027-12-31 by the
    registry's rule (no document states the end)``."""
    days = (
        window.earliest.isoformat() if window.exact else f"{window.earliest.isoformat()} to {window.latest.isoformat()}"
    )
    return f"valid until {days} by the registry's rule (no document states the end)"
