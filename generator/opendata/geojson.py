"""GeoJSON of the registry: one feature per cluster, the data the maps draw."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from generator.opendata.base import DATA_LICENSE
from generator.records.model import Registry
from generator.records.status import Standing
from generator.render import Formatter, strings


def feature_collection(
    registry: Registry, standings: Mapping[str, Standing], on: dt.date, fmt: Formatter | None = None
) -> dict[str, Any]:
    """Every cluster as a GeoJSON feature; a cluster with no stated location has a null geometry.

    ``valid_until_text`` is the date as the pages write it (``fmt``, English by default),
    so the map's popups read like the label pages.
    """
    fmt = fmt or Formatter(strings())
    features = []
    for cluster in registry.clusters:
        standing = standings[cluster.id]
        label = standing.label
        until = label.effective_valid_until
        window = standing.window
        properties: dict[str, Any] = {
            "id": cluster.id,
            "name": cluster.name,
            "acronym": cluster.acronym,
            "country": cluster.country,
            "city": cluster.city,
            "sectors": list(cluster.sectors),
            "level": label.level,
            "status": standing.status,
            "awarded": label.awarded.iso() if label.awarded else None,
            "valid_until": until.iso() if until else None,
            "valid_until_is_default": label.valid_until_is_default,
            "valid_until_basis": label.valid_until_basis,
            "valid_until_text": fmt.partial(until) or None,
            "last_valid_day": window.latest.isoformat() if window else None,
            "earliest_last_day": window.earliest.isoformat() if window else None,
            "latest_last_day": window.latest.isoformat() if window else None,
            "url": f"clusters/{cluster.id}/",
        }
        geometry = (
            {"type": "Point", "coordinates": [cluster.location.longitude, cluster.location.latitude]}
            if cluster.location
            else None
        )
        features.append({"type": "Feature", "id": cluster.id, "geometry": geometry, "properties": properties})
    return {
        "type": "FeatureCollection",
        "generated_at": on.isoformat(),
        "license": DATA_LICENSE,
        "features": features,
    }


def dumps(data: dict[str, Any]) -> str:
    """Compact, key-ordered JSON: small to download, and the same bytes for the same data."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False) + "\n"
