"""``make screenshots``: PNGs of each main view with the demo county, rendered offscreen.

The sync views (status bar, 同步冲突与被拒绝的更改, 系统管理, login) run against a private demo
server started for the purpose (app/demo_server.py), with two computers of 张华生 editing the same
notice so that there is a real conflict and a real refusal to show.

QT_QPA_PLATFORM=offscreen python -m ui.screenshots docs/screenshots
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from app.db.engine import transaction
from app.demo_server import demo_server
from app.profile import Profile
from app.services.demo import DEMO_PASSWORD, DEMO_USER
from app.services.org import PersonRow, person_by_username
from app.sync.client import device_id, login, sync
from app.sync.transport import MemoryTokens
from ui.app import add_search_paths, setup_resources
from ui.context import AppContext
from ui.login import LoginDialog
from ui.mainwindow import MainWindow
from ui.shot_kit import SIZE, demo_profile, open_window, save
from ui.taskman import ImmediateTaskManager, install_taskman


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    add_search_paths()
    setup_resources(app)
    with demo_profile("zt-shots-") as (profile, taskman, _tmp):
        window = open_window(profile, taskman)
        for key, name in [
            ("workbench", "workbench"),
            ("contacts", "addressbook"),
            ("settings", "settings"),
        ]:
            window.show_section(key)
            save(window, out, name)
        login = LoginDialog(profile)
        login.show()
        save(login, out, "login")
        window.close()
        login.close()
    sync_shots(out)
    from ui.doc_list_shots import list_shots
    from ui.doc_shots import document_shots
    from ui.meeting_shots import meeting_shots
    from ui.notice_shots import notice_shots

    document_shots(out)
    list_shots(out)
    notice_shots(out)
    meeting_shots(out)


def _client(folder: Path, url: str, username: str) -> tuple[Profile, MemoryTokens, PersonRow]:
    profile = Profile.open(folder)
    tokens = MemoryTokens(device_id(profile.store()))
    login(profile, server_url=url, username=username, password=DEMO_PASSWORD, tokens=tokens)
    with profile.store()() as session:
        user = person_by_username(session, username=username)
    assert user is not None
    return profile, tokens, user


def _conflict_and_refusal(tmp: Path, url: str) -> tuple[Profile, MemoryTokens, PersonRow]:
    """The same notice edited on two computers: ``b`` ends with a conflict and a refusal."""
    from app.services.notices import act_on_notice, create_notice, update_notice

    a, a_tokens, me = _client(tmp / "a", url, DEMO_USER)
    b, b_tokens, _ = _client(tmp / "b", url, DEMO_USER)

    def do(profile: Profile, fn: Any, **kwargs: Any) -> Any:
        with transaction(profile.store()) as session:
            return fn(session, person_id=me.id, **kwargs)

    def run(profile: Profile, tokens: MemoryTokens) -> None:
        from app.sync.client import transport_for

        sync(profile, transport=transport_for(profile, tokens))

    nid = do(a, create_notice, title="关于做好防汛值班工作的通知")
    run(a, a_tokens)
    run(b, b_tokens)
    do(a, update_notice, notice_id=nid, title="关于做好汛期值班值守工作的通知")
    do(b, update_notice, notice_id=nid, title="关于加强防汛值班工作的紧急通知")
    run(a, a_tokens)
    run(b, b_tokens)
    do(a, act_on_notice, notice_id=nid, action="submit")
    run(a, a_tokens)
    do(b, update_notice, notice_id=nid, body="附件：七月份值班表（含各乡镇联系人）")
    run(b, b_tokens)
    a.close()
    return b, b_tokens, me


def sync_shots(out: Path) -> None:
    """Status bar during and after a sync, the conflicts view, 系统管理, the login dialog."""
    from ui.admin import AdminDialog
    from ui.conflicts import ReviewDialog

    with (
        tempfile.TemporaryDirectory(prefix="zt-shots-sync-") as tmp,
        demo_server(Path(tmp) / "server") as server,
    ):
        profile, tokens, user = _conflict_and_refusal(Path(tmp), server.url)
        taskman = ImmediateTaskManager(profile.store())
        install_taskman(taskman)
        window = MainWindow(AppContext(profile, user, taskman, tokens))
        window.resize(*SIZE)
        window.show()
        status = window.status
        status.sync_started()
        status.sync_progress("sync", 120, 35 * 1024)
        save(status, out, "statusbar-syncing")
        window.sync.sync_now()
        save(status, out, "statusbar-synced")
        save(window, out, "sync-window")
        review = window.show_review()
        assert isinstance(review, ReviewDialog)
        review.view.conflicts_view.selectRow(0)
        save(review, out, "conflicts")
        review.close()

        admin_profile, admin_tokens, admin_user = _client(Path(tmp) / "wul", server.url, "wul")
        admin_tm = ImmediateTaskManager(admin_profile.store())
        install_taskman(admin_tm)
        admin = AdminDialog(AppContext(admin_profile, admin_user, admin_tm, admin_tokens))
        admin.show()
        save(admin, out, "admin-units")
        admin.view.tabs.setCurrentIndex(1)
        save(admin, out, "admin-people")
        admin.view.tabs.setCurrentIndex(2)
        save(admin, out, "admin-devices")
        admin.close()

        login_dialog = LoginDialog(profile)
        login_dialog.show()
        save(login_dialog, out, "login-server")
        login_dialog.close()
        window.close()
        for tm in (taskman, admin_tm):
            tm.shutdown()
        install_taskman(None)
        admin_profile.close()
        profile.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
