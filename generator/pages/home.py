"""The home page: who holds a valid label today, the newest awards, the labels ending soon and those that
just ended, a map preview.

Imports records, the page basics and the map preview.
"""

from __future__ import annotations

from collections import Counter

from generator.pages.mappreview import preview
from generator.pages.site import Page, Renderer

HOME_LIST_LENGTH = 10
"""The home page's lists (today's holders, newest awards, labels ending soon or just ended) hold at most this
many, at any registry size."""
ENDED_DAYS = 90
"""Labels that ended within this many days before the build date are listed as just ended."""


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
    ranks = {level: rank for rank, level in enumerate(site.registry.levels)}
    holders = sorted(valid, key=lambda r: (-ranks[r.label.level], r.cluster.name.casefold(), r.cluster.id))
    # Labels whose validity ended, on its latest possible day, within the last ENDED_DAYS days, with no
    # later label on record: a reader who looked last month learns they ended.
    ended = sorted(
        (
            r
            for r in rows
            if r.status == "expired" and r.standing.window and 0 < (on - r.standing.window.latest).days <= ENDED_DAYS
        ),
        key=lambda r: (-(r.standing.window.latest.toordinal() if r.standing.window else 0), r.cluster.id),
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
        holders=holders[:HOME_LIST_LENGTH],
        holders_count=len(holders),
        ended=ended[:HOME_LIST_LENGTH],
        ended_count=len(ended),
        ended_days=ENDED_DAYS,
    )
    return Page("index.md", content)
