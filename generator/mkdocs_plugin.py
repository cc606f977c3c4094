"""The MkDocs adapter: validate the registry, then hand MkDocs the generated pages.

Thin on purpose: one call into :func:`generator.pages.generate`, which knows
nothing of MkDocs, so another engine can publish the same pages.

Generated pages reach MkDocs from memory (``on_page_read_source``): a label page
as its front matter, its HTML waiting compressed until ``on_post_page``; data
files (JSON, GeoJSON, CSV, feed, badges, QR codes) are written straight into the
site once MkDocs has cleaned it, never copied through a temporary folder.

Under ``mkdocs serve`` the plugin stays from one rebuild to the next: pages are
made again only for the records an edit changed, ``--dirty`` re-renders only the
pages whose source changed, and a registry that stops validating turns every
generated page into the list of its problems instead of leaving the browser
waiting on a failed build.
"""

from __future__ import annotations

import calendar
import datetime as dt
import gc
import hashlib
import logging
import os
import posixpath
import re
import sys
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from generator import diagnostics
from generator.cli import UsageError, build_date
from generator.cpus import processes
from generator.mapview import OSM_ATTRIBUTION, OSM_TILES, Tiles, VendorError, vendor_assets
from generator.model import Registry
from generator.pages import Deferred, Kept, Later, Memo, Pending, Settings, generate, split_front_matter
from generator.parallel import Forked, WorkerError, Workers
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
    listing_page_size = c.Type(int, default=500)
    """Rows per listing page; longer listings continue on numbered pages (``clusters/page/2/``)."""
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


SHARED_PARTIALS = ("partials/nav.html", "partials/tabs.html", "partials/search.html", "partials/footer.html")
"""Parts of the theme that are the same on every generated page in one folder: none of those pages is in the
navigation, so no tab, navigation item, previous or next link is theirs. Each is rendered once per folder."""


def _share_outside_nav(env: jinja2.Environment) -> None:
    """Render each shared partial once per folder (``clusters/``) for generated pages, and as before for the
    hand-written pages of the navigation. At 10,000 label pages the navigation alone was a sixth of the
    theme's rendering; the pages are the same bytes either way."""
    for name in SHARED_PARTIALS:
        try:
            template = env.get_template(name)
        except jinja2.TemplateNotFound:
            continue
        render = template.root_render_func
        rendered: dict[str, str] = {}

        def shared(context: Any, render: Any = render, rendered: dict[str, str] = rendered) -> Iterator[str]:
            page = context.get("page")
            if page is None or not isinstance(page.file, _Made) or page.previous_page or page.next_page:
                yield from render(context)
                return
            # Links are written relative to the page: pages in one folder share them.
            key = posixpath.dirname(page.url.rstrip("/"))
            if key not in rendered:
                rendered[key] = "".join(render(context))
            yield rendered[key]

        template.root_render_func = shared


class _Prerendered(MkDocsPage):
    """A generated page whose HTML the plugin holds: MkDocs need not set up Python-Markdown for it."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content, self.toc, self.present_anchor_ids = "", get_toc([]), set()


_INDENT = re.compile(r"\n\s+")


def _unindent(theme_output: str) -> str:
    """The theme's part of a generated page without the indentation and blank lines of its templates,
    about a seventh of a label page. It holds no ``pre``, ``textarea`` or multi-line attribute or script,
    so a line break alone renders as the line break and spaces did."""
    return _INDENT.sub("\n", theme_output)


class _Made(File):
    """A generated page, which knows whether its source changed since the last build (for ``--dirty``)."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class _Written(File):
    """A data file the plugin (or a worker) writes straight into the site: MkDocs has nothing to copy."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


Found = Callable[[], Iterable[Document]]
"""The registry's search documents, made where they are needed (in the process or thread writing the index)."""


def _write_data_and_index(site: Path, pending: list[Pending], found: Found, pages: list[tuple[str, str, str]]) -> None:
    """A build's registry-wide data files (CSV, JSON, GeoJSON, feed, listings' data) and its search index:
    nothing MkDocs renders needs them, so another process makes them while it renders the pages."""
    _write_pending(site, pending)
    write_index(site, found(), pages)


def _write_pending(site: Path, pending: list[Pending], changed: Callable[[str, str], bool] | None = None) -> None:
    """Make and write the pending data files (those ``changed`` says the site does not hold yet)."""
    for page in pending:
        content = page.make()
        if changed is None or changed(page.path, content):
            target = site / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")


class RegistryPlugin(BasePlugin[RegistryConfig]):
    def __init__(self) -> None:
        self.generated: list[str] = []
        """Every generated file of the last good build, pages and data files, in the order made."""
        self.vendor: dict[str, bytes] = {}
        self.root = Path("registry")
        self.coverage = ""
        self.sources: dict[str, str] = {}
        """The Markdown MkDocs reads for each generated page made in this build."""
        self.toc: dict[str, tuple[list[TocToken], bool]] = {}
        self.deferred: dict[str, bytes] = {}
        self.registry: Registry | None = None
        self.settings: Settings | None = None
        self.standings: dict[str, Standing] = {}
        self.day = dt.date.today()
        self.written_pages: dict[str, tuple[str, str, str]] = {}
        """Hand-written pages by address, as last rendered: a --dirty rebuild renders only those that changed."""
        self.serving = False
        self.dirty = False
        self.memo: Memo | None = None
        self.checked: ValidationMemo | None = None
        self.written: dict[str, bytes] = {}
        """Digest of each generated file as the site holds it, so a --dirty rebuild rewrites only changed ones."""
        self.indexed = b""
        self.indexing: threading.Thread | None = None
        self.invalid: tuple[str, ...] = ()
        """Under serve, the pages of the last good build while the registry does not validate: each shows why."""
        self.problems = ""
        self.workers: Workers | None = None
        self.index_process: Forked | None = None
        self.pending: list[Pending] = []
        """A preview's registry-wide data files, made after the edited page is shown."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this event keeps the plugin, and what it made, across the rebuilds of `mkdocs serve`.
        self.serving, self.dirty = command == "serve", dirty
        # Without --dirty, MkDocs empties the site before each build: every file is written again.
        self.memo = Memo() if self.serving and dirty else None
        self.checked = ValidationMemo() if self.serving else None
        logging.getLogger("mkdocs.commands.build").addFilter(_dirty_notice)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Runs before MkDocs cleans the site folder, so a registry that does not
        # validate leaves the last good site as it was.
        if not self.dirty:
            self._wait_for_index()  # MkDocs is about to empty the site the index is written into
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
        # The page for a missing address is Material's template, not a generated page: its words come from here.
        config.extra["registry_not_found"] = {
            key.removeprefix("not_found_"): value
            for key, value in strings(self.config.language).items()
            if key.startswith("not_found_")
        }
        if not self.serving:
            self.written_pages = {}
        result = validate(self.root, build_date=day, memo=self.checked)
        self.invalid = ()
        if result.errors:
            report = "the registry does not validate:\n" + diagnostics.format_text(result.errors, result.warnings)
            if not (self.serving and self.generated):
                raise PluginError(report)
            # The preview keeps serving: each generated page shows the problems until they are fixed.
            # Printed, not logged: a strict build counts log warnings and would stop again.
            print(report, file=sys.stderr)
            self.problems = invalid_page(result.errors, result.warnings, language=self.config.language)
            self.invalid = tuple(path for path in self.generated if path.endswith(".md"))
            if self.memo is not None:
                self.memo = Memo()  # the pages now show the problems: the next good build makes them all again
            return config
        assert result.registry is not None
        self.settings = Settings(
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
        self.registry, self.day = result.registry, day
        self.standings = assess_all(result.registry, day)
        self.coverage = coverage_markdown(result.registry, self.standings)
        return config

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.toc or self._by_worker(page.file.src_uri):
            return ""
        return fill_publisher(markdown, config.extra["registry_publisher"], self.coverage)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self._by_worker(page.file.src_uri):
            return ""  # made by a worker; put in place in on_page_context
        prerendered = self.toc.pop(page.file.src_uri, None)
        if prerendered is None:
            if not isinstance(page.file, _Made):
                # Hand-written pages (about, data) are searchable by their text.
                self.written_pages[page.url] = (page.url, page.title or "", html)
            return html
        toc, with_h1 = prerendered
        page.toc = get_toc(cast(Any, toc))
        return CONTENT_WITH_H1 if with_h1 else CONTENT

    def on_page_context(self, context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        path = page.file.src_uri
        self._collect()
        if self.workers is not None and path in self.workers:
            try:
                made = self.workers.page(path)
            except WorkerError as exc:
                raise PluginError(f"a label page could not be made: {exc}") from None
            page.content = CONTENT_WITH_H1 if made.with_h1 else CONTENT
            page.toc = get_toc(cast(Any, made.toc))
            self.deferred[path] = made.content
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        content = self.deferred.pop(page.file.src_uri, None)
        if content is None:
            return output
        marker = CONTENT_WITH_H1 if CONTENT_WITH_H1 in output else CONTENT
        before, found, after = output.partition(marker)
        if not found:
            raise PluginError(f"{page.file.src_uri}: the theme did not place the page's content")
        return _unindent(before) + zlib.decompress(content).decode("utf-8") + _unindent(after)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # MkDocs has cleaned the site folder by now (unless --dirty): data files go straight into it.
        if self.invalid:
            for path in self.invalid:
                self.sources[path] = self.problems
                self._add_page(files, config, path, self._changed(path, self.problems))
            return files
        assert self.registry is not None and self.settings is not None
        site = Path(config.site_dir)
        generated = []
        folders: set[Path] = set()
        # A build (not a preview, whose memo makes few pages per edit) leaves the clusters' label pages and
        # data files to worker processes, one per processor, which make them while MkDocs goes on.
        deferred = Deferred() if not self.serving else None
        for page in generate(self.registry, self.settings, self.memo, self.standings, deferred, pending=True):
            path = page.path
            generated.append(path)
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} would hide a generated page; remove or rename it")
            if deferred is not None and deferred.clusters and self.workers is None:
                self.workers = Workers(deferred, site, processes())
            self._collect()
            if not path.endswith(".md"):
                # Written where MkDocs would copy it to; MkDocs then knows it (links to it resolve) and leaves it.
                target = site / path
                if isinstance(page, Pending):
                    self.pending.append(page)  # made by the index's process, or after a preview is shown
                elif not isinstance(page, (Kept, Later)) and self._changed(path, page.content):
                    if target.parent not in folders:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        folders.add(target.parent)
                    target.write_text(page.content, encoding="utf-8")
                files.append(_Written.generated(config, path, abs_src_path=str(target)))
                continue
            if isinstance(page, Later):
                self.sources[path] = page.content
                self._add_page(files, config, path, changed=True, prerendered=True)
                continue
            if isinstance(page, Kept):
                self._add_page(files, config, path, changed=False)
                continue
            changed = self._changed(path, page.content)
            front_matter, body = split_front_matter(page.content)
            prerendered = html_page(body) if changed else None
            if prerendered is not None:
                # A label page is HTML already: it skips Python-Markdown. Its HTML waits compressed
                # (a tenth of its size in memory) and takes its place in the finished page in on_post_page.
                content, toc = prerendered
                self.toc[path] = (toc, "<h1" in content)
                self.deferred[path] = zlib.compress(content.encode("utf-8"), 1)
                self.sources[path] = front_matter
            elif changed:
                self.sources[path] = page.content
            self._add_page(files, config, path, changed, prerendered=prerendered is not None)
        for gone in set(self.generated) - set(generated):
            self.written.pop(gone, None)
        self.generated = generated
        for path, data in self.vendor.items():
            files.append(File.generated(config, path, content=data))
        if not self.serving:
            # What a build holds from here to its end (registry, files, pages) is never garbage: the
            # collector leaves it alone instead of walking it again and again while pages render.
            gc.freeze()
        return files

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        self._collect()
        return self.sources.pop(page.file.src_uri, None)

    def _by_worker(self, path: str) -> bool:
        """Whether a worker makes this label page (its HTML and table of contents arrive in on_page_context)."""
        return self.workers is not None and path in self.workers

    def _collect(self) -> None:
        """Take the label pages the workers have made so far, so that none waits on a full pipe."""
        if self.workers is not None:
            try:
                self.workers.collect()
            except WorkerError as exc:
                raise PluginError(f"a cluster's pages could not be made: {exc}") from None

    def on_post_build(self, config: MkDocsConfig) -> None:
        gc.unfreeze()
        self.sources, self.toc, self.deferred = {}, {}, {}
        if self.workers is not None:
            workers, self.workers = self.workers, None
            try:
                workers.finish()  # every data file is written
            except WorkerError as exc:
                raise PluginError(f"a cluster's pages could not be made: {exc}") from None
        if not self.serving:
            indexing, self.index_process = self.index_process, None
            if indexing is not None:
                try:
                    indexing.wait()
                except WorkerError as exc:
                    raise PluginError(f"the search index was not written: {exc}") from None
            return
        if self.invalid:
            return
        assert self.registry is not None
        # The preview shows the edited page first; the registry-wide data files and the search index
        # follow a moment later, made by a thread queued behind the one of any earlier edit.
        pages = sorted(self.written_pages.values())
        pending, self.pending = self.pending, []
        self.indexing = threading.Thread(
            target=self._after_preview,
            args=(self.indexing, Path(config.site_dir), pending, self._documents(), pages),
        )
        self.indexing.start()

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        _share_outside_nav(env)
        # Every page has been read: a build's registry-wide data files and search index (written from the
        # registry and the hand-written pages) are made by another process while MkDocs renders the pages;
        # on_post_build waits for it.
        if not self.serving and self.registry is not None and not self.invalid:
            pages = sorted(self.written_pages.values())
            pending, self.pending = self.pending, []
            self.index_process = Forked(
                _write_data_and_index,
                Path(config.site_dir),
                pending,
                self._documents(),
                pages,
                expected=(SearchIndexError, OSError),
            )
        return env

    def _documents(self) -> Found:
        assert self.registry is not None
        return partial(documents, self.registry, self.day, self.standings)

    def _after_preview(
        self,
        earlier: threading.Thread | None,
        site: Path,
        pending: list[Pending],
        documents_of: Found,
        pages: list[tuple[str, str, str]],
    ) -> None:
        if earlier is not None:
            earlier.join()
        try:
            _write_pending(site, pending, self._changed)
            found = list(documents_of())
            # A rebuild whose search documents did not change keeps the index it has.
            digest = hashlib.sha256(repr((found, pages)).encode()).digest()
            if digest != self.indexed or not (site / "pagefind").is_dir():
                write_index(site, found, pages)
                self.indexed = digest
        except (SearchIndexError, OSError) as exc:
            self.written = {}  # what the site holds is not known: the next build writes every file
            print(f"the preview's data files or search index were not all written: {exc}", file=sys.stderr)

    def _wait_for_index(self) -> None:
        if self.indexing is not None:
            self.indexing.join()
            self.indexing = None

    def on_build_error(self, error: Exception) -> None:
        gc.unfreeze()
        self.sources, self.toc, self.deferred, self.pending = {}, {}, {}, []
        if self.workers is not None:
            self.workers.close()
            self.workers = None
        if self.index_process is not None:
            self.index_process.close()
            self.index_process = None
        # What the site holds is no longer known: the next build writes and renders everything.
        self.written = {}
        if self.memo is not None:
            self.memo = Memo()

    def on_shutdown(self) -> None:
        self._wait_for_index()

    def _changed(self, path: str, content: str) -> bool:
        """Whether the site may not hold this content at ``path``: always, unless a --dirty preview wrote it before."""
        if not (self.serving and self.dirty):
            return True
        digest = hashlib.blake2b(content.encode("utf-8"), digest_size=16).digest()
        if self.written.get(path) == digest:
            return False
        self.written[path] = digest
        return True

    def _add_page(
        self, files: Files, config: MkDocsConfig, path: str, changed: bool, *, prerendered: bool = False
    ) -> None:
        made = cast(_Made, _Made.generated(config, path, content=""))
        made.changed = changed
        if prerendered:
            _Prerendered(None, made, config)  # becomes made.page
        files.append(made)

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.root))
        return server
