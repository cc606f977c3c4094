"""Countries: ISO 3166-1 codes, their English names, and rough bounds for a sanity check."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
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
