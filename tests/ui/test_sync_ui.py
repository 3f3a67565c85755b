"""Sync in the window (F5, status bar, offline, expired login), the login dialog against a real
server, and ``main.py --demo`` with its own demo server."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.config import ProfileConfig
from app.profile import Profile
from app.services.demo import DEMO_PASSWORD, DEMO_USER
from app.services.demo_docs import SEEDED
from app.services.login import REMEMBERED_KEY
from app.services.org import person_by_username
from app.services.workbench import get_meta
from app.sync.client import device_id, transport_for
from app.sync.transport import MemoryTokens, Transport
from tests.sync_harness import ROOT, Server, SyncClient, free_port, running_server
from ui.context import AppContext
from ui.login import LoginDialog
from ui.mainwindow import MainWindow
from ui.taskman import ImmediateTaskManager, TaskManager, install_taskman


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("srv")) as srv:
        yield srv


@pytest.fixture
def client(server: Server, tmp_path: Path) -> Iterator[SyncClient]:
    c = SyncClient(tmp_path / "client", server.url, DEMO_USER)
    c.login()
    yield c
    c.close()


def _context(profile: Profile, taskman: TaskManager, tokens: Any) -> AppContext:
    with profile.store()() as session:
        user = person_by_username(session, username=DEMO_USER)
    assert user is not None
    return AppContext(profile, user, taskman, tokens)


@pytest.fixture
def immediate(qapp: Any, client: SyncClient) -> Iterator[TaskManager]:
    tm = ImmediateTaskManager(client.sessions)
    install_taskman(tm)
    yield tm
    install_taskman(None)
    tm.shutdown()


@pytest.fixture
def window(qtbot: QtBot, client: SyncClient, immediate: TaskManager) -> MainWindow:
    win = MainWindow(_context(client.profile, immediate, client.transport.tokens))
    qtbot.addWidget(win)
    win.show()
    return win


def _quick(ctx: AppContext) -> None:
    """One attempt, no back-off: an offline test should not wait for every retry."""
    make = ctx.transport

    def transport() -> Transport:
        t = make()
        t.attempts, t.backoff_base = 1, 0.0
        return t

    ctx.transport = transport  # type: ignore[method-assign]


def test_f5_syncs_and_the_status_bar_shows_progress_and_the_result(
    qtbot: QtBot, window: MainWindow, client: SyncClient
) -> None:
    from app.services.notices import create_notice

    client.do(create_notice, person_id=client.person_id, title="关于元旦值班安排的通知")
    status = window.status
    status.refresh_sync_status()
    assert status.pending.text() == "待同步：1"
    seen: list[str] = []
    window.sync.progress.connect(lambda *_: seen.append(status.activity.text()))
    with qtbot.waitSignal(window.sync.finished, timeout=20_000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert seen and re.match(r"同步中… \d+ 条 · \d+ (B|KB)", seen[-1]), seen
    assert status.activity.text().startswith("同步完成：上传 1 条")
    assert status.pending.text() == "待同步：0"
    assert "从未同步" not in status.last_sync.text()
    assert "在线" in status.connection.text()
    assert window.sync_action.isEnabled() and status.sync_button.isEnabled()


def test_only_one_sync_runs_at_a_time_and_the_window_stays_responsive(
    qtbot: QtBot, client: SyncClient
) -> None:
    taskman = TaskManager(client.sessions)  # the real one: threads, queued callbacks
    install_taskman(taskman)
    try:
        win = MainWindow(_context(client.profile, taskman, client.transport.tokens))
        qtbot.addWidget(win)
        with qtbot.waitSignal(win.sync.finished, timeout=30_000):
            assert win.sync.sync_now() is True
            assert win.sync.sync_now() is False  # already running: this press is served
            assert not win.sync_action.isEnabled()
            win.show_section("contacts")  # the GUI thread is free meanwhile
        assert win.sync.running is False
    finally:
        install_taskman(None)
        taskman.shutdown()


def test_offline_is_shown_quietly_in_the_status_bar(
    qtbot: QtBot, window: MainWindow, client: SyncClient
) -> None:
    client.profile.config.server_url = f"http://127.0.0.1:{free_port()}"
    _quick(window.ctx)
    with qtbot.waitSignal(window.sync.failed, timeout=20_000):
        window.sync.sync_now()
    status = window.status
    assert "离线" in status.connection.text()
    assert status.activity.text().startswith("离线")
    assert not status.relogin_button.isVisible()
    assert window.sync_action.isEnabled()  # try again whenever the network is back


def test_an_expired_login_offers_to_log_in_again_without_closing_the_window(
    qtbot: QtBot, window: MainWindow, client: SyncClient
) -> None:
    # The server no longer knows these tokens (as after a revoked device or a password reset).
    tokens = window.ctx.tokens
    assert isinstance(tokens, MemoryTokens)
    tokens.store("expired", "expired")
    with qtbot.waitSignal(window.sync.failed, timeout=20_000):
        window.sync.sync_now()
    status = window.status
    assert "登录已失效" in status.connection.text()
    assert status.relogin_button.isVisible()

    status.relogin_button.click()
    dialog = window._tool_windows["login"]
    assert isinstance(dialog, LoginDialog) and dialog.isVisible()
    assert dialog.server.text() == client.server_url
    dialog.password.setText(DEMO_PASSWORD)
    with qtbot.waitSignal(window.sync.finished, timeout=30_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not status.relogin_button.isVisible()
    assert "在线" in status.connection.text()
    assert window.isVisible()


# --- the login dialog ----------------------------------------------------------------------------


@pytest.fixture
def fresh(qapp: Any, tmp_path: Path) -> Iterator[tuple[Profile, TaskManager]]:
    profile = Profile.open(tmp_path / "fresh")
    tm = ImmediateTaskManager(profile.store())
    install_taskman(tm)
    yield profile, tm
    install_taskman(None)
    tm.shutdown()
    profile.close()


def test_first_login_goes_to_the_server_and_brings_the_address_book(
    qtbot: QtBot, server: Server, fresh: tuple[Profile, TaskManager]
) -> None:
    profile, _tm = fresh
    tokens = MemoryTokens(device_id(profile.store()))
    dialog = LoginDialog(profile, tokens=tokens)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.server.setText(server.url)
    qtbot.keyClicks(dialog.username, "liuf")
    qtbot.keyClicks(dialog.password, DEMO_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert dialog.user is not None and dialog.user.name == "刘芳"
    assert not dialog.offline
    assert ProfileConfig.load(profile.folder).server_url == server.url
    with profile.store()() as session:
        assert get_meta(session, REMEMBERED_KEY) == "liuf"
    assert tokens.access()  # the session can sync from here on


def test_a_wrong_password_is_said_in_the_dialog(
    qtbot: QtBot, server: Server, fresh: tuple[Profile, TaskManager]
) -> None:
    profile, _tm = fresh
    dialog = LoginDialog(profile, tokens=MemoryTokens(device_id(profile.store())))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.server.setText(server.url)
    dialog.username.setText("liuf")
    dialog.password.setText("wrong-password")
    dialog.submit()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.isVisible() and dialog.error.text()
    assert dialog.password.text() == "" and dialog.login_button.isEnabled()


def test_an_unreachable_server_falls_back_to_the_offline_login(
    qtbot: QtBot, ctx: AppContext
) -> None:
    profile = ctx.profile
    profile.config.server_url = f"http://127.0.0.1:{free_port()}"
    profile.config.username = DEMO_USER
    dialog = LoginDialog(profile)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.focusWidget() is dialog.password  # user name remembered: type the password
    qtbot.keyClicks(dialog.password, DEMO_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert dialog.offline and dialog.user is not None and dialog.user.username == DEMO_USER


def test_unreachable_and_never_logged_in_here_says_both(
    qtbot: QtBot, fresh: tuple[Profile, TaskManager]
) -> None:
    profile, _tm = fresh
    dialog = LoginDialog(profile)
    qtbot.addWidget(dialog)
    dialog.server.setText(f"http://127.0.0.1:{free_port()}")
    dialog.username.setText("liuf")
    dialog.password.setText(DEMO_PASSWORD)
    dialog.submit()
    assert dialog.result() != QDialog.DialogCode.Accepted
    error = dialog.error.text()
    assert "无法连接服务器" in error and "首次登录需要连接服务器" in error


# --- make run ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_demo_starts_its_server_logs_in_and_stops_the_server_on_quit(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ZT_EXIT_AFTER_PAINT="1")
    folder = tmp_path / "client"
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(folder), "--demo"],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"^first_paint_s=", done.stdout, re.MULTILINE), done.stdout
    assert (tmp_path / ".demo-server" / "server.log").is_file()
    # Its first start walked the demo 公文 through it (app.services.demo_docs).
    assert (tmp_path / ".demo-server" / "demo-clients" / SEEDED).is_file()
    config = ProfileConfig.load(folder)
    assert config.server_url.startswith("http://127.0.0.1:") and config.username == DEMO_USER
    # Quitting stopped the server: nothing listens on its port any more.
    port = int(config.server_url.rsplit(":", 1)[1])
    with socket.socket() as s, pytest.raises(OSError):
        s.connect(("127.0.0.1", port))
    # The client is logged in on the server (a real login, not a local seed).
    profile = Profile.open(folder, exclusive=False)
    try:
        with profile.store()() as session:
            assert get_meta(session, REMEMBERED_KEY) == DEMO_USER
            assert person_by_username(session, username="wul") is not None
        assert transport_for(profile, MemoryTokens("x")).base_url == config.server_url
    finally:
        profile.close()
