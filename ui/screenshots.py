"""``make screenshots``: PNGs of each main view with the demo county, rendered offscreen.

QT_QPA_PLATFORM=offscreen python -m ui.screenshots docs/screenshots
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from app.db.engine import transaction
from app.profile import Profile
from app.services.demo import DEMO_USER, seed_demo_county
from app.services.org import person_by_username
from ui.app import add_search_paths, setup_resources
from ui.context import AppContext
from ui.login import LoginDialog
from ui.mainwindow import MainWindow
from ui.taskman import ImmediateTaskManager, install_taskman

SIZE = (1280, 800)


def _save(widget: QWidget, out: Path, name: str) -> None:
    QApplication.processEvents()
    widget.grab().save(str(out / f"{name}.png"))


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    add_search_paths()
    setup_resources(app)
    with tempfile.TemporaryDirectory(prefix="zt-shots-") as tmp:
        profile = Profile.open(Path(tmp))
        with transaction(profile.store()) as session:
            seed_demo_county(session, passwords=False)
            user = person_by_username(session, username=DEMO_USER)
        assert user is not None
        # Deterministic: every operation finishes before the next line, so each grab is complete.
        taskman = ImmediateTaskManager(profile.store())
        install_taskman(taskman)
        window = MainWindow(AppContext(profile=profile, user=user, taskman=taskman))
        window.resize(*SIZE)
        window.show()
        for key, name in [
            ("workbench", "workbench"),
            ("incoming", "incoming"),
            ("contacts", "addressbook"),
            ("settings", "settings"),
        ]:
            window.show_section(key)
            _save(window, out, name)
        login = LoginDialog(profile)
        login.show()
        _save(login, out, "login")
        window.close()
        login.close()
        taskman.shutdown()
        install_taskman(None)
        profile.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
