"""The MkDocs adapter: validate the registry, then hand MkDocs the generated pages.

Thin on purpose: one call into :func:`generator.pages.generate`, which knows
nothing of MkDocs, so another engine can publish the same pages.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from generator import diagnostics
from generator.cli import UsageError, build_date
from generator.mapview import OSM_ATTRIBUTION, OSM_TILES, Tiles, VendorError, vendor_assets
from generator.model import Registry
from generator.pages import Settings, generate
from generator.prerender import TocToken, html_page
from generator.publisher import coverage_markdown, fill_publisher, publisher
from generator.render import strings
from generator.revisions import record_revisions
from generator.search import SearchIndexError, documents, write_index
from generator.status import EXPIRING_WITHIN_DAYS, Standing, assess_all
from generator.validate import validate

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page


log = logging.getLogger("mkdocs.plugins.registry")


class RegistryConfig(Config):
    registry = c.Type(str, default="registry")
    """The registry folder, relative to mkdocs.yml."""
    language = c.Type(str, default="en")
    edit_url = c.Type(str, default="")
    """Address a record's path is appended to for "edit this record"; default: repo_url + edit/main/."""
    page_templates = c.Type(str, default="overrides/pages")
    """Folder of page template overrides, relative to mkdocs.yml."""
    tiles_url = c.Type(str, default=OSM_TILES)
    tiles_attribution = c.Type(str, default=OSM_ATTRIBUTION)
    node_modules = c.Type(str, default="node_modules")
    """Where the map's npm packages are installed, relative to mkdocs.yml."""
    operator = c.Type(str, default="")
    """Who runs this registry, as shown in the footer and on the about page."""
    contact = c.Type(str, default="")
    """How to reach the operator without a GitHub account: an e-mail address or a web address."""
    qr_cache = c.Type(str, default=".cache/registry-qr")
    """Folder, relative to mkdocs.yml, where QR codes drawn once wait for later builds; empty to draw each time."""
    listing_page_size = c.Type(int, default=500)
    """Rows per listing page; longer listings continue on numbered pages (``clusters/page/2/``)."""
    repository = c.Type(str, default="")
    """The repository's web address; default: repo_url, else the GitHub repository the build runs in."""


class RegistryPlugin(BasePlugin[RegistryConfig]):
    def __init__(self) -> None:
        self.generated: list[str] = []
        self.folder: Path | None = None
        self.vendor: dict[str, bytes] = {}
        self.root = Path("registry")
        self.coverage = ""
        self.generated_set: set[str] = set()
        self.prerendered: dict[str, tuple[str, list[TocToken]]] = {}
        self.registry: Registry | None = None
        self.standings: dict[str, Standing] = {}
        self.day = dt.date.today()
        self.written_pages: list[tuple[str, str, str]] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Runs before MkDocs cleans the site folder, so a registry that does not
        # validate leaves the last good site as it was.
        base = Path(config.config_file_path or ".").resolve().parent
        self.root = base / self.config.registry
        try:
            day = build_date(None)
        except UsageError as exc:
            raise PluginError(str(exc)) from None
        # MkDocs dates the sitemap and its gzip header from SOURCE_DATE_EPOCH: set from
        # the build date, the same build date gives byte-identical output. One set before
        # for another day would date the site otherwise than its statuses; the build date wins.
        epoch = str(calendar.timegm(day.timetuple()))
        earlier = os.environ.get("SOURCE_DATE_EPOCH")
        if earlier is not None and earlier != epoch:
            log.info("SOURCE_DATE_EPOCH=%s is replaced by the build date %s (%s)", earlier, day, epoch)
        os.environ["SOURCE_DATE_EPOCH"] = epoch
        result = validate(self.root, build_date=day)
        if result.errors:
            raise PluginError(
                "the registry does not validate:\n" + diagnostics.format_text(result.errors, result.warnings)
            )
        assert result.registry is not None
        repository = (self.config.repository or config.repo_url or "").rstrip("/")
        if not repository and os.environ.get("GITHUB_REPOSITORY"):
            # Built by GitHub Actions: the repository is known without writing it down.
            server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
            repository = f"{server}/{os.environ['GITHUB_REPOSITORY']}"
        edit_url = self.config.edit_url or (repository + "/edit/main/" if repository else "")
        # SITE_URL lets a deployment name the published address (the Pages
        # workflow knows it) without writing it into mkdocs.yml.
        site_url = os.environ.get("SITE_URL") or config.site_url or ""
        if site_url and not config.site_url:
            config.site_url = site_url
        if site_url and not site_url.endswith("/"):
            site_url += "/"
        settings = Settings(
            build_date=day,
            language=self.config.language,
            site_url=site_url,
            edit_url=edit_url,
            overrides=base / self.config.page_templates,
            tiles=Tiles(self.config.tiles_url, self.config.tiles_attribution),
            repository=repository,
            contact=self.config.contact,
            revisions=record_revisions(base),
            qr_cache=base / self.config.qr_cache if self.config.qr_cache else None,
            listing_page_size=self.config.listing_page_size,
        )
        try:
            self.vendor = vendor_assets(base / self.config.node_modules)
        except VendorError as exc:
            raise PluginError(str(exc)) from None
        # Pages go to a folder of their own and MkDocs reads each when it needs it,
        # as it does pages in docs/: holding all of them in memory raised the peak by half.
        self._remove_folder()
        self.folder = Path(tempfile.mkdtemp(prefix="registry-pages-"))
        self.generated = []
        for page in generate(result.registry, settings):
            target = self.folder / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.content, encoding="utf-8")
            self.generated.append(page.path)
        self.generated_set = set(self.generated)
        config.extra["registry_build_date"] = dt.date.isoformat(day)
        config.extra["registry_publisher"] = publisher(self.config.operator, self.config.contact, repository)
        self.registry, self.day = result.registry, day
        self.standings = assess_all(result.registry, day)
        self.coverage = coverage_markdown(result.registry, self.standings)
        # The search box re-checks a result's status on the reader's day, in the pages' words.
        config.extra["registry_status_words"] = {
            "words": strings(self.config.language)["status"],
            "expiring_within_days": EXPIRING_WITHIN_DAYS,
        }
        self.written_pages = []
        return config

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.generated_set:
            # A label page is HTML already: it skips Python-Markdown and comes back in on_page_content.
            prerendered = html_page(markdown)
            if prerendered is not None:
                self.prerendered[page.file.src_uri] = prerendered
                return ""
        return fill_publisher(markdown, config.extra["registry_publisher"], self.coverage)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        prerendered = self.prerendered.pop(page.file.src_uri, None)
        if prerendered is None:
            if page.file.src_uri not in self.generated_set:
                # Hand-written pages (about, data) are searchable by their text.
                self.written_pages.append((page.url, page.title or "", html))
            return html
        content, toc = prerendered
        page.toc = get_toc(cast(Any, toc))
        return content

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.folder is not None
        for path in self.generated:
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} would hide a generated page; remove or rename it")
            files.append(File.generated(config, path, abs_src_path=str(self.folder / path)))
        for path, content in self.vendor.items():
            files.append(File.generated(config, path, content=content))
        return files

    def on_post_build(self, config: MkDocsConfig) -> None:
        self._remove_folder()
        assert self.registry is not None
        pages = sorted(self.written_pages)
        try:
            write_index(Path(config.site_dir), documents(self.registry, self.day, self.standings), pages)
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None

    def on_build_error(self, error: Exception) -> None:
        self._remove_folder()

    def on_shutdown(self) -> None:
        self._remove_folder()

    def _remove_folder(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.root))
        return server
