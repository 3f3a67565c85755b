"""The main window's status bar: connection, last sync, changes waiting to be synced."""

from __future__ import annotations

from datetime import datetime

import shiboken6
from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.changes import Changes
from app.cli import format_date
from app.config import ProfileConfig
from app.services.workbench import SyncStatus, sync_status
from ui.context import AppContext
from ui.operations import DbOp, NetOp

PROBE_INTERVAL_MS = 60_000
PROBE_TIMEOUT_S = 3.0
ONLINE_COLOUR = "#2E9D4E"
OFFLINE_COLOUR = "#9AA0A6"


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


def format_last_sync(moment: datetime | None) -> str:
    """Local time as 2026年11月21日 09:30; empty for never (the caller words that)."""
    if moment is None:
        return ""
    local = moment.astimezone()
    return format_date(local.date()) + local.strftime(" %H:%M")


class AppStatusBar(QStatusBar):
    """Refreshes itself from the database when outbox or sync state change (GUI thread)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.online: bool | None = None
        self.connection = QLabel(self)
        self.connection.setObjectName("connectionLabel")
        self.last_sync = QLabel(self)
        self.pending = QLabel(self)
        for label in (self.connection, self.last_sync, self.pending):
            label.setContentsMargins(8, 0, 8, 0)
            self.addPermanentWidget(label)
        self._set_online(False)

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

    @Slot(object, object)
    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.outbox or changes.sync_state:
            self.refresh_sync_status()
