"""Listings answer "who holds a valid label?": their order, their pages and the data file the browser filters.

Plain functions, no templates: the order every listing shows by default (the page script
sorts the same way), the split of a listing into pages of a bounded size, and the compact
file from which the browser filters and sorts all the rows of a listing that spans pages.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from generator.opendata import DATA_LICENSE
from generator.render import oneline
from generator.status import HOLDING

if TYPE_CHECKING:
    from generator.model import Level
    from generator.pages import Row
    from generator.render import Formatter

PAGE_SIZE = 500
"""Rows per listing page: 500 rows keep a page near 0.5 MB, well under the 1 MB a page may weigh."""

DATA_FOLDER = "api/v1/listings/"

T = TypeVar("T")


def order_key(row: Row, levels: dict[str, Level]) -> tuple[int, int, str, str]:
    """Holders of a valid label first (expiring ones included), then the highest level, then the name."""
    return (
        0 if row.status in HOLDING else 1,
        -levels[row.label.level].rank,
        row.cluster.name.casefold(),
        row.cluster.id,
    )


def paginate(items: Sequence[T], size: int = PAGE_SIZE) -> list[Sequence[T]]:
    """The items in pages of ``size``; an empty listing is one empty page."""
    if size < 1:
        raise ValueError(f"a listing page holds at least one row, not {size}")
    return [items[start : start + size] for start in range(0, len(items), size)] or [items[:0]]


def page_url(base_url: str, number: int) -> str:
    """``clusters/`` for page 1, ``clusters/page/2/`` after it: the first page keeps the listing's address."""
    return base_url if number == 1 else f"{base_url}page/{number}/"


def page_source(base_path: str, base_url: str, number: int) -> str:
    """The Markdown source of a listing page: ``clusters/index.md``, then ``clusters/page/2.md``."""
    return base_path if number == 1 else f"{base_url}page/{number}.md"


def data_path(base_url: str) -> str:
    """``api/v1/listings/clusters.json``, ``api/v1/listings/countries/de.json``, ..."""
    return f"{DATA_FOLDER}{base_url.strip('/')}.json"


@dataclass(frozen=True)
class Group:
    """Rows shown under one heading; the heading is empty where a listing is not split."""

    key: str
    heading: str
    rows: Sequence[Row]
    total: int
    """How many rows the group has over all pages of the listing."""
    rows_html: str


DATA_FIELDS = (
    "id",
    "name",
    "acronym",
    "level",
    "status",
    "earliest",
    "latest",
    "valid_until",
    "default",
    "country",
    "city",
    "sectors",
)


def data_file(rows: Sequence[Row], levels: dict[str, Level], text: dict[str, Any], fmt: Formatter, on: dt.date) -> str:
    """A listing's rows in its default order, one array each, with the names the rows refer to.

    ``earliest``/``latest`` bound the label's last day (empty where unknown) so the script can
    sort by date and check the status again on the reader's day; ``valid_until`` is the date as
    the pages write it.
    """
    countries: dict[str, str] = {}
    sectors: dict[str, str] = {}
    data_rows: list[list[Any]] = []
    for row in rows:
        cluster, label, window = row.cluster, row.label, row.standing.window
        countries[cluster.country] = row.country_name
        sectors.update(row.sectors)
        until = label.effective_valid_until
        data_rows.append(
            [
                cluster.id,
                oneline(cluster.name),
                oneline(cluster.acronym or ""),
                label.level,
                row.status,
                window.earliest.isoformat() if window else "",
                window.latest.isoformat() if window else "",
                fmt.partial(until) if until else text["valid_until_unknown"],
                1 if label.valid_until_is_default else 0,
                cluster.country,
                oneline(cluster.city or ""),
                [sid for sid, _name in row.sectors],
            ]
        )
    data = {
        "generated_at": on.isoformat(),
        "license": DATA_LICENSE,
        "fields": list(DATA_FIELDS),
        "levels": {lv.id: [text["level_word"][lv.id], lv.rank] for lv in levels.values()},
        "countries": dict(sorted(countries.items())),
        "sectors": dict(sorted(sectors.items())),
        "rows": data_rows,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
