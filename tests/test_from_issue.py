"""``python -m generator from-issue``: the issue form "Add or renew a label" as GitHub renders it, turned
into a record change that validates, or refused with what is wrong; hostile text stays text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.records.loader import read, to_data
from generator.records.validate import validate
from generator.tools.history import rewrites
from generator.tools.issueform import FIELDS, FormError, parse
from tests.conftest import ROOT, SHIPPED_DATE
from tests.sitebuild import run_generator

BODIES = Path(__file__).with_name("issue-bodies")
BUILD_DATE = SHIPPED_DATE
ENV = {"PYTHONPATH": str(ROOT)}


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "registry", tmp_path / "registry")
    return tmp_path


def from_issue(body: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], str]:
    path = cwd / "body.md"
    path.write_text(body, "utf-8")
    report = cwd / "report.md"
    done = run_generator(
        "from-issue", str(path), "--report", str(report), "--build-date", BUILD_DATE.isoformat(), cwd=cwd, env=ENV
    )
    return done, report.read_text("utf-8") if report.exists() else ""


def answer(body: str, label: str, value: str) -> str:
    """The body with another answer to one field."""
    heading = f"### {label}\n\n"
    start = body.index(heading) + len(heading)
    end = body.index("\n\n### ", start) if "\n\n### " in body[start:] else len(body.rstrip("\n"))
    return body[:start] + value + body[end:]


def label(key: str) -> str:
    return next(f.label for f in FIELDS if f.key == key)


RENEWAL = (BODIES / "renewal.md").read_text("utf-8")
NEW = (BODIES / "new-record.md").read_text("utf-8")


def test_the_form_asks_what_the_reader_reads() -> None:
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "add-or-renew-label.yml").read_text("utf-8"))
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    assert [(f["id"], f["attributes"]["label"]) for f in fields] == [(f.key, f.label) for f in FIELDS]
    required = {f["id"] for f in fields if f.get("validations", {}).get("required")}
    assert required == {f.key for f in FIELDS if f.required}
    assert next(f for f in fields if f["id"] == "level")["attributes"]["options"] == ["bronze", "silver", "gold"]


def test_a_renewal_is_added_to_its_record_and_keeps_history(checkout: Path) -> None:
    done, report = from_issue(RENEWAL, checkout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert report == "Recorded in `registry/clusters/de/silicon-saxony.yml`, from the answers of the form.\n\n"
    data = to_data(read(checkout / "registry/clusters/de/silicon-saxony.yml", "x").root)
    assert isinstance(data, dict)
    assert data["labels"][-1] == {
        "level": "gold",
        "awarded": "2026-11",
        "awarded_by": "ESCA",
        "source": {
            "url": "https://www.silicon-saxony.example.org/news/gold-label-2026",
            "title": "Silicon Saxony erneut mit Gold ausgezeichnet",
            "publisher": "Silicon Saxony",
            "published": "2026-11-20",
            "language": "de",
            "quote": "Silicon Saxony hat das GOLD-Label zum vierten Mal erhalten.",
        },
    }
    assert "someone@example.org" not in (checkout / "registry/clusters/de/silicon-saxony.yml").read_text("utf-8")
    base = validate(ROOT / "registry", build_date=BUILD_DATE).registry
    head = validate(checkout / "registry", build_date=BUILD_DATE).registry
    assert base is not None and head is not None and rewrites(base, head) == []


def test_an_organisation_new_to_the_registry_gets_a_record(checkout: Path) -> None:
    done, report = from_issue(NEW, checkout)
    assert done.returncode == 0, done.stdout + done.stderr
    path = checkout / "registry/clusters/pl/klaster-przykladowy.yml"
    assert report.startswith("Recorded in `registry/clusters/pl/klaster-przykladowy.yml`")
    data = to_data(read(path, "x").root)
    assert isinstance(data, dict)
    assert data["sectors"] == ["food", "sports-leisure-tourism"]  # "Lebensmittel, tour"
    assert data["checked"] == BUILD_DATE.isoformat()
    assert run_generator("validate", "--strict", "registry/", cwd=checkout, env=ENV).returncode == 0


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (answer(RENEWAL, label("level"), "_No response_"), "- **Level**: an answer is needed"),
        (
            answer(RENEWAL, label("awarded"), "24.11.2026"),
            "- **Date awarded, as the document gives it**: ``the text `24.11.2026` must be a date",
        ),
        (
            answer(RENEWAL, label("source"), "https://www.silicon-saxony.de/"),
            "- **Address of the document that records the award**: `` `https://www.silicon-saxony.de/` is a site's home"
            " page, not the document that records the award",
        ),
        (
            answer(RENEWAL, label("id"), "no-such-cluster"),
            "- **Record id, if the organisation is already in the registry**: no record has the id `no-such-cluster`",
        ),
        (
            answer(RENEWAL, label("id"), "../../etc/passwd"),
            "- **Record id, if the organisation is already in the registry**: `../../etc/passwd` is not a record id",
        ),
        (
            answer(NEW, label("country"), "_No response_"),
            "- **Record id, if the organisation is already in the registry**: give the record's id; or",
        ),
        (answer(NEW, label("country"), "Atlantis"), "- **Country, if new**: `` `Atlantis` is not a country code"),
        (answer(RENEWAL, label("title"), "one\ntwo"), "- **Document's title**: write it on one line"),
        ("Please add our gold label!", "the issue's text holds none of the form's headings"),
        (RENEWAL + "\n### Level\n\nbronze\n", "the heading `Level` appears 2 times; it may appear once"),
        ("x" * 20_001, "the issue's text is longer than 20,000 characters"),
    ],
    ids=[
        "missing", "date", "home-page", "unknown-id", "path-id", "new-without-country", "country", "two-lines",
        "not-the-form", "heading-twice", "too-long",
    ],
)  # fmt: skip
def test_each_kind_of_wrong_answer_is_said_in_the_forms_terms(checkout: Path, body: str, said: str) -> None:
    before = sorted(p.read_bytes() for p in (checkout / "registry").rglob("*.yml"))
    done, report = from_issue(body, checkout)
    assert done.returncode == 1, report
    assert report.startswith("The form's answers could not be turned into a record:\n\n")
    assert said in report, report
    assert report.endswith("\n\nEdit the issue to correct them; a maintainer then runs this again.\n")
    assert sorted(p.read_bytes() for p in (checkout / "registry").rglob("*.yml")) == before  # nothing written


def test_an_answer_that_looks_like_an_option_is_an_answer(checkout: Path) -> None:
    outside = checkout.parent / "elsewhere"
    body = answer(RENEWAL, label("awarded"), f"--registry={outside}")
    done, report = from_issue(body, checkout)
    assert done.returncode == 1
    assert "**Date awarded, as the document gives it**: ``the text `--registry=" in report
    assert not outside.exists()


def test_hostile_text_is_kept_as_text_in_the_record_and_escaped_in_the_comment(checkout: Path) -> None:
    quote = 'Gold! <script>alert(1)</script> [x](javascript:alert(1)) `` ``` $(rm -rf /) ; "quoted"'
    done, report = from_issue(answer(RENEWAL, label("quote"), quote), checkout)
    assert done.returncode == 0, report
    data = to_data(read(checkout / "registry/clusters/de/silicon-saxony.yml", "x").root)
    assert isinstance(data, dict) and data["labels"][-1]["source"]["quote"] == quote
    bad = answer(RENEWAL, label("publisher"), "\x1b[31mred\x07 [x](javascript:alert(1))")
    done, report = from_issue(bad, checkout)
    assert done.returncode == 1
    assert "\x1b" not in report and "\x07" not in report
    assert "](javascript" not in report.replace("`](javascript", "")


def test_parse_reads_answers_between_the_forms_headings() -> None:
    answers = parse(RENEWAL.replace("\n", "\r\n"))
    assert answers["id"] == "silicon-saxony" and answers["name"] == "" and answers["contact"] == "someone@example.org"
    assert answers["quote"] == "Silicon Saxony hat das GOLD-Label\nzum vierten Mal erhalten."
    shuffled = RENEWAL.replace("### Level", "### Lev").replace("### Country, if new", "### Level")
    with pytest.raises(FormError, match="not in the form's order"):
        parse(shuffled)


def test_the_workflow_runs_on_a_maintainers_label_and_passes_the_body_as_data() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "from-issue.yml").read_text("utf-8"))
    assert workflow[True] == {"issues": {"types": ["labeled"]}}
    job = workflow["jobs"]["record"]
    assert job["if"] == "github.event.label.name == 'make-record' && github.event.issue.state == 'open'"
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    (step,) = [s for s in job["steps"] if "run" in s]
    assert step["run"] == "bash tasks.sh from-issue"
    assert step["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    text = (ROOT / ".github" / "workflows" / "from-issue.yml").read_text("utf-8")
    assert text.count("github.event.issue.body") == 1  # only ever as the environment variable
    tasks = (ROOT / "tasks.sh").read_text("utf-8")
    part = tasks[tasks.index("  from-issue)") : tasks.index("  validate | new")]
    assert part.count("ISSUE_BODY") == 1 and 'printf \'%s\' "${ISSUE_BODY:-}" > "$work/body.md"' in part
    assert "eval" not in part
