"""No input makes the loader or the validator raise: every problem comes back as a diagnostic, and
every record that is accepted builds into pages and data files that parse strictly.

Bounded for CI by the Hypothesis profile "ci" (a few hundred examples per test, set in conftest.py);
``pytest --hypothesis-profile=thorough`` runs many more."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.assembly.outputs import generate
from generator.pages.site import Settings
from generator.records.checks import SCHEMA_LINE, check_record
from generator.records.findings import Result
from generator.records.loader import parse, to_data
from generator.records.validate import load_levels, load_sectors, validate
from tests.conftest import BUILD_DATE, EXAMPLES, REGISTRY, empty_registry

LEVELS = load_levels(REGISTRY, Result())
SECTORS = load_sectors(REGISTRY, Result())
RECORD_PATH = Path("registry/clusters/de/full-record.yml")
FULL = to_data(parse("full.yml", (EXAMPLES / "valid" / "full-record.yml").read_bytes()).root)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["2021", "2021-02-30", "2021-13", "gold", "DE", "EL", "ict", "https://x.org/", "javascript:x"]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=12), st.sampled_from(["id", "labels", "level", "awarded", "location"])),
            children,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


def check(data: bytes) -> Result:
    result = Result()
    check_record(parse(str(RECORD_PATH), data), RECORD_PATH, LEVELS, SECTORS, BUILD_DATE, result)
    for diagnostic in result.errors + result.warnings:
        assert diagnostic.line >= 1 and diagnostic.column >= 1 and diagnostic.field and diagnostic.message
    return result


@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    check(data)


@given(st.text(alphabet=st.sampled_from(list("ab: -[]{}&*!|>'\"#\n\t%@`,?~0123456789.")), max_size=120))
def test_yaml_punctuation_soup_never_crashes(text: str) -> None:
    check(text.encode())


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_arbitrary_yaml_never_crashes(value: Any) -> None:
    check(yaml.safe_dump(value, allow_unicode=True).encode())


def _replace(data: Any, path: list[int], new: Any) -> Any:
    """Put ``new`` somewhere inside ``data``, choosing the place by the numbers in ``path``."""
    if not path or not isinstance(data, (dict, list)) or not data:
        return new
    if isinstance(data, dict):
        key = sorted(data)[path[0] % len(data)]
        return {**data, key: _replace(data[key], path[1:], new)}
    index = path[0] % len(data)
    return [*data[:index], _replace(data[index], path[1:], new), *data[index + 1 :]]


SHIPPED = [
    (path, to_data(parse(path.name, path.read_bytes()).root)) for path in sorted(REGISTRY.glob("clusters/*/*.yml"))
]
mutation_paths = st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=4)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(mutation_paths, values)
def test_a_valid_record_with_any_value_replaced_never_crashes(path: list[int], new: Any) -> None:
    mutated = _replace(FULL, path, new)
    check(yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False).encode())


TEXT_FIELDS = ["name", "acronym", "legal_name", "description", "region", "city", "note", "title", "quote", "publisher"]


def _with_text(data: dict[str, Any], field: str, text: str) -> dict[str, Any]:
    """The record with one of its text fields, or its newest label's, set to ``text``."""
    record = dict(data)
    if field in ("note", "title", "quote", "publisher"):
        labels = [dict(label) for label in record["labels"]]
        newest = labels[-1]
        if field == "note":
            newest["note"] = text
        elif isinstance(newest.get("source"), dict):
            newest["source"] = {**newest["source"], field: text}
        record["labels"] = labels
    else:
        record[field] = text
    return record


def build_or_diagnose(source: Path, data: Any) -> bool:
    """Validate one record in a registry of its own; build it if accepted, parsing every output strictly."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    with tempfile.TemporaryDirectory() as folder:
        registry = empty_registry(Path(folder) / "registry")
        target = registry / "clusters" / source.parent.name / source.name
        target.parent.mkdir(parents=True)
        target.write_text(f"{SCHEMA_LINE}\n{text}", "utf-8")
        result = validate(registry, build_date=BUILD_DATE)
        for diagnostic in result.errors + result.warnings:
            assert diagnostic.line >= 1 and diagnostic.column >= 1 and diagnostic.field and diagnostic.message
        if result.registry is None:
            assert result.errors
            return False
        pages = generate(result.registry, Settings(build_date=BUILD_DATE, site_url="https://registry.example.org/"))
        for page in pages:
            parse_strictly(page.path, page.content)
        return True


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SHIPPED), mutation_paths, values)
def test_any_shipped_record_mutated_validates_or_is_diagnosed_and_builds_strictly(
    record: tuple[Path, Any], path: list[int], new: Any
) -> None:
    """A mutated shipped record either fails with diagnostics, or builds into outputs that parse strictly."""
    source, data = record
    if build_or_diagnose(source, _replace(data, path, new)):
        event("accepted and built")


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(st.sampled_from(SHIPPED), st.sampled_from(TEXT_FIELDS), st.text(min_size=2, max_size=300))
def test_any_text_in_a_shipped_record_is_refused_or_builds_strictly(
    record: tuple[Path, Any], field: str, text: str
) -> None:
    source, data = record
    if build_or_diagnose(source, _with_text(data, field, text)):
        event("accepted and built")


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def parse_strictly(path: str, content: str) -> None:
    """Each output in the format its address promises, with nothing a strict reader would refuse."""
    if path.endswith((".json", ".geojson")):
        json.loads(content, parse_constant=_no_constant)
    elif path.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"), newline=""), strict=True))
        assert len({len(row) for row in rows}) == 1, path
    elif path.endswith((".svg", ".atom", ".xml")):
        ElementTree.fromstring(content.encode("utf-8"))
    elif path.endswith(".md"):
        front, _, body = content.removeprefix("---\n").partition("\n---\n")
        assert isinstance(yaml.safe_load(front), dict), path
        assert body.strip(), path
