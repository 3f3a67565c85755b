"""Start-up to first paint of the desktop client with the demo profile.

Runs ``python main.py --profile DIR`` repeatedly with ZT_EXIT_AFTER_PAINT=1 (the app quits right
after the main window's first paint and prints ``first_paint_s=…``) and times each run from the
moment the process is spawned to that line, interpreter start-up included.

    python bench/startup.py [--runs 9] [--bundle [EXE]]
Prints one JSON line: {"metric": "startup_to_first_paint_s", "median": …, "runs": …, …}

``--bundle`` times the PyInstaller bundle (default dist/zhengtong/zhengtong, built by
``make dist``; or the installed /usr/bin/zhengtong) instead of the source checkout. The demo profile
is still made by the source checkout (the bundle carries no server). Each run is a new process
whose files are in the OS cache after the warm-up: what a clerk sees on the second start of
the day. ``--cold`` empties the OS page cache before every run (Linux, root: writes
/proc/sys/vm/drop_caches), so every file is read from disk as on the first start after boot.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_run(cmd: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    reported = None
    for line in proc.stdout:
        if line.startswith("first_paint_s="):
            elapsed = time.perf_counter() - t0
            reported = float(line.split("=", 1)[1])
            break
    else:
        proc.wait()
        raise SystemExit(f"the app exited ({proc.returncode}) without reporting its first paint")
    proc.wait(timeout=30)
    return elapsed, reported


def drop_page_cache() -> None:
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")
    except OSError as exc:
        raise SystemExit(f"--cold needs root on Linux ({exc})") from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--profile", type=Path, help="an existing profile (default: a demo copy)")
    parser.add_argument(
        "--bundle",
        nargs="?",
        type=Path,
        const=ROOT / "dist" / "zhengtong" / "zhengtong",
        help="time this bundled executable (default dist/zhengtong/zhengtong)",
    )
    parser.add_argument(
        "--cold", action="store_true", help="drop the OS page cache before each run (root)"
    )
    args = parser.parse_args()
    if args.bundle is not None and not args.bundle.is_file():
        raise SystemExit(f"no bundle at {args.bundle}: run `make dist` first")

    env = dict(os.environ, ZT_EXIT_AFTER_PAINT="1")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="zt-bench-") as tmp:
        env["XDG_DATA_HOME"] = str(Path(tmp) / "data")  # never touch the user's own profiles
        profile = args.profile or Path(tmp) / "demo"
        source = [sys.executable, "main.py", "--profile", str(profile)]
        # Warm-up: seeds the demo county on first use and fills the OS file cache.
        one_run([*source, "--demo"], env)
        cmd = [str(args.bundle), "--profile", str(profile)] if args.bundle else source
        if args.bundle:
            one_run(cmd, env)  # the bundle's own files into the cache too
        samples = []
        for _ in range(args.runs):
            if args.cold:
                drop_page_cache()
            samples.append(one_run(cmd, env))
    wall = [round(s[0], 3) for s in samples]
    print(
        json.dumps(
            {
                "metric": "startup_to_first_paint_s",
                "subject": str(args.bundle) if args.bundle else "source",
                "cache": "cold" if args.cold else "warm",
                "median": round(statistics.median(wall), 3),
                "runs": args.runs,
                "min": min(wall),
                "max": max(wall),
                "samples": wall,
                "app_reported_median": round(statistics.median(s[1] or 0 for s in samples), 3),
            }
        )
    )


if __name__ == "__main__":
    main()
