"""What every screenshot module needs: the demo county in a throw-away profile with a synchronous
task manager (each grab shows finished work), the main window over it as one of its people, a
widget saved as a PNG, and running one module alone.

    QT_QPA_PLATFORM=offscreen python -m ui.meeting_shots /tmp/shots
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from app.db.engine import transaction
from app.profile import Profile
from app.services.demo import DEMO_USER, seed_demo_county
from app.services.org import person_by_username
from ui.context import AppContext
from ui.mainwindow import MainWindow
from ui.taskman import ImmediateTaskManager, install_taskman

SIZE = (1280, 800)


def save(widget: QWidget, out: Path, name: str) -> None:
    QApplication.processEvents()
    widget.grab().save(str(out / f"{name}.png"))


@contextmanager
def demo_profile(prefix: str) -> Iterator[tuple[Profile, ImmediateTaskManager, Path]]:
    """A profile holding the demo county (in a temporary folder, also yielded for files)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        profile = Profile.open(Path(tmp))
        with transaction(profile.store()) as session:
            seed_demo_county(session, passwords=False)
        taskman = ImmediateTaskManager(profile.store())
        install_taskman(taskman)
        try:
            yield profile, taskman, Path(tmp)
        finally:
            taskman.shutdown()
            install_taskman(None)
            profile.close()


def open_window(
    profile: Profile, taskman: ImmediateTaskManager, username: str = DEMO_USER
) -> MainWindow:
    """The main window, shown at the screenshot size, as ``username`` would see it."""
    with profile.store()() as session:
        user = person_by_username(session, username=username)
    if user is None:
        raise LookupError(username)
    window = MainWindow(AppContext(profile=profile, user=user, taskman=taskman))
    window.resize(*SIZE)
    window.show()
    return window


def run_alone(shots: Callable[[Path], None]) -> None:
    """``python -m ui.<module> [DIR]``: that module's screenshots (default docs/screenshots)."""
    from ui.app import setup_resources

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    target.mkdir(parents=True, exist_ok=True)
    application = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(application, QApplication)
    setup_resources(application)
    shots(target)
