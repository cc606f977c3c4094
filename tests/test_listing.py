"""Listings in the core: who holds a valid label comes first, long listings continue on pages, the data file."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import markdown
import pytest

from generator.assembly.outputs import generate
from generator.pages import listings
from generator.pages.prerender import html_page
from generator.pages.site import Settings, Site
from generator.records.model import Registry
from generator.records.status import HOLDING
from generator.records.validate import validate
from generator.tools import synthetic
from tests.conftest import BUILD_DATE, REGISTRY, SHIPPED_DATE
from tests.test_pages import GOLDEN

ROW = re.compile(r'<tr data-id="([a-z0-9-]+)" data-level="(\w+)" data-status="([\w-]+)"')


def site_of(registry: Path, **settings: object) -> tuple[Site, dict[str, str]]:
    day = SHIPPED_DATE if registry == REGISTRY else BUILD_DATE
    result = validate(registry, build_date=day)
    assert result.registry is not None, result.errors[:3]
    chosen = Settings(build_date=day, **settings)  # type: ignore[arg-type]
    pages = {p.path: p.content for p in generate(result.registry, chosen)}
    return Site(result.registry, chosen), pages


@pytest.fixture(scope="module")
def shipped() -> tuple[Site, dict[str, str]]:
    return site_of(REGISTRY)


@pytest.fixture(scope="module")
def synthetic_small_pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, dict[str, str]]:
    registry = synthetic.write(tmp_path_factory.mktemp("listing") / "registry", 230, seed=5)
    return site_of(registry, listing_page_size=40)


def test_holders_of_a_valid_label_come_first_then_the_level_then_the_name(shipped: tuple[Site, dict[str, str]]) -> None:
    site, pages = shipped
    levels = site.registry.levels
    keys = [
        (0 if r.status in HOLDING else 1, -levels[r.label.level].rank, r.cluster.name.casefold()) for r in site.rows
    ]
    assert keys == sorted(keys)
    assert {k[0] for k in keys} == {0, 1} and len({k[1] for k in keys}) == 3
    shown = [m[1] for m in ROW.finditer(pages["clusters/index.md"])]
    assert shown == [r.cluster.id for r in site.rows]
    statuses = [m[3] for m in ROW.finditer(pages["clusters/index.md"])]
    first_other = next(i for i, s in enumerate(statuses) if s not in HOLDING)
    assert all(s not in HOLDING for s in statuses[first_other:]), "an expiring or valid label after the others"


def test_a_level_page_shows_current_holders_apart_from_the_others(shipped: tuple[Site, dict[str, str]]) -> None:
    site, pages = shipped
    page = pages["levels/gold.md"]
    current, others = page.split("## No longer valid or not determinable {: #others }")
    assert "## Current holders {: #current }" in current
    assert {m[3] for m in ROW.finditer(current)} <= HOLDING
    assert not {m[3] for m in ROW.finditer(others)} & HOLDING
    gold = [r for r in site.rows if r.label.level == "gold"]
    held = sum(r.status in HOLDING for r in gold)
    assert f"<span data-caption-count>{held} cluster organisations</span>" in current
    assert f"<span data-caption-count>{len(gold) - held} cluster organisations</span>" in others


def test_no_filter_that_cannot_change_the_page(shipped: tuple[Site, dict[str, str]]) -> None:
    _site, pages = shipped
    assert 'data-filter="level"' not in pages["levels/gold.md"]
    assert 'data-filter="country"' not in pages["countries/de.md"]
    assert 'data-filter="sector"' not in pages["sectors/ict.md"]
    assert 'data-filter="level"' in pages["clusters/index.md"]
    for path, page in pages.items():
        for select in re.findall(r'<select data-filter="\w+">(.*?)</select>', page):
            assert select.count("<option") >= 3, (path, select)  # "All" and at least two choices


def test_the_valid_filter_says_it_includes_expiring() -> None:
    pages = {p.path: p.content for p in generate(_golden(), Settings(build_date=BUILD_DATE))}
    assert '<option value="valid">Valid (expiring soon included)</option>' in pages["clusters/index.md"]
    # Denmark holds one cluster with an expiring bronze label: every choice of every filter keeps it.
    assert "<select data-filter" not in pages["countries/dk.md"]
    assert "data-sort-select" in pages["countries/dk.md"]


def _golden() -> Registry:
    result = validate(GOLDEN / "registry", build_date=BUILD_DATE)
    assert result.registry is not None
    return result.registry


@pytest.mark.parametrize(
    ("count", "size", "pages"), [(0, 500, 1), (1, 500, 1), (500, 500, 1), (501, 500, 2), (9, 4, 3)]
)
def test_paginate(count: int, size: int, pages: int) -> None:
    items = list(range(count))
    chunks = listings.paginate(items, size)
    assert len(chunks) == pages
    assert [x for chunk in chunks for x in chunk] == items
    assert all(len(chunk) <= size for chunk in chunks)


def test_paginate_refuses_an_empty_page_size() -> None:
    with pytest.raises(ValueError, match="at least one row"):
        listings.paginate([1], 0)


def test_page_addresses() -> None:
    assert listings.page_url("clusters/", 1) == "clusters/"
    assert listings.page_url("clusters/", 2) == "clusters/page/2/"
    assert listings.page_source("clusters/index.md", "clusters/", 1) == "clusters/index.md"
    assert listings.page_source("countries/de.md", "countries/de/", 3) == "countries/de/page/3.md"
    assert listings.data_path("countries/de/") == "api/v1/listings/countries/de.json"


def test_a_long_listing_continues_on_numbered_pages(synthetic_small_pages: tuple[Site, dict[str, str]]) -> None:
    site, pages = synthetic_small_pages
    count = len(site.rows)
    expected_pages = math.ceil(count / 40)
    sources = ["clusters/index.md"] + [f"clusters/page/{n}.md" for n in range(2, expected_pages + 1)]
    assert f"clusters/page/{expected_pages + 1}.md" not in pages
    shown = []
    for number, source in enumerate(sources, start=1):
        page = pages[source]
        ids = [m[1] for m in ROW.finditer(page)]
        assert 0 < len(ids) <= 40
        shown += ids
        assert f"Page {number} of {expected_pages}" in page
        root = "../" if number == 1 else "../../../"
        for other in range(1, expected_pages + 1):
            target = "clusters/" if other == 1 else f"clusters/page/{other}/"
            current = ' aria-current="page"' if other == number else ""
            assert f'<a href="{root}{target}"{current}>{other}</a>' in page
        assert f'data-source="{root}api/v1/listings/clusters.json"' in page
    assert shown == [r.cluster.id for r in site.rows], "the pages together hold every row once, in the default order"
    data = json.loads(pages["api/v1/listings/clusters.json"])
    assert [row[0] for row in data["rows"]] == shown
    assert data["fields"] == list(listings.DATA_FIELDS)
    assert pages["clusters/page/2.md"].startswith('---\ntitle: "All labelled cluster organisations, page 2"')


def test_a_level_page_keeps_its_groups_across_pages(synthetic_small_pages: tuple[Site, dict[str, str]]) -> None:
    site, pages = synthetic_small_pages
    bronze = [r for r in site.rows if r.label.level == "bronze"]
    assert len(bronze) > 80
    sources = ["levels/bronze.md"] + [f"levels/bronze/page/{n}.md" for n in range(2, math.ceil(len(bronze) / 40) + 1)]
    statuses = [m[3] for source in sources for m in ROW.finditer(pages[source])]
    assert statuses == [r.status for r in bronze]
    last = pages[sources[-1]]
    assert "## Current holders" not in last and "## No longer valid or not determinable {: #others }" in last


def test_every_listing_page_skips_python_markdown_and_comes_out_as_it_would_write_it(
    synthetic_small_pages: tuple[Site, dict[str, str]], shipped: tuple[Site, dict[str, str]]
) -> None:
    checked = 0
    for _site, pages in (synthetic_small_pages, shipped):
        for path, content in pages.items():
            if not path.endswith(".md") or not path.startswith(
                ("clusters/index", "clusters/page/", "countries/", "sectors/", "levels/")
            ):
                continue
            body = content.split("\n---\n", 1)[1]
            prerendered = html_page(body)
            assert prerendered is not None, path
            md = markdown.Markdown(extensions=["attr_list", "tables", "toc"])
            assert prerendered[0] == md.convert(body), path
            checked += 1
    assert checked > 60


def test_each_row_is_rendered_once_per_depth(shipped: tuple[Site, dict[str, str]]) -> None:
    _site, pages = shipped
    # The same cluster's row on a sector page and a level page (both two folders deep) is the same text.
    row = re.compile(r'<tr data-id="hamburg-aviation".*?</tr>', re.S)
    on_sector = row.search(pages["sectors/aviation-space.md"])
    on_level = row.search(pages[f"levels/{_level_of(shipped, 'hamburg-aviation')}.md"])
    assert on_sector and on_level and on_sector[0] == on_level[0]


def _level_of(shipped: tuple[Site, dict[str, str]], cluster_id: str) -> str:
    return next(r.label.level for r in shipped[0].rows if r.cluster.id == cluster_id)


def test_listing_pages_stay_small_at_scale(tmp_path: Path) -> None:
    """500 rows a page: the page's weight follows the page size, not the registry's."""
    registry = synthetic.write(tmp_path / "registry", 1_100, seed=11)
    _site, pages = site_of(registry)
    listing_pages = {p: c for p, c in pages.items() if p == "clusters/index.md" or p.startswith("clusters/page/")}
    assert sorted(listing_pages) == ["clusters/index.md", "clusters/page/2.md", "clusters/page/3.md"]
    largest = max(
        len(c.encode())
        for p, c in pages.items()
        if (p.endswith(".md") and not p.startswith("clusters/")) or p in listing_pages
    )
    assert largest < 700_000
