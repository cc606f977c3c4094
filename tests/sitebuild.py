"""Helpers for whole-site tests: build the project's site into a folder, serve it, check its links."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from tests.conftest import ROOT, SHIPPED_DATE


def project_copy(target: Path, registry: Path | None = None) -> Path:
    """A copy of the project's site sources in ``target``, optionally reading another registry."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("docs", "overrides"):
        shutil.copytree(ROOT / folder, target / folder)
    (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    if registry is not None:
        config = config.replace("      registry: registry\n", f"      registry: {registry.resolve()}\n")
        assert str(registry.resolve()) in config
    else:
        shutil.copytree(ROOT / "registry", target / "registry")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target / "mkdocs.yml"


def free_port() -> int:
    """A loopback port nothing listens on, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def build(
    config: Path,
    site: Path,
    build_date: str = SHIPPED_DATE.isoformat(),
    extra_env: dict[str, str] | None = None,
    *,
    engine: str = "mkdocs",
) -> subprocess.CompletedProcess[str]:
    """Build the site of ``config`` into ``site`` with an engine that reads mkdocs.yml (MkDocs, ProperDocs)."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update({"BUILD_DATE": build_date, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})})
    return subprocess.run(
        [sys.executable, "-m", engine, "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        for attribute in ("href", "src"):
            value = values.get(attribute)
            if value and not (tag == "link" and values.get("rel") in ("canonical", "alternate")):
                self.links.append(value)


@functools.cache
def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text("utf-8", errors="replace"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Every internal link or fragment in the built site that does not resolve."""
    _parse.cache_clear()
    broken = []
    for page in sorted(site.rglob("*.html")):
        base = "http://site.invalid/" + page.relative_to(site).as_posix()
        for link in _parse(page).links:
            absolute = urljoin(base, link)
            parts = urlsplit(absolute)
            if parts.netloc != "site.invalid" or parts.scheme not in ("http", "https"):
                continue
            target = site / unquote(parts.path.lstrip("/"))
            if target.is_dir() or parts.path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {link}")
                continue
            if parts.fragment and target.suffix == ".html" and parts.fragment not in _parse(target).ids:
                broken.append(f"{page.relative_to(site)}: {link} (no such fragment)")
    return broken


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as GitHub Pages does: under ``prefix``, with the site's 404.html for a missing address."""

    prefix = "/"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".not-under-the-prefix")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(folder: Path, prefix: str = "/") -> Iterator[str]:
    """Serve a folder on a free loopback port, under ``prefix`` (such as ``/registry/``); yields its address."""
    handler = functools.partial(type("Handler", (_QuietHandler,), {"prefix": prefix}), directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def run_generator(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` as a person runs it, from the project root unless told otherwise."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        check=False,
    )
