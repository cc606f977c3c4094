"""The build's orchestration without MkDocs: a minimal engine drives :class:`Builder` through its events."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.assembly.builder import Builder, BuildError, Options, Output
from generator.assembly.handover import CONTENT, CONTENT_WITH_H1, BuildFailure
from generator.assembly.outputs import Deferred, generate
from generator.assembly.workers import BATCH
from generator.pages.prerender import html_page, split_front_matter
from generator.pages.site import Page, Settings
from generator.records.model import Cluster
from generator.records.validate import validate
from generator.tools import synthetic
from tests.conftest import ROOT

DAY = dt.date(2026, 11, 25)
GOLDEN = ROOT / "tests" / "golden" / "registry"


def _options(registry: Path) -> Options:
    return Options(registry=registry, base=registry.parent, node_modules=ROOT / "node_modules", qr_cache=None)


def _engine(builder: Builder, site: Path, hand_written: set[str] = set()) -> tuple[list[Output], dict[str, str]]:  # noqa: B006
    """What an engine does with the builder's outputs: read each page's source, render it (here: the source
    itself stands for the engine's HTML), wrap it in a theme and let the builder finish it."""
    outputs = builder.outputs(site, hand_written)
    finished = {}
    for output in outputs:
        if not output.page:
            continue
        source = builder.source(output.path)
        markdown = builder.markdown(output.path, source or "")
        html, _toc = builder.content(output.path, markdown, output.path, "", generated=True)
        made = builder.context(output.path)
        if made is not None:
            html = made[0]
        finished[output.path] = builder.finish_page(output.path, f"<main>\n  {html}\n</main>\n")
    builder.rendering(site)
    builder.finish(site)
    return outputs, finished


@pytest.fixture
def day(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setenv("BUILD_DATE", DAY.isoformat())
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return DAY


def test_a_build_without_an_engine_writes_the_data_files_and_hands_over_every_page(
    tmp_path: Path, day: dt.date
) -> None:
    registry = shutil.copytree(GOLDEN, tmp_path / "registry")
    site = tmp_path / "site"
    site.mkdir()
    builder = Builder()
    builder.start(serving=False, dirty=False)
    assert builder.configure(_options(registry), emptied=True) == ""
    assert builder.extra["registry_build_date"] == day.isoformat()
    outputs, finished = _engine(builder, site)

    checked = validate(registry, build_date=day).registry
    assert checked is not None
    whole = {page.path: page.content for page in generate(checked, Settings(build_date=day))}
    assert [output.path for output in outputs] == list(whole), "every generated file, in generate's order"
    for output in outputs:
        if not output.page:
            assert (site / output.path).read_bytes().decode("utf-8") == whole[output.path], output.path
    cluster = checked.clusters[0]
    label_page = f"clusters/{cluster.id}.md"
    body = html_page(split_front_matter(whole[label_page])[1])
    assert body is not None
    assert finished[label_page] == "<main>\n" + body[0] + "\n</main>\n", "the label page's HTML, in the theme's place"
    assert json.loads((site / "api/v1/clusters.json").read_text("utf-8"))["generated_at"] == day.isoformat()
    assert (site / "pagefind" / "pagefind.js").is_file(), "the search index, written by another process"


def test_a_registry_that_does_not_validate_stops_the_build_before_the_site_is_touched(
    tmp_path: Path, day: dt.date
) -> None:
    registry = shutil.copytree(GOLDEN, tmp_path / "registry")
    record = next(registry.glob("clusters/*/*.yml"))
    record.write_text(record.read_text("utf-8").replace("country:", "kountry:", 1), "utf-8")
    builder = Builder()
    builder.start(serving=False, dirty=False)
    with pytest.raises(BuildError, match="does not validate") as raised:
        builder.configure(_options(registry), emptied=True)
    assert f"{record.name}:" in str(raised.value) and "kountry" in str(raised.value)


def test_a_hand_written_page_may_not_hide_a_generated_one(tmp_path: Path, day: dt.date) -> None:
    registry = shutil.copytree(GOLDEN, tmp_path / "registry")
    builder = Builder()
    builder.start(serving=False, dirty=False)
    builder.configure(_options(registry), emptied=True)
    with pytest.raises(BuildError, match=r"docs/map/index\.md would hide a generated page"):
        builder.outputs(tmp_path, {"map/index.md"})
    builder.failed()


def test_a_preview_hands_over_again_only_what_an_edit_changed(tmp_path: Path, day: dt.date) -> None:
    registry = shutil.copytree(GOLDEN, tmp_path / "registry")
    site = tmp_path / "site"
    site.mkdir()
    builder = Builder()
    builder.start(serving=True, dirty=True)
    builder.configure(_options(registry), emptied=False)
    first, _ = _engine(builder, site)
    assert all(output.changed for output in first)
    builder.shutdown()  # the preview's data files and index are written by a thread: wait for it
    assert (site / "api/v1/clusters.csv").is_file()

    edited = validate(registry, build_date=day).registry
    assert edited is not None
    cluster = edited.clusters[0]
    record = registry / cluster.path.removeprefix("registry/")
    record.write_text(record.read_text("utf-8").replace(f"name: {cluster.name}", "name: A New Name"), "utf-8")
    builder.configure(_options(registry), emptied=False)
    second, finished = _engine(builder, site)
    changed_pages = {output.path for output in second if output.page and output.changed}
    assert f"clusters/{cluster.id}.md" in changed_pages
    assert "A New Name" in finished[f"clusters/{cluster.id}.md"]
    assert not any(output.changed for output in second if output.path.startswith("clusters/") and cluster.id not in output.path and output.path != "clusters/index.md")  # fmt: skip
    builder.shutdown()
    assert "A New Name" in (site / "api/v1/clusters.csv").read_text("utf-8")

    # A record that stops validating turns every generated page into the list of its problems.
    record.write_text(record.read_text("utf-8").replace("country:", "kountry:", 1), "utf-8")
    builder.configure(_options(registry), emptied=False)
    broken, finished = _engine(builder, site)
    assert broken and all(output.page for output in broken)
    assert all("kountry" in page for page in finished.values())
    builder.shutdown()


def test_a_failing_worker_fails_the_build_with_its_traceback(
    tmp_path: Path, day: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = synthetic.write(tmp_path / "registry", BATCH * 2 + 1, seed=3)
    broken = sorted(path.stem for path in registry.glob("clusters/*/*.yml"))[BATCH + 1]
    make = Deferred.make

    def failing(self: Deferred, cluster: Cluster) -> Iterator[Page]:
        if cluster.id == broken:
            raise ValueError(f"cannot draw {cluster.id}")
        return make(self, cluster)

    monkeypatch.setattr(Deferred, "make", failing)
    site = tmp_path / "site"
    site.mkdir()
    builder = Builder()
    builder.start(serving=False, dirty=False)
    builder.configure(_options(registry), emptied=True)
    with pytest.raises(BuildFailure, match=f"cannot draw {broken}"):
        _engine(builder, site)
    builder.failed()
    assert builder.handover.workers is None and builder.index.process is None


def test_the_theme_must_place_a_label_page_s_content(tmp_path: Path, day: dt.date) -> None:
    builder = Builder()
    builder.handover.deferred["clusters/x.md"] = zlib.compress(b"<h1>X</h1>")
    with pytest.raises(BuildFailure, match="did not place the page's content"):
        builder.finish_page("clusters/x.md", "<main></main>")
    builder.handover.deferred["clusters/x.md"] = zlib.compress(b"<h1>X</h1>")
    assert (
        builder.finish_page("clusters/x.md", f"<main>\n    {CONTENT_WITH_H1}\n</main>") == "<main>\n<h1>X</h1>\n</main>"
    )
    assert CONTENT != CONTENT_WITH_H1
