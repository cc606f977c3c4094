"""``python -m generator new``: from options, or in a terminal as a person answers its questions."""

from __future__ import annotations

import argparse
import io
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator import cli
from generator.records.findings import Result
from generator.records.loader import read, to_data
from generator.records.validate import Checker, load_sectors, validate
from generator.tools.scaffold import (
    FIELD_OPTIONS,
    NewLabel,
    NewRecord,
    Unreadable,
    choice,
    country_code,
    option,
    schema_choices,
    sector_ids,
    slug,
)
from tests.conftest import BUILD_DATE, EXAMPLES, REGISTRY, ROOT
from tests.sitebuild import run_generator
from tests.terminal import Terminal

ENV = {"PYTHONPATH": str(ROOT), "BUILD_DATE": BUILD_DATE.isoformat()}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_generator(*args, cwd=cwd, stdin="", env=ENV)


def files(registry: Path) -> list[str]:
    return sorted(p.relative_to(registry).as_posix() for p in registry.rglob("*"))


def record(path: Path) -> Any:
    return to_data(read(path, path.name).root)


OPTIONS = {
    "name": "Cluster Énergie Österreich",
    "country": "at",
    "sectors": "energy-environment, ict",
    "level": "bronze",
    "awarded": "2025-06",
    "source": "https://energie.example.org/label",
}


def new(**changes: str) -> list[str]:
    """``new`` with the options above, changed or added to (``valid_until=`` for ``--valid-until``)."""
    return ["new", *(f for key, value in {**OPTIONS, **changes}.items() for f in (f"--{key.replace('_', '-')}", value))]


# The answers, read as people type them


def test_the_id_is_made_from_the_name_as_the_registry_spells_ids() -> None:
    assert slug("Énergie & Co. Österreich") == "energie-co-osterreich"
    assert slug("Bydgoski Klaster Przemysłowy") == "bydgoski-klaster-przemyslowy"
    assert (REGISTRY / "clusters" / "pl" / "bydgoski-klaster-przemyslowy.yml").is_file()
    assert slug("Straße der Innovation") == "strasse-der-innovation"
    assert slug("Øresund Food Network") == "oresund-food-network"
    assert slug("Σύμπλεγμα Καινοτομίας") == ""
    assert len(slug("Cluster " * 30)) <= 80 and not slug("Cluster " * 30).endswith("-")


def test_countries_in_any_case_or_by_english_name() -> None:
    assert country_code("de") == ("DE", "")
    assert country_code("Germany") == ("DE", "Germany: DE")
    assert country_code(" czech republic ") == ("CZ", "Czechia: CZ")
    assert country_code("Turkey") == ("TR", "Türkiye: TR")
    assert country_code("el") == ("EL", "")  # for the validator to refuse, with its hint
    with pytest.raises(Unreadable, match=r"`United` could be .*United Kingdom \(GB\).*type more"):
        country_code("United")
    with pytest.raises(Unreadable, match="did you mean Germany"):
        country_code("Germanz")


def test_sectors_by_id_name_or_beginning() -> None:
    sectors = load_sectors(REGISTRY, Result())
    assert sector_ids("ict, Food industry, health, ENERGY", sectors) == [
        "ict",
        "food",
        "health-medical",
        "energy-environment",
    ]
    assert sector_ids("nonsense", sectors) == ["nonsense"]  # the validator says it is unknown
    with pytest.raises(Unreadable, match="`m` could be maritime-water, materials-chemistry, micro-nano-optics"):
        sector_ids("m", sectors)


def test_levels_and_bodies_in_any_case_from_the_schema() -> None:
    assert schema_choices("level") == ["bronze", "silver", "gold"]
    assert choice("GOLD", schema_choices("level")) == "gold"
    assert choice("eucles", schema_choices("awarded_by")) == "EUCLES"
    assert choice("platinum", schema_choices("level")) == "platinum"


def test_every_field_new_writes_has_an_option_of_new() -> None:
    full = NewRecord(
        name="X Cluster",
        id="x-cluster",
        country="DE",
        region="Hamburg",
        city="Hamburg",
        latitude=53.5,
        longitude=10.0,
        website="https://x.example.org/",
        sectors=["ict"],
        labels=[NewLabel("gold", "2024", "2026", "EUCLES", "https://x.example.org/a", "X Cluster is gold.")],
    )

    def paths(value: object, where: str) -> list[str]:
        if isinstance(value, dict):
            return [where] + [p for k, v in value.items() for p in paths(v, f"{where}.{k}" if where else k)]
        if isinstance(value, list):
            return [where] + [p for i, v in enumerate(value) for p in paths(v, f"{where}[{i}]")]
        return [where]

    options = {o for action in _new_parser()._actions for o in action.option_strings}
    for path in paths(full.data(), ""):
        if path:
            named = option(path)[0]
            assert all(o in options for o in named.split("/")), (path, named)
    assert {o for value in FIELD_OPTIONS.values() for o in value.split("/")} <= options
    assert option("labels[2].source.url") == ("--source", 2)
    assert option("sectors[1]") == ("--sectors", None)
    assert option("id", derived_id=True) == ("--name", None)


def _new_parser() -> argparse.ArgumentParser:
    subparsers = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction))
    parser: argparse.ArgumentParser = subparsers.choices["new"]
    return parser


def test_answers_are_checked_as_validate_checks_the_written_file(registry: Path) -> None:
    """The checker ``new`` asks about each answer finds what ``validate`` finds once the file is saved."""
    folder = registry / "clusters" / "de"
    folder.mkdir()
    checker = Checker(registry, build_date=BUILD_DATE)
    compared = 0
    for example in sorted(EXAMPLES.glob("*/*.yml")):
        data = example.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        target = folder / example.name
        found = checker.check(text, target)
        target.write_bytes(data)
        validated = validate(registry, build_date=BUILD_DATE, only=[target])
        target.unlink()
        assert (found.errors, found.warnings) == (validated.errors, validated.warnings), example.name
        compared += 1
    assert compared > 50


# From options, without a terminal


def test_new_writes_a_record_that_validates(registry: Path) -> None:
    where = {"city": "Wien", "latitude": "48.2082", "longitude": "16.3738"}
    done = run(*new(country="AT", sectors="energy, ICT", level="BRONZE", **where), cwd=registry.parent)
    assert done.returncode == 0, done.stderr
    path = registry / "clusters" / "at" / "cluster-energie-osterreich.yml"
    assert done.stdout.splitlines() == [
        "wrote registry/clusters/at/cluster-energie-osterreich.yml",
        "next:",
        "  1. add what else the source states (description, members, former names): see CONTRIBUTING.md",
        f"  2. {sys.executable} -m generator validate registry/clusters/at/cluster-energie-osterreich.yml",
        "  3. commit it on a new branch and open a pull request",
    ]
    assert record(path) == {
        "id": "cluster-energie-osterreich",
        "name": "Cluster Énergie Österreich",
        "country": "AT",
        "city": "Wien",
        "location": {"latitude": 48.2082, "longitude": 16.3738},
        "sectors": ["energy-environment", "ict"],
        "labels": [{"level": "bronze", "awarded": "2025-06", "source": "https://energie.example.org/label"}],
        "checked": "2026-11-25",
    }
    assert "\nchecked: 2026-11-25\n" in path.read_text("utf-8")
    assert run("validate", "--strict", cwd=registry.parent).returncode == 0


def test_warnings_are_told_and_the_record_kept(registry: Path) -> None:
    done = run(*new(website="http://energie.example.org/", awarded_by="eucles", awarded="2019"), cwd=registry.parent)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "warning: --website: web address uses http:// (use https:// if the site offers it)",
        "warning: --awarded-by: EUCLES was created in December 2020, after this award of 2019"
        " (labels before then were awarded by ESCA)",
    ]
    assert record(registry / "clusters" / "at" / "cluster-energie-osterreich.yml") == {
        "id": "cluster-energie-osterreich",
        "name": "Cluster Énergie Österreich",
        "country": "AT",
        "sectors": ["energy-environment", "ict"],
        "website": "http://energie.example.org/",
        "labels": [
            {
                "level": "bronze",
                "awarded": "2019",
                "awarded_by": "EUCLES",
                "source": "https://energie.example.org/label",
            }
        ],
        "checked": "2026-11-25",
    }


def test_new_refuses_to_overwrite(registry: Path) -> None:
    assert run(*new(), cwd=registry.parent).returncode == 0
    path = registry / "clusters" / "at" / "cluster-energie-osterreich.yml"
    before = path.read_bytes()
    again = run(*new(id="cluster-energie-osterreich"), cwd=registry.parent)
    assert again.returncode == 1
    assert "--id: id `cluster-energie-osterreich` is also the id of registry/clusters/at/" in again.stderr
    assert path.read_bytes() == before


def test_errors_name_the_options_and_nothing_is_written(registry: Path) -> None:
    before = files(registry)
    done = run(
        "new",
        "--name",
        "X Cluster",
        "--country",
        "XX",
        "--sectors",
        "m, energi",
        "--level",
        "platinum",
        "--awarded",
        "2027",
        "--valid-until",
        "2020",
        "--source",
        "https://example.org/",
        "--quote",
        "short",
        "--website",
        "www.example.org",
        "--latitude",
        "95",
        "--longitude",
        "9",
        cwd=registry.parent,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "--country: `XX` is not an ISO 3166-1 alpha-2 country code (see the ISO 3166-1 list, e.g. DE, FR, ES)",
        "--sectors: `m` could be maritime-water, materials-chemistry, micro-nano-optics;"
        " type more of the id or the name",
        "--latitude: the number `95.0` is out of range (allowed: -90 to 90)",
        "--website: the text `www.example.org` must be a web address starting with https:// or http://",
        "--level: the text `platinum` is not allowed here (allowed: `bronze`, `silver`, `gold`)",
        "--awarded: award date 2027 is after today (2026-11-25) (list an award only once it has been made)",
        "--valid-until: valid until 2020, which is not after the award date 2027"
        " (check both dates; they may be swapped)",
        "--source: `https://example.org/` is a site's home page, not the document that records the award"
        " (give the address of the press release, announcement or list that states the award)",
        "--quote: is too short; write at least 10 characters",
        "not written: correct the options above and run again",
    ]
    assert "labels[" not in done.stderr and "location" not in done.stderr and "source.quote" not in done.stderr
    assert files(registry) == before


@pytest.mark.parametrize(("given", "right"), [("EL", "GR"), ("uk", "GB")])
def test_eu_codes_are_refused_with_the_iso_code(registry: Path, given: str, right: str) -> None:
    done = run(*new(country=given), cwd=registry.parent)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0].startswith(f"--country: `{given.upper()}` is not an ISO 3166-1 code (")
    assert f"write `--country {right}`" in done.stderr
    assert files(registry) == ["clusters", "levels.yml", "sectors.yml"]


def test_the_id_is_unique_and_the_name_unlike_others(registry: Path) -> None:
    (registry / "clusters" / "de").mkdir()
    shutil.copyfile(
        REGISTRY / "clusters" / "de" / "silicon-saxony.yml", registry / "clusters" / "de" / "silicon-saxony.yml"
    )
    same = run(*new(name="Silicon Saxony", country="de"), cwd=registry.parent)
    assert same.returncode == 1
    assert same.stderr.splitlines()[0] == (
        "--name: the id made from it: id `silicon-saxony` is also the id of"
        " registry/clusters/de/silicon-saxony.yml:2 (if it is this organisation, edit that record instead;"
        " otherwise choose another id with --id)"
    )
    cyrillic_s = "\N{CYRILLIC CAPITAL LETTER DZE}"
    lookalike = run(*new(name=f"Silicon {cyrillic_s}axony", id="other-saxony", country="de"), cwd=registry.parent)
    assert lookalike.returncode == 1
    assert lookalike.stderr.startswith(
        "--name: looks the same as the name in registry/clusters/de/silicon-saxony.yml:3 but is written with other"
    )
    assert not (registry / "clusters" / "de" / "other-saxony.yml").exists()


def test_new_names_missing_options_when_not_interactive(registry: Path) -> None:
    done = run("new", "--name", "X Cluster", cwd=registry.parent)
    assert done.returncode == 2
    assert "missing --country, --sectors, --level, --awarded, --source" in done.stderr
    alone = run(*new(latitude="48.2"), cwd=registry.parent)
    assert alone.returncode == 2
    assert "error: --latitude and --longitude go together; give both" in alone.stderr
    assert files(registry) == ["clusters", "levels.yml", "sectors.yml"]


def test_sectors_are_listed_with_their_names(registry: Path) -> None:
    listed = run("new", "--list-sectors", cwd=registry.parent)
    assert listed.returncode == 0
    assert "  health-medical           Health and medical science" in listed.stdout.splitlines()
    helped = run("new", "--registry", str(registry), "--help", cwd=ROOT)
    assert helped.returncode == 0
    assert "sector ids (--sectors) and names:\n  aviation-space           Aviation and space\n" in helped.stdout
    assert "--no-input" in helped.stdout and "--quote" in helped.stdout


# In a terminal


def test_a_person_answers_in_a_terminal(registry: Path) -> None:
    with Terminal("new", cwd=registry.parent, env=ENV) as terminal:
        assert "Ctrl-C stops without writing anything" in terminal.answer("[--name]: ", "Łódź ICT Cluster")
        assert "  id: lodz-ict-cluster\n" in terminal.answer("[--country]: ", "XX")
        shown = terminal.answer("[--country]: ", "poland")
        assert "  --country: `XX` is not an ISO 3166-1 alpha-2 country code" in shown
        shown = terminal.answer("[--sectors]: ", "m")
        assert "  Poland: PL\n" in shown
        assert "Sectors (id, name):\n  aviation-space           Aviation and space\n" in shown
        assert "  transportation-mobility  Transportation and mobility\n" in shown
        shown = terminal.answer("[--sectors]: ", "ict, Health")
        assert "--sectors: `m` could be maritime-water, materials-chemistry, micro-nano-optics" in shown
        assert "  ict (ICT), health-medical (Health and medical science)\n" in terminal.answer("[--city]: ", "Łódź")
        terminal.answer("[--latitude/--longitude]: ", "19.46, 51.76")
        shown = terminal.answer("[--latitude/--longitude]: ", "51.76, 19.46")
        assert (
            "  --latitude/--longitude: 19.46, 51.76 lies outside Poland (latitude and longitude look swapped)" in shown
        )
        terminal.answer("[--website]: ", "lodz.example.org")
        shown = terminal.answer("[--website]: ", "https://lodz.example.org/")
        assert "  --website: the text `lodz.example.org` must be a web address starting with https://" in shown
        assert "Label 1\n" in terminal.answer("[--level]: ", "GOLD")
        terminal.answer("[--awarded]: ", "2025-13")
        shown = terminal.answer("[--awarded]: ", "2025-06")
        assert "  --awarded: `2025-13` has month 13; months run from 01 to 12" in shown
        terminal.answer("[--valid-until]: ", "")
        terminal.answer("[--awarded-by]: ", "eucles")
        terminal.answer("[--source]: ", "https://lodz.example.org/")
        shown = terminal.answer("[--source]: ", "https://lodz.example.org/news/gold")
        assert "  --source: `https://lodz.example.org/` is a site's home page" in shown
        terminal.answer("[--title]: ", "Gold for Łódź ICT Cluster")
        terminal.answer("[--publisher]: ", "Łódź ICT Cluster")
        terminal.answer("[--published]: ", "12.06.2025")
        shown = terminal.answer("[--published]: ", "2025-06-12")
        assert "(write `2025-06-12` (year, month, day))" in shown
        terminal.answer("[--language]: ", "English")
        shown = terminal.answer("[--language]: ", "en")
        assert "  --language: " in shown
        terminal.answer("[--quote]: ", "Łódź ICT Cluster received the GOLD label.")
        terminal.answer("Another label of this organisation? [y/N]: ", "y")
        assert "Label 2\n" in terminal.answer("[--level]: ", "Silver")
        terminal.answer("[--awarded]: ", "2023")
        terminal.answer("[--valid-until]: ", "2025")
        terminal.answer("[--awarded-by]: ", "")
        terminal.answer("[--source]: ", "https://lodz.example.org/news/silver")
        for question in ("[--title]: ", "[--publisher]: ", "[--published]: ", "[--language]: ", "[--quote]: "):
            terminal.answer(question, "")
        terminal.answer("Another label of this organisation? [y/N]: ", "")
        shown = terminal.answer("Write it to registry/clusters/pl/lodz-ict-cluster.yml? [Y/n]: ", "")
        assert "\nname: Łódź ICT Cluster\ncountry: PL\n" in shown
        assert terminal.finish() == 0
        assert "wrote registry/clusters/pl/lodz-ict-cluster.yml\nnext:\n" in terminal.rest()
    assert record(registry / "clusters" / "pl" / "lodz-ict-cluster.yml") == {
        "id": "lodz-ict-cluster",
        "name": "Łódź ICT Cluster",
        "country": "PL",
        "city": "Łódź",
        "location": {"latitude": 51.76, "longitude": 19.46},
        "sectors": ["ict", "health-medical"],
        "website": "https://lodz.example.org/",
        "labels": [
            {
                "level": "silver",
                "awarded": "2023",
                "valid_until": "2025",
                "source": "https://lodz.example.org/news/silver",
            },
            {
                "level": "gold",
                "awarded": "2025-06",
                "awarded_by": "EUCLES",
                "source": {
                    "url": "https://lodz.example.org/news/gold",
                    "title": "Gold for Łódź ICT Cluster",
                    "publisher": "Łódź ICT Cluster",
                    "published": "2025-06-12",
                    "language": "en",
                    "quote": "Łódź ICT Cluster received the GOLD label.",
                },
            },
        ],
        "checked": "2026-11-25",
    }
    assert run("validate", "--strict", cwd=registry.parent).returncode == 0


def test_wrong_options_are_asked_again_and_the_rest_is_asked(registry: Path) -> None:
    with Terminal("new", "--country", "Atlantis", "--level", "Gold", cwd=registry.parent, env=ENV) as terminal:
        terminal.answer("[--name]: ", "Example Cluster")
        shown = terminal.answer("[--country]: ", "de")
        assert "  --country: `Atlantis` is not a country code or an English country name" in shown
        terminal.answer("[--sectors]: ", "ict")
        for question in ("[--city]: ", "[--latitude/--longitude]: ", "[--website]: "):
            terminal.answer(question, "")
        shown = terminal.answer("[--awarded]: ", "2024")
        assert "[--level]" not in shown
        for question, answer in (
            ("[--valid-until]: ", ""),
            ("[--awarded-by]: ", ""),
            ("[--source]: ", "https://example.example.org/gold"),
            *((question, "") for question in ("[--title]: ", "[--publisher]: ", "[--published]: ", "[--language]: ")),
            ("[--quote]: ", ""),
            ("[y/N]: ", "n"),
            ("[Y/n]: ", "y"),
        ):
            terminal.answer(question, answer)
        assert terminal.finish() == 0
    assert record(registry / "clusters" / "de" / "example-cluster.yml") == {
        "id": "example-cluster",
        "name": "Example Cluster",
        "country": "DE",
        "sectors": ["ict"],
        "labels": [{"level": "gold", "awarded": "2024", "source": "https://example.example.org/gold"}],
        "checked": "2026-11-25",
    }


def test_a_question_is_asked_three_times_then_nothing_is_written(registry: Path) -> None:
    with Terminal("new", "--name", "Example Cluster", cwd=registry.parent, env=ENV) as terminal:
        for wrong in ("Atlantis", "EL", "X1"):
            terminal.answer("[--country]: ", wrong)
        assert terminal.finish() == 1
        rest = terminal.screen
    assert rest.count("[--country]: ") == 3
    assert "  --country: `EL` is not an ISO 3166-1 code (EL is the EU's code for Greece" in rest
    assert "--country: still wrong after 3 answers; nothing written" in rest
    # The answers given so far are not lost: the command to go on from there gives them.
    assert (
        f"your answers so far, to go on from there:\n  {sys.executable} -m generator new --name 'Example Cluster'\n"
        in rest
    )
    assert files(registry) == ["clusters", "levels.yml", "sectors.yml"]


def test_ctrl_c_gives_back_every_answer_accepted_as_options(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["Łódź ICT Cluster", "poland", "ict", "Łódź", "51.76, 19.46", "", "gold", "2025-06"])

    def ask(question: str) -> str:
        if "[--valid-until]" in question:
            raise KeyboardInterrupt
        return next(answers)

    args = cli.parser().parse_args(["new", "--registry", str(registry), "--build-date", "2026-11-25"])
    assert cli.cmd_new(args, io.StringIO(), ask) == cli.EXIT_CANCELLED
    said = capsys.readouterr().err.splitlines()
    command = (
        f"{cli._python()} -m generator new --name 'Łódź ICT Cluster' --country poland --sectors ict --city 'Łódź'"
        " --latitude 51.76 --longitude 19.46 --level gold --awarded 2025-06"
    )
    assert said[-2:] == ["your answers so far, to go on from there:", f"  {command}"]
    # Given back, they are taken as they were: only what was left is asked.
    asked: list[str] = []

    def ask_the_rest(question: str) -> str:
        asked.append(re.sub(r".*\[", "[", question))
        return "https://lodz.example.org/news/gold" if "[--source]" in question else ""

    options = shlex.split(command)[3:]
    again = cli.parser().parse_args([*options, "--registry", str(registry), "--build-date", "2026-11-25"])
    assert cli.cmd_new(again, io.StringIO(), ask_the_rest) == 0
    assert asked[:3] == ["[--website]: ", "[--valid-until]: ", "[--awarded-by]: "]  # skipped ones again
    assert "[--name]: " not in asked and "[--level]: " not in asked
    assert record(registry / "clusters" / "pl" / "lodz-ict-cluster.yml")["labels"] == [
        {"level": "gold", "awarded": "2025-06", "source": "https://lodz.example.org/news/gold"}
    ]


def test_with_every_option_given_a_terminal_is_not_asked(registry: Path) -> None:
    with Terminal(*new(level="SILVER", sectors="energy"), cwd=registry.parent, env=ENV) as terminal:
        assert terminal.finish() == 0
    with Terminal(
        *new(name="Other Cluster", source="https://other.example.org/"), cwd=registry.parent, env=ENV
    ) as wrong:
        assert wrong.finish() == 1
        assert "--source: `https://other.example.org/` is a site's home page" in wrong.screen
    for screen in (terminal.screen, wrong.screen):
        assert "]: " not in screen and "[Y/n]" not in screen
    assert files(registry) == [
        "clusters",
        "clusters/at",
        "clusters/at/cluster-energie-osterreich.yml",
        "levels.yml",
        "sectors.yml",
    ]
    assert record(registry / "clusters" / "at" / "cluster-energie-osterreich.yml")["labels"] == [
        {"level": "silver", "awarded": "2025-06", "source": "https://energie.example.org/label"}
    ]


def test_no_input_never_asks_even_in_a_terminal(registry: Path) -> None:
    with Terminal("new", "--no-input", "--name", "Example Cluster", cwd=registry.parent, env=ENV) as terminal:
        assert terminal.finish() == 2
        assert "error: missing --country, --sectors, --level, --awarded, --source" in terminal.rest()
        assert "[--country]" not in terminal.screen


def test_declining_writes_nothing_and_a_name_without_latin_letters_asks_for_an_id(registry: Path) -> None:
    answers = {
        "[--name]: ": "Σύμπλεγμα Καινοτομίας",
        "[--id]: ": "symplegma-kainotomias",
        "[--country]: ": "Greece",
        "[--sectors]: ": "ict",
        "[--level]: ": "bronze",
        "[--awarded]: ": "2024",
        "[--source]: ": "https://symplegma.example.org/news/bronze",
        "[y/N]: ": "",
        "[Y/n]: ": "n",
    }
    asked: list[str] = []

    def ask(question: str) -> str:
        asked.append(question)
        return next((a for q, a in answers.items() if question.endswith(q)), "")

    out = io.StringIO()
    args = cli.parser().parse_args(["new", "--registry", str(registry), "--build-date", "2026-11-25"])
    assert cli.cmd_new(args, out, ask) == 1
    assert [re.sub(r".*\[", "[", q) for q in asked] == [
        "[--name]: ",
        "[--id]: ",
        "[--country]: ",
        "[--sectors]: ",
        "[--city]: ",
        "[--latitude/--longitude]: ",
        "[--website]: ",
        "[--level]: ",
        "[--awarded]: ",
        "[--valid-until]: ",
        "[--awarded-by]: ",
        "[--source]: ",
        "[--title]: ",
        "[--publisher]: ",
        "[--published]: ",
        "[--language]: ",
        "[--quote]: ",
        "[y/N]: ",
        "[Y/n]: ",
    ]
    assert "  no id can be made from this name; you will be asked for one\n" in out.getvalue()
    assert "  Greece: GR\n" in out.getvalue()
    assert "\nid: symplegma-kainotomias\nname: Σύμπλεγμα Καινοτομίας\ncountry: GR\n" in out.getvalue()
    assert files(registry) == ["clusters", "levels.yml", "sectors.yml"]


@pytest.mark.parametrize(
    ("interruption", "status", "said"),
    [
        (KeyboardInterrupt, 130, "cancelled; nothing written"),
        (EOFError, 1, "--country: no answer (the input ended); nothing written"),
    ],
)
def test_ctrl_c_or_the_end_of_input_writes_nothing(
    registry: Path, capsys: pytest.CaptureFixture[str], interruption: type[BaseException], status: int, said: str
) -> None:
    def ask(question: str) -> str:
        if "[--country]" in question:
            raise interruption
        return "Example Cluster"

    args = cli.parser().parse_args(["new", "--registry", str(registry), "--build-date", "2026-11-25"])
    assert cli.cmd_new(args, io.StringIO(), ask) == status
    assert said in capsys.readouterr().err
    assert files(registry) == ["clusters", "levels.yml", "sectors.yml"]


def test_a_file_made_while_asking_is_not_written_over(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = registry / "clusters" / "de" / "example-cluster.yml"
    answers = {"[--name]: ": "Example Cluster", "[--country]: ": "DE", "[--sectors]: ": "ict", "[--level]: ": "gold"}
    answers |= {"[--awarded]: ": "2024", "[--source]: ": "https://example.example.org/gold"}

    def ask(question: str) -> str:
        if question.endswith("[Y/n]: "):
            target.parent.mkdir()
            target.write_text("made by someone else\n", encoding="utf-8")
            return "y"
        return next((a for q, a in answers.items() if question.endswith(q)), "")

    args = cli.parser().parse_args(["new", "--registry", str(registry), "--build-date", "2026-11-25"])
    assert cli.cmd_new(args, io.StringIO(), ask) == 1
    assert "example-cluster.yml: was made meanwhile; nothing written over it" in capsys.readouterr().err
    assert target.read_text("utf-8") == "made by someone else\n"
