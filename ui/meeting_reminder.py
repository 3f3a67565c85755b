"""会议提醒: N minutes before each of my meetings (设置 → 界面; the profile's
``meeting_reminder_min``, default 15) the notice pop-up shows the meeting, its time and place;
查看 opens it. Each occurrence is announced once; the clock is injected so tests need not wait."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from app.domain import meeting as rules
from app.services.meeting_views import Occurrence, my_meetings
from ui.calendar_view import now_utc
from ui.context import AppContext
from ui.notice_popup import NoticePopup
from ui.operations import DbOp

CHECK_EVERY_MS = 30_000


class MeetingPopup(NoticePopup):
    """The notice pop-up, saying 会议提醒; ``open_requested`` carries the meeting id."""

    def show_meeting(self, occ: Occurrence, minutes: int) -> None:
        self.row = None
        self.heading.setText(self.tr("会议提醒：{n} 分钟后开始").format(n=minutes))
        self.title.setText(occ.title)
        when = f"{rules.fmt_local(occ.start)}–{rules.fmt_local(occ.end)[11:]}"
        self.meta.setText(f"{when}　{occ.room_name or occ.place}".strip())
        self.meeting_id = occ.meeting_id
        self.set_more(0)
        self.close_button.setVisible(True)
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self.timer.start(self.auto_hide_ms * 4)  # a meeting reminder stays a little longer

    def _open(self) -> None:
        self.hide()
        self.open_requested.emit(self.meeting_id)


class MeetingReminder(QObject):
    open_requested = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        minutes: int | None = None,
        clock: Callable[[], datetime] = now_utc,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._minutes = minutes  # None: the profile's setting, read at each check
        self.clock = clock
        self.told: set[tuple[str, int]] = set()
        self.popup = MeetingPopup(None)
        self.popup.open_requested.connect(self.open_requested)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)

    @property
    def minutes(self) -> int:
        return self._minutes or self.ctx.profile.config.meeting_reminder_min

    def start(self) -> None:
        self.timer.start()
        self.check()

    def check(self) -> None:
        now = self.clock()
        ahead = now + timedelta(minutes=self.minutes)
        person = self.ctx.user.id

        def work(session: Session) -> list[Occurrence]:
            end = ahead + timedelta(seconds=1)
            return my_meetings(session, person_id=person, start=now, end=end)

        DbOp(None, work).success(lambda rows: self._due(rows, now)).failure(lambda _e: None).run()

    def _due(self, rows: list[Occurrence], now: datetime) -> None:
        if not shiboken6.isValid(self.popup):
            return
        t = rules.epoch(now)
        limit = t + self.minutes * 60
        due = [
            o
            for o in rows
            if t < o.start <= limit
            and o.state_label not in ("未通过", "已取消")
            and (o.meeting_id, o.start) not in self.told
        ]
        if not due:
            return
        first = min(due, key=lambda o: o.start)
        self.told.update((o.meeting_id, o.start) for o in due)
        self.popup.show_meeting(first, max(1, (first.start - t + 59) // 60))
        if len(due) > 1:
            self.popup.set_more(len(due) - 1)
            self.popup.more.setText(self.tr("另有 {n} 个会议即将开始").format(n=len(due) - 1))

    def stop(self) -> None:
        self.timer.stop()
        if shiboken6.isValid(self.popup):
            self.popup.hide()
            self.popup.deleteLater()
