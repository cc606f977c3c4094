"""The generated pages of the site, as Markdown with front matter, from the typed registry.

Plain functions of the registry and a build date: no MkDocs here, so any
engine that reads Markdown with front matter can publish the output.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import InitVar, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
import markupsafe

from generator import countries, geo, labelpage, listing, opendata
from generator.labelpage import Revision
from generator.mappreview import preview
from generator.mapview import Tiles, map_html, strings_for_map
from generator.model import Cluster, Label, Registry
from generator.prerender import html_page
from generator.render import (
    Formatter,
    environment,
    markdown_link_target,
    oneline,
    relative_url,
    sanitise_markdown,
    strings,
)
from generator.schema import schema as load_schema
from generator.status import EXPIRING_WITHIN_DAYS, HOLDING, STATUSES, Standing, Status, assess_all

STATUS_ORDER: dict[Status, int] = {status: rank for rank, status in enumerate(STATUSES)}


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
    listing_page_size: int = listing.PAGE_SIZE
    """Rows per listing page; a longer listing continues on numbered pages."""


@dataclass(frozen=True)
class Page:
    path: str
    """Source path under the docs folder, such as ``clusters/silicon-saxony.md``; data files keep their own suffix."""
    content: str


@dataclass(frozen=True)
class Kept(Page):
    """A page an earlier run made from the same inputs and the caller still holds: its content is not made again."""


@dataclass
class Memo:
    """What a cluster's own pages (label page, redirects, JSON, badge, QR code) were made from in an earlier run.

    ``mkdocs serve`` keeps one across rebuilds, so an edit to one record makes that
    record's pages again and :class:`Kept` stands for every other cluster's.
    """

    context: tuple[Any, ...] | None = None
    made: dict[str, tuple[Cluster, Standing, Revision | None, tuple[str, ...]]] = field(default_factory=dict)
    rows: dict[tuple[str, bool, str], tuple[Row, str]] = field(default_factory=dict)
    """Each cluster's listing row as rendered, by the depth and columns of the listing it was made for."""

    def begin(self, context: tuple[Any, ...]) -> None:
        """Start a run: what was made for other settings, levels or sectors is forgotten."""
        if context != self.context:
            self.context, self.made, self.rows = context, {}, {}

    def pages(
        self, cluster: Cluster, standing: Standing, revision: Revision | None, make: Callable[[], Iterator[Page]]
    ) -> Iterator[Page]:
        earlier = self.made.get(cluster.id)
        if earlier is not None and earlier[:3] == (cluster, standing, revision):
            yield from (Kept(path, "") for path in earlier[3])
            return
        made = tuple(make())
        self.made[cluster.id] = (cluster, standing, revision, tuple(page.path for page in made))
        yield from made


GEOJSON = "api/v1/clusters.geojson"
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
)
"""Material for MkDocs reads every ``link rel=alternate`` as another language version of the site
and fetches ``sitemap.xml`` beside it; the feed and JSON links of our pages would make that a 404."""


def cluster_url(cluster_id: str) -> str:
    return f"clusters/{cluster_id}/"


def country_url(code: str) -> str:
    return f"countries/{code.lower()}/"


def sector_url(sector_id: str) -> str:
    return f"sectors/{sector_id}/"


def level_url(level_id: str) -> str:
    return f"levels/{level_id}/"


@dataclass(frozen=True)
class Row:
    """One cluster as a listing shows it."""

    cluster: Cluster
    standing: Standing
    sectors: tuple[tuple[str, str], ...]
    """(id, name) pairs."""
    country_name: str

    @property
    def label(self) -> Label:
        return self.standing.label

    @property
    def status(self) -> Status:
        return self.standing.status


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
        self.rows.sort(key=lambda r: listing.order_key(r, levels))


class Renderer:
    def __init__(self, site: Site) -> None:
        self.site = site
        self.env: jinja2.Environment = environment(site.settings.overrides)
        self._row_macro: Any = None
        self._row_cache: dict[tuple[str, bool, str], str] = {}
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

    def listing_filters(self, rows: list[Row], *, omit: str = "") -> dict[str, list[tuple[str, str]]]:
        """The choices of each filter that can change the listing.

        A filter whose every choice keeps all the rows (one level on a level page) is left out.
        """
        levels = self.site.registry.levels
        text = self.site.text
        matches: dict[str, dict[str, int]] = {"level": Counter(), "status": Counter(), "country": Counter()}
        sector_matches: Counter[str] = Counter()
        for r in rows:
            matches["level"][r.label.level] += 1
            matches["status"][r.status] += 1
            matches["country"][r.cluster.country] += 1
            sector_matches.update(r.cluster.sectors)
        matches["status"]["valid"] += matches["status"]["expiring"]  # "valid" includes expiring soon
        choices: dict[str, list[tuple[str, str]]] = {
            "level": [(lv, text["level_word"][lv]) for lv in reversed(levels) if lv in matches["level"]],
            "status": [
                (s, text["filter_status_valid"] if s == "valid" else text["status"][s])
                for s in STATUS_ORDER
                if matches["status"][s]
            ],
        }
        if omit != "country":
            found = {r.cluster.country: r.country_name for r in rows}
            choices["country"] = sorted(found.items(), key=lambda item: item[1])
        if omit != "sector":
            names = {sid: name for r in rows for sid, name in r.sectors}
            choices["sector"] = sorted(names.items(), key=lambda item: item[1])
        matches["sector"] = sector_matches
        return {
            key: options
            for key, options in choices.items()
            if any(matches[key][value] < len(rows) for value, _label in options)
        }

    def listing_rows(self, rows: Sequence[Row], omit: str, root: str) -> markupsafe.Markup:
        """The rows' HTML: each cluster's row is rendered once per depth and column set, then shared."""
        if self._row_macro is None:
            module = self.env.get_template("_table.html.j2").make_module(self.context(""))
            self._row_macro = getattr(module, "row")  # noqa: B009 - a template macro, unknown to mypy
        out = []
        for r in rows:
            key = (r.cluster.id, omit == "country", root)
            cached = self._row_cache.get(key)
            if cached is None:
                earlier = self.row_memo.get(key) if self.row_memo is not None else None
                if earlier is not None and earlier[0] == r:
                    cached = self._row_cache[key] = earlier[1]
                else:
                    cached = self._row_cache[key] = str(self._row_macro(r, omit, root))
                    if self.row_memo is not None:
                        self.row_memo[key] = (r, cached)
            out.append(cached)
        return markupsafe.Markup("\n".join(out))


def _cluster_pages(renderer: Renderer, cluster: Cluster) -> Iterator[Page]:
    """The pages that show one cluster alone: its label page, redirects from its old ids and its data files."""
    yield _cluster_page(renderer, cluster)
    yield from _alias_pages(renderer, cluster)
    yield from _cluster_data(renderer, cluster)


def _alias_pages(renderer: Renderer, cluster: Cluster) -> Iterator[Page]:
    for alias in cluster.aliases:
        yield Page(
            f"clusters/{alias}.md",
            renderer.render("redirect.md.j2", cluster_url(alias), c=cluster, target=cluster_url(cluster.id)),
        )


def _data_paths(cluster: Cluster, settings: Settings) -> tuple[str, ...]:
    """Where a cluster's JSON, badge and (with a known site address) QR code go."""
    paths = (f"{opendata.API}clusters/{cluster.id}.json", f"badges/{cluster.id}.svg")
    return paths + ((f"qr/{cluster.id}.svg",) if settings.site_url else ())


def _cluster_data(renderer: Renderer, cluster: Cluster) -> Iterator[Page]:
    site = renderer.site
    registry, settings, standing = site.registry, site.settings, site.standings[cluster.id]
    json_path, badge_path, *qr_path = _data_paths(cluster, settings)
    yield Page(json_path, opendata.dumps(opendata.cluster_detail(cluster, standing, registry, settings.site_url)))
    yield Page(badge_path, opendata.badge_svg(cluster, standing, registry))
    if qr_path:
        address = settings.site_url + cluster_url(cluster.id)
        yield Page(qr_path[0], opendata.qr_svg_cached(address, cluster.name, settings.qr_cache))


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


@dataclass
class Deferred:
    """Given to :func:`generate`, it is left each cluster's label page and data files to make with :meth:`make`
    (generate yields :class:`Later` stand-ins for them), where the label template lets its front matter
    be rendered alone. ``clusters`` is filled before generate yields its first page; it stays empty where
    generate makes every page itself."""

    clusters: list[Cluster] = field(default_factory=list)
    renderer: Renderer | None = None

    def make(self, cluster: Cluster) -> Iterator[Page]:
        """The cluster's label page, whole, and its data files: the pages generate would have made."""
        assert self.renderer is not None
        yield _cluster_page(self.renderer, cluster)
        yield from _cluster_data(self.renderer, cluster)


def _later_pages(renderer: Renderer, cluster: Cluster, front_matter: str) -> Iterator[Page]:
    yield Later(f"clusters/{cluster.id}.md", front_matter)
    yield from _alias_pages(renderer, cluster)
    for path in _data_paths(cluster, renderer.site.settings):
        yield Later(path, "")


def _label_context(renderer: Renderer, cluster: Cluster) -> dict[str, Any]:
    """What the label page's front matter is made of (its body needs more)."""
    site = renderer.site
    standing = site.standings[cluster.id]
    return dict(
        c=cluster,
        standing=standing,
        shown=standing.label,
        status=standing.status,
        json_path=f"{opendata.API}clusters/{cluster.id}.json",
        jsonld=opendata.script_json(opendata.json_ld(cluster, standing, site.registry, site.settings.site_url)),
    )


def _deferrable(renderer: Renderer, cluster: Cluster) -> bool:
    """Whether label pages can be made later: the template (perhaps an override) renders its front matter
    alone, as the whole page starts, and the rest of the page is HTML blocks, which need no Markdown parser."""
    head = front_matter(renderer, cluster)
    if not head:
        return False
    content = _cluster_page(renderer, cluster).content
    return content.startswith(head) and html_page(content[len(head) :]) is not None


def split_front_matter(markdown: str) -> tuple[str, str]:
    """The page's front matter block (with its fences) and its body."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            return markdown[: end + 5], markdown[end + 5 :]
    return "", markdown


def front_matter(renderer: Renderer, cluster: Cluster) -> str | None:
    """The label page's front matter alone, as the whole page starts; None where the template
    (an override) has no ``front_matter`` block."""
    template = renderer.env.get_template("cluster.md.j2")
    block = template.blocks.get("front_matter")
    if block is None:
        return None
    context = {**renderer.context(cluster_url(cluster.id)), **_label_context(renderer, cluster)}
    return "".join(block(template.new_context(context)))


def _cluster_page(renderer: Renderer, cluster: Cluster) -> Page:
    site = renderer.site
    text, fmt = site.text, site.fmt
    on = site.settings.build_date
    standing = site.standings[cluster.id]
    shown = standing.label
    page_url = cluster_url(cluster.id)
    registry = site.registry
    settings = site.settings
    site_url = settings.site_url
    badge_path = f"badges/{cluster.id}.svg"
    level = registry.levels[shown.level]
    permalink = (site_url + page_url) if site_url else ""
    page_address = permalink or "/" + page_url
    badge_address = (site_url + badge_path) if site_url else "/" + badge_path
    badge_alt = text["badge_alt"].format(name=oneline(cluster.name), level_name=level.name)
    revision = settings.revisions.get(cluster.path)
    cited = labelpage.Cited(
        cluster=cluster,
        label=shown,
        level=level,
        status_word=text["status"][standing.status],
        url=permalink or "/" + page_url,
        site_name=text["site_name"],
        built=on,
        revision=revision,
    )
    content = renderer.render(
        "cluster.md.j2",
        page_url,
        **_label_context(renderer, cluster),
        current=standing.current,
        headline=labelpage.headline(cluster, standing, text, fmt),
        window=labelpage.window_data(standing.window),
        story=labelpage.story(cluster, text),
        history=labelpage.history(cluster, standing),
        end_text=lambda label, status: labelpage.end_text(label, status, text, fmt),
        reference=lambda label: labelpage.source_reference(label, text, fmt),
        days_left=standing.days_left,
        description=sanitise_markdown(cluster.description) if cluster.description else "",
        permalink=permalink,
        edit_url=(settings.edit_url + cluster.path) if settings.edit_url else "",
        correction_url=_correction_url(settings.repository, cluster),
        contact=settings.contact,
        revision=revision,
        citation=labelpage.citation(cited, fmt),
        bibtex=labelpage.bibtex(cited),
        badge_path=badge_path,
        badge_alt=badge_alt,
        html_snippet=badge_html(page_address, badge_address, badge_alt),
        markdown_snippet=badge_markdown(page_address, badge_address, badge_alt),
        page_address=page_address,
        qr_path=f"qr/{cluster.id}.svg" if site_url else "",
        words_script=labelpage.WORDS_SCRIPT,
    )
    return Page(f"clusters/{cluster.id}.md", content)


def badge_html(page_address: str, badge_address: str, alt: str) -> str:
    """The HTML a cluster copies onto its own site: each value escaped for the attribute it lands in."""
    return (
        f'<a href="{html.escape(page_address)}"><img src="{html.escape(badge_address)}" alt="{html.escape(alt)}"></a>'
    )


_MARKDOWN_ALT = re.compile(r"([\\\[\]`*_<>!])")


def badge_markdown(page_address: str, badge_address: str, alt: str) -> str:
    """The Markdown a cluster copies: alt text with its brackets escaped, addresses in angle brackets."""
    text = _MARKDOWN_ALT.sub(r"\\\1", oneline(alt))
    return f"[![{text}]({markdown_link_target(badge_address)})]({markdown_link_target(page_address)})"


def _correction_url(repository: str, cluster: Cluster) -> str:
    """A new issue in the repository, on the correction form, with the record's id filled in."""
    if not repository:
        return ""
    query = urlencode({"template": "report-change.yml", "id": cluster.id, "title": f"Change: {cluster.name}"})
    return f"{repository.rstrip('/')}/issues/new?{query}"


@dataclass(frozen=True)
class ListingPage:
    """Where one page of a listing sits among the others, for the templates."""

    base_url: str
    root: str
    """The way up from this page to the site's root, such as ``../../``."""
    page: int
    pages: int
    page_size: int
    total: int
    omit: str
    data: str

    def page_url(self, number: int) -> str:
        return listing.page_url(self.base_url, number)


def _listing_pages(
    renderer: Renderer,
    path: str,
    base_url: str,
    title: str,
    intro: str,
    rows: list[Row],
    *,
    omit: str = "",
    grouped: bool = False,
    **extra: Any,
) -> Iterator[Page]:
    """A listing in pages of the configured size, in the default order, and its data file for the page script.

    A grouped listing (a level's) shows the current holders under one heading and the others under another.
    """
    site = renderer.site
    text = site.text
    size = site.settings.listing_page_size
    chunks = listing.paginate(rows, size)
    data = listing.data_path(base_url)
    filters = renderer.listing_filters(rows, omit=omit)
    if grouped:
        holding = sum(r.standing.holding for r in rows)
        groups = [
            ("current", text["listing_current"], holding),
            ("others", text["listing_others"], len(rows) - holding),
        ]
    else:
        groups = [("all", "", len(rows))]
    for number, chunk in enumerate(chunks, start=1):
        url = listing.page_url(base_url, number)
        root = "../" * url.count("/")
        shown = []
        for key, heading, total in groups:
            part = [r for r in chunk if not grouped or r.standing.holding == (key == "current")]
            if part:
                rows_html = renderer.listing_rows(part, omit, root)
                shown.append(listing.Group(key, heading, part, total, rows_html))
        where = ListingPage(base_url, root, number, len(chunks), size, len(rows), omit, data)
        content = renderer.render(
            "listing.md.j2",
            url,
            title=title if number == 1 else text["listing_page_title"].format(title=title, page=number),
            intro=intro,
            listing=where,
            groups=shown,
            filters=filters,
            legend=any(r.label.valid_until_is_default for r in chunk),
            **extra,
        )
        yield Page(listing.page_source(path, base_url, number), content)
    yield renderer.data(
        data, partial(listing.data_file, rows, site.registry.levels, text, site.fmt, site.settings.build_date)
    )


def _count_table(rows: list[Row], key: str) -> list[dict[str, Any]]:
    groups: dict[str, list[Row]] = {}
    for row in rows:
        keys = [row.cluster.country] if key == "country" else list(row.cluster.sectors)
        for k in keys:
            groups.setdefault(k, []).append(row)
    return [
        {
            "id": k,
            "total": len(group),
            "valid": sum(r.standing.holding for r in group),
            "levels": Counter(r.label.level for r in group if r.standing.holding),
        }
        for k, group in groups.items()
    ]


def generate(
    registry: Registry,
    settings: Settings,
    memo: Memo | None = None,
    standings: dict[str, Standing] | None = None,
    deferred: Deferred | None = None,
    *,
    pending: bool = False,
) -> Iterator[Page]:
    """Every generated page, in a fixed order; with a ``memo``, a cluster whose record, status and
    revision are as they were in its earlier run gets :class:`Kept` pages instead of made ones.
    ``standings``, where given, must be :func:`assess_all` of the registry on the build date.
    With ``deferred`` (and no memo), the clusters' label pages and data files are :class:`Later` pages, left to it;
    with ``pending``, the registry-wide data files are :class:`Pending`, left to the caller."""
    site = Site(registry, settings, standings)
    renderer = Renderer(site)
    renderer.pending = pending
    text = site.text
    rows = site.rows
    if deferred is not None and memo is None and registry.clusters and _deferrable(renderer, registry.clusters[0]):
        deferred.renderer, deferred.clusters = renderer, list(registry.clusters)
    else:
        deferred = None

    if memo is not None:
        memo.begin((replace(settings, revisions={}), registry.levels, registry.sectors))
        renderer.row_memo = memo.rows

    yield from _data_files(renderer)
    yield _home(renderer)
    yield from _listing_pages(renderer, "clusters/index.md", "clusters/", text["all_clusters"], "", rows)
    for cluster in registry.clusters:
        standing = site.standings[cluster.id]
        if deferred is not None:
            yield from _later_pages(renderer, cluster, front_matter(renderer, cluster) or "")
        elif memo is None:
            yield from _cluster_pages(renderer, cluster)
        else:
            revision = settings.revisions.get(cluster.path)
            yield from memo.pages(cluster, standing, revision, partial(_cluster_pages, renderer, cluster))

    by_country = _count_table(rows, "country")
    for entry in by_country:
        entry["name"] = countries.name(entry["id"])
    by_country.sort(key=lambda e: e["name"])
    yield Page(
        "countries/index.md",
        renderer.render(
            "counts.md.j2",
            "countries/",
            title=text["countries_title"],
            intro=text["countries_intro"],
            entries=by_country,
            kind="country",
        ),
    )
    for entry in by_country:
        code = entry["id"]
        yield from _listing_pages(
            renderer,
            f"countries/{code.lower()}.md",
            country_url(code),
            text["country_title"].format(country=entry["name"]),
            "",
            [r for r in rows if r.cluster.country == code],
            omit="country",
            country_label=entry["name"],
            map_html=_map_html(renderer, country_url(code), country=code)
            if any(r.cluster.location for r in rows if r.cluster.country == code)
            else "",
        )

    by_sector = _count_table(rows, "sector")
    counts = {e["id"]: e for e in by_sector}
    sector_entries = []
    for sector in registry.sectors.values():
        entry = counts.get(sector.id, {"id": sector.id, "total": 0, "valid": 0, "levels": Counter()})
        entry["name"] = sector.name
        sector_entries.append(entry)
    yield Page(
        "sectors/index.md",
        renderer.render(
            "counts.md.j2",
            "sectors/",
            title=text["sectors_title"],
            intro=text["sectors_intro"],
            entries=sector_entries,
            kind="sector",
        ),
    )
    for sector in registry.sectors.values():
        if not counts.get(sector.id):
            continue  # a sector no cluster works in has no page: the index names it without a link
        yield from _listing_pages(
            renderer,
            f"sectors/{sector.id}.md",
            sector_url(sector.id),
            text["sector_title"].format(sector=sector.name),
            sector.description,
            [r for r in rows if sector.id in r.cluster.sectors],
            omit="sector",
        )

    yield _map(renderer)
    yield Page("levels/index.md", renderer.render("levels.md.j2", "levels/", rows=rows))
    for level in registry.levels.values():
        yield from _listing_pages(
            renderer,
            f"levels/{level.id}.md",
            level_url(level.id),
            level.name,
            text["level_intro"].format(level=text["level_word"][level.id]),
            [r for r in rows if r.label.level == level.id],
            grouped=True,
            level=level,
        )


# ---- Map pages (map helper) ----

MAP_LIST_LIMIT = 500
"""Most clusters a map lists, for readers without JavaScript, before it names countries or the listing instead."""

STATUS_COLUMNS: tuple[Status, ...] = tuple(s for s in STATUSES if s not in HOLDING)
"""The map page's table counts valid labels by level and every other label by its own status."""


def _map(renderer: Renderer) -> Page:
    rows = renderer.site.rows
    by_country: dict[str, Counter[str]] = {}
    for row in rows:
        key = row.label.level if row.standing.holding else row.status
        by_country.setdefault(row.cluster.country, Counter())[key] += 1
    table = sorted(((code, countries.name(code), counts) for code, counts in by_country.items()), key=lambda e: e[1])
    content = renderer.render(
        "map.md.j2",
        "map/",
        rows=rows,
        located=sum(1 for r in rows if r.cluster.location),
        by_country=table,
        totals=sum(by_country.values(), Counter()),
        status_columns=STATUS_COLUMNS,
        map_html=_map_html(renderer, "map/"),
    )
    return Page("map/index.md", content)


def country_geojson(code: str) -> str:
    """A country's own markers: its map fetches only these, not the whole registry's."""
    return f"{opendata.API}countries/{code.lower()}.geojson"


def _map_html(renderer: Renderer, page_url: str, country: str | None = None) -> str:
    """The map, and in its place for readers without JavaScript the clusters it shows, as links."""
    root = "../" * page_url.count("/")
    located = [r for r in renderer.site.rows if r.cluster.location and country in (None, r.cluster.country)]
    by_country: list[tuple[str, str, int]] = []
    if len(located) > MAP_LIST_LIMIT:
        if country is None:
            counts = Counter(r.cluster.country for r in located)
            by_country = sorted(((c, countries.name(c), n) for c, n in counts.items()), key=lambda e: e[1])
        located = []
    fallback = renderer.render("_map_nojs.html.j2", page_url, rows=located, by_country=by_country)
    drawn = map_html(
        root=root,
        data_url=root + (country_geojson(country) if country else GEOJSON),
        strings=strings_for_map(renderer.site.text),
        tiles=renderer.site.settings.tiles,
        country=country,
        name=f"country_{country.lower()}" if country else "registry",
    )
    return drawn + "\n" + "\n".join(line for line in fallback.splitlines() if line.strip())


def _data_files(renderer: Renderer) -> Iterator[Page]:
    """The machine-readable addresses: JSON API, GeoJSON, CSV, Atom feed, schemas and the status words."""
    site, data = renderer.site, renderer.data
    registry, standings, settings = site.registry, site.standings, site.settings
    on, site_url = settings.build_date, settings.site_url
    collection = geo.feature_collection(registry, standings, on, site.fmt)
    yield data(GEOJSON, partial(geo.dumps, collection))
    for code in sorted({c.country for c in registry.clusters if c.location}):
        features = [f for f in collection["features"] if f["properties"]["country"] == code]
        yield data(country_geojson(code), partial(geo.dumps, {**collection, "features": features}))
    index = partial(opendata.clusters_index, registry, standings, on, site_url)
    yield data(f"{opendata.API}clusters.json", lambda: opendata.dumps(index()))
    yield data(f"{opendata.API}clusters.csv", partial(opendata.clusters_csv, registry, standings, site_url))
    yield data(f"{opendata.API}labels.csv", partial(opendata.labels_csv, registry, standings))
    feed = partial(opendata.awards_feed, registry, standings, on, site_url, site.text["site_name"])
    yield data(f"{opendata.API}awards.atom", feed)
    yield Page(labelpage.WORDS_SCRIPT, labelpage.words_script(site.text, site.fmt))
    yield Page(f"{opendata.API}sitemap.xml", EMPTY_SITEMAP)
    yield Page(f"{opendata.API}clusters/sitemap.xml", EMPTY_SITEMAP)
    for name, path in opendata.API_SCHEMAS.items():
        source = {"clusters": "api-clusters", "cluster": "api-cluster", "record": "cluster"}[name]
        yield Page(path, opendata.dumps(load_schema(source), indent=2))


HOME_LIST_LENGTH = 10
"""The home page's lists of newest awards and of labels ending soon hold at most this many, at any registry size."""


def _home(renderer: Renderer) -> Page:
    site = renderer.site
    on = site.settings.build_date
    rows = site.rows
    valid = [r for r in rows if r.standing.holding]
    awards = [
        (label, row, row.standing.label_statuses[index])
        for row in rows
        for index, label in enumerate(row.cluster.labels)
        if label.awarded and label.awarded.first_day() <= on
    ]
    awards.sort(
        key=lambda item: (item[0].awarded.first_day() if item[0].awarded else on, item[1].cluster.id), reverse=True
    )
    expiring = sorted(
        (r for r in rows if r.status == "expiring"),
        key=lambda r: (r.standing.window.earliest if r.standing.window else on, r.cluster.id),
    )
    picture = preview(
        (
            (r.cluster.location.latitude, r.cluster.location.longitude, r.label.level if r.standing.holding else None)
            for r in rows
            if r.cluster.location
        ),
        list(site.registry.levels),
        site.settings.tiles.url,
    )
    content = renderer.render(
        "home.md.j2",
        "",
        rows=rows,
        valid_count=len(valid),
        by_level=Counter(r.label.level for r in valid),
        country_count=len({r.cluster.country for r in rows}),
        sector_count=len({s for r in rows for s in r.cluster.sectors}),
        located=sum(1 for r in rows if r.cluster.location),
        preview=picture,
        tiles_attribution=site.settings.tiles.attribution,
        newest=awards[:HOME_LIST_LENGTH],
        expiring=expiring[:HOME_LIST_LENGTH],
        expiring_count=len(expiring),
    )
    return Page("index.md", content)


def write(pages: Iterator[Page] | list[Page], target: Path) -> int:
    """Write pages under ``target``; returns how many."""
    count = 0
    for page in pages:
        path = target / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.content, encoding="utf-8")
        count += 1
    return count
