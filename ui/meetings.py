"""The 会议 section: a toolbar (新建会议, ‹ 今天 ›, 日/周/月, 我的会议 or one room, 待审批,
会议室管理 for 会议管理员, 导出日历) over the calendar.

Day and week views draw ``week_view`` cells; the month view draws the occurrences of the six
weeks shown. Dragging a meeting runs ``change_meeting`` (the same check and rebook as the
dialog): a clash this client knows of is refused in Chinese and nothing changes; otherwise the
meeting shows 待确认 until the next sync brings the server's verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.domain import meeting as rules
from app.services.meeting_notice import change_meeting
from app.services.meeting_views import (
    MeetingView,
    Occurrence,
    RoomView,
    WeekView,
    export_ics,
    my_meetings,
    pending_approvals,
    room_schedule,
    rooms,
    week_view,
)
from app.services.meetings import may_manage_rooms
from ui.calendar_view import CalendarView, Move, now_utc
from ui.context import AppContext
from ui.meeting_dialog import MeetingDialog, default_start
from ui.meeting_window import MeetingWindow
from ui.operations import DbOp

MODES = (("day", "日"), ("week", "周"), ("month", "月"))


class MeetingsView(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = now_utc,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("meetingsView")
        self.ctx = ctx
        self.clock = clock
        self.day = clock().astimezone(rules.zone(rules.DEFAULT_TZ)).date()
        self.mode = "week"
        self.windows: list[QWidget] = []
        self.last_moved: str = ""
        self.exported: Path | None = None

        bar = self._build_bar()
        self.calendar = CalendarView(self, clock=clock)
        self.calendar.open_requested.connect(self.open_meeting)
        self.calendar.move_requested.connect(self.move_meeting)
        self.calendar.new_requested.connect(self.new_meeting)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(bar)
        layout.addWidget(self.calendar, 1)

        ctx.taskman.changes_applied.connect(self._on_changes)
        self._load_choices()
        self.reload()

    def _build_bar(self) -> QHBoxLayout:
        self.new_button = QPushButton(self.tr("新建会议"))
        self.new_button.setObjectName("primaryButton")
        self.new_button.clicked.connect(lambda _checked=False: self.new_meeting())
        self.prev_button = QPushButton("‹")
        self.prev_button.setToolTip(self.tr("上一页"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.today_button = QPushButton(self.tr("今天"))
        self.today_button.clicked.connect(self.go_today)
        self.today_button.setStyleSheet("min-width: 48px;")
        self.next_button = QPushButton("›")
        self.next_button.setToolTip(self.tr("下一页"))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.period = QLabel()
        self.period.setObjectName("calendarPeriod")
        self.period.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.period.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.period.setMinimumWidth(80)
        self.whose = QComboBox()
        self.whose.setObjectName("calendarWhose")
        self.whose.addItem(self.tr("我的会议"), "")
        self.whose.currentIndexChanged.connect(self.reload)
        # A tool bar, so a narrow window folds these into its » menu instead of growing.
        self.tools = QToolBar(self)
        self.tools.setObjectName("meetingTools")
        self.tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.mode_actions = QActionGroup(self)
        for key, label in MODES:
            action = self.tools.addAction(self.tr(label), partial(self.set_mode, key))
            action.setCheckable(True)
            action.setChecked(key == self.mode)
            action.setObjectName(f"mode_{key}")
            self.mode_actions.addAction(action)
        self.tools.addSeparator()
        self.tools.addWidget(self.whose)
        self.tools.addSeparator()
        self.approvals_action = self.tools.addAction(self.tr("待审批"), self.show_approvals)
        self.approvals_action.setVisible(False)
        self.rooms_action = self.tools.addAction(self.tr("会议室管理"), self.open_rooms)
        self.rooms_action.setVisible(False)
        self.export_action = self.tools.addAction(self.tr("导出日历"), self.choose_export)
        self.export_action.setToolTip(self.tr("把我的会议导出为 .ics 日历文件"))

        for small in (self.prev_button, self.next_button):
            small.setStyleSheet("min-width: 28px; padding: 4px 6px;")
        bar = QHBoxLayout()
        for w in (self.new_button, self.prev_button, self.today_button, self.next_button):
            bar.addWidget(w)
        bar.addSpacing(8)
        bar.addWidget(self.period, 1)
        bar.addWidget(self.tools, 0)
        return bar

    # --- loading ----------------------------------------------------------------------------

    def _load_choices(self) -> None:
        person = self.ctx.user.id

        def work(session: Session) -> tuple[list[RoomView], bool, int]:
            admin = may_manage_rooms(session, person_id=person)
            return rooms(session), admin, len(pending_approvals(session, person_id=person))

        DbOp(self, work).success(self._choices).run()

    def _choices(self, result: tuple[list[RoomView], bool, int]) -> None:
        if not shiboken6.isValid(self):
            return
        room_list, admin, waiting = result
        chosen = self.whose.currentData()
        self.whose.blockSignals(True)
        self.whose.clear()
        self.whose.addItem(self.tr("我的会议"), "")
        for r in room_list:
            self.whose.addItem(r.name, r.id)
        self.whose.setCurrentIndex(max(0, self.whose.findData(chosen)))
        self.whose.blockSignals(False)
        self.rooms_action.setVisible(admin)
        self.approvals_action.setText(self.tr("待审批（{n}）").format(n=waiting))
        self.approvals_action.setVisible(waiting > 0)

    def room_id(self) -> str | None:
        return str(self.whose.currentData() or "") or None

    def reload(self) -> None:
        person, room = self.ctx.user.id, self.room_id()
        subject: dict[str, Any] = {"room_id": room} if room else {"person_id": person}
        if self.mode == "month":
            first = self.day.replace(day=1)
            monday = first - timedelta(days=first.weekday())
            a = datetime.combine(monday, datetime.min.time(), tzinfo=rules.zone(rules.DEFAULT_TZ))
            b = a + timedelta(days=42)

            def month(session: Session) -> list[Occurrence]:
                if room:
                    return room_schedule(session, room_id=room, start=a, end=b)
                return my_meetings(session, person_id=person, start=a, end=b)

            DbOp(self, month).success(self._show_month).run()
        else:
            work = lambda s: week_view(s, week_start=self.day, **subject)  # noqa: E731
            DbOp(self, work).success(self._show_week).run()

    def _show_week(self, view: WeekView) -> None:
        if not shiboken6.isValid(self):
            return
        if self.mode == "day":
            self.calendar.set_week(view, day=self.day)
            self.period.setText(f"{self.day:%Y年%m月%d日}")
        else:
            self.calendar.set_week(view)
            last = view.days[-1]
            self.period.setText(f"{view.days[0]:%Y年%m月%d日} – {last:%m月%d日}")

    def _show_month(self, items: list[Occurrence]) -> None:
        if shiboken6.isValid(self):
            self.calendar.set_month(self.day, items)
            self.period.setText(f"{self.day:%Y年%m月}")

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if (changes.meetings or changes.outbox or changes.org) and shiboken6.isValid(self):
            self._load_choices()
            self.reload()

    # --- navigation -------------------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        for action in self.mode_actions.actions():
            action.setChecked(action.objectName() == f"mode_{mode}")
        self.reload()

    def step(self, direction: int) -> None:
        if self.mode == "day":
            self.day += timedelta(days=direction)
        elif self.mode == "week":
            self.day += timedelta(weeks=direction)
        else:
            month = self.day.month - 1 + direction
            self.day = date(self.day.year + month // 12, month % 12 + 1, 1)
        self.reload()

    def go_today(self) -> None:
        self.day = self.clock().astimezone(rules.zone(rules.DEFAULT_TZ)).date()
        self.reload()

    def show_day(self, day: date) -> None:
        self.day = day
        self.reload()

    # --- meetings ---------------------------------------------------------------------------

    def _keep(self, window: QWidget) -> QWidget:
        self.windows = [w for w in self.windows if shiboken6.isValid(w) and w.isVisible()]
        self.windows.append(window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        return window

    def new_meeting(self, start: datetime | None = None) -> MeetingDialog:
        first = start or default_start(self.day)
        dialog = MeetingDialog(self.ctx, self, start=first, room_id=self.room_id())
        self._keep(dialog)
        return dialog

    def open_meeting(self, meeting_id: str, occurrence: int | None = None) -> MeetingWindow:
        """The meeting's window; ``occurrence`` (its start, epoch seconds) is the one chosen in
        the calendar, which a series' 仅取消本次 / 修改本次及以后 act on."""
        window = MeetingWindow(self.ctx, meeting_id, self, occurrence=occurrence)
        self._keep(window)
        return window

    def move_meeting(self, move: Move) -> None:
        """A drag let go: the same update (check, rebook) as the dialog."""
        if move.recurring:
            QMessageBox.information(
                self,
                self.tr("重复会议"),
                self.tr("重复会议请打开会议后修改时间（可选择仅此次或此次及以后）。"),
            )
            self.reload()
            return
        zone = rules.zone(rules.DEFAULT_TZ)
        start = datetime.fromtimestamp(move.new_start, zone)
        end = start + timedelta(seconds=move.length)
        person = self.ctx.user.id

        def work(session: Session) -> tuple[tuple[str, ...], Changes]:
            # change_meeting: a notified meeting that moves sends its 会议变更通知.
            booked, _notice = change_meeting(
                session,
                person_id=person,
                meeting_id=move.meeting_id,
                start=start.isoformat(),
                end=end.isoformat(),
            )
            return booked.warnings, Changes(meetings=True, outbox=True)

        def done(result: tuple[tuple[str, ...], Changes]) -> None:
            warnings, changes = result
            self.last_moved = move.meeting_id
            self.ctx.taskman.broadcast(changes, self)
            if warnings and shiboken6.isValid(self):
                QMessageBox.information(self, self.tr("已改期"), "\n".join(warnings))

        DbOp(self, work).success(done).failure(self._move_refused).run()

    def _move_refused(self, exc: BaseException) -> None:
        from ui.operations import show_error

        show_error(self, exc)
        if shiboken6.isValid(self):
            self.reload()  # the meeting goes back where it was

    def show_approvals(self) -> None:
        person = self.ctx.user.id
        DbOp(self, lambda s: pending_approvals(s, person_id=person)).success(self._approvals).run()

    def _approvals(self, rows: Sequence[MeetingView]) -> None:
        if rows and shiboken6.isValid(self):
            self.open_meeting(rows[0].id)

    def open_rooms(self) -> QWidget:
        from ui.rooms_admin import RoomsDialog

        return self._keep(RoomsDialog(self.ctx, self))

    # --- ICS --------------------------------------------------------------------------------

    def choose_export(self) -> None:
        settings = QSettings(str(self.ctx.profile.folder / "ui.ini"), QSettings.Format.IniFormat)
        start = str(settings.value("meetings/ics_dir", str(Path.home())))
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("导出日历"),
            str(Path(start) / self.tr("我的会议.ics")),
            self.tr("日历文件 (*.ics)"),
        )
        if name:
            settings.setValue("meetings/ics_dir", str(Path(name).parent))
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        if path.suffix.lower() != ".ics":
            path = path.with_suffix(".ics")
        person = self.ctx.user.id

        def work(session: Session) -> Path:
            data = export_ics(session, person_id=person)
            path.write_bytes(data)
            return path

        DbOp(self, work).success(self._exported).run()

    def _exported(self, path: Path) -> None:
        self.exported = path
        if shiboken6.isValid(self):
            QMessageBox.information(
                self, self.tr("导出日历"), self.tr("已导出到 {p}").format(p=str(path))
            )
