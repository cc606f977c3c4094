"""Countries: ISO 3166-1 codes, their English names, and their borders for a sanity check of coordinates."""

from __future__ import annotations

import difflib
import gzip
import json
import re
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

import pycountry
import shapely

MISTAKEN_CODES = {
    "EL": ("GR", "EL is the EU's code for Greece; ISO 3166-1 uses GR"),
    "UK": ("GB", "UK is not an ISO 3166-1 code; the United Kingdom is GB"),
}


@cache
def names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code to the country's common English name."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        table[country.alpha_2] = getattr(country, "common_name", None) or country.name
    return table


def name(code: str) -> str:
    return names().get(code, code)


BORDERS = (("data/countries-50m.json", 0.05), ("data/countries-10m.json.gz", 0.03))
"""Natural Earth's countries (public domain) as TopoJSON, copied unchanged from the npm package
world-atlas (pinned in package.json; the tests check the copies against it), each with the
margin in degrees added around a country's borders. A point is first tried against the 1:50m
outlines with 0.05° (about 5.5 km north to south, 3 to 4 km east to west in Europe), which is
fast and settles every located record of today's registry; only a point outside that is tried
against the 1:10m outlines with 0.03° (about 3 km), which hold small islands and exclaves
(Heligoland, Ceuta) but take a second to read. A town on a border passes; a point inside a
neighbour (Prague in a German record; Strasbourg, 2 km across the Rhine from Kehl) does not."""

UNNUMBERED = {"Kosovo": "XK", "N. Cyprus": "CY"}
"""Outlines the data set gives without an ISO 3166-1 number, and the code a record uses there."""


def outline_bytes(path: str) -> bytes:
    """The data set's file as the npm package has it; the 1:10m one is shipped gzipped (3.7 MB, 0.9 MB packed)."""
    data = resources.files("generator").joinpath(path).read_bytes()
    return gzip.decompress(data) if path.endswith(".gz") else data


@cache
def _topology(path: str) -> dict[str, Any]:
    """The TopoJSON file, with each code's polygons (lists of rings of arc indices) under "by_code"."""
    topology: dict[str, Any] = json.loads(outline_bytes(path))
    by_number = {country.numeric: country.alpha_2 for country in pycountry.countries}
    countries: dict[str, list[Any]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = by_number.get(geometry.get("id") or "") or UNNUMBERED.get(geometry["properties"]["name"])
        if code is not None:
            polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
            countries.setdefault(code, []).extend(polygons)
    topology["by_code"] = countries
    return topology


def read_borders() -> None:
    """Read the 1:50m outlines now (a quarter of a second), so that processes forked after this share them."""
    _topology(BORDERS[0][0])


def _outline(path: str, code: str) -> list[list[list[tuple[float, float]]]]:
    """The country's polygons (rings of longitude, latitude), decoding only the arcs they use:
    arcs are quantised and delta-encoded, a negative index is the arc reversed, and each arc
    after the first in a ring repeats the previous arc's last point."""
    topology = _topology(path)
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]

    def arc(index: int) -> list[tuple[float, float]]:
        x = y = 0
        points = []
        for dx, dy in topology["arcs"][index if index >= 0 else ~index]:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        return points if index >= 0 else points[::-1]

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indices:
            points.extend(arc(index)[1 if points else 0 :])
        return points

    return [[ring(r) for r in polygon] for polygon in topology["by_code"].get(code, [])]


@cache
def _area(path: str, margin: float, code: str) -> shapely.Geometry | None:
    """The country's land with the margin around it, prepared for fast point tests; rings that
    quantisation left with fewer than four points (a tiny islet) are dropped."""
    polygons = [[r for r in rings if len(r) >= 4] for rings in _outline(path, code)]
    land = shapely.MultiPolygon([(rings[0], rings[1:]) for rings in polygons if rings])
    if land.is_empty:
        return None
    area = shapely.make_valid(land).buffer(margin)
    shapely.prepare(area)
    return area


def contains(code: str, latitude: float, longitude: float) -> bool | None:
    """Whether the point lies within the country's borders (with their margin); None where the
    data set has no outline for the code."""
    for path, margin in BORDERS:
        area = _area(path, margin, code)
        if area is None:
            return None
        if shapely.contains_xy(area, longitude, latitude):
            return True
    return False


def country_at(latitude: float, longitude: float) -> str | None:
    """The code of the country whose 1:50m land holds the point, for a message; None at sea."""
    path, _ = BORDERS[0]
    for code in sorted(_topology(path)["by_code"]):
        area = _area(path, 0.0, code)
        if area is not None and shapely.contains_xy(area, longitude, latitude):
            return str(code)
    return None


def sample_point(code: str, rng: Any) -> tuple[float, float] | None:
    """A random point (latitude, longitude) on the country's 1:50m land, for synthetic records."""
    path, _ = BORDERS[0]
    area = _area(path, 0.0, code)
    if area is None:
        return None
    west, south, east, north = area.bounds
    while True:
        latitude, longitude = round(rng.uniform(south, north), 4), round(rng.uniform(west, east), 4)
        if shapely.contains_xy(area, longitude, latitude):
            return latitude, longitude


NAME_ALIASES = {"turkey": "TR", "great britain": "GB"}
"""English names in everyday use that ISO 3166-1 no longer lists."""


def _folded(text: str) -> str:
    """A name as it is compared: without accents, case, punctuation or a leading "the"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    words = re.sub(r"[^a-z0-9]+", " ", plain).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


@cache
def _names_index() -> dict[str, set[str]]:
    """Every English name of every country (ISO name, common and official name, the name before
    ``, Republic of``), folded, with the codes it names."""
    index: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for text in (country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")):
            if text:
                for variant in {text, text.split(",")[0]}:
                    index.setdefault(_folded(variant), set()).add(country.alpha_2)
    for alias, code in NAME_ALIASES.items():
        index.setdefault(alias, set()).add(code)
    return index


def codes_for_name(text: str) -> list[str]:
    """The codes an English country name may mean: the one it names whole, else those whose names
    start with it (from three letters on). One code means the name is unambiguous."""
    key = _folded(text)
    index = _names_index()
    if key in index and len(index[key]) == 1:
        return sorted(index[key])
    if len(key) < 3:
        return []
    return sorted({code for name, codes in index.items() if name.startswith(key) for code in codes})


def close_names(text: str) -> list[str]:
    """Country names spelt nearly like ``text``, for a did-you-mean."""
    folded = {_folded(n): n for n in names().values()}
    return [folded[m] for m in difflib.get_close_matches(_folded(text), list(folded), n=3, cutoff=0.75)]
