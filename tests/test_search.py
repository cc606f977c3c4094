"""Search: one document per cluster, country, sector and level, indexed by Pagefind and
loaded by the browser only when the search box is focused."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from generator import cli
from generator.pages import search
from generator.pages.site import cluster_url
from generator.records.checks import SCHEMA_LINE
from generator.records.model import Registry
from generator.records.status import assess_all
from generator.records.validate import validate
from generator.tools import synthetic
from tests.conftest import REGISTRY, SHIPPED_DATE
from tests.sitebuild import build, project_copy, serve

BOILERPLATE = ("BibTeX", "Cite this", "embed", "badge", "QR", "<a ", "<img", "Report a correction", "Edit this record")


@pytest.fixture(scope="module")
def shipped() -> Registry:
    result = validate(REGISTRY, build_date=SHIPPED_DATE)
    assert result.registry is not None
    return result.registry


def test_one_document_per_cluster_country_sector_in_use_and_level(shipped: Registry) -> None:
    docs = list(search.documents(shipped, SHIPPED_DATE))
    urls = [d.url for d in docs]
    assert len(urls) == len(set(urls))
    kinds = [d.kind for d in docs]
    used_sectors = {s for c in shipped.clusters for s in c.sectors}
    assert kinds.count("cluster") == len(shipped.clusters)
    assert kinds.count("country") == len({c.country for c in shipped.clusters})
    assert kinds.count("sector") == len(used_sectors) < len(shipped.sectors) + 1
    assert kinds.count("level") == len(shipped.levels)
    assert {d.url for d in docs if d.kind == "cluster"} == {cluster_url(c.id) for c in shipped.clusters}
    assert docs == list(search.documents(shipped, SHIPPED_DATE)), "the same registry gives the same documents"


def test_a_cluster_is_found_by_what_people_type_and_not_by_page_boilerplate(shipped: Registry) -> None:
    docs = {d.url: d for d in search.documents(shipped, SHIPPED_DATE)}
    doc = docs["clusters/logistik-initiative-hamburg/"]
    page = doc.html()
    for wanted in (
        "Logistik-Initiative Hamburg",
        "LIHH",
        "Hamburg",
        "Germany",
        "Deutschland",
        "Allemagne",
        "(DE)",
        "GOLD",
    ):
        assert wanted in page, wanted
    assert doc.strong == ("LIHH",)
    body = page.split("<main data-pagefind-body>", 1)[1].split("<div hidden data-pagefind-ignore>", 1)[0]
    for unwanted in BOILERPLATE:
        assert unwanted not in body, unwanted
    meta = dict(doc.meta)
    standing = assess_all(shipped, SHIPPED_DATE)["logistik-initiative-hamburg"]
    assert meta["status"] == standing.status
    assert meta["level"] == "GOLD"
    assert standing.window is not None and meta["earliest"] == standing.window.earliest.isoformat()
    assert meta["place"] == "Hamburg, Germany"


def test_former_names_and_aliases_are_searchable(tmp_path: Path) -> None:
    registry = _synthetic_registry(tmp_path, 3)
    result = validate(registry, build_date=SHIPPED_DATE)
    assert result.registry is not None
    doc = next(
        d for d in search.documents(result.registry, SHIPPED_DATE) if d.url == "clusters/synthetic-mechatronics-9999/"
    )
    assert "Former Mechatronics Network" in doc.aliases
    assert "München" in doc.html() and doc.strong == ("SMC9999",)


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("CZ", ("Czechia", "Česko", "Tschechien", "Tchéquie")),
        ("DK", ("Denmark", "Danmark", "Dänemark", "Danemark")),
        ("BE", ("Belgium", "België", "Belgique", "Belgien")),
        ("GR", ("Greece", "Ελλάδα", "Griechenland")),
        ("DE", ("Germany", "Deutschland", "Allemagne")),
    ],
)
def test_countries_are_named_in_english_their_own_languages_german_and_french(
    code: str, names: tuple[str, ...]
) -> None:
    found = search.country_names(code)
    assert found[0] == names[0]
    assert set(names) <= set(found)
    assert len(found) == len(set(found))


def test_the_index_is_built_for_pages_published_by_another_engine(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    assert (
        cli.main(["pages", "--out", str(out), "--registry", str(REGISTRY), "--build-date", SHIPPED_DATE.isoformat()])
        == 0
    )
    # Another engine would turn out/ into a site; the index needs only the registry and the site's folder.
    site = tmp_path / "site"
    site.mkdir()
    assert (
        cli.main(["search", "--site", str(site), "--registry", str(REGISTRY), "--build-date", SHIPPED_DATE.isoformat()])
        == 0
    )
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    result = validate(REGISTRY, build_date=SHIPPED_DATE)
    assert result.registry is not None
    assert entry["languages"]["en"]["page_count"] == len(list(search.documents(result.registry, SHIPPED_DATE)))
    # Every result leads to a page the pages command wrote.
    for doc in search.documents(result.registry, SHIPPED_DATE):
        assert (out / (doc.url.rstrip("/") + ".md")).is_file() or (out / doc.url / "index.md").is_file(), doc.url


def test_the_search_command_needs_a_built_site(tmp_path: Path) -> None:
    assert cli.main(["search", "--site", str(tmp_path / "missing"), "--registry", str(REGISTRY)]) == cli.EXIT_USAGE


def test_a_failed_index_run_leaves_the_last_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    (bundle / "pagefind.js").write_text("the last good index", "utf-8")
    failing = tmp_path / "pagefind-binary"
    failing.write_text("#!/bin/sh\necho 'cannot index' >&2\nexit 3\n", "utf-8")
    failing.chmod(0o755)
    monkeypatch.setattr(search, "executable", lambda: failing)
    doc = search.Document(url="clusters/x/", title="X", kind="cluster")
    with pytest.raises(search.SearchIndexError, match="cannot index"):
        search.write_index(tmp_path, [doc])
    assert (bundle / "pagefind.js").read_text("utf-8") == "the last good index"


def test_the_site_ships_pagefinds_index_and_not_the_search_plugins(shipped_site: Path, shipped: Registry) -> None:
    assert not (shipped_site / "search" / "search_index.json").exists()
    bundle = shipped_site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    written = ("about/", "about/labels/", "about/contribute/", "data/")
    count = len(list(search.documents(shipped, SHIPPED_DATE))) + len(written)
    assert entry["languages"]["en"]["page_count"] == count
    for unused in search.UNUSED:
        assert not (bundle / unused).exists(), unused
    home = (shipped_site / "index.html").read_text("utf-8")
    assert "search_index" not in home and "data-registry-search" in home


# In Chromium: what the visitor downloads and sees.


@pytest.fixture
def tab(browser: Browser, shipped_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=shipped_url)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def _search(page: Page, query: str) -> list[str]:
    """Type ``query`` and return the result links in order, once the results are shown."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query)
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text(re.compile(r"match"), timeout=10_000)
    page.wait_for_function("q => document.querySelector('input.md-search__input').value === q", arg=query)
    page.wait_for_timeout(250)  # the debounce of a query superseded while typing
    links = page.locator(".md-search-result__item a")
    return [urlsplit(h).path.strip("/") + "/" for h in links.evaluate_all("as => as.map(a => a.href)")]


@pytest.mark.parametrize("path", ["", "clusters/", "clusters/hamburg-aviation/", "map/", "countries/de/"])
def test_nothing_search_related_is_downloaded_before_the_box_is_focused(
    browser: Browser, shipped_url: str, path: str
) -> None:
    context = browser.new_context(base_url=shipped_url)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert [u for u in requested if "pagefind" in u or "search_index" in u or "/search/" in u] == []
    page.locator("input.md-search__input").focus()
    page.wait_for_load_state("networkidle")
    assert any(u.endswith("/pagefind/pagefind.js") for u in requested)
    context.close()


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Czechia", "countries/cz/"),
        ("CZ", "countries/cz/"),
        ("Deutschland", "countries/de/"),
        ("Dänemark", "countries/dk/"),
        ("Biotechnology", "sectors/biotechnology/"),
        ("gold", "levels/gold/"),
        ("Hamburg Aviation gold", "clusters/hamburg-aviation/"),
        ("Hamburg Aviation", "clusters/hamburg-aviation/"),
        ("LIHH", "clusters/logistik-initiative-hamburg/"),
        ("Klastr ceskych", "clusters/klastr-ceskych-nabytkaru/"),
    ],
)
def test_search_answers_what_people_type(tab: Page, query: str, first: str) -> None:
    tab.goto("")
    found = _search(tab, query)
    assert found and found[0] == first, found
    assert len(found) == len(set(found)), "one result per page"


def test_a_name_with_one_letter_words_is_shown_whole_and_found_by_no_other_word(tab: Page) -> None:
    tab.goto("")
    assert _search(tab, "Mentefactura")[0] == "clusters/aimsi/"
    item = tab.locator(".md-search-result__item", has=tab.locator("a[href$='/clusters/aimsi/']"))
    assert "AIMSI - Asociación Internacional de Mentefactura, Software e Internet, A.C." in item.inner_text()


def test_a_city_finds_its_clusters(tab: Page) -> None:
    tab.goto("")
    found = _search(tab, "Dresden")
    assert set(found[:2]) == {"clusters/silicon-saxony/", "clusters/biosaxony/"}, found


def test_a_prefix_finds_and_results_show_name_level_status_and_country(tab: Page) -> None:
    tab.goto("clusters/")
    found = _search(tab, "hambu")
    assert "clusters/hamburg-aviation/" in found and "clusters/logistik-initiative-hamburg/" in found
    item = tab.locator(".md-search-result__item", has=tab.locator("a[href$='/clusters/logistik-initiative-hamburg/']"))
    text = item.inner_text()
    for wanted in ("Logistik-Initiative Hamburg", "(LIHH)", "GOLD", "Hamburg, Germany"):
        assert wanted in text, text
    assert re.search(r"Valid|Expiring soon|May have expired|Expired", text)
    for result in tab.locator(".md-search-result__item").all():
        assert "<" not in result.inner_text()


def test_page_boilerplate_finds_no_cluster(tab: Page) -> None:
    tab.goto("")
    for query in ("citation", "embed", "badge", "permalink", "QR"):
        box = tab.locator("input.md-search__input")
        box.click()
        box.fill(query)
        tab.wait_for_timeout(400)
        expect(tab.locator(".md-search-result__meta")).to_have_text(re.compile(r"match"), timeout=10_000)
        hrefs = tab.locator(".md-search-result__item a").evaluate_all("as => as.map(a => a.href)")
        assert [h for h in hrefs if "/clusters/" in h] == [], (query, hrefs)


def test_the_keyboard_opens_moves_through_and_closes_search(tab: Page) -> None:
    tab.goto("countries/")
    tab.keyboard.press("/")
    box = tab.locator("input.md-search__input")
    expect(box).to_be_focused()
    assert tab.evaluate("document.getElementById('__search').checked")
    box.press_sequentially("Silicon Saxony")
    expect(tab.locator(".md-search-result__item").first).to_contain_text("Silicon Saxony", timeout=10_000)
    tab.wait_for_timeout(250)
    tab.keyboard.press("ArrowDown")
    assert tab.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    tab.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    box.press("Enter")
    tab.wait_for_url(re.compile(r"/clusters/silicon-saxony/$"))
    tab.keyboard.press("s")
    expect(tab.locator("input.md-search__input")).to_be_focused()
    tab.keyboard.press("Escape")
    assert not tab.evaluate("document.getElementById('__search').checked")


def _synthetic_registry(tmp_path: Path, count: int) -> Path:
    registry = synthetic.write(tmp_path / "registry", count, seed=7)
    folder = registry / "clusters" / "de"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "synthetic-mechatronics-9999.yml").write_text(
        "\n".join(
            [
                SCHEMA_LINE,
                "id: synthetic-mechatronics-9999",
                'name: "Synthetic Mechatronics Cluster 9999"',
                "acronym: SMC9999",
                "former_names: [Former Mechatronics Network]",
                "country: DE",
                "city: München",
                "region: Bayern",
                "sectors: [production-engineering]",
                "labels:",
                "  - level: silver",
                "    awarded: 2025-06-02",
                "    source: https://labels.example.org/synthetic-mechatronics-9999/2025",
                "checked: 2025-12-31",
                "",
            ]
        ),
        "utf-8",
    )
    return registry


def test_a_synthetic_registry_is_searched_lightly_and_without_diacritics(browser: Browser, tmp_path: Path) -> None:
    registry = _synthetic_registry(tmp_path, 400)
    site = tmp_path / "site"
    done = build(project_copy(tmp_path / "project", registry), site)
    assert done.returncode == 0, done.stderr
    with serve(site) as url:
        context = browser.new_context(base_url=url)
        page = context.new_page()
        fetched: list[Request] = []
        page.on("requestfinished", lambda request: fetched.append(request))
        page.goto("clusters/")
        page.wait_for_load_state("networkidle")
        before = len(fetched)
        for query, first in (
            ("Munchen", "clusters/synthetic-mechatronics-9999/"),
            ("Former Mechatronics", "clusters/synthetic-mechatronics-9999/"),
            ("smc9999", "clusters/synthetic-mechatronics-9999/"),
            ("Bayern", "clusters/synthetic-mechatronics-9999/"),
        ):
            found = _search(page, query)
            assert found and found[0] == first, (query, found)
        downloaded = sum(_body_bytes(r) for r in fetched[before:])
        assert 0 < downloaded <= 300_000
        context.close()


def _body_bytes(request: Request) -> int:
    sizes = request.sizes()
    return int(sizes["responseBodySize"]) + int(sizes["responseHeadersSize"])


def _shown(page: Page) -> list[tuple[str, str]]:
    """Each result shown: its address and its text."""
    items = page.locator(".md-search-result__item")
    return [
        (urlsplit(item.locator("a").get_attribute("href") or "").path.strip("/") + "/", item.inner_text())
        for item in items.all()
    ]


def test_valid_labels_rank_first_among_matches(tab: Page) -> None:
    tab.goto("")
    found = _search(tab, "Hamburg")
    assert found.index("clusters/hamburg-aviation/") < found.index("clusters/hamburg-at-work/")
    assert found.index("clusters/logistik-initiative-hamburg/") < found.index("clusters/hamburg-at-work/")
    shown = [(path, text) for path, text in _shown(tab) if path.startswith("clusters/")]
    held = [bool(re.search(r"\bValid\b|Expiring soon", text)) for _, text in shown]
    assert held == sorted(held, reverse=True), "every holder before every other cluster"


def test_a_level_in_the_query_filters_and_the_whole_set_is_one_click_away(tab: Page) -> None:
    tab.goto("")
    found = _search(tab, "gold spain")
    shown = _shown(tab)
    assert found[:2] == [
        "clusters/cluster-de-automocion-y-movilidad-de-aragon/",
        "clusters/cluster-de-automocion-y-movilidad-de-galicia/",
    ]
    assert all("GOLD" in text and "Spain" in text for _, text in shown), shown
    count = int(re.search(r"(\d+) matching", tab.locator(".md-search-result__meta").inner_text()).group(1))  # type: ignore[union-attr]
    assert count >= len(shown) and count > 10
    link = tab.locator(".rg-search-all a")
    expect(link).to_have_text(f"All {count} results, in the list of clusters")
    assert (link.get_attribute("href") or "").endswith("clusters/?level=gold&country=es")


@pytest.mark.parametrize("query", ["gold Spanien", "España gold", "gold espagne"])
def test_a_country_named_in_another_language_filters_too(tab: Page, query: str) -> None:
    tab.goto("")
    found = _search(tab, query)
    assert found[:2] == [
        "clusters/cluster-de-automocion-y-movilidad-de-aragon/",
        "clusters/cluster-de-automocion-y-movilidad-de-galicia/",
    ], found
    assert all("GOLD" in text and "Spain" in text for _, text in _shown(tab))


def test_a_country_beside_other_words_keeps_only_that_countrys_clusters(tab: Page) -> None:
    tab.goto("")
    found = _search(tab, "Hamburg Deutschland")
    assert found and all(p.startswith("clusters/") for p in found), found
    assert all(text.rstrip().endswith("Germany") for _, text in _shown(tab))
    assert "clusters/hamburg-aviation/" in found[:2]


def test_sectors_are_found_in_the_vocabularys_languages(tab: Page) -> None:
    tab.goto("")
    for query in ("Lebensmittel", "agroalimentaire", "Luft- und Raumfahrt"):
        found = _search(tab, query)
        assert found, query
        first_cluster = next(p for p in found if p.startswith("clusters/"))
        sectors = tab.request.get(first_cluster).text()
        assert "sectors/food/" in sectors or "sectors/aviation-space/" in sectors, (query, first_cluster)


def test_hand_written_pages_come_after_clusters_and_show_no_file_names(tab: Page) -> None:
    tab.goto("")
    found = _search(tab, "Silicon Saxony")
    assert found[0] == "clusters/silicon-saxony/"
    kinds = [
        "page" if not p.startswith(("clusters/", "countries/", "sectors/", "levels/")) else "cluster" for p in found
    ]
    assert kinds == sorted(kinds), found
    for path, text in _shown(tab):
        assert "api/v1" not in text and ".json" not in text, (path, text)
