"""Label pages and data files made in worker processes are the pages a build without workers makes."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.assembly.outputs import Deferred, generate
from generator.assembly.workers import BATCH, WorkerError, Workers
from generator.pages.prerender import html_page, split_front_matter
from generator.pages.site import Later, Page, Settings
from generator.records.model import Cluster, Registry
from generator.records.validate import validate
from generator.tools import synthetic
from tests.conftest import BUILD_DATE, SHIPPED_DATE

SETTINGS = Settings(build_date=BUILD_DATE, site_url="https://registry.example.org/")


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    # More clusters than two workers' first runs, so each worker makes several runs and the last is short.
    root = synthetic.write(tmp_path_factory.mktemp("parallel") / "registry", BATCH * 5 + 3, seed=7)
    result = validate(root, build_date=BUILD_DATE)
    assert result.registry is not None, result.errors[:3]
    return result.registry


def test_workers_make_the_same_pages_and_files_as_a_build_without_them(registry: Registry, tmp_path: Path) -> None:
    whole = {page.path: page.content for page in generate(registry, SETTINGS)}
    deferred = Deferred()
    pages = list(generate(registry, SETTINGS, deferred=deferred))
    assert [page.path for page in pages] == list(whole), "the same paths, in the same order"
    later = [page for page in pages if isinstance(page, Later)]
    assert len(later) == 4 * len(registry.clusters), "label page, JSON, badge and QR code of every cluster"
    for page in pages:
        if not isinstance(page, Later):
            assert page.content == whole[page.path]

    workers = Workers(deferred, tmp_path, 2)
    try:
        # Asked for in reverse: a worker's pages wait until asked for, whatever the order.
        for page in reversed(later):
            if not page.path.endswith(".md"):
                continue
            front, body = split_front_matter(whole[page.path])
            assert page.content == front, "the front matter rendered alone is the page's own"
            made = workers.page(page.path)
            expected = html_page(body)
            assert expected is not None
            assert zlib.decompress(made.content).decode("utf-8") == expected[0]
            assert made.toc == expected[1]
            assert made.with_h1
        workers.finish()
    finally:
        workers.close()
    for page in later:
        if not page.path.endswith(".md"):
            assert (tmp_path / page.path).read_text("utf-8") == whole[page.path]


def test_a_failing_worker_is_reported_with_its_traceback(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = registry.clusters[BATCH + 1]
    make = Deferred.make

    def failing(self: Deferred, cluster: Cluster) -> Iterator[Page]:
        if cluster.id == broken.id:
            raise ValueError(f"cannot draw {cluster.id}")
        return make(self, cluster)

    monkeypatch.setattr(Deferred, "make", failing)
    deferred = Deferred()
    list(generate(registry, SETTINGS, deferred=deferred))
    workers = Workers(deferred, tmp_path, 2)
    try:
        with pytest.raises(WorkerError, match=f"ValueError: cannot draw {broken.id}"):
            workers.finish()
    finally:
        workers.close()


def test_a_label_template_without_a_front_matter_block_is_made_in_one_process(
    registry: Registry, tmp_path: Path
) -> None:
    overrides = tmp_path / "pages"
    overrides.mkdir()
    (overrides / "cluster.md.j2").write_text("---\ntitle: {{ c.name | front_matter }}\n---\n\n# {{ c.name }}\n")
    settings = Settings(build_date=BUILD_DATE, overrides=overrides)
    deferred = Deferred()
    pages = list(generate(registry, settings, deferred=deferred))
    assert deferred.clusters == []
    assert not any(isinstance(page, Later) for page in pages)
    assert pages == list(generate(registry, settings))


def test_records_checked_in_several_processes_give_what_one_process_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.records import validate as validation

    root = synthetic.write(tmp_path / "registry", 40, seed=3)
    files = sorted((root / "clusters").rglob("*.yml"))
    first, last, other = files[0], files[-1], files[-2]
    first_id = first.read_text("utf-8").split("id: ", 1)[1].split("\n", 1)[0]
    first_name = first.read_text("utf-8").split("name: ", 1)[1].split("\n", 1)[0]
    # Across the processes' runs: an id used twice, a name that only looks the same, an unknown field.
    text = last.read_text("utf-8")
    last.write_text(text.replace("id: ", f"aliases: [{first_id}]\nid: ", 1), "utf-8")
    text = other.read_text("utf-8")
    lookalike = first_name.replace("a", "\u0430", 1)  # Cyrillic a
    assert lookalike != first_name
    name_line = "name: " + text.split("name: ", 1)[1].split("\n", 1)[0]
    other.write_text(text.replace(name_line, f"name: {lookalike}") + "colour: blue\n", "utf-8")

    monkeypatch.setattr(validation, "PARALLEL_FROM", 10**9)
    alone = validation.validate(root, build_date=BUILD_DATE)
    monkeypatch.setattr(validation, "PARALLEL_FROM", 4)
    monkeypatch.setattr(validation, "processes", lambda: 3)
    shared = validation.validate(root, build_date=BUILD_DATE)
    assert len(alone.errors) >= 4, alone.errors
    found = "\n".join(f"{d.path}:{d.line} {d.message}" for d in alone.errors)
    assert "is also the id of" in found and "looks the same" in found and "colour" in found, found
    assert (shared.errors, shared.warnings, shared.files) == (alone.errors, alone.warnings, alone.files)

    valid = synthetic.write(tmp_path / "valid", 40, seed=4)
    monkeypatch.setattr(validation, "PARALLEL_FROM", 10**9)
    alone = validation.validate(valid, build_date=BUILD_DATE)
    monkeypatch.setattr(validation, "PARALLEL_FROM", 4)
    shared = validation.validate(valid, build_date=BUILD_DATE)
    assert alone.registry is not None and shared.registry == alone.registry


def test_theme_parts_rendered_once_per_folder_are_the_bytes_each_page_would_get(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.engines import mkdocs_plugin
    from tests.conftest import ROOT
    from tests.sitebuild import project_copy

    config_file = project_copy(tmp_path / "project", ROOT / "registry")
    monkeypatch.setenv("BUILD_DATE", SHIPPED_DATE.isoformat())
    monkeypatch.setenv("SITE_URL", "https://registry.example.org/")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    sites = {}
    for shared in (mkdocs_plugin.SHARED_PARTIALS, ()):
        monkeypatch.setattr(mkdocs_plugin, "SHARED_PARTIALS", shared)
        site = tmp_path / f"site-{len(shared)}"
        config = load_config(str(config_file), site_dir=str(site))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        sites[shared] = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    shared_site, each_site = sites.values()
    assert len(shared_site) > 500
    assert shared_site.keys() == each_site.keys()
    assert [p for p in shared_site if shared_site[p] != each_site[p]] == []
