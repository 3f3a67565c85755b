"""``zhengtong --self-test``: Qt start-up (offscreen), a CJK font, icons and translations, then the
Qt-free checks of ``app.selftest``. Exit 0, or 1 with the names of what failed.

Offscreen unless the caller chose a platform: the check must run over SSH, in CI and in a
post-install script, where there is no display. A bundle missing a Qt plugin (platform, SVG icon
engine) or a data file (translations, stylesheet) shows here and not on a clerk's desk.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from app.selftest import Check, core_checks, run_checks, summarize

CHILD_ENV = "ZT_SELFTEST_QT_CHILD"


def _qt_probe() -> str:
    """Start Qt in a child process first: a missing system library or platform plugin makes Qt
    abort the whole process, and the administrator would see a crash instead of a named check."""
    import subprocess

    if getattr(sys, "frozen", False):
        cmd = [sys.executable, "--self-test"]
    else:
        cmd = [sys.executable, sys.argv[0], "--self-test"]
    env = dict(os.environ, **{CHILD_ENV: "1", "QT_QPA_PLATFORM": _platform()})
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, check=False)
    if proc.returncode != 0:
        lines = [ln for ln in (proc.stderr + proc.stdout).splitlines() if ln.strip()]
        raise RuntimeError(
            f"Qt 无法启动（退出码 {proc.returncode}）：{' / '.join(lines[-3:]) or '无输出'}"
        )
    return _qt_start()


def _qt_start() -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtWidgets import QApplication, QLabel

    from ui.app import setup_resources

    app = QApplication.instance() or QApplication([sys.argv[0], "-platform", _platform()])
    assert isinstance(app, QApplication)
    setup_resources(app)
    label = QLabel("政通办公")
    label.resize(200, 40)
    if label.grab().isNull():
        raise RuntimeError("窗口内容无法绘制")
    return f"PySide6 {pyside_version}，平台 {app.platformName()}"


def _platform() -> str:
    return os.environ.get("QT_QPA_PLATFORM") or "offscreen"


def _cjk_font() -> str:
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not families:
        raise RuntimeError("没有中文字体：请安装 fonts-wqy-microhei 或其他中文字体")
    sample = "政通办公公文流转"
    for family in families:
        metrics = QFontMetrics(QFont(family))
        if all(metrics.inFontUcs4(ord(ch)) for ch in sample):
            return f"{family} 等 {len(families)} 种"
    raise RuntimeError(f"已安装的中文字体（{families[0]} 等）缺少常用汉字")


def _resources() -> str:
    from PySide6.QtCore import QTranslator
    from PySide6.QtGui import QIcon

    from ui.app import resources_dir

    icon = QIcon("icons:zhengtong.svg")
    if icon.isNull() or icon.pixmap(32, 32).isNull():
        raise RuntimeError("程序图标无法加载（缺少 SVG 图标插件或 resources/icons）")
    translator = QTranslator()
    qm = resources_dir() / "translations" / "zhengtong_en.qm"
    if not translator.load(str(qm)) or translator.isEmpty():
        raise RuntimeError(f"英文界面翻译无法加载：{qm}")
    if not (resources_dir() / "style.qss").is_file():
        raise RuntimeError("界面样式表 style.qss 缺失")
    return "图标、样式表与英文翻译"


QT_START = Check("Qt 图形界面启动", _qt_probe)
QT_CHECKS = (Check("中文字体", _cjk_font), Check("图标与界面翻译", _resources))


def run_self_test(out: TextIO = sys.stdout) -> int:
    from app import __version__

    if os.environ.get(CHILD_ENV):
        _qt_start()  # the probe's child: Qt started (or this process aborted)
        return 0
    out.write(f"政通办公 {__version__} 自检（{sys.platform}，Python {sys.version.split()[0]}）\n")
    failed = run_checks([QT_START], out)
    if failed:
        # Without a QApplication the font and resource checks cannot say anything useful.
        for check in QT_CHECKS:
            out.write(f"✗ {check.name}：未检查（Qt 未能启动）\n")
            failed.append(check.name)
    else:
        failed += run_checks(QT_CHECKS, out)
    with tempfile.TemporaryDirectory(prefix="zt-selftest-") as tmp:
        failed += run_checks(core_checks(Path(tmp)), out)
    return summarize(failed, out)
