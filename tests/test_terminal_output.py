"""What the commands print is the report and nothing else: record text and file names cannot rewrite the
screen or forge a finding, a closed pipe ends a command quietly, and a bad file option is a usage error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.records.diagnostics import Diagnostic, format_github, format_text, printable
from tests.conftest import EXAMPLES, ROOT, SHIPPED_DATE
from tests.sitebuild import run_generator

HOSTILE_KEY = "x\x1b[2K\x1b[1Avalid: 0 errors\x07"


def _record(registry: Path, name: str, text: str) -> Path:
    folder = registry / "clusters" / "de"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def _invalid_record() -> str:
    return (EXAMPLES / "invalid" / "unknown-field.yml").read_text("utf-8")


def test_record_text_reaches_the_terminal_as_escapes(registry: Path) -> None:
    text = _invalid_record().replace("nmae: Example Cluster", f'"{HOSTILE_KEY.encode("unicode_escape").decode()}": 1')
    _record(registry, "unknown-field.yml", text)
    for form in ("text", "github", "json"):
        done = run_generator("validate", str(registry), "--format", form, env={"BUILD_DATE": "2026-11-25"})
        assert done.returncode == 1
        for stream in (done.stdout, done.stderr):
            assert "\x1b" not in stream and "\x07" not in stream, form
        if form != "json":
            assert "x\\x1b[2K\\x1b[1Avalid: 0 errors\\x07" in done.stdout


def test_a_file_name_with_a_line_break_cannot_forge_a_finding(registry: Path) -> None:
    path = _record(registry, "unknown-field.yml", _invalid_record())
    forged = path.with_name("evil\n::error file=x.yml,line=1::forged\n.yml")
    try:
        path.rename(forged)
    except OSError:  # pragma: no cover - a file system that refuses line breaks in names
        pytest.skip("this file system refuses a line break in a file name")
    text = run_generator("validate", str(registry), env={"BUILD_DATE": "2026-11-25"})
    github = run_generator("validate", str(registry), "--format", "github", env={"BUILD_DATE": "2026-11-25"})
    assert text.returncode == github.returncode == 1
    assert not any(line.startswith("::error file=x.yml") for line in github.stdout.splitlines())
    assert all(line.startswith("::") for line in github.stdout.splitlines() if line)
    for line in text.stdout.splitlines():
        assert line.startswith(str(registry)), f"every line of the report is one finding: {line!r}"


def test_each_finding_is_one_line_whatever_its_parts_hold() -> None:
    found = Diagnostic("a\nb.yml", 1, 2, "f\r\u2028", "one\ntwo\u0085three", "hint\x1b")
    assert len(format_text([found], [found]).splitlines()) == 4, "a finding, a blank line, a heading, a warning"
    assert len(format_github([found], []).splitlines()) == 1
    assert printable("Gründer e. V. 中文") == "Gründer e. V. 中文", "letters of any script stay as they are"
    assert printable("\u202eevil") == "\\u202eevil"


def test_a_command_whose_reader_closes_the_pipe_stops_quietly(registry: Path) -> None:
    text = _invalid_record()
    for index in range(900):  # a report longer than a pipe holds
        _record(registry, f"unknown-field-{index}.yml", text.replace("id: unknown-field", f"id: unknown-field-{index}"))
    with subprocess.Popen(
        [sys.executable, "-m", "generator", "validate", str(registry)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "BUILD_DATE": "2026-11-25"},
    ) as reader:
        assert reader.stdout is not None and reader.stderr is not None
        reader.stdout.readline()
        reader.stdout.close()
        errors = reader.stderr.read().decode()
        assert reader.wait(timeout=120) == 141
    assert "Traceback" not in errors and "BrokenPipeError" not in errors


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot be read (No such file or directory)"),
        ('{"record": "x"}', "not the JSON list that check-addresses --dead-list writes"),
        ("[{}]", "not the JSON list that check-addresses --dead-list writes"),
        ("not json", "not the JSON list that check-addresses --dead-list writes"),
    ],
)
def test_due_reports_an_unusable_dead_list_as_a_usage_error(tmp_path: Path, content: str | None, message: str) -> None:
    dead = tmp_path / "dead.json"
    if content is not None:
        dead.write_text(content, "utf-8")
    done = run_generator("due", "--dead", str(dead), env={"BUILD_DATE": SHIPPED_DATE.isoformat()})
    assert done.returncode == 2, done.stderr
    assert f"error: --dead {dead}: {message}" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["pages", "--out", "{tmp}/site", "--templates", "{tmp}/no-such-folder"],
            "--templates {tmp}/no-such-folder: no such folder",
        ),
        (["pages", "--out", "{tmp}/a-file/site"], "--out {tmp}/a-file/site: cannot be written"),
        (["check-addresses", "--dead-list", "{tmp}/no-such-folder/dead.json"], "its folder does not exist"),
    ],
)
def test_a_file_option_that_cannot_be_used_is_a_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "a-file").write_text("", "utf-8")
    done = run_generator(*(a.format(tmp=tmp_path) for a in args), env={"BUILD_DATE": SHIPPED_DATE.isoformat()})
    assert done.returncode == 2, done.stderr
    assert message.format(tmp=tmp_path) in done.stderr and "Traceback" not in done.stderr
