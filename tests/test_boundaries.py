"""The core stays Qt-free: the lint rule enforcing it is in force, and the core runs without Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).with_name("ruff")


def ruff_on(path: str, source: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RUFF), "check", "--no-cache", "--stdin-filename", path, "-"],
        cwd=ROOT,
        input=source,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("folder", ["app", "app/services", "server"])
@pytest.mark.parametrize(
    "source",
    [
        "from PySide6.QtCore import QObject\n",
        "import PySide6.QtWidgets\n",
        "from ui.taskman import TaskManager\n",
        "import ui\n",
    ],
)
def test_qt_and_ui_imports_fail_the_build_in_the_core(folder: str, source: str) -> None:
    result = ruff_on(f"{folder}/probe.py", source)
    assert result.returncode != 0
    assert "TID251" in result.stdout


def test_the_ui_may_import_qt() -> None:
    result = ruff_on("ui/probe.py", "from PySide6.QtCore import QObject\n\n__all__ = ['QObject']\n")
    assert result.returncode == 0, result.stdout


def test_the_core_and_cli_run_without_loading_qt() -> None:
    code = (
        "import sys, app.cli, app.services.org, app.services.workbench, app.db.migrate\n"
        "sys.exit(any(m.startswith(('PySide6', 'ui')) for m in sys.modules))\n"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0
