"""The command line, end to end, as a person or a workflow runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import EXAMPLES, ROOT, SHIPPED_DATE
from tests.sitebuild import run_generator


def run(
    *args: str, cwd: Path = ROOT, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_generator(
        *args,
        cwd=cwd,
        stdin=stdin,
        env={"PYTHONPATH": str(ROOT), "BUILD_DATE": SHIPPED_DATE.isoformat(), **(env or {})},
    )


def invalid_registry(registry: Path) -> None:
    for name in ("wrong-level.yml", "unknown-field.yml"):
        shutil.copyfile(EXAMPLES / "invalid" / name, registry / "clusters" / "de" / name)


def test_shipped_registry_is_valid() -> None:
    done = run("validate", "registry/")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("valid: 0 errors, 0 warnings in ")


def test_default_path_is_the_registry() -> None:
    assert run("validate").returncode == 0


def test_errors_in_text_sorted_with_exit_1(registry: Path) -> None:
    (registry / "clusters" / "de").mkdir()
    invalid_registry(registry)
    done = run("validate", str(registry))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines == sorted(lines)
    assert lines == [
        f"{registry}/clusters/de/unknown-field.yml:2:1: name: required field is missing (for example `name: Silicon Saxony`)",
        f"{registry}/clusters/de/unknown-field.yml:3:1: nmae: unknown field `nmae` (did you mean `name`?)",
        f"{registry}/clusters/de/wrong-level.yml:7:12: labels[0].level: the text `Gold` is not allowed here (did you mean `gold`?)",
    ]
    assert done.stderr.strip() == "invalid: 3 errors, 0 warnings in 4 files"


def test_paths_are_relative_to_the_working_folder(registry: Path) -> None:
    (registry / "clusters" / "de").mkdir()
    invalid_registry(registry)
    done = run("validate", "registry", cwd=registry.parent)
    assert done.stdout.splitlines()[0].startswith("registry/clusters/de/unknown-field.yml:2:1: ")


def test_github_format_annotates_file_and_line(registry: Path) -> None:
    (registry / "clusters" / "de").mkdir()
    invalid_registry(registry)
    done = run("validate", "registry", "--format", "github", cwd=registry.parent)
    assert done.returncode == 1
    assert done.stdout.splitlines()[2] == (
        "::error file=registry/clusters/de/wrong-level.yml,line=7,col=12,title=labels[0].level"
        "::the text `Gold` is not allowed here (did you mean `gold`?)"
    )


def test_json_format(registry: Path) -> None:
    (registry / "clusters" / "de").mkdir()
    invalid_registry(registry)
    done = run("validate", "registry", "--format", "json", cwd=registry.parent)
    report = json.loads(done.stdout)
    assert report["files"] == 4 and report["warnings"] == []
    assert report["errors"][2] == {
        "path": "registry/clusters/de/wrong-level.yml",
        "line": 7,
        "column": 12,
        "field": "labels[0].level",
        "message": "the text `Gold` is not allowed here",
        "hint": "did you mean `gold`?",
        "severity": "error",
    }


def test_warnings_are_listed_apart_and_fatal_only_with_strict(registry: Path) -> None:
    (registry / "clusters" / "de").mkdir()
    shutil.copyfile(EXAMPLES / "invalid" / "http-website.yml", registry / "clusters" / "de" / "http-website.yml")
    done = run("validate", "registry", cwd=registry.parent)
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "warnings:",
        "registry/clusters/de/http-website.yml:5:10: website: web address uses http:// (use https:// if the site offers it)",
    ]
    assert run("validate", "registry", "--strict", cwd=registry.parent).returncode == 1


def test_one_file_is_checked_in_the_context_of_its_registry(registry: Path) -> None:
    (registry / "clusters" / "de").mkdir()
    invalid_registry(registry)
    done = run("validate", "registry/clusters/de/wrong-level.yml", cwd=registry.parent)
    assert done.returncode == 1
    assert [line.split(":")[0] for line in done.stdout.splitlines()] == ["registry/clusters/de/wrong-level.yml"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("validate", "no-such-folder").returncode == 2
    assert run("validate", str(tmp_path)).returncode == 2
    assert run("validate", "--format", "xml").returncode == 2
    assert run("frobnicate").returncode == 2
    done = run("validate", "--build-date", "22.11.2026")
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr
    assert "Traceback" not in done.stderr


def test_build_date_decides_what_is_in_the_future(registry: Path) -> None:
    (registry / "clusters" / "de").mkdir()
    shutil.copyfile(EXAMPLES / "invalid" / "future-award.yml", registry / "clusters" / "de" / "future-award.yml")
    assert run("validate", str(registry)).returncode == 1
    assert run("validate", str(registry), "--build-date", "2027-02-01").returncode == 0
    assert run("validate", str(registry), env={"BUILD_DATE": "2027-02-01"}).returncode == 0


def test_the_console_command_is_the_module_s_command_line() -> None:
    import sys

    command = Path(sys.executable).parent / "cluster-registry"
    assert command.is_file(), "installed by the package's entry point"
    done = subprocess.run(
        [str(command), "validate", "registry/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "BUILD_DATE": SHIPPED_DATE.isoformat()},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == run("validate", "registry/").stderr
    usage = subprocess.run([str(command), "nonsense"], capture_output=True, text=True, check=False)
    assert usage.returncode == 2 and "invalid choice" in usage.stderr


def test_the_release_files_agree_with_the_package() -> None:
    import tomllib

    import yaml

    from generator.opendata import DATA_LICENSE

    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    assert {"cff-version", "message", "title", "authors"} <= set(citation)
    assert citation["version"] == version
    assert citation["license"].replace("-", " ") == DATA_LICENSE["name"], (
        "the data's licence, as every data file states"
    )
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert f"\n## {version}\n" in changelog, "every version of pyproject.toml has its section"


def test_a_file_that_claims_another_record_s_address_fails_when_validated_alone(registry: Path) -> None:
    first = registry / "clusters" / "de" / "aaa-first.yml"
    first.parent.mkdir(parents=True)
    minimal = (EXAMPLES / "valid" / "minimal.yml").read_text("utf-8")
    first.write_text(minimal.replace("id: minimal", "id: aaa-first").replace("name: ", "name: First "), "utf-8")
    claimer = first.with_name("zzz-claimer.yml")
    claimer.write_text(
        minimal.replace("id: minimal", "id: zzz-claimer\naliases: [aaa-first]").replace("name: ", "name: Second "),
        "utf-8",
    )
    for target in (claimer, first):
        done = run("validate", str(target), cwd=registry.parent)
        assert done.returncode == 1, done.stdout
        assert "`aaa-first` is also the" in done.stdout and target.name in done.stdout
