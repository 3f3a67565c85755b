"""收文 / 发文 lists: tabs 待办 · 在办 · 已办 · 全部, a type and text filter, lazily paged rows.

One view class serves both sections (``direction`` "in" or "out"). Rows come from
``app.services.documents.list_documents`` on the database worker; a double-click opens the
document window. The view also hosts what starts from a list, each offered only to the roles
that may use it: 新建拟稿 (发文) and 登记纸质来文 (收文) in ui/doc_dialogs.py, the 待签收 and 督办
tabs (收文) in ui/doc_lists.py, and 公文检索 in ui/doc_search.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.cli import format_date
from app.domain.document import DOC_TYPES
from app.domain.org import Permission, Role
from app.services.documents import DocRow, list_documents
from ui.context import AppContext
from ui.models import build_table
from ui.operations import DbOp

ModelIndex = QModelIndex | QPersistentModelIndex
DOC_ROLE = Qt.ItemDataRole.UserRole
OVERDUE_COLOUR = QColor("#C0392B")
URGENT_COLOUR = QColor("#B03A2E")
SEARCH_DEBOUNCE_MS = 250
LISTS = ("todo", "doing", "done", "all")
TO_SIGN, SUPERVISION = "to_sign", "supervision"  # the 收文 section's extra tabs
# A document's own changes (a step queued, a sync applied) arrive as work items.
DOC_CHANGES = Changes(work_items=True)


def cn_date(value: str | None) -> str:
    """An ISO date or moment as officials write it: 2026年7月4日 ("" when absent)."""
    if not value:
        return ""
    try:
        return format_date(date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def cn_moment(value: str | None) -> str:
    """An ISO moment with its time of day: 2026年7月4日 14:05 (the local time written)."""
    text = cn_date(value)
    if value and len(str(value)) >= 16 and str(value)[10] in "T ":
        return f"{text} {str(value)[11:16]}"
    return text


@dataclass(frozen=True, slots=True)
class DocFilter:
    direction: str
    which: str = "todo"
    doc_type: str = ""  # "" = every type
    text: str = ""  # part of the title or the 文号


def fetch_page(
    session: Session, *, person_id: str, filt: DocFilter, offset: int, size: int
) -> tuple[list[DocRow], int, bool]:
    """Up to ``size`` matching rows from ``offset`` on (database worker).
    Returns (rows, the offset to continue from, whether the list is exhausted)."""
    rows = list_documents(
        session,
        person_id=person_id,
        direction=filt.direction,
        which=filt.which,
        limit=size,
        offset=offset,
        doc_type=filt.doc_type,
        text=filt.text,
    )
    return rows, offset + len(rows), len(rows) < size


class DocumentsModel(QAbstractTableModel):
    """The rows of one list; ``fetchMore`` reads the next page on the database worker.

    A filter change bumps a generation number: a page asked for under an older filter is
    dropped when it arrives, so fast typing never mixes two queries' results.
    """

    loaded = Signal()
    load_failed = Signal(str)
    PAGE_SIZE = 100

    def __init__(
        self, person_id: str, direction: str, parent: QObject | None = None, *, page_size: int = 0
    ) -> None:
        super().__init__(parent)
        self.person_id = person_id
        self.page_size = page_size or self.PAGE_SIZE
        self.filter = DocFilter(direction)
        self._rows: list[DocRow] = []
        self._raw_offset = 0
        self._exhausted = False
        self._loading = False
        self._generation = 0
        if direction == "in":
            self._columns: list[tuple[str, Callable[[DocRow], str]]] = [
                (self.tr("缓急"), lambda r: r.urgency),
                (self.tr("标题"), lambda r: r.title),
                (self.tr("文号"), self._number),
                (self.tr("来文单位"), lambda r: r.from_unit),
                (self.tr("状态"), lambda r: r.state_label),
                (self.tr("收文日期"), lambda r: cn_date(r.doc_date)),
                (self.tr("办理时限"), self._deadline),
            ]
        else:
            self._columns = [
                (self.tr("缓急"), lambda r: r.urgency),
                (self.tr("文种"), lambda r: r.doc_type),
                (self.tr("标题"), lambda r: r.title),
                (self.tr("文号"), self._number),
                (self.tr("状态"), lambda r: r.state_label),
                (self.tr("日期"), lambda r: cn_date(r.doc_date)),
            ]

    def _number(self, row: DocRow) -> str:
        return row.doc_number or self.tr("待编号")

    def _deadline(self, row: DocRow) -> str:
        text = cn_date(row.deadline)
        return self.tr("{date}（已超期）").format(date=text) if row.overdue else text

    # --- loading --------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def set_filter(self, **changes: Any) -> None:
        """Start over with some fields of the filter changed (which, doc_type, text)."""
        f = self.filter
        self.filter = DocFilter(
            f.direction,
            changes.get("which", f.which),
            changes.get("doc_type", f.doc_type),
            changes.get("text", f.text),
        )
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._rows, self._raw_offset, self._exhausted = [], 0, False
        self.endResetModel()
        self._load_page()

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._loading and not self._exhausted

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._load_page()

    def _load_page(self) -> None:
        generation = self._generation
        work = partial(
            fetch_page,
            person_id=self.person_id,
            filt=self.filter,
            offset=self._raw_offset,
            size=self.page_size,
        )

        def done(result: tuple[list[DocRow], int, bool]) -> None:
            if generation != self._generation or not shiboken6.isValid(self):
                return
            rows, self._raw_offset, self._exhausted = result
            self._loading = False
            if rows:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            if generation == self._generation and shiboken6.isValid(self):
                self._loading, self._exhausted = False, True
                self.load_failed.emit(str(exc))

        self._loading = True
        DbOp(None, work).success(done).failure(failed).run()

    # --- Qt model API -----------------------------------------------------------------------

    def doc(self, row: int) -> DocRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def column_of(self, header: str) -> int:
        return [title for title, _ in self._columns].index(header)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section][0]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.doc(index.row()) if index.isValid() else None
        if row is None:
            return None
        urgent_cell = index.column() == 0 and bool(row.urgency)
        value: Any = None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self._columns[index.column()][1](row)
        elif role == Qt.ItemDataRole.ForegroundRole and (row.overdue or urgent_cell):
            value = QBrush(OVERDUE_COLOUR if row.overdue else URGENT_COLOUR)
        elif role == Qt.ItemDataRole.FontRole and urgent_cell:
            value = QFont()
            value.setBold(True)
        elif role == DOC_ROLE:
            value = row
        return value


_STYLE = """
QLabel#docsTitle { font-size: 18px; font-weight: 600; color: #1F2D3D; }
QTabBar#docTabs::tab {
    padding: 6px 18px; margin-right: 2px; color: #36404A; background: transparent;
    border: none; border-bottom: 2px solid transparent; font-size: 14px;
}
QTabBar#docTabs::tab:selected { color: #1D4E89; border-bottom: 2px solid #1D4E89; }
QLineEdit#docSearch, QComboBox#docTypeFilter {
    min-height: 28px; padding: 0 8px; border: 1px solid #C9CFD6; border-radius: 4px;
    background: #FFFFFF;
}
QLineEdit#docSearch:focus { border-color: #1D4E89; }
QTableView#docTable {
    border: 1px solid #E1E4E8; background: #FFFFFF; alternate-background-color: #F8F9FB;
    selection-background-color: #E2EAF5; selection-color: #1D4E89; outline: 0;
}
QTableView#docTable::item { padding: 0 6px; }
QHeaderView::section {
    background: #F3F4F6; color: #36404A; border: none; border-bottom: 1px solid #E1E4E8;
    border-right: 1px solid #E1E4E8; padding: 5px 6px; font-weight: 600;
}
QLabel#countLabel { color: #6B7785; padding-left: 8px; }
QLabel#emptyState {
    color: #7A8591; font-size: 14px; background: #FFFFFF; border: 1px solid #E1E4E8;
}
QTableView#toSignTable, QTableView#supervisionTable {
    border: 1px solid #E1E4E8; background: #FFFFFF; alternate-background-color: #F8F9FB;
    selection-background-color: #E2EAF5; selection-color: #1D4E89; outline: 0;
}
"""


class DocumentsView(QWidget):
    """One section's list. ``document_opened(doc_id)`` fires when a document window opens."""

    document_opened = Signal(str)

    def __init__(self, ctx: AppContext, direction: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.direction = direction
        self._windows: dict[str, QWidget] = {}
        self.setObjectName("documentsView")
        self.setStyleSheet(_STYLE)
        roles = set(ctx.user.roles)
        perms = frozenset().union(*(role.permissions for role in roles))

        self.heading = QLabel(self.tr("收文") if direction == "in" else self.tr("发文"))
        self.heading.setObjectName("docsTitle")
        self.tabs = QTabBar()
        self.tabs.setObjectName("docTabs")
        self.tabs.setDrawBase(False)
        self.tabs.setExpanding(False)
        for key, label in zip(
            LISTS, (self.tr("待办"), self.tr("在办"), self.tr("已办"), self.tr("全部")), strict=True
        ):
            self.tabs.setTabData(self.tabs.addTab(label), key)

        self.type_filter = QComboBox()
        self.type_filter.setObjectName("docTypeFilter")
        self.type_filter.setAccessibleName(self.tr("文种"))
        self.type_filter.addItem(self.tr("全部文种"), "")
        for doc_type in DOC_TYPES:
            self.type_filter.addItem(doc_type, doc_type)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("docSearch")
        self.search_box.setPlaceholderText(self.tr("按标题或文号筛选（Ctrl+F）"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(self.tr("筛选公文"))
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self._build_buttons(perms)
        self.model = DocumentsModel(ctx.user.id, direction, self)
        self.table = self._build_table()
        self.empty_label = QLabel(self.tr("没有公文"))
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.results = QStackedWidget()
        self.results.addWidget(self.table)
        self.results.addWidget(self.empty_label)
        self.pages = QStackedWidget()  # the list (with its filters), or an extra tab's panel
        self.panels: dict[str, QWidget] = {}
        self._lay_out()
        if direction == "in":
            self._add_panels(Role.CLERK in roles, Permission.SUPERVISE in perms)
        self._connect()
        self.model.reload()

    def _build_buttons(self, perms: frozenset[Permission]) -> None:
        self.search_button = QPushButton(self.tr("检索"))
        self.search_button.setObjectName("searchButton")
        self.search_button.setToolTip(
            self.tr("按全文、文号、来文单位、日期检索公文（Ctrl+Shift+F）")
        )
        self.search_button.clicked.connect(self.open_search)
        self._search: QDialog | None = None

        # 新建: a 发文 draft for those who may draft; a paper 收文 for the 收发员.
        self.new_button: QPushButton | None = None
        may = Permission.DRAFT if self.direction == "out" else Permission.RECEIVE_DOCUMENT
        if may in perms:
            label = self.tr("新建拟稿") if self.direction == "out" else self.tr("登记纸质来文")
            self.new_button = QPushButton(label)
            self.new_button.setObjectName("primaryButton")
            self.new_button.setToolTip(label + " (Ctrl+N)")
            self.new_button.clicked.connect(self.new_document)

    def _connect(self) -> None:
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search_box.textChanged.connect(self._debounce.start)
        self.search_box.returnPressed.connect(self.apply_filter)
        self.type_filter.currentIndexChanged.connect(self.apply_filter)
        self.tabs.currentChanged.connect(self._on_tab)
        self.table.doubleClicked.connect(self._on_activated)
        self.table.activated.connect(self._on_activated)
        self.model.loaded.connect(self._on_loaded)
        self.model.load_failed.connect(self._on_failed)
        self._ctx.taskman.changes_applied.connect(self._on_changes)
        self.shortcuts = {
            "new": self._shortcut("Ctrl+N", self.new_document),
            "filter": self._shortcut("Ctrl+F", self.focus_filter),
            "search": self._shortcut("Ctrl+Shift+F", self.open_search),
        }

    def _shortcut(self, keys: str, slot: Callable[[], object]) -> QShortcut:
        # Window-wide, but only while this section is the page shown (Qt skips hidden widgets).
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.activated.connect(slot)
        return shortcut

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(16)
        top.addWidget(self.tabs)
        top.addStretch(1)
        top.addWidget(self.search_button)
        if self.new_button is not None:
            top.addWidget(self.new_button)
        filters = QHBoxLayout()
        filters.addWidget(self.type_filter)
        filters.addWidget(self.search_box, 1)
        filters.addWidget(self.count_label)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(8)
        page_layout.addLayout(filters)
        page_layout.addWidget(self.results, 1)
        self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

    def _add_panels(self, clerk: bool, supervisor: bool) -> None:
        """待签收 for the 收发员 (with a count in its tab), 督办 for those who follow items up."""
        from ui.doc_lists import SupervisionView, ToSignView

        if clerk:
            to_sign = ToSignView(self._ctx)
            index = self.tabs.addTab(self.tr("待签收"))
            self.tabs.setTabData(index, TO_SIGN)
            to_sign.count_changed.connect(self._show_to_sign_count)
            self._show_to_sign_count(to_sign.model.rowCount())
            self.panels[TO_SIGN] = to_sign
        if supervisor:
            supervision = SupervisionView(self._ctx)
            self.tabs.setTabData(self.tabs.addTab(self.tr("督办")), SUPERVISION)
            supervision.open_requested.connect(self.open_document)
            self.panels[SUPERVISION] = supervision
        for panel in self.panels.values():
            self.pages.addWidget(panel)

    def _show_to_sign_count(self, n: int) -> None:
        index = self.tab_index(TO_SIGN)
        if index >= 0:
            label = self.tr("待签收 ({n})").format(n=n) if n else self.tr("待签收")
            self.tabs.setTabText(index, label)

    def _build_table(self) -> QTableView:
        # The title takes what is left: the other columns are sized to their usual content.
        widths = {
            self.tr("缓急"): 56,
            self.tr("文种"): 64,
            self.tr("文号"): 170,
            self.tr("来文单位"): 160,
            self.tr("状态"): 72,
            self.tr("收文日期"): 118,
            self.tr("日期"): 118,
            self.tr("办理时限"): 190,
        }
        titles = [
            self.model.headerData(col, Qt.Orientation.Horizontal)
            for col in range(self.model.columnCount())
        ]
        return build_table(self.model, "docTable", [widths.get(t, 0) for t in titles])

    # --- public ---------------------------------------------------------------------------

    def tab_index(self, which: str) -> int:
        """The tab of ``which`` ("todo" … "all", "to_sign", "supervision"); -1 when not shown."""
        keys = [self.tabs.tabData(i) for i in range(self.tabs.count())]
        return keys.index(which) if which in keys else -1

    def current_list(self) -> str:
        return str(self.tabs.tabData(max(self.tabs.currentIndex(), 0)))

    def show_list(self, which: str) -> None:
        """Switch to 待办 / 在办 / 已办 / 全部 ("todo", "doing", "done", "all") or, where
        offered, 待签收 / 督办 ("to_sign", "supervision")."""
        index = self.tab_index(which)
        if index < 0:
            raise KeyError(which)
        self.tabs.setCurrentIndex(index)

    def apply_filter(self) -> None:
        self._debounce.stop()
        which = self.current_list()
        if which in LISTS:
            self.model.set_filter(
                which=which,
                doc_type=self.type_filter.currentData() or "",
                text=self.search_box.text(),
            )

    def new_document(self) -> QDialog | None:
        """新建拟稿 (发文) or 登记纸质来文 (收文); the new document's window opens after it is
        created. Returns the dialog (None for people the section offers neither to)."""
        if self.new_button is None:
            return None
        from ui.doc_dialogs import NewDraftDialog, PaperDialog

        dialog = (
            NewDraftDialog(self._ctx, self)
            if self.direction == "out"
            else PaperDialog(self._ctx, self)
        )
        dialog.created.connect(self._on_created)
        dialog.open()
        return dialog

    def open_search(self) -> QDialog:
        """公文检索 (one dialog per section, kept with its conditions between uses)."""
        from ui.doc_search import SearchDialog

        if self._search is None or not shiboken6.isValid(self._search):
            search = SearchDialog(self._ctx, self.direction, self)
            search.open_requested.connect(self.open_document)
            self._search = search
        self._search.show()
        self._search.raise_()
        self._search.activateWindow()
        return self._search

    def focus_filter(self) -> None:
        if self.current_list() not in LISTS:
            self.show_list("all")
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def open_document(self, doc_id: str) -> QWidget:
        """The document's window (one per document, non-modal)."""
        from ui.document_window import DocumentWindow

        window = self._windows.get(doc_id)
        if window is None or not shiboken6.isValid(window):
            window = DocumentWindow(self._ctx, doc_id, self)
            window.destroyed.connect(lambda _=None, d=doc_id: self._windows.pop(d, None))
            self._windows[doc_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        self.document_opened.emit(doc_id)
        return window

    # --- slots ----------------------------------------------------------------------------

    def _on_tab(self, _index: int) -> None:
        which = self.current_list()
        self.pages.setCurrentIndex(0 if which in LISTS else self.pages.indexOf(self.panels[which]))
        self.apply_filter()

    def _on_created(self, doc_id: str) -> None:
        if shiboken6.isValid(self):
            self.show_list("todo")  # the new document is the writer's to work on
            self.open_document(doc_id)

    def _on_activated(self, index: QModelIndex) -> None:
        row = index.data(DOC_ROLE)
        if isinstance(row, DocRow):
            self.open_document(row.id)

    def _on_loaded(self) -> None:
        n = self.model.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        self.count_label.setText(self.tr("共 {n} 件").format(n=f"{n}{more}"))
        empty = n == 0 and not self.model.loading
        self.results.setCurrentWidget(self.empty_label if empty else self.table)

    def _on_failed(self, message: str) -> None:
        self.count_label.setText(self.tr("读取失败：{msg}").format(msg=message))

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if (changes.work_items or changes.outbox) and shiboken6.isValid(self):
            self.model.reload()
