"""Who stands behind a build: footer and about page, licences, the record's last commit."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.pages.labeltext import Revision
from generator.tools.publisher import PLACEHOLDER, fill_publisher, publisher, publisher_markdown
from generator.tools.revisions import record_revisions
from tests.conftest import ROOT


def test_without_an_operator_the_issue_tracker_is_the_contact() -> None:
    details = publisher("", "", "https://github.com/example/registry")
    assert details["contact_url"] == "https://github.com/example/registry/issues"
    text = publisher_markdown(details)
    assert "No operator is configured for this build of the registry." in text
    assert "the contact is the repository's issue tracker: <https://github.com/example/registry/issues>" in text
    assert "CC BY 4.0" in text and "MIT licence" in text


def test_a_build_that_knows_no_contact_says_so() -> None:
    assert "names no contact address and no repository" in publisher_markdown(publisher("", "", ""))


def test_a_configured_operator_and_contact_are_shown() -> None:
    details = publisher("Example Operator", "registry@example.org", "")
    assert details["contact_url"] == "mailto:registry@example.org"
    text = fill_publisher(f"before\n\n{PLACEHOLDER}\n\nafter", details)
    assert "This registry is run by Example Operator. Contact: <registry@example.org>." in text


def test_the_shipped_configuration_names_no_operator_or_contact() -> None:
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert '      operator: ""\n' in config and '      contact: ""\n' in config
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("MIT License")
    assert "CC BY 4.0" in (ROOT / "registry" / "LICENSE.md").read_text("utf-8")
    assert (ROOT / ".github" / "CODEOWNERS").is_file()


def git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(folder), *args],
        check=True,
        capture_output=True,
        env={"GIT_AUTHOR_DATE": "2026-05-01T12:00:00Z", "GIT_COMMITTER_DATE": "2026-05-01T12:00:00Z", "HOME": "/"},
    )


def test_each_record_names_the_commit_that_last_changed_it(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "tests@example.org")
    git(tmp_path, "config", "user.name", "Tests")
    records = tmp_path / "registry" / "clusters" / "de"
    records.mkdir(parents=True)
    (records / "a.yml").write_text("a\n", "utf-8")
    (records / "b.yml").write_text("b\n", "utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    (records / "b.yml").write_text("b2\n", "utf-8")
    git(tmp_path, "commit", "-q", "-am", "second")
    revisions = record_revisions(tmp_path)
    a, b = revisions["registry/clusters/de/a.yml"], revisions["registry/clusters/de/b.yml"]
    assert a.date == b.date == "2026-05-01"
    assert len(a.commit) == len(b.commit) == 10 and a.commit != b.commit
    (records / "a.yml").write_text("uncommitted\n", "utf-8")
    assert "registry/clusters/de/a.yml" not in record_revisions(tmp_path)
    assert record_revisions(tmp_path / "registry") == {}  # not the top of a checkout
    assert isinstance(b, Revision)


def test_outside_a_checkout_nothing_is_named(tmp_path: Path) -> None:
    assert record_revisions(tmp_path) == {}
