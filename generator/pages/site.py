"""What every page of the site shares: the build's settings, the page as a value, the permanent addresses,
and the renderer that gives each template the same context.

Imports records and the shared rendering layer only (and listing rows); each page type is a module beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import InitVar, dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from generator.pages.labeltext import Revision
from generator.pages.mapview import Tiles
from generator.pages.rows import STATUS_ORDER, Row, order_key
from generator.records import countries
from generator.records.model import Registry
from generator.records.status import EXPIRING_WITHIN_DAYS, Standing, assess_all
from generator.render import Formatter, environment, relative_url, strings

PAGE_SIZE = 500
"""Rows per listing page: 500 rows keep a page near 0.5 MB, well under the 1 MB a page may weigh."""


@dataclass(frozen=True)
class Settings:
    """What a build needs beyond the registry: the day, the language and the site's addresses."""

    build_date: dt.date
    language: str = "en"
    site_url: str = ""
    """Absolute address of the site's root, ending in /; empty when not known (links are then relative)."""
    edit_url: str = ""
    """Address that a record's repository path is appended to, to edit it; empty for none."""
    overrides: Path | None = None
    tiles: Tiles = field(default_factory=Tiles)
    repository: str = ""
    """The repository's web address, for "report a correction"; empty for none."""
    contact: str = ""
    """How to reach the operator without a GitHub account: an e-mail address or a web address."""
    revisions: dict[str, Revision] = field(default_factory=dict)
    """The last commit of each record, by record path, where the build runs in a git checkout."""
    qr_cache: Path | None = None
    """A folder where QR codes drawn by one build wait for the next; None to draw every code."""
    listing_page_size: int = PAGE_SIZE
    """Rows per listing page; a longer listing continues on numbered pages."""


@dataclass(frozen=True)
class Page:
    path: str
    """Source path under the docs folder, such as ``clusters/silicon-saxony.md``; data files keep their own suffix."""
    content: str


@dataclass(frozen=True)
class Kept(Page):
    """A page an earlier run made from the same inputs and the caller still holds: its content is not made again."""


@dataclass(frozen=True)
class Later(Page):
    """A cluster's label page or data file that :meth:`Deferred.make` makes later, perhaps in another
    process: a label page holds its front matter only, a data file nothing yet."""


@dataclass(frozen=True)
class Pending(Page):
    """A registry-wide data file (CSV, JSON, GeoJSON, feed, a listing's data) that :func:`generate`,
    asked to, leaves for the caller to make with :attr:`make` when it suits it: a preview makes them
    after the edited page is shown."""

    make: Callable[[], str] = field(default=str, compare=False)


def cluster_url(cluster_id: str) -> str:
    return f"clusters/{cluster_id}/"


def country_url(code: str) -> str:
    return f"countries/{code.lower()}/"


def sector_url(sector_id: str) -> str:
    return f"sectors/{sector_id}/"


def level_url(level_id: str) -> str:
    return f"levels/{level_id}/"


@dataclass
class Site:
    """Everything the templates share, computed once per build."""

    registry: Registry
    settings: Settings
    known: InitVar[dict[str, Standing] | None] = None
    """The standings on the build date where the caller has them already."""
    text: dict[str, Any] = field(init=False)
    fmt: Formatter = field(init=False)
    rows: list[Row] = field(init=False)
    standings: dict[str, Standing] = field(init=False)
    """Every cluster's status on the build date, computed once: every output reads it."""

    def __post_init__(self, known: dict[str, Standing] | None) -> None:
        self.text = strings(self.settings.language)
        self.fmt = Formatter(self.text)
        on = self.settings.build_date
        self.standings = known if known is not None else assess_all(self.registry, on)
        self.rows = [
            Row(
                cluster=c,
                standing=self.standings[c.id],
                sectors=tuple((s, self.registry.sectors[s].name) for s in c.sectors),
                country_name=countries.name(c.country),
            )
            for c in self.registry.clusters
        ]
        levels = self.registry.levels
        self.rows.sort(key=lambda r: order_key(r, levels))


class Renderer:
    def __init__(self, site: Site) -> None:
        self.site = site
        self.env: jinja2.Environment = environment(site.settings.overrides)
        self.row_macro: Any = None
        self.row_cache: dict[tuple[str, bool, str], str] = {}
        self.row_memo: dict[tuple[str, bool, str], tuple[Row, str]] | None = None
        """Rows an earlier run rendered (see :class:`Memo`), reused where the row is the same."""
        self.pending = False
        """Whether registry-wide data files are left :class:`Pending` rather than made."""

    def data(self, path: str, make: Callable[[], str]) -> Page:
        return Pending(path, "", make) if self.pending else Page(path, make())

    def context(self, page_url: str) -> dict[str, Any]:
        site = self.site
        settings = site.settings
        return dict(
            t=site.text,
            fmt=site.fmt,
            levels=site.registry.levels,
            sectors=site.registry.sectors,
            build_date=settings.build_date,
            expiring_days=EXPIRING_WITHIN_DAYS,
            status_rank=STATUS_ORDER,
            page_url=page_url,
            href=lambda target: relative_url(page_url, target),
            url=dict(cluster=cluster_url, country=country_url, sector=sector_url, level=level_url),
            country_name=countries.name,
            site_url=settings.site_url,
        )

    def render(self, template: str, page_url: str, **context: Any) -> str:
        return self.env.get_template(template).render(**self.context(page_url), **context)
