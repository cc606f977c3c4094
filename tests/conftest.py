from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "registry"
EXAMPLES = Path(__file__).resolve().parent / "examples"
BUILD_DATE = dt.date(2026, 11, 22)
"""The day every test computes statuses for, so that results do not change with the calendar."""


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
