"""Open data and proof: every public address of a fresh build, checked with independent libraries."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import geojson
import jsonschema
import pytest
from playwright.sync_api import Browser
from pyld import jsonld

from generator.opendata import tables
from generator.records.model import Registry
from generator.records.schema import schema
from generator.records.validate import validate
from tests.conftest import PUBLISHED_URL, REGISTRY, SHIPPED_DATE
from tests.sitebuild import serve

SITE_URL = PUBLISHED_URL


@pytest.fixture(scope="module")
def registry() -> Registry:
    result = validate(REGISTRY, build_date=SHIPPED_DATE)
    assert result.registry is not None
    return result.registry


@pytest.fixture(scope="module")
def site(published_site: Path) -> Path:
    return published_site


def load(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def test_every_address_exists_for_every_cluster(site: Path, registry: Registry) -> None:
    for path in (
        "api/v1/clusters.json",
        "api/v1/clusters.geojson",
        "api/v1/clusters.csv",
        "api/v1/labels.csv",
        "api/v1/awards.atom",
        "api/v1/schema/clusters.schema.json",
        "api/v1/schema/cluster.schema.json",
        "api/v1/schema/record.schema.json",
    ):
        assert (site / path).is_file(), path
    for cluster in registry.clusters:
        for path in (
            f"api/v1/clusters/{cluster.id}.json",
            f"badges/{cluster.id}.svg",
            f"qr/{cluster.id}.svg",
            f"clusters/{cluster.id}/index.html",
        ):
            assert (site / path).is_file(), path


def test_json_files_validate_against_their_published_schemas(site: Path, registry: Registry) -> None:
    index_schema = load(site / "api/v1/schema/clusters.schema.json")
    detail_schema = load(site / "api/v1/schema/cluster.schema.json")
    jsonschema.Draft202012Validator.check_schema(index_schema)
    jsonschema.Draft202012Validator.check_schema(detail_schema)
    index = load(site / "api/v1/clusters.json")
    jsonschema.validate(index, index_schema, format_checker=jsonschema.FormatChecker())
    assert index["generated_at"] == SHIPPED_DATE.isoformat() and index["count"] == len(registry.clusters)
    for cluster in registry.clusters:
        detail = load(site / f"api/v1/clusters/{cluster.id}.json")
        jsonschema.validate(detail, detail_schema, format_checker=jsonschema.FormatChecker())
        assert detail["generated_at"] == SHIPPED_DATE.isoformat()
        assert [label["source"] for label in detail["labels"]] == [
            label.source.url if label.source else None for label in cluster.labels
        ]
        assert detail["license"]["name"] == "CC BY 4.0"
    assert index["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert load(site / "api/v1/schema/record.schema.json") == schema("cluster")


def test_cluster_json_carries_history_and_status(site: Path) -> None:
    aviation = load(site / "api/v1/clusters/hamburg-aviation.json")
    assert aviation["status"] == "valid"
    assert aviation["current_label"]["valid_until"] == "2027-12-31"
    assert aviation["current_label"]["valid_until_is_default"] is False
    assert [label["awarded"] for label in aviation["labels"]][:2] == ["../2014-02-06", "2019"]
    evidence = aviation["current_label"]["evidence"]
    assert evidence["url"].startswith("https://www.hamburg-aviation.de/") and evidence["language"] == "de"
    assert evidence["quote"]
    assert aviation["url"] == SITE_URL + "clusters/hamburg-aviation/"


def test_geojson_is_valid(site: Path, registry: Registry) -> None:
    data = geojson.loads((site / "api/v1/clusters.geojson").read_text("utf-8"))
    assert data.is_valid, data.errors()
    assert len(data["features"]) == len(registry.clusters)


def test_feed_parses_cleanly_newest_first(site: Path) -> None:
    feed = feedparser.parse((site / "api/v1/awards.atom").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    entries = feed.entries
    assert len(entries) == len({e.id for e in entries}) > 20
    dates = [e.published for e in entries]
    assert dates == sorted(dates, reverse=True)
    first = entries[0]
    cluster_id = first.id.split(":")[3]
    assert first.link == SITE_URL + f"clusters/{cluster_id}/"
    assert f"Status on {SHIPPED_DATE.isoformat()}: " in first.summary
    assert feed.feed.rights.startswith("Data licensed under Creative Commons Attribution 4.0")


def test_csv_round_trips(site: Path, registry: Registry) -> None:
    raw = (site / "api/v1/clusters.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["id"] for r in rows] == [c.id for c in registry.clusters]
    saxony = next(r for r in rows if r["id"] == "silicon-saxony")
    assert (
        saxony["city"] == "Dresden" and saxony["latitude"] == "51.0509" and saxony["sectors"] == "micro-nano-optics;ict"
    )
    labels = list(
        csv.DictReader(io.StringIO((site / "api/v1/labels.csv").read_bytes().decode("utf-8-sig"), newline=""))
    )
    assert len(labels) == sum(len(c.labels) for c in registry.clusters)


def test_csv_cells_cannot_become_formulas() -> None:
    assert tables._cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert tables._cell("-1+2") == "'-1+2"
    assert tables._cell("Food & Bio") == "Food & Bio"


def _schema_org_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """schema.org's context, offline: its vocabulary with the url and sameAs terms typed as addresses."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    context = {"@vocab": "https://schema.org/", "url": {"@type": "@id"}, "sameAs": {"@type": "@id"}}
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": context}}


def test_json_ld_expands_into_the_award(site: Path) -> None:
    html = (site / "clusters/gce-ocean-technology/index.html").read_text("utf-8")
    data = json.loads(html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    expanded = jsonld.expand(data, {"documentLoader": _schema_org_loader})
    organisation = expanded[0]
    assert organisation["@type"] == ["https://schema.org/Organization"]
    assert organisation["https://schema.org/name"][0]["@value"] == "GCE Ocean Technology"
    assert organisation["https://schema.org/award"][0]["@value"] == (
        "Cluster Management Excellence Label GOLD, awarded 2021 by ESCA, valid until 2023 (expired on 2026-12-03)"
    )
    assert organisation["https://schema.org/url"][0]["@id"] == SITE_URL + "clusters/gce-ocean-technology/"
    assert organisation["https://schema.org/sameAs"][0]["@id"] == "https://gceocean.no/"
    assert 'rel="canonical" href="https://registry.example.org/clusters/gce-ocean-technology/"' in html
    assert '<meta property="og:title" content="GCE Ocean Technology">' in html
    assert 'rel="alternate" type="application/json" href="../../api/v1/clusters/gce-ocean-technology.json"' in html


def test_badges_and_qr_codes_are_well_formed_svg(site: Path, registry: Registry) -> None:
    for cluster in registry.clusters:
        badge = ET.parse(site / f"badges/{cluster.id}.svg").getroot()
        assert badge.tag == "{http://www.w3.org/2000/svg}svg"
        title = badge.find("{http://www.w3.org/2000/svg}title")
        assert title is not None and title.text is not None and cluster.name in title.text
        qr = ET.parse(site / f"qr/{cluster.id}.svg").getroot()
        assert qr.tag == "{http://www.w3.org/2000/svg}svg"
    assert "GOLD · expired" in (site / "badges/silicon-saxony.svg").read_text("utf-8")
    assert "GOLD · until 2027-12-31" in (site / "badges/hamburg-aviation.svg").read_text("utf-8")


def test_qr_code_decodes_to_the_permanent_address(site: Path, browser: Browser, tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    with serve(site) as url:
        page = browser.new_page(viewport={"width": 400, "height": 400})
        page.goto(url + "qr/silicon-saxony.svg")
        page.screenshot(path=str(tmp_path / "qr.png"))
        page.close()
    results = zxingcpp.read_barcodes(Image.open(tmp_path / "qr.png"))
    assert [r.text for r in results] == [SITE_URL + "clusters/silicon-saxony/"]


def test_label_page_offers_badge_snippets(site: Path) -> None:
    html = (site / "clusters/hamburg-aviation/index.html").read_text("utf-8")
    assert (
        "&lt;a href=&#34;https://registry.example.org/clusters/hamburg-aviation/&#34;&gt;&lt;img "
        "src=&#34;https://registry.example.org/badges/hamburg-aviation.svg&#34;" in html
    )
    assert "[![Hamburg Aviation: Cluster Management Excellence Label GOLD" in html
    assert 'href="../../qr/hamburg-aviation.svg" download="hamburg-aviation-qr.svg"' in html


def test_country_maps_have_their_own_markers_and_the_feed_its_newest_awards(site: Path, registry: Registry) -> None:
    located = {c.country for c in registry.clusters if c.location}
    for code in located:
        data = load(site / f"api/v1/countries/{code.lower()}.geojson")
        assert data["features"] and {f["properties"]["country"] for f in data["features"]} == {code}
    assert len(feedparser.parse((site / "api/v1/awards.atom").read_bytes()).entries) <= 100
    page = (site / "countries/de/index.html").read_text("utf-8")
    assert "api/v1/countries/de.geojson" in page and "api/v1/clusters.geojson" not in page.split("folium")[-1]


def test_qr_codes_are_drawn_once_per_address_and_title(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.opendata import qrcodes

    drawn = qrcodes.qr_svg_cached("https://registry.example.org/clusters/x/", "X", tmp_path)
    assert drawn == qrcodes.qr_svg("https://registry.example.org/clusters/x/", "X")
    assert len(list(tmp_path.rglob("*.svg"))) == 1

    def refuse(url: str, title: str) -> str:
        raise AssertionError("drawn again")

    monkeypatch.setattr(qrcodes, "qr_svg", refuse)
    assert qrcodes.qr_svg_cached("https://registry.example.org/clusters/x/", "X", tmp_path) == drawn
    with pytest.raises(AssertionError):
        qrcodes.qr_svg_cached("https://registry.example.org/clusters/x/", "Another title", tmp_path)
