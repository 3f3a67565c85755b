"""The headless CLI of main.py: version, help, status and one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app import __version__
from app.db.engine import transaction
from app.db.models import OutboxEntry
from app.profile import Profile
from app.services.workbench import LAST_SYNC_KEY, set_meta

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0
    assert __version__ in out.stdout


def test_help_lists_the_commands() -> None:
    out = run("--help")
    assert out.returncode == 0
    assert "status" in out.stdout and "--profile" in out.stdout


def test_status_shows_user_pending_changes_and_last_sync(demo_profile: Profile) -> None:
    with transaction(demo_profile.store()) as s:
        for i in range(3):
            s.add(OutboxEntry(record_type="unit", record_id=f"r{i}", op="update"))
        set_meta(s, LAST_SYNC_KEY, "2026-07-04T01:30:00+00:00")
    folder = str(demo_profile.folder)
    demo_profile.close()  # status also works beside a running instance; see test_profile
    out = run("status", "--profile", folder)
    assert out.returncode == 0, out.stderr
    assert "张华生 (zhanghs)" in out.stdout
    assert "待同步更改：3" in out.stdout
    assert "上次同步：2026年7月4日" in out.stdout
    assert "服务器：未设置" in out.stdout


def test_status_on_a_missing_profile_is_one_clear_line(tmp_path: Path) -> None:
    out = run("status", "--profile", str(tmp_path / "missing"))
    assert out.returncode != 0
    assert out.stderr.strip().count("\n") == 0
    assert "配置文件夹不存在" in out.stderr


def test_status_without_any_profile(tmp_path: Path) -> None:
    out = run("status")  # XDG dirs point into tmp (conftest): no profile was ever used
    assert out.returncode == 2
    assert "还没有配置文件" in out.stderr


def test_unknown_command_fails() -> None:
    out = run("frobnicate")
    assert out.returncode != 0
    assert "invalid choice" in out.stderr or "无效" in out.stderr
