"""What a build holds between the engine's events: pages waiting to be rendered, and files still to write.

:class:`Handover` keeps each generated page's Markdown until the engine reads it, and a label page's HTML
(compressed, a tenth of its size in memory) until the engine has rendered the theme around it.
:class:`Index` makes the registry-wide data files and the search index: in another process during a build,
in a thread after a preview has shown the edited page. :class:`Written` remembers what a ``--dirty``
preview's site holds, so that an edit rewrites only what changed. Imports records, pages and the workers.
"""

from __future__ import annotations

import hashlib
import re
import sys
import threading
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.assembly.workers import Forked, WorkerError, Workers
from generator.pages.prerender import TocToken
from generator.pages.search import Document, SearchIndexError, write_index
from generator.pages.site import Pending

CONTENT = "<!-- registry: the page's content -->"
"""Stands for a label page's HTML while the engine holds the page; the HTML itself waits, compressed, for
:meth:`Handover.finish_page`. Material looks for an ``h1`` in the content to decide whether to add one,
hence two forms."""
CONTENT_WITH_H1 = "<!-- registry: the page's content, with its <h1 -->"

Found = Callable[[], Iterable[Document]]
"""The registry's search documents, made where they are needed (in the process or thread writing the index)."""

HandWritten = list[tuple[str, str, str]]
"""The engine's own pages (about, data) as (address, title, HTML), searchable by their text."""

_INDENT = re.compile(r"\n\s+")


def unindent(theme_output: str) -> str:
    """The theme's part of a generated page without the indentation and blank lines of its templates,
    about a seventh of a label page. It holds no ``pre``, ``textarea`` or multi-line attribute or script,
    so a line break alone renders as the line break and spaces did."""
    return _INDENT.sub("\n", theme_output)


class BuildFailure(Exception):
    """A part of the build made elsewhere (a worker, the index's process) failed."""


class Written:
    """Digest of each generated file as the site holds it, kept only by a ``--dirty`` preview."""

    def __init__(self) -> None:
        self.enabled = False
        self.digests: dict[str, bytes] = {}

    def changed(self, path: str, content: str) -> bool:
        """Whether the site may not hold this content at ``path``: always, unless a --dirty preview wrote it."""
        if not self.enabled:
            return True
        digest = hashlib.blake2b(content.encode("utf-8"), digest_size=16).digest()
        if self.digests.get(path) == digest:
            return False
        self.digests[path] = digest
        return True

    def forget(self, paths: Iterable[str]) -> None:
        for path in paths:
            self.digests.pop(path, None)

    def forget_all(self) -> None:
        """What the site holds is not known: the next build writes every file."""
        self.digests = {}


class Handover:
    """Generated pages on their way through the engine: their sources, tables of contents and HTML."""

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}
        """The Markdown the engine reads for each generated page made in this build."""
        self.toc: dict[str, tuple[list[TocToken], bool]] = {}
        self.deferred: dict[str, bytes] = {}
        self.workers: Workers | None = None

    def prerendered(self, path: str, front_matter: str, content: str, toc: list[TocToken]) -> None:
        """A label page is HTML already: the engine reads its front matter alone, and its HTML waits."""
        self.toc[path] = (toc, "<h1" in content)
        self.deferred[path] = zlib.compress(content.encode("utf-8"), 1)
        self.sources[path] = front_matter

    def by_worker(self, path: str) -> bool:
        """Whether a worker makes this label page (its HTML and table of contents arrive in from_worker)."""
        return self.workers is not None and path in self.workers

    def holds(self, path: str) -> bool:
        """Whether the HTML of this page comes from here, not from the engine's Markdown."""
        return path in self.toc or self.by_worker(path)

    def content(self, path: str) -> tuple[str, list[TocToken]] | None:
        """The stand-in for a prerendered page's HTML, and its table of contents; None for other pages."""
        held = self.toc.pop(path, None)
        if held is None:
            return None
        toc, with_h1 = held
        return (CONTENT_WITH_H1 if with_h1 else CONTENT), toc

    def from_worker(self, path: str) -> tuple[str, list[TocToken]] | None:
        self.collect()
        if self.workers is None or path not in self.workers:
            return None
        try:
            made = self.workers.page(path)
        except WorkerError as exc:
            raise BuildFailure(f"a label page could not be made: {exc}") from None
        self.deferred[path] = made.content
        return (CONTENT_WITH_H1 if made.with_h1 else CONTENT), made.toc

    def finish_page(self, path: str, output: str) -> str:
        content = self.deferred.pop(path, None)
        if content is None:
            return output
        marker = CONTENT_WITH_H1 if CONTENT_WITH_H1 in output else CONTENT
        before, found, after = output.partition(marker)
        if not found:
            raise BuildFailure(f"{path}: the theme did not place the page's content")
        return unindent(before) + zlib.decompress(content).decode("utf-8") + unindent(after)

    def collect(self) -> None:
        """Take the label pages the workers have made so far, so that none waits on a full pipe."""
        if self.workers is not None:
            try:
                self.workers.collect()
            except WorkerError as exc:
                raise BuildFailure(f"a cluster's pages could not be made: {exc}") from None

    def finish(self) -> None:
        self.sources, self.toc, self.deferred = {}, {}, {}
        if self.workers is not None:
            workers, self.workers = self.workers, None
            try:
                workers.finish()  # every data file is written
            except WorkerError as exc:
                raise BuildFailure(f"a cluster's pages could not be made: {exc}") from None

    def close(self) -> None:
        self.sources, self.toc, self.deferred = {}, {}, {}
        if self.workers is not None:
            self.workers.close()
            self.workers = None


def write_pending(site: Path, pending: list[Pending], changed: Callable[[str, str], bool] | None = None) -> None:
    """Make and write the pending data files (those ``changed`` says the site does not hold yet)."""
    for page in pending:
        content = page.make()
        if changed is None or changed(page.path, content):
            target = site / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")


def write_data_and_index(site: Path, pending: list[Pending], found: Found, pages: HandWritten) -> None:
    """A build's registry-wide data files (CSV, JSON, GeoJSON, feed, listings' data) and its search index:
    nothing the engine renders needs them, so another process makes them while it renders the pages."""
    write_pending(site, pending)
    write_index(site, found(), pages)


class Index:
    """The registry-wide data files and the search index, made beside the engine's rendering."""

    def __init__(self, written: Written) -> None:
        self.written = written
        self.pending: list[Pending] = []
        """Registry-wide data files left to be made once the pages are handed over."""
        self.written_pages: dict[str, tuple[str, str, str]] = {}
        """Hand-written pages by address, as last rendered: a --dirty rebuild renders only those that changed."""
        self.process: Forked | None = None
        self.preview: threading.Thread | None = None
        self.indexed = b""

    def start(self, site: Path, found: Found) -> None:
        """A build's: another process makes them while the engine renders; :meth:`wait` waits for it."""
        pending, self.pending = self.pending, []
        pages = sorted(self.written_pages.values())
        self.process = Forked(write_data_and_index, site, pending, found, pages, expected=(SearchIndexError, OSError))

    def wait(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            try:
                process.wait()
            except WorkerError as exc:
                raise BuildFailure(f"the search index was not written: {exc}") from None

    def after_preview(self, site: Path, found: Found) -> None:
        """A preview's: a thread queued behind the one of any earlier edit makes them after the page is shown."""
        pending, self.pending = self.pending, []
        pages = sorted(self.written_pages.values())
        self.preview = threading.Thread(target=self._after_preview, args=(self.preview, site, pending, found, pages))
        self.preview.start()

    def _after_preview(
        self, earlier: threading.Thread | None, site: Path, pending: list[Pending], found: Found, pages: HandWritten
    ) -> None:
        if earlier is not None:
            earlier.join()
        try:
            write_pending(site, pending, self.written.changed)
            documents = list(found())
            # A rebuild whose search documents did not change keeps the index it has.
            digest = hashlib.sha256(repr((documents, pages)).encode()).digest()
            if digest != self.indexed or not (site / "pagefind").is_dir():
                write_index(site, documents, pages)
                self.indexed = digest
        except (SearchIndexError, OSError) as exc:
            self.written.forget_all()  # what the site holds is not known: the next build writes every file
            print(f"the preview's data files or search index were not all written: {exc}", file=sys.stderr)

    def wait_for_preview(self) -> None:
        if self.preview is not None:
            self.preview.join()
            self.preview = None

    def close(self) -> None:
        self.pending = []
        if self.process is not None:
            self.process.close()
            self.process = None
