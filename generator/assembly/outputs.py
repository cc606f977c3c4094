"""Every output of a build, in a fixed order: the site's pages and its open data files, from the typed registry.

Plain functions of the registry and a build date, no engine here: any engine that reads Markdown with front
matter can publish the output. What a preview keeps from one run to the next (:class:`Memo`), what is left
to worker processes (:class:`Deferred`) and what is left for later (:class:`~generator.pages.site.Pending`)
is decided here. Imports records, pages and open data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from generator import opendata
from generator.opendata import api, badges, feed, geojson, qrcodes, tables
from generator.pages import labeltext
from generator.pages.counts import country_pages, sector_pages
from generator.pages.home import home_page
from generator.pages.labelpage import alias_pages, front_matter, label_page
from generator.pages.labeltext import Revision
from generator.pages.listings import level_pages, listing_pages
from generator.pages.maps import map_page
from generator.pages.prerender import html_page
from generator.pages.rows import Row
from generator.pages.site import Kept, Later, Page, Renderer, Settings, Site, cluster_url
from generator.records.model import Cluster, Registry
from generator.records.schema import schema as load_schema
from generator.records.status import Standing

EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
)
"""Material for MkDocs reads every ``link rel=alternate`` as another language version of the site
and fetches ``sitemap.xml`` beside it; the feed and JSON links of our pages would make that a 404."""


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


def _cluster_pages(renderer: Renderer, cluster: Cluster) -> Iterator[Page]:
    """The pages that show one cluster alone: its label page, redirects from its old ids and its data files."""
    yield label_page(renderer, cluster)
    yield from alias_pages(renderer, cluster)
    yield from _cluster_data(renderer, cluster)


def _data_paths(cluster: Cluster, settings: Settings) -> tuple[str, ...]:
    """Where a cluster's JSON, badge and (with a known site address) QR code go."""
    paths = (f"{opendata.API}clusters/{cluster.id}.json", f"badges/{cluster.id}.svg")
    return paths + ((f"qr/{cluster.id}.svg",) if settings.site_url else ())


def _cluster_data(renderer: Renderer, cluster: Cluster) -> Iterator[Page]:
    site = renderer.site
    registry, settings, standing = site.registry, site.settings, site.standings[cluster.id]
    json_path, badge_path, *qr_path = _data_paths(cluster, settings)
    yield Page(json_path, opendata.dumps(api.cluster_detail(cluster, standing, registry, settings.site_url)))
    yield Page(badge_path, badges.badge_svg(cluster, standing, registry))
    if qr_path:
        address = settings.site_url + cluster_url(cluster.id)
        yield Page(qr_path[0], qrcodes.qr_svg_cached(address, cluster.name, settings.qr_cache))


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
        yield label_page(self.renderer, cluster)
        yield from _cluster_data(self.renderer, cluster)


def _later_pages(renderer: Renderer, cluster: Cluster, front_matter: str) -> Iterator[Page]:
    yield Later(f"clusters/{cluster.id}.md", front_matter)
    yield from alias_pages(renderer, cluster)
    for path in _data_paths(cluster, renderer.site.settings):
        yield Later(path, "")


def _deferrable(renderer: Renderer, cluster: Cluster) -> bool:
    """Whether label pages can be made later: the template (perhaps an override) renders its front matter
    alone, as the whole page starts, and the rest of the page is HTML blocks, which need no Markdown parser."""
    head = front_matter(renderer, cluster)
    if not head:
        return False
    content = label_page(renderer, cluster).content
    return content.startswith(head) and html_page(content[len(head) :]) is not None


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
    if deferred is not None and memo is None and registry.clusters and _deferrable(renderer, registry.clusters[0]):
        deferred.renderer, deferred.clusters = renderer, list(registry.clusters)
    else:
        deferred = None

    if memo is not None:
        memo.begin((replace(settings, revisions={}), registry.levels, registry.sectors))
        renderer.row_memo = memo.rows

    yield from _data_files(renderer)
    yield home_page(renderer)
    yield from listing_pages(renderer, "clusters/index.md", "clusters/", site.text["all_clusters"], "", site.rows)
    for cluster in registry.clusters:
        standing = site.standings[cluster.id]
        if deferred is not None:
            yield from _later_pages(renderer, cluster, front_matter(renderer, cluster) or "")
        elif memo is None:
            yield from _cluster_pages(renderer, cluster)
        else:
            revision = settings.revisions.get(cluster.path)
            yield from memo.pages(cluster, standing, revision, partial(_cluster_pages, renderer, cluster))

    yield from country_pages(renderer)
    yield from sector_pages(renderer)
    yield map_page(renderer)
    yield from level_pages(renderer)


def _data_files(renderer: Renderer) -> Iterator[Page]:
    """The machine-readable addresses: JSON API, GeoJSON, CSV, Atom feed, schemas and the status words."""
    site, data = renderer.site, renderer.data
    registry, standings, settings = site.registry, site.standings, site.settings
    on, site_url = settings.build_date, settings.site_url
    collection = geojson.feature_collection(registry, standings, on, site.fmt)
    yield data(opendata.GEOJSON, partial(geojson.dumps, collection))
    for code in sorted({c.country for c in registry.clusters if c.location}):
        features = [f for f in collection["features"] if f["properties"]["country"] == code]
        yield data(opendata.country_geojson(code), partial(geojson.dumps, {**collection, "features": features}))
    index = partial(api.clusters_index, registry, standings, on, site_url)
    yield data(f"{opendata.API}clusters.json", lambda: opendata.dumps(index()))
    yield data(f"{opendata.API}clusters.csv", partial(tables.clusters_csv, registry, standings, site_url))
    yield data(f"{opendata.API}labels.csv", partial(tables.labels_csv, registry, standings))
    awards = partial(feed.awards_feed, registry, standings, on, site_url, site.text["site_name"])
    yield data(f"{opendata.API}awards.atom", awards)
    yield Page(labeltext.WORDS_SCRIPT, labeltext.words_script(site.text, site.fmt))
    yield Page(f"{opendata.API}sitemap.xml", EMPTY_SITEMAP)
    yield Page(f"{opendata.API}clusters/sitemap.xml", EMPTY_SITEMAP)
    for name, path in opendata.API_SCHEMAS.items():
        source = {"clusters": "api-clusters", "cluster": "api-cluster", "record": "cluster"}[name]
        yield Page(path, opendata.dumps(load_schema(source), indent=2))


def write(pages: Iterator[Page] | list[Page], target: Path) -> int:
    """Write pages under ``target``; returns how many."""
    count = 0
    for page in pages:
        path = target / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.content, encoding="utf-8")
        count += 1
    return count
