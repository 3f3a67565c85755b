"""系统管理 (for the 系统管理员 role): units, people, roles, passwords and devices on the server.

Online only — the admin REST API changes the server's org tree, and this client's address book
follows by sync (``org_changed`` asks the window to sync now). Requests run on the network pool;
results and errors appear in the window's message line, never in a popup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.domain.org import Role, UnitKind, UnitLevel
from app.services import admin_api
from app.services.admin_api import DeviceRow
from app.services.org import PersonRow, UnitRow, list_units, search_people
from ui.conflicts import RowsModel, _table
from ui.context import AppContext
from ui.operations import DbOp, NetOp
from ui.sections import icon
from ui.statusbar import format_last_sync

if TYPE_CHECKING:
    from app.sync.transport import Transport

T = TypeVar("T")
ERROR_COLOUR = "#C8102E"
OK_COLOUR = "#2E7D32"


def _load_org(session: Session) -> tuple[list[UnitRow], list[PersonRow]]:
    return list_units(session), search_people(session, limit=5000)


def _password_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class RoleChecks(QWidget):
    """One checkbox per role, in two columns."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[Role, QCheckBox] = {}
        for i, role in enumerate(Role):
            box = QCheckBox(role.label, self)
            self.boxes[role] = box
            grid.addWidget(box, i // 3, i % 3)

    def roles(self) -> list[Role]:
        return [role for role, box in self.boxes.items() if box.isChecked()]

    def set_roles(self, roles: tuple[Role, ...] | list[Role]) -> None:
        for role, box in self.boxes.items():
            box.setChecked(role in roles)


class AdminView(QWidget):
    org_changed = Signal()  # units or people changed on the server: sync to see them here

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("adminView")
        self.units: list[UnitRow] = []
        self.people: list[PersonRow] = []
        self.message = QLabel(self)
        self.message.setObjectName("adminMessage")
        self.message.setWordWrap(True)
        hint = QLabel(self.tr("系统管理直接修改服务器上的数据，需要连接服务器。"), self)
        hint.setObjectName("hint")
        hint.setStyleSheet("color: #6B7785;")
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._units_tab(), self.tr("单位"))
        self.tabs.addTab(self._people_tab(), self.tr("人员与角色"))
        self.tabs.addTab(self._devices_tab(), self.tr("设备"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(hint)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        ctx.taskman.changes_applied.connect(self._on_changes)
        self.reload_org()

    @Slot(object, object)
    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.org and shiboken6.isValid(self):
            self.reload_org()

    # -- tabs -----------------------------------------------------------------------------------

    def _units_tab(self) -> QWidget:
        page = QWidget(self)
        self.unit_name = QLineEdit(page)
        self.unit_parent = QComboBox(page)
        self.unit_level = QComboBox(page)
        for level in UnitLevel:
            self.unit_level.addItem(level.label, level)
        self.unit_level.setCurrentIndex(list(UnitLevel).index(UnitLevel.COUNTY))
        self.unit_kind = QComboBox(page)
        for kind in UnitKind:
            self.unit_kind.addItem(kind.label, kind)
        self.unit_code = QLineEdit(page)
        self.unit_code.setPlaceholderText(self.tr("机关的发文代字，如 塔政办"))
        self.unit_short = QLineEdit(page)
        self.create_unit_button = QPushButton(self.tr("新建单位"), page)
        self.create_unit_button.clicked.connect(self.create_unit)
        form = QFormLayout(page)
        form.addRow(self.tr("名称"), self.unit_name)
        form.addRow(self.tr("上级单位"), self.unit_parent)
        form.addRow(self.tr("级别"), self.unit_level)
        form.addRow(self.tr("类型"), self.unit_kind)
        form.addRow(self.tr("发文代字"), self.unit_code)
        form.addRow(self.tr("简称"), self.unit_short)
        form.addRow("", self.create_unit_button)
        return page

    def _people_tab(self) -> QWidget:
        page = QWidget(self)
        new = QGroupBox(self.tr("新建人员"), page)
        self.person_unit = QComboBox(new)
        self.person_username = QLineEdit(new)
        self.person_name = QLineEdit(new)
        self.person_title = QLineEdit(new)
        self.person_phone = QLineEdit(new)
        self.person_password = _password_field(new)
        self.person_roles = RoleChecks(new)
        self.create_person_button = QPushButton(self.tr("新建人员"), new)
        self.create_person_button.clicked.connect(self.create_person)
        form = QFormLayout(new)
        form.addRow(self.tr("所属单位"), self.person_unit)
        form.addRow(self.tr("登录名"), self.person_username)
        form.addRow(self.tr("姓名"), self.person_name)
        form.addRow(self.tr("职务"), self.person_title)
        form.addRow(self.tr("电话"), self.person_phone)
        form.addRow(self.tr("初始密码"), self.person_password)
        form.addRow(self.tr("角色"), self.person_roles)
        form.addRow("", self.create_person_button)

        existing = QGroupBox(self.tr("现有人员"), page)
        self.existing_person = QComboBox(existing)
        self.existing_person.currentIndexChanged.connect(self._existing_selected)
        self.existing_roles = RoleChecks(existing)
        self.save_roles_button = QPushButton(self.tr("保存角色"), existing)
        self.save_roles_button.clicked.connect(self.save_roles)
        self.new_password = _password_field(existing)
        self.reset_password_button = QPushButton(self.tr("重置密码"), existing)
        self.reset_password_button.clicked.connect(self.reset_password)
        password_row = QHBoxLayout()
        password_row.addWidget(self.new_password, 1)
        password_row.addWidget(self.reset_password_button)
        form2 = QFormLayout(existing)
        form2.addRow(self.tr("人员"), self.existing_person)
        form2.addRow(self.tr("角色"), self.existing_roles)
        form2.addRow("", self.save_roles_button)
        form2.addRow(self.tr("新密码"), password_row)

        layout = QHBoxLayout(page)
        layout.addWidget(new, 1)
        layout.addWidget(existing, 1)
        return page

    def _devices_tab(self) -> QWidget:
        page = QWidget(self)
        self.devices = RowsModel[DeviceRow](
            [
                self.tr("人员"),
                self.tr("登录名"),
                self.tr("设备名称"),
                self.tr("首次登录"),
                self.tr("最近连接"),
                self.tr("状态"),
            ],
            lambda d: (
                d.person_name,
                d.username,
                d.name,
                format_last_sync(d.created_at),
                format_last_sync(d.last_seen_at),
                self.tr("已吊销") if d.revoked_at else self.tr("正常"),
            ),
            page,
        )
        self.devices_view: QTableView = _table(self.devices, page)
        self.devices_view.setObjectName("devicesTable")
        self.refresh_devices_button = QPushButton(icon("sync"), self.tr("刷新"), page)
        self.refresh_devices_button.clicked.connect(self.load_devices)
        self.revoke_button = QPushButton(self.tr("吊销设备"), page)
        self.revoke_button.setToolTip(self.tr("该设备需重新登录才能再同步"))
        self.revoke_button.clicked.connect(self.revoke_device)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_devices_button)
        buttons.addWidget(self.revoke_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.devices_view, 1)
        layout.addLayout(buttons)
        return page

    # -- plumbing -------------------------------------------------------------------------------

    def _say(self, text: str, colour: str = OK_COLOUR) -> None:
        if shiboken6.isValid(self):
            self.message.setStyleSheet(f"color: {colour};")
            self.message.setText(text)

    def _net(self, fn: Callable[[Transport], T], done: Callable[[T], None]) -> None:
        """Run ``fn(transport)`` on the network pool; a failure is shown in the message line."""
        ctx = self.ctx

        def work() -> T:
            transport = ctx.transport()
            transport.attempts = 2  # an administrator at the desk: say "offline" quickly
            transport.backoff_base = 0.2
            return fn(transport)

        self.message.clear()
        NetOp(self, work).success(done).failure(lambda e: self._say(str(e), ERROR_COLOUR)).run()

    def reload_org(self) -> None:
        DbOp(self, _load_org).success(self._show_org).run()

    def _show_org(self, loaded: tuple[list[UnitRow], list[PersonRow]]) -> None:
        if not shiboken6.isValid(self):
            return
        self.units, self.people = loaded
        top = self.tr("（无，顶级单位）")
        for combo, first in ((self.unit_parent, top), (self.person_unit, None)):
            current = combo.currentData()
            combo.clear()
            if first is not None:
                combo.addItem(first, None)
            for unit in self.units:
                combo.addItem(unit.name, unit.id)
            if current is not None:
                combo.setCurrentIndex(max(0, combo.findData(current)))
        current = self.existing_person.currentData()
        self.existing_person.clear()
        for person in self.people:
            self.existing_person.addItem(
                f"{person.name}（{person.username} · {person.unit_name}）", person.id
            )
        if current is not None:
            self.existing_person.setCurrentIndex(max(0, self.existing_person.findData(current)))

    def _person(self) -> PersonRow | None:
        pid = self.existing_person.currentData()
        return next((p for p in self.people if p.id == pid), None)

    @Slot()
    def _existing_selected(self) -> None:
        person = self._person()
        self.existing_roles.set_roles(person.roles if person else [])

    def _org_done(self, text: str) -> None:
        self._say(text)
        self.org_changed.emit()

    # -- actions --------------------------------------------------------------------------------

    @Slot()
    def create_unit(self) -> None:
        name = self.unit_name.text()
        fn = partial(
            admin_api.create_unit,
            name=name,
            level=UnitLevel(self.unit_level.currentData()),  # Qt hands the enum back as str
            kind=UnitKind(self.unit_kind.currentData()),
            parent_id=self.unit_parent.currentData(),
            code_prefix=self.unit_code.text(),
            short_name=self.unit_short.text(),
        )

        def done(_unit_id: str) -> None:
            self.unit_name.clear()
            self._org_done(self.tr("已新建单位：{name}").format(name=name.strip()))

        self._net(fn, done)

    @Slot()
    def create_person(self) -> None:
        name = self.person_name.text()
        fn = partial(
            admin_api.create_person,
            unit_id=self.person_unit.currentData() or "",
            username=self.person_username.text(),
            name=name,
            password=self.person_password.text(),
            title=self.person_title.text(),
            phone=self.person_phone.text(),
            roles=self.person_roles.roles(),
        )

        def done(_person_id: str) -> None:
            for field in (self.person_username, self.person_name, self.person_password):
                field.clear()
            self._org_done(self.tr("已新建人员：{name}").format(name=name.strip()))

        self._net(fn, done)

    @Slot()
    def save_roles(self) -> None:
        person = self._person()
        if person is None:
            return
        fn = partial(admin_api.set_roles, person_id=person.id, roles=self.existing_roles.roles())
        self._net(
            fn,
            lambda _roles: self._org_done(self.tr("已保存{name}的角色").format(name=person.name)),
        )

    @Slot()
    def reset_password(self) -> None:
        person = self._person()
        if person is None:
            return
        fn = partial(
            admin_api.reset_password, person_id=person.id, password=self.new_password.text()
        )

        def done(_: Any) -> None:
            self.new_password.clear()
            self._say(self.tr("已重置{name}的密码").format(name=person.name))

        self._net(fn, done)

    @Slot()
    def load_devices(self) -> None:
        def done(rows: list[DeviceRow]) -> None:
            if shiboken6.isValid(self):
                self.devices.set_rows(rows)
                self.devices_view.resizeColumnsToContents()

        self._net(admin_api.list_devices, done)

    @Slot()
    def revoke_device(self) -> None:
        rows = self.devices_view.selectionModel().selectedRows()
        if not rows:
            self._say(self.tr("请先选择要吊销的设备"), ERROR_COLOUR)
            return
        device = self.devices.rows[rows[0].row()]
        fn = partial(admin_api.revoke_device, device_id=device.id)

        def done(_: DeviceRow) -> None:
            self.load_devices()  # clears the message line: say it afterwards
            self._say(self.tr("已吊销设备：{name}").format(name=device.name))

        self._net(fn, done)


class AdminDialog(QDialog):
    """系统管理 in its own non-modal window."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminDialog")
        self.setWindowTitle(self.tr("系统管理 — 政通办公"))
        self.setWindowIcon(icon("settings"))
        self.view = AdminView(ctx, self)
        self.org_changed = self.view.org_changed
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.resize(980, 600)
        self.view.tabs.currentChanged.connect(self._tab_changed)

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        if index == 2 and not self.view.devices.rows:
            self.view.load_devices()
