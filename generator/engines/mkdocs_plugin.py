"""The MkDocs adapter: each MkDocs event becomes one call of :class:`generator.assembly.builder.Builder`.

Only adapts: the plugin's configuration becomes the builder's options, the builder's outputs become MkDocs
files, its errors become ``PluginError``. What MkDocs alone needs is here: generated files that MkDocs
neither copies nor parses, and the theme's shared partials rendered once per folder of generated pages.
The same plugin runs on MkDocs 1.6 and on its maintained continuations (ProperDocs, mkdocs-ng).

Under ``mkdocs serve`` the plugin, and so the builder, stays from one rebuild to the next (the
``on_startup`` event keeps it): pages are made again only for the records an edit changed.
"""

from __future__ import annotations

import gc
import logging
import posixpath
from collections.abc import Iterator
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

from generator.assembly.builder import Builder, BuildError, Options
from generator.assembly.handover import BuildFailure
from generator.pages.mapview import OSM_ATTRIBUTION, OSM_TILES, Tiles

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
    """A generated page whose HTML the builder holds: MkDocs need not set up Python-Markdown for it."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content, self.toc, self.present_anchor_ids = "", get_toc([]), set()


class _Made(File):
    """A generated page, which knows whether its source changed since the last build (for ``--dirty``)."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class _Written(File):
    """A data file the builder (or a worker) writes straight into the site: MkDocs has nothing to copy."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


class RegistryPlugin(BasePlugin[RegistryConfig]):
    def __init__(self) -> None:
        self.builder = Builder()
        self.builder.log = log
        self.dirty = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this event keeps the plugin, and what it made, across the rebuilds of `mkdocs serve`.
        self.dirty = dirty
        self.builder.start(serving=command == "serve", dirty=dirty)
        logging.getLogger("mkdocs.commands.build").addFilter(_dirty_notice)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Runs before MkDocs cleans the site folder, so a registry that does not
        # validate leaves the last good site as it was.
        base = Path(config.config_file_path or ".").resolve().parent
        options = self.config
        try:
            site_url = self.builder.configure(
                Options(
                    registry=base / options.registry,
                    base=base,
                    language=options.language,
                    edit_url=options.edit_url,
                    page_templates=base / options.page_templates,
                    tiles=Tiles(options.tiles_url, options.tiles_attribution),
                    node_modules=base / options.node_modules,
                    operator=options.operator,
                    contact=options.contact,
                    qr_cache=base / options.qr_cache if options.qr_cache else None,
                    listing_page_size=options.listing_page_size,
                    repository=options.repository,
                    repo_url=config.repo_url or "",
                    site_url=config.site_url or "",
                ),
                emptied=not self.dirty,
            )
        except BuildError as exc:
            raise PluginError(str(exc)) from None
        if site_url and not config.site_url:
            config.site_url = site_url
        config.extra.update(self.builder.extra)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # MkDocs has cleaned the site folder by now (unless --dirty): data files go straight into it.
        site = Path(config.site_dir)
        own = {file.src_uri for file in files}
        try:
            outputs = self.builder.outputs(site, own)
        except (BuildError, BuildFailure) as exc:
            raise PluginError(str(exc)) from None
        for output in outputs:
            if not output.page:
                # Written where MkDocs would copy it to; MkDocs then knows it (links to it resolve) and leaves it.
                files.append(_Written.generated(config, output.path, abs_src_path=str(site / output.path)))
                continue
            made = cast(_Made, _Made.generated(config, output.path, content=""))
            made.changed = output.changed
            if output.prerendered:
                _Prerendered(None, made, config)  # becomes made.page
            files.append(made)
        if not self.builder.invalid:
            for path, data in self.builder.vendor.items():
                files.append(File.generated(config, path, content=data))
        if not self.builder.serving:
            # What a build holds from here to its end (registry, files, pages) is never garbage: the
            # collector leaves it alone instead of walking it again and again while pages render.
            gc.freeze()
        return files

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        try:
            return self.builder.source(page.file.src_uri)
        except BuildFailure as exc:
            raise PluginError(str(exc)) from None

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.builder.markdown(page.file.src_uri, markdown)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = isinstance(page.file, _Made)
        content, toc = self.builder.content(page.file.src_uri, html, page.url, page.title or "", generated=generated)
        if toc is not None:
            page.toc = get_toc(cast(Any, toc))
        return content

    def on_page_context(self, context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        try:
            made = self.builder.context(page.file.src_uri)
        except BuildFailure as exc:
            raise PluginError(str(exc)) from None
        if made is not None:
            page.content = made[0]
            page.toc = get_toc(cast(Any, made[1]))
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        try:
            return self.builder.finish_page(page.file.src_uri, output)
        except BuildFailure as exc:
            raise PluginError(str(exc)) from None

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        _share_outside_nav(env)
        # Every page has been read: the builder starts the registry-wide data files and the search index.
        self.builder.rendering(Path(config.site_dir))
        return env

    def on_post_build(self, config: MkDocsConfig) -> None:
        gc.unfreeze()
        try:
            self.builder.finish(Path(config.site_dir))
        except BuildFailure as exc:
            raise PluginError(str(exc)) from None

    def on_build_error(self, error: Exception) -> None:
        gc.unfreeze()
        self.builder.failed()

    def on_shutdown(self) -> None:
        self.builder.shutdown()

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.builder.root))
        return server
