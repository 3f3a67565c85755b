"""Client upgrades in the window: the status bar's 有新版本 link and red 需升级后才能同步, the
426 message of a refused sync, 设置 → 关于 with the versions, and a login refused for the
version falling back to the local data (ui/statusbar.py, ui/settings_pages.py, ui/login.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import app
from app.changes import Changes
from app.db.engine import transaction
from app.profile import Profile
from app.services.demo import DEMO_PASSWORD, DEMO_USER
from app.sync.transport import RefusedError
from app.versions import UpgradeRequired, remember
from ui import login as login_ui
from ui.app import add_search_paths
from ui.context import AppContext
from ui.login import LoginDialog
from ui.mainwindow import MainWindow
from ui.settings import SettingsView

URL = "https://oa.tashan.gov.cn/download/zhengtong-0.3.0.exe"
SHOTS = os.environ.get("ZT_SHOTS")  # a folder: save screenshots there to look at


@pytest.fixture(autouse=True)
def _setup(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    add_search_paths()
    monkeypatch.setattr(app, "__version__", "0.2.0")
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    return opened


def _announce(ctx: AppContext, latest: str | None, minimum: str | None, url: str | None) -> None:
    with transaction(ctx.profile.store()) as session:
        remember(session, {"latest": latest, "url": url, "min": minimum})


def _shot(widget: object, name: str) -> None:
    QApplication.processEvents()  # let layouts settle after the last change
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / name))  # type: ignore[attr-defined]


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_no_announcement_no_label(window: MainWindow) -> None:
    assert window.status.upgrade.isHidden()


def test_a_newer_version_shows_a_link_that_opens_the_download(
    ctx: AppContext, window: MainWindow, _setup: list[str]
) -> None:
    _announce(ctx, "0.3.0", None, URL)
    window.status.refresh_sync_status()
    label = window.status.upgrade
    assert label.isVisible()
    assert "有新版本 0.3.0" in label.text() and f'href="{URL}"' in label.text()
    assert "0.2.0" in label.toolTip()
    _shot(window.statusBar(), "statusbar-new-version.png")
    label.linkActivated.emit(URL)
    assert _setup == [URL]


def test_below_the_minimum_the_label_says_so_in_red(
    ctx: AppContext, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _announce(ctx, "0.3.0", "0.2.5", URL)
    # A failed sync broadcasts sync_state: the status bar reads the announcement it stored.
    ctx.taskman.broadcast(Changes(sync_state=True), None)
    label = window.status.upgrade
    assert label.isVisible() and "需升级后才能同步" in label.text()
    assert "#C8102E" in label.text()
    assert "0.2.5" in label.toolTip()
    message = f"当前版本 0.2.0 过旧，请升级到 0.2.5 或更高版本后再同步：{URL}"
    window.status.sync_failed(RefusedError(426, message, {}), False)
    assert window.status.activity.text() == message
    _shot(window.statusBar(), "statusbar-upgrade-required.png")
    # Upgraded (or the minimum lowered): the label goes at the next refresh.
    _announce(ctx, "0.3.0", "0.1.0", URL)
    monkeypatch.setattr(app, "__version__", "0.3.0")
    window.status.refresh_sync_status()
    assert window.status.upgrade.isHidden()


def test_about_page_shows_versions_and_the_download_link(
    ctx: AppContext, qtbot: QtBot, _setup: list[str]
) -> None:
    _announce(ctx, "0.3.0", "0.2.0", URL)
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.resize(1000, 640)
    view.show()
    view.show_page(view.about)
    qtbot.waitExposed(view)
    about = view.about
    assert about.version.text() == "0.2.0"
    assert about.latest.text() == "0.3.0"
    assert URL in about.download.text()
    assert about.minimum.isVisible() and about.minimum.text() == "0.2.0"
    assert about.upgrade_note.text() == "有新版本 0.3.0 可下载。"
    assert "Qt 6." in about.runtime.text() and "Python 3." in about.runtime.text()
    _shot(view, "settings-about.png")
    about.download.linkActivated.emit(URL)
    assert _setup == [URL]
    # A sync that brings no announcement (the server withdrew it) clears the page.
    _announce(ctx, None, None, None)
    ctx.taskman.broadcast(Changes(sync_state=True), None)
    assert about.latest.text() == "服务器尚未发布"
    assert not about.minimum.isVisible() and not about.upgrade_note.isVisible()
    assert "管理员" in about.download.text()


# -- login refused for the version -------------------------------------------------------------


def _login_dialog(
    qtbot: QtBot, demo_profile: Profile, monkeypatch: pytest.MonkeyPatch, password: str
) -> LoginDialog:
    message = f"当前版本 0.2.0 过旧，请升级到 0.2.5 或更高版本后再登录：{URL}"

    def refused(*_args: object) -> str:
        raise UpgradeRequired(message)

    monkeypatch.setattr(login_ui, "server_login", refused)
    dialog = LoginDialog(demo_profile)
    qtbot.addWidget(dialog)
    dialog.server.setText("https://oa.tashan.gov.cn")
    dialog.username.setText(DEMO_USER)
    dialog.password.setText(password)
    return dialog


def test_a_login_refused_for_the_version_goes_offline_with_the_local_data(
    qtbot: QtBot, demo_profile: Profile, taskman: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _login_dialog(qtbot, demo_profile, monkeypatch, DEMO_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.submit()
    assert dialog.offline and dialog.user is not None and dialog.user.username == DEMO_USER


def test_a_failed_offline_fallback_still_says_to_upgrade(
    qtbot: QtBot, demo_profile: Profile, taskman: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _login_dialog(qtbot, demo_profile, monkeypatch, "wrong-password")
    dialog.submit()
    assert dialog.user is None
    assert dialog.error.text().startswith("当前版本 0.2.0 过旧，请升级到 0.2.5")
    assert "离线登录也未成功：用户名或密码不正确" in dialog.error.text()
