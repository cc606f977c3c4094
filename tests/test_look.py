"""The site's own look: the home page for the public, one title per tab, the registry's logo and
favicon, its colours, and a helpful page for a missing address at the root and under a sub-path."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from generator.pages import mappreview
from generator.pages.home import HOME_LIST_LENGTH, home_page
from generator.pages.site import Renderer, Settings, Site
from generator.records.status import assess_all
from generator.records.validate import validate
from generator.tools import synthetic
from tests.conftest import BUILD_DATE, ROOT
from tests.sitebuild import build, project_copy, serve
from tests.test_pages import GOLDEN, golden_pages
from tests.test_quality import open_offline

SITE_NAME = "Cluster Excellence Label Registry"
PRIMARY = "rgb(15, 76, 92)"


def _level_counts(home: str) -> dict[str, int]:
    found = re.findall(r'rg-levelcount--(\w+)"><a [^>]*><strong class="rg-levelcount__n">([\d,]+)</strong>', home)
    return {level: int(n.replace(",", "")) for level, n in found}


def _items(home: str, kind: str) -> list[str]:
    match = re.search(rf'<ol class="rg-homelist rg-{kind}">\n(.*?)</ol>', home, re.S)
    return match.group(1).strip().split("\n") if match else []


def test_home_counts_valid_labels_per_level_as_the_standings_say() -> None:
    result = validate(GOLDEN / "registry", build_date=BUILD_DATE)
    assert result.registry is not None
    standings = assess_all(result.registry, BUILD_DATE)
    holding = Counter(s.label.level for s in standings.values() if s.holding)
    home = golden_pages()["index.md"]
    assert _level_counts(home) == {level: holding[level] for level in ("gold", "silver", "bronze")}
    assert sum(holding.values()) > 0 and "expiring" in {s.status for s in standings.values()}
    total = len(result.registry.clusters)
    assert f"{sum(holding.values())} of {total} cluster organisations hold a valid label" in home
    assert "Figures as of 25 November 2026, the day the site was built." in home
    # The check box comes first, before any figure.
    assert home.index("data-search-opener") < home.index("rg-levelcounts")


def test_home_lists_newest_awards_and_labels_ending_soon_each_with_its_status() -> None:
    home = golden_pages()["index.md"]
    newest = _items(home, "newest")
    assert newest and all('class="rg-status rg-status--' in item for item in newest)
    years = [int(y) for item in newest for y in re.findall(r"Awarded (?:\d+ )?(?:[A-Z][a-z]+ )?(\d{4})", item)]
    assert len(years) == len(newest) and years == sorted(years, reverse=True)
    ending = _items(home, "expiring")
    assert ending and all("rg-status--expiring" in item for item in ending)
    assert any("expiring-bronze" in item for item in ending)


@pytest.fixture(scope="module")
def home_at_10000(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Site]:
    folder = synthetic.write(tmp_path_factory.mktemp("home") / "registry", 10_000, seed=3)
    result = validate(folder, build_date=BUILD_DATE)
    assert result.registry is not None, result.errors[:3]
    site = Site(result.registry, Settings(build_date=BUILD_DATE))
    return home_page(Renderer(site)).content, site


def test_home_stays_small_with_capped_lists_at_10000_clusters(home_at_10000: tuple[str, Site]) -> None:
    home, site = home_at_10000
    size = len(home.encode("utf-8"))
    assert size < 250_000, size  # well under 1 MB: the lists are capped, the picture's dots are binned
    assert len(_items(home, "newest")) == HOME_LIST_LENGTH
    expiring = sum(1 for r in site.rows if r.status == "expiring")
    assert expiring > HOME_LIST_LENGTH
    assert len(_items(home, "expiring")) == HOME_LIST_LENGTH
    assert f"The {HOME_LIST_LENGTH} ending first of {expiring:,};" in home
    dots = home.count("<circle ")
    assert 0 < dots <= (mappreview.WIDTH // mappreview.CELL) * (mappreview.HEIGHT // mappreview.CELL)
    holding = Counter(r.label.level for r in site.rows if r.standing.holding)
    assert _level_counts(home) == {level: holding[level] for level in ("gold", "silver", "bronze")}


def test_the_map_picture_puts_clusters_where_the_tiles_show_them() -> None:
    assert mappreview.world_pixel(0, 0) == (1024.0, 1024.0)
    x, y = mappreview.world_pixel(53.55, 9.99)  # Hamburg
    assert 0 < x - mappreview.LEFT < mappreview.WIDTH and 0 < y - mappreview.TOP < mappreview.HEIGHT
    picture = mappreview.preview(
        [(53.55, 9.99, "bronze"), (53.56, 10.0, "gold"), (48.14, 11.58, None), (40.71, -74.0, "gold")],
        ["bronze", "silver", "gold"],
        "https://tile.example.org/{z}/{x}/{y}.png",
    )
    assert picture.shown == 3  # New York lies outside the picture
    assert [(d.level, d.count) for d in picture.dots] == [("none", 1), ("gold", 2)]
    assert {t.href for t in picture.tiles} == {
        f"https://tile.example.org/3/{tx}/{ty}.png" for tx in (3, 4) for ty in (1, 2, 3)
    }
    assert min(t.x for t in picture.tiles) <= 0 and min(t.y for t in picture.tiles) <= 0
    assert mappreview.preview([], ["gold"], "").tiles == ()


def test_no_sector_or_country_page_without_a_cluster() -> None:
    pages = golden_pages()
    listings = [p for p in pages if re.fullmatch(r"(sectors|countries)/[a-z0-9-]+\.md", p) and "index" not in p]
    assert any(p.startswith("sectors/") for p in listings) and any(p.startswith("countries/") for p in listings)
    for path in listings:
        assert re.search(r"<tr [^>]*data-level=", pages[path]), path
    index = pages["sectors/index.md"]
    linked = re.findall(r'<th scope="row"><a href="([a-z0-9-]+)/">', index)
    assert linked and all(f"sectors/{sector}.md" in pages for sector in linked)
    unused = re.findall(r'<th scope="row">([^<]+)</th>', index)
    assert unused, "the golden registry leaves some sectors unused: the index names them without a link"


# In Chromium.


@pytest.fixture(scope="module")
def subpath_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped registry built for https://example.org/registry/ and served under /registry/."""
    folder = tmp_path_factory.mktemp("subpath")
    done = build(
        project_copy(folder / "project"), folder / "site", extra_env={"SITE_URL": "https://example.org/registry/"}
    )
    assert done.returncode == 0, done.stderr
    with serve(folder / "site", prefix="/registry/") as url:
        yield url


@pytest.mark.parametrize("where", ["root", "sub-path"])
def test_a_missing_address_gets_a_styled_page_whose_links_work(
    browser: Browser, shipped_url: str, subpath_url: str, where: str
) -> None:
    base = shipped_url if where == "root" else subpath_url
    page, outside = open_offline(browser, base)
    response = page.goto("clusters/hamburg-aviaton/")
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    assert page.title() == f"Page not found - {SITE_NAME}"
    sheets = page.evaluate(
        "() => [...document.styleSheets].filter(s => s.href).map(s => [new URL(s.href).pathname, s.cssRules.length])"
    )
    root = urlsplit(base).path
    assert {path.rsplit("/", 1)[-1].split(".")[0] for path, _ in sheets} >= {"main", "palette", "registry"}
    assert all(path.startswith(root) and rules > 0 for path, rules in sheets), sheets
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).backgroundColor") == PRIMARY
    expect(page.locator(".rg-notfound")).to_contain_text("its old address still leads to its page")
    expect(page.locator(f".rg-notfound a[href='{root}clusters/']")).to_have_count(1)
    hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
    internal = sorted({h.split("#")[0] for h in hrefs if urlsplit(h).hostname == "127.0.0.1"})
    assert len(internal) >= 8
    for href in internal:
        assert urlsplit(href).path.startswith(root), href
        assert page.request.get(href).status == 200, href
    for src in page.evaluate(
        "() => [...document.querySelectorAll('script[src], link[rel=icon]')].map(e => e.src || e.href)"
    ):
        assert page.request.get(src).status == 200, src
    # The box offers the address's last part in words; the site's search, loaded from the site's root, finds it.
    expect(page.locator(".rg-check__input")).to_have_value("hamburg aviaton")
    first = page.locator(".rg-check__results .md-search-result__item a").first
    expect(first).to_have_attribute("href", re.compile("hamburg-aviation/$"), timeout=10_000)
    assert urlsplit(first.evaluate("a => a.href")).path == root + "clusters/hamburg-aviation/"
    page.locator(".rg-check__button").click()
    page.wait_for_url(re.compile("/clusters/hamburg-aviation/$"))
    assert outside == []
    page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_home_box_checks_a_label_with_the_sites_search(browser: Browser, shipped_url: str, width: int) -> None:
    page, outside = open_offline(browser, shipped_url, viewport={"width": width, "height": 800})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("")
    page.wait_for_load_state("networkidle")
    box = page.get_by_role("searchbox", name="Check a cluster's label")
    expect(box).to_be_visible()
    box.focus()
    page.wait_for_timeout(200)
    assert [u for u in requested if "pagefind" in u] == [], "focusing the home box alone loads nothing"
    box.press_sequentially("Hamburg Aviation")
    results = page.locator(".rg-check__results .md-search-result__item a")
    expect(results.first).to_have_attribute("href", re.compile("hamburg-aviation/$"), timeout=10_000)
    expect(results.first).to_be_visible()
    expect(box).to_have_value("Hamburg Aviation")  # the box keeps what was typed
    expect(page.locator("input.md-search__input")).to_have_value("")  # and the header's search stays closed
    expect(page.locator(".rg-check__count")).to_have_text(re.compile(r"^\d+ matching documents?$"))
    # Tab goes from the box, past its button, to the results.
    box.press("Tab")
    page.keyboard.press("Tab")
    expect(results.first).to_be_focused()
    assert any(u.endswith("/pagefind/pagefind.js") for u in requested)
    assert outside == []
    page.context.close()


def test_without_script_the_home_box_sends_the_query_to_the_list(browser: Browser, shipped_url: str) -> None:
    page, _ = open_offline(browser, shipped_url, java_script_enabled=False)
    page.goto("")
    page.get_by_role("searchbox", name="Check a cluster's label").fill("Hamburg")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/clusters/\?q=Hamburg$"))
    page.context.close()


def test_one_title_per_tab(browser: Browser, shipped_url: str) -> None:
    page, _ = open_offline(browser, shipped_url)
    page.goto("")
    assert page.title() == SITE_NAME
    # The header names the site; the page's heading asks the question; the tab reads "Home".
    expect(page.locator("h1")).to_have_text("Who holds a cluster excellence label today")
    expect(page.locator(".md-tabs__link").first).to_have_text("Home")
    page.goto("clusters/hamburg-aviation/")
    assert page.title() == f"Hamburg Aviation - {SITE_NAME}"
    page.goto("countries/")
    assert page.title() == f"Countries - {SITE_NAME}"
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_registrys_logo_favicon_and_colours_come_from_the_site(
    browser: Browser, shipped_url: str, scheme: str
) -> None:
    page, outside = open_offline(browser, shipped_url, scheme)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("clusters/")
    page.wait_for_load_state("networkidle")
    icon = page.locator("link[rel=icon]").evaluate("e => e.href")
    logo = page.locator(".md-header .md-logo img")
    assert icon == shipped_url + "assets/favicon.svg"
    assert logo.evaluate("e => e.src") == shipped_url + "assets/logo.svg"
    assert logo.evaluate("e => e.complete && e.naturalWidth > 0")
    for address in (icon, shipped_url + "assets/logo.svg"):
        answer = page.request.get(address)
        assert answer.status == 200 and answer.headers["content-type"] == "image/svg+xml"
        drawing = answer.text()
        assert re.findall(r"https?://[^\"]+", drawing) == ["http://www.w3.org/2000/svg"], "no outside reference"
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).backgroundColor") == PRIMARY
    assert (
        page.evaluate("getComputedStyle(document.body).getPropertyValue('--md-primary-fg-color').trim()") == "#0f4c5c"
    )
    assert outside == [] and all(urlsplit(u).hostname == "127.0.0.1" for u in requested)
    page.context.close()


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize("path", ["", "no/such/page/"])
def test_home_and_missing_page_fit_the_screen(browser: Browser, shipped_url: str, path: str, width: int) -> None:
    page, _ = open_offline(browser, shipped_url, viewport={"width": width, "height": 800})
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("[document.documentElement.scrollWidth, innerWidth]") == [width, width]
    box = page.locator(".rg-check__input").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    page.context.close()


def test_the_site_address_is_where_mkdocs_puts_the_missing_page_links() -> None:
    """MkDocs writes the 404 page with links from the root of site_url's path (and / without one):
    a deployment under a sub-path must name its address, as the publishing workflow does."""
    workflow = (ROOT / ".github" / "workflows" / "publish.yml").read_text("utf-8")
    assert "SITE_URL: ${{ steps.pages.outputs.base_url }}/" in workflow
    assert 'REQUIRE_SITE_URL: "1"' in workflow


def test_the_skip_link_lands_on_the_name_and_the_evidence_is_the_next_stop(browser: Browser, shipped_url: str) -> None:
    page, outside = open_offline(browser, shipped_url)
    page.goto("clusters/hamburg-aviation/")
    page.keyboard.press("Tab")
    skip = page.locator(".md-skip")
    expect(skip).to_be_focused()
    expect(skip).to_have_attribute("href", "#cluster")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#cluster$"))
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("href", re.compile(r"^https://www\.hamburg-aviation\.de/"))
    assert focused.evaluate("a => !!a.closest('.rg-verdict__evidence')")
    assert outside == []
    page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_citation_and_embed_code_stay_folded_until_asked_for(browser: Browser, shipped_url: str, width: int) -> None:
    page, _ = open_offline(browser, shipped_url, viewport={"width": width, "height": 900})
    page.goto("clusters/hamburg-aviation/")
    bibtex = page.locator("#rg-cite-bibtex")
    embed = page.locator("#rg-badge-html")
    expect(bibtex).to_be_hidden()
    expect(embed).to_be_hidden()
    expect(page.locator("#rg-permalink")).to_be_visible()  # the address to link to stays in view
    total = page.evaluate("document.documentElement.scrollHeight")
    folded = page.evaluate(
        "() => document.querySelector('.rg-badge').getBoundingClientRect().bottom"
        " - document.getElementById('cite').getBoundingClientRect().top"
    )
    assert folded < 0.2 * total, (folded, total)
    page.get_by_text("Citation text and BibTeX").click()
    expect(bibtex).to_be_visible()
    expect(bibtex).to_have_value(re.compile(r"^@misc\{"))
    page.get_by_text("Code to embed the badge").click()
    expect(embed).to_be_visible()
    page.context.close()


def test_count_tables_say_that_the_level_columns_count_valid_labels(browser: Browser, shipped_url: str) -> None:
    page, _ = open_offline(browser, shipped_url, viewport={"width": 1280, "height": 900})
    page.goto("countries/")
    expect(page.locator("th.rg-counts__group")).to_have_text("Holding a valid label today")
    expect(page.locator(".md-sidebar--primary .md-nav__link:visible")).to_have_count(0)  # no rail of one link
    page.set_viewport_size({"width": 390, "height": 900})
    austria = page.locator("tbody tr", has=page.get_by_role("link", name="Austria", exact=True))
    expect(austria.locator("td:visible")).to_have_count(2)  # "Clusters: 7 valid today: 0", no column of zeros
    germany = page.locator("tbody tr", has=page.get_by_role("link", name="Germany", exact=True))
    expect(germany.locator("td[data-label='valid GOLD']")).to_be_visible()
    expect(germany.locator("td[data-label='valid SILVER']")).to_be_hidden()
    page.context.close()


def test_the_data_page_leads_with_the_downloads(browser: Browser, shipped_url: str) -> None:
    page, _ = open_offline(browser, shipped_url, viewport={"width": 390, "height": 900})
    page.goto("data/")
    headings = page.locator("article h2").all_inner_texts()
    assert headings[:2] == ["Download", "Addresses"], headings
    first = page.locator("article a[href$='.csv']").first
    expect(first).to_have_text("clusters.csv")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # No file name is broken inside a word: each code element's words fit on their lines.
    for code in page.locator(".rg-data-files code").all():
        assert code.evaluate("c => c.getClientRects().length") <= 2
    page.context.close()
