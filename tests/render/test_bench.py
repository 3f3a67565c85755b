"""bench/render.py keeps running and reports its figures (speed itself is not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_render_bench_reports_pages_and_timings() -> None:
    done = subprocess.run(
        [sys.executable, "bench/render.py", "--pages", "2", "--runs", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"pages", "median_s", "first_s", "runs", "bytes"} <= set(report)
    assert report["pages"] >= 2 and report["runs"] == 2
    assert report["median_s"] > 0 and report["first_s"] > 0 and report["bytes"] > 10_000
