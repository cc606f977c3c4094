"""Text is what it looks like: one spelling per name, no invisible characters, no look-alike names."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.records.lookalike import lookalike, skeleton
from generator.records.validate import validate
from tests.conftest import REGISTRY, SHIPPED_DATE, empty_registry


def test_names_that_look_alike_share_a_skeleton() -> None:
    assert lookalike("Silicon Saxony", "\u0405ilicon Saxony")  # Cyrillic capital DZE
    assert lookalike("Silicon Saxony", "Silicon  Saxony")
    assert lookalike("GCE NODE", "GCE N\u039fDE")  # Greek capital omicron
    assert not lookalike("Silicon Saxony", "Silicon Saxonia")
    assert not lookalike("Silicon Saxony", "Silicon Saxony")
    assert skeleton("e\u0301") == skeleton("\u00e9")


def test_a_lookalike_name_is_an_error_on_both_records(tmp_path: Path) -> None:
    registry = empty_registry(tmp_path / "registry")
    (registry / "clusters" / "de").mkdir()
    original = REGISTRY / "clusters" / "de" / "silicon-saxony.yml"
    shutil.copyfile(original, registry / "clusters" / "de" / "silicon-saxony.yml")
    text = original.read_text("utf-8").replace("id: silicon-saxony", "id: silicon-saxony-copy")
    text = text.replace("\nname: Silicon Saxony\n", '\nname: "\\u0405ilicon Saxony"\n')
    (registry / "clusters" / "de" / "silicon-saxony-copy.yml").write_text(text, "utf-8")
    result = validate(registry, build_date=SHIPPED_DATE)
    assert sorted((Path(d.path).name, d.field, d.message.split(" but ")[0]) for d in result.errors) == [
        (
            "silicon-saxony-copy.yml",
            "name",
            f"looks the same as the name in {registry}/clusters/de/silicon-saxony.yml:3",
        ),
        (
            "silicon-saxony.yml",
            "name",
            f"looks the same as the name in {registry}/clusters/de/silicon-saxony-copy.yml:3",
        ),
    ]


def test_the_shipped_registry_has_no_lookalike_names() -> None:
    assert validate(REGISTRY, build_date=SHIPPED_DATE).errors == []
