"""No input makes the loader or the validator raise: every problem comes back as a diagnostic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.loader import parse, to_data
from generator.validate import Result, check_record, load_levels, load_sectors
from tests.conftest import BUILD_DATE, EXAMPLES, REGISTRY

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


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    check(data)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab: -[]{}&*!|>'\"#\n\t%@`,?~0123456789.")), max_size=120))
def test_yaml_punctuation_soup_never_crashes(text: str) -> None:
    check(text.encode())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=4), values)
def test_a_valid_record_with_any_value_replaced_never_crashes(path: list[int], new: Any) -> None:
    mutated = _replace(FULL, path, new)
    check(yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False).encode())
