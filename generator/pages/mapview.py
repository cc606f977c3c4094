"""The map, drawn with folium and served with the site's own copy of Leaflet.

folium builds the map and its tile layer; the markers are not Python objects
but come from the one GeoJSON file of the registry, which the page's script
fetches and groups with Leaflet.markercluster into one layer, drawing its own
group icons. So a map page stays a few kilobytes however many clusters there
are, and generating it costs the same.

The libraries come from the npm packages named in package.json, copied into
the site at build time; folium's own links to CDNs are never written out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template

from generator.render import oneline

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'

VENDOR_FILES = {
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    "leaflet/images/marker-icon.png": "leaflet/dist/images/marker-icon.png",
    "leaflet/images/marker-icon-2x.png": "leaflet/dist/images/marker-icon-2x.png",
    "leaflet/images/marker-shadow.png": "leaflet/dist/images/marker-shadow.png",
    "leaflet.markercluster/leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "leaflet.markercluster/MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
}
"""Site path under ``assets/vendor/`` to the file in ``node_modules`` it is copied from."""

VENDOR_PREFIX = "assets/vendor/"


class VendorError(Exception):
    """A library the map needs is not installed."""


def vendor_assets(node_modules: Path) -> dict[str, bytes]:
    """The map's libraries as site files, read from installed npm packages."""
    files = {}
    for target, source in VENDOR_FILES.items():
        path = node_modules / source
        if not path.is_file():
            raise VendorError(
                f"{path} is missing: run `npm ci` (bash tasks.sh site does) to install the map's libraries"
            )
        files[VENDOR_PREFIX + target] = path.read_bytes()
    return files


@dataclass(frozen=True)
class Tiles:
    url: str = OSM_TILES
    attribution: str = OSM_ATTRIBUTION


class _Markers(MacroElement):
    """Hands the folium map to the site's script, which adds the markers from the GeoJSON file."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "document.addEventListener('DOMContentLoaded', function () {"
        " window.RegistryMap.attach({{ this._parent.get_name() }}, {{ this.options }}); });"
        "{% endmacro %}"
    )

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__()
        self._name = "RegistryMarkers"
        self._id = "markers"
        self.options = json.dumps(options, ensure_ascii=False, sort_keys=True, allow_nan=False).replace("</", "<\\/")


def map_html(
    *,
    root: str,
    data_url: str,
    strings: dict[str, Any],
    tiles: Tiles,
    country: str | None = None,
    name: str = "registry",
) -> str:
    """The HTML of one map: the library links, the container and folium's script, with no blank line.

    ``root`` is the relative address of the site's root from the page (``../`` on /map/).
    The same arguments give the same HTML, so each map is drawn once per process: a preview's
    rebuild spent a third of its time compiling folium's templates for unchanged maps.
    """
    key = (root, data_url, json.dumps(strings, sort_keys=True, ensure_ascii=False), tiles, country, name)
    drawn = _DRAWN.get(key)
    if drawn is None:
        drawn = _DRAWN[key] = _draw(
            root=root, data_url=data_url, strings=strings, tiles=tiles, country=country, name=name
        )
    return drawn


_DRAWN: dict[tuple[Any, ...], str] = {}


def _draw(*, root: str, data_url: str, strings: dict[str, Any], tiles: Tiles, country: str | None, name: str) -> str:
    figure_map = folium.Map(location=[50.0, 10.0], zoom_start=4, tiles=None, control_scale=True)
    figure_map._id = name
    tile_layer = folium.TileLayer(tiles=tiles.url, attr=tiles.attribution, name="tiles", control=False)
    tile_layer._id = "tiles"
    tile_layer.add_to(figure_map)
    _Markers(
        {
            "data": data_url,
            "root": root,
            "country": country,
            "strings": strings,
        }
    ).add_to(figure_map)
    figure: Any = figure_map.get_root()
    figure.render()
    vendor = root + VENDOR_PREFIX
    parts = [
        f'<link rel="stylesheet" href="{vendor}leaflet/leaflet.css">',
        f'<link rel="stylesheet" href="{vendor}leaflet.markercluster/MarkerCluster.css">',
        f'<script src="{vendor}leaflet/leaflet.js"></script>',
        f'<script src="{vendor}leaflet.markercluster/leaflet.markercluster.js"></script>',
        figure.html.render(),
        "<script>",
        figure.script.render(),
        "</script>",
    ]
    return "\n".join(line.rstrip() for part in parts for line in part.splitlines() if line.strip())


def strings_for_map(text: dict[str, Any]) -> dict[str, Any]:
    """The interface words the map's script shows, from the one place of strings."""
    return {
        "levels": text["level_word"],
        "status": text["status"],
        "valid_until": text["valid_until"],
        "default": text["map_default_marker"],
        "open": text["map_open"],
        "label": oneline(text["map_label"]),
        "kinds": text["map_kinds"],
        "group": text["map_group"],
        "filter": text["map_filter"],
        "filter_shown": text["map_filter_shown"],
        "filter_levels": text["map_filter_levels"],
        "filter_statuses": text["map_filter_statuses"],
        "filter_status": text["map_filter_status"],
        "group_countries": text["map_group_countries"],
        "place": text["map_place"],
        "place_go": text["map_place_go"],
        "place_none": text["map_place_none"],
    }
