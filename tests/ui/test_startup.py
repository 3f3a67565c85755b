"""``python main.py`` as a user starts it: first paint, the lock, the demo seed, lazy imports."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.profile import DB_NAME, Profile

ROOT = Path(__file__).resolve().parents[2]
FIRST_PAINT = re.compile(r"^first_paint_s=(\d+\.\d+)$", re.MULTILINE)


def _run(
    *args: str, timeout: float = 60, paint: bool = True, extra: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if paint:
        env["ZT_EXIT_AFTER_PAINT"] = "1"
    return subprocess.run(
        [sys.executable, *extra, str(ROOT / "main.py"), *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def seeded(demo_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "seeded"
    folder.mkdir()
    shutil.copy(demo_template / DB_NAME, folder / DB_NAME)
    return folder


def test_main_window_paints_and_quits(seeded: Path) -> None:
    result = _run("--profile", str(seeded))
    assert result.returncode == 0, result.stderr
    match = FIRST_PAINT.search(result.stdout)
    assert match, result.stdout
    assert 0 < float(match.group(1)) < 30
    # A clean quit saved the window state and released the profile.
    assert (seeded / "ui.ini").is_file()
    Profile.open(seeded).close()


def test_start_path_skips_heavy_imports(seeded: Path) -> None:
    result = _run("--profile", str(seeded), extra=("-X", "importtime"))
    assert result.returncode == 0, result.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert "ui.mainwindow" in imported  # the probe works: the window really was built
    assert not {m for m in imported if m.split(".")[0] in ("pypinyin", "alembic", "reportlab")}


def test_locked_profile_exits_with_a_message(demo_profile: Profile) -> None:
    # This test process holds the lock; no window listens for "raise", so the start must fail.
    started = time.monotonic()
    result = _run("--profile", str(demo_profile.folder), timeout=30)
    assert result.returncode == 1
    assert "另一个" in result.stderr
    assert FIRST_PAINT.search(result.stdout) is None
    assert time.monotonic() - started < 20


def test_second_start_raises_the_running_window(seeded: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    first = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(seeded)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not _listening(seeded):
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "first instance never came up"
            time.sleep(0.1)
        second = _run("--profile", str(seeded), paint=False, timeout=30)
        assert second.returncode == 0, second.stderr
        assert "另一个" not in second.stderr
        assert first.poll() is None  # the first one keeps running
    finally:
        first.terminate()
        first.communicate(timeout=10)


def _listening(folder: Path) -> bool:
    from PySide6.QtNetwork import QLocalSocket

    from ui.single_instance import server_name

    socket = QLocalSocket()
    socket.connectToServer(server_name(folder))
    connected = socket.waitForConnected(100)
    socket.abort()
    return connected


@pytest.mark.slow
def test_demo_flag_seeds_an_empty_profile(tmp_path: Path) -> None:
    folder = tmp_path / "fresh"
    result = _run("--profile", str(folder), "--demo", timeout=120)
    assert result.returncode == 0, result.stderr
    assert FIRST_PAINT.search(result.stdout)
    status = _run("status", "--profile", str(folder), paint=False)
    assert "张华生" in status.stdout
