"""Label pages reach MkDocs as HTML without Python-Markdown, and come out exactly as it would write them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown

from generator.assembly.outputs import generate
from generator.pages.prerender import html_page
from generator.pages.site import Settings
from generator.records.validate import validate
from generator.tools import synthetic
from tests.conftest import REGISTRY, SHIPPED_DATE
from tests.test_pages import GOLDEN
from tests.test_quality import HOSTILE

DAY = dt.date(2026, 11, 25)


def bodies(registry: Path) -> dict[str, str]:
    day = SHIPPED_DATE if registry == REGISTRY else DAY
    result = validate(registry, build_date=day)
    assert result.registry is not None
    pages = generate(result.registry, Settings(build_date=day, site_url="https://registry.example.org/"))
    return {p.path: p.content.split("\n---\n", 1)[1] for p in pages if p.path.endswith(".md")}


def test_label_pages_come_out_as_python_markdown_writes_them(tmp_path: Path) -> None:
    synthetic.write(tmp_path / "registry", 200, seed=7)
    compared = 0
    for registry in (GOLDEN / "registry", REGISTRY, HOSTILE, tmp_path / "registry"):
        for path, body in bodies(registry).items():
            prerendered = html_page(body)
            if path.startswith("clusters/") and path != "clusters/index.md" and "redirect" not in body[:200]:
                assert prerendered is not None, path
            if prerendered is None:
                continue
            md = markdown.Markdown(extensions=["attr_list", "tables", "toc"], extension_configs={"toc": {}})
            assert prerendered[0] == md.convert(body), path
            tokens = prerendered[1]
            if '<h1 id="cluster">' in body:
                # A label page's own heading leads its contents, the h2s under it (the skip link's target).
                assert [(t["id"], t["level"]) for t in tokens] == [("cluster", 1)], path
                tokens = tokens[0]["children"]
            assert [(t["id"], t["name"], t["level"]) for t in tokens] == [
                (t["id"], t["name"], t["level"])
                for t in md.toc_tokens  # type: ignore[attr-defined]
            ], path
            compared += 1
    assert compared > 340


def test_pages_with_markdown_text_take_the_ordinary_way() -> None:
    assert html_page("# Title\n\nSome *text*.\n") is None
    assert html_page("<div>x</div>\n\nplain paragraph\n") is None
    assert html_page("<div>x</div>\n\n## Heading {: #h .c }\n\n<p>y</p>\n") == (
        '<div>x</div>\n\n<h2 class="c" id="h">Heading</h2>\n<p>y</p>',
        [{"level": 2, "id": "h", "name": "Heading", "children": []}],
    )
