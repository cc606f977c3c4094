"""Generated pages: golden files for every page type, and the rules behind them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.pages import Page, Settings, generate
from generator.render import relative_url, sanitise_markdown
from generator.validate import validate
from tests.conftest import BUILD_DATE

GOLDEN = Path(__file__).resolve().parent / "golden"
SETTINGS = Settings(
    build_date=BUILD_DATE,
    site_url="https://registry.example.org/",
    edit_url="https://github.com/example/registry/edit/main/",
)


def golden_pages(day: dt.date = BUILD_DATE) -> dict[str, str]:
    result = validate(GOLDEN / "registry", build_date=day)
    assert result.registry is not None, result.errors
    pages: list[Page] = list(generate(result.registry, Settings(**{**SETTINGS.__dict__, "build_date": day})))
    assert len({p.path for p in pages}) == len(pages), "two pages with one path"
    return {p.path: p.content for p in pages}


def test_generated_pages_match_the_golden_files(update_goldens: bool) -> None:
    expected_root = GOLDEN / "expected"
    pages = golden_pages()
    if update_goldens:
        for old in [p for p in expected_root.rglob("*") if p.is_file()]:
            old.unlink()
        for path, content in pages.items():
            target = expected_root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.encode("utf-8"))
    expected = {
        p.relative_to(expected_root).as_posix(): p.read_bytes().decode("utf-8")
        for p in expected_root.rglob("*")
        if p.is_file()
    }
    assert sorted(pages) == sorted(expected)
    for path, content in pages.items():
        assert content == expected[path], f"{path} differs from its golden file; run pytest --update-goldens and review"


def test_every_page_type_is_generated() -> None:
    pages = golden_pages()
    for path in [
        "index.md",
        "clusters/index.md",
        "clusters/valid-gold.md",
        "clusters/old-valid-gold.md",
        "countries/index.md",
        "countries/de.md",
        "sectors/index.md",
        "sectors/ict.md",
        "sectors/food.md",
        "levels/index.md",
        "levels/gold.md",
        "map/index.md",
    ]:
        assert path in pages


@pytest.mark.parametrize(
    ("cluster", "status", "text"),
    [
        ("valid-gold", "valid", "The label is valid."),
        ("expiring-bronze", "expiring", "The label is valid, and its validity ends within 90 days."),
        ("expired-silver", "expired", "No label of this cluster organisation is valid."),
    ],
)
def test_status_on_the_label_page(cluster: str, status: str, text: str) -> None:
    page = golden_pages()[f"clusters/{cluster}.md"]
    assert f'class="rg-verdict rg-verdict--{status}"' in page
    assert text in page
    assert "Status as of 22 November 2026, the day this page was built." in page


def test_status_moves_with_the_build_date() -> None:
    later = golden_pages(dt.date(2026, 12, 23))
    assert 'rg-verdict--expired"' in later["clusters/expiring-bronze.md"]
    earlier = golden_pages(dt.date(2026, 9, 1))
    assert 'rg-verdict--valid"' in earlier["clusters/expiring-bronze.md"]


def test_default_validity_is_marked() -> None:
    page = golden_pages()["clusters/expired-silver.md"]
    assert (
        '2023 <span class="rg-default">(default of 24 months from the award; the source states no end date)</span>'
        in page
    )


def test_label_page_order() -> None:
    page = golden_pages()["clusters/valid-gold.md"]
    order = [
        "rg-verdict",
        ">Level<",
        ">Awarded<",
        ">Valid until<",
        ">Awarded by<",
        ">Score<",
        ">Certificate<",
        ">Source<",
        "## Label history",
        "## Location",
        "## Sectors",
        "## Members",
        "## Links",
        "## About",
        "## Cite this label",
    ]
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert 'href="https://github.com/example/registry/edit/main/registry/clusters/de/valid-gold.yml"' in page
    assert 'value="https://registry.example.org/clusters/valid-gold/"' in page
    assert 'href="../../map/?cluster=valid-gold"' in page


def test_record_text_is_escaped_everywhere() -> None:
    pages = golden_pages()
    page = pages["clusters/expiring-bronze.md"]
    assert 'title: "Expiring &lt;Bronze&gt; &amp; Co"' in page
    assert "<h1>Expiring &lt;Bronze&gt; &amp; Co</h1>" in page
    for path, content in pages.items():
        if path.endswith(".md"):
            assert "<Bronze>" not in content


def test_description_is_sanitised() -> None:
    page = golden_pages()["clusters/valid-gold.md"]
    page = page.split('<div class="rg-cluster rg-description">', 1)[1].split("</div>", 1)[0]
    assert "<strong>logistics</strong>" in page
    assert '<a href="https://valid-gold.example.org/" rel="nofollow noopener noreferrer">our site</a>' in page
    for bad in ("<script", "onerror", "javascript:", "<img", 'alert("x")'):
        assert bad not in page


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("<iframe src=https://x.org></iframe>ok", "<p>ok</p>"),
        ("<style>p{color:red}</style>ok", "<p>ok</p>"),
        (
            '<a href="https://x.org/" onclick="alert(1)">x</a>',
            '<p><a href="https://x.org/" rel="nofollow noopener noreferrer">x</a></p>',
        ),
        ("[x](data:text/html,<script>alert(1)</script>)", '<p><a rel="nofollow noopener noreferrer">x</a></p>'),
        ("![img](https://x.org/a.png)", "<p></p>"),
        ("a\n\n\n\nb", "<p>a</p>\n<p>b</p>"),
    ],
)
def test_sanitiser(markdown: str, html: str) -> None:
    assert sanitise_markdown(markdown) == html


@pytest.mark.parametrize(
    ("source", "target", "link"),
    [
        ("", "clusters/", "clusters/"),
        ("clusters/x/", "countries/de/", "../../countries/de/"),
        ("clusters/", "clusters/x/", "x/"),
        ("map/", "clusters/", "../clusters/"),
        ("clusters/x/", "clusters/x/", "./"),
        ("clusters/x/", "https://example.org/", "https://example.org/"),
    ],
)
def test_relative_url(source: str, target: str, link: str) -> None:
    assert relative_url(source, target) == link


def test_aliases_redirect_to_the_permanent_address() -> None:
    page = golden_pages()["clusters/old-valid-gold.md"]
    assert "template: redirect.html" in page
    assert "redirect: ../valid-gold/" in page


def test_page_templates_can_be_overridden(tmp_path: Path) -> None:
    (tmp_path / "cluster.md.j2").write_text('{% extends "cluster.md.j2" %}', encoding="utf-8")
    override = tmp_path / "override"
    override.mkdir()
    (override / "cluster.md.j2").write_text(
        "---\ntitle: {{ c.name | front_matter }}\n---\nOverridden {{ c.id }}\n", encoding="utf-8"
    )
    result = validate(GOLDEN / "registry", build_date=BUILD_DATE)
    assert result.registry is not None
    pages = {p.path: p.content for p in generate(result.registry, Settings(build_date=BUILD_DATE, overrides=override))}
    assert pages["clusters/valid-gold.md"].endswith("Overridden valid-gold\n")
    assert "rg-table" in pages["clusters/index.md"]
