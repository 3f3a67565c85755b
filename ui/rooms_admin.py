"""会议室管理 for 会议管理员: the rooms and a form to add or change one (name, building, place,
capacity, equipment, whether bookings need approval and by whom). The record rules check every
value (the same on the server); a refusal is shown in Chinese and nothing changes."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.services.meeting_views import RoomView, rooms
from app.services.meetings import create_room, delete_room, update_room
from ui.action_dialog import PeoplePicker
from ui.context import AppContext
from ui.operations import DbOp

COLUMNS = ("名称", "楼宇", "位置", "容量", "设备", "审批", "状态")


class RoomsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomsDialog")
        self.setWindowTitle(self.tr("会议室管理"))
        self.resize(860, 560)
        self.ctx = ctx
        self.rooms: list[RoomView] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("roomsTable")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selected)

        side = self._build_form(ctx)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(side, 2)
        ctx.taskman.changes_applied.connect(self._on_changes)
        self.new_room()
        self.reload()

    def _build_form(self, ctx: AppContext) -> QVBoxLayout:
        self.name = QLineEdit()
        self.name.setObjectName("roomName")
        self.building = QLineEdit()
        self.location = QLineEdit()
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 5000)
        self.capacity.setSpecialValueText(self.tr("不限"))
        self.equipment = QLineEdit()
        self.equipment.setPlaceholderText(self.tr("用顿号分隔，如：投影、视频会议、话筒"))
        self.needs_approval = QCheckBox(self.tr("预订需要审批"))
        self.approvers = PeoplePicker(ctx)
        self.approvers.setMaximumHeight(200)
        form = QFormLayout()
        form.addRow(self.tr("名称"), self.name)
        form.addRow(self.tr("楼宇"), self.building)
        form.addRow(self.tr("位置"), self.location)
        form.addRow(self.tr("容量（人）"), self.capacity)
        form.addRow(self.tr("设备"), self.equipment)
        form.addRow("", self.needs_approval)
        form.addRow(self.tr("审批人"), self.approvers)

        self.new_button = QPushButton(self.tr("新建会议室"))
        self.new_button.clicked.connect(self.new_room)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.clicked.connect(self.delete)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addLayout(buttons)
        return side

    def reload(self) -> None:
        DbOp(self, lambda s: rooms(s, include_inactive=True)).success(self._show).run()

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if (changes.meetings or changes.outbox) and shiboken6.isValid(self):
            self.reload()

    def _show(self, rows: list[RoomView]) -> None:
        if not shiboken6.isValid(self):
            return
        self.rooms = rows
        self.table.setRowCount(len(rows))
        for r, room in enumerate(rows):
            values = (
                room.name,
                room.building,
                room.location,
                str(room.capacity or ""),
                "、".join(room.equipment),
                self.tr("需审批") if room.needs_approval else "",
                self.tr("在用") if room.active else self.tr("停用"),
            )
            for c, text in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def current(self) -> RoomView | None:
        row = self.table.currentRow()
        return self.rooms[row] if 0 <= row < len(self.rooms) else None

    def _selected(self) -> None:
        room = self.current()
        if room is None:
            return
        self.name.setText(room.name)
        self.building.setText(room.building)
        self.location.setText(room.location)
        self.capacity.setValue(room.capacity or 0)
        self.equipment.setText("、".join(room.equipment))
        self.needs_approval.setChecked(room.needs_approval)
        self.approvers.chosen = dict.fromkeys(room.approver_ids, "")
        self.approvers.run_search()
        self.delete_button.setEnabled(True)

    def new_room(self) -> None:
        self.table.clearSelection()
        self.table.setCurrentCell(-1, -1)
        for edit in (self.name, self.building, self.location, self.equipment):
            edit.clear()
        self.capacity.setValue(0)
        self.needs_approval.setChecked(False)
        self.approvers.chosen = {}
        self.approvers.run_search()
        self.delete_button.setEnabled(False)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        room, person = self.current(), self.ctx.user.id
        if not self.name.text().strip():
            # (the record rule would name the field in English: "缺少必填内容：name")
            QMessageBox.warning(self, self.tr("无法保存"), self.tr("请填写会议室名称"))
            return
        equipment = [
            x.strip() for x in self.equipment.text().replace(",", "、").split("、") if x.strip()
        ]
        fields = {
            "name": self.name.text().strip(),
            "building": self.building.text().strip(),
            "location": self.location.text().strip(),
            "capacity": self.capacity.value() or None,
            "equipment": equipment,
            "needs_approval": self.needs_approval.isChecked(),
            "approver_ids": list(self.approvers.chosen),
        }

        def work(session: Session) -> Changes:
            if room is None:
                create_room(session, person_id=person, **fields)  # type: ignore[arg-type]
            else:
                update_room(session, person_id=person, room_id=room.id, **fields)
            return Changes(meetings=True, outbox=True)

        DbOp(self, work).run()

    def delete(self) -> None:
        room, person = self.current(), self.ctx.user.id
        if room is None:
            return

        def work(session: Session) -> Changes:
            delete_room(session, person_id=person, room_id=room.id)
            return Changes(meetings=True, outbox=True)

        DbOp(self, work).success(lambda _c: self.new_room()).run()
