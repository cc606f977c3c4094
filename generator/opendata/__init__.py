"""The registry's open data: the JSON API, GeoJSON, CSV downloads, the Atom feed of awards, badges and QR codes.

One module per kind of file (:mod:`~generator.opendata.api`, :mod:`~generator.opendata.geojson`,
:mod:`~generator.opendata.tables`, :mod:`~generator.opendata.feed`, :mod:`~generator.opendata.badges`,
:mod:`~generator.opendata.qrcodes`), each a plain function of the typed registry and its standings.
Open data imports records and the shared rendering layer, never the pages; the pages use only what this
package's top level names (addresses, the licence, the JSON-LD a label page embeds).
"""

from __future__ import annotations

from generator.opendata.api import json_ld, script_json
from generator.opendata.base import API, API_SCHEMAS, DATA_LICENSE, GEOJSON, absolute, country_geojson, dumps, page_path

__all__ = [
    "API",
    "API_SCHEMAS",
    "DATA_LICENSE",
    "GEOJSON",
    "absolute",
    "country_geojson",
    "dumps",
    "json_ld",
    "page_path",
    "script_json",
]
