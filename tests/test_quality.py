"""Quality gates in a real browser: accessibility, valid HTML, no third-party requests, hostile records."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from markdown_it import MarkdownIt
from playwright.sync_api import Browser, Dialog, Page, expect

from generator.records.loader import MAX_BYTES
from tests.conftest import EXAMPLES, REGISTRY, ROOT
from tests.sitebuild import build, project_copy, serve
from tests.test_pages import GOLDEN

HOSTILE = Path(__file__).resolve().parent / "hostile" / "registry"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
"""WCAG 2.2 AA and axe's best practices (unique landmarks among them)."""
TILE_HOST = "tile.openstreetmap.org"

PAGES = {
    "home": "",
    "cluster, valid": "clusters/hamburg-aviation/",
    "cluster, expired": "clusters/silicon-saxony/",
    "cluster, undetermined": "clusters/smart-industries-mannheim/",
    "all clusters": "clusters/",
    "country listing": "countries/de/",
    "countries": "countries/",
    "sector listing": "sectors/ict/",
    "sectors": "sectors/",
    "level listing": "levels/gold/",
    "levels": "levels/",
    "map": "map/",
    "data": "data/",
    "about": "about/",
    "the labels": "about/labels/",
    "contribute": "about/contribute/",
    "missing address": "no/such/page/",
}
MISSING = PAGES["missing address"]


@pytest.fixture
def shipped(shipped_site: Path, shipped_url: str) -> tuple[Path, str]:
    return shipped_site, shipped_url


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The golden registry holds a label expiring within 30 days of the build date, and an alias."""
    folder = tmp_path_factory.mktemp("quality-golden")
    done = build(project_copy(folder / "project", GOLDEN / "registry"), folder / "site")
    assert done.returncode == 0, done.stderr
    with serve(folder / "site") as url:
        yield folder / "site", url


def open_offline(browser: Browser, url: str, scheme: str = "light", **options: Any) -> tuple[Page, list[str]]:
    """A page whose requests may reach only the site (the map's tiles are refused without being recorded);
    ``options`` go to the browser context (a viewport, no script)."""
    context = browser.new_context(base_url=url, color_scheme=scheme, **options)  # type: ignore[arg-type]
    outside: list[str] = []

    def route(request_route, request) -> None:  # type: ignore[no-untyped-def]
        host = urlsplit(request.url).hostname
        if host == "127.0.0.1" or request.url.startswith("data:"):
            request_route.continue_()
        else:
            if host != TILE_HOST:
                outside.append(request.url)
            request_route.abort()

    context.route("**/*", route)
    return context.new_page(), outside


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary']}"
        for v in result["violations"]
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_wcag_aa_violations(browser: Browser, shipped: tuple[Path, str], name: str, scheme: str) -> None:
    page, outside = open_offline(browser, shipped[1], scheme)
    page.goto(PAGES[name])
    page.wait_for_load_state("networkidle")
    if name == "map":
        expect(page.locator(".folium-map")).to_have_attribute("data-map-ready", re.compile("."))
    assert axe_violations(page) == []
    assert outside == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_expiring_label_page_has_no_violations(browser: Browser, golden: tuple[Path, str], scheme: str) -> None:
    page, outside = open_offline(browser, golden[1], scheme)
    page.goto("clusters/expiring-bronze/")
    expect(page.locator("[data-status-text]")).to_have_text("Expiring soon")
    assert axe_violations(page) == []
    assert outside == []
    page.context.close()


def test_listing_controls_are_reachable_by_keyboard_with_visible_focus(
    browser: Browser, shipped: tuple[Path, str]
) -> None:
    page, _ = open_offline(browser, shipped[1])
    page.goto("clusters/")
    page.locator("[data-filter-text]").focus()
    reached = []
    for _ in range(12):
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                return {tag: el.tagName, label: el.getAttribute('aria-label') || el.getAttribute('data-filter') || el.type,
                        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0};
            }"""
        )
        reached.append(focused)
        page.keyboard.press("Tab")
    controls = [f for f in reached if f["tag"] in ("INPUT", "SELECT", "BUTTON")]
    labels = [f["label"] for f in controls]
    assert labels[:4] == ["search", "level", "status", "country"]
    assert "Sort by Name" in labels and "Sort by Level" in labels
    assert all(f["outline"] for f in controls), controls
    page.context.close()


KNOWN_THEME_ERRORS = [
    # Material for MkDocs' own markup, not ours: its hidden toggles and navigation labels.
    re.compile(r"Attribute “autocomplete” is only allowed when the input type is"),
    re.compile(r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control"),
    re.compile(r"Bad value “” for attribute “tabindex” on element “label”"),
]


def test_valid_html_on_every_page_type(shipped: tuple[Path, str], golden: tuple[Path, str]) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is needed for the Nu Html Checker; bash tasks.sh test installs it")
    files = [shipped[0] / path / "index.html" for path in PAGES.values() if path != MISSING]
    files.append(shipped[0] / "404.html")
    files += [
        golden[0] / "clusters" / "expiring-bronze" / "index.html",
        golden[0] / "clusters" / "old-valid-gold" / "index.html",
    ]
    done = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    ours = [m for m in messages if not any(p.search(m["message"]) for p in KNOWN_THEME_ERRORS)]
    assert [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in ours] == []
    assert len(messages) > 0, "the checker ran and saw the theme's known errors"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    folder = tmp_path_factory.mktemp("hostile")
    done = build(project_copy(folder / "project", HOSTILE), folder / "site")
    assert done.returncode == 0, done.stderr
    with serve(folder / "site") as url:
        yield folder / "site", url


HOSTILE_PAGES = [
    "",
    "clusters/",
    "clusters/script-name/",
    "clusters/unicode-tricks/",
    "countries/de/",
    "sectors/ict/",
    "levels/gold/",
    "map/?cluster=script-name",
]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_records_execute_nothing(browser: Browser, hostile: tuple[Path, str], path: str) -> None:
    page, outside = open_offline(browser, hostile[1])
    dialogs: list[str] = []
    errors: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    if path.startswith("map/"):
        expect(page.locator(".leaflet-popup")).to_contain_text("<script>alert('name')</script> Cluster")
    for link in [a for a in page.locator("main a").all() if a.is_visible()][:30]:
        link.hover(timeout=2000, force=True)  # map controls may cover a popup link on a small map
    assert dialogs == []
    assert [e for e in errors if "net::ERR_FAILED" not in e] == []  # the refused map tiles
    assert outside == []
    page.context.close()


def test_hostile_text_shows_literally(browser: Browser, hostile: tuple[Path, str]) -> None:
    page, _ = open_offline(browser, hostile[1])
    page.goto("clusters/script-name/")
    expect(page.locator("h1")).to_have_text("<script>alert('name')</script> Cluster (<b onmouseover=alert(1)>X</b>)")
    expect(page.locator(".rg-facts").nth(1)).to_contain_text("<iframe src=javascript:alert(1)>")
    expect(page.locator(".rg-facts").nth(1)).to_contain_text("{{ 7*7 }} {% if true %}x{% endif %}")
    expect(page.locator(".rg-timeline")).to_contain_text("<img src=x onerror=alert('note')> {{ 7*7 }}")
    assert page.title().startswith("<script>alert('name')</script> Cluster")
    description = page.locator(".rg-description")
    assert description.locator("script, img, iframe, style").count() == 0
    hrefs = [a.get_attribute("href") or "" for a in description.locator("a").all()]
    assert all(h == "" or h.startswith("https://") for h in hrefs), hrefs
    page.goto("clusters/unicode-tricks/")
    expect(page.locator("h1")).to_have_text(
        "Cl\u00e9ment \u05e2\u05d1\u05e8\u05d9\u05ea Cluster with a verylongwordthatdoesnotbreakanywhereatallinanylayout"
    )
    page.context.close()


class _Markup(HTMLParser):
    """Every element and attribute a browser would build from the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.in_script = tag == "script" and values.get("type") in (None, "text/javascript", "module")
        if tag in ("iframe", "object", "embed", "frame"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in ("href", "src") and (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.problems.append(f"<{tag} {name}={value}>")

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.problems.append(f"script runs {data[:60]!r}")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False


def test_hostile_site_source_has_no_live_markup(hostile: tuple[Path, str]) -> None:
    for page in hostile[0].rglob("*.html"):
        parser = _Markup()
        parser.feed(page.read_text("utf-8"))
        assert parser.problems == [], page


def _refused(tmp_path: Path, files: dict[str, bytes]) -> tuple[subprocess.CompletedProcess[str], Path]:
    registry = tmp_path / "registry"
    shutil.copytree(REGISTRY, registry)
    for name, content in files.items():
        target = registry / "clusters" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    site = tmp_path / "site"
    return build(project_copy(tmp_path / "project", registry), site), site


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"de/tag.yml": (EXAMPLES / "invalid" / "tag.yml").read_bytes()},
            "tags (`tag:yaml.org,2002:python/object:os.system`) are not allowed",
        ),
        (
            {"de/anchor-alias.yml": (EXAMPLES / "invalid" / "anchor-alias.yml").read_bytes()},
            "anchors (`&n`) are not allowed",
        ),
        ({"de/bomb.yml": b"a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"}, "aliases (`*name`) are not allowed"),
        ({"de/big.yml": b"id: big\nname: " + b"x" * MAX_BYTES + b"\n"}, f"over the limit of {MAX_BYTES:,}"),
        (
            {"de/bad-id.yml": (EXAMPLES / "invalid" / "bad-id.yml").read_bytes()},
            "must be lowercase letters a-z and digits",
        ),
        (
            {"fr/silicon-saxony.yml": (REGISTRY / "clusters" / "de" / "silicon-saxony.yml").read_bytes()},
            "id `silicon-saxony` is also the id of",
        ),
        (
            {
                "de/silicon-saxony-2.yml": (REGISTRY / "clusters" / "de" / "silicon-saxony.yml")
                .read_bytes()
                .replace(b"id: silicon-saxony", b"id: silicon-saxony-2\naliases: [silicon-saxony]")
            },
            "`silicon-saxony` is also the id of",
        ),
    ],
    ids=["tag", "anchor", "bomb", "oversized", "path-in-id", "duplicate-id", "duplicate-alias"],
)
def test_files_that_must_be_refused_write_nothing(tmp_path: Path, files: dict[str, bytes], message: str) -> None:
    done, site = _refused(tmp_path, files)
    assert done.returncode != 0
    assert message in done.stderr
    assert not site.exists()


SNIPPET_CHECK = """(cases) => cases.filter(([html, address, badge, alt]) => {
  const box = document.createElement("div");
  box.innerHTML = html;
  const links = box.querySelectorAll("a"), images = box.querySelectorAll("img");
  const attributes = (element) => [...element.attributes].map((a) => a.name).sort().join(",");
  return !(links.length === 1 && images.length === 1 && box.querySelectorAll("*").length === 2
    && links[0].getAttribute("href") === address && attributes(links[0]) === "href"
    && images[0].getAttribute("src") === badge && images[0].getAttribute("alt") === alt
    && attributes(images[0]) === "alt,src" && images[0].parentElement === links[0]);
})"""


def _snippet_cases(site: Path, cluster_ids: list[str]) -> list[list[str]]:
    """For each label page: its HTML snippet and its Markdown snippet rendered by a CommonMark parser,
    with the link, badge and alt text they must produce."""
    cases = []
    markdown = MarkdownIt("commonmark")
    for cluster_id in cluster_ids:
        page = (site / "clusters" / cluster_id / "index.html").read_text("utf-8")

        def field(pattern: str, page: str = page, cluster_id: str = cluster_id) -> str:
            found = re.search(pattern, page)
            assert found, (cluster_id, pattern)
            return html.unescape(found.group(1))

        address = field(r'id="rg-permalink" class="rg-cite__input" type="text" readonly value="([^"]*)"')
        alt = field(r'<p><img src="[^"]*badges/[^"]*" alt="([^"]*)"></p>')
        badge = address.replace(f"clusters/{cluster_id}/", f"badges/{cluster_id}.svg")
        snippet = field(r'data-snippet="html">([^<]*)</textarea>')
        rendered = markdown.render(field(r'data-snippet="markdown">([^<]*)</textarea>')).strip()
        cases.append([snippet, address, badge, alt])
        cases.append([rendered.removeprefix("<p>").removesuffix("</p>"), address, badge, alt])
    return cases


def test_copied_badge_code_is_one_link_and_one_image(
    browser: Browser, published_site: Path, hostile: tuple[Path, str]
) -> None:
    """Every shipped record's and every hostile name's snippets, pasted into a page in Chromium."""
    shipped = _snippet_cases(published_site, [p.stem for p in sorted(REGISTRY.glob("clusters/*/*.yml"))])
    hostile_cases = _snippet_cases(hostile[0], [p.stem for p in sorted((HOSTILE / "clusters").glob("*/*.yml"))])
    assert any("onerror" in case[3] for case in hostile_cases)
    page = browser.new_page()
    page.goto("about:blank")
    assert page.evaluate(SNIPPET_CHECK, shipped + hostile_cases) == []
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_search_results_have_no_violations(browser: Browser, shipped: tuple[Path, str], scheme: str) -> None:
    page, outside = open_offline(browser, shipped[1], scheme)
    page.goto("")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Hamburg")
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"\d+ matching"), timeout=10_000)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert axe_violations(page) == []
    assert outside == []
    page.context.close()
