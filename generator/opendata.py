"""Open data and proof: the JSON API, CSV downloads, the Atom feed of awards, badges, QR codes, JSON-LD.

Every address written here is public API (``/api/v1/...``, ``/badges/<id>.svg``,
``/qr/<id>.svg``): version 1 only ever gains fields, it never loses or renames one.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import segno
from feedgen.feed import FeedGenerator

from generator import countries
from generator.model import Cluster, Label, Registry, Source
from generator.render import environment, oneline
from generator.status import Standing, Status

API = "api/v1/"
API_SCHEMAS = {
    "clusters": "api/v1/schema/clusters.schema.json",
    "cluster": "api/v1/schema/cluster.schema.json",
    "record": "api/v1/schema/record.schema.json",
}
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def dumps(data: Any, *, indent: int | None = None) -> str:
    separators = (",", ": ") if indent else (",", ":")
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators, allow_nan=False) + "\n"


def _cell(value: object) -> str:
    """A spreadsheet cell: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = oneline(value) if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_START) else text


def _csv(header: list[str], rows: Iterator[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    # The byte order mark lets spreadsheet programs recognise UTF-8.
    return "\ufeff" + buffer.getvalue()


CLUSTER_COLUMNS = [
    "id", "name", "acronym", "country", "country_name", "region", "city", "latitude", "longitude", "sectors",
    "status", "level", "awarded", "valid_until", "valid_until_is_default", "awarded_by", "score", "source",
    "members_total", "members_reported", "website", "eccp", "page", "earliest_last_day", "latest_last_day",
    "source_title", "checked", "license",
]  # fmt: skip
LABEL_COLUMNS = [
    "cluster_id", "cluster_name", "country", "level", "awarded", "valid_until", "valid_until_is_default",
    "awarded_by", "score", "certificate", "source", "note", "status", "earliest_last_day", "latest_last_day",
    "source_title", "source_publisher", "source_published", "source_quote", "license",
]  # fmt: skip


def _window_cells(label: Label) -> list[object]:
    window = label.end_window()
    return [window.earliest.isoformat(), window.latest.isoformat()] if window else [None, None]


def clusters_csv(registry: Registry, standings: Mapping[str, Standing], site_url: str) -> str:
    def rows() -> Iterator[list[object]]:
        for c in registry.clusters:
            standing = standings[c.id]
            label = standing.label
            until = label.effective_valid_until
            source = label.source
            yield [
                c.id, c.name, c.acronym, c.country, countries.name(c.country), c.region, c.city,
                c.location.latitude if c.location else None, c.location.longitude if c.location else None,
                ";".join(c.sectors), standing.status, label.level, label.awarded.iso() if label.awarded else None,
                until.iso() if until else None, label.valid_until_is_default, label.awarded_by, label.score,
                source.url if source else None, c.members.total if c.members else None,
                c.members.reported.iso() if c.members else None, c.website, c.eccp,
                absolute(site_url, page_path(c.id)) or page_path(c.id), *_window_cells(label),
                source.title if source else None, c.checked.isoformat() if c.checked else None,
                DATA_LICENSE["url"],
            ]  # fmt: skip

    return _csv(CLUSTER_COLUMNS, rows())


def labels_csv(registry: Registry, standings: Mapping[str, Standing]) -> str:
    def rows() -> Iterator[list[object]]:
        for c in registry.clusters:
            for label, status in zip(c.labels, standings[c.id].label_statuses, strict=True):
                until = label.effective_valid_until
                source = label.source
                yield [
                    c.id, c.name, c.country, label.level, label.awarded.iso() if label.awarded else None,
                    until.iso() if until else None, label.valid_until_is_default, label.awarded_by, label.score,
                    label.certificate, source.url if source else None, label.note, status, *_window_cells(label),
                    source.title if source else None, source.publisher if source else None,
                    source.published.iso() if source and source.published else None,
                    source.quote if source else None, DATA_LICENSE["url"],
                ]  # fmt: skip

    return _csv(LABEL_COLUMNS, rows())


def award_entry_id(cluster: Cluster, index: int) -> str:
    """Stable id of an award: the cluster, the level and the date never change once recorded."""
    label = cluster.labels[index]
    when = label.awarded.iso() if label.awarded else f"undated-{index}"
    return f"urn:cluster-label-registry:award:{cluster.id}:{label.level}:{when}"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


FEED_ENTRIES = 100
"""The feed carries the newest awards, not every award ever made: its size stays the same as the registry grows."""


def awards_feed(
    registry: Registry, standings: Mapping[str, Standing], on: dt.date, site_url: str, site_name: str
) -> str:
    """An Atom feed of the newest dated awards, newest first, each with its status on the build date."""
    feed = FeedGenerator()
    feed.id(site_url or "urn:cluster-label-registry")
    feed.title(f"{site_name}: label awards")
    feed.subtitle("Cluster Management Excellence Labels awarded, newest first.")
    feed.link(href=(site_url or "") + f"{API}awards.atom", rel="self")
    feed.link(href=site_url or "../../", rel="alternate")
    feed.language("en")
    feed.rights(f"Data licensed under {DATA_LICENSE['title']} ({DATA_LICENSE['name']}): {DATA_LICENSE['url']}")
    feed.updated(_midnight(on))
    awards = [
        (label.awarded, cluster, index, label)
        for cluster in registry.clusters
        for index, label in enumerate(cluster.labels)
        if label.awarded is not None and label.awarded.first_day() <= on
    ]
    awards.sort(key=lambda a: (a[0].first_day() if a[0] else on, a[1].id, a[2]), reverse=True)
    for awarded, cluster, index, label in awards[:FEED_ENTRIES]:
        assert awarded is not None
        entry = feed.add_entry(order="append")
        entry.id(award_entry_id(cluster, index))
        level = registry.levels[label.level]
        entry.title(f"{cluster.name}: {level.name} ({awarded.iso()})")
        entry.link(href=absolute(site_url, page_path(cluster.id)) or f"../../{page_path(cluster.id)}")
        entry.published(_midnight(awarded.first_day()))
        entry.updated(_midnight(awarded.first_day()))
        until = label.effective_valid_until
        body = f"{cluster.name} ({countries.name(cluster.country)}) was awarded the {level.name}"
        body += f" by {label.awarded_by}" if label.awarded_by else ""
        body += f" in {awarded.iso()}"
        if until:
            body += f", valid until {until.iso()}" + (" (default validity)" if label.valid_until_is_default else "")
        status = standings[cluster.id].label_statuses[index]
        body += f". Status on {on.isoformat()}: {STATUS_WORDS[status]}"
        entry.summary(body + (f". Source: {label.source.url}" if label.source else ". No source found"))
    text: bytes = feed.atom_str(pretty=True)
    return text.decode("utf-8")


NEUTRAL_COLOUR = "#6b6b6b"
"""Expired, undated and undocumented labels: never a level's colour, so they never look like credentials."""


def _text_width(text: str) -> int:
    return int(len(text) * 7 + 12)


STATUS_WORDS: dict[Status, str] = {
    "valid": "valid",
    "expiring": "expiring soon",
    "may-have-expired": "may have expired",
    "expired": "expired",
    "undetermined": "validity not determinable",
    "undocumented": "not documented",
}


def badge_svg(cluster: Cluster, standing: Standing, registry: Registry) -> str:
    """A small badge for the cluster's own website: the level and the end of validity, or what else is true."""
    label = standing.label
    status = standing.status
    level = registry.levels[label.level]
    word = label.level.upper()
    if standing.holding and standing.window is not None:
        right_text, colour = f"{word} · until {standing.window.earliest.isoformat()}", level.colour
    elif status == "undetermined":
        right_text, colour = f"{word} · dates not stated", NEUTRAL_COLOUR
    else:
        right_text, colour = f"{word} · {STATUS_WORDS[status]}", NEUTRAL_COLOUR
    left_text = "cluster excellence"
    left, right = _text_width(left_text), _text_width(right_text)
    return (
        environment()
        .get_template("badge.svg.j2")
        .render(
            width=left + right,
            left=left,
            right=right,
            colour=colour,
            left_middle=left / 2,
            right_middle=left + right / 2,
            left_text=left_text,
            right_text=right_text,
            label=f"{oneline(cluster.name)}: {level.name}, {right_text.split(' · ', 1)[1]}",
        )
    )


@cache
def qr_svg(url: str, title: str) -> str:
    """A QR code of the permanent address, as SVG, for printed certificates and slides.

    Drawn once per address and title in a process (``mkdocs serve`` rebuilds reuse it); see
    :func:`qr_svg_cached` for a cache that outlives the process."""
    buffer = io.BytesIO()
    # A fixed mask pattern: choosing the best of eight costs three times as long,
    # and readers decode any of them.
    segno.make(url, error="m", micro=False, mask=0).save(
        buffer, kind="svg", scale=4, border=4, title=title, svgclass=None, lineclass=None, xmldecl=True
    )
    return buffer.getvalue().decode("utf-8")


QR_CACHE_VERSION = "segno-m-mask0-scale4-border4-v1"
"""Part of every cache key: a change to how codes are drawn must not reuse codes drawn the old way."""


def qr_svg_cached(url: str, title: str, folder: Path | None) -> str:
    """The QR code from a folder of codes drawn by earlier builds, keyed by what it encodes and shows.

    The same address and title always give the same bytes, so a cached code is the code the build
    would draw; only the cost (about 1 ms a code, 40% of generating 10,000 label pages) goes.
    """
    if folder is None:
        return qr_svg(url, title)
    key = hashlib.sha256(f"{QR_CACHE_VERSION}\0{url}\0{title}".encode()).hexdigest()
    path = folder / key[:2] / f"{key}.svg"
    try:
        return path.read_text("utf-8")
    except OSError:
        pass
    svg = qr_svg(url, title)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(svg, "utf-8")
        temporary.replace(path)
    except OSError:
        pass  # a cache that cannot be written is no cache, not a failed build
    return svg


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
    if until:
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
