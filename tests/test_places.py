"""``python -m generator locate``: coordinates from GeoNames for every record that names a city."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.records.validate import validate
from generator.tools.places import Gazetteer, Place, geonames, key, with_location
from tests.conftest import ROOT, SHIPPED_DATE


def place(geonames_id: int, name: str, population: int, *names: str, country: str = "DE") -> Place:
    return Place(geonames_id, name, country, 50.0 + geonames_id / 1000, 10.0, population, names)


def test_names_compare_without_case_accents_or_hyphens() -> None:
    assert key("Cluj-Napoca") == key("cluj napoca")
    assert key("Nürnberg") == key("NURNBERG")
    assert key("Kraków") == key("Krakow")
    assert key("Łódź") == key("Lodz")
    assert key("Ålesund") == key("Alesund")
    assert key("Sfântu Gheorghe") == key("Sfantu Gheorghe")
    assert key("Frankfurt") != key("Frankfurt (Oder)")


def test_the_most_populous_of_one_name_is_meant_and_its_own_name_beats_an_alias() -> None:
    gazetteer = Gazetteer(
        [
            place(1, "Frankfurt (Oder)", 57_000, "Frankfurt"),
            place(2, "Frankfurt am Main", 650_000, "Frankfurt"),
            place(3, "München", 1_260_000, "Munich", "Monaco di Baviera"),
            place(4, "Munich", 10),  # a hamlet whose own name is the big city's alias
        ]
    )
    assert [p.geonames for p in gazetteer.candidates("DE", "Frankfurt")] == [2, 1]
    assert gazetteer.find("de", "monaco di baviera") == gazetteer.places[3]
    assert gazetteer.find("DE", "Munich") == gazetteer.places[4]
    assert gazetteer.find("AT", "München") is None


def test_the_shipped_cities_are_in_the_gazetteer_where_the_country_puts_them() -> None:
    known = geonames()
    assert known.find("DE", "Nürnberg") == known.find("DE", "Nuremberg")
    assert known.find("IT", "Torino") == known.find("IT", "Turin")
    dresden = known.find("DE", "Dresden")
    assert dresden is not None and round(dresden.latitude) == 51 and round(dresden.longitude) == 14
    assert known.find("PL", "Kraków") is not None and known.find("ES", "Vigo") is not None


def test_the_location_line_goes_after_the_city_line_and_nothing_else_moves() -> None:
    text = "id: x\ncountry: DE\ncity: Dresden\nsectors: [ict]\n"
    dresden = Place(2935022, "Dresden", "DE", 51.05089, 13.73832, 486854, ())
    assert with_location(text, dresden) == (
        "id: x\ncountry: DE\ncity: Dresden\n"
        "location: {latitude: 51.0509, longitude: 13.7383, precision: city, geonames: 2935022}\n"
        "sectors: [ict]\n"
    )
    with pytest.raises(ValueError):
        with_location(text.replace("city: Dresden\n", ""), dresden)


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str, cwd: Path) -> Ran:
    """``python -m generator ARGS`` in ``cwd``, in this process: the gazetteer (ten seconds to read) is read once
    for every test."""
    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stderr(err):
            code = main(["--help"] if not args else list(args), out)
    finally:
        os.chdir(here)
    return Ran(code, out.getvalue(), err.getvalue())


@pytest.fixture(autouse=True)
def _build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUILD_DATE", SHIPPED_DATE.isoformat())


def test_locate_writes_coordinates_that_validate_and_reports_unknown_cities(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "registry", tmp_path / "registry")
    saxony = tmp_path / "registry/clusters/de/silicon-saxony.yml"
    text = saxony.read_text("utf-8")
    saxony.write_text("\n".join(line for line in text.splitlines() if not line.startswith("location:")) + "\n", "utf-8")
    cork = next((tmp_path / "registry/clusters/ie").glob("*.yml"))
    lines = cork.read_text("utf-8").splitlines()
    cork.write_text(
        "\n".join(
            "city: Nowhereville" if line.startswith("city:") else line
            for line in lines
            if not line.startswith("location:")
        )
        + "\n",
        "utf-8",
    )
    before = {p: p.read_text("utf-8") for p in tmp_path.glob("registry/**/*.yml")}

    dry = run("locate", "--dry-run", cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert (
        "registry/clusters/de/silicon-saxony.yml: Dresden → 51.0509, 13.7383 (Dresden, GeoNames 2935022" in dry.stdout
    )
    assert {p: p.read_text("utf-8") for p in before} == before

    strict = run("locate", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert f"{cork.relative_to(tmp_path)}: city `Nowhereville` is not among GeoNames' places" in strict.stdout
    after = saxony.read_text("utf-8")
    assert (
        after.replace("location: {latitude: 51.0509, longitude: 13.7383, precision: city, geonames: 2935022}\n", "")
        == before[saxony]
    )
    changed = [p for p in before if p.read_text("utf-8") != before[p]]
    assert (
        all(yaml.safe_load(p.read_text("utf-8"))["location"]["precision"] == "city" for p in changed)
        and saxony in changed
        and cork not in changed
    )
    result = validate(tmp_path / "registry", build_date=SHIPPED_DATE)
    assert not result.errors and not result.warnings
    assert run("locate", "--dry-run", cwd=tmp_path).stderr.startswith("would locate 0 records")


def test_typed_city_coordinates_are_replaced_by_the_gazetteers_only_when_asked(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "registry", tmp_path / "registry")
    graz = tmp_path / "registry/clusters/at/green-tech-valley-cluster.yml"
    text = graz.read_text("utf-8")
    typed = "location:\n  latitude: 47.0707\n  longitude: 15.4395\n  precision: city\n"
    graz.write_text(re.sub(r"^location:[^\n]*\n", typed, text, flags=re.MULTILINE), "utf-8")
    before = graz.read_text("utf-8")
    assert run("locate", cwd=tmp_path).returncode == 0
    assert graz.read_text("utf-8") == before  # typed coordinates are kept without --typed
    done = run("locate", "--typed", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert graz.read_text("utf-8") == before.replace(
        typed, "location: {latitude: 47.0673, longitude: 15.442, precision: city, geonames: 2778067}\n"
    )
    assert not validate(tmp_path / "registry", build_date=SHIPPED_DATE).errors


def test_every_shipped_record_that_names_a_city_is_located_at_the_gazetteers_place() -> None:
    """The map's coverage holds as records are added: ``locate`` has been run, and what it wrote is what
    GeoNames says (a hand-edited pair far from its city is caught too)."""
    known = geonames()
    unlocated, far = [], []
    for path in sorted((ROOT / "registry/clusters").glob("*/*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if "city" not in data:
            continue
        location = data.get("location")
        found = known.find(data["country"], data["city"])
        if location is None:
            if found is not None:
                unlocated.append(path.name)
            continue
        if (
            found is not None
            and location.get("precision") == "city"
            and (abs(location["latitude"] - found.latitude) + abs(location["longitude"] - found.longitude) > 0.3)
        ):
            far.append(path.name)
    assert unlocated == [], "run `python -m generator locate`"
    typed = [
        p.name
        for p in (ROOT / "registry/clusters").glob("*/*.yml")
        if (loc := yaml.safe_load(p.read_text("utf-8")).get("location"))
        and loc.get("precision", "city") == "city"
        and "geonames" not in loc
    ]
    assert typed == [], "run `python -m generator locate --typed`: one place per city, so its clusters share it"
    assert far == []


def test_the_location_goes_after_the_city_source_block() -> None:
    text = (
        "id: x\ncountry: DK\ncity: Odense\ncity_source:\n  url: https://example.org/a\n"
        '  quote: "har hovedkontor i Odense"\nsectors: [ict]\n'
    )
    odense = Place(2615876, "Odense", "DK", 55.39594, 10.38831, 180863, ())
    assert with_location(text, odense) == text.replace(
        "sectors:", "location: {latitude: 55.3959, longitude: 10.3883, precision: city, geonames: 2615876}\nsectors:"
    )
