"""The live preview: an edit re-makes only what it touches, and a registry that stops
validating shows its problems in the browser instead of leaving it waiting."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from generator.assembly.outputs import Memo, generate
from generator.assembly.preview import invalid_page
from generator.pages.site import Kept, Settings
from generator.records.diagnostics import Diagnostic
from generator.records.validate import Memo as ValidationMemo
from generator.records.validate import validate
from tests.conftest import ROOT
from tests.sitebuild import free_port, project_copy

DAY = dt.date(2026, 11, 25)
GOLDEN = ROOT / "tests" / "golden" / "registry"


def test_a_memo_makes_again_only_the_pages_of_the_record_that_changed(tmp_path: Path) -> None:
    registry = shutil.copytree(GOLDEN, tmp_path / "registry")
    settings = Settings(build_date=DAY, site_url="https://registry.example.org/")
    memo = Memo()
    first = validate(registry, build_date=DAY).registry
    assert first is not None
    made = list(generate(first, settings, memo))
    assert not any(isinstance(page, Kept) for page in made)

    edited = first.clusters[0]
    record = registry / edited.path.removeprefix("registry/")
    record.write_text(record.read_text("utf-8").replace(f"name: {edited.name}", "name: A New Name"), "utf-8")
    second = validate(registry, build_date=DAY).registry
    assert second is not None
    again = list(generate(second, settings, memo))

    assert [page.path for page in again] == [page.path for page in made]
    remade = {page.path for page in again if not isinstance(page, Kept)}
    own = {f"clusters/{edited.id}.md", f"api/v1/clusters/{edited.id}.json", f"badges/{edited.id}.svg"}
    assert own <= remade
    aliases = {f"clusters/{alias}.md" for alias in edited.aliases}
    label_pages = {path for path in remade if path.startswith("clusters/") and path != "clusters/index.md"}
    assert label_pages == {f"clusters/{edited.id}.md"} | aliases
    per_cluster = ("badges/", "qr/", "api/v1/clusters/")
    assert {path for path in remade if path.startswith(per_cluster) and not path.endswith("sitemap.xml")} == {
        f"api/v1/clusters/{edited.id}.json",
        f"badges/{edited.id}.svg",
        f"qr/{edited.id}.svg",
    }
    # Everything made again equals what a build without a memo makes.
    fresh = {page.path: page.content for page in generate(second, settings)}
    assert all(fresh[page.path] == page.content for page in again if not isinstance(page, Kept))
    # Another day changes every status: nothing is kept.
    later = list(generate(second, Settings(build_date=DAY + dt.timedelta(days=1), site_url=settings.site_url), memo))
    assert not any(isinstance(page, Kept) for page in later)


def test_the_problem_page_escapes_what_it_quotes() -> None:
    found = Diagnostic("registry/clusters/de/x.yml", 4, 7, "name", "<script>alert(1)</script>", "use `text`")
    page = invalid_page([found], [Diagnostic("registry/clusters/de/y.yml", 1, 1, "checked", "old", severity="warning")])
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    assert "registry/clusters/de/x.yml:4:7" in page
    assert "Warnings (1)" in page


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``mkdocs serve --dirty`` as ``bash tasks.sh serve`` runs it, on a copy of the golden registry."""
    registry = shutil.copytree(GOLDEN, tmp_path / "registry")
    config = project_copy(tmp_path / "project", registry)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update({"BUILD_DATE": DAY.isoformat(), "NO_MKDOCS_2_WARNING": "1"})
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("mkdocs serve did not start") from None
                time.sleep(0.2)
        yield url, registry
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_the_preview_shows_an_edit_the_problems_of_a_broken_record_and_recovers(
    browser: Browser, preview: tuple[str, Path]
) -> None:
    url, registry = preview
    record = sorted((registry / "clusters").rglob("*.yml"))[0]
    original = record.read_text("utf-8")
    cluster_id = record.stem
    page = browser.new_page()
    try:
        page.goto(f"{url}clusters/{cluster_id}/")
        heading = page.locator("h1").first
        name = heading.inner_text()

        # An edit: the open page reloads by itself and shows it.
        record.write_text(original.replace("\nname: ", "\nname: Edited ", 1), "utf-8")
        expect(heading).to_contain_text("Edited", timeout=60_000)
        # The registry-wide data files follow in the background: the edit reaches them too.
        deadline = time.monotonic() + 60
        while "Edited" not in page.request.get(f"{url}api/v1/clusters.csv").text():
            assert time.monotonic() < deadline, "the preview's clusters.csv never showed the edit"
            time.sleep(0.5)

        # A broken record: the page shows file, line and message, without the reader reloading it.
        record.write_text(original.replace("\ncountry: ", "\ncountry: [", 1), "utf-8")
        problems = page.locator(".rg-invalid")
        expect(problems).to_be_visible(timeout=60_000)
        expect(problems).to_contain_text(f"{record.name}:")
        expect(problems).to_contain_text("YAML")
        # Every generated page says so, the listings included; no request hangs.
        other = browser.new_page()
        other.goto(f"{url}clusters/", timeout=10_000)
        expect(other.locator(".rg-invalid")).to_be_visible()
        other.close()

        # Fixed: the page comes back on its own.
        record.write_text(original, "utf-8")
        expect(page.locator("h1").first).to_have_text(name, timeout=60_000)
        expect(page.locator(".rg-invalid")).to_have_count(0)
        # So does every other page that showed the problems.
        neighbour = sorted((registry / "clusters").rglob("*.yml"))[1].stem
        other = browser.new_page()
        other.goto(f"{url}clusters/{neighbour}/", timeout=10_000)
        expect(other.locator(".rg-invalid")).to_have_count(0)
        expect(other.locator(".rg-verdict")).to_be_visible()
        other.close()
        # The search index follows the page a moment later, in the background.
        deadline = time.monotonic() + 60
        while not page.request.get(f"{url}pagefind/pagefind.js").ok:
            assert time.monotonic() < deadline, "the preview has no search index"
            time.sleep(0.5)
    finally:
        page.close()


def test_a_validation_memo_rereads_only_changed_files_and_finds_what_a_fresh_run_finds(tmp_path: Path) -> None:
    registry = shutil.copytree(GOLDEN, tmp_path / "registry")
    memo = ValidationMemo()
    first = validate(registry, build_date=DAY, memo=memo)
    assert first.registry is not None and not first.errors
    records = sorted((registry / "clusters").rglob("*.yml"))
    kept = {path: memo.files[path][1] for path in records}

    edited, broken = records[0], records[1]
    edited.write_text(edited.read_text("utf-8").replace("\nname: ", "\nname: Renamed ", 1), "utf-8")
    broken.write_text(broken.read_text("utf-8").replace("\ncountry: ", "\ncountry: [", 1), "utf-8")
    second = validate(registry, build_date=DAY, memo=memo)
    fresh = validate(registry, build_date=DAY)
    assert second.errors == fresh.errors and second.errors
    assert second.warnings == fresh.warnings
    assert second.files == fresh.files
    # Unchanged files were not read again; the changed ones were.
    assert all(memo.files[path][1] is kept[path] for path in records[2:])
    assert memo.files[edited][1] is not kept[edited]

    broken.write_text(broken.read_text("utf-8").replace("\ncountry: [", "\ncountry: ", 1), "utf-8")
    (registry / "clusters" / records[2].parent.name / records[2].name).unlink()
    third = validate(registry, build_date=DAY, memo=memo)
    again = validate(registry, build_date=DAY)
    assert third.registry == again.registry and third.registry is not None
    assert any(c.name.startswith("Renamed ") for c in third.registry.clusters)
    assert records[2] not in memo.files
