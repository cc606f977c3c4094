"""A still picture of where the labelled clusters are, drawn at build time for the home page.

Europe as a few map tiles at a low zoom, with one dot per small square of the picture
(sized by how many clusters lie in it, coloured by the best valid level among them),
so its size has a ceiling however large the registry grows. No script, no data file:
the only requests it makes are for the tiles, as the map page does.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ZOOM = 3
TILE = 256
LEFT, TOP, WIDTH, HEIGHT = 872, 424, 408, 400
"""The picture, in world pixels at ZOOM: from the Atlantic west of Ireland to the Caspian, from
the North Cape to Crete (longitude -26.7 to 45, latitude 71.7 to 34.3); its right edge is a tile's,
so it takes six tiles."""
CELL = 12
"""Clusters closer than this (in picture pixels) share a dot: at most (408 / 12) x (400 / 12) dots, each
at least 10 px across where the picture is shown at its own size."""
NOT_HOLDING = "none"


@dataclass(frozen=True)
class Tile:
    x: int
    y: int
    href: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    level: str
    """The best level held by a cluster at this dot, or ``none`` where none holds a valid label."""
    count: int


@dataclass(frozen=True)
class Preview:
    width: int
    height: int
    tiles: tuple[Tile, ...]
    dots: tuple[Dot, ...]
    shown: int
    """How many clusters the dots stand for (those located inside the picture)."""


def world_pixel(latitude: float, longitude: float) -> tuple[float, float]:
    """Web Mercator, as the tiles are drawn, in pixels of the whole world at ZOOM."""
    size = TILE * 2**ZOOM
    phi = math.radians(max(min(latitude, 85.0511), -85.0511))
    x = (longitude + 180.0) / 360.0 * size
    y = (1.0 - math.log(math.tan(phi) + 1.0 / math.cos(phi)) / math.pi) / 2.0 * size
    return x, y


def tiles(url_template: str) -> tuple[Tile, ...]:
    """The tiles under the picture, placed in its coordinates; none where no tile address is configured."""
    if "{z}" not in url_template:
        return ()
    result = []
    for ty in range(TOP // TILE, (TOP + HEIGHT - 1) // TILE + 1):
        for tx in range(LEFT // TILE, (LEFT + WIDTH - 1) // TILE + 1):
            href = (
                url_template.replace("{z}", str(ZOOM))
                .replace("{x}", str(tx))
                .replace("{y}", str(ty))
                .replace("{s}", "a")
                .replace("{r}", "")
            )
            result.append(Tile(tx * TILE - LEFT, ty * TILE - TOP, href))
    return tuple(result)


def preview(points: Iterable[tuple[float, float, str | None]], levels: Sequence[str], url_template: str) -> Preview:
    """The picture for clusters at (latitude, longitude, level held or None); ``levels`` lowest first."""
    rank = {level: i for i, level in enumerate(levels)}
    cells: dict[tuple[int, int], list[str | None]] = {}
    for latitude, longitude, level in points:
        x, y = world_pixel(latitude, longitude)
        x, y = x - LEFT, y - TOP
        if 0 <= x < WIDTH and 0 <= y < HEIGHT:
            cells.setdefault((int(x // CELL), int(y // CELL)), []).append(level)
    dots = []
    for (cx, cy), held in sorted(cells.items()):
        best = max((lv for lv in held if lv is not None), key=rank.__getitem__, default=NOT_HOLDING)
        radius = min(5.0 + 1.2 * math.log2(len(held)), 9.0)
        dots.append(Dot((cx + 0.5) * CELL, (cy + 0.5) * CELL, round(radius, 1), best, len(held)))
    # Valid levels drawn last, so a grey dot never hides a coloured one.
    dots.sort(key=lambda d: (d.level != NOT_HOLDING, rank.get(d.level, -1), d.y, d.x))
    return Preview(WIDTH, HEIGHT, tiles(url_template), tuple(dots), sum(d.count for d in dots))
