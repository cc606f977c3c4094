"""Coordinates against the country's borders: neighbours are told apart, border towns and small
islands pass, and the shipped outlines are the pinned data set's files unchanged."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from generator.records import countries
from generator.tools import synthetic

ROOT = Path(__file__).resolve().parent.parent

INSIDE = {
    "Kehl, on the Rhine facing Strasbourg": ("DE", 48.5700, 7.8150),
    "Görlitz, on the Neisse": ("DE", 51.1550, 14.9900),
    "Frankfurt (Oder)": ("DE", 52.3400, 14.5500),
    "Aachen, at the Dutch and Belgian borders": ("DE", 50.7760, 6.0800),
    "Konstanz, on Lake Constance": ("DE", 47.6600, 9.1750),
    "Heligoland, 46 km out at sea (only in the 1:10m outlines)": ("DE", 54.1800, 7.8850),
    "Ceuta, on the African coast (only in the 1:10m outlines)": ("ES", 35.8900, -5.3200),
    "Las Palmas, Canary Islands": ("ES", 28.1000, -15.4200),
    "Basel": ("CH", 47.5600, 7.5900),
    "Geneva": ("CH", 46.2000, 6.1500),
    "Bratislava, at the Austrian and Hungarian borders": ("SK", 48.1450, 17.1070),
    "Maastricht": ("NL", 50.8500, 5.6900),
    "Narva, on the Russian border": ("EE", 59.3770, 28.1900),
    "Trieste": ("IT", 45.6500, 13.7800),
    "Valletta": ("MT", 35.9000, 14.5100),
    "Monaco": ("MC", 43.7300, 7.4200),
    "Ponta Delgada, Azores": ("PT", 37.7400, -25.6700),
    "Pristina": ("XK", 42.6600, 21.1700),
    "Mexico City": ("MX", 19.4300, -99.1300),
    "Medellín": ("CO", 6.2400, -75.5800),
}

OUTSIDE = {
    "Prague in a German record (inside the old box around Germany)": ("DE", 50.0755, 14.4378, "CZ"),
    "Strasbourg in a German record, 2 km across the Rhine": ("DE", 48.5800, 7.7500, "FR"),
    "Vienna in a German record": ("DE", 48.2100, 16.3700, "AT"),
    "Milan in a Swiss record": ("CH", 45.4600, 9.1900, "IT"),
    "Munich in an Austrian record": ("AT", 48.1400, 11.5800, "DE"),
    "Copenhagen (Frederiksberg) in a Swedish record": ("SE", 55.6800, 12.5000, "DK"),
    "the North Sea in a German record": ("DE", 55.5000, 4.0000, None),
}


@pytest.mark.parametrize("case", sorted(INSIDE))
def test_a_point_in_the_country_passes(case: str) -> None:
    code, latitude, longitude = INSIDE[case]
    assert countries.contains(code, latitude, longitude) is True


@pytest.mark.parametrize("case", sorted(OUTSIDE))
def test_a_point_in_a_neighbour_or_at_sea_is_outside(case: str) -> None:
    code, latitude, longitude, there = OUTSIDE[case]
    assert countries.contains(code, latitude, longitude) is False
    assert countries.country_at(latitude, longitude) == there


def test_a_code_without_an_outline_is_not_judged() -> None:
    assert countries.contains("ZZ", 50.0, 10.0) is None


def test_every_registry_location_lies_in_its_country() -> None:
    records = [
        yaml.safe_load(path.read_text("utf-8")) for path in sorted((ROOT / "registry" / "clusters").glob("*/*.yml"))
    ]
    located = [r for r in records if isinstance(r.get("location"), dict)]
    assert located, "the registry has records with coordinates"
    outside = [
        r["id"]
        for r in located
        if not countries.contains(r["country"], r["location"]["latitude"], r["location"]["longitude"])
    ]
    assert outside == []


def test_synthetic_points_lie_on_their_country() -> None:
    rng = random.Random(7)
    for code in synthetic._COUNTRIES:
        point = countries.sample_point(code, rng)
        assert point is not None and countries.contains(code, *point), code


@pytest.mark.parametrize("path", [path for path, _ in countries.BORDERS])
def test_the_outlines_are_the_pinned_packages_files_unchanged(path: str) -> None:
    shipped = countries.outline_bytes(path)
    pinned = ROOT / "node_modules" / "world-atlas" / Path(path).name.removesuffix(".gz")
    assert pinned.is_file(), "npm ci installs world-atlas (package.json); bash tasks.sh test runs it"
    assert shipped == pinned.read_bytes(), f"copy {pinned.relative_to(ROOT)} to generator/{path} (gzip -9 -n)"
