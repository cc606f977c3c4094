"""Files are what they say: links, special files and look-alike endings are refused, never followed."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from generator.records.validate import validate
from tests.conftest import BUILD_DATE, EXAMPLES, empty_registry


def test_links_folders_and_endings_are_reported_with_file_and_reason(tmp_path: Path) -> None:
    registry = empty_registry(tmp_path / "registry")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.yml").write_text("root:x:0:0:root:/root:/bin/bash-secret-line\n", "utf-8")
    (outside / "fr").mkdir()
    shutil.copyfile(EXAMPLES / "valid" / "minimal.yml", outside / "fr" / "minimal.yml")
    de = registry / "clusters" / "de"
    de.mkdir()
    (de / "passwd.yml").symlink_to(outside / "passwd.yml")
    (de / "zero.yml").symlink_to("/dev/zero")
    (registry / "clusters" / "fr").symlink_to(outside / "fr", target_is_directory=True)
    shutil.copyfile(EXAMPLES / "valid" / "minimal.yml", de / "upper.YML")
    result = validate(registry, build_date=BUILD_DATE)
    found = sorted((Path(d.path).name, d.message) for d in result.errors)
    assert found == [
        ("fr", "folder is a symbolic link"),
        ("passwd.yml", "is a symbolic link, not a file"),
        ("upper.YML", "records end in .yml, not .YML"),
        ("zero.yml", "is a symbolic link, not a file"),
    ]
    text = " ".join(f"{d.message} {d.hint}" for d in result.errors)
    assert "root:x" not in text and "secret" not in text
    assert result.registry is None


def test_a_registry_of_regular_files_still_validates(tmp_path: Path) -> None:
    registry = empty_registry(tmp_path / "registry")
    (registry / "clusters" / "no").mkdir()
    shutil.copyfile(EXAMPLES / "valid" / "minimal.yml", registry / "clusters" / "no" / "minimal.yml")
    result = validate(registry, build_date=dt.date(2026, 11, 25))
    assert result.errors == [] and result.registry is not None


def test_a_clusters_folder_that_is_a_link_is_refused_not_published_empty(tmp_path: Path) -> None:
    registry = empty_registry(tmp_path / "registry")
    outside = tmp_path / "outside"
    (outside / "fr").mkdir(parents=True)
    shutil.copyfile(EXAMPLES / "valid" / "minimal.yml", outside / "fr" / "minimal.yml")
    shutil.rmtree(registry / "clusters")
    (registry / "clusters").symlink_to(outside, target_is_directory=True)
    result = validate(registry, build_date=BUILD_DATE)
    assert [(Path(d.path).name, d.message) for d in result.errors] == [("clusters", "folder is a symbolic link")]
    assert result.registry is None


def test_new_writes_nothing_through_a_link(tmp_path: Path) -> None:
    from tests.test_new import new, run

    for linked in ("clusters/at", "clusters"):
        registry = empty_registry(tmp_path / linked.replace("/", "-") / "registry")
        outside = tmp_path / linked.replace("/", "-") / "outside"
        outside.mkdir()
        link = registry / linked
        if link.exists():
            shutil.rmtree(link)
        link.symlink_to(outside, target_is_directory=True)
        done = run(*new(), cwd=registry.parent)
        assert done.returncode == 1, done.stdout
        assert f"registry/{linked}: is a symbolic link; nothing written through it" in done.stderr
        assert list(outside.rglob("*")) == [], "nothing written outside the registry"
