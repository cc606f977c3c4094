"""Fuzzing with the hostile classes themselves: any field of a shipped record, and any option of a command,
given a value of a class that once crashed a build or was published with harm, is refused with a position,
or is taken and every output parses strictly. A new field or option meets the same values without a test
of its own. Bounded by the Hypothesis profile "ci" (conftest.py)."""

from __future__ import annotations

import io
import shutil
import tempfile
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from generator import cli
from tests.conftest import ROOT
from tests.test_property import SHIPPED, _replace, build_or_diagnose, mutation_paths

GOLDEN_REGISTRY = ROOT / "tests" / "golden" / "registry"

HOSTILE_CHARACTERS = [
    "\ufffe",  # noncharacters: no XML file may hold them
    "\ufdd0",
    "\U0010ffff",
    "\x1b[2K\x1b[1A",  # terminal escapes
    "\x07",
    "\x9b",
    "\u202e",  # a bidi override
    "\u3164",  # a Hangul filler, a letter that shows as nothing
    "\u2800",  # braille blank
    "\U0001f3c6",
    "\n::error file=x::forged\n",
    '"',
    "<",
    "&",
    "%0A",
]
HOSTILE_DATES = ["0000", "0000-01", "0001", "2008-12", "9999-12-31", "2031-01", "2009", "2026-12-03", "2024-02-30"]
HOSTILE_ADDRESSES = [
    "https://[news.example.org]/gold",
    "https://192.0.2.7/gold",
    'https://www.example.org/go"ld',
    "https://www.example.org/?utm_source=x",
    "https://user:secret@www.example.org/gold",
    "https://localhost/gold",
    "https://exa_mple.org/gold",
    "https://www.example.org:99999/gold",
    "https://www.example.org/" + "a" * 2100,
]
HOSTILE_WORDS = ["index", "page", "qq-XSS3", "xx-XX", "de-DE-1996"]

hostile_text = st.lists(
    st.one_of(st.text(max_size=6), st.sampled_from(HOSTILE_CHARACTERS)), min_size=1, max_size=5
).map("".join)
hostile = st.one_of(
    hostile_text,
    st.sampled_from(HOSTILE_DATES),
    st.sampled_from(HOSTILE_ADDRESSES),
    st.sampled_from(HOSTILE_WORDS),
)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=200)
@given(st.sampled_from(SHIPPED), mutation_paths, hostile)
def test_any_field_given_a_hostile_value_is_refused_or_builds_strictly(
    record: tuple[Path, Any], path: list[int], value: str
) -> None:
    source, data = record
    if build_or_diagnose(source, _replace(data, path, value)):
        event("accepted and built")


COMMANDS = [
    ["validate", "{registry}"],
    ["validate", "{registry}", "--format", "github"],
    ["validate", "{registry}", "--format", "json"],
    ["due", "--registry", "{registry}", "--dead", "{file}"],
    ["changes", "--base", "{registry}", "--head", "{registry}"],
    ["new", "--registry", "{registry}", "--no-input", "--name", "{value}", "--country", "DE", "--sectors", "ict"],
    ["new", "--registry", "{registry}", "--no-input", "--name", "Fuzz Cluster", "--country", "{value}"],
    [
        "new",
        "--registry",
        "{registry}",
        "--no-input",
        "--name",
        "Fuzz Cluster",
        "--country",
        "DE",
        "--sectors",
        "ict",
        "--level",
        "gold",
        "--awarded",
        "{value}",
        "--source",
        "{value}",
    ],
    ["validate", "{value}"],
    ["due", "--registry", "{registry}", "--within", "{value}"],
    ["{value}"],
]


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(st.sampled_from(COMMANDS), hostile, hostile_text)
@example(["validate", "{value}"], "\ufffe", "")  # a noncharacter in a file name, once echoed raw
def test_no_command_option_or_file_makes_a_command_raise(command: list[str], value: str, content: str) -> None:
    """Every command returns an exit status, and what it prints is one report: no traceback, no raw control
    character, and nothing written outside the registry it was given."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        registry = shutil.copytree(GOLDEN_REGISTRY, base / "registry")
        file = base / "given.json"
        file.write_text(content, "utf-8")
        before = sorted(p.relative_to(base).as_posix() for p in base.rglob("*"))
        argv = [part.format(registry=registry, file=file, value=value) for part in command]
        out, err = io.StringIO(), io.StringIO()
        with redirect_stderr(err):
            dated = argv if command == ["{value}"] else [*argv, "--build-date", "2026-11-25"]
            status = cli.main(dated, out=out)
        assert status in (cli.EXIT_OK, cli.EXIT_INVALID, cli.EXIT_USAGE), (argv, err.getvalue())
        for printed in (out.getvalue(), err.getvalue()):
            assert "Traceback" not in printed
            assert not any(char in printed for char in "\x1b\x07\x9b\ufffe"), (argv, printed)
        after = {p.relative_to(base).as_posix() for p in base.rglob("*")}
        written = after - set(before)
        assert all(path.startswith("registry/clusters/") for path in written), written
        event(f"exit {status}")


def test_the_fuzzed_commands_start_from_a_valid_registry() -> None:
    """Otherwise every command would stop at the first validation and the fuzzing would test nothing else."""
    out = io.StringIO()
    assert cli.main(["validate", str(GOLDEN_REGISTRY), "--build-date", "2026-11-25"], out=out) == cli.EXIT_OK
