"""The CSV downloads: one row per cluster, one row per label, safe to open in a spreadsheet.

Imports records and the open data basics.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping

from generator.opendata.base import DATA_LICENSE, absolute, page_path
from generator.records import countries
from generator.records.model import Label, Registry
from generator.records.status import Standing
from generator.render import oneline

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    "status", "level", "awarded", "valid_until", "valid_until_is_default", "valid_until_basis", "awarded_by", "score",
    "source", "members_total", "members_reported", "website", "eccp", "page", "earliest_last_day", "latest_last_day",
    "source_title", "checked", "license",
]  # fmt: skip
LABEL_COLUMNS = [
    "cluster_id", "cluster_name", "country", "level", "awarded", "valid_until", "valid_until_is_default",
    "valid_until_basis", "awarded_by", "score", "certificate", "source", "note", "status", "earliest_last_day",
    "latest_last_day", "source_title", "source_publisher", "source_published", "source_quote", "license",
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
                until.iso() if until else None, label.valid_until_is_default, label.valid_until_basis, label.awarded_by,
                label.score,
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
                    until.iso() if until else None, label.valid_until_is_default, label.valid_until_basis,
                    label.awarded_by, label.score,
                    label.certificate, source.url if source else None, label.note, status, *_window_cells(label),
                    source.title if source else None, source.publisher if source else None,
                    source.published.iso() if source and source.published else None,
                    source.quote if source else None, DATA_LICENSE["url"],
                ]  # fmt: skip

    return _csv(LABEL_COLUMNS, rows())
