"""The published JSON Schema and the validator agree: editors and pull requests say the same."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import fastjsonschema
import jsonschema
import pytest

from generator.records import schema
from generator.records.checks import SCHEMA_LINE
from generator.records.loader import parse, to_data
from tests.conftest import REGISTRY
from tests.test_examples import INVALID, VALID

RECORDS = sorted(REGISTRY.glob("clusters/*/*.yml"))


@pytest.mark.parametrize("name", schema.SCHEMAS)
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema.schema(name))


def _data(path: Path) -> object:
    document = parse(path.name, path.read_bytes())
    return to_data(document.root) if document.root is not None and not document.errors else None


@pytest.mark.parametrize("path", VALID + RECORDS, ids=lambda p: p.stem)
def test_valid_records_pass_the_schema(path: Path) -> None:
    data = _data(path)
    assert list(jsonschema.Draft202012Validator(schema.schema("cluster")).iter_errors(data)) == []
    assert schema.check("cluster", data, None, path.name) == []


READABLE_INVALID = [p for p in INVALID if _data(p) is not None]


@pytest.mark.parametrize("path", READABLE_INVALID, ids=lambda p: p.stem)
def test_schema_failures_fail_the_validator_and_both_schema_engines_agree(path: Path) -> None:
    data = _data(path)
    used = schema.checked_schema("cluster")  # the published schema with patterns matching whole
    full = list(jsonschema.Draft202012Validator(used).iter_errors(data))
    try:
        fastjsonschema.compile(used)(data)
        fast_ok = True
    except fastjsonschema.JsonSchemaException:
        fast_ok = False
    assert fast_ok == (not full)
    ours = schema.check("cluster", data, None, path.name)
    assert bool(ours) == bool(full)
    if full:
        expected = path.read_text("utf-8", errors="replace")
        assert "# expect: error" in expected


def test_every_record_names_the_schema_on_its_first_line() -> None:
    for path in RECORDS:
        assert path.read_text("utf-8").split("\n", 1)[0] == SCHEMA_LINE
    target = (RECORDS[0].parent / SCHEMA_LINE.split("=", 1)[1]).resolve()
    assert target == (Path(str(resources.files("generator"))) / "schemas" / "cluster.schema.json").resolve()


def test_vocabularies_pass_their_schemas() -> None:
    for name in ("levels", "sectors"):
        data = _data(REGISTRY / f"{name}.yml")
        assert schema.check(name, data, None, name) == []


def test_schema_examples_are_themselves_valid() -> None:
    record = {
        "id": "x-y",
        "name": "Example",
        "country": "DE",
        "sectors": ["ict"],
        "labels": schema.schema("cluster")["properties"]["labels"]["examples"][0],
        "checked": schema.schema("cluster")["properties"]["checked"]["examples"][0],
    }
    assert schema.check("cluster", record, None, "x") == []
