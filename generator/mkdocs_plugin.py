"""The MkDocs adapter: validate the registry, then hand MkDocs the generated pages.

Thin on purpose: one call into :func:`generator.pages.generate`, which knows
nothing of MkDocs, so another engine can publish the same pages.

Under ``mkdocs serve`` the plugin stays from one rebuild to the next: pages are
made again only for the records an edit changed, a file is rewritten only when
its content changed (so ``--dirty`` re-renders just those), and a registry that
stops validating turns every generated page into the list of its problems
instead of leaving the browser waiting on a failed build.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import logging
import os
import shutil
import sys
import tempfile
import threading
import zlib
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
from generator.pages import Kept, Memo, Settings, generate
from generator.prerender import TocToken, html_page
from generator.preview import invalid_page
from generator.publisher import coverage_markdown, fill_publisher, publisher
from generator.render import strings
from generator.revisions import record_revisions
from generator.search import Document, SearchIndexError, documents, write_index
from generator.status import EXPIRING_WITHIN_DAYS, Standing, assess_all
from generator.validate import Memo as ValidationMemo
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
    repository = c.Type(str, default="")
    """The repository's web address; default: repo_url, else the GitHub repository the build runs in."""


CONTENT = "<!-- registry: the page's content -->"
"""Stands for a label page's HTML while MkDocs holds the page; the HTML itself waits, compressed, for
``on_post_page``. Material looks for an ``h1`` in the content to decide whether to add one, hence two forms."""
CONTENT_WITH_H1 = "<!-- registry: the page's content, with its <h1 -->"


def _dirty_notice(record: logging.LogRecord) -> bool:
    """MkDocs warns that a ``--dirty`` build may leave navigation stale, and a strict build stops on it.
    No generated page is in the navigation and each is rewritten when it changes, so it is a notice here."""
    if record.levelno == logging.WARNING and record.getMessage().startswith("A 'dirty' build"):
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


class RegistryPlugin(BasePlugin[RegistryConfig]):
    def __init__(self) -> None:
        self.generated: list[str] = []
        self.folder: Path | None = None
        self.vendor: dict[str, bytes] = {}
        self.root = Path("registry")
        self.coverage = ""
        self.generated_set: set[str] = set()
        self.toc: dict[str, tuple[list[TocToken], bool]] = {}
        self.deferred: dict[str, bytes] = {}
        self.registry: Registry | None = None
        self.standings: dict[str, Standing] = {}
        self.day = dt.date.today()
        self.written_pages: dict[str, tuple[str, str, str]] = {}
        """Hand-written pages by address, as last rendered: a --dirty rebuild renders only those that changed."""
        self.serving = False
        self.memo: Memo | None = None
        self.checked: ValidationMemo | None = None
        self.written: dict[str, bytes] = {}
        """Digest of each file in the folder, so that unchanged pages keep their time for ``--dirty``."""
        self.indexed = b""
        self.indexing: threading.Thread | None = None
        self.invalid = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this event keeps the plugin, and what it made, across the rebuilds of `mkdocs serve`.
        self.serving = command == "serve"
        self.memo = Memo() if self.serving else None
        self.checked = ValidationMemo() if self.serving else None
        logging.getLogger("mkdocs.commands.build").addFilter(_dirty_notice)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Runs before MkDocs cleans the site folder, so a registry that does not
        # validate leaves the last good site as it was.
        self._wait_for_index()
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
        config.extra["registry_build_date"] = dt.date.isoformat(day)
        config.extra["registry_publisher"] = publisher(self.config.operator, self.config.contact, repository)
        # The search box re-checks a result's status on the reader's day, in the pages' words.
        config.extra["registry_status_words"] = {
            "words": strings(self.config.language)["status"],
            "expiring_within_days": EXPIRING_WITHIN_DAYS,
        }
        if not self.serving:
            self.written_pages = {}
        result = validate(self.root, build_date=day, memo=self.checked)
        self.invalid = bool(result.errors)
        if result.errors:
            report = "the registry does not validate:\n" + diagnostics.format_text(result.errors, result.warnings)
            if not (self.serving and self.generated and self.folder is not None):
                raise PluginError(report)
            # The preview keeps serving: each generated page shows the problems until they are fixed.
            # Printed, not logged: a strict build counts log warnings and would stop again.
            print(report, file=sys.stderr)
            shown = invalid_page(result.errors, result.warnings, language=self.config.language)
            for path in self.generated:
                if path.endswith(".md"):
                    self._write(path, shown)
            return config
        assert result.registry is not None
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
        )
        try:
            self.vendor = vendor_assets(base / self.config.node_modules)
        except VendorError as exc:
            raise PluginError(str(exc)) from None
        # Pages go to a folder of their own and MkDocs reads each when it needs it,
        # as it does pages in docs/: holding all of them in memory raised the peak by half.
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="registry-pages-"))
            self.written = {}
            self.memo = Memo() if self.serving else None
        generated = []
        for page in generate(result.registry, settings, self.memo):
            if not isinstance(page, Kept):
                self._write(page.path, page.content)
            generated.append(page.path)
        for gone in self.generated_set - set(generated):
            (self.folder / gone).unlink(missing_ok=True)
            self.written.pop(gone, None)
        self.generated = generated
        self.generated_set = set(generated)
        self.registry, self.day = result.registry, day
        self.standings = assess_all(result.registry, day)
        self.coverage = coverage_markdown(result.registry, self.standings)
        return config

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.generated_set:
            # A label page is HTML already: it skips Python-Markdown. Its HTML waits compressed
            # (a tenth of its size in memory) and takes its place in the finished page in on_post_page.
            prerendered = html_page(markdown)
            if prerendered is not None:
                content, toc = prerendered
                self.toc[page.file.src_uri] = (toc, "<h1" in content)
                self.deferred[page.file.src_uri] = zlib.compress(content.encode("utf-8"), 1)
                return ""
        return fill_publisher(markdown, config.extra["registry_publisher"], self.coverage)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        prerendered = self.toc.pop(page.file.src_uri, None)
        if prerendered is None:
            if page.file.src_uri not in self.generated_set:
                # Hand-written pages (about, data) are searchable by their text.
                self.written_pages[page.url] = (page.url, page.title or "", html)
            return html
        toc, with_h1 = prerendered
        page.toc = get_toc(cast(Any, toc))
        return CONTENT_WITH_H1 if with_h1 else CONTENT

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        content = self.deferred.pop(page.file.src_uri, None)
        if content is None:
            return output
        marker = CONTENT_WITH_H1 if CONTENT_WITH_H1 in output else CONTENT
        before, found, after = output.partition(marker)
        if not found:
            raise PluginError(f"{page.file.src_uri}: the theme did not place the page's content")
        return before + zlib.decompress(content).decode("utf-8") + after

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
        if not self.serving:
            self._remove_folder()
        if self.invalid:
            return
        assert self.registry is not None
        pages = sorted(self.written_pages.values())
        found = list(documents(self.registry, self.day, self.standings))
        # A preview rebuild whose search documents did not change keeps the index it has.
        digest = hashlib.sha256(repr((found, pages)).encode()).digest()
        site = Path(config.site_dir)
        if self.serving:
            if digest != self.indexed or not (site / "pagefind").is_dir():
                # The preview shows the edited page first; its search index follows a moment later.
                self.indexing = threading.Thread(target=self._index_for_preview, args=(site, found, pages, digest))
                self.indexing.start()
            return
        try:
            write_index(site, found, pages)
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None

    def _index_for_preview(
        self, site: Path, found: list[Document], pages: list[tuple[str, str, str]], digest: bytes
    ) -> None:
        try:
            write_index(site, found, pages)
        except (SearchIndexError, OSError) as exc:
            print(f"the preview's search index was not written: {exc}", file=sys.stderr)
        else:
            self.indexed = digest

    def _wait_for_index(self) -> None:
        if self.indexing is not None:
            self.indexing.join()
            self.indexing = None

    def on_build_error(self, error: Exception) -> None:
        self._remove_folder()

    def on_shutdown(self) -> None:
        self._wait_for_index()
        self._remove_folder()

    def _write(self, path: str, content: str) -> None:
        """Write a generated file unless it holds this content already; its time then tells ``--dirty`` so."""
        assert self.folder is not None
        data = content.encode("utf-8")
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if self.written.get(path) == digest:
            return
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.written[path] = digest

    def _remove_folder(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        self.generated, self.generated_set, self.written = [], set(), {}

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.root))
        return server
