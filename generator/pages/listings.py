"""Listings answer "who holds a valid label?": their pages, their order, and the data file the browser filters.

The split of a listing into pages of a bounded size, the filters that can change it, its rows rendered once
and shared, and the compact file from which the browser filters and sorts all the rows of a listing that
spans pages. The level pages are listings too. Imports records, the page basics and open data's licence.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import markupsafe

from generator.opendata import DATA_LICENSE
from generator.pages.rows import STATUS_ORDER, Row
from generator.pages.site import PAGE_SIZE, Page, Renderer, level_url
from generator.records.model import Level
from generator.render import Formatter, oneline

DATA_FOLDER = "api/v1/listings/"

T = TypeVar("T")


def paginate(items: Sequence[T], size: int = PAGE_SIZE) -> list[Sequence[T]]:
    """The items in pages of ``size``; an empty listing is one empty page."""
    if size < 1:
        raise ValueError(f"a listing page holds at least one row, not {size}")
    return [items[start : start + size] for start in range(0, len(items), size)] or [items[:0]]


def page_url(base_url: str, number: int) -> str:
    """``clusters/`` for page 1, ``clusters/page/2/`` after it: the first page keeps the listing's address."""
    return base_url if number == 1 else f"{base_url}page/{number}/"


def page_source(base_path: str, base_url: str, number: int) -> str:
    """The Markdown source of a listing page: ``clusters/index.md``, then ``clusters/page/2.md``."""
    return base_path if number == 1 else f"{base_url}page/{number}.md"


def data_path(base_url: str) -> str:
    """``api/v1/listings/clusters.json``, ``api/v1/listings/countries/de.json``, ..."""
    return f"{DATA_FOLDER}{base_url.strip('/')}.json"


@dataclass(frozen=True)
class Group:
    """Rows shown under one heading; the heading is empty where a listing is not split."""

    key: str
    heading: str
    rows: Sequence[Row]
    total: int
    """How many rows the group has over all pages of the listing."""
    rows_html: str


DATA_FIELDS = (
    "id",
    "name",
    "acronym",
    "level",
    "status",
    "earliest",
    "latest",
    "valid_until",
    "default",
    "country",
    "city",
    "sectors",
)


def data_file(rows: Sequence[Row], levels: dict[str, Level], text: dict[str, Any], fmt: Formatter, on: dt.date) -> str:
    """A listing's rows in its default order, one array each, with the names the rows refer to.

    ``earliest``/``latest`` bound the label's last day (empty where unknown) so the script can
    sort by date and check the status again on the reader's day; ``valid_until`` is the date as
    the pages write it.
    """
    countries: dict[str, str] = {}
    sectors: dict[str, str] = {}
    data_rows: list[list[Any]] = []
    for row in rows:
        cluster, label, window = row.cluster, row.label, row.standing.window
        countries[cluster.country] = row.country_name
        sectors.update(row.sectors)
        until = label.effective_valid_until
        data_rows.append(
            [
                cluster.id,
                oneline(cluster.name),
                oneline(cluster.acronym or ""),
                label.level,
                row.status,
                window.earliest.isoformat() if window else "",
                window.latest.isoformat() if window else "",
                fmt.partial(until) if until else text["valid_until_unknown"],
                1 if label.valid_until_is_default else 0,
                cluster.country,
                oneline(cluster.city or ""),
                [sid for sid, _name in row.sectors],
            ]
        )
    data = {
        "generated_at": on.isoformat(),
        "license": DATA_LICENSE,
        "fields": list(DATA_FIELDS),
        "levels": {lv.id: [text["level_word"][lv.id], lv.rank] for lv in levels.values()},
        "countries": dict(sorted(countries.items())),
        "sectors": dict(sorted(sectors.items())),
        "rows": data_rows,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def filters(renderer: Renderer, rows: list[Row], *, omit: str = "") -> dict[str, list[tuple[str, str]]]:
    """The choices of each filter that can change the listing.

    A filter whose every choice keeps all the rows (one level on a level page) is left out.
    """
    levels = renderer.site.registry.levels
    text = renderer.site.text
    matches: dict[str, dict[str, int]] = {"level": Counter(), "status": Counter(), "country": Counter()}
    sector_matches: Counter[str] = Counter()
    for r in rows:
        matches["level"][r.label.level] += 1
        matches["status"][r.status] += 1
        matches["country"][r.cluster.country] += 1
        sector_matches.update(r.cluster.sectors)
    matches["status"]["valid"] += matches["status"]["expiring"]  # "valid" includes expiring soon
    choices: dict[str, list[tuple[str, str]]] = {
        "level": [(lv, text["level_word"][lv]) for lv in reversed(levels) if lv in matches["level"]],
        "status": [
            (s, text["filter_status_valid"] if s == "valid" else text["status"][s])
            for s in STATUS_ORDER
            if matches["status"][s]
        ],
    }
    if omit != "country":
        found = {r.cluster.country: r.country_name for r in rows}
        choices["country"] = sorted(found.items(), key=lambda item: item[1])
    if omit != "sector":
        names = {sid: name for r in rows for sid, name in r.sectors}
        choices["sector"] = sorted(names.items(), key=lambda item: item[1])
    matches["sector"] = sector_matches
    return {
        key: options
        for key, options in choices.items()
        if any(matches[key][value] < len(rows) for value, _label in options)
    }


def rows_html(renderer: Renderer, rows: Sequence[Row], omit: str, root: str) -> markupsafe.Markup:
    """The rows' HTML: each cluster's row is rendered once per depth and column set, then shared."""
    if renderer.row_macro is None:
        module = renderer.env.get_template("_table.html.j2").make_module(renderer.context(""))
        renderer.row_macro = getattr(module, "row")  # noqa: B009 - a template macro, unknown to mypy
    out = []
    for r in rows:
        key = (r.cluster.id, omit == "country", root)
        cached = renderer.row_cache.get(key)
        if cached is None:
            earlier = renderer.row_memo.get(key) if renderer.row_memo is not None else None
            if earlier is not None and earlier[0] == r:
                cached = renderer.row_cache[key] = earlier[1]
            else:
                cached = renderer.row_cache[key] = str(renderer.row_macro(r, omit, root))
                if renderer.row_memo is not None:
                    renderer.row_memo[key] = (r, cached)
        out.append(cached)
    return markupsafe.Markup("\n".join(out))


@dataclass(frozen=True)
class ListingPage:
    """Where one page of a listing sits among the others, for the templates."""

    base_url: str
    root: str
    """The way up from this page to the site's root, such as ``../../``."""
    page: int
    pages: int
    page_size: int
    total: int
    omit: str
    data: str

    def page_url(self, number: int) -> str:
        return page_url(self.base_url, number)


def listing_pages(
    renderer: Renderer,
    path: str,
    base_url: str,
    title: str,
    intro: str,
    rows: list[Row],
    *,
    omit: str = "",
    grouped: bool = False,
    **extra: Any,
) -> Iterator[Page]:
    """A listing in pages of the configured size, in the default order, and its data file for the page script.

    A grouped listing (a level's) shows the current holders under one heading and the others under another.
    """
    site = renderer.site
    text = site.text
    size = site.settings.listing_page_size
    chunks = paginate(rows, size)
    data = data_path(base_url)
    choices = filters(renderer, rows, omit=omit)
    if grouped:
        holding = sum(r.standing.holding for r in rows)
        groups = [
            ("current", text["listing_current"], holding),
            ("others", text["listing_others"], len(rows) - holding),
        ]
    else:
        groups = [("all", "", len(rows))]
    for number, chunk in enumerate(chunks, start=1):
        url = page_url(base_url, number)
        root = "../" * url.count("/")
        shown = []
        for key, heading, total in groups:
            part = [r for r in chunk if not grouped or r.standing.holding == (key == "current")]
            if part:
                shown.append(Group(key, heading, part, total, rows_html(renderer, part, omit, root)))
        where = ListingPage(base_url, root, number, len(chunks), size, len(rows), omit, data)
        content = renderer.render(
            "listing.md.j2",
            url,
            title=title if number == 1 else text["listing_page_title"].format(title=title, page=number),
            intro=intro,
            listing=where,
            groups=shown,
            filters=choices,
            legend=any(r.label.valid_until_is_default for r in chunk),
            **extra,
        )
        yield Page(page_source(path, base_url, number), content)
    yield renderer.data(data, partial(data_file, rows, site.registry.levels, text, site.fmt, site.settings.build_date))


def level_pages(renderer: Renderer) -> Iterator[Page]:
    """The levels page and one listing per level, current holders first."""
    site = renderer.site
    rows = site.rows
    yield Page("levels/index.md", renderer.render("levels.md.j2", "levels/", rows=rows))
    for level in site.registry.levels.values():
        yield from listing_pages(
            renderer,
            f"levels/{level.id}.md",
            level_url(level.id),
            level.name,
            site.text["level_intro"].format(level=site.text["level_word"][level.id]),
            [r for r in rows if r.label.level == level.id],
            grouped=True,
            level=level,
        )
