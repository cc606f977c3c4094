"""The benchmark harness runs end to end (on a tiny registry; the real sizes are for `bash tasks.sh bench`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_harness_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--sizes", "10", "20", "--json", str(out), "--report-only"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text("utf-8"))
    figures = report["results"]["20"]
    for key in (
        "validate_s",
        "generate_s",
        "build_s",
        "prewritten_build_s",
        "floor_build_s",
        "build_peak_bytes",
        "site_bytes",
        "cluster_page_bytes_mean",
        "map_page_bytes",
        "search_index_build_s",
        "search_index_bytes",
        "search_first_query_bytes",
    ):
        assert figures[key] > 0, key
    assert {t["what"] for t in report["targets"]} >= {"full build / pre-written build", "validation (s)"}
    assert "full build / one-line-page floor" in done.stdout
    assert figures["first_build_s"] > 0 and figures["feed_entries"] <= 100
    assert {t["what"] for t in report["targets"]} >= {"largest HTML page (MB)", "site size per cluster (KB)"}
    assert figures["search_requests_before_focus"] == 0
