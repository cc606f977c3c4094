"""The JSON API (the registry's index and one file per cluster) and the JSON-LD a label page carries.

Imports records and the open data basics.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from generator.opendata.base import API, DATA_LICENSE, STATUS_WORDS, absolute, page_path, rule_words
from generator.records import countries
from generator.records.model import Cluster, Label, Registry, Source
from generator.records.status import Standing, Status


def evidence(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return {
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher,
        "published": source.published.iso() if source.published else None,
        "language": source.language,
        "archived": source.archived,
        "quote": source.quote,
    }


def label_data(label: Label, status: Status, registry: Registry) -> dict[str, Any]:
    until = label.effective_valid_until
    window = label.end_window()
    return {
        "level": label.level,
        "level_name": registry.levels[label.level].name,
        "awarded": label.awarded.iso() if label.awarded else None,
        "valid_until": until.iso() if until else None,
        "valid_until_is_default": label.valid_until_is_default,
        "valid_until_basis": label.valid_until_basis,
        "last_valid_day": window.latest.isoformat() if window else None,
        "earliest_last_day": window.earliest.isoformat() if window else None,
        "latest_last_day": window.latest.isoformat() if window else None,
        "status": status,
        "awarded_by": label.awarded_by,
        "score": label.score,
        "certificate": label.certificate,
        "source": label.source.url if label.source else None,
        "evidence": evidence(label.source),
        "note": label.note,
    }


def cluster_summary(cluster: Cluster, standing: Standing, registry: Registry, site_url: str) -> dict[str, Any]:
    current = standing.current
    current_index = cluster.labels.index(current) if current else -1
    return {
        "id": cluster.id,
        "name": cluster.name,
        "acronym": cluster.acronym,
        "country": cluster.country,
        "country_name": countries.name(cluster.country),
        "region": cluster.region,
        "city": cluster.city,
        "location": {"latitude": cluster.location.latitude, "longitude": cluster.location.longitude}
        if cluster.location
        else None,
        "sectors": list(cluster.sectors),
        "status": standing.status,
        "current_label": label_data(current, standing.label_statuses[current_index], registry) if current else None,
        "latest_label": label_data(cluster.latest_label(), standing.label_statuses[-1], registry),
        "checked": cluster.checked.isoformat() if cluster.checked else None,
        "page": page_path(cluster.id),
        "url": absolute(site_url, page_path(cluster.id)),
        "api": f"{API}clusters/{cluster.id}.json",
    }


def cluster_detail(cluster: Cluster, standing: Standing, registry: Registry, site_url: str) -> dict[str, Any]:
    members = cluster.members
    detail = {
        "generated_at": standing.on.isoformat(),
        "license": DATA_LICENSE,
        **cluster_summary(cluster, standing, registry, site_url),
        "legal_name": cluster.legal_name,
        "website": cluster.website,
        "eccp": cluster.eccp,
        "description": cluster.description,
        "founded": cluster.founded,
        "aliases": list(cluster.aliases),
        "former_names": list(cluster.former_names),
        "sector_names": [registry.sectors[s].name for s in cluster.sectors],
        "members": {
            "total": members.total,
            "reported": members.reported.iso(),
            "companies": members.companies,
            "smes": members.smes,
            "research": members.research,
            "other": members.other,
            "source": members.source,
        }
        if members
        else None,
        "labels": [
            label_data(label, status, registry)
            for label, status in zip(cluster.labels, standing.label_statuses, strict=True)
        ],
        "record": cluster.path,
    }
    return detail


def clusters_index(registry: Registry, standings: Mapping[str, Standing], on: dt.date, site_url: str) -> dict[str, Any]:
    return {
        "generated_at": on.isoformat(),
        "license": DATA_LICENSE,
        "count": len(registry.clusters),
        "clusters": [cluster_summary(c, standings[c.id], registry, site_url) for c in registry.clusters],
    }


def json_ld(cluster: Cluster, standing: Standing, registry: Registry, site_url: str) -> dict[str, Any]:
    """schema.org Organization with its address, its own sites and the label it holds or held."""
    label = standing.label
    level = registry.levels[label.level]
    until = label.effective_valid_until
    award = f"{level.name}"
    if label.awarded:
        award += f", awarded {label.awarded.iso()}"
    if label.awarded_by:
        award += f" by {label.awarded_by}"
    window = label.end_window()
    if window and window.by_rule:
        award += f", {rule_words(window)}"
    elif until:
        award += f", valid until {until.iso()}"
    if not standing.holding:
        award += f" ({STATUS_WORDS[standing.status]} on {standing.on.isoformat()})"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": cluster.name,
        "award": award,
        "address": {
            "@type": "PostalAddress",
            "addressCountry": cluster.country,
            **({"addressLocality": cluster.city} if cluster.city else {}),
            **({"addressRegion": cluster.region} if cluster.region else {}),
        },
    }
    url = absolute(site_url, page_path(cluster.id))
    if url:
        data["url"] = url
    if cluster.acronym:
        data["alternateName"] = cluster.acronym
    if cluster.legal_name:
        data["legalName"] = cluster.legal_name
    if cluster.founded:
        data["foundingDate"] = str(cluster.founded)
    same_as = [u for u in (cluster.website, cluster.eccp) if u]
    if same_as:
        data["sameAs"] = same_as
    return data


def script_json(data: Any) -> str:
    """JSON that is safe inside an HTML script element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e")
