"""Example records: each valid one passes; each invalid one fails with exactly the problems it states.

An invalid example ends with ``# expect:`` lines, the diagnostics the validator
must give for it (without the file name). ``pytest --update-goldens`` rewrites
them from the current output; review the diff before committing it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.records.diagnostics import Diagnostic
from generator.records.validate import validate
from tests.conftest import BUILD_DATE, EXAMPLES

VALID = sorted((EXAMPLES / "valid").glob("*.yml"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.yml"))
EXPECT = b"# expect: "


def folder_for(data: bytes) -> str:
    """The country folder an example goes in: stated by ``# folder:``, else its country, else de."""
    stated = re.search(rb"^# folder: ([a-z]{2})$", data, re.M)
    if stated:
        return stated.group(1).decode()
    country = re.search(rb"^country: '?([A-Z]{2})'?$", data, re.M)
    return country.group(1).decode().lower() if country else "de"


def place(example: Path, registry: Path) -> Path:
    data = example.read_bytes()
    target = registry / "clusters" / folder_for(data) / example.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(example, target)
    return target


def rendered(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.severity} {diagnostic.text().split(':', 1)[1]}"


@pytest.mark.parametrize("example", VALID, ids=lambda p: p.stem)
def test_valid_example_passes(example: Path, registry: Path) -> None:
    place(example, registry)
    result = validate(registry, build_date=BUILD_DATE)
    assert result.errors == [] and result.warnings == []
    assert result.registry is not None and len(result.registry.clusters) == 1


@pytest.mark.parametrize("example", INVALID, ids=lambda p: p.stem)
def test_invalid_example_reports_what_it_expects(example: Path, registry: Path, update_goldens: bool) -> None:
    target = place(example, registry)
    result = validate(registry, build_date=BUILD_DATE)
    found = result.errors + result.warnings
    assert found, "an invalid example must produce at least one diagnostic"
    assert {d.path for d in found} == {target.as_posix()}
    lines = [rendered(d) for d in [*result.errors, *result.warnings]]
    data = example.read_bytes()
    body = b"".join(line for line in data.splitlines(keepends=True) if not line.startswith(EXPECT))
    if update_goldens:
        if not body.endswith(b"\n"):
            body += b"\n"
        example.write_bytes(body + b"".join(EXPECT + line.encode() + b"\n" for line in lines))
    expected = [line[len(EXPECT) :].decode() for line in data.splitlines() if line.startswith(EXPECT)]
    assert lines == expected


def test_every_invalid_example_is_reported_in_one_run(registry: Path) -> None:
    """All examples side by side: each file's problems are all found, none stops the others. Most examples
    share the placeholder name "Example Cluster", which side by side would be one organisation recorded
    many times: each gets its own name here (on the same line, so every position stays)."""
    targets = {place(example, registry): example for example in INVALID}
    for target in targets:
        text = target.read_bytes()
        target.write_bytes(
            re.sub(rb"(?m)^(name: .*?)Example Cluster", rb"\1Example " + target.stem.encode(), text, count=1)
        )
    result = validate(registry, build_date=BUILD_DATE)
    by_file: dict[str, list[str]] = {}
    for d in [*result.errors, *result.warnings]:
        by_file.setdefault(d.path, []).append(rendered(d))
    for target, example in targets.items():
        expected = [
            line[len(EXPECT) :].decode() for line in example.read_bytes().splitlines() if line.startswith(EXPECT)
        ]
        assert sorted(by_file.get(target.as_posix(), [])) == sorted(expected), example.name
    assert result.registry is None
    assert result.errors == sorted(result.errors)


def test_valid_and_invalid_examples_together_fail_only_on_the_invalid(registry: Path) -> None:
    for example in VALID:
        place(example, registry)
    place(EXAMPLES / "invalid" / "wrong-level.yml", registry)
    result = validate(registry, build_date=BUILD_DATE)
    assert {Path(d.path).name for d in result.errors} == {"wrong-level.yml"}


def test_empty_registry_is_valid(registry: Path) -> None:
    result = validate(registry, build_date=BUILD_DATE)
    assert result.ok and result.registry is not None and result.registry.clusters == ()
