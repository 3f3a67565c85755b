"""会议纪要 editor: the text prefilled from ``minutes_draft`` (出席 / 请假 / 列席 from 签到, or the
回执 before anyone signed in), a table of 议定事项 (事项, 责任人 from the address book, 时限),
保存 (``save_minutes``: checked first, a Chinese error and nothing saved when something is wrong)
and 预览纪要 (``minutes_spec`` through the renderer, in the 公文 preview dialog).

Also here: ``SpecPreview`` (the 会议通知 / 纪要 as PDF in that dialog) and ``PersonChooser`` (one
person picked with the address-book search), which the meeting window and the 回执 form use.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.changes import Changes
from app.config import DocumentFonts
from app.db import models as m
from app.errors import UserError
from app.services.doc_files import PreviewPdf
from app.services.meeting_notice import meeting_data, meeting_notice_spec
from app.services.minutes import MinutesDraft, minutes_draft, minutes_spec, save_minutes
from ui.action_dialog import PeoplePicker
from ui.context import AppContext
from ui.operations import DbOp, show_error
from ui.pdf_preview import PdfPreview

NOTICE, MINUTES = "notice", "minutes"
SEP = "、"
ITEM, OWNER, DEADLINE = range(3)
ROLE_ID = Qt.ItemDataRole.UserRole  # a saved 议定事项's id, kept so its 督办 item stays the same


def meeting_pdf(
    session: Session, *, meeting_id: str, kind: str, fonts: DocumentFonts | None = None
) -> PreviewPdf:
    """The 会议通知 or the 纪要 typeset now (database worker: reportlab takes a moment)."""
    from app.render.document import render_document

    spec = (
        minutes_spec(session, meeting_id)
        if kind == MINUTES
        else meeting_notice_spec(session, meeting_id)
    )
    out = io.BytesIO()
    render_document(spec, out, fonts=fonts)
    note = "会议纪要" if kind == MINUTES else "会议通知（按当前内容排版）"
    return PreviewPdf(out.getvalue(), str(spec.get("title") or ""), note)


class SpecPreview(PdfPreview):
    """预览 of a meeting's 会议通知 (``kind`` "notice") or 纪要 ("minutes"); ``doc_id`` is the
    meeting. Zoom, 打印 and 另存为 PDF are the 公文 preview's."""

    def load(self) -> None:
        work = partial(
            meeting_pdf, meeting_id=self.doc_id, kind=self.kind, fonts=self.ctx.profile.config.fonts
        )
        DbOp(self, work).success(self.show_pdf).failure(self._failed).with_progress(
            self.tr("正在排版…")
        ).run()


class PersonChooser(QWidget):
    """One person from the address book: the name shown, 选择… opens a search (PeoplePicker)."""

    changed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = ""
        self.label = QLabel(self.tr("未选择"))
        self.label.setObjectName("personChosen")
        self.button = QPushButton(self.tr("选择…"))
        self.button.setObjectName("personChoose")
        self.button.clicked.connect(lambda _checked=False: self.pick())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)

    def set_person(self, person_id: str, name: str) -> None:
        self.person_id = person_id
        self.label.setText(name or self.tr("未选择"))
        self.changed.emit(person_id)

    def show_person(self, person_id: str) -> None:
        """Show an id held already (a 回执's 委派人) by its name from the address book."""
        self.person_id = person_id
        if not person_id:
            return

        def work(session: Session) -> str:
            person = session.get(m.Person, person_id)
            return person.name if person is not None else self.tr("（已删除）")

        def shown(name: str) -> None:
            if shiboken6.isValid(self) and self.person_id == person_id:
                self.label.setText(name)

        DbOp(self, work).success(shown).run()

    def pick(self) -> QDialog:
        """The search dialog (shown, not blocking); the last person ticked is taken on 确定."""
        dialog = QDialog(self)
        dialog.setObjectName("personPickDialog")
        dialog.setWindowTitle(self.tr("选择人员"))
        picker = PeoplePicker(self.ctx, dialog)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(picker)
        layout.addWidget(buttons)
        dialog.picker = picker  # type: ignore[attr-defined]

        def taken() -> None:
            if picker.chosen and shiboken6.isValid(self):
                pid, name = list(picker.chosen.items())[-1]
                self.set_person(pid, name)

        dialog.accepted.connect(taken)
        dialog.show()
        return dialog


class MinutesEditor(QDialog):
    def __init__(self, ctx: AppContext, meeting_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minutesEditor")
        self.ctx = ctx
        self.meeting_id = meeting_id
        self.setWindowTitle(self.tr("会议纪要"))
        self.resize(780, 680)
        self.heading = QLabel()
        self.heading.setObjectName("minutesHeading")
        self.heading.setStyleSheet("font-size: 18px; font-weight: 600; color: #1F2D3D;")
        self.text = QPlainTextEdit()
        self.text.setObjectName("minutesText")
        self.attendees = QLineEdit()
        self.attendees.setObjectName("minutesAttendees")
        self.absent = QLineEdit()
        self.absent.setObjectName("minutesAbsent")
        self.observers = QLineEdit()
        self.observers.setObjectName("minutesObservers")
        people_box = self._build_people()
        decisions_box = self._build_decisions()
        self.error = QLabel()
        self.error.setObjectName("minutesError")
        self.error.setStyleSheet("color: #C0392B;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.saved_note = QLabel()
        self.saved_note.setObjectName("minutesSaved")
        self.saved_note.setStyleSheet("color: #6B7785;")
        self.preview_button = QPushButton(self.tr("预览纪要"))
        self.preview_button.setObjectName("minutesPreview")
        self.preview_button.clicked.connect(lambda _checked=False: self.preview())
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.saved_note, 1)
        bottom.addWidget(self.preview_button)
        bottom.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 2)
        layout.addWidget(people_box)
        layout.addWidget(decisions_box, 2)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self.load()

    def _build_people(self) -> QGroupBox:
        self.missing = QLabel()
        self.missing.setObjectName("minutesMissing")
        self.missing.setStyleSheet("color: #9A6400;")
        self.missing.setWordWrap(True)
        people = QFormLayout()
        people.addRow(self.tr("出席："), self.attendees)
        people.addRow(self.tr("请假："), self.absent)
        people.addRow(self.tr("列席："), self.observers)
        people.addRow("", self.missing)
        people_box = QGroupBox(self.tr("出席情况（以“、”分隔）"))
        people_box.setLayout(people)

        return people_box

    def _build_decisions(self) -> QGroupBox:
        self.decisions = QTableWidget(0, 3)
        self.decisions.setObjectName("minutesDecisions")
        self.decisions.setHorizontalHeaderLabels(
            [self.tr("议定事项"), self.tr("责任人"), self.tr("时限")]
        )
        self.decisions.horizontalHeader().setSectionResizeMode(ITEM, QHeaderView.ResizeMode.Stretch)
        self.decisions.setColumnWidth(OWNER, 200)
        self.decisions.setColumnWidth(DEADLINE, 140)
        self.decisions.verticalHeader().setVisible(False)
        add = QPushButton(self.tr("添加事项"))
        add.setObjectName("minutesAddDecision")
        add.clicked.connect(lambda _checked=False: self.add_decision())
        remove = QPushButton(self.tr("删除事项"))
        remove.setObjectName("minutesRemoveDecision")
        remove.clicked.connect(self._remove_decision)
        table_buttons = QHBoxLayout()
        table_buttons.addStretch(1)
        table_buttons.addWidget(add)
        table_buttons.addWidget(remove)
        decisions_box = QGroupBox(self.tr("议定事项（保存后列入督办）"))
        box = QVBoxLayout(decisions_box)
        box.addWidget(self.decisions)
        box.addLayout(table_buttons)

        return decisions_box

    def load(self) -> None:
        def work(session: Session) -> tuple[MinutesDraft, dict[str, str], date]:
            draft = minutes_draft(session, self.meeting_id)
            owners = [str(d.get("owner_id")) for d in draft.decisions]
            rows = session.execute(
                select(m.Person.id, m.Person.name).where(m.Person.id.in_(owners))
            )
            names = {str(i): str(n) for i, n in rows}
            start = str(meeting_data(session, self.meeting_id).get("start") or "")[:10]
            return draft, names, date.fromisoformat(start) if start else date.today()

        DbOp(self, work).success(self._show).run()

    def _show(self, result: tuple[MinutesDraft, dict[str, str], date]) -> None:
        if not shiboken6.isValid(self):
            return
        draft, names, day = result
        self.meeting_day = day
        self.heading.setText(draft.title)
        self.text.setPlainText(draft.text)
        self.attendees.setText(SEP.join(draft.attendees))
        self.absent.setText(SEP.join(draft.absent))
        self.observers.setText(SEP.join(draft.observers))
        self.missing.setText(
            self.tr("未到且未请假：{names}").format(names=SEP.join(draft.missing))
            if draft.missing
            else ""
        )
        self.missing.setVisible(bool(draft.missing))
        self.decisions.setRowCount(0)
        for d in draft.decisions:
            owner = str(d.get("owner_id") or "")
            self.add_decision(
                str(d.get("item") or ""),
                (owner, names.get(owner, "")),
                date.fromisoformat(str(d["deadline"])) if d.get("deadline") else None,
                str(d.get("id") or ""),
            )
        self.saved_note.setText(
            self.tr("已保存于 {t}").format(t=draft.saved_at[:16].replace("T", " "))
            if draft.saved_at
            else self.tr("尚未保存")
        )

    def add_decision(
        self,
        item: str = "",
        owner: tuple[str, str] | None = None,
        deadline: date | None = None,
        decision_id: str = "",
    ) -> int:
        row = self.decisions.rowCount()
        self.decisions.insertRow(row)
        cell = QTableWidgetItem(item)
        cell.setData(ROLE_ID, decision_id)
        self.decisions.setItem(row, ITEM, cell)
        chooser = PersonChooser(self.ctx)
        if owner and owner[0]:
            chooser.set_person(*owner)
        self.decisions.setCellWidget(row, OWNER, chooser)
        due = QDateEdit()
        due.setCalendarPopup(True)
        due.setDisplayFormat("yyyy年M月d日")
        # A new item's 时限: a week after the meeting (a 时限 before it is refused).
        when = deadline or getattr(self, "meeting_day", date.today()) + timedelta(days=7)
        due.setDate(QDate(when.year, when.month, when.day))
        self.decisions.setCellWidget(row, DEADLINE, due)
        self.decisions.setRowHeight(row, 34)
        return row

    def _remove_decision(self) -> None:
        row = self.decisions.currentRow()
        if row >= 0:
            self.decisions.removeRow(row)

    def chooser(self, row: int) -> PersonChooser:
        widget = self.decisions.cellWidget(row, OWNER)
        assert isinstance(widget, PersonChooser)
        return widget

    def deadline_edit(self, row: int) -> QDateEdit:
        widget = self.decisions.cellWidget(row, DEADLINE)
        assert isinstance(widget, QDateEdit)
        return widget

    def decision_rows(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for row in range(self.decisions.rowCount()):
            cell = self.decisions.item(row, ITEM)
            item: dict[str, Any] = {
                "item": cell.text() if cell else "",
                "owner_id": self.chooser(row).person_id,
                "deadline": self.deadline_edit(row).date().toString("yyyy-MM-dd"),
            }
            if cell is not None and cell.data(ROLE_ID):
                item["id"] = str(cell.data(ROLE_ID))
            out.append(item)
        return out

    def check(self) -> str:
        """What the form itself can tell before the service checks the rest ('' when fine)."""
        day = getattr(self, "meeting_day", None)
        for n, d in enumerate(self.decision_rows(), 1):
            if day is not None and date.fromisoformat(d["deadline"]) < day:
                return self.tr("第 {n} 项议定事项的时限早于会议日期").format(n=n)
        return ""

    def save(self) -> None:
        problem = self.check()
        if problem:
            self._show_error(problem)
            return
        person = self.ctx.user.id
        text = self.text.toPlainText()
        decisions = self.decision_rows()
        lists = [
            [x.strip() for x in edit.text().replace(",", SEP).replace("，", SEP).split(SEP)]
            for edit in (self.attendees, self.absent, self.observers)
        ]
        attendees, absent, observers = ([x for x in names if x] for names in lists)

        def work(session: Session) -> Changes:
            save_minutes(
                session,
                person_id=person,
                meeting_id=self.meeting_id,
                text=text,
                decisions=decisions,
                attendees=attendees,
                absent=absent,
                observers=observers,
            )
            return Changes(meetings=True, outbox=True, work_items=True)

        DbOp(self, work).success(lambda _c: self._saved()).failure(self._failed).run()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        if isinstance(exc, UserError):
            self._show_error(str(exc))
        else:
            show_error(self, exc)

    def _saved(self) -> None:
        if shiboken6.isValid(self):
            self.error.hide()
            self.load()

    def preview(self) -> SpecPreview:
        dialog = SpecPreview(self.ctx, self.meeting_id, MINUTES, self)
        dialog.show()
        return dialog
