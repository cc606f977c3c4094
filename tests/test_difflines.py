"""Problems where a pull request's author looks: on changed lines, and in the job summary with links."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator.records.diagnostics import Diagnostic
from generator.tools.difflines import nearest, onto_changed_lines, parse, summary
from tests.sitebuild import run_generator
from tests.test_pages import GOLDEN

ROOT = Path(__file__).resolve().parent.parent
RECORD = "registry/clusters/fr/expired-silver.yml"


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def repository(tmp_path: Path) -> Path:
    shutil.copytree(GOLDEN / "registry", tmp_path / "registry")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "registry")
    git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def insert_after(path: Path, anchor: str, text: str) -> None:
    content = path.read_text("utf-8")
    assert anchor in content
    path.write_text(content.replace(anchor, anchor + text, 1), "utf-8")


def test_a_hunk_header_gives_the_changed_lines() -> None:
    diff = (
        "diff --git a/r/x.yml b/r/x.yml\n--- a/r/x.yml\n+++ b/r/x.yml\n"
        "@@ -3 +3 @@\n-a\n+b\n@@ -10,0 +11,3 @@\n+c\n+d\n+e\n@@ -20,2 +22,0 @@\n-f\n-g\n"
        "diff --git a/r/gone.yml b/r/gone.yml\n--- a/r/gone.yml\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-h\n-i\n"
    )
    assert parse(diff) == {"r/x.yml": {3, 11, 12, 13, 22}}
    assert nearest(7, {3, 11}) == 3  # as close: the earlier
    assert nearest(8, {3, 11}) == 11


def test_only_problems_off_the_changed_lines_of_a_changed_file_move() -> None:
    problems = [
        Diagnostic("a.yml", 4, 7, "labels[1].awarded", "award of 2023 is listed after the award of 2024"),
        Diagnostic("a.yml", 12, 3, "name", "on a changed line"),
        Diagnostic("b.yml", 2, 1, "id", "in a file the change leaves alone"),
    ]
    moved = onto_changed_lines(problems, {"a.yml": {10, 11, 12}})
    assert moved[0] == Diagnostic(
        "a.yml",
        10,
        1,
        "labels[1].awarded",
        "line 4 (unchanged by this pull request): award of 2023 is listed after the award of 2024",
    )
    assert moved[1:] == problems[1:]


def test_a_label_put_in_the_middle_is_annotated_on_the_lines_added(tmp_path: Path) -> None:
    top = repository(tmp_path)
    insert_after(
        top / RECORD,
        "    awarded_by: ESCA\n    source: https://expired.example.org/bronze\n",
        "  - level: gold\n    awarded: 2024-05\n    source: https://expired.example.org/gold\n",
    )
    added = set(range(12, 15))
    done = run_generator(
        "validate", "registry/", "--format", "github", "--base-commit", "HEAD", "--build-date", "2026-11-25",
        cwd=top, env={"PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 1
    (annotation,) = done.stdout.splitlines()
    line = int(annotation.split("line=", 1)[1].split(",", 1)[0])
    assert line in added
    assert annotation.startswith(f"::error file={RECORD},line={line},col=1,title=labels[2].awarded::line 16")
    assert "(unchanged by this pull request): award of 2021 is listed after the award of 2024-05" in annotation
    without = run_generator(
        "validate", "registry/", "--format", "github", "--build-date", "2026-11-25", cwd=top,
        env={"PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert f"file={RECORD},line=16," in without.stdout


def test_the_job_summary_links_every_problem_to_its_line(tmp_path: Path) -> None:
    top = repository(tmp_path)
    insert_after(top / RECORD, "  - level: bronze\n", "    level: bronze\n")
    out = tmp_path / "summary.md"
    out.write_text("before\n", "utf-8")
    done = run_generator(
        "validate", "registry/", "--format", "github", "--base-commit", "HEAD", "--summary", str(out),
        "--link-base", "https://github.com/owner/repo/blob/0123abc/", "--build-date", "2026-11-25",
        cwd=top, env={"PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 1
    assert out.read_text("utf-8") == (
        "before\n## Problems in the records\n\n"
        f"- [`{RECORD}:9`](<https://github.com/owner/repo/blob/0123abc/{RECORD}#L9>) `level`:"
        " ``a second `level:` in one entry of the list: a new entry starts with `- ` (write `- level:` here,"
        " with the `- ` under the one of the entry above (line 8))``\n\n"
    )


def test_summary_text_cannot_break_out_of_its_code_span() -> None:
    text = summary([Diagnostic("a.yml", 1, 1, "name", "`](javascript:alert(1)) <b>")], "", "Problems")
    assert "javascript" in text and "](javascript" not in text.replace("`](javascript", "")


def test_a_base_that_is_not_a_commit_name_is_refused(tmp_path: Path) -> None:
    top = repository(tmp_path)
    for base in ("--output=/tmp/x", "no-such-commit"):
        done = run_generator(
            "validate", "registry/", f"--base-commit={base}", cwd=top, env={"PYTHONPATH": str(ROOT)}
        )  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(f"error: --base-commit {base}: "), done.stderr
