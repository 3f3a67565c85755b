"""The main window: navigation on the left, one page per section, status bar at the bottom.

The window only hosts: every section is a page widget built from ``AppContext`` on first visit
(only 工作台 is built at start-up, to keep start-up fast). Pages talk to the database through
operations and refresh on ``taskman.changes_applied`` themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.changes import Changes
from app.domain.org import Role
from app.services.login import logout
from ui.context import AppContext
from ui.operations import DbOp
from ui.sections import SECTIONS, find_section, icon
from ui.statusbar import AppStatusBar
from ui.sync_controller import SyncController

if TYPE_CHECKING:
    from ui.meeting_reminder import MeetingReminder
    from ui.notice_popup import NoticeWatcher

SETTINGS_FILE = "ui.ini"
DEFAULT_SIZE = QSize(1280, 800)
NAV_WIDTH = 184
STARTUP_SYNC_DELAY_MS = 3_000  # after the first paint, so start-up stays fast
NOTICE_WATCH_DELAY_MS = 1_000  # after the first paint too, but before the first sync

PageFactory = Callable[[AppContext, QWidget], QWidget]


def _workbench(ctx: AppContext, parent: QWidget) -> QWidget:
    from ui.workbench import WorkbenchView  # pages load on first visit

    return WorkbenchView(ctx, parent)


def _addressbook(ctx: AppContext, parent: QWidget) -> QWidget:
    from ui.addressbook import AddressBookView  # pages load on first visit

    return AddressBookView(ctx, parent)


def _documents(direction: str) -> PageFactory:
    def build(ctx: AppContext, parent: QWidget) -> QWidget:
        from ui.documents import DocumentsView  # pages load on first visit

        return DocumentsView(ctx, direction, parent)

    return build


def _notices(ctx: AppContext, parent: QWidget) -> QWidget:
    from ui.notices import NoticesView  # pages load on first visit

    return NoticesView(ctx, parent)


def _meetings(ctx: AppContext, parent: QWidget) -> QWidget:
    from ui.meetings import MeetingsView  # pages load on first visit

    return MeetingsView(ctx, parent)


def _settings(ctx: AppContext, parent: QWidget) -> QWidget:
    from ui.settings import SettingsView  # pages load on first visit

    return SettingsView(ctx, parent)


PAGE_FACTORIES: dict[str, PageFactory] = {
    "workbench": _workbench,
    "incoming": _documents("in"),
    "outgoing": _documents("out"),
    "meetings": _meetings,
    "notices": _notices,
    "contacts": _addressbook,
    "settings": _settings,
}


class MainWindow(QMainWindow):
    """Navigate with ``show_section("contacts")`` (or the title, ``show_section("通讯录")``)."""

    section_changed = Signal(str)  # section key
    logout_requested = Signal()  # the remembered login is cleared; the application shows the login
    closed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("zhengtong"))
        user = ctx.user
        self.setWindowTitle(self.tr("政通办公") + f" — {user.name} · {user.unit_name}")
        self._settings = QSettings(
            str(ctx.profile.folder / SETTINGS_FILE), QSettings.Format.IniFormat
        )
        self._pages: dict[str, QWidget] = {}
        self._section_actions: dict[str, QAction] = {}

        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pageStack")
        self.nav = self._build_nav()
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._nav_panel(self.nav))
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.sync = SyncController(ctx, self)
        self._tool_windows: dict[str, QWidget] = {}
        self._build_actions()
        self.status = AppStatusBar(ctx, self)
        self.setStatusBar(self.status)
        self._connect_sync()

        self.resize(self.default_size())
        self._restore()
        ctx.taskman.changes_applied.connect(self._on_changes)
        self.status.start()
        # A child timer: it dies with the window (a single-shot lambda would outlive it).
        self._first_sync = QTimer(self)
        self._first_sync.setSingleShot(True)
        self._first_sync.timeout.connect(self.sync.timer.timeout)
        if self.sync.has_server():
            self._first_sync.start(STARTUP_SYNC_DELAY_MS)
        # New notices pop up; the watcher loads after the first paint (start-up stays fast)
        # and learns what is already unread before the first sync can bring anything new.
        self.notice_watcher: NoticeWatcher | None = None
        self._watch_start = QTimer(self)
        self._watch_start.setSingleShot(True)
        self._watch_start.timeout.connect(self.start_notice_watch)
        self.meeting_reminder: MeetingReminder | None = None
        self._watch_start.timeout.connect(self.start_meeting_reminder)
        self._watch_start.start(NOTICE_WATCH_DELAY_MS)

    # -- navigation -------------------------------------------------------------------------

    def show_section(self, name: str) -> QWidget:
        """Switch to the section ``name`` (key or Chinese title), building its page if needed."""
        section = find_section(name)
        page = self.page(section.key)
        self.stack.setCurrentWidget(page)
        index = SECTIONS.index(section)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)
        self._section_actions[section.key].setChecked(True)
        self.section_changed.emit(section.key)
        return page

    def current_section(self) -> str:
        return SECTIONS[self.nav.currentRow()].key

    def page(self, key: str) -> QWidget:
        """The page of section ``key``, built now if it was never shown."""
        if key not in self._pages:
            section = find_section(key)
            page = PAGE_FACTORIES[section.key](self.ctx, self.stack)
            page.setObjectName(f"page_{section.key}")
            # Pages ask for navigation (a 工作台 card opens 收文) by a signal; the window decides.
            requested = getattr(page, "section_requested", None)
            if requested is not None:
                requested.connect(self.show_section)
            self._pages[section.key] = page
            self.stack.addWidget(page)
        return self._pages[key]

    def built_pages(self) -> dict[str, QWidget]:
        return dict(self._pages)

    # -- construction -----------------------------------------------------------------------

    def _build_nav(self) -> QListWidget:
        nav = QListWidget(self)
        nav.setObjectName("navList")
        nav.setIconSize(QSize(20, 20))
        nav.setFrameShape(QFrame.Shape.NoFrame)
        nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for number, section in enumerate(SECTIONS, start=1):
            item = QListWidgetItem(icon(section.icon), section.title_tr())
            item.setToolTip(f"{section.title_tr()} (Ctrl+{number})")
            item.setSizeHint(QSize(NAV_WIDTH, 44))
            nav.addItem(item)
        nav.currentRowChanged.connect(self._on_nav_row)
        return nav

    def _nav_panel(self, nav: QListWidget) -> QWidget:
        panel = QWidget(self)
        panel.setObjectName("navPanel")
        panel.setFixedWidth(NAV_WIDTH)
        logo = QLabel(panel)
        logo.setPixmap(icon("zhengtong").pixmap(30, 30))
        name = QLabel(self.tr("政通办公"), panel)
        name.setObjectName("navProduct")
        brand = QHBoxLayout()
        brand.setContentsMargins(18, 18, 12, 14)
        brand.setSpacing(10)
        brand.addWidget(logo)
        brand.addWidget(name, 1)

        user = self.ctx.user
        who = QLabel(f"{user.name}　{user.title or ''}".strip(), panel)
        who.setObjectName("navUser")
        unit = QLabel(user.unit_name, panel)
        unit.setObjectName("navUnit")
        unit.setWordWrap(True)
        footer = QVBoxLayout()
        footer.setContentsMargins(18, 8, 12, 16)
        footer.setSpacing(2)
        footer.addWidget(who)
        footer.addWidget(unit)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(brand)
        layout.addWidget(nav, 1)
        layout.addLayout(footer)
        return panel

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("文件(&F)"))
        self.logout_action = file_menu.addAction(icon("logout"), self.tr("注销"))
        self.logout_action.triggered.connect(self._logout)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(self.tr("退出"))
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)

        view_menu = menu.addMenu(self.tr("视图(&V)"))
        group = QActionGroup(self)
        for number, section in enumerate(SECTIONS, start=1):
            action = view_menu.addAction(icon(section.icon), section.title_tr())
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, key=section.key: self.show_section(key))
            group.addAction(action)
            self._section_actions[section.key] = action

        sync_menu = menu.addMenu(self.tr("同步(&S)"))
        self.review_action = sync_menu.addAction(self.tr("同步冲突与被拒绝的更改…"))
        self.review_action.triggered.connect(self.show_review)
        if Role.SYSADMIN in self.ctx.user.roles:
            self.admin_action = sync_menu.addAction(icon("settings"), self.tr("系统管理…"))
            self.admin_action.triggered.connect(self.show_admin)

        help_menu = menu.addMenu(self.tr("帮助(&H)"))
        help_menu.addAction(icon("zhengtong"), self.tr("关于政通办公"), self._about)

        toolbar = QToolBar(self.tr("工具栏"), self)
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(18, 18))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.sync_action = toolbar.addAction(icon("sync"), self.tr("同步"))
        self.sync_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.sync_action.triggered.connect(self._sync)
        sync_menu.insertAction(self.review_action, self.sync_action)
        sync_menu.insertSeparator(self.review_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.update_sync_action()

    def _connect_sync(self) -> None:
        sync, status = self.sync, self.status
        sync.started.connect(status.sync_started)
        sync.started.connect(self.update_sync_action)
        sync.progress.connect(status.sync_progress)
        sync.finished.connect(status.sync_finished)
        sync.finished.connect(self.update_sync_action)
        sync.failed.connect(status.sync_failed)
        sync.failed.connect(self.update_sync_action)
        status.sync_requested.connect(self._sync)
        status.review_requested.connect(self.show_review)
        status.relogin_requested.connect(self.relogin)

    def update_sync_action(self) -> None:
        """Sync needs a server; say why the button is off instead of failing when pressed."""
        has_server = bool(self.ctx.profile.config.server_url.strip())
        self.sync_action.setEnabled(has_server and not self.sync.running)
        self.sync_action.setToolTip(
            self.tr("立即同步 (F5)") if has_server else self.tr("尚未配置服务器")
        )

    # -- slots ------------------------------------------------------------------------------

    @Slot(int)
    def _on_nav_row(self, row: int) -> None:
        if 0 <= row < len(SECTIONS) and self.stack.currentWidget() is not self._pages.get(
            SECTIONS[row].key
        ):
            self.show_section(SECTIONS[row].key)

    @Slot(object, object)
    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.config:  # the server address may have been set or changed in 设置
            self.update_sync_action()
            self.status.update_sync_button()
            self.status.probe()

    @Slot()
    def _sync(self) -> None:
        self.sync.sync_now()

    def _tool_window(self, key: str, build: Callable[[], QWidget]) -> QWidget:
        """One non-modal window per kind: work in the main window goes on while it is open."""
        window = self._tool_windows.get(key)
        if window is None:
            window = build()
            self._tool_windows[key] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    @Slot()
    def start_notice_watch(self) -> NoticeWatcher:
        if self.notice_watcher is None:
            from ui.notice_popup import NoticeWatcher

            self.notice_watcher = NoticeWatcher(self.ctx, self)
            self.notice_watcher.open_requested.connect(self.open_notice)
        return self.notice_watcher

    @Slot()
    def start_meeting_reminder(self) -> MeetingReminder:
        """Pops up N minutes (设置 → 界面) before each of my meetings."""
        if self.meeting_reminder is None:
            from ui.meeting_reminder import MeetingReminder

            self.meeting_reminder = MeetingReminder(self.ctx, self)
            self.meeting_reminder.open_requested.connect(self.open_meeting)
            self.meeting_reminder.start()
        return self.meeting_reminder

    def open_meeting(self, meeting_id: str) -> QWidget:
        from ui.meetings import MeetingsView

        page = self.show_section("meetings")
        assert isinstance(page, MeetingsView)
        return page.open_meeting(meeting_id)

    @Slot(str)
    def open_notice(self, notice_id: str) -> QWidget:
        """The notice from its pop-up: the window comes to the front with the 通知 section."""
        from ui.notices import NoticesView
        from ui.tray import bring_to_front

        bring_to_front(self)
        page = self.show_section("notices")
        assert isinstance(page, NoticesView)
        return page.open_notice(notice_id)

    @Slot()
    def show_review(self) -> QWidget:
        """同步冲突与被拒绝的更改 (from the status bar badge or the 同步 menu)."""
        from ui.conflicts import ReviewDialog

        return self._tool_window("review", lambda: ReviewDialog(self.ctx, self))

    @Slot()
    def show_admin(self) -> QWidget:
        from ui.admin import AdminDialog

        def build() -> QWidget:
            dialog = AdminDialog(self.ctx, self)
            dialog.org_changed.connect(self.sync.sync_now)  # the address book follows by sync
            return dialog

        return self._tool_window("admin", build)

    @Slot()
    def relogin(self) -> None:
        """The server no longer accepts this login: sign in again without leaving the window."""
        from ui.login import LoginDialog

        def build() -> QWidget:
            dialog = LoginDialog(self.ctx.profile, self, tokens=self.ctx.tokens, online_only=True)
            dialog.accepted.connect(self._relogged_in)
            return dialog

        self._tool_window("login", build)

    @Slot()
    def _relogged_in(self) -> None:
        self.status.auth_lost = False
        self.status.relogin_button.hide()
        self.sync.sync_now()

    @Slot()
    def _logout(self) -> None:
        DbOp(self, logout).success(lambda _: self.logout_requested.emit()).run()

    @Slot()
    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("关于政通办公"),
            self.tr("<h3>政通办公 {version}</h3>").format(version=__version__)
            + self.tr("<p>面向政府机关的离线优先办公客户端：公文流转、会议管理、通知发送。</p>"),
        )

    # -- persistence ------------------------------------------------------------------------

    def default_size(self) -> QSize:
        """1280×800, or less on a small screen (1366×768 laptops are common in offices)."""
        screen = self.screen()
        if screen is None:
            return QSize(DEFAULT_SIZE)
        available = screen.availableGeometry().size()
        return DEFAULT_SIZE.boundedTo(
            QSize(available.width() * 95 // 100, available.height() * 95 // 100)
        )

    def _restore(self) -> None:
        geometry = self._settings.value("mainwindow/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self._settings.value("mainwindow/state")
        if state is not None:
            self.restoreState(state)
        last = str(self._settings.value("mainwindow/section", "workbench"))
        try:
            find_section(last)
        except KeyError:
            last = "workbench"
        # Only the page shown is built: the last one used, 工作台 the first time.
        self.show_section(last)

    def save_state(self) -> None:
        self._settings.setValue("mainwindow/geometry", self.saveGeometry())
        self._settings.setValue("mainwindow/state", self.saveState())
        self._settings.setValue("mainwindow/section", self.current_section())
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._first_sync.stop()
        self._watch_start.stop()
        if self.notice_watcher is not None:
            self.notice_watcher.popup.hide()
        if self.meeting_reminder is not None:
            self.meeting_reminder.stop()
        self.sync.timer.stop()
        self.save_state()
        super().closeEvent(event)
        self.closed.emit()
