"""通讯录: the unit tree, a debounced search and a lazily paged table of people."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.domain.org import descendants
from app.services.org import PersonRow, UnitRow, list_units
from ui.context import AppContext
from ui.models import PERSON_ROLE, PeopleModel, role_labels
from ui.operations import DbOp

SEARCH_DEBOUNCE_MS = 200
UNIT_ID_ROLE = Qt.ItemDataRole.UserRole
TREE_ROW_HEIGHT = 28

_STYLE = """
QLineEdit#peopleSearch {
    min-height: 30px; padding: 0 8px; border: 1px solid #C9CFD6; border-radius: 4px;
    background: #FFFFFF;
}
QLineEdit#peopleSearch:focus { border-color: #1D4E89; }
QTreeView#unitTree, QTableView#peopleTable {
    border: 1px solid #E1E4E8; background: #FFFFFF; alternate-background-color: #F8F9FB;
    selection-background-color: #E2EAF5; selection-color: #1D4E89; outline: 0;
}
QTreeView#unitTree::item:selected, QTableView#peopleTable::item:selected {
    background: #E2EAF5; color: #1D4E89;
}
QTableView#peopleTable::item { padding: 0 6px; }
QHeaderView::section {
    background: #F3F4F6; color: #36404A; border: none; border-bottom: 1px solid #E1E4E8;
    border-right: 1px solid #E1E4E8; padding: 5px 6px; font-weight: 600;
}
QLabel#countLabel { color: #6B7785; padding-left: 8px; }
QLabel#emptyState {
    color: #7A8591; font-size: 14px; background: #FFFFFF; border: 1px solid #E1E4E8;
}
QFrame#personDetail { background: #FFFFFF; border: 1px solid #E1E4E8; border-radius: 6px; }
QLabel#detailName { font-size: 18px; font-weight: 600; color: #1F2D3D; }
QLabel#detailPlaceholder { color: #7A8591; }
"""


class AddressBookView(QWidget):
    """Units on the left, people on the right. ``person_activated`` fires on double-click/Enter."""

    person_activated = Signal(object)  # PersonRow

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._units: dict[str, UnitRow] = {}
        self._selected_unit: str | None = None
        self.setObjectName("addressBookView")
        self.setStyleSheet(_STYLE)

        self.unit_model = QStandardItemModel(self)
        self.unit_tree = QTreeView()
        self.unit_tree.setObjectName("unitTree")
        self.unit_tree.setModel(self.unit_model)
        self.unit_tree.setHeaderHidden(True)
        self.unit_tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.unit_tree.setAccessibleName(self.tr("单位"))
        self.unit_tree.setMinimumWidth(200)

        self.search_box = QLineEdit()
        self.search_box.setObjectName("peopleSearch")
        self.search_box.setPlaceholderText(self.tr("搜索姓名、拼音首字母（如 zhs）或电话"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(self.tr("搜索人员"))
        self.search_box.installEventFilter(self)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")

        self.people = PeopleModel(self)
        self.table = self._build_table(self.people)
        self.empty_label = QLabel(self.tr("没有找到匹配的人员"))
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.results = QStackedWidget()
        self.results.addWidget(self.table)
        self.results.addWidget(self.empty_label)

        self.detail = self._build_detail()

        self._lay_out()

        # Typing restarts the timer: the query runs once the user pauses, never per keystroke.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search_box.textChanged.connect(self._debounce.start)

        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)

        self.unit_tree.selectionModel().selectionChanged.connect(self._on_unit_selected)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_person)
        self.table.doubleClicked.connect(self._on_activated)
        self.table.activated.connect(self._on_activated)
        self.people.loaded.connect(self._on_people_loaded)
        self.people.load_failed.connect(self._on_load_failed)
        ctx.taskman.changes_applied.connect(self._on_changes)

        self.reload_units()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.count_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(top)
        right_layout.addWidget(self.results, 1)
        right_layout.addWidget(self.detail)

        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.unit_tree)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 760])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)

    @staticmethod
    def _build_table(model: PeopleModel) -> QTableView:
        table = QTableView()
        table.setObjectName("peopleTable")
        table.setModel(model)
        table.setShowGrid(False)
        table.verticalHeader().setDefaultSectionSize(30)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((90, 190, 130, 120)):
            table.setColumnWidth(col, width)
        return table

    # --- public ---------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def select_unit(self, unit_id: str | None) -> None:
        """Select a unit in the tree (None: 全部单位); the table follows."""
        item = self._find_unit_item(unit_id)
        if item is not None:
            self.unit_tree.setCurrentIndex(item.index())

    def apply_filter(self) -> None:
        """Query now with the current text and unit (the debounce timer calls this)."""
        self._debounce.stop()
        unit_ids = None
        if self._selected_unit is not None:
            parent_of = {u.id: u.parent_id for u in self._units.values()}
            unit_ids = descendants(self._selected_unit, parent_of)
        self.people.set_filter(self.search_box.text(), unit_ids)

    def reload_units(self) -> None:
        """Re-read the unit tree, then the people under the (kept) selection."""
        DbOp(self, list_units).success(self._show_units).run()

    def current_person(self) -> PersonRow | None:
        return self.people.person(self.table.currentIndex().row())

    # --- unit tree ------------------------------------------------------------------------

    def _show_units(self, units: list[UnitRow]) -> None:
        self._units = {u.id: u for u in units}
        if self._selected_unit not in self._units:
            self._selected_unit = None
        selected = self._selected_unit
        self.unit_tree.selectionModel().blockSignals(True)
        self.unit_model.clear()
        root = QStandardItem(self.tr("全部单位"))
        root.setData(None, UNIT_ID_ROLE)
        root.setEditable(False)
        root.setSizeHint(QSize(0, TREE_ROW_HEIGHT))
        self.unit_model.appendRow(root)
        children: dict[str | None, list[UnitRow]] = {}
        for u in units:
            parent = u.parent_id if u.parent_id in self._units else None
            children.setdefault(parent, []).append(u)
        self._add_units(root, None, children)
        self.unit_tree.expandAll()
        current = self._find_unit_item(selected) or root
        self.unit_tree.setCurrentIndex(current.index())
        self.unit_tree.selectionModel().blockSignals(False)
        # Membership of a unit's subtree may have changed along with the tree: query again.
        self.apply_filter()

    def _add_units(
        self,
        parent_item: QStandardItem,
        parent_id: str | None,
        children: Mapping[str | None, list[UnitRow]],
    ) -> None:
        for unit in sorted(children.get(parent_id, []), key=lambda u: (u.sort_order, u.name)):
            item = QStandardItem(unit.name)
            item.setEditable(False)
            item.setSizeHint(QSize(0, TREE_ROW_HEIGHT))
            item.setData(unit.id, UNIT_ID_ROLE)
            item.setToolTip(self._unit_tooltip(unit))
            parent_item.appendRow(item)
            self._add_units(item, unit.id, children)

    def _unit_tooltip(self, unit: UnitRow) -> str:
        parts = [unit.level.label, unit.kind.label]
        if unit.code_prefix:
            parts.append(self.tr("机关代字：{code}").format(code=unit.code_prefix))
        return " · ".join(parts)

    def _find_unit_item(self, unit_id: str | None) -> QStandardItem | None:
        stack = [self.unit_model.item(r) for r in range(self.unit_model.rowCount())]
        while stack:
            item = stack.pop()
            if item.data(UNIT_ID_ROLE) == unit_id:
                return item
            stack.extend(item.child(r) for r in range(item.rowCount()))
        return None

    def _on_unit_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        unit_id = indexes[0].data(UNIT_ID_ROLE) if indexes else None
        if unit_id != self._selected_unit:
            self._selected_unit = unit_id
            self.apply_filter()

    # --- people ---------------------------------------------------------------------------

    def _on_people_loaded(self) -> None:
        total = self.people.total
        self.count_label.setText("" if total is None else self.tr("共 {n} 人").format(n=total))
        empty = total == 0
        self.results.setCurrentWidget(self.empty_label if empty else self.table)
        if self.table.currentIndex().row() < 0:
            self._show_person(None)

    def _on_load_failed(self, message: str) -> None:
        self.count_label.setText(self.tr("读取失败：{msg}").format(msg=message))

    def _on_current_person(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_person(current.data(PERSON_ROLE) if current.isValid() else None)

    def _on_activated(self, index: QModelIndex) -> None:
        person = index.data(PERSON_ROLE)
        if isinstance(person, PersonRow):
            self._show_person(person)
            self.person_activated.emit(person)

    def _build_detail(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("personDetail")
        self.detail_placeholder = QLabel(self.tr("选择一位人员查看详细信息"))
        self.detail_placeholder.setObjectName("detailPlaceholder")
        self.detail_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_name = QLabel()
        self.detail_name.setObjectName("detailName")
        self.detail_fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(12)
        for key, label in (
            ("unit", self.tr("单位")),
            ("title", self.tr("职务")),
            ("phone", self.tr("电话")),
            ("roles", self.tr("角色")),
        ):
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.detail_fields[key] = value
            form.addRow(label + self.tr("："), value)
        self._detail_body = QWidget()
        body = QVBoxLayout(self._detail_body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.detail_name)
        body.addLayout(form)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.detail_placeholder)
        layout.addWidget(self._detail_body)
        frame.setMinimumHeight(140)
        return frame

    def _show_person(self, person: PersonRow | None) -> None:
        self.detail_placeholder.setVisible(person is None)
        self._detail_body.setVisible(person is not None)
        if person is None:
            return
        self.detail_name.setText(person.name)
        self.detail_fields["unit"].setText(person.unit_name)
        self.detail_fields["title"].setText(person.title or "—")
        self.detail_fields["phone"].setText(person.phone or "—")
        self.detail_fields["roles"].setText(role_labels(person) or "—")

    # --- events ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and self.search_box.text():
                self.search_box.clear()
                self.apply_filter()
                return True
            if event.key() == Qt.Key.Key_Down:
                self._enter_table()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.apply_filter()  # no need to wait for the debounce
                return True
        return super().eventFilter(watched, event)

    def _enter_table(self) -> None:
        if self._debounce.isActive():
            self.apply_filter()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.table.currentIndex().row() < 0 and self.people.rowCount() > 0:
            self.table.setCurrentIndex(self.people.index(0, 0))

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.org:
            self.reload_units()
