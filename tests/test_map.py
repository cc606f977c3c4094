"""The map: folium's page with self-hosted Leaflet, markers from the one GeoJSON file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator import synthetic
from generator.mapview import Tiles, map_html, vendor_assets
from generator.pages import Settings, generate
from generator.status import assess_all
from generator.validate import validate
from tests.conftest import BUILD_DATE, REGISTRY, ROOT
from tests.sitebuild import build, project_copy, serve

TILE_HOST = "tile.openstreetmap.org"


def expected_counts(country: str = "") -> dict[str, int]:
    """Markers per group, from the shipped registry and the status rule: level if valid, else expired or open."""
    result = validate(REGISTRY, build_date=BUILD_DATE)
    assert result.registry is not None
    standings = assess_all(result.registry, BUILD_DATE)
    counts = dict.fromkeys(("gold", "silver", "bronze", "open", "expired"), 0)
    for cluster in result.registry.clusters:
        if cluster.location is None or (country and cluster.country != country):
            continue
        standing = standings[cluster.id]
        key = standing.label.level if standing.holding else "expired" if standing.status == "expired" else "open"
        counts[key] += 1
    return counts


def _map(**overrides: object) -> str:
    arguments: dict[str, object] = {
        "root": "../",
        "data_url": "../api/v1/clusters.geojson",
        "strings": {"x": "y"},
        "tiles": Tiles(),
    }
    arguments.update(overrides)
    return map_html(**arguments)  # type: ignore[arg-type]


def test_map_html_links_only_the_sites_own_libraries() -> None:
    html = _map()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("../assets/vendor/") for s in sources)
    assert "cdn" not in html and "jsdelivr" not in html and "bootstrap" not in html
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in html


def test_map_html_is_one_html_block_and_reproducible() -> None:
    html = _map()
    assert "\n\n" not in html
    assert html == _map()
    assert 'id="map_registry"' in html


def test_map_options_cannot_close_the_script() -> None:
    html = _map(strings={"x": "</script><script>alert(1)</script>"})
    assert "</script><script>alert(1)" not in html


def test_vendor_files_come_from_the_installed_packages() -> None:
    files = vendor_assets(ROOT / "node_modules")
    assert files["assets/vendor/leaflet/leaflet.js"].startswith(b"/* @preserve\n * Leaflet 1.9.4")
    assert b"MarkerClusterGroup" in files["assets/vendor/leaflet.markercluster/leaflet.markercluster.js"]


def test_geojson_has_one_feature_per_cluster() -> None:
    result = validate(REGISTRY, build_date=BUILD_DATE)
    assert result.registry is not None
    pages = {p.path: p.content for p in generate(result.registry, Settings(build_date=BUILD_DATE))}
    data = json.loads(pages["api/v1/clusters.geojson"])
    assert data["type"] == "FeatureCollection" and data["generated_at"] == "2026-11-25"
    assert [f["id"] for f in data["features"]] == [c.id for c in result.registry.clusters]
    saxony = next(f for f in data["features"] if f["id"] == "silicon-saxony")
    assert saxony["geometry"] == {"type": "Point", "coordinates": [13.7373, 51.0504]}
    assert saxony["properties"]["status"] == "expired" and saxony["properties"]["url"] == "clusters/silicon-saxony/"
    software = next(f for f in data["features"] if f["id"] == "software-cluster")
    assert software["geometry"] is None


@pytest.fixture(scope="module")
def large_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("large")
    registry = synthetic.write(folder / "registry", 2000, seed=7)
    done = build(project_copy(folder / "project", registry), folder / "site")
    assert done.returncode == 0, done.stderr
    with serve(folder / "site") as url:
        yield url


class Offline:
    """A browser context that lets requests reach only the site, and records tile requests."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.context: BrowserContext = browser.new_context(base_url=base_url)
        self.outside: list[str] = []
        self.tiles: list[str] = []
        self.context.route("**/*", self._route)

    def _route(self, route, request) -> None:  # type: ignore[no-untyped-def]
        host = urlsplit(request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
            return
        (self.tiles if host == TILE_HOST else self.outside).append(request.url)
        route.abort()


@pytest.fixture
def offline(browser: Browser, shipped_url: str) -> Iterator[Offline]:
    session = Offline(browser, shipped_url)
    yield session
    session.context.close()
    assert session.outside == [], "requests left the site other than map tiles"


def ready(page: Page) -> dict[str, int]:
    container = page.locator(".folium-map")
    expect(container).to_have_attribute("data-map-ready", re.compile("."), timeout=20_000)
    counts: dict[str, int] = json.loads(container.get_attribute("data-map-ready") or "{}")
    return counts


def visible_markers(page: Page) -> int:
    return page.locator(".leaflet-marker-icon").count()


def test_map_draws_every_located_cluster_by_level(offline: Offline) -> None:
    page = offline.context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("map/")
    counts = ready(page)
    assert counts == expected_counts()
    assert counts["open"] > 0  # undated and may-have-expired labels have a neutral marker of their own
    assert page.locator("h1").inner_text() == "Map"
    assert page.locator(".md-tabs").count() == 1  # inside the site's own page
    assert offline.tiles, "the map asks for tiles"
    assert errors == []


def test_level_control_hides_and_shows_markers(offline: Offline) -> None:
    page = offline.context.new_page()
    page.goto("map/")
    ready(page)
    before = visible_markers(page)
    assert before > 0
    page.get_by_label(re.compile(r"Expired labels \(\d+\)")).uncheck()
    expect(page.locator(".leaflet-marker-icon.rg-marker--expired")).to_have_count(0)
    assert visible_markers(page) < before
    page.get_by_label(re.compile(r"Expired labels \(\d+\)")).check()
    expect(page.locator(".leaflet-marker-icon.rg-marker--expired").first).to_be_visible()


def test_a_cluster_page_link_centres_the_map_and_opens_its_popup(offline: Offline) -> None:
    page = offline.context.new_page()
    page.goto("clusters/gce-ocean-technology/")
    page.get_by_role("link", name="Show on the map").click()
    ready(page)
    popup = page.locator(".leaflet-popup")
    expect(popup).to_contain_text("GCE Ocean Technology")
    link = popup.get_by_role("link", name="Open the label page")
    expect(link).to_have_attribute("href", "../clusters/gce-ocean-technology/")
    page.goto(str(link.evaluate("a => a.href")))
    expect(page.locator("h1")).to_have_text("GCE Ocean Technology")


def test_markers_are_reachable_with_the_keyboard(offline: Offline) -> None:
    page = offline.context.new_page()
    page.goto("countries/no/")
    ready(page)
    marker = page.locator(".leaflet-marker-icon").first
    marker.focus()
    expect(marker).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup")).to_contain_text(str(marker.get_attribute("title")))
    page.locator(".folium-map").focus()
    expect(page.locator(".folium-map")).to_be_focused()


def test_country_page_maps_only_that_country(offline: Offline) -> None:
    page = offline.context.new_page()
    page.goto("countries/de/")
    counts = ready(page)
    assert sum(counts.values()) == sum(expected_counts("DE").values())


def test_a_map_of_2000_clusters_draws_its_groups(browser: Browser, large_url: str) -> None:
    session = Offline(browser, large_url)
    page = session.context.new_page()
    page.goto("map/")
    counts = ready(page)
    assert sum(counts.values()) > 1500
    assert page.locator(".marker-cluster").count() > 0
    page.get_by_label(re.compile(r"GOLD \(\d+\)")).uncheck()
    expect(page.locator(".leaflet-marker-icon.rg-marker--gold")).to_have_count(0)
    session.context.close()
    assert session.outside == []


def test_map_html_does_not_grow_with_the_registry() -> None:
    """Markers come from the GeoJSON file, so the page's map is the same few kilobytes at any size."""
    assert len(_map().encode()) < 4_000
