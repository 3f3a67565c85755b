"""Who a notice goes to: whole units from the address book tree, people found by name, and the
sender's saved groups (常用分组), with a line summing up the choice.

The tree offers only the units this sender may address (``notice_views.compose_choices``, the
rule client and server share); people are searched in the whole address book, and one outside
the sender's reach is refused by name when the notice is sent. A unit reaches its people and
those of its 科室, now and whoever joins later while the notice is open.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.services.notice_queries import GroupRow, groups
from app.services.notice_views import UnitChoice
from app.services.notices import create_group, delete_group
from ui.action_dialog import PeoplePicker
from ui.context import AppContext
from ui.operations import DbOp

ID_ROLE = Qt.ItemDataRole.UserRole
GROUP_CHANGES = Changes(notices=True, outbox=True)


def _checked(item: QTreeWidgetItem | QListWidgetItem, on: bool) -> None:
    state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
    if isinstance(item, QTreeWidgetItem):
        item.setCheckState(0, state)
    else:
        item.setCheckState(state)


class RecipientPicker(QWidget):
    """``changed`` fires whenever the choice changes (the summary follows)."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("recipientPicker")
        self.units = QTreeWidget()
        self.units.setObjectName("recipientUnits")
        self.units.setHeaderHidden(True)
        self.units.setUniformRowHeights(True)
        self.units.itemChanged.connect(lambda *_: self._update())
        self.people = PeoplePicker(ctx)
        self.people.results.itemChanged.connect(lambda *_: self._update())
        self.group_list = QListWidget()
        self.group_list.setObjectName("recipientGroups")
        self.group_list.itemChanged.connect(lambda *_: self._update())
        self.save_group_button = QPushButton(self.tr("将当前选择存为分组…"))
        self.save_group_button.setObjectName("saveGroup")
        self.save_group_button.clicked.connect(self.ask_group_name)
        self.delete_group_button = QPushButton(self.tr("删除分组"))
        self.delete_group_button.setObjectName("deleteGroup")
        self.delete_group_button.clicked.connect(self.delete_selected_group)
        self.groups: list[GroupRow] = []

        groups_page = QWidget()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_group_button)
        buttons.addWidget(self.delete_group_button)
        buttons.addStretch(1)
        column = QVBoxLayout(groups_page)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(self.group_list, 1)
        column.addLayout(buttons)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("recipientTabs")
        self.tabs.addTab(self.units, self.tr("单位"))
        self.tabs.addTab(self.people, self.tr("人员"))
        self.tabs.addTab(groups_page, self.tr("常用分组"))
        self.summary = QLabel(self.tr("尚未选择接收范围"))
        self.summary.setObjectName("recipientSummary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)

    # --- filling --------------------------------------------------------------------------

    def set_units(self, units: Sequence[UnitChoice]) -> None:
        self.units.blockSignals(True)
        self.units.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for unit in units:
            item = QTreeWidgetItem([unit.name])
            item.setData(0, ID_ROLE, unit.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            if unit.kind == "agency":
                item.setToolTip(0, self.tr("{name}及其内设科室的全体人员").format(name=unit.name))
            items[unit.id] = item
        for unit in units:
            parent = items.get(unit.parent_id or "")
            if parent is not None:
                parent.addChild(items[unit.id])
            else:
                self.units.addTopLevelItem(items[unit.id])
        self.units.expandToDepth(0)
        self.units.blockSignals(False)
        self._update()

    def set_groups(self, rows: Sequence[GroupRow]) -> None:
        chosen = set(self.group_ids())
        self.groups = list(rows)
        self.group_list.blockSignals(True)
        self.group_list.clear()
        for g in rows:
            size = self.tr("{u} 个单位、{p} 人").format(u=len(g.unit_ids), p=len(g.person_ids))
            item = QListWidgetItem(f"{g.name}　（{size}）")
            item.setData(ID_ROLE, g.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, g.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            _checked(item, g.id in chosen)
            self.group_list.addItem(item)
        self.group_list.blockSignals(False)
        self._update()

    def preset(self, unit_ids: list[str], people: dict[str, str], group_ids: list[str]) -> None:
        """Show a draft's choice (people: id -> name)."""
        for item in self._unit_items():
            _checked(item, item.data(0, ID_ROLE) in unit_ids)
        for row in range(self.group_list.count()):
            group = self.group_list.item(row)
            _checked(group, group.data(ID_ROLE) in group_ids)
        self.people.chosen = dict(people)
        self.people.run_search()
        self._update()

    # --- reading --------------------------------------------------------------------------

    def _unit_items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        stack = [self.units.topLevelItem(i) for i in range(self.units.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            if item is not None:
                out.append(item)
                stack[:0] = [item.child(i) for i in range(item.childCount())]
        return out

    def unit_ids(self) -> list[str]:
        return [
            str(item.data(0, ID_ROLE))
            for item in self._unit_items()
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def person_ids(self) -> list[str]:
        return self.people.ids()

    def group_ids(self) -> list[str]:
        return [
            str(self.group_list.item(r).data(ID_ROLE))
            for r in range(self.group_list.count())
            if self.group_list.item(r).checkState() == Qt.CheckState.Checked
        ]

    def choose_unit(self, name: str) -> bool:
        """Tick the unit called ``name`` (keyboard-free use and tests)."""
        for item in self._unit_items():
            if item.text(0) == name:
                _checked(item, True)
                return True
        return False

    def choose_group(self, name: str) -> bool:
        for row in range(self.group_list.count()):
            item = self.group_list.item(row)
            if item.data(Qt.ItemDataRole.AccessibleTextRole) == name:
                _checked(item, True)
                return True
        return False

    def _update(self) -> None:
        units, people, chosen = self.unit_ids(), self.person_ids(), self.group_ids()
        parts = []
        if units:
            names = [i.text(0) for i in self._unit_items() if i.data(0, ID_ROLE) in units]
            parts.append(self.tr("单位：{names}").format(names="、".join(names)))
        if people:
            names = list(self.people.chosen.values())
            parts.append(self.tr("人员：{names}").format(names="、".join(names)))
        if chosen:
            names = [g.name for g in self.groups if g.id in chosen]
            parts.append(self.tr("分组：{names}").format(names="、".join(names)))
        self.summary.setText("；".join(parts) if parts else self.tr("尚未选择接收范围"))
        self.changed.emit()

    # --- 常用分组 ---------------------------------------------------------------------------

    def reload_groups(self) -> None:
        work = partial(groups, person_id=self.ctx.user.id)
        DbOp(self, work).success(
            lambda rows: self.set_groups(rows) if shiboken6.isValid(self) else None
        ).run()

    def ask_group_name(self) -> None:
        if not self.unit_ids() and not self.person_ids():
            QMessageBox.information(
                self, self.tr("常用分组"), self.tr("请先勾选要存入分组的单位或人员")
            )
            return
        name, ok = QInputDialog.getText(self, self.tr("存为常用分组"), self.tr("分组名称："))
        if ok:
            self.save_group(name)

    def save_group(self, name: str) -> None:
        """Keep the units and people ticked now as a group of this person."""
        units, people = self.unit_ids(), self.person_ids()

        def work(session: Session) -> Changes:
            create_group(
                session,
                person_id=self.ctx.user.id,
                name=name,
                unit_ids=units,
                person_ids=people,
            )
            return GROUP_CHANGES

        DbOp(self, work).success(lambda _c: self.reload_groups()).run()

    def delete_selected_group(self) -> None:
        item = self.group_list.currentItem()
        if item is None:
            return
        group_id = str(item.data(ID_ROLE))

        def work(session: Session) -> Changes:
            delete_group(session, person_id=self.ctx.user.id, group_id=group_id)
            return GROUP_CHANGES

        DbOp(self, work).success(lambda _c: self.reload_groups()).run()
