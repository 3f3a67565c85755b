"""The benchmarks are not tests, but they must keep running: bench/sync.py on 200 records."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_sync_bench_runs_and_reports_its_figures() -> None:
    done = subprocess.run(
        [sys.executable, "bench/sync.py", "200"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    expected = {"n", "push_s", "pull_s", "total_s", "requests", "bytes_up", "bytes_down"}
    assert expected <= set(report)
    assert report["n"] == report["b_records"] == 200 and report["checksum_ok"]
    # One request each way: 200 records fit one push and one page.
    assert report["push_requests"] == 1 and report["pull_requests"] == 1
    assert report["compression"] >= 5, report
