"""Listings in Chromium: they fit every screen, answer "who holds a valid label?", and keep their state in the address.

Screenshots of every page type at 390 and 1280 pixels go to the folder named by ``REGISTRY_SCREENSHOTS``
(default: a folder in pytest's temporary directory, printed in the test's output).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.records.status import HOLDING
from generator.tools import synthetic
from tests.conftest import REGISTRY, SHIPPED_DATE
from tests.sitebuild import build, project_copy, serve
from tests.test_listing import site_of

PAGE_TYPES = {
    "home": "",
    "clusters": "clusters/",
    "label": "clusters/hamburg-aviation/",
    "countries": "countries/",
    "country": "countries/de/",
    "sectors": "sectors/",
    "sector": "sectors/ict/",
    "levels": "levels/",
    "level": "levels/gold/",
    "map": "map/",
    "data": "data/",
    "about": "about/",
    "404": "no-such-page/",
}
WIDTHS = (320, 390, 768, 1280)

# Every word of a name, a country or a level must sit on one line. A break right after a hyphen
# ("Baden-|Württemberg") is the hyphen's own break opportunity, so a hyphen ends a word here.
WORDS_BROKEN = """() => {
  const broken = [];
  const targets = document.querySelectorAll(
    '.rg-table th[scope=row], .rg-table td[data-label] a, .rg-level, .rg-counts th[scope=row]');
  for (const target of targets) {
    if (!target.getClientRects().length) continue;
    const walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s-]+-?/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""

OVERFLOWING = """() => [...document.querySelectorAll('.rg-table tbody th, .rg-table tbody td')]
  .filter(cell => cell.getClientRects().length && cell.scrollWidth > cell.clientWidth + 1)
  .map(cell => cell.textContent.trim())"""
"""Cells whose text runs out of their box (a word wider than its column)."""
ROWS = "table[data-group] tbody tr"
READ_ON_BUILD_DAY = f"""(() => {{
  const fixed = new Date({SHIPPED_DATE.year}, {SHIPPED_DATE.month - 1}, {SHIPPED_DATE.day}, 12, 0, 0).valueOf();
  const RealDate = Date;
  class FixedDate extends RealDate {{
    constructor(...args) {{ super(...(args.length ? args : [fixed])); }}
    static now() {{ return fixed; }}
  }}
  window.Date = FixedDate;
}})();"""
"""The pages are read on the day they were built, so that the reader's re-check changes no status."""


def open_tab(browser: Browser, url: str, **options: object) -> tuple[BrowserContext, Page, list[str]]:
    context = browser.new_context(base_url=url, **options)  # type: ignore[arg-type]
    context.add_init_script(READ_ON_BUILD_DAY)
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    return context, tab, errors


@pytest.fixture
def tab(browser: Browser, shipped_url: str) -> Iterator[Page]:
    context, page, errors = open_tab(browser, shipped_url)
    yield page
    context.close()
    assert errors == [], "script errors on the page"


def drawn(tab: Page, times: int) -> None:
    """Wait until the listing script has drawn the rows ``times`` times since the page loaded."""
    tab.wait_for_function(
        "n => Number(document.querySelector('[data-listing]').getAttribute('data-drawn')) >= n", arg=times
    )


def query(tab: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(tab.url).query)


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("REGISTRY_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {folder}")
    return folder


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_screen_and_no_word_breaks(
    browser: Browser, shipped_url: str, screenshots: Path, width: int
) -> None:
    context, tab, errors = open_tab(browser, shipped_url, viewport={"width": width, "height": 900})
    problems = []
    for name, path in PAGE_TYPES.items():
        tab.goto(path)
        tab.wait_for_load_state("load")
        scroll_width = tab.evaluate("document.documentElement.scrollWidth")
        if scroll_width != width:
            problems.append(f"{name} at {width} px is {scroll_width} px wide")
        broken = tab.evaluate(WORDS_BROKEN)
        if broken:
            problems.append(f"{name} at {width} px breaks inside {broken[:5]}")
        overflowing = tab.evaluate(OVERFLOWING)
        if overflowing:
            problems.append(f"{name} at {width} px has text wider than its cell: {overflowing[:5]}")
        if width in (390, 1280):
            tab.screenshot(path=screenshots / f"{name}-{width}.png")
            table = tab.locator("table.rg-table").first
            if table.count():
                table.scroll_into_view_if_needed()
                tab.screenshot(path=screenshots / f"{name}-{width}-table.png")
    context.close()
    assert problems == []
    assert errors == []


def test_rows_are_compact_on_a_phone_and_labelled_cards_on_a_tablet(browser: Browser, shipped_url: str) -> None:
    for width, display in ((390, "flex"), (768, "block"), (1280, "table-row")):
        context, tab, _errors = open_tab(browser, shipped_url, viewport={"width": width, "height": 900})
        tab.goto("countries/de/")
        row = tab.locator(ROWS).first
        assert row.evaluate("tr => getComputedStyle(tr).display") == display, width
        labels = row.evaluate("tr => [...tr.cells].slice(1).map(td => getComputedStyle(td, '::before').content)")
        if display == "flex":
            # The badges say level and status in colour and word; only the last day is named.
            assert labels[:3] == ["none", "none", '"Valid until "'], width
            height = row.bounding_box()
            assert height is not None and height["height"] < 130, height
            expect(row.locator("td.rg-cell--sectors")).to_be_hidden()
        elif display == "block":
            assert labels[:3] == ['"Level"', '"Status"', '"Valid until"'], width
        else:
            assert set(labels) <= {"none", "normal"}
            expect(tab.locator("table.rg-table thead").first).to_be_visible()
        if display != "table-row":
            box = tab.locator("table.rg-table thead").first.bounding_box()
            assert box is None or box["width"] <= 1, "the column heads are for screen readers only"
        context.close()


def test_the_default_order_puts_holders_of_a_valid_label_first(tab: Page) -> None:
    site, _pages = site_of(REGISTRY)
    tab.goto("clusters/")
    drawn(tab, 1)
    shown = tab.locator(ROWS).evaluate_all("rows => rows.map(r => [r.dataset.id, r.dataset.status, r.dataset.level])")
    assert [row[0] for row in shown] == [r.cluster.id for r in site.rows]
    holding = [row[1] in HOLDING for row in shown]
    assert holding == sorted(holding, reverse=True) and holding[0]
    ranks = {"gold": 3, "silver": 2, "bronze": 1}
    held = [ranks[row[2]] for row in shown if row[1] in HOLDING]
    assert held == sorted(held, reverse=True)
    # Choosing another order and coming back to the default gives the server's order again.
    tab.locator("[data-sort-select]").select_option("name")
    drawn(tab, 2)
    tab.locator("[data-sort-select]").select_option("")
    drawn(tab, 3)
    again = tab.locator(ROWS).evaluate_all("rows => rows.map(r => r.dataset.id)")
    assert again == [row[0] for row in shown]


def test_valid_includes_expiring_and_the_filters_live_in_the_address(tab: Page) -> None:
    site, _pages = site_of(REGISTRY)
    holders = [r for r in site.rows if r.status in HOLDING]
    gold_holders = [r for r in holders if r.label.level == "gold"]
    assert any(r.status == "expiring" for r in holders)
    tab.goto("clusters/")
    drawn(tab, 1)
    tab.locator("select[data-filter=status]").select_option("valid")
    drawn(tab, 2)
    expect(tab.locator(f"{ROWS}:visible")).to_have_count(len(holders))
    expect(tab.locator(f"{ROWS}[data-status=expiring]")).to_have_count(
        sum(1 for r in holders if r.status == "expiring")
    )
    assert query(tab) == {"status": ["valid"]}
    tab.locator("select[data-filter=level]").select_option("gold")
    drawn(tab, 3)
    expect(tab.locator(f"{ROWS}:visible")).to_have_count(len(gold_holders))
    assert query(tab) == {"level": ["gold"], "status": ["valid"]}
    tab.reload()
    drawn(tab, 1)
    expect(tab.locator(f"{ROWS}:visible")).to_have_count(len(gold_holders))
    expect(tab.locator("select[data-filter=level]")).to_have_value("gold")
    expect(tab.locator("[data-filter-count]")).to_have_text(f"{len(gold_holders)} of {len(site.rows)} shown")
    tab.go_back()
    expect(tab.locator("select[data-filter=level]")).to_have_value("")
    expect(tab.locator(f"{ROWS}:visible")).to_have_count(len(holders))
    tab.go_back()
    expect(tab.locator("select[data-filter=status]")).to_have_value("")
    expect(tab.locator(f"{ROWS}:visible")).to_have_count(len(site.rows))
    assert urlsplit(tab.url).query == ""
    tab.go_forward()
    expect(tab.locator("select[data-filter=status]")).to_have_value("valid")
    expect(tab.locator(f"{ROWS}:visible")).to_have_count(len(holders))


def test_an_address_with_filters_search_and_order_opens_as_it_says(tab: Page) -> None:
    site, _pages = site_of(REGISTRY)
    german_holders = [r for r in site.rows if r.cluster.country == "DE" and r.status in HOLDING]
    assert german_holders
    tab.goto("clusters/?level=gold&country=de&status=valid&sort=name")
    drawn(tab, 1)
    names = tab.locator(f"{ROWS} th a").all_inner_texts()
    assert names == sorted((r.cluster.name for r in german_holders if r.label.level == "gold"), key=str.casefold)
    expect(tab.locator("select[data-filter=country]")).to_have_value("DE")
    expect(tab.locator("th[aria-sort=ascending]")).to_have_text("Name")
    tab.goto("clusters/?q=hamburg%20aviation")
    drawn(tab, 1)
    expect(tab.locator("[data-filter-text]")).to_have_value("hamburg aviation")
    expect(tab.locator(f"{ROWS}:visible")).to_have_count(1)
    tab.locator("[data-filter-text]").fill("hamburg")
    expect(tab.locator(f"{ROWS}:visible").first).to_be_visible()
    assert query(tab) == {"q": ["hamburg"]}


def test_unknown_dates_go_last_in_both_directions(tab: Page) -> None:
    tab.goto("clusters/")
    drawn(tab, 1)
    header = tab.get_by_role("button", name="Sort by Valid until").first
    for click, direction in ((1, "ascending"), (2, "descending")):
        header.click()
        drawn(tab, 1 + click)
        expect(tab.locator("th[aria-sort]").filter(has_text="Valid until").first).to_have_attribute(
            "aria-sort", direction
        )
        dates = tab.locator(f"{ROWS} td:nth-child(4)").evaluate_all("cells => cells.map(c => c.dataset.value || '')")
        known = [d for d in dates if d]
        assert dates == known + [""] * (len(dates) - len(known)), direction
        assert known == sorted(known, reverse=direction == "descending")
        assert 0 < len(known) < len(dates)
    assert query(tab) == {"sort": ["-until"]}


def test_a_level_page_shows_current_holders_apart_and_offers_no_level_filter(tab: Page) -> None:
    site, _pages = site_of(REGISTRY)
    gold = [r for r in site.rows if r.label.level == "gold"]
    tab.goto("levels/gold/?level=silver")
    drawn(tab, 1)
    expect(tab.locator("select[data-filter=level]")).to_have_count(0)
    expect(tab.locator(f"{ROWS}:visible")).to_have_count(len(gold))
    current = tab.locator("table[data-group=current] tbody tr")
    others = tab.locator("table[data-group=others] tbody tr")
    expect(tab.get_by_role("heading", name="Current holders")).to_be_visible()
    expect(tab.get_by_role("heading", name="No longer valid or not determinable")).to_be_visible()
    assert set(current.evaluate_all("rows => rows.map(r => r.dataset.status)")) <= HOLDING
    assert not set(others.evaluate_all("rows => rows.map(r => r.dataset.status)")) & HOLDING
    tab.locator("select[data-filter=status]").select_option("expired")
    drawn(tab, 2)
    expect(tab.get_by_role("heading", name="Current holders")).to_be_hidden()
    expect(current).to_have_count(0)
    expect(others.first).to_be_visible()
    tab.goto("countries/de/")
    expect(tab.locator("select[data-filter=country]")).to_have_count(0)
    tab.goto("sectors/ict/")
    expect(tab.locator("select[data-filter=sector]")).to_have_count(0)


# A registry of a few thousand clusters in pages of 100 rows: the no-JavaScript pages and the data file.
SYNTHETIC_COUNT = 2_000
PAGE_SIZE = 100


@pytest.fixture(scope="module")
def paginated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    folder = tmp_path_factory.mktemp("paginated")
    registry = synthetic.write(folder / "registry", SYNTHETIC_COUNT, seed=SYNTHETIC_COUNT)
    config = project_copy(folder / "project", registry)
    text = config.read_text("utf-8")
    config.write_text(
        text.replace("  - registry:\n", f"  - registry:\n      listing_page_size: {PAGE_SIZE}\n"), "utf-8"
    )
    done = build(config, folder / "site", SHIPPED_DATE.isoformat())
    assert done.returncode == 0, done.stderr
    with serve(folder / "site") as url:
        yield folder / "site", url


def test_without_javascript_every_row_is_reached_through_numbered_pages(
    browser: Browser, paginated: tuple[Path, str]
) -> None:
    site, url = paginated
    data = json.loads((site / "api/v1/listings/clusters.json").read_text("utf-8"))
    assert len(data["rows"]) == SYNTHETIC_COUNT
    context, tab, _errors = open_tab(browser, url, java_script_enabled=False)
    tab.goto("clusters/")
    pages = SYNTHETIC_COUNT // PAGE_SIZE
    expect(tab.locator("[data-pager] a")).to_have_count(pages)
    expect(tab.locator("[data-pager] a[aria-current=page]")).to_have_text("1")
    seen: list[str] = []
    for number in range(1, pages + 1):
        if number > 1:
            tab.locator("[data-pager] a", has_text=re.compile(f"^{number}$")).click()
            expect(tab).to_have_url(f"{url}clusters/page/{number}/")
        seen += tab.locator("table.rg-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.id)")
        expect(tab.locator("[data-filters]")).to_be_hidden()
    assert seen == [row[0] for row in data["rows"]]
    for path in ["clusters/", *(f"clusters/page/{n}/" for n in range(2, pages + 1))]:
        assert (site / path / "index.html").stat().st_size < 1_000_000
    context.close()


def test_with_javascript_filters_sort_all_rows_from_the_listings_data_file(
    browser: Browser, paginated: tuple[Path, str]
) -> None:
    site, url = paginated
    data = json.loads((site / "api/v1/listings/clusters.json").read_text("utf-8"))
    fields = {name: i for i, name in enumerate(data["fields"])}
    country = max(data["countries"], key=lambda c: sum(r[fields["country"]] == c for r in data["rows"]))
    expected = [r for r in data["rows"] if r[fields["status"]] == "expired"]
    assert len(expected) > 2 * PAGE_SIZE, "the filtered rows span pages too"
    holders = [r for r in data["rows"] if r[fields["status"]] in HOLDING]
    assert any(r[fields["status"]] == "expiring" for r in holders)
    context, tab, errors = open_tab(browser, url)
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(request.url) if "/api/v1/listings/" in request.url else None)
    tab.goto("clusters/page/3/")
    drawn(tab, 1)
    assert fetched == [], "the data file waits for the first filter"
    expect(tab.locator("[data-filter-count]")).to_have_text(f"{SYNTHETIC_COUNT:,} of {SYNTHETIC_COUNT:,} shown")
    tab.locator("select[data-filter=status]").select_option("expired")
    drawn(tab, 2)
    assert fetched == [f"{url}api/v1/listings/clusters.json"]
    expect(tab.locator("[data-filter-count]")).to_have_text(f"{len(expected):,} of {SYNTHETIC_COUNT:,} shown")
    shown = tab.locator(ROWS).evaluate_all("rows => rows.map(r => r.dataset.id)")
    assert shown == [r[0] for r in expected[:PAGE_SIZE]]
    expect(tab.locator("[data-pager]")).to_be_hidden()
    pager = tab.locator("nav.rg-pages:not([data-pager]) a")
    last = -(-len(expected) // PAGE_SIZE)
    assert last > 6
    # The first pages, a gap, and the last page.
    expect(pager).to_have_text(["1", "2", "3", str(last)])
    expect(tab.locator("nav.rg-pages .rg-pages__gap")).to_have_count(1)
    pager.filter(has_text=re.compile("^2$")).click()
    drawn(tab, 3)
    assert query(tab) == {"status": ["expired"], "page": ["2"]}
    assert tab.locator(ROWS).evaluate_all("rows => rows.map(r => r.dataset.id)") == [
        r[0] for r in expected[PAGE_SIZE : 2 * PAGE_SIZE]
    ]
    # Rows drawn from the data file look like the server's: links, badges and labels for the cards.
    first = tab.locator(ROWS).first
    expect(first.locator("th a")).to_have_attribute("href", re.compile(r"^\.\./\.\./\.\./clusters/[a-z0-9-]+/$"))
    expect(first.locator("td").first).to_have_attribute("data-label", "Level")
    tab.go_back()
    drawn(tab, 4)
    assert tab.locator(ROWS).evaluate_all("rows => rows.map(r => r.dataset.id)") == shown
    tab.locator("[data-sort-select]").select_option("-until")
    drawn(tab, 5)
    dates = tab.locator(f"{ROWS} td:nth-child(4)").evaluate_all("cells => cells.map(c => c.dataset.value)")
    assert dates == sorted(dates, reverse=True) and all(dates)
    # "Valid" includes the labels expiring soon; a country filter from the address, in lower case.
    tab.locator("select[data-filter=status]").select_option("valid")
    drawn(tab, 6)
    expect(tab.locator("[data-filter-count]")).to_have_text(f"{len(holders):,} of {SYNTHETIC_COUNT:,} shown")
    # The rows drawn (a page of them) carry the statuses of the data file, expiring ones included.
    status_of = {r[0]: r[fields["status"]] for r in holders}
    drawn_rows = tab.locator(ROWS).evaluate_all("rows => rows.map(r => [r.dataset.id, r.dataset.status])")
    assert drawn_rows and all(status_of[row_id] == status for row_id, status in drawn_rows)
    expect(tab.locator(f"{ROWS}[data-status=expiring]")).to_have_count(
        sum(status == "expiring" for _, status in drawn_rows)
    )
    assert any(status == "expiring" for _, status in drawn_rows)
    in_country = [r[0] for r in data["rows"] if r[fields["country"]] == country]
    tab.goto(f"clusters/page/3/?country={country.lower()}")
    drawn(tab, 1)
    expect(tab.locator("[data-filter-count]")).to_have_text(f"{len(in_country):,} of {SYNTHETIC_COUNT:,} shown")
    assert tab.locator(ROWS).evaluate_all("rows => rows.map(r => r.dataset.id)") == in_country[:PAGE_SIZE]
    context.close()
    assert errors == []


def test_a_later_page_of_a_level_regains_its_current_holders_when_filtered(
    browser: Browser, paginated: tuple[Path, str]
) -> None:
    site, url = paginated
    data = json.loads((site / "api/v1/listings/levels/bronze.json").read_text("utf-8"))
    last = -(-len(data["rows"]) // PAGE_SIZE)
    context, tab, errors = open_tab(browser, url)
    tab.goto(f"levels/bronze/page/{last}/")
    drawn(tab, 1)
    assert 'data-group="current"' not in (site / f"levels/bronze/page/{last}/index.html").read_text("utf-8")
    expect(tab.locator("table[data-group=current]")).to_be_hidden()
    tab.locator("select[data-filter=status]").select_option("valid")
    drawn(tab, 2)
    expect(tab.get_by_role("heading", name="Current holders")).to_be_visible()
    expect(tab.locator("table[data-group=current] tbody tr").first).to_be_visible()
    expect(tab.locator("table[data-group=others]")).to_be_hidden()
    context.close()
    assert errors == []


SCREENS = (320, 390, 768, 1280)


def test_every_page_of_the_shipped_site_fits_every_screen(
    browser: Browser, shipped_url: str, shipped_site: Path
) -> None:
    """Every page the shipped registry produces (every label page, listing page, country, sector, the
    hand-written pages and the missing page), at each width: none is wider than the screen. Each page is
    loaded once and measured at every width, widest first."""
    paths = sorted(
        "" if index.parent == shipped_site else index.parent.relative_to(shipped_site).as_posix() + "/"
        for index in shipped_site.rglob("index.html")
    )
    paths.append("404.html")
    assert sum(p.startswith("clusters/") for p in paths) >= len(list(REGISTRY.glob("clusters/*/*.yml")))
    context, tab, errors = open_tab(browser, shipped_url, viewport={"width": SCREENS[-1], "height": 900})
    too_wide = []
    for path in paths:
        tab.goto(path, wait_until="load")
        for width in reversed(SCREENS):
            tab.set_viewport_size({"width": width, "height": 900})
            scroll_width = tab.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                too_wide.append(f"/{path} at {width} px is {scroll_width} px wide")
        tab.set_viewport_size({"width": SCREENS[-1], "height": 900})
    context.close()
    assert too_wide == [], f"{len(too_wide)} of {len(paths) * len(SCREENS)}: {too_wide[:20]}"
    assert errors == []
