"""The review queue: what needs a maintainer's look, most urgent first."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import markdown

from generator.records.status import assess_all
from generator.records.validate import validate
from generator.tools.due import queue, report
from tests.sitebuild import run_generator
from tests.test_pages import GOLDEN


def entries(day: dt.date, within: int = 90, dead: dict[str, list[str]] | None = None) -> list[tuple[str, list[str]]]:
    result = validate(GOLDEN / "registry", build_date=day)
    assert result.registry is not None
    found = queue(result.registry, assess_all(result.registry, day), day, within=within, dead=dead)
    return [(e.cluster.id, e.reasons) for e in found]


def test_ending_labels_come_first_then_dead_sources_then_ended_labels() -> None:
    found = entries(dt.date(2026, 11, 25), dead={"valid-gold": ["https://valid-gold.example.org/gold"]})
    assert found == [
        ("expiring-bronze", ["BRONZE label ends in 27 days (2026-12-22)"]),
        ("valid-gold", ["cited address does not answer: `https://valid-gold.example.org/gold`"]),
        (
            "open-gold",
            ["GOLD label may have ended (2026-01-01 to 2027-12-31, by the registry's rule); no later label on record"],
        ),
        (
            "expired-silver",
            ["SILVER label ended (2023-01-01 to 2023-12-31, by the registry's rule); no later label on record"],
        ),
    ]


def test_the_window_and_the_year_since_the_last_check() -> None:
    ids = [record for record, _ in entries(dt.date(2026, 11, 25), within=300)]
    assert ids[:2] == ["expiring-bronze", "valid-gold"]
    later = dict(entries(dt.date(2027, 9, 15)))
    assert "last checked 2026-08-31" in later["undated-silver"]
    assert later["valid-gold"] == ["GOLD label ended (2027-06-15); no later label on record", "last checked 2026-08-31"]


def test_the_report_is_markdown_without_links_from_record_text(tmp_path: Path) -> None:
    result = validate(GOLDEN / "registry", build_date=dt.date(2026, 11, 25))
    assert result.registry is not None
    day = dt.date(2026, 11, 25)
    text = report(queue(result.registry, assess_all(result.registry, day), day), day, 90)
    html = markdown.markdown(text, extensions=["tables"])
    assert "<table>" in html and "<code>Expiring &lt;Bronze&gt; &amp; Co</code>" in html
    assert "<a " not in html


def test_the_command_reads_the_dead_list_of_the_address_check(tmp_path: Path) -> None:
    dead = tmp_path / "dead.json"
    dead.write_text(json.dumps([{"record": "valid-gold", "field": "labels[1].source", "url": "https://x.org/a"}]))
    done = run_generator(
        "due", "--registry", str(GOLDEN / "registry"), "--dead", str(dead), "--build-date", "2026-11-25"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("## Records to re-check\n")
    assert (
        "| `registry/clusters/de/valid-gold.yml` | `Valid Gold Cluster` | cited address does not answer:" in done.stdout
    )
    assert run_generator("due", "--registry", str(GOLDEN / "registry"), "--within", "-1").returncode == 2


def test_records_from_one_list_are_grouped_to_be_rechecked_in_one_pass() -> None:
    from tests.conftest import REGISTRY
    from tests.conftest import SHIPPED_DATE as BUILD_DATE

    result = validate(REGISTRY, build_date=BUILD_DATE)
    assert result.registry is not None
    found = queue(result.registry, assess_all(result.registry, BUILD_DATE), BUILD_DATE)
    text = report(found, BUILD_DATE, 90)
    denmark = "http://www.cluster-analysis.org/benchmarked-clusters/?country=85085f32-41ea-4057-9858-bde654060578"
    members = [e.cluster.path for e in found if e.listed_in == denmark]
    assert len(members) >= 8
    heading = f"### From one list ({len(members)} records): `{denmark}`\n"
    assert heading in text
    group = text.split(heading, 1)[1].lstrip("\n").split("\n\n", 1)[0]
    assert [line.split("`")[1] for line in group.splitlines()[2:]] == members
    # Each record once, and a record from no shared document in its own group.
    assert sum(text.count(f"| `{e.cluster.path}` |") for e in found) == len(found)
    assert "### Each from its own document\n" in text
    assert all(e.listed_in is None or e.listed_in == e.cluster.latest_label().source.url for e in found)  # type: ignore[union-attr]
