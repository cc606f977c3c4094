"""The home page: how many labels are valid today, the newest awards, the labels ending soon, a map preview.

Imports records, the page basics and the map preview.
"""

from __future__ import annotations

from collections import Counter

from generator.pages.mappreview import preview
from generator.pages.site import Page, Renderer

HOME_LIST_LENGTH = 10
"""The home page's lists of newest awards and of labels ending soon hold at most this many, at any registry size."""


def home_page(renderer: Renderer) -> Page:
    site = renderer.site
    on = site.settings.build_date
    rows = site.rows
    valid = [r for r in rows if r.standing.holding]
    awards = [
        (label, row, row.standing.label_statuses[index])
        for row in rows
        for index, label in enumerate(row.cluster.labels)
        if label.awarded and label.awarded.first_day() <= on
    ]
    awards.sort(
        key=lambda item: (item[0].awarded.first_day() if item[0].awarded else on, item[1].cluster.id), reverse=True
    )
    expiring = sorted(
        (r for r in rows if r.status == "expiring"),
        key=lambda r: (r.standing.window.earliest if r.standing.window else on, r.cluster.id),
    )
    picture = preview(
        (
            (r.cluster.location.latitude, r.cluster.location.longitude, r.label.level if r.standing.holding else None)
            for r in rows
            if r.cluster.location
        ),
        list(site.registry.levels),
        site.settings.tiles.url,
    )
    content = renderer.render(
        "home.md.j2",
        "",
        rows=rows,
        valid_count=len(valid),
        by_level=Counter(r.label.level for r in valid),
        country_count=len({r.cluster.country for r in rows}),
        sector_count=len({s for r in rows for s in r.cluster.sectors}),
        located=sum(1 for r in rows if r.cluster.location),
        preview=picture,
        tiles_attribution=site.settings.tiles.attribution,
        newest=awards[:HOME_LIST_LENGTH],
        expiring=expiring[:HOME_LIST_LENGTH],
        expiring_count=len(expiring),
    )
    return Page("index.md", content)
