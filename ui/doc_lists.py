"""The extra lists of the 收文 section: 待签收 (for the 收发员) and 督办 (for whoever follows items
up). Both hold only what is waiting on the office, so each is read whole on the database
worker and re-read when documents change (a sync, a step queued here).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.services.doc_queries import SupervisedRow, supervision_rows
from app.services.documents import MEETING, act, pending_exchanges, refuse, sign_for
from app.services.minutes import finish_decision
from app.sync.records import Data
from ui.context import AppContext
from ui.doc_dialogs import TextPrompt
from ui.documents import OVERDUE_COLOUR, URGENT_COLOUR, cn_date, cn_moment
from ui.models import build_table
from ui.operations import DbOp

T = TypeVar("T")
ModelIndex = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole
QUEUED = Changes(work_items=True, outbox=True)
Column = tuple[str, Callable[[Any], str], int]  # header, cell text, width (0: stretch)


class RowsModel(QAbstractTableModel, Generic[T]):
    """Rows shown whole. Overdue rows are red; a 缓急 column (``urgency_column``) bold, dark red."""

    def __init__(
        self,
        columns: Sequence[Column],
        overdue: Callable[[T], bool] = lambda _row: False,
        parent: QObject | None = None,
        *,
        urgency_column: int | None = 0,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._overdue = overdue
        self._urgency_column = urgency_column
        self._rows: list[T] = []

    def append_rows(self, rows: list[T]) -> None:
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def set_rows(self, rows: list[T]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, index: int) -> T | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def column_of(self, header: str) -> int:
        return [c[0] for c in self.columns].index(header)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index.row()) if index.isValid() else None
        if row is None:
            return None
        text = self.columns[index.column()][1](row)
        urgent_cell = index.column() == self._urgency_column and bool(text)
        value: Any = None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = text
        elif role == Qt.ItemDataRole.ForegroundRole and (self._overdue(row) or urgent_cell):
            value = QBrush(OVERDUE_COLOUR if self._overdue(row) else URGENT_COLOUR)
        elif role == Qt.ItemDataRole.FontRole and urgent_cell:
            value = QFont()
            value.setBold(True)
        elif role == ROW_ROLE:
            value = row
        return value


class _ListPanel(QWidget, Generic[T]):
    """A table of rows (or an empty-state line), a row of buttons acting on the selected row,
    and a notice line saying what was just done."""

    def __init__(
        self,
        ctx: AppContext,
        columns: Sequence[Column],
        *,
        name: str,
        empty: str,
        overdue: Callable[[T], bool] = lambda _row: False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model: RowsModel[T] = RowsModel(columns, overdue, self)
        self.table = build_table(self.model, name, [c[2] for c in columns])
        self.action_buttons: list[QPushButton] = []
        self.empty_label = QLabel(empty)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice = QLabel()
        self.notice.setObjectName("listNotice")
        self.notice.setStyleSheet("color: #1D6F42;")
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.notice, 1)
        self.results = QStackedWidget()
        self.results.addWidget(self.table)
        self.results.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(self.buttons)
        layout.addWidget(self.results, 1)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        ctx.taskman.changes_applied.connect(self._on_changes)

    def add_button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        """A button acting on the selected row (enabled only while one is selected)."""
        button = QPushButton(text)
        button.setObjectName(name)
        button.setEnabled(False)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        self.action_buttons.append(button)
        return button

    def selected(self) -> T | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select(self, row: int) -> None:
        self.table.selectRow(row)

    def load(self, work: Callable[[Session], list[T]]) -> None:
        DbOp(self, work).success(self._show).failure(self._load_failed).run()

    def _show(self, rows: list[T]) -> None:
        if shiboken6.isValid(self):
            self.model.set_rows(rows)
            self.results.setCurrentWidget(self.empty_label if not rows else self.table)
            self._on_selection()
            self.shown(len(rows))

    def shown(self, n: int) -> None:
        """After the rows are in place (the 待签收 tab shows their count)."""

    def _load_failed(self, exc: BaseException) -> None:
        # A list that cannot be read says so in place (a modal box on every refresh would nag).
        if shiboken6.isValid(self):
            self.notice.setText(self.tr("读取失败：{msg}").format(msg=exc))

    def _on_selection(self, *_args: object) -> None:
        chosen = self.selected() is not None
        for button in self.action_buttons:
            button.setEnabled(chosen)

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if (changes.work_items or changes.outbox) and shiboken6.isValid(self):
            self.reload()

    def reload(self) -> None:  # pragma: no cover - each panel has its own
        raise NotImplementedError


# --- 待签收 ------------------------------------------------------------------------------------


class ToSignView(_ListPanel[Data]):
    """Copies sent to this 收发员's unit by 分发, waiting for 签收 or 拒收. 签收 is decided by the
    server, which creates the 收文 at 待登记; here the copy leaves the list at once."""

    count_changed = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns: list[Column] = [
            (self.tr("缓急"), lambda r: r.get("urgency") or "", 56),
            (self.tr("来文单位"), lambda r: r.get("from_unit") or "", 170),
            (self.tr("文号"), lambda r: r.get("doc_number") or "", 170),
            (self.tr("标题"), lambda r: r.get("title") or "", 0),
            (self.tr("主送/抄送"), lambda r: r.get("kind") or "", 80),
            (self.tr("发送时间"), lambda r: cn_moment(r.get("sent_at")), 150),
        ]
        super().__init__(
            ctx, columns, name="toSignTable", empty=self.tr("没有待签收的公文"), parent=parent
        )
        self.setObjectName("toSignView")
        self.sign_button = self.add_button(self.tr("签收"), "primaryButton", self.sign_selected)
        self.refuse_button = self.add_button(self.tr("拒收…"), "refuseButton", self.refuse_selected)
        self.reload()

    def reload(self) -> None:
        self.load(partial(pending_exchanges, person_id=self.ctx.user.id))

    def shown(self, n: int) -> None:
        self.count_changed.emit(n)

    def sign_selected(self) -> None:
        copy = self.selected()
        if copy is None:
            return

        def work(session: Session) -> Changes:
            sign_for(session, person_id=self.ctx.user.id, exchange_id=str(copy["id"]))
            return QUEUED

        notice = self.tr("已签收《{title}》，同步后进入收文登记").format(title=copy.get("title"))
        DbOp(self, work).success(lambda _c: self.notice.setText(notice)).run()

    def refuse_selected(self) -> TextPrompt | None:
        """Ask for the reason (required), then queue the 拒收; returns the dialog (for tests)."""
        copy = self.selected()
        if copy is None:
            return None

        def work(session: Session, text: str) -> Changes:
            refuse(session, person_id=self.ctx.user.id, exchange_id=str(copy["id"]), reason=text)
            return QUEUED

        prompt = TextPrompt(
            title=self.tr("拒收"),
            label=self.tr("拒收《{title}》，退回{unit}。请说明理由：").format(
                title=copy.get("title"), unit=copy.get("from_unit")
            ),
            action=self.tr("拒收"),
            work=work,
            required=self.tr("拒收须填写理由"),
            placeholder=self.tr("如：非我单位职责，请核实主送机关"),
            parent=self,
        )
        notice = self.tr("已拒收，同步后退回来文单位")
        prompt.completed.connect(lambda: self.notice.setText(notice))
        prompt.open()
        return prompt


# --- 督办 --------------------------------------------------------------------------------------


class SupervisionView(_ListPanel[SupervisedRow]):
    """Every 收文 with a 时限 still being handled, most urgent first; overdue ones in red. 催办
    queues a reminder to the current handlers (recorded on the 收文 by the server)."""

    open_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        columns: list[Column] = [
            (self.tr("缓急"), lambda r: r.doc.urgency, 56),
            (self.tr("标题"), lambda r: r.doc.title, 0),
            (self.tr("收文编号"), lambda r: r.doc.doc_number, 160),
            (self.tr("主办"), lambda r: r.host or self.tr("未定"), 80),
            (self.tr("状态"), lambda r: r.doc.state_label, 64),
            (self.tr("时限"), lambda r: cn_date(r.doc.deadline), 120),
            (self.tr("剩余天数"), lambda r: self.days_left_text(r.days_left), 96),
            (
                self.tr("已催办"),
                lambda r: self.tr("{n} 次").format(n=r.urges) if r.urges else "",
                64,
            ),
        ]
        super().__init__(
            ctx,
            columns,
            name="supervisionTable",
            empty=self.tr("没有需要督办的公文"),
            overdue=lambda r: r.days_left < 0,
            parent=parent,
        )
        self.setObjectName("supervisionView")
        self.urge_button = self.add_button(self.tr("催办…"), "primaryButton", self.urge_selected)
        # A 纪要's 议定事项 sits in the same list: its owner (or the organizer) marks it 办结.
        self.finish_button = self.add_button(self.tr("办结"), "", self.finish_selected)
        self.table.doubleClicked.connect(self._on_activated)
        self.table.activated.connect(self._on_activated)
        self.reload()

    def _on_selection(self, *_args: object) -> None:
        row = self.selected()
        decision = row is not None and row.doc.direction == MEETING
        self.urge_button.setEnabled(row is not None and not decision)
        self.finish_button.setEnabled(decision)

    def days_left_text(self, days: int) -> str:
        if days < 0:
            return self.tr("超期 {n} 天").format(n=-days)
        return self.tr("今日到期") if days == 0 else self.tr("剩 {n} 天").format(n=days)

    def reload(self) -> None:
        self.load(supervision_rows)

    def _on_activated(self, index: QModelIndex) -> None:
        row = self.model.row(index.row())
        if row is None:
            return
        if row.doc.direction == MEETING:
            self.notice.setText(
                self.tr("议定事项《{item}》出自会议“{meeting}”，可在会议中查看纪要").format(
                    item=row.doc.title, meeting=row.doc.doc_number
                )
            )
        else:
            self.open_requested.emit(row.doc.id)

    def finish_selected(self) -> None:
        """办结 the selected 议定事项; a refusal (not its owner) is said in the notice line."""
        row = self.selected()
        if row is None or row.doc.direction != MEETING:
            return

        def work(session: Session) -> Changes:
            finish_decision(session, person_id=self.ctx.user.id, decision_id=row.doc.id)
            return QUEUED

        done = self.tr("已办结《{item}》，同步后从督办清单移除").format(item=row.doc.title)
        DbOp(self, work).success(lambda _c: self.notice.setText(done)).failure(
            lambda exc: self.notice.setText(str(exc))
        ).run()

    def urge_selected(self) -> TextPrompt | None:
        """Ask for an optional message, then queue the 催办; returns the dialog (for tests)."""
        row = self.selected()
        if row is None:
            return None

        def work(session: Session, text: str) -> Changes:
            args = {"text": text} if text else {}
            act(session, person_id=self.ctx.user.id, doc_id=row.doc.id, action="urge", **args)
            return QUEUED

        prompt = TextPrompt(
            title=self.tr("催办"),
            label=self.tr("催办《{title}》（时限 {deadline}）。给承办人的话（可不填）：").format(
                title=row.doc.title, deadline=cn_date(row.doc.deadline)
            ),
            action=self.tr("催办"),
            work=work,
            placeholder=self.tr("请抓紧办理"),
            parent=self,
        )
        notice = self.tr("已催办，同步后提醒承办人")
        prompt.completed.connect(lambda: self.notice.setText(notice))
        prompt.open()
        return prompt
