"""公文检索: full text, 标题, 文号, 来文单位, 文种, a date range and 收文/发文, newest first.

The query runs on the database worker through app.search (any query length: one Chinese
character, two, or a phrase); a page of results comes back as rows with a snippet of the body
around the match, and "更多" asks for the next page. Double-clicking a row opens the document.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import shiboken6
from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.document import DOC_TYPES
from app.search import DocQuery
from app.services.doc_queries import SearchHit, SearchResult, search_rows
from ui.context import AppContext
from ui.doc_lists import Column, RowsModel
from ui.documents import cn_date
from ui.models import build_table
from ui.operations import DbOp

PAGE_SIZE = 50
SNIPPET_WIDTH = 26  # characters: what the 摘要 column shows at the dialog's usual width
# The earliest date a QDateEdit offers; showing it means "no bound" (its special value text).
NO_DATE = QDate(2000, 1, 1)


def date_edit(name: str, unbounded: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setDisplayFormat("yyyy年M月d日")
    edit.setCalendarPopup(True)
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(unbounded)
    edit.setDate(NO_DATE)
    return edit


def date_of(edit: QDateEdit) -> date | None:
    value = edit.date()
    if value == edit.minimumDate():
        return None
    return date(value.year(), value.month(), value.day())


def set_date(edit: QDateEdit, value: date | None) -> None:
    edit.setDate(QDate(value.year, value.month, value.day) if value else edit.minimumDate())


_STYLE = """
QLabel#emptyState {
    color: #7A8591; font-size: 14px; background: #FFFFFF; border: 1px solid #E1E4E8;
}
QLabel#countLabel { color: #6B7785; }
QTableView#searchTable {
    border: 1px solid #E1E4E8; background: #FFFFFF; alternate-background-color: #F8F9FB;
    selection-background-color: #E2EAF5; selection-color: #1D4E89; outline: 0;
}
QHeaderView::section {
    background: #F3F4F6; color: #36404A; border: none; border-bottom: 1px solid #E1E4E8;
    border-right: 1px solid #E1E4E8; padding: 5px 6px; font-weight: 600;
}
"""


class SearchDialog(QDialog):
    """Non-modal; ``open_requested(doc_id)`` asks the host to open a result's window."""

    open_requested = Signal(str)
    searched = Signal()  # a page of results is shown

    def __init__(
        self, ctx: AppContext, direction: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("searchDialog")
        self.setWindowTitle(self.tr("公文检索 — 政通办公"))
        self.resize(1000, 660)
        self._query = DocQuery()
        self._generation = 0
        self._loading = False
        self._build_fields(direction)
        self._build_results()
        self._lay_out()
        self.setStyleSheet(_STYLE)
        self.text.setFocus()

    def _build_fields(self, direction: str | None) -> None:
        self.text = self._line("searchText", self.tr("正文、标题、文号或单位中的字词，空格分隔"))
        self.title_edit = self._line("searchTitle", self.tr("标题中的字词"))
        self.number = self._line("searchNumber", self.tr("如：塔政发、〔2026〕、12号"))
        self.unit = self._line("searchUnit", self.tr("来文单位或发文单位"))
        self.doc_type = QComboBox()
        self.doc_type.setObjectName("searchType")
        self.doc_type.addItem(self.tr("全部文种"), None)
        for doc_type in DOC_TYPES:
            self.doc_type.addItem(doc_type, doc_type)
        self.direction = QComboBox()
        self.direction.setObjectName("searchDirection")
        for label, value in (
            (self.tr("全部"), None),
            (self.tr("收文"), "in"),
            (self.tr("发文"), "out"),
        ):
            self.direction.addItem(label, value)
        self.direction.setCurrentIndex(max(self.direction.findData(direction), 0))
        self.date_from = date_edit("dateFrom", self.tr("不限"))
        self.date_to = date_edit("dateTo", self.tr("不限"))

        self.search_button = QPushButton(self.tr("检索"))
        self.search_button.setObjectName("primaryButton")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.run_search)
        self.clear_button = QPushButton(self.tr("清空条件"))
        self.clear_button.setObjectName("clearButton")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear)

    def _build_results(self) -> None:
        columns: list[Column] = [
            (self.tr("标题"), lambda h: h.title, 280),
            (self.tr("文号"), lambda h: h.doc_number, 160),
            (self.tr("来文单位"), lambda h: h.from_unit, 140),
            (self.tr("日期"), lambda h: cn_date(h.doc_date), 110),
            (self.tr("摘要"), lambda h: h.snippet, 0),
        ]
        self.model: RowsModel[SearchHit] = RowsModel(columns, parent=self, urgency_column=None)
        self.table = build_table(self.model, "searchTable", [c[2] for c in columns])
        self.table.doubleClicked.connect(self._on_activated)
        self.table.activated.connect(self._on_activated)
        self.empty_label = QLabel(self.tr("输入条件后按“检索”"))
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.results = QStackedWidget()
        self.results.addWidget(self.empty_label)
        self.results.addWidget(self.table)
        self.status = QLabel()
        self.status.setObjectName("countLabel")
        self.error = QLabel()
        self.error.setObjectName("searchError")
        self.error.setStyleSheet("color: #C0392B;")
        self.more_button = QPushButton(self.tr("更多"))
        self.more_button.setObjectName("moreButton")
        self.more_button.setAutoDefault(False)
        self.more_button.hide()
        self.more_button.clicked.connect(self.load_more)

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        edit.returnPressed.connect(self.run_search)
        return edit

    def _lay_out(self) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        left.addRow(self.tr("全文："), self.text)
        left.addRow(self.tr("标题："), self.title_edit)
        left.addRow(self.tr("文号："), self.number)
        left.addRow(self.tr("来文单位："), self.unit)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from, 1)
        dates.addWidget(QLabel(self.tr("至")))
        dates.addWidget(self.date_to, 1)
        right.addRow(self.tr("文种："), self.doc_type)
        right.addRow(self.tr("范围："), self.direction)
        right.addRow(self.tr("日期："), dates)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.search_button)
        right.addRow(buttons)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        foot = QHBoxLayout()
        foot.addWidget(self.status)
        foot.addWidget(self.error, 1)
        foot.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)
        layout.addLayout(grid)
        layout.addWidget(self.results, 1)
        layout.addLayout(foot)

    # --- public ---------------------------------------------------------------------------

    def query(self) -> DocQuery:
        return DocQuery(
            text=self.text.text(),
            title=self.title_edit.text(),
            doc_number=self.number.text(),
            from_unit=self.unit.text(),
            doc_type=self.doc_type.currentData(),
            direction=self.direction.currentData(),
            date_from=date_of(self.date_from),
            date_to=date_of(self.date_to),
        )

    def run_search(self) -> None:
        """Start over with the conditions as they stand."""
        query = self.query()
        if query.date_from and query.date_to and query.date_from > query.date_to:
            self.error.setText(self.tr("开始日期不能晚于结束日期"))
            return
        self.error.clear()
        self._query = query
        self._generation += 1
        self.model.set_rows([])
        self._load(0)

    def load_more(self) -> None:
        if not self._loading:
            self._load(self.model.rowCount())

    def clear(self) -> None:
        for edit in (self.text, self.title_edit, self.number, self.unit):
            edit.clear()
        self.doc_type.setCurrentIndex(0)
        for date_box in (self.date_from, self.date_to):
            set_date(date_box, None)
        self.text.setFocus()

    # --- results --------------------------------------------------------------------------

    def _load(self, offset: int) -> None:
        generation = self._generation
        self._loading = True
        self.status.setText(self.tr("正在检索…"))
        work = partial(
            search_rows,
            query=self._query,
            limit=PAGE_SIZE,
            offset=offset,
            snippet_width=SNIPPET_WIDTH,
        )

        def done(result: SearchResult) -> None:
            if generation == self._generation and shiboken6.isValid(self):
                self._show(result)

        def failed(exc: BaseException) -> None:
            if generation == self._generation and shiboken6.isValid(self):
                self._loading = False
                self.status.clear()
                self.error.setText(str(exc))

        DbOp(self, work).success(done).failure(failed).run()

    def _show(self, result: SearchResult) -> None:
        self._loading = False
        self.model.append_rows(result.hits)
        n = self.model.rowCount()
        if n == 0:
            self.empty_label.setText(self.tr("没有找到匹配的公文"))
            self.results.setCurrentWidget(self.empty_label)
            self.status.clear()
        else:
            self.results.setCurrentWidget(self.table)
            if result.more and result.total is not None:
                text = self.tr("共 {total} 件，已显示 {n} 件").format(total=result.total, n=n)
                self.status.setText(text)
            elif result.more:
                self.status.setText(self.tr("已显示 {n} 件，还有更多").format(n=n))
            else:
                self.status.setText(self.tr("共 {n} 件").format(n=n))
        self.more_button.setVisible(result.more)
        self.searched.emit()

    def _on_activated(self, index: QModelIndex) -> None:
        hit = self.model.row(index.row())
        if hit is not None:
            self.open_requested.emit(hit.id)
