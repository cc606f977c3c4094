from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

# Fuzzing in the suite: a few hundred examples per property in CI; more with --hypothesis-profile=thorough.
settings.register_profile("ci", max_examples=300, deadline=None)
settings.register_profile("thorough", max_examples=5_000, deadline=None)
settings.load_profile("ci")

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "registry"
EXAMPLES = Path(__file__).resolve().parent / "examples"
BUILD_DATE = dt.date(2026, 11, 25)
"""The day the tests on the golden registry (tests/golden) compute statuses for, so that results do not
change with the calendar."""
SHIPPED_DATE = dt.date(2026, 12, 3)
"""The day the tests on the shipped registry compute statuses for. No shipped record may be `checked:`
after it: move it forward when records are checked later."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite expected outputs (example expectations, golden pages) from what the code produces now",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def empty_registry(target: Path) -> Path:
    """A registry folder with the shipped levels and sectors and no records."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("levels.yml", "sectors.yml"):
        shutil.copyfile(REGISTRY / name, target / name)
    (target / "clusters").mkdir(exist_ok=True)
    return target


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    return empty_registry(tmp_path / "registry")


CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium driven by Playwright. In CI a missing browser fails the run."""
    if not CHROMIUM.is_file():
        message = f"Chromium not found at {CHROMIUM}; `bash tasks.sh test` installs Debian's chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped registry built as the README's command builds it, once for the whole run."""
    from tests.sitebuild import build

    site = tmp_path_factory.mktemp("shipped") / "site"
    done = build(ROOT / "mkdocs.yml", site)
    assert done.returncode == 0, done.stderr
    return site


@pytest.fixture(scope="session")
def shipped_url(shipped_site: Path) -> Iterator[str]:
    """The shipped site served on a loopback port."""
    from tests.sitebuild import serve

    with serve(shipped_site) as url:
        yield url


PUBLISHED_URL = "https://registry.example.org/"
"""The address the published site is built for in tests: permanent links, QR codes and feeds are absolute."""
PUBLISHED_ENV = {"SITE_URL": PUBLISHED_URL, "GITHUB_REPOSITORY": "example/registry"}


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped registry built as the publishing workflow builds it: site address and repository known."""
    from tests.sitebuild import build

    site = tmp_path_factory.mktemp("published") / "site"
    done = build(ROOT / "mkdocs.yml", site, extra_env=PUBLISHED_ENV)
    assert done.returncode == 0, done.stderr
    return site
