"""The client shell: navigation, shortcuts, saved geometry, login, status bar, one instance."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from app.changes import Changes
from app.db.models import Meta, OutboxEntry
from app.profile import Profile
from app.services.demo import DEMO_PASSWORD, DEMO_USER
from app.services.login import remembered_user
from app.services.workbench import LAST_SYNC_KEY
from ui.app import Shell, add_search_paths
from ui.context import AppContext
from ui.login import LoginDialog
from ui.mainwindow import MainWindow
from ui.meetings import MeetingsView
from ui.operations import DbOp
from ui.single_instance import InstanceServer, notify_running

TITLES = ["工作台", "收文", "发文", "会议", "通知", "通讯录", "设置"]
KEYS = ["workbench", "incoming", "outgoing", "meetings", "notices", "contacts", "settings"]


@pytest.fixture(autouse=True)
def _icons(qapp: QApplication) -> None:
    add_search_paths()


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _outbox_entry(session: Session) -> Changes:
    session.add(OutboxEntry(record_type="person", record_id="x", op="update", payload="{}"))
    return Changes(outbox=True)


def test_navigation_lists_the_seven_sections_in_order(window: MainWindow) -> None:
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == TITLES
    assert all(not window.nav.item(i).icon().isNull() for i in range(window.nav.count()))
    view_menu = window.menuBar().actions()[1].menu()
    assert [a.text() for a in view_menu.actions()] == TITLES
    assert window.current_section() == "workbench"
    assert window.windowTitle() == "政通办公 — 张华生 · 塔山市人民政府办公室"


def test_pages_are_built_on_first_visit(window: MainWindow) -> None:
    assert set(window.built_pages()) == {"workbench"}
    page = window.show_section("通讯录")
    assert set(window.built_pages()) == {"workbench", "contacts"}
    assert window.stack.currentWidget() is page
    assert window.show_section("contacts") is page  # built once


def test_ctrl_number_switches_sections(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for number, key in reversed(list(enumerate(KEYS, start=1))):
        assert f"Ctrl+{number}" in window.nav.item(number - 1).toolTip()
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_section() == key
        assert window.stack.currentWidget() is window.page(key)
        assert window.nav.currentRow() == number - 1


def test_clicking_the_navigation_switches_page(qtbot: QtBot, window: MainWindow) -> None:
    row = KEYS.index("meetings")
    rect = window.nav.visualItemRect(window.nav.item(row))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_section() == "meetings"
    assert isinstance(window.stack.currentWidget(), MeetingsView)


def test_geometry_and_section_survive_a_restart(qtbot: QtBot, ctx: AppContext) -> None:
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    # Nothing saved yet: 1280×800, made smaller to fit a small screen (offscreen: 800×800).
    available = first.screen().availableGeometry()
    assert available.width() < 1280  # else this test would not see the fitting
    fitted = QSize(available.width() * 95 // 100, available.height() * 95 // 100)
    assert first.size() == QSize(1280, 800).boundedTo(fitted)
    first.show()
    qtbot.waitExposed(first)
    # Smaller than the offscreen screen (800×800): restoreGeometry() clamps to the screen.
    first.resize(720, 520)
    qtbot.waitUntil(lambda: first.size() == QSize(720, 520))
    first.show_section("会议")
    first.close()
    assert (ctx.profile.folder / "ui.ini").is_file()

    second = MainWindow(ctx)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == QSize(720, 520)
    assert second.current_section() == "meetings"
    assert set(second.built_pages()) == {"meetings"}


def test_sync_needs_a_server_and_follows_config_changes(
    window: MainWindow, ctx: AppContext, health_server: str
) -> None:
    assert not window.sync_action.isEnabled()
    assert window.sync_action.toolTip() == "尚未配置服务器"
    assert window.sync_action.shortcut().toString() == "F5"

    # As the 设置 page does after saving a server address.
    ctx.profile.config.server_url = health_server
    ctx.taskman.broadcast(Changes(config=True))
    assert window.sync_action.isEnabled()
    assert "F5" in window.sync_action.toolTip()
    assert window.status.online is True


# -- login ----------------------------------------------------------------------------------


@pytest.fixture
def dialog(qtbot: QtBot, demo_profile: Profile, taskman: object) -> LoginDialog:
    dlg = LoginDialog(demo_profile)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_wrong_password_shows_an_inline_error(qtbot: QtBot, dialog: LoginDialog) -> None:
    dialog.username.setText(DEMO_USER)
    dialog.password.setText("wrong-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # Enter submits
    assert dialog.error.isVisible()
    assert dialog.error.text() == "用户名或密码不正确"
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.user is None
    assert dialog.password.text() == ""
    assert dialog.focusWidget() is dialog.password
    assert dialog.login_button.isEnabled()


def test_right_password_accepts_and_sets_user(
    qtbot: QtBot, dialog: LoginDialog, demo_profile: Profile
) -> None:
    dialog.username.setText(DEMO_USER)
    dialog.password.setText(DEMO_PASSWORD)
    dialog.remember.setChecked(False)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.user is not None
    assert dialog.user.username == DEMO_USER
    assert dialog.user.name == "张华生"
    assert dialog.result() == QDialog.DialogCode.Accepted
    with demo_profile.store()() as session:
        assert remembered_user(session) is None  # the unchecked box is honoured
    assert demo_profile.config.username == DEMO_USER  # prefilled next time


def test_bad_server_address_is_refused_inline(dialog: LoginDialog, demo_profile: Profile) -> None:
    dialog.server.setText("oa.example.gov.cn")
    dialog.username.setText(DEMO_USER)
    dialog.password.setText(DEMO_PASSWORD)
    dialog.submit()
    assert dialog.error.isVisible()
    assert "http://" in dialog.error.text()
    assert dialog.user is None
    assert demo_profile.config.server_url == ""


# -- status bar -----------------------------------------------------------------------------


def test_status_bar_shows_pending_changes_and_last_sync(window: MainWindow) -> None:
    status = window.status
    assert status.pending.text() == "待同步：0"
    assert status.last_sync.text() == "上次同步：从未同步"
    assert "离线" in status.connection.text()

    DbOp(window, _outbox_entry).run()
    assert status.pending.text() == "待同步：1"

    when = datetime(2026, 11, 21, 9, 30).astimezone()

    def synced(session: Session) -> Changes:
        session.add(Meta(key=LAST_SYNC_KEY, value=when.isoformat()))
        return Changes(sync_state=True)

    DbOp(window, synced).run()
    assert status.last_sync.text() == "上次同步：2026年11月21日 09:30"


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/healthz" else 404)
        self.end_headers()
        self.wfile.write(b'{"status":"ok"}')

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def health_server() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_online_when_the_server_answers_healthz(
    qtbot: QtBot, ctx: AppContext, health_server: str
) -> None:
    ctx.profile.config.server_url = health_server
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    assert win.status.online is True
    assert "在线" in win.status.connection.text()
    assert win.sync_action.isEnabled()

    health_server_gone = health_server.rsplit(":", 1)[0] + ":9"  # discard port: refused
    ctx.profile.config.server_url = health_server_gone
    win.status.probe()
    assert win.status.online is False
    assert "离线" in win.status.connection.text()


# -- single instance ------------------------------------------------------------------------


def test_second_start_asks_the_running_instance_to_raise(
    qtbot: QtBot, demo_profile: Profile, tmp_path: Path
) -> None:
    assert demo_profile.lock.held
    server = InstanceServer(demo_profile.folder)
    assert server.listen()
    try:
        with qtbot.waitSignal(server.raise_requested, timeout=3000):
            assert notify_running(demo_profile.folder)
    finally:
        server.close()
    assert not notify_running(tmp_path / "nobody-runs-this", timeout_ms=200)


# -- start-up controller --------------------------------------------------------------------


def test_remembered_user_opens_the_window_and_logout_asks_again(
    qtbot: QtBot, qapp: QApplication, ctx: AppContext
) -> None:
    shell = Shell(qapp, ctx.profile, ctx.taskman, demo=False)
    shell.start()  # the demo profile remembers 张华生: no login dialog
    first = shell.window
    assert first is not None
    qtbot.addWidget(first)
    assert first.isVisible()
    assert shell.dialog is None

    first.logout_action.trigger()
    assert not first.isVisible()
    assert shell.window is None
    dialog = shell.dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    with ctx.profile.store()() as session:
        assert remembered_user(session) is None

    dialog.username.setText(DEMO_USER)
    dialog.password.setText(DEMO_PASSWORD)
    dialog.submit()
    second = shell.window
    assert second is not None and second is not first
    qtbot.addWidget(second)
    assert second.isVisible()

    second.showMinimized()
    shell.bring_to_front()  # what a second start's "raise" request does
    assert not second.isMinimized()
