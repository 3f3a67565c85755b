"""Start the desktop client: application, profile, login, main window.

Start-up is measured (process start → first paint of the main window, target ≤ 1 s), so only Qt
and what the first window needs are imported here; the rest loads lazily. The database is never
queried on the GUI thread: seeding and the remembered-login lookup run as operations on the worker.

``ZT_EXIT_AFTER_PAINT=1`` prints ``first_paint_s=<seconds>`` after the main window's first paint
and quits. The seconds count from the *process* start, read from ``/proc/self/stat`` on Linux (the
interpreter's own start-up is part of what a user waits for); a launcher may pass ``ZT_T0`` (a
``time.time()`` epoch) instead, which wins. Elsewhere the clock starts when this module loads.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QDir,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTimer,
    QTranslator,
    Slot,
)
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QSystemTrayIcon, QWidget

if TYPE_CHECKING:
    from app.demo_server import DemoServer
    from app.profile import Profile
    from app.services.org import PersonRow
    from app.sync.transport import Tokens
    from ui.login import LoginDialog
    from ui.mainwindow import MainWindow
    from ui.taskman import TaskManager

log = logging.getLogger(__name__)
_MODULE_T0 = time.perf_counter()
EXIT_AFTER_PAINT_ENV = "ZT_EXIT_AFTER_PAINT"
T0_ENV = "ZT_T0"


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller unpacks data files here
    base = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return base / "resources"


def seconds_since_process_start() -> float:
    if raw := os.environ.get(T0_ENV):
        return time.time() - float(raw)
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            stat = fh.read()
        # Field 22 (starttime, clock ticks since boot); the command name before it may hold spaces.
        ticks = int(stat[stat.rindex(")") + 2 :].split()[19])
        return time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, AttributeError, IndexError):
        return time.perf_counter() - _MODULE_T0


def exit_after_paint() -> bool:
    return os.environ.get(EXIT_AFTER_PAINT_ENV, "") not in ("", "0")


def interactive() -> bool:
    """False for benchmarks and headless runs, where a modal box would wait forever."""
    return not exit_after_paint() and os.environ.get("QT_QPA_PLATFORM") not in (
        "offscreen",
        "minimal",
    )


def report_error(message: str) -> None:
    if interactive():
        QMessageBox.critical(None, QCoreApplication.translate("Application", "政通办公"), message)
    else:
        sys.stderr.write(message + "\n")


def add_search_paths() -> None:
    """Let ``QIcon("icons:name.svg")`` find resources/icons (also used by the tests)."""
    icons = str(resources_dir() / "icons")
    if icons not in QDir.searchPaths("icons"):
        QDir.addSearchPath("icons", icons)


def setup_resources(app: QApplication) -> None:
    """Icon search path, application icon and stylesheet."""
    from ui.sections import icon

    add_search_paths()
    app.setWindowIcon(icon("zhengtong"))
    qss = resources_dir() / "style.qss"
    if qss.is_file():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))


def install_translator(app: QApplication, language: str) -> None:
    """Chinese is the source language; English loads our .qm. Qt's own dialogs follow suit."""
    if language == "en":
        ours = QTranslator(app)
        if ours.load(str(resources_dir() / "translations" / "zhengtong_en.qm")):
            app.installTranslator(ours)
        return
    qt = QTranslator(app)
    # Qt's standard buttons and context menus would otherwise stay English in a Chinese UI.
    if qt.load(
        QLocale(language),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(qt)


def choose_profile_dir(args: argparse.Namespace) -> Path:
    from app.profile import last_profile, profiles_root  # platformdirs is lazy

    if args.profile is not None:
        return Path(args.profile)
    return last_profile() or profiles_root() / "default"


def demo_server_dir(profile: Profile) -> Path:
    """``make run`` keeps the demo server's data next to the demo profile (.demo-server/)."""
    return profile.folder.resolve().parent / ".demo-server"


def _demo_login(profile: Profile, server: DemoServer) -> Tokens | None:
    """Network thread: start the demo server and log in as the demo user (org synced)."""
    from app.demo_server import keyring_usable
    from app.services.demo import DEMO_PASSWORD, DEMO_USER
    from app.sync.client import device_id, login
    from app.sync.transport import MemoryTokens

    url = server.start()
    _demo_documents(server, url, seal=keyring_usable())
    tokens: Tokens | None = None
    if not keyring_usable():
        log.warning(
            "系统密钥环不可用：本次演示会话的登录令牌只保存在内存中，退出后需重新登录"
            " (no keyring backend: demo tokens are kept in memory only)"
        )
        tokens = MemoryTokens(device_id(profile.store()))
    login(profile, server_url=url, username=DEMO_USER, password=DEMO_PASSWORD, tokens=tokens)
    return tokens


def _demo_documents(server: DemoServer, url: str, *, seal: bool) -> None:
    """First start of a demo server: walk the demo 公文 through it. The demo still opens, with
    empty lists, if that fails."""
    from app.services.demo_docs import seed_demo_documents

    try:
        seed_demo_documents(server.data_dir / "demo-clients", url, seal=seal)
    except Exception:
        log.exception("演示公文未能生成 (demo documents could not be seeded)")


class FirstPaintProbe(QObject):
    """Prints the first-paint line once ``window`` has painted, then closes it."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._seen:
            self._seen = True
            # Report after the whole frame (children too) has been painted and flushed.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"first_paint_s={seconds_since_process_start():.3f}", flush=True)  # noqa: T201
        self._window.close()


class Shell(QObject):
    """Drives start-up, login, logout and quit on the GUI thread."""

    def __init__(
        self, app: QApplication, profile: Profile, taskman: TaskManager, *, demo: bool
    ) -> None:
        super().__init__(app)
        self.app = app
        self.profile = profile
        self.taskman = taskman
        self.demo = demo
        self.window: MainWindow | None = None
        self.dialog: LoginDialog | None = None
        self.tray: QSystemTrayIcon | None = None
        self._switching = False
        # None: tokens in the OS keyring; a demo session without one keeps them in memory.
        self.tokens: Tokens | None = None
        self.demo_server: DemoServer | None = None

    def start(self) -> None:
        from functools import partial

        from app.demo_server import DemoServer
        from ui.operations import NetOp

        if self.demo:
            # Off the GUI thread: the GUI stays live and a progress dialog appears after 600 ms.
            server = self.demo_server = DemoServer(demo_server_dir(self.profile))
            NetOp(None, partial(_demo_login, self.profile, server)).with_progress(
                QCoreApplication.translate("Application", "正在启动演示服务器并登录…")
            ).success(self._demo_ready).failure(self._fatal).run()
        else:
            self._find_user()

    def _demo_ready(self, tokens: Tokens | None) -> None:
        self.tokens = tokens
        self._find_user()

    def stop_demo_server(self) -> None:
        server, self.demo_server = self.demo_server, None
        if server is not None:
            server.stop()

    def _find_user(self) -> None:
        from app.services.login import remembered_user
        from ui.operations import DbOp

        DbOp(None, remembered_user).success(self._have_user).failure(self._fatal).run()

    def _have_user(self, user: PersonRow | None) -> None:
        if user is not None:
            self._open(user)
        elif exit_after_paint():
            self._fatal(
                RuntimeError(
                    QCoreApplication.translate(
                        "Application", "需要登录：首次绘制计时只适用于已记住登录的配置文件"
                    )
                )
            )
        else:
            self._ask_login()

    def _ask_login(self) -> None:
        from ui.login import LoginDialog

        dialog = LoginDialog(self.profile, tokens=self.tokens)
        # A bound slot, not a lambda holding the dialog: PySide would delete it twice later.
        dialog.finished.connect(self._login_done)
        self.dialog = dialog
        dialog.show()

    @Slot(int)
    def _login_done(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted and dialog.user is not None:
            self._open(dialog.user)
        else:
            self.app.exit(0)

    def _open(self, user: PersonRow) -> None:
        from ui.context import AppContext
        from ui.mainwindow import MainWindow
        from ui.tray import install_tray

        window = MainWindow(AppContext(self.profile, user, self.taskman, self.tokens))
        window.logout_requested.connect(self._logout)
        window.closed.connect(self._window_closed)
        if exit_after_paint():
            window.installEventFilter(FirstPaintProbe(window))
        self.window = window
        self.tray = install_tray(window)
        window.show()

    def _logout(self) -> None:
        window, self.window = self.window, None
        if window is None:
            return
        self._switching = True
        try:
            window.close()
        finally:
            self._switching = False
        if self.tray is not None:
            self.tray.hide()
        window.deleteLater()
        self._ask_login()

    def _window_closed(self) -> None:
        if not self._switching:
            self.app.quit()

    def _fatal(self, exc: BaseException) -> None:
        report_error(str(exc))
        self.app.exit(1)

    def bring_to_front(self) -> None:
        from ui.tray import bring_to_front

        front: QWidget | None = self.window or self.dialog
        if front is not None:
            bring_to_front(front)


def run_gui(args: argparse.Namespace) -> int:
    from app.errors import ProfileLockedError, UserError
    from app.profile import Profile, remember_last_profile
    from ui.single_instance import InstanceServer, notify_running
    from ui.taskman import TaskManager, install_taskman

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ZhengTong")
    app.setOrganizationName("ZhengTong")
    app.setOrganizationDomain("zhengtong.gov.cn")
    # The shell decides when to quit: windows come and go during login and logout.
    app.setQuitOnLastWindowClosed(False)
    setup_resources(app)

    folder = choose_profile_dir(args)
    try:
        profile = Profile.open(folder, exclusive=True)
    except UserError as exc:
        if isinstance(exc, ProfileLockedError) and notify_running(folder):
            return 0
        report_error(str(exc))
        return 1
    install_translator(app, profile.config.language)
    # No applicationDisplayName: X11 and Windows append it to every native title that does not
    # already end with it, so the main window would read "政通办公 — 张华生 · … — 政通办公".
    # Every window sets a title naming the product itself.

    server: InstanceServer | None = None
    taskman: TaskManager | None = None
    shell: Shell | None = None
    try:
        # Opening the store reads the schema version (a few ms); a due migration runs here,
        # before any window exists, because nothing may touch the database during it.
        sessions = profile.store()
        remember_last_profile(profile.folder)
        taskman = TaskManager(sessions)
        install_taskman(taskman)
        shell = Shell(app, profile, taskman, demo=bool(getattr(args, "demo", False)))
        server = InstanceServer(profile.folder, shell)
        server.raise_requested.connect(shell.bring_to_front)
        server.listen()
        QTimer.singleShot(0, shell.start)
        return app.exec()
    except UserError as exc:
        report_error(str(exc))
        return 1
    finally:
        if server is not None:
            server.close()
        if shell is not None:
            shell.stop_demo_server()  # quitting the demo stops its server
        if taskman is not None:
            taskman.shutdown()
            install_taskman(None)
        profile.close()
