"""`zhengtong --self-test` from the source checkout: passes where everything is there, and names
what is missing otherwise (the bundle's own run is in tests/package)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ("Qt 图形界面启动", "中文字体", "图标与界面翻译", "密钥环", "数据库", "PDF 排版与签章验证")


def _self_test(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_everything_present_passes(keyring_env: dict[str, str]) -> None:
    proc = _self_test(dict(os.environ, **keyring_env, QT_QPA_PLATFORM="offscreen"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in CHECKS:
        assert f"✓ {name}" in proc.stdout
    assert proc.stdout.rstrip().endswith("自检通过")


def test_no_keyring_is_named_and_the_other_checks_still_run(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    proc = _self_test(env)
    assert proc.returncode == 1
    assert "✗ 密钥环：没有可用的系统密钥环" in proc.stdout
    assert "✓ 数据库" in proc.stdout and "✓ PDF 排版与签章验证" in proc.stdout
    assert proc.stdout.rstrip().endswith("自检失败：密钥环")


def test_qt_that_cannot_start_is_named_not_a_crash() -> None:
    proc = _self_test(dict(os.environ, QT_QPA_PLATFORM="no-such-platform"))
    assert proc.returncode == 1
    assert "✗ Qt 图形界面启动：Qt 无法启动" in proc.stdout
    assert "no-such-platform" in proc.stdout  # Qt's own reason, for the administrator
    assert "✗ 中文字体：未检查（Qt 未能启动）" in proc.stdout
    assert "✓ 数据库" in proc.stdout


def test_a_missing_resource_is_named(tmp_path: Path) -> None:
    """A copy of the program without its compiled translation fails the resource check."""
    import shutil

    tree = tmp_path / "tree"
    tree.mkdir()
    for part in ("main.py", "app", "ui", "resources"):
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, tree / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, tree / part)
    (tree / "resources" / "translations" / "zhengtong_en.qm").unlink()
    proc = subprocess.run(
        [sys.executable, str(tree / "main.py"), "--self-test"],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(tree)),
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1
    assert "✗ 图标与界面翻译：英文界面翻译无法加载" in proc.stdout, proc.stdout
