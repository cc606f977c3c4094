"""What a person waits for on a listing: a filter or sort change redrawn in Chromium, at N clusters.

    python benchmarks/listings.py [--sizes 140 10000] [--repeats 5]

The page holds the first page of the generated ``/clusters/`` listing with the theme's and the
registry's style sheets and script, and its data file beside it, as the site serves them. Each
change runs from setting the controls to the moment the new rows are laid out (the script's
promise resolved and a forced layout); the first change, which fetches the data file, is
reported apart. The smallest size is the baseline: the ratio says how the redraw grows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.pages.listings import listing_pages  # noqa: E402
from generator.pages.site import Renderer, Settings, Site  # noqa: E402
from generator.records.validate import validate  # noqa: E402
from generator.tools import synthetic  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.sitebuild import serve  # noqa: E402

BUILD_DATE = dt.date(2026, 11, 22)
CHANGES: list[dict[str, str]] = [
    {"status": "valid"},
    {"status": "valid", "level": "gold"},
    {"country": "DE"},
    {"country": "FR", "status": "expired"},
    {"q": "cluster"},
    {"sector": "ict"},
    {"status": "valid", "sort": "name"},
    {"status": "valid", "sort": "-until"},
]


def listing_site(size: int, work: Path, registry: Path | None = None) -> Path:
    registry = registry or synthetic.write(work / "registry", size, seed=size)
    result = validate(registry, build_date=BUILD_DATE)
    assert result.registry is not None
    site = Site(result.registry, Settings(build_date=BUILD_DATE))
    out = work / "site"
    for page in listing_pages(Renderer(site), "clusters/index.md", "clusters/", "All", "", site.rows):
        if page.path == "clusters/index.md":
            body = page.content.split("\n---\n", 1)[1]
            target = out / "clusters" / "index.html"
        elif page.path.startswith("api/"):
            body, target = page.content, out / page.path
        else:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix == ".html":
            body = (
                '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>listing</title>'
                '<link rel="stylesheet" href="../assets/theme.css">'
                '<link rel="stylesheet" href="../assets/registry.css">'
                '</head><body><div class="md-content"><article class="md-content__inner md-typeset">'
                f'{body}</article></div><script src="../assets/registry.js"></script></body></html>'
            )
        target.write_text(body, "utf-8")
    (out / "assets").mkdir()
    material = next(Path(sys.prefix).glob("lib/python*/site-packages/material/templates/assets/stylesheets"))
    shutil.copyfile(next(material.glob("main.*.min.css")), out / "assets" / "theme.css")
    for name in ("registry.css", "registry.js"):
        shutil.copyfile(ROOT / "docs" / "assets" / name, out / "assets" / name)
    return out


MEASURE = """async state => {
  const listing = document.querySelector('[data-listing]');
  const started = performance.now();
  await listing.registryShow(state);
  document.body.offsetHeight;
  return performance.now() - started;
}"""


def redraw_ms(size: int, repeats: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        site = listing_site(size, Path(folder))
        with serve(site) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.goto(url + "clusters/")
            tab.wait_for_selector("[data-listing][data-drawn]", state="attached")
            first = tab.evaluate(MEASURE, CHANGES[0])
            # The first use of an order sorts all rows once and keeps the order: reported apart.
            first_use = [tab.evaluate(MEASURE, change) for change in CHANGES]
            times = [tab.evaluate(MEASURE, change) for _ in range(repeats) for change in CHANGES]
            browser.close()
    return {
        "size": size,
        "first_ms": first,
        "first_use_max_ms": max(first_use),
        "median_ms": statistics.median(times),
        "max_ms": max(times),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[140, 10_000])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    results = [redraw_ms(size, args.repeats) for size in args.sizes]
    base = results[0]
    for r in results:
        print(
            f"{r['size']:>6} clusters: first filter (fetches the data file) {r['first_ms']:.1f} ms;"
            f" first use of each filter and order: max {r['first_use_max_ms']:.1f} ms;"
            f" each change after: median {r['median_ms']:.1f} ms, max {r['max_ms']:.1f} ms"
            f" ({r['median_ms'] / base['median_ms']:.1f}x the {base['size']}-cluster median)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
