"""bench/search.py keeps running: a small corpus, every figure the README quotes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_search_bench_runs_and_reports_its_figures() -> None:
    done = subprocess.run(
        [sys.executable, "bench/search.py", "300", "--queries", "200"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    expected = {"docs", "p95_ms_1char", "p95_ms_2char", "p95_ms_4char", "index_s", "db_mb"}
    assert expected <= set(report)
    assert report["docs"] == 300
    assert report["queries_per_length"] == 200
    assert all(report[k] > 0 for k in expected)
    assert set(report["mb_by_table"]) == {
        "search_docs",
        "search_texts",
        "search_grams",
        "search_chars",
    }
