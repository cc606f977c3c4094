"""The weekly address check, against a server on this machine.

Records cite sites by name (an address by number is refused), so the server answers as the HTTP proxy
of a named site that never resolves: the check reaches this machine and nothing else."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import empty_registry
from tests.sitebuild import run_generator

SITE = "http://probe.example.org"


class _Handler(http.server.BaseHTTPRequestHandler):
    def parse_request(self) -> bool:
        parsed = super().parse_request()
        # As a proxy it is asked for whole addresses (GET http://probe.example.org/alive): keep the path.
        self.path = urlsplit(self.path).path or "/"
        return parsed

    def do_HEAD(self) -> None:
        if self.path == "/head-refused":
            self.send_response(405)
        else:
            self.send_response(200 if self.path in ("/alive", "/head-refused-get-ok") else 404)
        self.end_headers()

    def do_GET(self) -> None:
        self.send_response(200 if self.path in ("/alive", "/head-refused") else 404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def proxy() -> Iterator[dict[str, str]]:
    """The environment that sends the check's requests to the server here."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    address = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield {"http_proxy": address, "HTTP_PROXY": address, "no_proxy": "", "NO_PROXY": ""}
    httpd.shutdown()
    httpd.server_close()


def test_dead_addresses_are_listed_with_their_record(tmp_path: Path, proxy: dict[str, str]) -> None:
    server = SITE
    registry = empty_registry(tmp_path / "registry")
    (registry / "clusters" / "de").mkdir()
    (registry / "clusters" / "de" / "probe.yml").write_text(
        f"""id: probe
name: Probe Cluster
country: DE
sectors: [ict]
website: {server}/alive
checked: 2026-11-01
labels:
  - level: bronze
    awarded: 2024
    source: {server}/missing
  - level: silver
    awarded: 2025
    source: {server}/head-refused
""",
        "utf-8",
    )
    dead_list = tmp_path / "dead.json"
    done = run_generator(
        "check-addresses", "--registry", str(registry), "--timeout", "5", "--dead-list", str(dead_list), env=proxy
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(dead_list.read_text("utf-8")) == [
        {"record": "probe", "field": "labels[0].source", "url": f"{server}/missing"}
    ]
    assert "3 addresses checked, 1 not answering." in done.stdout
    assert f"| `registry/clusters/de/probe.yml` | `labels[0].source` | <{server}/missing> | HTTP 404 |" in done.stdout
    strict = run_generator("check-addresses", "--registry", str(registry), "--strict", "--timeout", "5", env=proxy)
    assert strict.returncode == 1
