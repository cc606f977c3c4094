"""Whole-site builds with MkDocs into temporary folders."""

from __future__ import annotations

import filecmp
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.records.validate import validate
from tests.conftest import EXAMPLES, REGISTRY, ROOT, SHIPPED_DATE
from tests.sitebuild import broken_links, build, free_port, project_copy, run_generator


@pytest.fixture
def site(shipped_site: Path) -> Path:
    return shipped_site


def test_every_cluster_country_sector_and_level_page_exists(site: Path) -> None:
    registry = validate(REGISTRY, build_date=SHIPPED_DATE).registry
    assert registry is not None
    for cluster in registry.clusters:
        page = site / "clusters" / cluster.id / "index.html"
        assert page.is_file(), cluster.id
        html = page.read_text("utf-8")
        assert "rg-verdict" in html and "Label history" in html
        assert (site / "countries" / cluster.country.lower() / "index.html").is_file()
    for sector in registry.sectors:
        assert (site / "sectors" / sector / "index.html").is_file()
    for level in registry.levels:
        assert (site / "levels" / level / "index.html").is_file()
    for name in (
        "index.html",
        "clusters/index.html",
        "countries/index.html",
        "sectors/index.html",
        "levels/index.html",
        "map/index.html",
        "data/index.html",
        "about/index.html",
        "about/labels/index.html",
        "about/contribute/index.html",
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
        "assets/registry.js",
    ):
        assert (site / name).is_file(), name


def test_no_broken_internal_links(site: Path) -> None:
    assert broken_links(site) == []


def test_cluster_pages_are_not_in_the_navigation(site: Path) -> None:
    home = (site / "index.html").read_text("utf-8")
    assert "clusters/silicon-saxony/" not in home.split('<div class="md-content"', 1)[0]
    page = (site / "clusters" / "silicon-saxony" / "index.html").read_text("utf-8")
    assert len(page) < 60_000


def test_no_third_party_fonts_or_scripts(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        assert 'src="http' not in html and "src='http" not in html


def test_same_build_date_gives_byte_identical_sites(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    done = build(ROOT / "mkdocs.yml", again)
    assert done.returncode == 0, done.stderr
    mismatch = _differences(filecmp.dircmp(site, again))
    assert mismatch == []


def _differences(compared: filecmp.dircmp[str]) -> list[str]:
    found = [*compared.left_only, *compared.right_only]
    _, different, errors = filecmp.cmpfiles(compared.left, compared.right, compared.common_files, shallow=False)
    found += different + errors
    for sub in compared.subdirs.values():
        found += _differences(sub)
    return found


def test_an_invalid_registry_fails_the_build_and_leaves_the_last_site(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    subprocess.run(["cp", "-r", str(REGISTRY), str(registry)], check=True)
    config = project_copy(tmp_path / "project", registry)
    site = tmp_path / "site"
    assert build(config, site).returncode == 0
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    (registry / "clusters" / "de" / "wrong-level.yml").write_bytes(
        (EXAMPLES / "invalid" / "wrong-level.yml").read_bytes()
    )
    failed = build(config, site)
    assert failed.returncode != 0
    assert "wrong-level.yml:7:12: labels[0].level: the text `Gold` is not allowed here" in failed.stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_generated_files_are_never_written_into_the_sources(site: Path) -> None:
    assert not (ROOT / "docs" / "clusters").exists()
    assert not (ROOT / "docs" / "index.md").exists()


def test_pages_command_writes_markdown_for_other_engines(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    done = run_generator("pages", "--out", str(out), "--build-date", SHIPPED_DATE.isoformat())
    assert done.returncode == 0, done.stderr
    assert (out / "clusters" / "silicon-saxony.md").read_text("utf-8").startswith('---\ntitle: "Silicon Saxony"\n')
    (out / "stale.md").write_text("old", encoding="utf-8")
    again = run_generator("pages", "--out", str(out), "--build-date", SHIPPED_DATE.isoformat())
    assert again.returncode == 0
    assert not (out / "stale.md").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pages")]


def _fetch(url: str) -> str:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return str(answer.read().decode("utf-8"))
    except OSError:
        return ""


def test_serve_picks_up_a_record_edit(tmp_path: Path) -> None:
    import os
    import time

    registry = tmp_path / "registry"
    subprocess.run(["cp", "-r", str(REGISTRY), str(registry)], check=True)
    config = project_copy(tmp_path / "project", registry)
    port = free_port()
    env = {**os.environ, "BUILD_DATE": SHIPPED_DATE.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/clusters/silicon-saxony/"
    try:
        deadline = time.monotonic() + 60
        while "Silicon Saxony" not in _fetch(url):
            assert time.monotonic() < deadline, "mkdocs serve did not start"
            time.sleep(0.3)
        record = registry / "clusters" / "de" / "silicon-saxony.yml"
        record.write_text(
            record.read_text("utf-8").replace("name: Silicon Saxony", "name: Silicon Saxony Renamed"), "utf-8"
        )
        deadline = time.monotonic() + 60
        while "Silicon Saxony Renamed" not in _fetch(url):
            assert time.monotonic() < deadline, "the edit did not show"
            time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_every_page_says_who_stands_behind_it(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        html = page.read_text("utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # a former address that redirects
        footer = html.split('class="md-copyright rg-footer"', 1)[1].split("</div>", 1)[0]
        assert 'rel="license">CC BY 4.0</a>' in footer and ">MIT</a>" in footer, page
        assert "No operator configured." in footer and "Independent of ESCA and EUCLES" in footer, page


def test_the_about_page_states_independence_coverage_and_the_correction_route(site: Path) -> None:
    about = (site / "about" / "index.html").read_text("utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", about).split())
    assert "it is not run, endorsed or checked by the European Secretariat for Cluster Analysis (ESCA)" in text
    assert "No operator is configured for this build of the registry." in text
    records = len(list(REGISTRY.glob("clusters/*/*.yml")))
    assert f"The registry holds {records:,} organisations in" in text
    assert "139 organisations in 19 countries" in text and "1,261 organisations in 46 countries" in text
    assert "Report a correction" in text and "removed" in text
    assert "registry:publisher" not in about and "registry:coverage" not in about


def test_a_source_date_epoch_in_the_environment_does_not_date_the_site(site: Path, tmp_path: Path) -> None:
    other = tmp_path / "epoch"
    done = build(ROOT / "mkdocs.yml", other, extra_env={"SOURCE_DATE_EPOCH": "0"})
    assert done.returncode == 0, done.stderr
    assert _differences(filecmp.dircmp(site, other)) == []
