"""Countries: ISO 3166-1 codes, their English names, and rough bounds for a sanity check."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import pycountry

MISTAKEN_CODES = {
    "EL": ("GR", "EL is the EU's code for Greece; ISO 3166-1 uses GR"),
    "UK": ("GB", "UK is not an ISO 3166-1 code; the United Kingdom is GB"),
}

BOUNDS_MARGIN = 0.25
"""Degrees added around each box, so that a city on a border is never flagged."""


@cache
def names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code to the country's common English name."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        table[country.alpha_2] = getattr(country, "common_name", None) or country.name
    return table


def name(code: str) -> str:
    return names().get(code, code)


@cache
def _bounds() -> dict[str, tuple[float, float, float, float]]:
    data = json.loads(resources.files("generator").joinpath("data/country_bounds.json").read_text("utf-8"))
    return {code: (s, n, w, e) for code, (s, n, w, e) in data["bounds"].items()}


def contains(code: str, latitude: float, longitude: float) -> bool | None:
    """Whether the point falls inside the country's box; None where the country has no box."""
    box = _bounds().get(code)
    if box is None:
        return None
    south, north, west, east = box
    m = BOUNDS_MARGIN
    return south - m <= latitude <= north + m and west - m <= longitude <= east + m
