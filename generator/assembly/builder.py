"""One build of the site, whichever engine publishes it: what is made where, and when.

An engine adapter (:mod:`generator.engines.mkdocs_plugin`) translates its events into calls of a
:class:`Builder`, in this order: :meth:`~Builder.start`, :meth:`~Builder.configure` (validate, before the
engine touches the site), :meth:`~Builder.outputs` (data files written into the site, pages handed over),
then per page :meth:`~Builder.source`, :meth:`~Builder.markdown`, :meth:`~Builder.content`,
:meth:`~Builder.context` and :meth:`~Builder.finish_page`, then :meth:`~Builder.rendering` once every page
is read, :meth:`~Builder.finish` (or :meth:`~Builder.failed`), and :meth:`~Builder.shutdown`.

A build (not a preview) leaves label pages and cluster data files to worker processes and the registry-wide
data files and the search index to another process, while the engine renders the rest. A preview keeps the
builder from one rebuild to the next: pages are made again only for the records an edit changed, and a
registry that stops validating turns every generated page into the list of its problems. Imports every
stage below it, and no engine.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import os
import sys
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from generator.assembly.handover import Found, Handover, Index, Written
from generator.assembly.outputs import Deferred, Memo, generate
from generator.assembly.preview import invalid_page
from generator.assembly.workers import Workers
from generator.pages.mapview import Tiles, VendorError, vendor_assets
from generator.pages.prerender import TocToken, html_page, split_front_matter
from generator.pages.search import documents
from generator.pages.site import Kept, Later, Pending, Settings
from generator.records import diagnostics
from generator.records.builddate import BuildDateError, build_date
from generator.records.cpus import processes
from generator.records.model import Registry
from generator.records.status import EXPIRING_WITHIN_DAYS, Standing, assess_all
from generator.records.validate import Memo as ValidationMemo
from generator.records.validate import validate
from generator.render import strings
from generator.tools.publisher import coverage_markdown, fill_publisher, publisher
from generator.tools.revisions import record_revisions


class BuildError(Exception):
    """A build that cannot go on; the adapter reports it as its engine's own error, without a traceback."""


@dataclass(frozen=True)
class Options:
    """What the engine's configuration says of the registry, its paths absolute."""

    registry: Path
    base: Path
    """The folder of the engine's configuration file: git history and relative paths start there."""
    language: str = "en"
    edit_url: str = ""
    page_templates: Path | None = None
    tiles: Tiles = field(default_factory=Tiles)
    node_modules: Path | None = None
    operator: str = ""
    contact: str = ""
    qr_cache: Path | None = None
    listing_page_size: int = 500
    repository: str = ""
    repo_url: str = ""
    site_url: str = ""


@dataclass(frozen=True)
class Output:
    """One generated file as the engine must know it: a page it renders, or a data file already in the site."""

    path: str
    page: bool
    changed: bool = True
    """Whether its content changed since the site last held it (always, but in a ``--dirty`` preview)."""
    prerendered: bool = False
    """A page whose HTML the builder holds: the engine need not parse its Markdown."""


class Builder:
    def __init__(self) -> None:
        self.generated: list[str] = []
        """Every generated file of the last good build, pages and data files, in the order made."""
        self.vendor: dict[str, bytes] = {}
        self.root = Path("registry")
        self.coverage = ""
        self.registry: Registry | None = None
        self.settings: Settings | None = None
        self.standings: dict[str, Standing] = {}
        self.day = dt.date.today()
        self.serving = False
        self.memo: Memo | None = None
        self.checked: ValidationMemo | None = None
        self.invalid: tuple[str, ...] = ()
        """Under serve, the pages of the last good build while the registry does not validate: each shows why."""
        self.problems = ""
        self.written = Written()
        self.handover = Handover()
        self.log = logging.getLogger(__name__)
        """Where notices go; an adapter gives its engine's logger."""
        self.index = Index(self.written)
        self.extra: dict[str, Any] = {}
        """What the theme's templates read beyond the pages (build date, publisher, status words)."""

    def start(self, *, serving: bool, dirty: bool) -> None:
        self.serving = serving
        self.written.enabled = serving and dirty
        # Without --dirty, the engine empties the site before each build: every file is written again.
        self.memo = Memo() if serving and dirty else None
        self.checked = ValidationMemo() if serving else None

    def configure(self, options: Options, *, emptied: bool) -> str:
        """Validate the registry and settle the build's settings; the site's address (empty if unknown).

        Called before the engine empties the site (``emptied``: it is about to), so a registry that does
        not validate leaves the last good site as it was."""
        if emptied:
            self.index.wait_for_preview()  # the site the preview's index is written into is about to go
        self.root = options.registry
        try:
            day = build_date(None)
        except BuildDateError as exc:
            raise BuildError(str(exc)) from None
        _date_the_output(day, self.log)
        repository = _repository(options)
        edit_url = options.edit_url or (repository + "/edit/main/" if repository else "")
        # SITE_URL lets a deployment name the published address (the Pages
        # workflow knows it) without writing it into the configuration.
        address = os.environ.get("SITE_URL") or options.site_url or ""
        site_url = address if not address or address.endswith("/") else address + "/"
        self.extra = _theme_extra(options, repository, day)
        if not self.serving:
            self.index.written_pages = {}
        result = validate(self.root, build_date=day, memo=self.checked)
        self.invalid = ()
        if result.errors:
            report = "the registry does not validate:\n" + diagnostics.format_text(result.errors, result.warnings)
            if not (self.serving and self.generated):
                raise BuildError(report)
            # The preview keeps serving: each generated page shows the problems until they are fixed.
            # Printed, not logged: a strict build counts log warnings and would stop again.
            print(report, file=sys.stderr)
            self.problems = invalid_page(result.errors, result.warnings, language=options.language)
            self.invalid = tuple(path for path in self.generated if path.endswith(".md"))
            if self.memo is not None:
                self.memo = Memo()  # the pages now show the problems: the next good build makes them all again
            return address
        assert result.registry is not None
        self.settings = Settings(
            build_date=day,
            language=options.language,
            site_url=site_url,
            edit_url=edit_url,
            overrides=options.page_templates,
            tiles=options.tiles,
            repository=repository,
            contact=options.contact,
            revisions=record_revisions(options.base),
            qr_cache=options.qr_cache,
            listing_page_size=options.listing_page_size,
        )
        try:
            self.vendor = vendor_assets(options.node_modules) if options.node_modules else {}
        except VendorError as exc:
            raise BuildError(str(exc)) from None
        self.registry, self.day = result.registry, day
        self.standings = assess_all(result.registry, day)
        self.coverage = coverage_markdown(result.registry, self.standings)
        return address

    def outputs(self, site: Path, hand_written: set[str] | frozenset[str] = frozenset()) -> list[Output]:
        """Every generated file, in order: data files are written into ``site`` (which the engine has emptied,
        unless ``--dirty``), pages are handed over for the engine to render. ``hand_written``: the engine's
        own pages, which a generated page may not hide."""
        if self.invalid:
            outputs = []
            for path in self.invalid:
                self.handover.sources[path] = self.problems
                outputs.append(Output(path, page=True, changed=self.written.changed(path, self.problems)))
            return outputs
        assert self.registry is not None and self.settings is not None
        outputs, generated = [], []
        folders: set[Path] = set()
        # A build (not a preview, whose memo makes few pages per edit) leaves the clusters' label pages and
        # data files to worker processes, one per processor, which make them while the engine goes on.
        deferred = Deferred() if not self.serving else None
        handover = self.handover
        for page in generate(self.registry, self.settings, self.memo, self.standings, deferred, pending=True):
            path = page.path
            generated.append(path)
            if path in hand_written:
                raise BuildError(f"docs/{path} would hide a generated page; remove or rename it")
            if deferred is not None and deferred.clusters and handover.workers is None:
                handover.workers = Workers(deferred, site, processes())
            handover.collect()
            if not path.endswith(".md"):
                # Written where the engine would copy it to; the engine then knows it (links to it resolve).
                target = site / path
                if isinstance(page, Pending):
                    self.index.pending.append(page)  # made by the index's process, or after a preview is shown
                elif not isinstance(page, (Kept, Later)) and self.written.changed(path, page.content):
                    if target.parent not in folders:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        folders.add(target.parent)
                    target.write_text(page.content, encoding="utf-8")
                outputs.append(Output(path, page=False))
                continue
            if isinstance(page, Later):
                handover.sources[path] = page.content
                outputs.append(Output(path, page=True, prerendered=True))
                continue
            if isinstance(page, Kept):
                outputs.append(Output(path, page=True, changed=False))
                continue
            changed = self.written.changed(path, page.content)
            front_matter, body = split_front_matter(page.content)
            prerendered = html_page(body) if changed else None
            if prerendered is not None:
                handover.prerendered(path, front_matter, *prerendered)
            elif changed:
                handover.sources[path] = page.content
            outputs.append(Output(path, page=True, changed=changed, prerendered=prerendered is not None))
        self.written.forget(set(self.generated) - set(generated))
        self.generated = generated
        return outputs

    def source(self, path: str) -> str | None:
        """The Markdown the engine reads for a generated page; None for its own pages."""
        self.handover.collect()
        return self.handover.sources.pop(path, None)

    def markdown(self, path: str, markdown: str) -> str:
        """A page's Markdown before the engine converts it: hand-written pages get the publisher filled in."""
        if self.handover.holds(path):
            return ""
        return fill_publisher(markdown, self.extra["registry_publisher"], self.coverage)

    def content(
        self, path: str, html: str, url: str, title: str, *, generated: bool
    ) -> tuple[str, list[TocToken] | None]:
        """The HTML the engine holds for a page, and its table of contents where the builder has it."""
        if self.handover.by_worker(path):
            return "", None  # made by a worker; put in place in context()
        held = self.handover.content(path)
        if held is None:
            if not generated:
                # Hand-written pages (about, data) are searchable by their text.
                self.index.written_pages[url] = (url, title, html)
            return html, None
        return held

    def context(self, path: str) -> tuple[str, list[TocToken]] | None:
        """A label page a worker made: the stand-in for its HTML and its table of contents."""
        return self.handover.from_worker(path)

    def finish_page(self, path: str, output: str) -> str:
        """The finished page, the label page's HTML put in its place."""
        return self.handover.finish_page(path, output)

    def rendering(self, site: Path) -> None:
        """Every page has been read: a build's registry-wide data files and search index (written from the
        registry and the hand-written pages) are made by another process while the engine renders pages."""
        if not self.serving and self.registry is not None and not self.invalid:
            self.index.start(site, self._documents())

    def finish(self, site: Path) -> None:
        self.handover.finish()
        if not self.serving:
            self.index.wait()
        elif not self.invalid:
            # The preview shows the edited page first; the registry-wide data files and the search index
            # follow a moment later, made by a thread queued behind the one of any earlier edit.
            self.index.after_preview(site, self._documents())

    def failed(self) -> None:
        self.handover.close()
        self.index.close()
        # What the site holds is no longer known: the next build writes and renders everything.
        self.written.forget_all()
        if self.memo is not None:
            self.memo = Memo()

    def shutdown(self) -> None:
        self.index.wait_for_preview()

    def _documents(self) -> Found:
        assert self.registry is not None
        return partial(documents, self.registry, self.day, self.standings)


def _repository(options: Options) -> str:
    """The repository's web address: configured, else the one GitHub Actions builds in, else unknown."""
    repository = (options.repository or options.repo_url or "").rstrip("/")
    if not repository and os.environ.get("GITHUB_REPOSITORY"):
        server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
        repository = f"{server}/{os.environ['GITHUB_REPOSITORY']}"
    return repository


def _theme_extra(options: Options, repository: str, day: dt.date) -> dict[str, Any]:
    """What the theme's templates read beyond the pages: the build date, who publishes the registry, the
    status words the search box re-checks a result with, and the words of the page for a missing address."""
    words = strings(options.language)
    return {
        "registry_build_date": dt.date.isoformat(day),
        "registry_publisher": publisher(options.operator, options.contact, repository),
        "registry_status_words": {"words": words["status"], "expiring_within_days": EXPIRING_WITHIN_DAYS},
        "registry_not_found": {
            key.removeprefix("not_found_"): value for key, value in words.items() if key.startswith("not_found_")
        },
    }


def _date_the_output(day: dt.date, log: logging.Logger) -> None:
    """Engines date the sitemap and its gzip header from SOURCE_DATE_EPOCH: set from the build date, the
    same build date gives byte-identical output. One set before for another day would date the site
    otherwise than its statuses; the build date wins."""
    epoch = str(calendar.timegm(day.timetuple()))
    earlier = os.environ.get("SOURCE_DATE_EPOCH")
    if earlier is not None and earlier != epoch:
        log.info("SOURCE_DATE_EPOCH=%s is replaced by the build date %s (%s)", earlier, day, epoch)
    os.environ["SOURCE_DATE_EPOCH"] = epoch
