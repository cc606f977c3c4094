"""Open data and proof: the JSON API, CSV downloads, the Atom feed of awards, badges, QR codes, JSON-LD.

Every address written here is public API (``/api/v1/...``, ``/badges/<id>.svg``,
``/qr/<id>.svg``): version 1 only ever gains fields, it never loses or renames one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

import segno
from feedgen.feed import FeedGenerator

from generator import countries
from generator.model import Cluster, Label, Registry
from generator.render import environment, oneline

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


def label_data(label: Label, registry: Registry, on: dt.date) -> dict[str, Any]:
    until = label.effective_valid_until
    last = label.last_valid_day()
    return {
        "level": label.level,
        "level_name": registry.levels[label.level].name,
        "awarded": label.awarded.iso() if label.awarded else None,
        "valid_until": until.iso() if until else None,
        "valid_until_is_default": label.valid_until_is_default,
        "last_valid_day": last.isoformat() if last else None,
        "status": label.status(on),
        "awarded_by": label.awarded_by,
        "score": label.score,
        "certificate": label.certificate,
        "source": label.source,
        "note": label.note,
    }


def cluster_summary(cluster: Cluster, registry: Registry, on: dt.date, site_url: str) -> dict[str, Any]:
    current = cluster.current_label(on)
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
        "status": cluster.status(on),
        "current_label": label_data(current, registry, on) if current else None,
        "latest_label": label_data(cluster.latest_label(), registry, on),
        "page": page_path(cluster.id),
        "url": absolute(site_url, page_path(cluster.id)),
        "api": f"{API}clusters/{cluster.id}.json",
    }


def cluster_detail(cluster: Cluster, registry: Registry, on: dt.date, site_url: str) -> dict[str, Any]:
    members = cluster.members
    detail = {
        "generated_at": on.isoformat(),
        **cluster_summary(cluster, registry, on, site_url),
        "legal_name": cluster.legal_name,
        "website": cluster.website,
        "eccp": cluster.eccp,
        "description": cluster.description,
        "founded": cluster.founded,
        "aliases": list(cluster.aliases),
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
        "labels": [label_data(label, registry, on) for label in cluster.labels],
        "record": cluster.path,
    }
    return detail


def clusters_index(registry: Registry, on: dt.date, site_url: str) -> dict[str, Any]:
    return {
        "generated_at": on.isoformat(),
        "count": len(registry.clusters),
        "clusters": [cluster_summary(c, registry, on, site_url) for c in registry.clusters],
    }


def dumps(data: Any, *, indent: int | None = None) -> str:
    separators = (",", ": ") if indent else (",", ":")
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators) + "\n"


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
    "members_total", "members_reported", "website", "eccp", "page",
]  # fmt: skip
LABEL_COLUMNS = [
    "cluster_id", "cluster_name", "country", "level", "awarded", "valid_until", "valid_until_is_default",
    "awarded_by", "score", "certificate", "source", "note", "status",
]  # fmt: skip


def clusters_csv(registry: Registry, on: dt.date, site_url: str) -> str:
    def rows() -> Iterator[list[object]]:
        for c in registry.clusters:
            label = c.shown_label(on)
            until = label.effective_valid_until
            yield [
                c.id, c.name, c.acronym, c.country, countries.name(c.country), c.region, c.city,
                c.location.latitude if c.location else None, c.location.longitude if c.location else None,
                ";".join(c.sectors), c.status(on), label.level, label.awarded.iso() if label.awarded else None,
                until.iso() if until else None, label.valid_until_is_default, label.awarded_by, label.score,
                label.source, c.members.total if c.members else None,
                c.members.reported.iso() if c.members else None, c.website, c.eccp,
                absolute(site_url, page_path(c.id)) or page_path(c.id),
            ]  # fmt: skip

    return _csv(CLUSTER_COLUMNS, rows())


def labels_csv(registry: Registry, on: dt.date) -> str:
    def rows() -> Iterator[list[object]]:
        for c in registry.clusters:
            for label in c.labels:
                until = label.effective_valid_until
                yield [
                    c.id, c.name, c.country, label.level, label.awarded.iso() if label.awarded else None,
                    until.iso() if until else None, label.valid_until_is_default, label.awarded_by, label.score,
                    label.certificate, label.source, label.note, label.status(on),
                ]  # fmt: skip

    return _csv(LABEL_COLUMNS, rows())


def award_entry_id(cluster: Cluster, index: int) -> str:
    """Stable id of an award: the cluster, the level and the date never change once recorded."""
    label = cluster.labels[index]
    when = label.awarded.iso() if label.awarded else f"undated-{index}"
    return f"urn:cluster-label-registry:award:{cluster.id}:{label.level}:{when}"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def awards_feed(registry: Registry, on: dt.date, site_url: str, site_name: str) -> str:
    """An Atom feed with one entry per dated award, newest first."""
    feed = FeedGenerator()
    feed.id(site_url or "urn:cluster-label-registry")
    feed.title(f"{site_name}: label awards")
    feed.subtitle("Cluster Management Excellence Labels awarded, newest first.")
    feed.link(href=(site_url or "") + f"{API}awards.atom", rel="self")
    feed.link(href=site_url or "../../", rel="alternate")
    feed.language("en")
    feed.updated(_midnight(on))
    awards = [
        (label.awarded, cluster, index, label)
        for cluster in registry.clusters
        for index, label in enumerate(cluster.labels)
        if label.awarded is not None and label.awarded.first_day() <= on
    ]
    awards.sort(key=lambda a: (a[0].first_day() if a[0] else on, a[1].id, a[2]), reverse=True)
    for awarded, cluster, index, label in awards:
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
        entry.summary(body + f". Source: {label.source}")
    text: bytes = feed.atom_str(pretty=True)
    return text.decode("utf-8")


EXPIRED_COLOUR = "#6b6b6b"


def _text_width(text: str) -> int:
    return int(len(text) * 7 + 12)


def badge_svg(cluster: Cluster, registry: Registry, on: dt.date) -> str:
    """A small badge for the cluster's own website: the level and the end of validity, or "expired"."""
    label = cluster.shown_label(on)
    status = cluster.status(on)
    level = registry.levels[label.level]
    word = label.level.upper()
    if status == "expired":
        right_text, colour = f"{word} · expired", EXPIRED_COLOUR
    elif status == "undetermined" or label.effective_valid_until is None:
        right_text, colour = f"{word} · dates not stated", level.colour
    else:
        right_text, colour = f"{word} · until {label.effective_valid_until.iso()}", level.colour
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


def qr_svg(url: str, title: str) -> str:
    """A QR code of the permanent address, as SVG, for printed certificates and slides."""
    buffer = io.BytesIO()
    # A fixed mask pattern: choosing the best of eight costs three times as long,
    # and readers decode any of them.
    segno.make(url, error="m", micro=False, mask=0).save(
        buffer, kind="svg", scale=4, border=4, title=title, svgclass=None, lineclass=None, xmldecl=True
    )
    return buffer.getvalue().decode("utf-8")


def json_ld(cluster: Cluster, registry: Registry, on: dt.date, site_url: str) -> dict[str, Any]:
    """schema.org Organization with its address, its own sites and the label it holds or held."""
    label = cluster.shown_label(on)
    level = registry.levels[label.level]
    until = label.effective_valid_until
    award = f"{level.name}"
    if label.awarded:
        award += f", awarded {label.awarded.iso()}"
    if label.awarded_by:
        award += f" by {label.awarded_by}"
    if until:
        award += f", valid until {until.iso()}"
    if cluster.status(on) == "expired":
        award += " (expired)"
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
    return json.dumps(data, ensure_ascii=False, sort_keys=False).replace("<", "\\u003c").replace(">", "\\u003e")
