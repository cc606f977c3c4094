"""The last commit of each record, read from git where the build runs in a checkout.

A citation names the version of the record it saw. Outside a checkout, or
without git, there is nothing to name and the pages say nothing about it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator.pages.labeltext import Revision

_SEPARATOR = "\x1e"
SHORT = 10
"""Characters of a commit id shown: fixed, so the same commit is always named the same way."""


def _git(repository: Path, *args: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run(
            [git, "-C", str(repository), *args], capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def record_revisions(repository: Path, folder: str = "registry/clusters") -> dict[str, Revision]:
    """Record path (relative to the repository) to the last commit that changed it.

    One ``git log`` over the folder, newest first: the first commit naming a path is its last
    change. A record with uncommitted changes gets none, since no commit holds what is built.
    """
    top = _git(repository, "rev-parse", "--show-toplevel")
    if top is None or Path(top.strip()).resolve() != repository.resolve():
        return {}
    if (_git(repository, "rev-parse", "--is-shallow-repository") or "").strip() != "false":
        return {}  # a shallow clone would credit every record to its one commit
    log = _git(repository, "log", f"--format={_SEPARATOR}%H %cs", "--name-only", "--no-renames", "--", folder)
    if log is None:
        return {}
    revisions: dict[str, Revision] = {}
    for block in log.split(_SEPARATOR)[1:]:
        head, _, names = block.partition("\n")
        commit, _, date = head.strip().partition(" ")
        for name in names.split("\n"):
            name = name.strip()
            if name and name not in revisions:
                revisions[name] = Revision(date=date, commit=commit[:SHORT])
    dirty = _git(repository, "status", "--porcelain", "--untracked-files=all", "--", folder) or ""
    for line in dirty.splitlines():
        revisions.pop(line[3:].strip().strip('"'), None)
    return revisions
