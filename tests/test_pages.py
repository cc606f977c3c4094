"""Generated pages: golden files for every page type, and the rules behind them."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.assembly.outputs import generate
from generator.pages.site import Page, Settings
from generator.records.validate import validate
from generator.render import relative_url, relpath, sanitise_markdown
from tests.conftest import BUILD_DATE

GOLDEN = Path(__file__).resolve().parent / "golden"
SETTINGS = Settings(
    build_date=BUILD_DATE,
    site_url="https://registry.example.org/",
    edit_url="https://github.com/example/registry/edit/main/",
    repository="https://github.com/example/registry",
    contact="registry@example.org",
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
        ("valid-gold", "valid", "GOLD, valid through 15 June 2027: 202 days left."),
        ("expiring-bronze", "expiring", "BRONZE, valid through 22 December 2026: 27 days left."),
        (
            "open-gold",
            "may-have-expired",
            "GOLD: by the registry&#39;s rule (a GOLD label lasts 2 to 3 years from its award), validity ended or "
            "ends between 1 January 2026 and 31 December 2027; the documents give no end, so the label may have "
            "expired.",
        ),
        (
            "expired-silver",
            "expired",
            "No valid label on record. The last label, SILVER, ended between 1 January 2023 and 31 December 2023 "
            "by the registry&#39;s rule (a SILVER label lasts 2 years from its award); the documents give no end; "
            "no renewal was found when the record was last checked on 31 August 2026.",
        ),
        (
            "undated-silver",
            "undetermined",
            "A SILVER label is reported, but its documents give no dates, so whether it is valid cannot be shown.",
        ),
        (
            "undocumented-bronze",
            "undocumented",
            "A BRONZE label is reported, but no public document recording the award has been found, "
            "so it is not shown as valid.",
        ),
    ],
)
def test_status_on_the_label_page(cluster: str, status: str, text: str) -> None:
    page = golden_pages()[f"clusters/{cluster}.md"]
    assert f'class="rg-verdict rg-verdict--{status}"' in page
    assert text in page
    assert "Status as of 25 November 2026, the day this page was built." in page


def test_status_moves_with_the_build_date() -> None:
    later = golden_pages(dt.date(2026, 12, 23))
    assert 'rg-verdict--expired"' in later["clusters/expiring-bronze.md"]
    earlier = golden_pages(dt.date(2026, 9, 1))
    assert 'rg-verdict--valid"' in earlier["clusters/expiring-bronze.md"]


def test_an_end_by_the_registrys_rule_is_said_to_be_the_rules() -> None:
    page = golden_pages()["clusters/expired-silver.md"]
    assert (
        "<dd>no document states it; by the registry&#39;s rule (a SILVER label lasts 2 years from its award), "
        "between 1 January 2023 and 31 December 2023</dd>" in page
    )
    assert "<sup" not in page and " title=" not in page.split("---", 2)[2]
    assert "(by rule): no document states the end" in page
    assert 'data-basis="rule" data-rule="a SILVER label lasts 2 years from its award"' in page
    listing = golden_pages()["clusters/index.md"]
    assert '2023 <span class="rg-default">(by rule)</span>' in listing
    assert "(by rule): no document states the end" in listing


def test_the_documents_are_credited_only_with_what_they_give() -> None:
    """ "The documents give" appears on a page only where a document states the end it speaks of."""
    for path, page in golden_pages().items():
        if not path.startswith("clusters/") or path == "clusters/index.md":
            continue
        banner = page.split("data-status-block", 1)[1].split("</div>", 1)[0] if "data-status-block" in page else ""
        if 'data-basis="rule"' in banner:
            assert "The documents give the end" not in banner, path
            assert "by the registry&#39;s rule" in banner, path


def test_an_empty_field_is_never_described_as_what_the_source_says() -> None:
    for path, page in golden_pages().items():
        assert "not stated by the source" not in page, path
    page = golden_pages()["clusters/expired-silver.md"]
    assert ">Awarded by<" not in page.split("## Label history")[0]


def test_the_banner_names_the_evidence_and_the_page_quotes_it() -> None:
    page = golden_pages()["clusters/valid-gold.md"]
    banner = page.split("data-status-block", 1)[1].split("</div>", 1)[0]
    assert "Awarded by European Clusters Labelling Excellence Structure (EUCLES)." in banner
    assert (
        "Evidence, the cluster's own announcement: "
        '<a href="https://valid-gold.example.org/gold" rel="nofollow noopener" hreflang="de">'
        "Valid Gold Cluster receives the GOLD label</a>, Valid Gold Cluster e. V., published 20 June 2025" in banner
    )
    assert "GOLD without a gap on record since 15 June 2025." in banner
    assert "This registry is independent of ESCA and EUCLES" in banner
    assert (
        '<blockquote cite="https://valid-gold.example.org/gold" lang="de"><p>Der Valid Gold Cluster wurde am 15. Juni'
        in page
    )
    assert 'href="https://archive.example.net/2025/https://valid-gold.example.org/gold"' in page


def test_the_banner_answers_a_funders_questions_on_every_label_page() -> None:
    """Level and status, since when (where a label is held), who awarded it or that no document says, the
    evidence, and the independence line; a label not held never shows the filled chip of a held level."""
    for path, page in golden_pages().items():
        if not path.startswith("clusters/") or "data-status-block" not in page:
            continue
        banner = page.split("data-status-block", 1)[1].split("</div>", 1)[0]
        assert 'class="rg-verdict__by"' in banner and "Evidence" in banner, path
        assert 'href="../../about/#how-records-are-checked"' in banner, path
        held = 'data-status="valid"' in banner or 'data-status="expiring"' in banner
        assert ("rg-level--past" not in banner) == held, path
        if not held:
            assert "since" not in banner.split("rg-verdict__headline", 1)[1].split("</p>", 2)[1], path
    expired = golden_pages()["clusters/expired-silver.md"]
    assert "No document names the awarding body." in expired
    assert "printed from https://registry.example.org/clusters/expired-silver/" in expired


def test_history_reads_as_a_story_with_its_gaps() -> None:
    page = golden_pages()["clusters/valid-gold.md"]
    assert '<p class="rg-story">SILVER 2021; GOLD 2025.</p>' in page
    history = page.split("## Label history", 1)[1].split("## Location", 1)[0]
    assert "<ol" not in history and "reversed" not in history
    assert history.index("June 2025") < history.index("March 2021")
    assert "No label on record between 1 April 2023 and 14 June 2025." in history
    open_gold = golden_pages()["clusters/open-gold.md"]
    assert '<p class="rg-story">GOLD since 2021, renewed 2024.</p>' in open_gold


def test_citation_is_a_sentence_whatever_is_missing() -> None:
    pages = golden_pages()
    assert (
        "Valid Gold Cluster: Cluster Management Excellence Label GOLD, awarded 15 June 2025 by EUCLES, valid until"
        " 15 June 2027. Valid as of 25 November 2026. Cluster Excellence Label Registry,"
        " https://registry.example.org/clusters/valid-gold/." in pages["clusters/valid-gold.md"]
    )
    assert (
        "Undated Silver Cluster: Cluster Management Excellence Label SILVER. Validity not determinable as of"
        " 25 November 2026. Cluster Excellence Label Registry, https://registry.example.org/clusters/undated-silver/."
        in pages["clusters/undated-silver.md"]
    )
    assert "@misc{valid-gold," in pages["clusters/valid-gold.md"]
    assert "  url = {https://registry.example.org/clusters/valid-gold/}," in pages["clusters/valid-gold.md"]


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
        ">Evidence<",
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
    # The name and the verdict come first (the skip link lands on the name); then what a reader can do.
    top = page.split('<div class="rg-verdict', 1)[0]
    assert top.rstrip().endswith('<h1 id="cluster">Valid Gold Cluster <span class="rg-acronym">(VGC)</span></h1>')
    top = page.split('<div class="rg-verdict', 1)[1].split('<h2 id="label">', 1)[0]
    assert (
        '<a href="https://github.com/example/registry/issues/new?template=report-change.yml&amp;id=valid-gold'
        '&amp;title=Change%3A+Valid+Gold+Cluster" rel="nofollow">Report a correction</a> (or write to'
        " registry@example.org)" in top
    )
    assert "Edit this record" in top
    assert 'value="https://registry.example.org/clusters/valid-gold/"' in page
    assert 'href="../../map/?cluster=valid-gold"' in page


def test_record_text_is_escaped_everywhere() -> None:
    pages = golden_pages()
    page = pages["clusters/expiring-bronze.md"]
    assert 'title: "Expiring &lt;Bronze&gt; &amp; Co"' in page
    assert '<h1 id="cluster">Expiring &lt;Bronze&gt; &amp; Co</h1>' in page
    for path, content in pages.items():
        if path.endswith(".md"):
            assert "<Bronze>" not in content


def test_description_is_sanitised() -> None:
    page = golden_pages()["clusters/valid-gold.md"]
    page = page.split('<div class="rg-cluster rg-description rg-noprint">', 1)[1].split("</div>", 1)[0]
    assert "<strong>logistics</strong>" in page
    assert '<a href="https://valid-gold.example.org/" rel="nofollow noopener noreferrer">our site</a>' in page
    for bad in ("<script", "onerror", 'href="javascript:', "<img", 'alert("x")'):
        assert bad not in page


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("<iframe src=https://x.org></iframe>ok", "ok"),
        ("<style>p{color:red}</style>ok", "ok"),
        (
            '<a href="https://x.org/" onclick="alert(1)">x</a>',
            '<p><a href="https://x.org/" rel="nofollow noopener noreferrer">x</a></p>',
        ),
        ("[x](data:text/html,<script>alert(1)</script>)", "<p>[x](data:text/html,)</p>"),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
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


def test_markdown_is_rendered_in_linear_time() -> None:
    """Nested brackets and runs of emphasis cost in proportion to their length (Python-Markdown needed
    2.3 s for 5,000 "[" and 9.5 s for 10,000). Measured as a ratio in one run, not against a clock."""
    import time

    def cost(n: int) -> float:
        text = "[" * n + "![" * (n // 5) + "*_" * (n // 5) + "[a](" * (n // 10)
        started = time.perf_counter()
        for _ in range(3):
            assert "<a" not in sanitise_markdown(text)
        return time.perf_counter() - started

    cost(1_000)  # warm up
    small, large = cost(1_000), cost(10_000)
    assert large / small < 40, f"10x the text cost {large / small:.0f}x the time"


addresses = st.lists(st.sampled_from(["a", "b", "clusters", "", ".", "..", "#top", "x.y"]), max_size=5).map("/".join)


@given(path=addresses, start=addresses, absolute=st.booleans())
def test_relpath_is_posix_relpath(path: str, start: str, absolute: bool) -> None:
    """The quick relpath gives what posixpath.relpath gives, for every address a page could link."""
    if absolute:
        path, start = "/" + path, "/" + start
    assert relpath(path or ".", start or ".") == posixpath.relpath(path or ".", start or ".")


def test_a_history_says_how_many_of_the_awards_its_document_counts_are_documented() -> None:
    """Kunststoff-Institut Lüdenscheid's document says "zum fünften Mal"; the record documents one gold label."""
    from generator.pages import labeltext
    from generator.render import Formatter, strings
    from tests.conftest import REGISTRY, SHIPPED_DATE

    result = validate(REGISTRY, build_date=SHIPPED_DATE)
    assert result.registry is not None
    text = strings("en")
    by_id = {c.id: c for c in result.registry.clusters}
    assert labeltext.counts(by_id["kunststoff-institut-ludenscheid"], text, Formatter(text)) == [
        "Its document counts the GOLD label (on or before 1 April 2025) as award number 5 at that level: "
        "1 documented here, 4 more known only from that count."
    ]
    assert labeltext.counts(by_id["hamburg-aviation"], text, Formatter(text)) == []  # the fourth of four


def test_no_shipped_banner_credits_a_document_with_a_date_it_does_not_give() -> None:
    """Every label page of the shipped registry: a banner whose end is the registry's rule says so and never
    "the documents give the end"; one whose end a document gives never says "by the registry's rule"."""
    from generator.records.status import assess_all
    from tests.conftest import REGISTRY, SHIPPED_DATE

    result = validate(REGISTRY, build_date=SHIPPED_DATE)
    assert result.registry is not None
    standings = assess_all(result.registry, SHIPPED_DATE)
    pages = {p.path: p.content for p in generate(result.registry, Settings(build_date=SHIPPED_DATE))}
    checked = 0
    for cluster in result.registry.clusters:
        standing = standings[cluster.id]
        page = pages[f"clusters/{cluster.id}.md"]
        headline = page.split("data-status-headline>", 1)[1].split("</p>", 1)[0]
        if standing.status in ("undetermined", "undocumented") or standing.window is None:
            assert "registry&#39;s rule" not in headline, cluster.id
            continue
        checked += 1
        if standing.window.by_rule:
            assert "by the registry&#39;s rule" in headline and "the documents give no end" in headline, cluster.id
            assert "The documents give the end" not in headline, cluster.id
        else:
            assert "registry&#39;s rule" not in headline, cluster.id
    assert checked >= 100


def test_the_home_page_names_todays_holders_and_the_labels_that_just_ended() -> None:
    from generator.records.status import assess_all
    from tests.conftest import REGISTRY, SHIPPED_DATE

    result = validate(REGISTRY, build_date=SHIPPED_DATE)
    assert result.registry is not None
    standings = assess_all(result.registry, SHIPPED_DATE)
    home = next(p.content for p in generate(result.registry, Settings(build_date=SHIPPED_DATE)) if p.path == "index.md")
    holders = home.split('<ol class="rg-homelist rg-holders">', 1)[1].split("</ol>", 1)[0]
    named = re.findall(r'href="clusters/([^/]+)/"', holders)
    assert sorted(named) == sorted(c for c, s in standings.items() if s.holding)
    ended = home.split('<ol class="rg-homelist rg-ended">', 1)[1].split("</ol>", 1)[0]
    # Sensorik-Netzwerk's silver ended on 30 November 2026, three days before the build date.
    assert re.search(r'href="clusters/sensorik-netzwerk/".*Ended 30 November 2026', ended)
