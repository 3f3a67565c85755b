"""The main window's status bar: connection, sync activity and button, last sync, pending count,
a badge for 同步冲突/被拒绝 that opens their view, and the client upgrade the server announces
(a link to the download). Nothing here is modal."""

from __future__ import annotations

import html
from datetime import datetime
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QStatusBar, QToolButton, QWidget

from app.changes import Changes
from app.cli import format_date
from app.config import ProfileConfig
from app.services.sync_review import ReviewCounts, review_counts
from app.services.workbench import SyncStatus, sync_status
from app.sync.transport import AuthError, OfflineError, RefusedError
from app.versions import Announcement, Need, UpgradeStatus, client_version, stored, upgrade_status
from ui.context import AppContext
from ui.operations import DbOp, NetOp
from ui.sections import icon

if TYPE_CHECKING:
    from app.sync.engine import SyncSummary

PROBE_INTERVAL_MS = 60_000
PROBE_TIMEOUT_S = 3.0
ONLINE_COLOUR = "#2E9D4E"
OFFLINE_COLOUR = "#9AA0A6"
ERROR_COLOUR = "#C8102E"
LINK_COLOUR = "#1D4E89"
RESULT_SHOWN_MS = 15_000
_BADGE_STYLE = (
    "QToolButton#reviewBadge { color: #FFFFFF; background: #C8102E; border-radius: 9px;"
    " padding: 1px 8px; font-weight: 600; }"
)


def probe_server(config: ProfileConfig) -> None:
    """GET <server>/healthz; raises when the server cannot be reached (network thread)."""
    import requests  # kept off the start-up path; only needed once a server is set

    proxies = {"http": config.proxy, "https": config.proxy} if config.proxy else None
    reply = requests.get(
        config.server_url.rstrip("/") + "/healthz",
        timeout=PROBE_TIMEOUT_S,
        proxies=proxies,
        verify=config.ca_bundle or True,
    )
    reply.raise_for_status()


def format_bytes(count: int) -> str:
    if count < 1024:
        return f"{max(count, 0)} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count / 1024 / 1024:.1f} MB"


def format_last_sync(moment: datetime | None) -> str:
    """Local time as 2026年11月21日 09:30; empty for never (the caller words that)."""
    if moment is None:
        return ""
    local = moment.astimezone()
    return format_date(local.date()) + local.strftime(" %H:%M")


class AppStatusBar(QStatusBar):
    """Refreshes itself from the database when outbox or sync state change (GUI thread)."""

    sync_requested = Signal()
    review_requested = Signal()  # the 冲突 badge was clicked
    relogin_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.online: bool | None = None
        self.auth_lost = False
        self.activity = QLabel(self)
        self.activity.setObjectName("syncActivity")
        self.activity.setContentsMargins(8, 0, 8, 0)
        self.addWidget(self.activity, 1)
        self._clear_activity = QTimer(self)
        self._clear_activity.setSingleShot(True)
        self._clear_activity.timeout.connect(self.activity.clear)

        self.upgrade = self._upgrade_label()
        self.upgrade_status = UpgradeStatus(Need.NONE, client_version())

        self.review_badge = QToolButton(self)
        self.review_badge.setObjectName("reviewBadge")
        self.review_badge.setStyleSheet(_BADGE_STYLE)
        self.review_badge.setCursor(Qt.CursorShape.PointingHandCursor)
        self.review_badge.setToolTip(self.tr("查看同步冲突与被拒绝的更改"))
        self.review_badge.clicked.connect(self.review_requested)
        self.review_badge.hide()
        self.relogin_button = QToolButton(self)
        self.relogin_button.setObjectName("reloginButton")
        self.relogin_button.setText(self.tr("重新登录"))
        self.relogin_button.setAutoRaise(True)
        self.relogin_button.clicked.connect(self.relogin_requested)
        self.relogin_button.hide()
        self.connection = QLabel(self)
        self.connection.setObjectName("connectionLabel")
        self.last_sync = QLabel(self)
        self.pending = QLabel(self)
        self.sync_button = QToolButton(self)
        self.sync_button.setObjectName("statusSyncButton")
        self.sync_button.setIcon(icon("sync"))
        self.sync_button.setText(self.tr("同步"))
        self.sync_button.setToolTip(self.tr("立即同步 (F5)"))
        self.sync_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.sync_button.setAutoRaise(True)
        self.sync_button.clicked.connect(self.sync_requested)
        self.addPermanentWidget(self.upgrade)
        self.addPermanentWidget(self.review_badge)
        self.addPermanentWidget(self.relogin_button)
        for label in (self.connection, self.last_sync, self.pending):
            label.setContentsMargins(8, 0, 8, 0)
            self.addPermanentWidget(label)
        self.addPermanentWidget(self.sync_button)
        self._set_online(False)
        self.update_sync_button()

        self._probe_timer = QTimer(self)
        self._probe_timer.setInterval(PROBE_INTERVAL_MS)
        self._probe_timer.timeout.connect(self.probe)
        ctx.taskman.changes_applied.connect(self._on_changes)

    def start(self) -> None:
        """Query the database and the server; call once the window is up."""
        self.refresh_sync_status()
        self.probe()
        self._probe_timer.start()

    def refresh_sync_status(self) -> None:
        DbOp(self, sync_status).success(self._show_sync_status).run()
        DbOp(self, review_counts).success(self._show_review_counts).run()
        DbOp(self, stored).success(self._show_upgrade).run()

    def update_sync_button(self) -> None:
        has_server = bool(self.ctx.profile.config.server_url.strip())
        self.sync_button.setEnabled(has_server)
        self.sync_button.setToolTip(
            self.tr("立即同步 (F5)") if has_server else self.tr("尚未配置服务器")
        )

    @Slot()
    def probe(self) -> None:
        config = self.ctx.profile.config
        if not config.server_url.strip():
            self._set_online(False, self.tr("尚未配置服务器"))
            return
        NetOp(self, lambda: probe_server(config)).success(lambda _: self._probe_done(True)).failure(
            lambda exc: self._probe_done(False, str(exc))
        ).run()

    def _probe_done(self, ok: bool, reason: str = "") -> None:
        # The reply can arrive after the window closed; its C++ side is gone by then.
        if shiboken6.isValid(self):
            url = self.ctx.profile.config.server_url
            self._set_online(ok, url if ok else self.tr("无法连接服务器：") + reason)

    def _set_online(self, online: bool, tooltip: str = "") -> None:
        self.online = online
        if self.auth_lost:
            text, colour = self.tr("登录已失效"), ERROR_COLOUR
        else:
            colour = ONLINE_COLOUR if online else OFFLINE_COLOUR
            text = self.tr("在线") if online else self.tr("离线")
        self.connection.setText(f'<span style="color:{colour}">●</span> {text}')
        self.connection.setToolTip(tooltip)

    def _show_sync_status(self, status: SyncStatus) -> None:
        if not shiboken6.isValid(self):
            return
        when = format_last_sync(status.last_sync) or self.tr("从未同步")
        self.last_sync.setText(self.tr("上次同步：") + when)
        self.pending.setText(self.tr("待同步：") + str(status.pending_changes))

    def _show_review_counts(self, counts: ReviewCounts) -> None:
        if not shiboken6.isValid(self):
            return
        self.review_badge.setVisible(counts.total > 0)
        self.review_badge.setText(self.tr("冲突 {count}").format(count=counts.total))
        self.review_badge.setToolTip(
            self.tr("{conflicts} 处冲突，{rejected} 条被拒绝的更改：点击查看").format(
                conflicts=counts.conflicts, rejected=counts.rejected
            )
        )

    def _upgrade_label(self) -> QLabel:
        """有新版本 / 需升级后才能同步: a link to the download address when the server gave one."""
        label = QLabel(self)
        label.setObjectName("upgradeLabel")
        label.setContentsMargins(8, 0, 8, 0)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.linkActivated.connect(self._open_download)
        label.hide()
        return label

    def _show_upgrade(self, announcement: Announcement | None) -> None:
        if not shiboken6.isValid(self):
            return
        status = self.upgrade_status = upgrade_status(client_version(), announcement)
        if status.need is Need.NONE:
            self.upgrade.hide()
            return
        if status.need is Need.REQUIRED:
            text, colour = self.tr("需升级后才能同步"), ERROR_COLOUR
            tip = self.tr(
                "当前版本 {current} 低于服务器要求的 {minimum}，请升级到 {version}"
            ).format(current=status.current, minimum=status.minimum, version=status.latest)
        else:
            text, colour = self.tr("有新版本 {version}").format(version=status.latest), LINK_COLOUR
            tip = self.tr("当前版本 {current}，可升级到 {version}").format(
                current=status.current, version=status.latest
            )
        text = html.escape(text)
        if status.url:
            link = html.escape(status.url, quote=True)
            text = f'<a href="{link}" style="color:{colour}; font-weight:600;">{text}</a>'
            tip += self.tr("（点击下载：{url}）").format(url=status.url)
        else:
            text = f'<span style="color:{colour}; font-weight:600;">{text}</span>'
        self.upgrade.setText(text)
        self.upgrade.setToolTip(tip)
        self.upgrade.show()

    @Slot(str)
    def _open_download(self, url: str) -> None:
        QDesktopServices.openUrl(QUrl(url))

    # -- sync activity (from SyncController) ------------------------------------------------

    def _say(self, text: str, colour: str = "", *, keep: bool = False) -> None:
        self.activity.setStyleSheet(f"color: {colour};" if colour else "")
        self.activity.setText(text)
        if keep:
            self._clear_activity.stop()
        else:
            self._clear_activity.start(RESULT_SHOWN_MS)

    @Slot()
    def sync_started(self) -> None:
        self.sync_button.setEnabled(False)
        self._say(self.tr("同步中…"), keep=True)

    @Slot(str, int, int)
    def sync_progress(self, _phase: str, records: int, size: int) -> None:
        self._say(
            self.tr("同步中… {records} 条 · {size}").format(
                records=records, size=format_bytes(size)
            ),
            keep=True,
        )

    @Slot(object)
    def sync_finished(self, summary: SyncSummary) -> None:
        self.update_sync_button()
        self.auth_lost = False
        self.relogin_button.hide()
        self._set_online(True, self.ctx.profile.config.server_url)
        self._say(summary.line() + f" · {format_bytes(summary.bytes_up + summary.bytes_down)}")

    @Slot(object, bool)
    def sync_failed(self, exc: BaseException, manual: bool) -> None:
        self.update_sync_button()
        if isinstance(exc, AuthError):
            self.auth_lost = True
            self.relogin_button.show()
            self._set_online(False, str(exc))
            self._say(
                self.tr("登录已失效：请重新登录，未同步的更改已保留"), ERROR_COLOUR, keep=True
            )
        elif isinstance(exc, OfflineError):
            self._set_online(False, str(exc))
            if manual:
                self._say(self.tr("离线：暂时无法同步，更改已保留在本机"), OFFLINE_COLOUR)
        elif isinstance(exc, RefusedError) and exc.status == 426:
            # Too old for this server: the message names the version to install and where; it
            # stays until a sync succeeds (nothing will, before the upgrade).
            self._say(str(exc), ERROR_COLOUR, keep=True)
            self.activity.setToolTip(str(exc))
        else:
            self._say(self.tr("同步失败：") + str(exc), ERROR_COLOUR)
            self.activity.setToolTip(str(exc))

    @Slot(object, object)
    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.outbox or changes.sync_state:
            self.refresh_sync_status()
        if changes.config:
            self.update_sync_button()
