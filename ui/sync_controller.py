"""Background sync: on a timer, on F5 / the 同步 buttons, one run at a time, never blocking work.

The engine runs on the task manager's network pool (it opens its own database sessions, as the
CLI does); progress comes back to the GUI thread through a queued signal. When it ends the views
hear ``Changes`` for everything a sync can touch and refresh themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.changes import Changes
from ui.context import AppContext
from ui.operations import NetOp

if TYPE_CHECKING:
    from app.sync.engine import SyncSummary

# Everything a sync run can change here: views refresh what they show.
SYNCED = Changes(
    org=True, work_items=True, meetings=True, notices=True, outbox=True, sync_state=True
)


class SyncController(QObject):
    """Starts syncs and reports them; the status bar and the window listen (GUI thread)."""

    started = Signal()
    progress = Signal(str, int, int)  # phase, records, bytes (emitted on the network thread)
    finished = Signal(object)  # SyncSummary
    failed = Signal(object, bool)  # exception, whether a person asked for this run

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.running = False
        self._manual = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._on_timer)
        self.apply_config()
        ctx.taskman.changes_applied.connect(self._on_changes)

    def apply_config(self) -> None:
        """Follow 设置: the interval, and whether there is a server at all."""
        config = self.ctx.profile.config
        self.timer.setInterval(max(1, config.sync_interval_min) * 60_000)
        if config.server_url.strip():
            self.timer.start()
        else:
            self.timer.stop()

    def has_server(self) -> bool:
        return bool(self.ctx.profile.config.server_url.strip())

    @Slot()
    def sync_now(self) -> bool:
        """Start a sync unless one is running (then this press is already being served)."""
        return self._start(manual=True)

    @Slot()
    def _on_timer(self) -> None:
        self._start(manual=False)

    def _start(self, *, manual: bool) -> bool:
        if self.running or not self.has_server():
            return False
        self.running = True
        self._manual = manual
        self.started.emit()
        ctx = self.ctx
        report = self.progress.emit

        def work() -> SyncSummary:
            from app.sync.client import sync  # the engine loads on first use, not at start-up

            return sync(ctx.profile, progress=report, transport=ctx.transport())

        NetOp(None, work).success(self._done).failure(self._failed).using(ctx.taskman).run()
        return True

    def _done(self, summary: SyncSummary) -> None:
        self.running = False
        if not shiboken6.isValid(self):
            return
        self.finished.emit(summary)
        self.ctx.taskman.broadcast(SYNCED, self)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        if not shiboken6.isValid(self):
            return
        self.failed.emit(exc, self._manual)
        # A failed run may still have applied some pages before it stopped.
        self.ctx.taskman.broadcast(Changes(sync_state=True, outbox=True), self)

    @Slot(object, object)
    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.config:
            self.apply_config()
