"""``python -m generator add-label``: a renewal, or an award found later, added to an existing record."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.records.validate import validate
from generator.tools.history import rewrites
from tests.conftest import ROOT
from tests.sitebuild import run_generator
from tests.terminal import Terminal

BUILD_DATE = dt.date(2026, 12, 4)
"""The day the contributor adds the label: after every shipped record's `checked:`."""
ENV = {"PYTHONPATH": str(ROOT), "BUILD_DATE": BUILD_DATE.isoformat()}
SAXONY = "registry/clusters/de/silicon-saxony.yml"
SLOVENIA = "registry/clusters/si/acs-automotive-cluster-of-slovenia.yml"
RENEWAL = [
    "--level", "GOLD", "--awarded", "2026-11", "--source", "https://www.silicon-saxony.example.org/news/gold-2026",
    "--title", "Silicon Saxony erneut mit Gold ausgezeichnet", "--publisher", "Silicon Saxony", "--language", "de",
    "--quote", "Silicon Saxony hat das GOLD-Label zum vierten Mal erhalten.",
]  # fmt: skip


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the shipped registry, as a contributor's checkout holds it."""
    shutil.copytree(ROOT / "registry", tmp_path / "registry")
    return tmp_path


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_generator(*args, cwd=cwd, stdin="", env=ENV)


def added_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]


def test_a_renewal_goes_last_and_every_other_line_stays(checkout: Path) -> None:
    path = checkout / SAXONY
    before = path.read_text("utf-8")
    done = run("add-label", "silicon-saxony", *RENEWAL, cwd=checkout)
    assert done.returncode == 0, done.stderr
    after = path.read_text("utf-8")
    assert after.startswith(before.split("checked:")[0] + f"checked: {BUILD_DATE.isoformat()}\n")
    assert after.endswith(
        "\n  - level: gold\n"
        "    awarded: 2026-11\n"
        "    source:\n"
        "      url: https://www.silicon-saxony.example.org/news/gold-2026\n"
        "      title: Silicon Saxony erneut mit Gold ausgezeichnet\n"
        "      publisher: Silicon Saxony\n"
        "      language: de\n"
        "      quote: Silicon Saxony hat das GOLD-Label zum vierten Mal erhalten.\n"
    )
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    assert removed == [line for line in before.splitlines() if line.startswith("checked:")]
    assert done.stdout.splitlines() == [
        f"wrote {SAXONY}",
        "next:",
        "  1. compare the new label with its document; give nothing it does not state: see CONTRIBUTING.md",
        f"  2. {sys.executable} -m generator validate {SAXONY}",
        "  3. commit it on a new branch and open a pull request",
    ]
    base = validate(ROOT / "registry", build_date=BUILD_DATE).registry
    head = validate(checkout / "registry", build_date=BUILD_DATE).registry
    assert base is not None and head is not None
    assert rewrites(base, head) == []  # the pull request's history check passes
    assert len(head.by_id()["silicon-saxony"].labels) == len(base.by_id()["silicon-saxony"].labels) + 1


def test_an_earlier_award_goes_in_date_order_in_the_records_own_indentation(checkout: Path) -> None:
    path = checkout / SLOVENIA
    before = path.read_text("utf-8")
    assert "\n- level: bronze\n" in before  # this record writes its list without indentation
    done = run(
        "add-label", "acs-automotive-cluster-of-slovenia", "--level", "bronze", "--awarded", "2012-10",
        "--source", "https://acs.example.org/news/bronze-2012", cwd=checkout,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    after = path.read_text("utf-8")
    assert f"\nchecked: {BUILD_DATE.isoformat()}\n" in after
    assert (
        "labels:\n- level: bronze\n  awarded: 2012-10\n  source: https://acs.example.org/news/bronze-2012\n- level: bronze\n"
        in after
    )
    assert len(after.splitlines()) == len(before.splitlines()) + 3
    # The list row's label, which ended in 2016, stays after the award of 2012.
    assert after.index("awarded: 2012-10") < after.index("valid_until: 2016-11-04")
    assert run("validate", "--strict", "registry/", cwd=checkout).returncode == 0


def test_problems_are_named_by_option_and_nothing_is_written(checkout: Path) -> None:
    path = checkout / SAXONY
    before = path.read_text("utf-8")
    done = run(
        "add-label", "silicon-saxony", "--level", "platinum", "--awarded", "24.11.2026",
        "--source", "https://www.silicon-saxony.de/", cwd=checkout,
    )  # fmt: skip
    assert done.returncode == 1
    said = done.stderr.splitlines()
    assert said[0].startswith("--level: the text `platinum` is not allowed here")
    assert "(write `2026-11-24` (year, month, day))" in said[1] and said[1].startswith("--awarded: ")
    assert said[2].startswith("--source: `https://www.silicon-saxony.de/` is a site's home page")
    assert said[-1] == "not written: correct the options above and run again"
    assert path.read_text("utf-8") == before


def test_an_older_award_out_of_place_is_refused_as_a_history_problem(checkout: Path) -> None:
    done = run("add-label", "silicon-saxony", *RENEWAL[:2], "--awarded", "2030", *RENEWAL[4:], cwd=checkout)
    assert done.returncode == 1
    assert "--awarded: award date 2030 is after today" in done.stderr


def test_unknown_ids_missing_options_and_invalid_records_are_refused(checkout: Path) -> None:
    done = run("add-label", "no-such-cluster", *RENEWAL, cwd=checkout)
    assert done.returncode == 2
    assert done.stderr.startswith("error: no-such-cluster: no record with this id or path;")
    done = run("add-label", "silicon-saxony", "--level", "gold", cwd=checkout)
    assert done.returncode == 2
    assert done.stderr == "error: missing --awarded, --source\n"
    path = checkout / SAXONY
    path.write_text(path.read_text("utf-8").replace("country: DE", "country: Germany"), "utf-8")
    done = run("add-label", "silicon-saxony", *RENEWAL, cwd=checkout)
    assert done.returncode == 1
    assert f"{SAXONY}: correct these first; nothing written" in done.stderr


def test_a_symbolic_link_is_not_written_through(checkout: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    shutil.copy(checkout / SAXONY, outside)
    (checkout / SAXONY).unlink()
    (checkout / SAXONY).symlink_to(outside)
    before = outside.read_text("utf-8")
    done = run("add-label", "silicon-saxony", *RENEWAL, cwd=checkout)
    assert done.returncode in (1, 2)
    assert outside.read_text("utf-8") == before


def test_a_person_adds_a_renewal_in_a_terminal(checkout: Path) -> None:
    path = checkout / SAXONY
    before = path.read_text("utf-8")
    with Terminal("add-label", "silicon-saxony", cwd=checkout, env=ENV) as terminal:
        shown = terminal.answer("[--level]: ", "Gold")
        assert "A new label for Silicon Saxony (registry/clusters/de/silicon-saxony.yml)" in shown
        assert "New label 1" in shown
        terminal.answer("[--awarded]: ", "24.11.2026")
        shown = terminal.answer("[--awarded]: ", "2026-11-24")
        assert "(write `2026-11-24` (year, month, day))" in shown
        terminal.answer("[--valid-until]: ", "")
        terminal.answer("[--awarded-by]: ", "ESCA")
        terminal.answer("[--source]: ", "https://www.silicon-saxony.example.org/news/gold-2026")
        terminal.answer("[--title]: ", "Gold, zum vierten Mal")
        terminal.answer("[--publisher]: ", "Silicon Saxony")
        terminal.answer("[--published]: ", "2026-11-25")
        terminal.answer("[--language]: ", "de")
        terminal.answer("[--quote]: ", "Silicon Saxony hat das GOLD-Label zum vierten Mal erhalten.")
        terminal.answer("Another label of this organisation? [y/N]: ", "")
        shown = terminal.answer("Add it to registry/clusters/de/silicon-saxony.yml? [Y/n]: ", "")
        assert "\n+  - level: gold\n+    awarded: 2026-11-24\n+    awarded_by: ESCA\n" in shown
        assert f"\n-checked: 2026-12-03\n+checked: {BUILD_DATE.isoformat()}\n" in shown
        assert terminal.finish() == 0
        assert "wrote registry/clusters/de/silicon-saxony.yml\n" in terminal.rest()
    assert added_lines(before, path.read_text("utf-8"))[1:] == [
        "  - level: gold",
        "    awarded: 2026-11-24",
        "    awarded_by: ESCA",
        "    source:",
        "      url: https://www.silicon-saxony.example.org/news/gold-2026",
        "      title: Gold, zum vierten Mal",
        "      publisher: Silicon Saxony",
        "      published: 2026-11-25",
        "      language: de",
        "      quote: Silicon Saxony hat das GOLD-Label zum vierten Mal erhalten.",
    ]


def test_ctrl_c_in_a_terminal_writes_nothing_and_gives_back_the_answers(checkout: Path) -> None:
    path = checkout / SAXONY
    before = path.read_text("utf-8")
    with Terminal("add-label", "silicon-saxony", cwd=checkout, env=ENV) as terminal:
        terminal.answer("[--level]: ", "gold")
        terminal.answer("[--awarded]: ", "2026-11")
        terminal.expect("[--valid-until]: ")
        terminal.interrupt()
        assert terminal.finish() == 130
        rest = terminal.rest()
    assert "cancelled; nothing written" in rest
    assert f"  {sys.executable} -m generator add-label silicon-saxony --level gold --awarded 2026-11\n" in rest
    assert path.read_text("utf-8") == before


@pytest.mark.parametrize("guide", ["docs/about/contribute.md", "CONTRIBUTING.md"])
def test_the_guides_worked_example_is_a_renewal_the_check_accepts(checkout: Path, guide: str) -> None:
    text = (ROOT / guide).read_text("utf-8")
    block = text.split("# the new label:\n", 1)[1].split("```", 1)[0]
    lines = [line.removeprefix("   ") for line in block.splitlines() if line.strip()]
    assert lines[0] == "  - level: gold"
    path = checkout / SAXONY
    record = path.read_text("utf-8")
    assert record.index("\nlabels:\n") > record.index("\nchecked:")  # its labels are the file's end
    path.write_text(record + "\n".join(lines) + "\n", "utf-8")
    result = validate(checkout / "registry", build_date=BUILD_DATE)
    assert result.errors == [] and result.registry is not None
    base = validate(ROOT / "registry", build_date=BUILD_DATE).registry
    assert base is not None and rewrites(base, result.registry) == []
