"""The map page and the map a country's listing shows: markers drawn in the browser from GeoJSON, and in their
place, for readers without JavaScript, the clusters as links.

Imports records, the page basics, the map's HTML and open data's GeoJSON addresses.
"""

from __future__ import annotations

from collections import Counter

from generator.opendata import GEOJSON, country_geojson
from generator.pages import mapview
from generator.pages.site import Page, Renderer
from generator.records import countries
from generator.records.status import HOLDING, STATUSES, Status

MAP_LIST_LIMIT = 500
"""Most clusters a map lists, for readers without JavaScript, before it names countries or the listing instead."""

STATUS_COLUMNS: tuple[Status, ...] = tuple(s for s in STATUSES if s not in HOLDING)
"""The map page's table counts valid labels by level and every other label by its own status."""


def map_page(renderer: Renderer) -> Page:
    rows = renderer.site.rows
    by_country: dict[str, Counter[str]] = {}
    for row in rows:
        key = row.label.level if row.standing.holding else row.status
        by_country.setdefault(row.cluster.country, Counter())[key] += 1
    table = sorted(((code, countries.name(code), counts) for code, counts in by_country.items()), key=lambda e: e[1])
    content = renderer.render(
        "map.md.j2",
        "map/",
        rows=rows,
        located=sum(1 for r in rows if r.cluster.location),
        by_country=table,
        totals=sum(by_country.values(), Counter()),
        status_columns=STATUS_COLUMNS,
        map_html=map_html(renderer, "map/"),
    )
    return Page("map/index.md", content)


def map_html(renderer: Renderer, page_url: str, country: str | None = None) -> str:
    """The map, and in its place for readers without JavaScript the clusters it shows, as links."""
    root = "../" * page_url.count("/")
    located = [r for r in renderer.site.rows if r.cluster.location and country in (None, r.cluster.country)]
    by_country: list[tuple[str, str, int]] = []
    if len(located) > MAP_LIST_LIMIT:
        if country is None:
            counts = Counter(r.cluster.country for r in located)
            by_country = sorted(((c, countries.name(c), n) for c, n in counts.items()), key=lambda e: e[1])
        located = []
    fallback = renderer.render("_map_nojs.html.j2", page_url, rows=located, by_country=by_country)
    drawn = mapview.map_html(
        root=root,
        data_url=root + (country_geojson(country) if country else GEOJSON),
        strings={
            **mapview.strings_for_map(renderer.site.text),
            "countries": {
                code: countries.name(code)
                for code in sorted({r.cluster.country for r in renderer.site.rows if r.cluster.location})
                if country in (None, code)
            },
        },
        tiles=renderer.site.settings.tiles,
        country=country,
        name=f"country_{country.lower()}" if country else "registry",
    )
    return drawn + "\n" + "\n".join(line for line in fallback.splitlines() if line.strip())
