"""Problems where a pull request's author looks: on the lines the pull request changed.

GitHub shows an annotation inside a pull request's diff only on a line the diff shows. A problem on an
unchanged line (a label added at the top of ``labels:`` makes the check fail on the old labels below) would
be listed only in the run's log. So each such problem is moved to the nearest changed line of the same
file, saying which line it is about, and the job summary lists every problem with a link to its line.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from generator.records.diagnostics import Diagnostic
from generator.render import markdown_code, markdown_link_target

_FILE = re.compile(r"^\+\+\+ b/(.*)$")
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class DiffError(Exception):
    """The base commit could not be compared with the working tree."""


def parse(diff: str) -> dict[str, set[int]]:
    """Changed line numbers of each file in the new version, from ``git diff --unified=0``. A hunk that
    only deletes names the line after which it deleted (or line 1)."""
    changed: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            match = _FILE.match(line)
            current = changed.setdefault(match.group(1), set()) if match else None  # +++ /dev/null: deleted
            continue
        hunk = _HUNK.match(line)
        if hunk and current is not None:
            start, count = int(hunk.group(1)), int(hunk.group(2) if hunk.group(2) is not None else 1)
            current.update(range(start, start + count) if count else [max(start, 1)])
    return changed


def changed_lines(repository: Path, base: str, paths: Iterable[str]) -> dict[str, set[int]]:
    """Lines of the working tree that differ from commit ``base``, by path relative to the repository."""
    git = shutil.which("git")
    if git is None:
        raise DiffError("git is not installed")
    if not re.fullmatch(r"[0-9A-Za-z._/^~-]{1,200}", base) or base.startswith("-"):
        raise DiffError(f"{base!r} is not a commit name")
    done = subprocess.run(
        [git, "-C", str(repository), "diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-renames",
         "--src-prefix=a/", "--dst-prefix=b/", base, "--", *paths],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise DiffError(done.stderr.strip() or f"git diff {base} failed")
    return parse(done.stdout)


def nearest(line: int, lines: set[int]) -> int:
    """The changed line closest to ``line``; the earlier one where two are as close."""
    return min(lines, key=lambda candidate: (abs(candidate - line), candidate))


def onto_changed_lines(problems: Iterable[Diagnostic], changed: dict[str, set[int]]) -> list[Diagnostic]:
    """Each problem on a line the diff does not change, in a file it does, moved to the nearest changed
    line and saying which line it concerns. Problems in files the diff leaves alone stay where they are."""
    moved = []
    for problem in problems:
        lines = changed.get(problem.path)
        if lines and problem.line not in lines:
            target = nearest(problem.line, lines)
            problem = dataclasses.replace(
                problem,
                line=target,
                column=1,
                message=f"line {problem.line} (unchanged by this pull request): {problem.message}",
            )
        moved.append(problem)
    return moved


def summary(problems: Iterable[Diagnostic], link_base: str, heading: str) -> str:
    """Markdown for the job summary: every problem with a link to its line (``link_base`` + path + ``#L``)."""
    items = []
    for problem in sorted(problems):
        where = f"{problem.path}:{problem.line}"
        target = f"{link_base}{problem.path}#L{problem.line}" if link_base else ""
        place = f"[{markdown_code(where)}]({markdown_link_target(target)})" if target else markdown_code(where)
        hint = f" ({problem.hint})" if problem.hint else ""
        items.append(f"- {place} {markdown_code(problem.field)}: {markdown_code(problem.message + hint)}")
    if not items:
        return ""
    return "\n".join([f"## {heading}", "", *items, ""]) + "\n"
