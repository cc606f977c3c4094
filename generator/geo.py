"""GeoJSON of the registry: one feature per cluster, the data the maps draw."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from generator.model import Registry


def feature_collection(registry: Registry, build_date: dt.date) -> dict[str, Any]:
    """Every cluster as a GeoJSON feature; a cluster with no stated location has a null geometry."""
    features = []
    for cluster in registry.clusters:
        label = cluster.shown_label(build_date)
        until = label.effective_valid_until
        last = label.last_valid_day()
        properties: dict[str, Any] = {
            "id": cluster.id,
            "name": cluster.name,
            "acronym": cluster.acronym,
            "country": cluster.country,
            "city": cluster.city,
            "sectors": list(cluster.sectors),
            "level": label.level,
            "status": cluster.status(build_date),
            "awarded": label.awarded.iso() if label.awarded else None,
            "valid_until": until.iso() if until else None,
            "valid_until_is_default": label.valid_until_is_default,
            "last_valid_day": last.isoformat() if last else None,
            "url": f"clusters/{cluster.id}/",
        }
        geometry = (
            {"type": "Point", "coordinates": [cluster.location.longitude, cluster.location.latitude]}
            if cluster.location
            else None
        )
        features.append({"type": "Feature", "id": cluster.id, "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "generated_at": build_date.isoformat(), "features": features}


def dumps(data: dict[str, Any]) -> str:
    """Compact, key-ordered JSON: small to download, and the same bytes for the same data."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
