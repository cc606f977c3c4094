"""The site in real headless Chromium: pages open, listings sort and filter, search finds clusters."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from generator.records.status import assess_all, label_status
from generator.records.validate import validate
from tests.conftest import PUBLISHED_URL, REGISTRY, SHIPPED_DATE
from tests.sitebuild import build, project_copy, serve
from tests.test_pages import GOLDEN
from tests.test_quality import TILE_HOST
from tests.test_status import CASES, day, label

SHIPPED_COUNT = len(list(REGISTRY.glob("clusters/*/*.yml")))


def shipped_rows() -> list[tuple[str, str, str]]:
    """(level shown, status, country) of every shipped cluster on the test day."""
    result = validate(REGISTRY, build_date=SHIPPED_DATE)
    assert result.registry is not None
    standings = assess_all(result.registry, SHIPPED_DATE)
    return [(standings[c.id].label.level, standings[c.id].status, c.country) for c in result.registry.clusters]


@pytest.fixture
def base_url(shipped_url: str) -> str:
    return shipped_url


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url)
    outside: list[str] = []
    errors: list[str] = []

    def route(request_route, request) -> None:  # type: ignore[no-untyped-def]
        host = urlsplit(request.url).hostname
        if host in ("127.0.0.1", None) or request.url.startswith("data:"):
            request_route.continue_()
        else:
            if host != TILE_HOST:  # the map's tiles (the home page's picture too) are the one allowed outside request
                outside.append(request.url)
            request_route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert outside == [], "requests left the site"
    assert errors == [], "script errors on the page"


def test_the_readers_recheck_applies_the_status_rule_of_the_build(page: Page) -> None:
    """The page script and generator/status.py answer alike over the whole table of cases."""
    page.goto("clusters/hamburg-aviation/")
    cases = []
    for awarded, valid_until, on, _status, _earliest, _latest in CASES:
        item = label(awarded, valid_until)
        window = item.end_window()
        if window is None:
            continue
        cases.append([window.earliest.isoformat(), window.latest.isoformat(), on, label_status(item, day(on))])
    answers = page.evaluate(
        "cases => cases.map(([earliest, latest, on]) => window.registryStatusOn(earliest, latest, on, 90))", cases
    )
    assert answers == [case[3] for case in cases]
    assert len(cases) >= 25


def test_home_shows_live_figures(page: Page) -> None:
    page.goto("./")
    expect(page.locator("h1")).to_have_text("Who holds a cluster excellence label today")
    expect(page.locator(".rg-figure").first).to_contain_text(str(SHIPPED_COUNT))
    expect(page.locator(".rg-newest a").first).to_have_attribute("href", re.compile(r"^clusters/[a-z0-9-]+/$"))


def test_cluster_page_says_status_level_and_dates(page: Page) -> None:
    page.goto("clusters/gce-ocean-technology/")
    expect(page.locator("h1")).to_have_text("GCE Ocean Technology")
    verdict = page.locator("[data-status-block]")
    expect(verdict).to_contain_text("Expired")
    expect(page.locator(".rg-facts").first).to_contain_text("Cluster Management Excellence Label GOLD")
    expect(page.locator(".rg-timeline__item")).to_have_count(4)
    permalink = page.locator("#rg-permalink")
    expect(permalink).to_have_value(page.url.split("?")[0])
    expect(page.locator("button[data-copy=rg-permalink]")).to_be_visible()
    snippet = page.locator("#rg-badge-html")
    expect(snippet).to_have_value(
        re.compile(
            r'^<a href="http://127\.0\.0\.1:\d+/clusters/gce-ocean-technology/"><img src="http://127\.0\.0\.1:\d+/badges/gce-ocean-technology\.svg"'
        )
    )


def test_status_is_checked_again_on_the_readers_date(browser: Browser, base_url: str) -> None:
    """Built on 3 December 2026; read on 1 January 2028, Hamburg Aviation's label (until end of 2027) is expired."""
    context = browser.new_context(base_url=base_url)
    context.add_init_script("""
        (() => {
          const fixed = new Date(2028, 0, 1, 12, 0, 0).valueOf();
          const RealDate = Date;
          class FixedDate extends RealDate {
            constructor(...args) { super(...(args.length ? args : [fixed])); }
            static now() { return fixed; }
          }
          window.Date = FixedDate;
        })();
    """)
    tab = context.new_page()
    tab.goto("clusters/hamburg-aviation/")
    verdict = tab.locator("[data-status-block]")
    expect(verdict.locator("[data-status-text]")).to_have_text("Expired")
    expect(verdict.locator("[data-status-headline]")).to_have_text(
        "No valid label on record. The last label, GOLD, ended on 31 December 2027; no renewal was found when"
        " the record was last checked on 25 November 2026."
    )
    expect(verdict).to_contain_text(
        "Status checked on your device on 1 January 2028; this page was built on 3 December 2026."
    )
    tab.goto("countries/de/")
    row = tab.locator("tr", has=tab.get_by_role("link", name="Hamburg Aviation"))
    expect(row.locator(".rg-status")).to_have_text("Expired")
    context.close()


def test_without_javascript_the_page_states_its_build_date(browser: Browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("clusters/hamburg-aviation/")
    expect(tab.locator("[data-status-block]")).to_contain_text(
        "Status as of 3 December 2026, the day this page was built."
    )
    tab.goto("clusters/")
    expect(tab.locator("table.rg-table tbody tr")).to_have_count(SHIPPED_COUNT)
    expect(tab.locator("[data-filters]")).to_be_hidden()
    context.close()


def test_listing_sorts_and_filters(page: Page) -> None:
    expected = shipped_rows()
    page.goto("clusters/")
    rows = page.locator("table.rg-table tbody tr")
    expect(rows).to_have_count(SHIPPED_COUNT)
    expect(page.locator("[data-filter-count]")).to_have_text(f"{SHIPPED_COUNT} of {SHIPPED_COUNT} shown")

    page.locator("select[data-filter=level]").select_option("bronze")
    bronze = sum(1 for level, _status, _country in expected if level == "bronze")
    expect(page.locator("table.rg-table tbody tr:visible")).to_have_count(bronze)
    page.locator("select[data-filter=level]").select_option("")

    page.locator("select[data-filter=country]").select_option("NO")
    norway = sum(1 for _level, _status, country in expected if country == "NO")
    expect(page.locator("table.rg-table tbody tr:visible")).to_have_count(norway)
    page.locator("select[data-filter=country]").select_option("")

    page.get_by_label("Search in this table").fill("hamburg aviation")
    expect(page.locator("table.rg-table tbody tr:visible")).to_have_count(1)
    page.get_by_label("Search in this table").fill("")

    page.locator("select[data-filter=status]").select_option("valid")
    # "Valid" includes expiring soon, as the page re-checks them on the reader's day.
    valid = rows.evaluate_all("rows => rows.filter(r => ['valid', 'expiring'].includes(r.dataset.status)).length")
    assert valid > 0
    expect(page.locator("table.rg-table tbody tr:visible")).to_have_count(valid)
    page.locator("select[data-filter=status]").select_option("")

    name_header = page.get_by_role("button", name="Sort by Name")
    name_header.click()
    expect(page.locator("th[aria-sort='ascending']")).to_have_count(1)
    ascending = rows.locator("th").all_inner_texts()
    name_header.click()
    expect(page.locator("th[aria-sort='descending']")).to_have_count(1)
    descending = rows.locator("th").all_inner_texts()
    assert descending == ascending[::-1] and len(set(ascending)) > 100

    page.get_by_role("button", name="Sort by Level").click()  # highest level first
    expect(rows.first.locator(".rg-level")).to_have_text("GOLD")
    page.get_by_role("button", name="Sort by Level").click()
    expect(rows.first.locator(".rg-level")).to_have_text("BRONZE")


def test_search_finds_a_cluster_by_name_city_and_sector(page: Page) -> None:
    for query, expected in (
        ("Silicon Saxony", "Silicon Saxony"),
        ("Bergen", "GCE Ocean Technology"),
        ("Hamburg Aviation", "Hamburg Aviation"),
    ):
        page.goto("./")
        search = page.locator("input.md-search__input")
        search.click()
        results = page.locator(".md-search-result__item")
        for _attempt in range(30):  # the search index loads in a worker; a query typed before it is ready is dropped
            search.fill("")
            search.press_sequentially(query)
            try:
                expect(results.first).to_be_visible(timeout=500)
                break
            except AssertionError:
                continue
        expect(results.first).to_be_visible()
        expect(page.locator(".md-search-result")).to_contain_text(expected)


def test_dark_palette_switches(page: Page) -> None:
    page.goto("clusters/silicon-saxony/")
    page.locator("label[for='__palette_1']").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def test_a_former_address_redirects_to_the_permanent_one(browser: Browser, tmp_path: Path) -> None:
    config = project_copy(tmp_path / "project", GOLDEN / "registry")
    done = build(config, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    with serve(tmp_path / "site") as url:
        tab = browser.new_page()
        tab.goto(url + "clusters/old-valid-gold/")
        tab.wait_for_url(url + "clusters/valid-gold/")
        expect(tab.locator("h1")).to_contain_text("Valid Gold Cluster")
        tab.close()


def _reader_on(browser: Browser, base_url: str, year: int, month: int, day_of_month: int) -> Page:
    """A tab whose clock reads the given day, as a reader's device would."""
    context = browser.new_context(base_url=base_url)
    context.add_init_script(f"""
        (() => {{
          const fixed = new Date({year}, {month - 1}, {day_of_month}, 12, 0, 0).valueOf();
          const RealDate = Date;
          class FixedDate extends RealDate {{
            constructor(...args) {{ super(...(args.length ? args : [fixed])); }}
            static now() {{ return fixed; }}
          }}
          window.Date = FixedDate;
        }})();
    """)
    return context.new_page()


def test_paper_says_the_day_it_was_printed(browser: Browser, base_url: str) -> None:
    tab = _reader_on(browser, base_url, 2027, 3, 4)
    tab.goto("clusters/hamburg-aviation/")
    tab.wait_for_function("() => window.registryWords !== undefined")
    tab.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert tab.locator("[data-print-date]").text_content() == " on 4 March 2027"
    tab.context.close()


def test_the_readers_recheck_writes_the_rules_words_as_the_build_does(browser: Browser, base_url: str) -> None:
    """An end by the registry's rule, re-checked on a later day in the browser, reads as the build writes it."""
    from generator.pages import labeltext
    from generator.records.status import assess
    from generator.render import Formatter, strings

    on = dt.date(2028, 1, 1)
    result = validate(REGISTRY, build_date=SHIPPED_DATE)
    assert result.registry is not None
    cluster = next(c for c in result.registry.clusters if c.id == "kosice-it-valley")
    standing = assess(cluster, on)
    assert standing.window is not None and standing.window.by_rule and standing.status == "may-have-expired"
    text = strings("en")
    expected = labeltext.headline(cluster, standing, text, Formatter(text))
    tab = _reader_on(browser, base_url, on.year, on.month, on.day)
    tab.goto("clusters/kosice-it-valley/")
    verdict = tab.locator("[data-status-block]")
    expect(verdict.locator("[data-status-text]")).to_have_text("May have expired")
    expect(verdict.locator("[data-status-headline]")).to_have_text(expected)
    assert "by the registry's rule" in expected
    tab.context.close()


def test_a_label_page_prints_on_one_a4_page_with_its_link_addresses(browser: Browser, published_site: Path) -> None:
    """Name, banner, label facts, evidence, the history in brief, the registry's name and the day the status is
    of, permanent address and QR code: one A4 page for every shipped record. Every page is checked in print
    media (each link's address printed, the QR code shown, no controls); the 30 tallest in print, and every
    tenth, are printed to PDF and read back (a PDF takes a third of a second, 284 of them a minute and a half)."""
    with serve(published_site) as url:
        context = browser.new_context(base_url=url)
        tab = context.new_page()
        records = sorted(REGISTRY.glob("clusters/*/*.yml"))
        heights: dict[str, int] = {}
        tab.emulate_media(media="print")
        for record in records:
            tab.goto(f"clusters/{record.stem}/", wait_until="domcontentloaded")
            unprinted = tab.evaluate(
                """() => [...document.querySelectorAll('a[href]')].filter(a => a.getClientRects().length > 0)
                    .filter(a => !(a.classList.contains('rg-url') ? a.textContent.replace(/\\s/g, '')
                        === a.getAttribute('href') : getComputedStyle(a, '::after').content.includes(a.getAttribute('href'))))
                    .map(a => a.getAttribute('href'))"""
            )
            assert unprinted == [], (record.stem, unprinted)
            assert tab.locator(".rg-qr").is_visible(), record.stem
            assert not tab.locator("textarea, button, .md-header, .md-footer").first.is_visible()
            heights[record.stem] = tab.evaluate("document.documentElement.scrollHeight")
        tallest = sorted(heights, key=lambda stem: -heights[stem])[:30]
        printed = sorted({*tallest, *(r.stem for r in records[::10])})
        for stem in printed:
            tab.goto(f"clusters/{stem}/")
            printed_links = tab.evaluate(
                "() => [...document.querySelectorAll('a[href]')]"
                ".filter(a => a.getClientRects().length > 0).map(a => a.getAttribute('href'))"
            )
            pdf = PdfReader(io.BytesIO(tab.pdf(format="A4", print_background=True)))
            assert len(pdf.pages) == 1, f"{stem} prints on {len(pdf.pages)} pages"
            text = "".join(unicodedata.normalize("NFKC", pdf.pages[0].extract_text()).split())
            assert printed_links, stem
            for href in printed_links:
                assert "".join(href.split()) in text, (stem, href)
            assert f"{PUBLISHED_URL}clusters/{stem}/" in text
            # Provenance on paper: the registry's name, its independence, and the day the status is of.
            assert "ClusterExcellenceLabelRegistry:printedfrom" in text, stem
            assert "independentofESCAandEUCLES" in text and "statusasof" in text, stem
        context.close()
