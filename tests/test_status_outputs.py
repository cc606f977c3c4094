"""Every output shows the same status for the same day: label page, listing, counts, JSON, CSV,
GeoJSON, feed and badge, over the whole table of cases of the status rule."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import feedparser
import pytest

from generator.assembly.outputs import generate
from generator.opendata.base import STATUS_WORDS
from generator.pages.site import Settings
from generator.records.validate import validate
from tests.conftest import empty_registry
from tests.test_status import CASES, RANGE_CASES

RECORD = """id: case
name: Case Cluster
country: DE
city: Berlin
location: {{latitude: 52.52, longitude: 13.405}}
sectors: [ict]
checked: {checked}
labels:
  - level: {level}
{dates}    source: https://case.example.org/news/gold
"""


def outputs(
    tmp_path: Path, awarded: str | None, valid_until: str | None, on: str, level: str, valid_for: int | None = None
) -> dict[str, str]:
    registry = empty_registry(tmp_path / "registry")
    (registry / "clusters" / "de").mkdir()
    dates = "".join(
        f"    {key}: {value}\n" for key, value in (("awarded", awarded), ("valid_until", valid_until)) if value
    )
    if valid_for:
        dates += f'    valid_for: {{months: {valid_for}, quote: "The label is valid for {valid_for} months."}}\n'
    if not dates:
        dates = "    note: The document gives no date.\n"
    record = RECORD.format(checked=on, dates=dates, level=level)
    (registry / "clusters" / "de" / "case.yml").write_text(record, "utf-8")
    day = dt.date.fromisoformat(on)
    result = validate(registry, build_date=day)
    assert result.registry is not None, result.errors
    pages = {p.path: p.content for p in generate(result.registry, Settings(build_date=day))}
    found: dict[str, str] = {}
    found["label page"] = _one(r'data-status-block data-status="([\w-]+)"', pages["clusters/case.md"])
    found["listing"] = _one(rf'<tr [^>]*data-level="{level}" data-status="([\w-]+)"', pages["clusters/index.md"])
    found["clusters.json"] = json.loads(pages["api/v1/clusters.json"])["clusters"][0]["status"]
    detail = json.loads(pages["api/v1/clusters/case.json"])
    found["cluster json"] = detail["status"]
    found["label json"] = detail["labels"][0]["status"]
    found["geojson"] = json.loads(pages["api/v1/clusters.geojson"])["features"][0]["properties"]["status"]
    found["clusters.csv"] = next(csv.DictReader(io.StringIO(pages["api/v1/clusters.csv"].lstrip("\ufeff"))))["status"]
    found["labels.csv"] = next(csv.DictReader(io.StringIO(pages["api/v1/labels.csv"].lstrip("\ufeff"))))["status"]
    badge = pages["badges/case.svg"]
    words = {word: status for status, word in STATUS_WORDS.items()}
    word = level.upper()
    if f"{word} · until " in badge:
        found["badge"] = "holding"
    else:
        found["badge"] = words.get(_one(rf"{word} · ([a-z ]+)<", badge), "undetermined")
    entries = feedparser.parse(pages["api/v1/awards.atom"]).entries
    if entries:
        word = _one(r"Status on \d{4}-\d\d-\d\d: ([a-z ]+)", entries[0].summary)
        found["feed"] = words[word]
    home = pages["index.md"]
    count = _one(rf'rg-levelcount--{level}"><a [^>]*><strong class="rg-levelcount__n">(\d+)<', home)
    found["home valid count"] = "holding" if count == "1" else "not holding"
    newest = re.search(r'<ol class="rg-homelist rg-newest">.*?rg-status--([\w-]+)"', home, re.S)
    if newest:
        found["home newest awards"] = newest.group(1)
    return found


def _one(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    assert match, pattern
    return match.group(1)


# The table of cases for a rule of one length (SILVER: 24 months), then GOLD's rule of 24 to 36 months.
Case = tuple[str, str | None, str | None, str, str, str | None, str | None, int | None]
NO_LENGTH: int | None = None
ALL_CASES: list[Case] = [("silver", *case, NO_LENGTH) for case in CASES]
ALL_CASES += [
    ("gold", awarded, None, on, status, earliest, latest, NO_LENGTH)
    for awarded, on, status, earliest, latest in RANGE_CASES
]
# A validity the document states (36 months) decides over GOLD's rule, also for an award known from a report.
ALL_CASES += [
    ("gold", "2024-06", None, "2027-05-31", "expiring", "2027-06-01", "2027-06-30", 36),
    ("gold", "2024-06", None, "2027-06-02", "may-have-expired", "2027-06-01", "2027-06-30", 36),
    ("gold", "2024-06-15", None, "2027-06-16", "expired", "2027-06-15", "2027-06-15", 36),
    ("gold", "../2024-06-15", None, "2026-12-01", "may-have-expired", "2026-10-15", "2027-06-15", 36),
]


@pytest.mark.parametrize(
    ("level", "awarded", "valid_until", "on", "status", "earliest", "latest", "valid_for"), ALL_CASES
)
def test_every_output_says_the_same(
    tmp_path: Path,
    level: str,
    awarded: str | None,
    valid_until: str | None,
    on: str,
    status: str,
    earliest: object,
    latest: object,
    valid_for: int | None,
) -> None:
    found = outputs(tmp_path, awarded, valid_until, on, level, valid_for)
    expected = dict.fromkeys(found, status)
    if "badge" in expected and status in ("valid", "expiring"):
        expected["badge"] = "holding"
    expected["home valid count"] = "holding" if status in ("valid", "expiring") else "not holding"
    assert found == expected
