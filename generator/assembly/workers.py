"""The clusters' own pages made in worker processes while the caller goes on with the rest of the build.

A label page's body and a cluster's data files (JSON, badge, QR code) are most of
the work of a large build, and nothing else waits for them until the page is put
into the theme. :class:`Workers` forks processes that make them with
:meth:`generator.assembly.outputs.Deferred.make` (the same code a build without workers
runs, so the output is the same bytes), write the data files into the site and
send back each label page's HTML, compressed, with its table of contents.
Clusters are dealt out in runs of :data:`BATCH`, so every worker works near the
front of the page order the caller asks for them in.
"""

from __future__ import annotations

import multiprocessing
import traceback
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from generator.assembly.outputs import Deferred
from generator.pages.prerender import TocToken, html_page, split_front_matter
from generator.records.model import Cluster

BATCH = 16
"""Clusters a worker makes before it sends their pages: fewer messages, and little waiting for the first."""


class WorkerError(Exception):
    """A worker failed; the message holds its traceback."""


@dataclass(frozen=True)
class Made:
    """A label page's HTML, zlib-compressed, and its table of contents."""

    content: bytes
    toc: list[TocToken]
    with_h1: bool


class Workers:
    """Started on a :class:`Deferred` that :func:`generator.assembly.outputs.generate` has filled; ``site`` is where
    the data files go. Fork-based: start them before any thread of the caller's that might hold a lock."""

    def __init__(self, deferred: Deferred, site: Path, count: int) -> None:
        context = multiprocessing.get_context("fork")
        self.ready: dict[str, Made] = {}
        self.owner: dict[str, int] = {}
        self.connections: list[Connection] = []
        self.done: list[bool] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        clusters = deferred.clusters
        for index, cluster in enumerate(clusters):
            self.owner[f"clusters/{cluster.id}.md"] = (index // BATCH) % count
        for number in range(count):
            share = [c for i, c in enumerate(clusters) if (i // BATCH) % count == number]
            receiving, sending = context.Pipe(duplex=False)
            process = context.Process(target=_work, args=(deferred, share, site, sending), daemon=True)
            process.start()
            sending.close()
            self.connections.append(receiving)
            self.done.append(False)
            self.processes.append(process)

    def __contains__(self, path: str) -> bool:
        return path in self.owner

    def page(self, path: str) -> Made:
        """The label page made for ``path`` (``clusters/<id>.md``), waiting for its worker if need be."""
        while path not in self.ready:
            if not self._receive(self.owner[path]):
                raise WorkerError(f"{path} was not made by its worker")
        return self.ready.pop(path)

    def collect(self) -> None:
        """Take whatever the workers have sent, without waiting: a worker whose pipe is full waits
        until its pages are taken, so the caller collects them as it goes."""
        for number, connection in enumerate(self.connections):
            while not self.done[number] and connection.poll():
                self._receive(number)

    def finish(self) -> None:
        """Wait until every worker has made all its pages and written all its files."""
        for number in range(len(self.connections)):
            while self._receive(number):
                pass
        self.close()

    def close(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()
        for connection in self.connections:
            connection.close()

    def _receive(self, number: int) -> bool:
        """Takes one message from a worker; False once it has sent everything."""
        if self.done[number]:
            return False
        try:
            message = self.connections[number].recv()
        except EOFError:
            self.processes[number].join()
            raise WorkerError(f"a worker stopped (exit code {self.processes[number].exitcode})") from None
        if isinstance(message, str):
            raise WorkerError(message)
        if message is None:
            self.done[number] = True
            return False
        self.ready.update(message)
        return True


def _work(deferred: Deferred, clusters: list[Cluster], site: Path, connection: Connection) -> None:
    try:
        folders: set[Path] = set()
        for start in range(0, len(clusters), BATCH):
            connection.send(dict(_make(deferred, clusters[start : start + BATCH], site, folders)))
        connection.send(None)
    except BaseException:  # whatever failed, the caller must hear of it
        connection.send(traceback.format_exc())
    finally:
        connection.close()


def _make(
    deferred: Deferred, clusters: Iterable[Cluster], site: Path, folders: set[Path]
) -> Iterable[tuple[str, Made]]:
    for cluster in clusters:
        for page in deferred.make(cluster):
            if not page.path.endswith(".md"):
                target = site / page.path
                if target.parent not in folders:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(target.parent)
                target.write_text(page.content, encoding="utf-8")
                continue
            _front, body = split_front_matter(page.content)
            prerendered = html_page(body)
            if prerendered is None:
                raise WorkerError(f"{page.path}: the label page template made Markdown, not HTML blocks")
            content, toc = prerendered
            yield page.path, Made(zlib.compress(content.encode("utf-8"), 1), toc, "<h1" in content)


class Forked:
    """``function(*args)`` run in a forked process while the caller goes on; :meth:`wait` returns once it
    has, and raises :class:`WorkerError` if it failed: with the message of one of the ``expected``
    exceptions, with the traceback of any other."""

    def __init__(
        self, function: Callable[..., object], *args: Any, expected: tuple[type[BaseException], ...] = ()
    ) -> None:
        context = multiprocessing.get_context("fork")
        self.receiving, sending = context.Pipe(duplex=False)
        self.process = context.Process(target=_run, args=(function, args, expected, sending), daemon=True)
        self.process.start()
        sending.close()

    def wait(self) -> None:
        try:
            message = self.receiving.recv()
        except EOFError:
            message = "stopped before it had finished"
        finally:
            self.process.join()
            self.receiving.close()
        if message is not None:
            raise WorkerError(message)

    def close(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.receiving.close()


def _run(
    function: Callable[..., object],
    args: tuple[Any, ...],
    expected: tuple[type[BaseException], ...],
    sending: Connection,
) -> None:
    try:
        function(*args)
    except expected as exc:
        sending.send(str(exc))
    except BaseException:  # whatever failed, the caller must hear of it
        sending.send(traceback.format_exc())
    else:
        sending.send(None)
    finally:
        sending.close()
