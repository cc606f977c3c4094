"""The map: folium's page with self-hosted Leaflet, markers from the one GeoJSON file."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from generator.assembly.outputs import generate
from generator.pages.mapview import Tiles, map_html, vendor_assets
from generator.pages.site import Settings
from generator.records.status import assess_all
from generator.records.validate import validate
from generator.tools import synthetic
from tests.conftest import REGISTRY, ROOT, SHIPPED_DATE
from tests.sitebuild import build, project_copy, serve

TILE_HOST = "tile.openstreetmap.org"


def expected_counts(country: str = "") -> dict[str, int]:
    """Markers per group, from the shipped registry and the status rule: level if valid, else expired or open."""
    result = validate(REGISTRY, build_date=SHIPPED_DATE)
    assert result.registry is not None
    standings = assess_all(result.registry, SHIPPED_DATE)
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
    result = validate(REGISTRY, build_date=SHIPPED_DATE)
    assert result.registry is not None
    pages = {p.path: p.content for p in generate(result.registry, Settings(build_date=SHIPPED_DATE))}
    data = json.loads(pages["api/v1/clusters.geojson"])
    assert data["type"] == "FeatureCollection" and data["generated_at"] == SHIPPED_DATE.isoformat()
    assert [f["id"] for f in data["features"]] == [c.id for c in result.registry.clusters]
    saxony = next(f for f in data["features"] if f["id"] == "silicon-saxony")
    assert saxony["geometry"] == {"type": "Point", "coordinates": [13.7383, 51.0509]}  # GeoNames 2935022
    assert saxony["properties"]["status"] == "expired" and saxony["properties"]["url"] == "clusters/silicon-saxony/"
    unplaced = next(f for f in data["features"] if f["id"] == "acstyria")  # Raaba-Grambach: not in GeoNames' list
    assert unplaced["geometry"] is None


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


def test_a_map_of_2000_clusters_draws_its_groups_and_filters_them(browser: Browser, large_url: str) -> None:
    session = Offline(browser, large_url)
    page = session.context.new_page()
    page.goto("map/")
    counts = ready(page)
    assert sum(counts.values()) > 1500
    assert page.locator(".rg-group").count() > 0
    golden = gold(page)
    page.get_by_role("checkbox", name=re.compile(r"^GOLD \(\d+\)")).uncheck()
    expect(page.locator(".folium-map")).to_have_attribute("data-map-shown", str(sum(counts.values()) - golden))
    expect(page.locator(".leaflet-marker-icon.rg-marker--gold")).to_have_count(0)
    session.context.close()
    assert session.outside == []


def test_map_html_does_not_grow_with_the_registry() -> None:
    """Markers come from the GeoJSON file, so the page's map is the same few kilobytes at any size."""
    assert len(_map().encode()) < 4_000


# ---- One clustering layer, its icons, spiderfy, filter, deep links, no-JS list, small screens ----

HAMBURG = (53.5507, 9.993)
"""Hamburg's GeoNames place (2911298), where its five clusters' records put them."""
LEAVES = """map => map.registryGroup.getLayers().map(m => ({
    id: m.options.registryId, kind: m.options.kind, level: m.options.level, group: m.options.statusGroup,
    z: m.options.zIndexOffset }))"""


def leaves(page: Page, name: str = "map_registry") -> list[dict[str, Any]]:
    """The markers now in the map's one cluster group, as the page's script made them."""
    found: list[dict[str, Any]] = page.evaluate(f"({LEAVES})(window.{name})")
    return found


def gold(page: Page) -> int:
    return sum(1 for leaf in leaves(page) if leaf["level"] == "gold")


def located(country: str = "") -> list[tuple[str, str]]:
    """(id, name) of every shipped cluster with a location."""
    result = validate(REGISTRY, build_date=SHIPPED_DATE)
    assert result.registry is not None
    return [(c.id, c.name) for c in result.registry.clusters if c.location and (not country or c.country == country)]


def open_at(page: Page, latlng: tuple[float, float], zoom: int) -> None:
    page.evaluate(f"map_registry.setView([{latlng[0]}, {latlng[1]}], {zoom}, {{animate: false}})")
    page.wait_for_timeout(400)  # markercluster redraws its groups after the move


def group_at(page: Page, count: int, place: str = "[^:]+") -> Locator:
    """A group of ``count`` markers, announced with its place."""
    return page.get_by_role("button", name=re.compile(rf"^{count} cluster organisations in {place}: "))


def test_one_clustering_layer_with_rings_in_the_level_colours(offline: Offline) -> None:
    page = offline.context.new_page()
    page.goto("map/")
    ready(page)
    groups = page.evaluate(
        "() => { let n = 0; map_registry.eachLayer(l => { if (l instanceof L.MarkerClusterGroup) n++; }); return n; }"
    )
    assert groups == 1
    assert len(leaves(page)) == len(located())
    icons = page.locator(".rg-group")
    assert icons.count() > 0
    expect(
        page.locator(".marker-cluster, .marker-cluster-small, .marker-cluster-medium, .marker-cluster-large")
    ).to_have_count(0)
    stock = page.evaluate(
        "() => [...document.styleSheets].some(s => { try { return [...s.cssRules].some(r => "
        "r.cssText.includes('marker-cluster-small')); } catch (e) { return false; } })"
    )
    assert not stock, "markercluster's default green/yellow/orange stylesheet is loaded"
    colours = {"rgb(154, 116, 0)", "rgb(94, 107, 117)", "rgb(160, 98, 45)", "rgb(63, 74, 82)", "rgb(107, 107, 107)"}
    strokes = page.locator(".rg-group .rg-ring__arc").evaluate_all("arcs => arcs.map(a => getComputedStyle(a).stroke)")
    assert strokes and set(strokes) <= colours
    assert "rgb(154, 116, 0)" in strokes  # a group holding a valid GOLD label shows it
    for icon in icons.all():
        label = icon.locator(".rg-sr").inner_text()
        found = re.fullmatch(r"(\d+) cluster organisations in [^:]+: (.+)", label)
        assert found, label
        total, parts = int(found.group(1)), found.group(2).split("; ")
        assert int(icon.locator(".rg-ring__count").inner_text()) == total
        assert total == sum(int(part.split(" ")[0]) for part in parts)
        assert icon.get_attribute("role") == "button" and icon.get_attribute("tabindex") == "0"
    for kind, colour in (("gold", "rgb(154, 116, 0)"), ("expired", "rgb(107, 107, 107)")):
        arc = page.locator(f".rg-ring--{kind}").first
        expect(arc).to_have_css("stroke", colour)


def test_the_five_hamburg_clusters_spread_out_and_each_opens_by_click(offline: Offline) -> None:
    page = offline.context.new_page()
    page.goto("map/")
    ready(page)
    open_at(page, HAMBURG, 9)
    here = group_at(page, 5, "Hamburg, Germany")
    expect(here).to_have_count(1)
    expect(here).to_contain_text("2 GOLD, valid")
    here.click()
    names = {"Hamburg@work", "Hamburg Aviation", "Life Science Nord", "Logistik-Initiative Hamburg", "foodactive"}
    spread = page.locator(".leaflet-marker-icon.rg-marker")
    expect(page.locator('.leaflet-marker-icon[title="Hamburg Aviation"]')).to_be_visible()
    titles = {
        t
        for t in spread.evaluate_all("icons => icons.map(i => i.title)")
        if t.startswith(("Hamburg", "Life", "Logistik", "foodactive"))
    }
    assert titles == names
    for name in sorted(names):
        page.locator(f'.leaflet-marker-icon[title="{name}"]').click()
        expect(page.locator(".leaflet-popup strong")).to_have_text(name)
        page.wait_for_function("!(map_registry._panAnim && map_registry._panAnim._inProgress)")  # popup panned in
        page.locator(".leaflet-popup-close-button").click()  # the popup covers its neighbours in the spread
        expect(page.locator(".leaflet-popup")).to_have_count(0)


def test_the_five_hamburg_clusters_are_reached_with_the_keyboard(offline: Offline) -> None:
    page = offline.context.new_page()
    page.goto("map/")
    ready(page)
    open_at(page, HAMBURG, 6)  # far out: the one point still spreads instead of zooming to the end
    zoom = page.evaluate("map_registry.getZoom()")
    here = group_at(page, 5, "Hamburg, Germany")
    if here.count() == 0:  # at this zoom Hamburg may share a group with its neighbours
        open_at(page, HAMBURG, 9)
        zoom = 9
        here = group_at(page, 5, "Hamburg, Germany")
    here.focus()
    expect(here).to_be_focused()
    page.keyboard.press("Enter")
    focused = page.locator(".leaflet-marker-icon.rg-marker:focus")
    expect(focused).to_have_count(1)
    assert page.evaluate("map_registry.getZoom()") == zoom  # spread where it is, not zoomed to the street
    reached = set()
    for _ in range(5):
        name = str(page.evaluate("document.activeElement.title"))
        page.keyboard.press("Enter")
        expect(page.locator(".leaflet-popup strong").last).to_have_text(name)  # the last one fades out
        reached.add(name)
        page.locator(f'.leaflet-marker-icon[title="{name}"]').focus()
        page.keyboard.press("Tab")
    assert reached == {
        "Hamburg@work",
        "Hamburg Aviation",
        "Life Science Nord",
        "Logistik-Initiative Hamburg",
        "foodactive",
    }


def test_enter_on_a_group_of_several_places_zooms_in(offline: Offline) -> None:
    page = offline.context.new_page()
    page.goto("map/")
    ready(page)
    before = page.evaluate("map_registry.getZoom()")
    biggest = max(page.locator(".rg-group").all(), key=lambda icon: int(icon.locator(".rg-ring__count").inner_text()))
    biggest.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"map_registry.getZoom() > {before}")
    expect(page.locator(".leaflet-popup")).to_have_count(0)


def test_holders_of_a_valid_label_are_drawn_above_the_others(offline: Offline) -> None:
    page = offline.context.new_page()
    page.goto("map/")
    ready(page)
    ranks = {leaf["kind"]: leaf["z"] for leaf in leaves(page)}
    assert ranks["gold"] > ranks["open"] > ranks["expired"]
    open_at(page, HAMBURG, 10)
    page.evaluate(  # the markers of the one point stacked on their own, as at a zoom where they no longer group
        "() => { const stack = L.layerGroup(map_registry.registryGroup.getLayers().filter("
        "m => m.getLatLng().equals([53.5507, 9.993]))); map_registry.removeLayer(map_registry.registryGroup);"
        " stack.addTo(map_registry); }"
    )
    page.wait_for_timeout(300)
    box = page.locator('.leaflet-marker-icon[title="Hamburg@work"]').bounding_box()
    assert box
    top = page.evaluate(
        f"document.elementFromPoint({box['x'] + box['width'] / 2}, {box['y'] + box['height'] / 2}).closest('.leaflet-marker-icon').title"
    )
    assert top in {"Hamburg Aviation", "Logistik-Initiative Hamburg"}  # the two valid GOLD labels, not the expired one


def test_the_filter_refills_the_one_group(offline: Offline) -> None:
    page = offline.context.new_page()
    page.goto("map/")
    counts = ready(page)
    total = sum(counts.values())
    toggle = page.get_by_role("button", name=re.compile(r"^Filter"))
    expect(toggle).to_have_attribute("aria-expanded", "true")  # open beside a wide map
    expect(toggle).to_contain_text(f"{total} of {total} shown")
    page.get_by_role("checkbox", name=re.compile(r"^Expired \(\d+\)")).uncheck()
    expect(toggle).to_contain_text(f"{total - counts['expired']} of {total} shown")
    assert {leaf["group"] for leaf in leaves(page)} == {"valid", "open"}
    expect(page.locator(".leaflet-marker-icon.rg-marker--expired")).to_have_count(0)
    for label in page.locator(".rg-group .rg-sr").all_inner_texts():
        assert not re.search(r"\d+ expired(;|$)", label), label
    page.get_by_role("checkbox", name=re.compile(r"^GOLD \(\d+\)")).uncheck()
    assert {leaf["level"] for leaf in leaves(page)} <= {"silver", "bronze"}
    page.get_by_role("checkbox", name=re.compile(r"^Expired \(\d+\)")).check()
    page.get_by_role("checkbox", name=re.compile(r"^GOLD \(\d+\)")).check()
    expect(toggle).to_contain_text(f"{total} of {total} shown")
    assert len(leaves(page)) == total
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("checkbox", name=re.compile(r"^GOLD"))).to_be_hidden()


def shared_or_first_in_country() -> list[tuple[str, str]]:
    """The map links that are hard to open (every cluster sharing its point with another, which the map must
    spread out) and the first located cluster of five countries: a page load each (over a second), so not
    every located cluster."""
    result = validate(REGISTRY, build_date=SHIPPED_DATE)
    assert result.registry is not None
    placed = [c for c in result.registry.clusters if c.location]
    points = Counter((c.location.latitude, c.location.longitude) for c in placed if c.location)
    chosen: list[tuple[str, str]] = []
    countries: set[str] = set()
    for c in placed:
        assert c.location is not None
        if points[(c.location.latitude, c.location.longitude)] > 1:
            chosen.append((c.id, c.name))
        elif c.country not in countries and len(countries) < 5:
            chosen.append((c.id, c.name))
            countries.add(c.country)
    return chosen


def test_shipped_map_links_open_their_clusters_popup(offline: Offline) -> None:
    page = offline.context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    clusters = shared_or_first_in_country()
    assert len(clusters) > 40
    for cluster_id, name in clusters:
        page.goto(f"map/?cluster={cluster_id}")
        ready(page)
        popup = page.locator(".leaflet-popup")
        expect(popup.locator("strong"), cluster_id).to_have_text(name, timeout=10_000)
        expect(popup.get_by_role("link")).to_have_attribute("href", f"../clusters/{cluster_id}/")
        assert page.evaluate("map_registry.getZoom()") >= 11, cluster_id  # zoomed to the marker
    assert errors == []


def test_popups_write_dates_as_the_pages_do(offline: Offline) -> None:
    page = offline.context.new_page()
    page.goto("map/?cluster=hamburg-aviation")
    ready(page)
    expect(page.locator(".leaflet-popup")).to_contain_text("Valid until: 31 December 2027")
    assert page.evaluate("map_registry.getZoom()") == 11  # Hamburg's five spread at a city's scale
    expect(page.locator(".leaflet-marker-icon.rg-marker")).to_have_count(5)
    defaulted = next(
        f["properties"]
        for f in page.evaluate("fetch('../api/v1/clusters.geojson').then(r => r.json())")["features"]
        if f["geometry"] and f["properties"]["valid_until_is_default"] and len(f["properties"]["valid_until"]) == 7
    )
    page.goto(f"map/?cluster={defaulted['id']}")
    ready(page)
    text = page.locator(".leaflet-popup").inner_text()
    assert re.search(r"Valid until: [A-Z][a-z]+ \d{4} \(by rule\)", text), text
    assert not re.search(r"\d{4}-\d\d", text), text
    assert defaulted["valid_until_text"] + " (by rule)" in text


def test_geojson_only_adds_the_dates_as_written(shipped_site: Path) -> None:
    data = json.loads((shipped_site / "api/v1/clusters.geojson").read_text("utf-8"))
    aviation = next(f["properties"] for f in data["features"] if f["id"] == "hamburg-aviation")
    assert aviation["valid_until"] == "2027-12-31" and aviation["valid_until_text"] == "31 December 2027"
    assert set(aviation) >= {
        "id",
        "name",
        "acronym",
        "country",
        "city",
        "sectors",
        "level",
        "status",
        "awarded",
        "valid_until",
        "valid_until_is_default",
        "last_valid_day",
        "earliest_last_day",
        "latest_last_day",
        "url",
    }
    months = [
        f["properties"]
        for f in data["features"]
        if f["properties"]["valid_until"] and len(f["properties"]["valid_until"]) == 7
    ]
    assert months and all(re.fullmatch(r"[A-Z][a-z]+ \d{4}", p["valid_until_text"]) for p in months)


def test_without_javascript_the_map_lists_its_clusters(browser: Browser, shipped_url: str) -> None:
    context = browser.new_context(base_url=shipped_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("map/")
    expect(page.locator(".rg-map .folium-map")).to_be_hidden()  # no blank box
    fallback = page.locator(".rg-map .rg-map-nojs")
    expect(fallback).to_be_visible()
    expect(fallback).to_contain_text("The map needs JavaScript")
    links = fallback.get_by_role("link")
    expect(links).to_have_count(len(located()))
    expect(fallback.get_by_role("link", name="Hamburg Aviation")).to_have_attribute(
        "href", "../clusters/hamburg-aviation/"
    )
    page.goto("countries/de/")
    fallback = page.locator(".rg-map .rg-map-nojs")
    expect(fallback.get_by_role("link")).to_have_count(len(located("DE")))
    context.close()


def test_a_large_map_lists_countries_instead_of_every_cluster(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.pages import maps

    monkeypatch.setattr(maps, "MAP_LIST_LIMIT", 10)
    result = validate(REGISTRY, build_date=SHIPPED_DATE)
    assert result.registry is not None
    generated = {p.path: p.content for p in generate(result.registry, Settings(build_date=SHIPPED_DATE))}
    nojs = generated["map/index.md"].split("<noscript>")[1].split("</noscript>")[0]
    assert "../clusters/" not in nojs
    assert f'<a href="../countries/de/">Germany</a>: {len(located("DE"))} on the map' in nojs
    germany = generated["countries/de.md"].split("<noscript>")[1].split("</noscript>")[0]
    assert "listing below" in germany and "clusters/" not in germany


@pytest.mark.parametrize("width", [390, 320])
def test_small_screens_keep_the_map_free(browser: Browser, shipped_url: str, width: int) -> None:
    session = Offline(browser, shipped_url)
    page = session.context.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("map/")
    ready(page)
    toggle = page.get_by_role("button", name=re.compile(r"^Filter"))
    expect(toggle).to_have_attribute("aria-expanded", "false")  # one line until opened
    area = page.locator(".folium-map").bounding_box()
    assert area
    boxes = {}
    for name in (
        "leaflet-control-zoom",
        "rg-map-filter",
        "leaflet-control-scale",
        "leaflet-control-attribution",
    ):
        box = page.locator(f".{name}").bounding_box()
        assert box, name
        boxes[name] = box
        assert box["x"] >= area["x"] - 1 and box["x"] + box["width"] <= area["x"] + area["width"] + 1, name
    names = list(boxes)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            a, b = boxes[first], boxes[second]
            apart = (
                a["x"] + a["width"] <= b["x"]
                or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"]
                or b["y"] + b["height"] <= a["y"]
            )
            assert apart, (first, second, a, b)
    covered = sum(b["width"] * b["height"] for b in boxes.values())
    assert covered < 0.15 * area["width"] * area["height"]
    toggle.click()
    page.get_by_role("checkbox", name=re.compile(r"^Expired")).uncheck()
    expect(page.locator(".leaflet-marker-icon.rg-marker--expired")).to_have_count(0)
    session.context.close()


def test_the_summary_table_counts_each_status_apart(offline: Offline) -> None:
    result = validate(REGISTRY, build_date=SHIPPED_DATE)
    assert result.registry is not None
    standings = assess_all(result.registry, SHIPPED_DATE)
    page = offline.context.new_page()
    page.goto("map/")
    table = page.locator("table.rg-counts")
    heads = [h.strip() for h in table.locator("thead th").all_inner_texts()][1:]
    assert heads == [
        "GOLD",
        "SILVER",
        "BRONZE",
        "May have expired",
        "Validity not determinable",
        "Not documented",
        "Expired",
        "Total",
    ]
    keys = ["gold", "silver", "bronze", "may-have-expired", "undetermined", "undocumented", "expired"]
    germany = [int(t) for t in table.locator("tbody tr", has_text="Germany").locator("td").all_inner_texts()]
    expected: dict[str, int] = dict.fromkeys(keys, 0)
    for cluster in result.registry.clusters:
        if cluster.country == "DE":
            standing = standings[cluster.id]
            expected[standing.label.level if standing.holding else standing.status] += 1
    assert germany == [expected[k] for k in keys] + [sum(expected.values())]
    assert expected["undetermined"] > 0  # the case the table once counted as expired
    foot = [int(t) for t in table.locator("tfoot td").all_inner_texts()]
    every = [s.status for s in standings.values()]
    assert foot[keys.index("expired")] == every.count("expired")
    assert foot[keys.index("undetermined")] == every.count("undetermined")
    assert foot[-1] == len(result.registry.clusters)


def test_the_place_box_goes_to_a_city_and_the_address_keeps_the_view(offline: Offline) -> None:
    page = offline.context.new_page()
    page.goto("map/")
    ready(page)
    page.get_by_role("combobox", name="Go to a place").fill("hamburg")
    page.get_by_role("button", name="Go", exact=True).click()
    expect(page.get_by_role("combobox", name="Go to a place")).to_have_value("Hamburg, Germany")
    expect(page).to_have_url(re.compile(r"/map/\?at=53\.\d+%2C9\.\d+%2C11$"))
    page.wait_for_timeout(400)
    expect(group_at(page, 5, "Hamburg, Germany")).to_have_count(1)
    view = page.url
    page.goto("map/")
    ready(page)
    page.goto(view)
    ready(page)
    assert page.evaluate("map_registry.getZoom()") == 11
    page.get_by_role("combobox", name="Go to a place").fill("Atlantis")
    page.get_by_role("button", name="Go", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Atlantis")).to_have_text(
        "No cluster on the map is in “Atlantis”."
    )


def test_the_filters_live_in_the_address(offline: Offline) -> None:
    page = offline.context.new_page()
    page.goto("map/?level=gold&status=valid")
    ready(page)
    wanted = leaves(page)
    assert wanted and {(leaf["level"], leaf["group"]) for leaf in wanted} == {("gold", "valid")}
    expect(page.locator(".folium-map")).to_have_attribute("data-map-shown", str(len(wanted)))
    page.get_by_role("checkbox", name=re.compile(r"^SILVER \(\d+\)")).check()
    expect(page).to_have_url(re.compile(r"level=gold%2Csilver&status=valid"))
    page.get_by_role("checkbox", name=re.compile(r"^Valid \(\d+\)")).uncheck()
    page.get_by_role("checkbox", name=re.compile(r"^May have expired")).check()
    expect(page).to_have_url(re.compile(r"level=gold%2Csilver&status=open&"))


def test_a_country_pages_map_follows_its_tables_filters(offline: Offline) -> None:
    page = offline.context.new_page()
    page.goto("countries/de/")
    ready(page)
    germany = located("DE")
    container = page.locator(".folium-map")
    expect(container).to_have_attribute("data-map-shown", str(len(germany)))
    golds = [leaf["id"] for leaf in leaves(page, "map_country_de") if leaf["level"] == "gold"]
    assert 0 < len(golds) < len(germany)
    page.locator("select[data-filter=level]").select_option("gold")
    expect(container).to_have_attribute("data-map-shown", str(len(golds)))
    assert sorted(leaf["id"] for leaf in leaves(page, "map_country_de")) == sorted(golds)
    page.locator("select[data-filter=level]").select_option("")
    expect(container).to_have_attribute("data-map-shown", str(len(germany)))


def test_the_controls_come_before_the_markers_and_the_filter_starts_closed_at_200_percent(offline: Offline) -> None:
    page = offline.context.new_page()
    page.set_viewport_size({"width": 640, "height": 360})  # 1280 by 720 at 200 % zoom
    page.goto("map/")
    ready(page)
    expect(page.get_by_role("button", name=re.compile(r"^Filter"))).to_have_attribute("aria-expanded", "false")
    order = page.evaluate(
        """() => Array.from(document.querySelectorAll('a[href], button, input, [tabindex="0"]'))
            .filter(e => e.getClientRects().length && e.closest('.rg-map-place, .folium-map'))
            .map(e => e.closest('.rg-map-place') ? 'place' : (e.className || e.tagName))"""
    )
    first_marker = next(i for i, name in enumerate(order) if "rg-marker" in name or "rg-group" in name)
    assert order[:6] == [
        "place",
        "place",
        order[2],  # the map itself: arrow keys pan it
        "leaflet-control-zoom-in",
        "leaflet-control-zoom-out",
        "rg-map-filter__toggle",
    ], order[: first_marker + 2]
    assert order[2].startswith("folium-map")
    assert order[6:first_marker] == ["A", "A"]  # the attribution's links, in the controls' corner
