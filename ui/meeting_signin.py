"""签到 at the venue, on the organiser's laptop (which may be offline: every sign-in is written
here and queued, app/services/meeting_attendance.py): the expected attendees and 列席 with a
tick box each, a field for the 6-digit 签到码 an attendee shows, arrivals after the start marked
迟到, and the counts 应到 / 实到 / 迟到 / 请假 / 缺席 kept up to date.

A tick cannot be taken back: the server keeps the first sign-in of a person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import models as m
from app.domain import meeting as rules
from app.errors import UserError
from app.services.meeting_attendance import (
    AttendanceStats,
    Attendee,
    attendance_stats,
    sign_in,
    sign_in_by_code,
)
from app.services.meeting_notice import meeting_data
from ui.context import AppContext
from ui.operations import DbOp, show_error

PERSON_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True, slots=True)
class SignInState:
    title: str
    stats: AttendanceStats
    observers: list[tuple[str, str]]  # every 列席 (id, name), signed in or not


def sign_in_state(session: Session, *, meeting_id: str) -> SignInState:
    data = meeting_data(session, meeting_id)
    stats = attendance_stats(session, meeting_id=meeting_id)
    ids = list(data.get("observer_ids") or [])
    rows = dict(
        session.execute(select(m.Person.id, m.Person.name).where(m.Person.id.in_(ids))).all()
    )
    observers = [(i, str(rows.get(i, ""))) for i in ids]
    return SignInState(str(data.get("title") or ""), stats, observers)


def _clock() -> datetime:
    return datetime.now(UTC)


class SignInDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        meeting_id: str,
        parent: QWidget | None = None,
        clock: Callable[[], datetime] = _clock,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.ctx = ctx
        self.meeting_id = meeting_id
        self.clock = clock
        self.setWindowTitle(self.tr("会议签到"))
        self.resize(520, 640)
        self.heading = QLabel()
        self.heading.setObjectName("signInHeading")
        self.heading.setStyleSheet("font-size: 17px; font-weight: 600; color: #1F2D3D;")
        self.heading.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setObjectName("signInCounts")
        self.counts.setStyleSheet(
            "font-size: 15px; color: #1D4E89; background: #EEF4FB;"
            " padding: 8px; border-radius: 4px;"
        )
        self.code = QLineEdit()
        self.code.setObjectName("signInCode")
        self.code.setPlaceholderText(self.tr("输入参会人员出示的 6 位签到码"))
        self.code.setMaxLength(rules.CODE_DIGITS)
        self.code.returnPressed.connect(self.sign_in_code)
        self.code_button = QPushButton(self.tr("签到"))
        self.code_button.setObjectName("signInByCode")
        self.code_button.clicked.connect(self.sign_in_code)
        self.error = QLabel()
        self.error.setObjectName("signInError")
        self.error.setStyleSheet("color: #C0392B;")
        self.error.hide()
        self.people = QListWidget()
        self.people.setObjectName("signInPeople")
        self.people.itemChanged.connect(self._ticked)
        self.note = QLabel(self.tr("勾选到场人员即完成签到；本机离线时也可签到，联网后自动同步。"))
        self.note.setObjectName("signInNote")
        self.note.setStyleSheet("color: #6B7785;")
        self.note.setWordWrap(True)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.code_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.counts)
        layout.addLayout(code_row)
        layout.addWidget(self.error)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.note)
        self.refresh()

    def refresh(self) -> None:
        work = lambda s: sign_in_state(s, meeting_id=self.meeting_id)  # noqa: E731
        DbOp(self, work).success(self._show).run()

    def _show(self, state: SignInState) -> None:
        if not shiboken6.isValid(self):
            return
        s = state.stats
        self.heading.setText(self.tr("签到：{t}").format(t=state.title))
        leave = sum(1 for a in s.absent if a.leave)
        self.counts.setText(
            self.tr("应到 {e}　实到 {p}　迟到 {late}　请假 {leave}　缺席 {absent}").format(
                e=s.expected,
                p=len(s.present),
                late=len(s.late),
                leave=leave,
                absent=len(s.absent) - leave,
            )
        )
        signed_observers = {a.person_id: a for a in s.observers}
        self.people.blockSignals(True)
        self.people.clear()
        for a in [*s.present, *s.absent]:
            self._add_row(a)
        for pid, name in state.observers:
            self._add_row(signed_observers.get(pid) or Attendee(pid, name), self.tr("列席"))
        self.people.blockSignals(False)

    def _add_row(self, a: Attendee, tag: str = "") -> None:
        parts = [a.name + (f"（{tag}）" if tag else "")]
        if a.signed_at is not None:
            at = a.signed_at.astimezone(rules.zone(rules.DEFAULT_TZ))
            parts.append(self.tr("{t} 已签到").format(t=f"{at:%H:%M}"))
            if a.delegate_name:
                parts.append(self.tr("{n} 代为参会").format(n=a.delegate_name))
            if a.late:
                parts.append(self.tr("迟到"))
        elif a.leave:
            parts.append(self.tr("请假") + (f"：{a.reason}" if a.reason else ""))
        item = QListWidgetItem("　".join(parts))
        item.setData(PERSON_ROLE, a.person_id)
        signed = a.signed_at is not None
        flags = Qt.ItemFlag.ItemIsEnabled | (
            Qt.ItemFlag.NoItemFlags if signed else Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setFlags(flags)
        item.setCheckState(Qt.CheckState.Checked if signed else Qt.CheckState.Unchecked)
        if a.late:
            item.setForeground(Qt.GlobalColor.darkRed)
        self.people.addItem(item)

    def row_of(self, person_id: str) -> QListWidgetItem | None:
        for row in range(self.people.count()):
            item = self.people.item(row)
            if item.data(PERSON_ROLE) == person_id:
                return item
        return None

    def _ticked(self, item: QListWidgetItem) -> None:
        if item.checkState() != Qt.CheckState.Checked:
            return
        person, attendee, moment = self.ctx.user.id, str(item.data(PERSON_ROLE)), self.clock()

        def work(session: Session) -> Changes:
            sign_in(
                session,
                person_id=person,
                meeting_id=self.meeting_id,
                attendee_id=attendee,
                signed_at=moment,
            )
            return Changes(meetings=True, outbox=True)

        DbOp(self, work).success(lambda _c: self._done()).failure(self._failed).run()

    def sign_in_code(self) -> None:
        code, person, moment = self.code.text().strip(), self.ctx.user.id, self.clock()
        if not code:
            self._failed(UserError(self.tr("请输入签到码")))
            return

        def work(session: Session) -> Changes:
            sign_in_by_code(
                session, person_id=person, meeting_id=self.meeting_id, code=code, signed_at=moment
            )
            return Changes(meetings=True, outbox=True)

        def done(_c: Changes) -> None:
            if shiboken6.isValid(self):
                self.code.clear()
                self._done()

        DbOp(self, work).success(done).failure(self._failed).run()

    def _done(self) -> None:
        if shiboken6.isValid(self):
            self.error.hide()
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        if isinstance(exc, UserError):
            self.error.setText(str(exc))
            self.error.show()
            self.code.selectAll()
        else:
            show_error(self, exc)
        self.refresh()  # an untaken tick goes back
