"""The shipped site on a maintained engine: ProperDocs, which continues MkDocs 1.6, publishes the same bytes.

MkDocs 1.6.1 is the last MkDocs release; ProperDocs reads the same mkdocs.yml and runs the registry's
plugin and the Material theme unchanged. Only the generator meta tag, which names the engine, may differ.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import PUBLISHED_ENV, ROOT
from tests.sitebuild import build

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_properdocs_publishes_the_site_mkdocs_publishes(published_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = build(ROOT / "mkdocs.yml", site, extra_env=PUBLISHED_ENV, engine="properdocs")
    assert done.returncode == 0, done.stderr
    by_mkdocs, by_properdocs = _files(published_site), _files(site)
    assert sorted(by_properdocs) == sorted(by_mkdocs), "the same files"
    tagged = 0
    for path, content in by_mkdocs.items():
        other = by_properdocs[path]
        if content == other:
            continue
        assert path.endswith(".html"), f"{path} differs"
        assert b"ProperDocs" in other
        tagged += 1
        assert GENERATOR_TAG.sub(b"", content) == GENERATOR_TAG.sub(b"", other), (
            f"{path} differs beyond the generator tag"
        )
    assert tagged > 100, "every page names its engine, so most pages differ by that tag alone"


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_a_registry_that_does_not_validate_fails_the_build_on_either_engine(engine: str, tmp_path: Path) -> None:
    from tests.sitebuild import project_copy

    config = project_copy(tmp_path / "project")
    record = next((tmp_path / "project" / "registry" / "clusters").glob("*/*.yml"))
    record.write_text(record.read_text("utf-8").replace("country:", "kountry:", 1), "utf-8")
    done = build(config, tmp_path / "site", engine=engine)
    assert done.returncode != 0
    assert "the registry does not validate" in done.stderr and "kountry" in done.stderr
    assert not (tmp_path / "site" / "index.html").exists()
