"""Table models over service queries, loaded page by page on the database worker."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView
from sqlalchemy.orm import Session

from app.services.org import PersonRow, count_people, search_people
from ui.operations import DbOp

ModelIndex = QModelIndex | QPersistentModelIndex
PERSON_ROLE = Qt.ItemDataRole.UserRole


def role_labels(person: PersonRow) -> str:
    return "、".join(role.label for role in person.roles)


class PeopleModel(QAbstractTableModel):
    """People matching a query and a set of units; rows arrive ``page_size`` at a time.

    Each filter change bumps a generation number: a page that was asked for under an older
    filter is dropped when it arrives, so fast typing never mixes results of two queries.
    """

    # Emitted after the total or the rows change (count label, empty state).
    loaded = Signal()
    load_failed = Signal(str)

    PAGE_SIZE = 100

    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self._rows: list[PersonRow] = []
        self._total: int | None = None
        self._query = ""
        self._unit_ids: set[str] | None = None
        self._generation = 0
        self._loading = False
        self._headers = [
            self.tr("姓名"),
            self.tr("单位"),
            self.tr("职务"),
            self.tr("电话"),
            self.tr("角色"),
        ]

    # --- filter and loading -------------------------------------------------------------

    @property
    def total(self) -> int | None:
        """How many people match (None until the first page has arrived)."""
        return self._total

    @property
    def loading(self) -> bool:
        return self._loading

    def set_filter(self, query: str, unit_ids: set[str] | None) -> None:
        """Start over with a new filter: count and first page in one read."""
        self._query, self._unit_ids = query, unit_ids
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._total = None
        self.endResetModel()
        generation, query, unit_ids, size = (
            self._generation,
            self._query,
            self._unit_ids,
            self.page_size,
        )

        def first_page(session: Session) -> tuple[int, list[PersonRow]]:
            total = count_people(session, query=query, unit_ids=unit_ids)
            rows = search_people(session, query=query, unit_ids=unit_ids, limit=size)
            return total, rows

        def done(result: tuple[int, list[PersonRow]]) -> None:
            if generation != self._generation:
                return
            self._loading = False
            self._total = result[0]
            self._append(result[1])

        self._loading = True
        DbOp(None, first_page).success(done).failure(self._failed(generation)).run()

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._loading or self._total is None:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        generation, query, unit_ids = self._generation, self._query, self._unit_ids
        offset, size = len(self._rows), self.page_size

        def page(session: Session) -> list[PersonRow]:
            return search_people(session, query=query, unit_ids=unit_ids, limit=size, offset=offset)

        def done(rows: list[PersonRow]) -> None:
            if generation != self._generation:
                return
            self._loading = False
            if not rows:
                # The table shrank under us (a sync removed people): stop asking for more.
                self._total = len(self._rows)
                self.loaded.emit()
                return
            self._append(rows)

        self._loading = True
        DbOp(None, page).success(done).failure(self._failed(generation)).run()

    def _append(self, rows: list[PersonRow]) -> None:
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.loaded.emit()

    def _failed(self, generation: int) -> Callable[[BaseException], None]:
        def handle(exc: BaseException) -> None:
            if generation == self._generation:
                self._loading = False
                self.load_failed.emit(str(exc))

        return handle

    # --- Qt model API -------------------------------------------------------------------

    def person(self, row: int) -> PersonRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        person = self.person(index.row()) if index.isValid() else None
        if person is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            col = index.column()
            values = (
                person.name,
                person.unit_name,
                person.title or "",
                person.phone or "",
                role_labels(person),
            )
            return values[col]
        if role == PERSON_ROLE:
            return person
        return None


def build_table(model: QAbstractItemModel, name: str, widths: Sequence[int]) -> QTableView:
    """A read-only list table as the 公文 lists show them: whole rows selected, no grid, one
    line per row. ``widths``: pixels per column; 0 lets that column take what is left."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setShowGrid(False)
    table.verticalHeader().setDefaultSectionSize(32)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for col, width in enumerate(widths):
        if width:
            table.setColumnWidth(col, width)
        else:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
    return table
