"""新建/修改会议: title, type, time, room or an outside place / video link, attendees (people and
whole units), 列席, agenda items (presenter, minutes, materials) and a weekly or monthly rule.

保存 first asks ``check_meeting`` (the rules the server runs): an error (end before start, an
unknown room, a clash this client already knows of) is shown in Chinese under the form and
nothing is queued; warnings (over capacity, an attendee already in another meeting) are listed
and the person decides whether to book anyway. Then ``create_meeting`` / ``update_meeting``
queue the change and ``book``; the meeting shows 待确认 until the next sync.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.domain import meeting as rules
from app.services.meeting_views import MeetingView, RoomView, rooms
from app.services.meetings import (
    change_following,
    check_meeting,
    create_meeting,
    update_meeting,
)
from app.services.org import UnitRow, list_units
from app.sync.blobs import BlobStore
from ui.action_dialog import PeoplePicker
from ui.context import AppContext
from ui.operations import DbOp

ID_ROLE = Qt.ItemDataRole.UserRole
AGENDA_COLUMNS = ("议题", "汇报人", "时长（分钟）", "材料")
REPEAT = (("", "不重复"), ("weekly", "每周"), ("monthly", "每月"))
ENDS = (("none", "不设截止"), ("until", "截止日期"), ("count", "重复次数"))


def _qdt(moment: datetime) -> QDateTime:
    local = moment.astimezone(rules.zone(rules.DEFAULT_TZ))
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def _py(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(
        d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=rules.zone(rules.DEFAULT_TZ)
    )


class MeetingDialog(QDialog):
    saved = Signal(str)  # meeting id

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        existing: MeetingView | None = None,
        people: dict[str, str] | None = None,
        start: datetime | None = None,
        room_id: str | None = None,
        following_from: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("meetingDialog")
        self.ctx = ctx
        self.existing = existing
        # 修改本次及以后 (ISO start of the chosen occurrence): saving splits the series there.
        self.following_from = following_from
        self.preset_room = existing.room_id if existing else room_id
        self.setWindowTitle(
            self.tr("修改本次及以后")
            if following_from
            else self.tr("修改会议")
            if existing
            else self.tr("新建会议")
        )
        self.resize(760, 640)
        self.asked: tuple[str, ...] = ()  # the warnings last put to the person

        first = start or (datetime.now(rules.zone(rules.DEFAULT_TZ)) + timedelta(days=1)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
        form = self._build_form(first)
        self._build_tabs(ctx)
        self.error = QLabel()
        self.error.setObjectName("meetingError")
        self.error.setStyleSheet("color: #C0392B;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存并预订"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self._units: list[UnitRow] = []
        self._repeat_changed()
        DbOp(self, lambda s: (rooms(s), list_units(s))).success(self._choices).run()
        if existing is not None:
            self._fill(existing, people or {})

    def _build_form(self, first: datetime) -> QFormLayout:
        self.title = QLineEdit()
        self.title.setObjectName("meetingTitle")
        self.title.setPlaceholderText(self.tr("会议名称"))
        self.kind = QComboBox()
        for kind in rules.KINDS:
            self.kind.addItem(self.tr(kind), kind)
        self.start = QDateTimeEdit()
        self.end = QDateTimeEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
        self.start.setDateTime(_qdt(first))
        self.end.setDateTime(_qdt(first + timedelta(hours=1)))
        self.room = QComboBox()
        self.room.setObjectName("meetingRoom")
        self.room.addItem(self.tr("（不使用会议室）"), "")
        self.place = QLineEdit()
        self.place.setObjectName("meetingPlace")
        self.place.setPlaceholderText(self.tr("外部地点或视频会议链接"))

        self.repeat = QComboBox()
        self.repeat.setObjectName("meetingRepeat")
        for key, label in REPEAT:
            self.repeat.addItem(self.tr(label), key)
        self.ends = QComboBox()
        for key, label in ENDS:
            self.ends.addItem(self.tr(label), key)
        self.until = QDateEdit()
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.until.setDate(QDate.currentDate().addMonths(3))
        self.count = QSpinBox()
        self.count.setRange(1, rules.MAX_OCCURRENCES)
        self.count.setValue(10)
        repeat_row = QHBoxLayout()
        for w in (self.repeat, self.ends, self.until, self.count):
            repeat_row.addWidget(w)
        repeat_row.addStretch(1)
        self.repeat.currentIndexChanged.connect(self._repeat_changed)
        self.ends.currentIndexChanged.connect(self._repeat_changed)

        form = QFormLayout()
        form.addRow(self.tr("会议名称"), self.title)
        form.addRow(self.tr("会议类型"), self.kind)
        times = QHBoxLayout()
        times.addWidget(self.start)
        times.addWidget(QLabel(self.tr("至")))
        times.addWidget(self.end)
        times.addStretch(1)
        form.addRow(self.tr("时间"), times)
        form.addRow(self.tr("会议室"), self.room)
        form.addRow(self.tr("地点/链接"), self.place)
        form.addRow(self.tr("重复"), repeat_row)

        return form

    def _build_tabs(self, ctx: AppContext) -> None:
        self.attendees = PeoplePicker(ctx)
        self.attendees.setObjectName("meetingAttendees")
        self.units = QListWidget()
        self.units.setObjectName("meetingUnits")
        self.observers = PeoplePicker(ctx)
        self.observers.setObjectName("meetingObservers")
        self.agenda = QTableWidget(0, len(AGENDA_COLUMNS))
        self.agenda.setObjectName("meetingAgenda")
        self.agenda.setHorizontalHeaderLabels([self.tr(c) for c in AGENDA_COLUMNS])
        self.agenda.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.agenda.verticalHeader().setVisible(False)
        self.add_item = QPushButton(self.tr("添加议题"))
        self.add_item.clicked.connect(lambda _checked=False: self.add_agenda_item())
        self.remove_item = QPushButton(self.tr("删除议题"))
        self.remove_item.clicked.connect(self._remove_item)
        self.add_material = QPushButton(self.tr("添加材料…"))
        self.add_material.clicked.connect(self.choose_material)
        agenda_box = QWidget()
        agenda_layout = QVBoxLayout(agenda_box)
        buttons_row = QHBoxLayout()
        for b in (self.add_item, self.remove_item, self.add_material):
            buttons_row.addWidget(b)
        buttons_row.addStretch(1)
        agenda_layout.addWidget(self.agenda)
        agenda_layout.addLayout(buttons_row)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.attendees, self.tr("参会人员"))
        self.tabs.addTab(self.units, self.tr("参会单位"))
        self.tabs.addTab(self.observers, self.tr("列席"))
        self.tabs.addTab(agenda_box, self.tr("议程"))

    # --- filling ----------------------------------------------------------------------------

    def _choices(self, result: tuple[list[RoomView], list[UnitRow]]) -> None:
        if not shiboken6.isValid(self):
            return
        room_list, self._units = result
        for r in room_list:
            cap = self.tr("{n} 人").format(n=r.capacity) if r.capacity else ""
            label = "　".join(x for x in (r.name, r.building, cap) if x)
            self.room.addItem(label, r.id)
        chosen = set(self.existing.data.get("attendee_unit_ids") or []) if self.existing else set()
        for u in self._units:
            item = QListWidgetItem(u.name)
            item.setData(ID_ROLE, u.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if u.id in chosen else Qt.CheckState.Unchecked)
            self.units.addItem(item)
        if self.preset_room:
            self.room.setCurrentIndex(max(0, self.room.findData(self.preset_room)))

    def _fill(self, view: MeetingView, people: dict[str, str]) -> None:
        data = view.data
        self.title.setText(view.title)
        self.kind.setCurrentIndex(max(0, self.kind.findData(view.kind or "其他")))
        self.start.setDateTime(_qdt(view.start))
        self.end.setDateTime(_qdt(view.end))
        self.place.setText(view.place)
        for picker, key in (
            (self.attendees, "attendee_person_ids"),
            (self.observers, "observer_ids"),
        ):
            picker.chosen = {p: people.get(p, p) for p in data.get(key) or []}
            picker.run_search()
        for item in data.get("agenda") or []:
            self.add_agenda_item(
                str(item.get("title") or ""),
                str(item.get("presenter") or ""),
                int(item.get("minutes") or 0),
                list(item.get("attachments") or []),
            )
        rule = view.recurrence or {}
        self.repeat.setCurrentIndex(max(0, self.repeat.findData(rule.get("freq") or "")))
        if rule.get("until"):
            self.ends.setCurrentIndex(self.ends.findData("until"))
            self.until.setDate(QDate.fromString(str(rule["until"])[:10], "yyyy-MM-dd"))
        elif rule.get("count"):
            self.ends.setCurrentIndex(self.ends.findData("count"))
            self.count.setValue(int(rule["count"]))

    def _repeat_changed(self) -> None:
        on = bool(self.repeat.currentData())
        self.ends.setVisible(on)
        self.until.setVisible(on and self.ends.currentData() == "until")
        self.count.setVisible(on and self.ends.currentData() == "count")

    def add_agenda_item(
        self, title: str = "", presenter: str = "", minutes: int = 0, files: list[Any] | None = None
    ) -> None:
        row = self.agenda.rowCount()
        self.agenda.insertRow(row)
        self.agenda.setItem(row, 0, QTableWidgetItem(title))
        self.agenda.setItem(row, 1, QTableWidgetItem(presenter))
        self.agenda.setItem(row, 2, QTableWidgetItem(str(minutes) if minutes else ""))
        material = QTableWidgetItem("、".join(str(f.get("name")) for f in files or []))
        material.setData(ID_ROLE, list(files or []))
        material.setFlags(material.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.agenda.setItem(row, 3, material)

    def _remove_item(self) -> None:
        row = self.agenda.currentRow()
        if row >= 0:
            self.agenda.removeRow(row)

    def choose_material(self) -> None:
        row = self.agenda.currentRow()
        if row < 0:
            QMessageBox.information(self, self.tr("添加材料"), self.tr("请先选中一个议题"))
            return
        names, _filter = QFileDialog.getOpenFileNames(self, self.tr("添加材料"))
        if names:
            self.add_materials(row, [Path(n) for n in names])

    def add_materials(self, row: int, paths: list[Path]) -> None:
        """Materials go into the attachment store and sync like every attachment."""
        store = BlobStore(self.ctx.profile.folder, self.ctx.profile.store())
        work = lambda _s: [dict(store.add_file(p)) for p in paths]  # noqa: E731
        DbOp(self, work).success(partial(self._materials_added, row)).run()

    def _materials_added(self, row: int, added: list[dict[str, Any]]) -> None:
        item = self.agenda.item(row, 3)
        if item is None or not shiboken6.isValid(self):
            return
        files = [*(item.data(ID_ROLE) or []), *added]
        item.setData(ID_ROLE, files)
        item.setText("、".join(str(f.get("name")) for f in files))

    # --- saving -----------------------------------------------------------------------------

    def fields(self) -> dict[str, Any]:
        agenda: list[dict[str, Any]] = []
        for r in range(self.agenda.rowCount()):
            cells = [self.agenda.item(r, c) for c in range(len(AGENDA_COLUMNS))]
            text = [c.text().strip() if c is not None else "" for c in cells]
            if not any(text[:3]):
                continue  # an empty row left over
            minutes = int(text[2]) if text[2].isdigit() else 0
            files = cells[3].data(ID_ROLE) if cells[3] is not None else []
            agenda.append(
                {
                    "title": text[0],
                    "presenter": text[1],
                    "minutes": minutes,
                    "attachments": files or [],
                }
            )
        recurrence: dict[str, Any] | None = None
        if self.repeat.currentData():
            recurrence = {"freq": self.repeat.currentData(), "interval": 1}
            if self.ends.currentData() == "until":
                recurrence["until"] = self.until.date().toString("yyyy-MM-dd")
            elif self.ends.currentData() == "count":
                recurrence["count"] = self.count.value()
        units = [
            str(self.units.item(i).data(ID_ROLE))
            for i in range(self.units.count())
            if self.units.item(i).checkState() == Qt.CheckState.Checked
        ]
        people = list(self.attendees.chosen)
        if self.existing is None and self.ctx.user.id not in people:
            people.insert(0, self.ctx.user.id)  # the organiser attends (and sees it in 我的会议)
        return {
            "title": self.title.text().strip(),
            "kind": self.kind.currentData(),
            "start": _py(self.start.dateTime()).isoformat(),
            "end": _py(self.end.dateTime()).isoformat(),
            "tz": rules.DEFAULT_TZ,
            "room_id": self.room.currentData() or None,
            "place": self.place.text().strip(),
            "attendee_person_ids": people,
            "attendee_unit_ids": units,
            "observer_ids": list(self.observers.chosen),
            "agenda": agenda,
            "recurrence": recurrence,
        }

    def save(self) -> None:
        data = self.fields()
        mid = self.existing.id if self.existing else ""
        merged = {**self.existing.data, **data} if self.existing else data
        self.error.clear()
        DbOp(self, lambda s: check_meeting(s, merged, meeting_id=mid)).success(
            partial(self._checked, data)
        ).run()

    def _checked(self, data: dict[str, Any], check: rules.Check) -> None:
        if not shiboken6.isValid(self):
            return
        if check.errors:
            self.error.setText("；".join(check.errors))
            return
        if check.warnings:
            self.asked = check.warnings
            answer = QMessageBox.question(
                self,
                self.tr("请确认"),
                "\n".join(check.warnings) + "\n\n" + self.tr("仍要预订吗？"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        person = self.ctx.user.id

        def work(session: Session) -> tuple[str, Changes]:
            if self.existing is None:
                fields = {
                    k: v for k, v in data.items() if k not in ("title", "start", "end", "room_id")
                }
                booked = create_meeting(
                    session,
                    person_id=person,
                    title=data["title"],
                    start=data["start"],
                    end=data["end"],
                    room_id=data["room_id"],
                    **fields,
                )
            elif self.following_from:
                booked = change_following(
                    session,
                    person_id=person,
                    meeting_id=self.existing.id,
                    occurrence_start=self.following_from,
                    **data,
                )
            else:
                booked = update_meeting(
                    session, person_id=person, meeting_id=self.existing.id, **data
                )
            return booked.meeting_id, Changes(meetings=True, outbox=True)

        DbOp(self, work).success(self._saved).run()

    def _saved(self, result: tuple[str, Changes]) -> None:
        mid, changes = result
        self.ctx.taskman.broadcast(changes, self)
        self.saved.emit(mid)
        if shiboken6.isValid(self):
            self.accept()


def default_start(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=rules.zone(rules.DEFAULT_TZ)).replace(
        hour=9
    )
