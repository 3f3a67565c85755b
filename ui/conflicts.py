"""同步冲突与被拒绝的更改: both values, who, and the server's reason, with the actions to resolve.

A non-modal window (from the status bar badge or 同步 → 同步冲突与被拒绝的更改…): work in the
main window goes on while it is open. Each action is a local change that syncs like any other
(app/services/sync_review.py); errors are shown inline, not in a popup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from html import escape
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.services.sync_review import (
    ConflictRow,
    RejectedRow,
    discard_rejected,
    list_conflicts,
    list_rejected,
    resolve_conflict,
    retry_rejected,
    value_text,
)
from ui.context import AppContext
from ui.operations import DbOp
from ui.sections import icon

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
ERROR_COLOUR = "#C8102E"
OK_COLOUR = "#2E7D32"
_STYLE = """
QLabel#reviewHeading { font-size: 18px; font-weight: 600; color: #1F2D3D; }
QLabel#reviewSection { font-size: 14px; font-weight: 600; color: #1D4E89; margin-top: 6px; }
QLabel#hint { color: #6B7785; }
"""


class RowsModel(QAbstractTableModel, Generic[R]):
    """A short list of rows (a handful of conflicts) shown as text columns."""

    def __init__(
        self, headers: Sequence[str], cells: Callable[[R], Sequence[str]], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._cells = cells
        self.rows: list[R] = []

    def set_rows(self, rows: list[R]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._cells(self.rows[index.row()])[index.column()]
            # One line in the table; the whole text below and in the tooltip.
            return text if role == Qt.ItemDataRole.ToolTipRole else text.replace("\n", " ")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


def _table(model: QAbstractTableModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def _record(type_label: str, title: str) -> str:
    return f"{type_label}《{title}》" if title else type_label


class ReviewView(QWidget):
    """The two lists and their actions; refreshes itself when a sync or an action changed them."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reviewView")
        self.setStyleSheet(_STYLE)
        heading = QLabel(self.tr("同步冲突与被拒绝的更改"), self)
        heading.setObjectName("reviewHeading")
        hint = QLabel(
            self.tr(
                "服务器拒绝的更改没有生效，本机已恢复为服务器上的内容；"
                "冲突中被覆盖的值仍保存在这里。处理结果会在下次同步时发送到服务器。"
            ),
            self,
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)

        self.rejected = RowsModel[RejectedRow](
            [self.tr("记录"), self.tr("尝试的更改"), self.tr("服务器的理由")],
            lambda r: (_record(r.type_label, r.record_title), r.attempted, r.error),
            self,
        )
        self.conflicts = RowsModel[ConflictRow](
            [
                self.tr("记录"),
                self.tr("字段"),
                self.tr("保留的值"),
                self.tr("被覆盖的值"),
                self.tr("修改人"),
                self.tr("原因"),
            ],
            lambda c: (
                _record(c.type_label, c.record_title),
                c.field_label,
                value_text(c.kept),
                value_text(c.lost),
                self.tr("保留：{kept}；被覆盖：{lost}").format(
                    kept=c.kept_by or "—", lost=c.lost_by or "—"
                ),
                c.reason,
            ),
            self,
        )
        self.rejected_view = _table(self.rejected, self)
        self.rejected_view.setObjectName("rejectedTable")
        self.conflicts_view = _table(self.conflicts, self)
        self.conflicts_view.setObjectName("conflictsTable")

        self._build_buttons()
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("reviewDetail")
        self.message = QLabel(self)
        self.message.setObjectName("reviewMessage")
        self.message.setWordWrap(True)
        self._build_layout(heading, hint)

        self.rejected_view.selectionModel().selectionChanged.connect(self._rejected_selected)
        self.conflicts_view.selectionModel().selectionChanged.connect(self._conflict_selected)
        ctx.taskman.changes_applied.connect(self._on_changes)
        self._update_buttons()
        self.refresh()

    def _build_buttons(self) -> None:
        self.retry_button = QPushButton(self.tr("重新提交"), self)
        self.retry_button.setToolTip(self.tr("把这条更改重新排入待同步队列，由服务器再次判断"))
        self.retry_button.clicked.connect(self.retry)
        self.discard_button = QPushButton(self.tr("放弃"), self)
        self.discard_button.setToolTip(self.tr("放弃本机的这条更改，保留服务器上的内容"))
        self.discard_button.clicked.connect(self.discard)
        self.use_lost_button = QPushButton(self.tr("采用被覆盖的值"), self)
        self.use_lost_button.setToolTip(self.tr("以被覆盖的值再修改一次该记录，并标记为已处理"))
        self.use_lost_button.clicked.connect(self.use_lost)
        self.resolve_button = QPushButton(self.tr("标记为已处理"), self)
        self.resolve_button.setToolTip(self.tr("保留现在的值，不再提示这处冲突"))
        self.resolve_button.clicked.connect(self.mark_resolved)

    def _build_layout(self, heading: QLabel, hint: QLabel) -> None:
        top = QWidget(self)
        lists = QVBoxLayout(top)
        lists.setContentsMargins(0, 0, 0, 0)
        self.rejected_title = self._section(lists, self.tr("被拒绝的更改"))
        lists.addWidget(self.rejected_view, 1)
        lists.addLayout(self._buttons(self.retry_button, self.discard_button))
        self.conflicts_title = self._section(lists, self.tr("同步冲突"))
        lists.addWidget(self.conflicts_view, 1)
        lists.addLayout(self._buttons(self.use_lost_button, self.resolve_button))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

    def _section(self, layout: QVBoxLayout, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("reviewSection")
        layout.addWidget(label)
        return label

    def _buttons(self, *buttons: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        return row

    # -- data ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        DbOp(self, _load).success(self._show).failure(
            lambda exc: self._say(str(exc), ERROR_COLOUR)
        ).run()

    def _show(self, loaded: tuple[list[RejectedRow], list[ConflictRow]]) -> None:
        if not shiboken6.isValid(self):
            return
        rejected, conflicts = loaded
        self.rejected.set_rows(rejected)
        self.conflicts.set_rows(conflicts)
        self.rejected_title.setText(self.tr("被拒绝的更改（{n}）").format(n=len(rejected)))
        self.conflicts_title.setText(self.tr("同步冲突（{n}）").format(n=len(conflicts)))
        for view in (self.rejected_view, self.conflicts_view):
            view.resizeColumnsToContents()
            for column in range(view.model().columnCount() - 1):
                view.setColumnWidth(column, min(view.columnWidth(column), 260))
        if rejected:
            self.rejected_view.selectRow(0)
        elif conflicts:
            self.conflicts_view.selectRow(0)
        else:
            self.detail.setHtml(self.tr("<p>没有需要处理的同步冲突或被拒绝的更改。</p>"))
        self._update_buttons()

    def selected_rejected(self) -> RejectedRow | None:
        rows = self.rejected_view.selectionModel().selectedRows()
        return self.rejected.rows[rows[0].row()] if rows else None

    def selected_conflict(self) -> ConflictRow | None:
        rows = self.conflicts_view.selectionModel().selectedRows()
        return self.conflicts.rows[rows[0].row()] if rows else None

    @Slot()
    def _rejected_selected(self) -> None:
        row = self.selected_rejected()
        if row is not None:
            self.conflicts_view.clearSelection()
            self.detail.setHtml(
                f"<h3>{escape(_record(row.type_label, row.record_title))}</h3>"
                f"<p><b>{self.tr('尝试的更改')}：</b>{escape(row.attempted)}</p>"
                f"<p><b>{self.tr('服务器的理由')}：</b>{escape(row.error)}</p>"
            )
        self._update_buttons()

    @Slot()
    def _conflict_selected(self) -> None:
        row = self.selected_conflict()
        if row is not None:
            self.rejected_view.clearSelection()
            self.detail.setHtml(
                f"<h3>{escape(_record(row.type_label, row.record_title))} · "
                f"{escape(row.field_label)}</h3>"
                f"<p><b>{self.tr('保留的值')}（{escape(row.kept_by)}）：</b>"
                f"{escape(value_text(row.kept))}</p>"
                f"<p><b>{self.tr('被覆盖的值')}（{escape(row.lost_by)}）：</b>"
                f"{escape(value_text(row.lost))}</p>"
                f"<p><b>{self.tr('原因')}：</b>{escape(row.reason)}</p>"
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_rejected = self.selected_rejected() is not None
        has_conflict = self.selected_conflict() is not None
        self.retry_button.setEnabled(has_rejected)
        self.discard_button.setEnabled(has_rejected)
        self.use_lost_button.setEnabled(has_conflict)
        self.resolve_button.setEnabled(has_conflict)

    # -- actions ------------------------------------------------------------------------------

    def _run(self, fn: Callable[[Session], Changes], done: str) -> None:
        self.message.clear()
        DbOp(self, fn).success(lambda _: self._say(done, OK_COLOUR)).failure(
            lambda exc: self._say(str(exc), ERROR_COLOUR)
        ).run()

    def _say(self, text: str, colour: str) -> None:
        if shiboken6.isValid(self):
            self.message.setStyleSheet(f"color: {colour};")
            self.message.setText(text)

    @Slot()
    def retry(self) -> None:
        row = self.selected_rejected()
        if row is not None:
            fn = partial(retry_rejected, person_id=self.ctx.user.id, mutation_id=row.mutation_id)
            self._run(fn, self.tr("已重新排入待同步队列，将在下次同步时提交"))

    @Slot()
    def discard(self) -> None:
        row = self.selected_rejected()
        if row is not None:
            self._run(
                partial(discard_rejected, mutation_id=row.mutation_id),
                self.tr("已放弃本机的更改"),
            )

    @Slot()
    def use_lost(self) -> None:
        row = self.selected_conflict()
        if row is not None:
            fn = partial(
                resolve_conflict, person_id=self.ctx.user.id, conflict_id=row.id, use_lost=True
            )
            self._run(fn, self.tr("已采用被覆盖的值，将在下次同步时提交"))

    @Slot()
    def mark_resolved(self) -> None:
        row = self.selected_conflict()
        if row is not None:
            fn = partial(resolve_conflict, person_id=self.ctx.user.id, conflict_id=row.id)
            self._run(fn, self.tr("已标记为已处理"))

    @Slot(object, object)
    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if (changes.sync_state or changes.outbox) and shiboken6.isValid(self):
            self.refresh()


def _load(session: Session) -> tuple[list[RejectedRow], list[ConflictRow]]:
    return list_rejected(session), list_conflicts(session)


class ReviewDialog(QDialog):
    """The view in its own non-modal window."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self.setWindowTitle(self.tr("同步冲突与被拒绝的更改 — 政通办公"))
        self.setWindowIcon(icon("zhengtong"))
        self.setModal(False)
        self.view = ReviewView(ctx, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.resize(1000, 640)
