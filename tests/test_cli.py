"""The command line, end to end, as a person or a workflow runs it."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

from generator.loader import read, to_data
from tests.conftest import EXAMPLES, ROOT
from tests.sitebuild import run_generator


def run(
    *args: str, cwd: Path = ROOT, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_generator(
        *args, cwd=cwd, stdin=stdin, env={"PYTHONPATH": str(ROOT), "BUILD_DATE": "2026-11-25", **(env or {})}
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


NEW = (
    "new",
    "--name",
    "Cluster Énergie Österreich",
    "--country",
    "at",
    "--sectors",
    "energy-environment, ict",
    "--level",
    "bronze",
    "--awarded",
    "2025-06",
    "--source",
    "https://energie.example.org/label",
    "--city",
    "Wien",
    "--latitude",
    "48.2082",
    "--longitude",
    "16.3738",
)


def test_new_writes_a_record_that_validates(registry: Path) -> None:
    done = run(*NEW, cwd=registry.parent)
    assert done.returncode == 0, done.stderr
    path = registry / "clusters" / "at" / "cluster-energie-osterreich.yml"
    assert done.stdout.strip() == "wrote registry/clusters/at/cluster-energie-osterreich.yml"
    record = to_data(read(path, "x").root)
    assert record == {
        "id": "cluster-energie-osterreich",
        "name": "Cluster Énergie Österreich",
        "country": "AT",
        "city": "Wien",
        "location": {"latitude": 48.2082, "longitude": 16.3738},
        "sectors": ["energy-environment", "ict"],
        "labels": [{"level": "bronze", "awarded": "2025-06", "source": "https://energie.example.org/label"}],
        "checked": "2026-11-25",
    }
    assert run("validate", "--strict", cwd=registry.parent).returncode == 0


def test_new_refuses_to_overwrite(registry: Path) -> None:
    assert run(*NEW, cwd=registry.parent).returncode == 0
    path = registry / "clusters" / "at" / "cluster-energie-osterreich.yml"
    before = path.read_bytes()
    again = run(*NEW, cwd=registry.parent)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert path.read_bytes() == before


def test_new_writes_nothing_when_the_values_are_invalid(registry: Path) -> None:
    done = run(*NEW[:-6], "--sectors", "energy", cwd=registry.parent)
    assert done.returncode == 1
    assert "unknown sector `energy`" in done.stdout
    assert not (registry / "clusters" / "at").exists()


def test_new_names_missing_options_when_not_interactive(registry: Path) -> None:
    done = run("new", "--name", "X Cluster", cwd=registry.parent, stdin="")
    assert done.returncode == 2
    assert "missing --country, --sectors, --level, --awarded, --source" in done.stderr


def test_new_asks_for_what_is_missing(registry: Path) -> None:
    from generator import cli

    answers = iter(["Prompted Cluster", "dk", "food", "gold", "2024-09", "https://prompted.example.org/news/gold"])
    args = cli.parser().parse_args(["new", "--registry", str(registry), "--build-date", "2026-11-25"])
    assert cli.cmd_new(args, io.StringIO(), lambda _question: next(answers)) == 0
    assert (registry / "clusters" / "dk" / "prompted-cluster.yml").is_file()
