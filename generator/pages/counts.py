"""The countries and sectors pages: how many labels each holds, and each one's own listing.

Imports records, the page basics, listings and maps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from generator.pages.listings import listing_pages
from generator.pages.maps import map_html
from generator.pages.rows import Row
from generator.pages.site import Page, Renderer, country_url, sector_url
from generator.records import countries


def count_table(rows: list[Row], key: str) -> list[dict[str, Any]]:
    groups: dict[str, list[Row]] = {}
    for row in rows:
        keys = [row.cluster.country] if key == "country" else list(row.cluster.sectors)
        for k in keys:
            groups.setdefault(k, []).append(row)
    return [
        {
            "id": k,
            "total": len(group),
            "valid": sum(r.standing.holding for r in group),
            "levels": Counter(r.label.level for r in group if r.standing.holding),
        }
        for k, group in groups.items()
    ]


def country_pages(renderer: Renderer) -> Iterator[Page]:
    """The countries page, then each country's listing with its map."""
    site = renderer.site
    text, rows = site.text, site.rows
    by_country = count_table(rows, "country")
    for entry in by_country:
        entry["name"] = countries.name(entry["id"])
    by_country.sort(key=lambda e: e["name"])
    yield Page(
        "countries/index.md",
        renderer.render(
            "counts.md.j2",
            "countries/",
            title=text["countries_title"],
            intro=text["countries_intro"],
            entries=by_country,
            kind="country",
        ),
    )
    for entry in by_country:
        code = entry["id"]
        yield from listing_pages(
            renderer,
            f"countries/{code.lower()}.md",
            country_url(code),
            text["country_title"].format(country=entry["name"]),
            "",
            [r for r in rows if r.cluster.country == code],
            omit="country",
            country_label=entry["name"],
            map_html=map_html(renderer, country_url(code), country=code)
            if any(r.cluster.location for r in rows if r.cluster.country == code)
            else "",
        )


def sector_pages(renderer: Renderer) -> Iterator[Page]:
    """The sectors page, naming every sector of the vocabulary, then the listing of each one clusters work in."""
    site = renderer.site
    text, rows, registry = site.text, site.rows, site.registry

    by_sector = count_table(rows, "sector")
    counts = {e["id"]: e for e in by_sector}
    sector_entries = []
    for sector in registry.sectors.values():
        entry = counts.get(sector.id, {"id": sector.id, "total": 0, "valid": 0, "levels": Counter()})
        entry["name"] = sector.name
        sector_entries.append(entry)
    yield Page(
        "sectors/index.md",
        renderer.render(
            "counts.md.j2",
            "sectors/",
            title=text["sectors_title"],
            intro=text["sectors_intro"],
            entries=sector_entries,
            kind="sector",
        ),
    )
    for sector in registry.sectors.values():
        if not counts.get(sector.id):
            continue  # a sector no cluster works in has no page: the index names it without a link
        yield from listing_pages(
            renderer,
            f"sectors/{sector.id}.md",
            sector_url(sector.id),
            text["sector_title"].format(sector=sector.name),
            sector.description,
            [r for r in rows if sector.id in r.cluster.sectors],
            omit="sector",
        )
