"""The 通知 section: 收到的通知 (unread first, 特急 pinned), 我发出的, 草稿, and 待审核 (leaders).

The inbox is read page by page on the database worker (``notice_queries.inbox``); the other
lists hold only this person's own notices and are read whole. A double-click opens the notice
(ui/notice_window.py), a sent notice's statistics (ui/notice_stats.py) or a draft in the compose
dialog (ui/notice_compose.py). Every list follows ``Changes.notices`` (a sync, a step queued here).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QIcon,
    QKeySequence,
    QPainter,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.domain.org import Permission
from app.services.notice_queries import NoticeRow, SentRow, inbox, unread_count
from app.services.notice_views import ReviewRow, draft_list, review_list, sent_list
from app.services.notices import delete_notice
from ui.context import AppContext
from ui.doc_lists import ROW_ROLE, Column, RowsModel
from ui.documents import cn_moment
from ui.models import build_table
from ui.operations import DbOp

T = TypeVar("T")
PINNED_COLOUR = QColor("#C0392B")  # 特急 still unread: red marker and text
URGENT_COLOUR = QColor("#D35400")  # 紧急: orange
FADED_COLOUR = QColor("#8A94A0")  # withdrawn or expired
SEARCH_DEBOUNCE_MS = 250
INBOX, SENT, DRAFTS, REVIEW = "inbox", "sent", "drafts", "review"
NOTICE_CHANGES = Changes(notices=True, outbox=True)


def local_moment(value: datetime | None) -> str:
    """An aware moment in this computer's time, as officials write it: 2026年7月4日 14:05."""
    return cn_moment(value.astimezone().isoformat()) if value else ""


def urgency_colour(urgency: str) -> QColor | None:
    return {"特急": PINNED_COLOUR, "紧急": URGENT_COLOUR}.get(urgency)


def pin_icon() -> QIcon:
    """The red dot before a pinned 特急 notice."""
    picture = QPixmap(12, 12)
    picture.fill(Qt.GlobalColor.transparent)
    painter = QPainter(picture)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(PINNED_COLOUR)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(picture)


class UrgencyModel(RowsModel[T]):
    """Rows whose first column is the 缓急: 特急 red, 紧急 orange, both bold."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 0:
            colour = urgency_colour(str(super().data(index) or ""))
            return QBrush(colour) if colour is not None else None
        return super().data(index, role)


class InboxModel(UrgencyModel[NoticeRow]):
    """收到的通知, page by page. Unread rows are bold; 特急 still unread carries a red marker
    (it is pinned on top); withdrawn and expired rows are faded."""

    loaded = Signal()
    load_failed = Signal(str)
    PAGE_SIZE = 100

    def __init__(
        self, person_id: str, columns: list[Column], parent: QObject | None = None
    ) -> None:
        super().__init__(columns, parent=parent, urgency_column=0)
        self.person_id = person_id
        self.page_size = self.PAGE_SIZE
        self.which = "all"
        self.text = ""
        self._exhausted = False
        self._loading = False
        self._generation = 0
        self._pin = pin_icon()

    @property
    def loading(self) -> bool:
        return self._loading

    def set_filter(self, *, which: str, text: str) -> None:
        self.which, self.text = which, text
        self.reload()

    def reload(self) -> None:
        # A newer filter drops pages still arriving for an older one.
        self._generation += 1
        self._exhausted = False
        self.set_rows([])
        self._load_page()

    def canFetchMore(self, parent: Any = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._loading and not self._exhausted

    def fetchMore(self, parent: Any = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._load_page()

    def _load_page(self) -> None:
        generation, size = self._generation, self.page_size
        work = partial(
            inbox,
            person_id=self.person_id,
            which=self.which,
            text=self.text,
            limit=size,
            offset=self.rowCount(),
        )

        def done(rows: list[NoticeRow]) -> None:
            if generation != self._generation or not shiboken6.isValid(self):
                return
            self._loading = False
            self._exhausted = len(rows) < size
            self.append_rows(rows)
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            if generation == self._generation and shiboken6.isValid(self):
                self._loading, self._exhausted = False, True
                self.load_failed.emit(str(exc))

        self._loading = True
        DbOp(None, work).success(done).failure(failed).run()

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index.row()) if index.isValid() else None
        if row is None:
            return None
        faded = row.withdrawn or row.expired
        first = index.column() == 0
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold((not row.read and not faded) or (first and row.urgency != "普通"))
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = FADED_COLOUR if faded else (urgency_colour(row.urgency) if first else None)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.DecorationRole and first and row.pinned:
            return self._pin
        if role == Qt.ItemDataRole.ToolTipRole and first and row.pinned:
            return self.tr("特急，未读前置顶")
        return super().data(index, role)


class ListPage(QWidget):
    """One list: its table, or a line saying it is empty."""

    def __init__(self, table: QTableView, empty: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.empty_label = QLabel(empty)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(table)
        self.stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def show_count(self, n: int, loading: bool = False) -> None:
        self.stack.setCurrentWidget(self.empty_label if n == 0 and not loading else self.table)


_STYLE = """
QLabel#noticesTitle { font-size: 18px; font-weight: 600; color: #1F2D3D; }
QTabBar#noticeTabs::tab {
    padding: 6px 18px; margin-right: 2px; color: #36404A; background: transparent;
    border: none; border-bottom: 2px solid transparent; font-size: 14px;
}
QTabBar#noticeTabs::tab:selected { color: #1D4E89; border-bottom: 2px solid #1D4E89; }
QLineEdit#noticeSearch {
    min-height: 28px; padding: 0 8px; border: 1px solid #C9CFD6; border-radius: 4px;
    background: #FFFFFF;
}
QLineEdit#noticeSearch:focus { border-color: #1D4E89; }
QTableView {
    border: 1px solid #E1E4E8; background: #FFFFFF; alternate-background-color: #F8F9FB;
    selection-background-color: #E2EAF5; selection-color: #1D4E89; outline: 0;
}
QTableView::item { padding: 0 6px; }
QHeaderView::section {
    background: #F3F4F6; color: #36404A; border: none; border-bottom: 1px solid #E1E4E8;
    border-right: 1px solid #E1E4E8; padding: 5px 6px; font-weight: 600;
}
QLabel#countLabel { color: #6B7785; padding-left: 8px; }
QLabel#emptyState {
    color: #7A8591; font-size: 14px; background: #FFFFFF; border: 1px solid #E1E4E8;
}
"""


class NoticesView(QWidget):
    """The 通知 section. ``notice_opened(notice_id)`` fires when a notice window opens."""

    notice_opened = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("noticesView")
        self.setStyleSheet(_STYLE)
        self._windows: dict[tuple[str, str], QWidget] = {}
        perms = frozenset().union(*(role.permissions for role in ctx.user.roles))

        self.heading = QLabel(self.tr("通知"))
        self.heading.setObjectName("noticesTitle")
        self.tabs = QTabBar()
        self.tabs.setObjectName("noticeTabs")
        self.tabs.setDrawBase(False)
        self.tabs.setExpanding(False)
        lists = [(INBOX, self.tr("收到的通知")), (SENT, self.tr("我发出的"))]
        lists.append((DRAFTS, self.tr("草稿")))
        if Permission.SIGN_ISSUE in perms:
            lists.append((REVIEW, self.tr("待审核")))
        for key, label in lists:
            self.tabs.setTabData(self.tabs.addTab(label), key)
        self.new_button: QPushButton | None = None
        if perms & {Permission.SEND_NOTICE, Permission.DRAFT}:
            self.new_button = QPushButton(self.tr("新建通知"))
            self.new_button.setObjectName("primaryButton")
            self.new_button.setToolTip(self.tr("新建通知") + " (Ctrl+N)")
            self.new_button.clicked.connect(self.new_notice)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("noticeSearch")
        self.search_box.setPlaceholderText(self.tr("按标题、正文或发送人筛选（Ctrl+F）"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(self.tr("筛选通知"))
        self.unread_only = QCheckBox(self.tr("只看未读"))
        self.unread_only.setObjectName("unreadOnly")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.delete_button = QPushButton(self.tr("删除草稿"))
        self.delete_button.setObjectName("deleteDraft")
        self.delete_button.clicked.connect(self.delete_selected_draft)

        self.inbox_model = InboxModel(ctx.user.id, self._inbox_columns(), self)
        self.sent_model: UrgencyModel[SentRow] = UrgencyModel(self._sent_columns(), parent=self)
        self.drafts_model: UrgencyModel[SentRow] = UrgencyModel(self._draft_columns(), parent=self)
        self.review_model: UrgencyModel[ReviewRow] = UrgencyModel(
            self._review_columns(), parent=self
        )
        self.pages: dict[str, ListPage] = {
            INBOX: self._page(self.inbox_model, "inboxTable", self.tr("没有收到通知")),
            SENT: self._page(self.sent_model, "sentTable", self.tr("还没有发出通知")),
            DRAFTS: self._page(self.drafts_model, "draftsTable", self.tr("没有草稿")),
            REVIEW: self._page(self.review_model, "reviewTable", self.tr("没有待审核的通知")),
        }
        self.stack = QStackedWidget()
        for key, _label in lists:
            self.stack.addWidget(self.pages[key])
        self._lay_out()
        self._connect()
        self._on_tab(0)
        self.reload_counts()

    # --- construction ---------------------------------------------------------------------

    def _inbox_columns(self) -> list[Column]:
        return [
            (self.tr("缓急"), lambda r: "" if r.urgency == "普通" else r.urgency, 64),
            (self.tr("标题"), lambda r: r.title, 0),
            (self.tr("发送单位"), lambda r: r.sender_unit, 160),
            (self.tr("发送人"), lambda r: r.sender_name, 72),
            (self.tr("发布时间"), lambda r: local_moment(r.published_at), 176),
            (self.tr("状态"), self.inbox_state, 132),
            (self.tr("回执截止"), lambda r: local_moment(r.deadline), 176),
        ]

    def inbox_state(self, row: NoticeRow) -> str:
        if row.withdrawn:
            return self.tr("已撤回：{reason}").format(reason=row.withdraw_reason or "")
        if row.expired:
            return self.tr("已过期")
        if not row.read:
            return self.tr("未读")
        if row.acked:
            return self.tr("已回执")
        return self.tr("待回执") if row.needs_ack else self.tr("已读")

    def _sent_columns(self) -> list[Column]:
        def counts(r: SentRow, part: int) -> str:
            return f"{part}/{r.total}" if r.total else ""

        return [
            (self.tr("缓急"), lambda r: "" if r.urgency == "普通" else r.urgency, 64),
            (self.tr("标题"), lambda r: r.title, 0),
            (self.tr("状态"), lambda r: r.state_label, 96),
            (
                self.tr("发布时间"),
                lambda r: local_moment(r.published_at or r.publish_at),
                176,
            ),
            (self.tr("接收人数"), lambda r: str(r.total) if r.total else "", 72),
            (self.tr("已读"), lambda r: counts(r, r.read), 72),
            (self.tr("已回执"), lambda r: counts(r, r.acked) if r.needs_ack else "—", 72),
        ]

    def _draft_columns(self) -> list[Column]:
        return [
            (self.tr("缓急"), lambda r: "" if r.urgency == "普通" else r.urgency, 64),
            (self.tr("标题"), lambda r: r.title, 0),
            (self.tr("定时发布"), lambda r: local_moment(r.publish_at), 176),
            (self.tr("回执"), lambda r: self.tr("需要") if r.needs_ack else "", 64),
        ]

    def _review_columns(self) -> list[Column]:
        return [
            (self.tr("缓急"), lambda r: "" if r.urgency == "普通" else r.urgency, 64),
            (self.tr("标题"), lambda r: r.title, 0),
            (self.tr("起草人"), lambda r: r.sender_name, 90),
            (self.tr("单位"), lambda r: r.sender_unit, 180),
        ]

    def _page(self, model: RowsModel[Any], name: str, empty: str) -> ListPage:
        table = build_table(model, name, [c[2] for c in model.columns])
        table.doubleClicked.connect(self._on_activated)
        table.activated.connect(self._on_activated)
        return ListPage(table, empty)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(16)
        top.addWidget(self.tabs)
        top.addStretch(1)
        if self.new_button is not None:
            top.addWidget(self.new_button)
        filters = QHBoxLayout()
        filters.addWidget(self.search_box, 1)
        filters.addWidget(self.unread_only)
        filters.addWidget(self.delete_button)
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)

    def _connect(self) -> None:
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search_box.textChanged.connect(self._debounce.start)
        self.search_box.returnPressed.connect(self.apply_filter)
        self.unread_only.toggled.connect(self.apply_filter)
        self.tabs.currentChanged.connect(self._on_tab)
        self.inbox_model.loaded.connect(self._show_counts)
        self.inbox_model.load_failed.connect(self._on_failed)
        self.ctx.taskman.changes_applied.connect(self._on_changes)
        for keys, slot in (("Ctrl+N", self.new_notice), ("Ctrl+F", self.focus_filter)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

    # --- lists ----------------------------------------------------------------------------

    def current_list(self) -> str:
        return str(self.tabs.tabData(max(self.tabs.currentIndex(), 0)))

    def tab_index(self, which: str) -> int:
        keys = [self.tabs.tabData(i) for i in range(self.tabs.count())]
        return keys.index(which) if which in keys else -1

    def show_list(self, which: str) -> None:
        """Switch to 收到的通知 / 我发出的 / 草稿 / 待审核 ("inbox", "sent", "drafts", "review")."""
        index = self.tab_index(which)
        if index < 0:
            raise KeyError(which)
        self.tabs.setCurrentIndex(index)

    def model_of(self, which: str) -> RowsModel[Any]:
        models: dict[str, RowsModel[Any]] = {
            INBOX: self.inbox_model,
            SENT: self.sent_model,
            DRAFTS: self.drafts_model,
            REVIEW: self.review_model,
        }
        return models[which]

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.reload_list(self.current_list())

    def reload_list(self, which: str) -> None:
        text, me = self.search_box.text(), self.ctx.user.id
        if which == INBOX:
            unread = self.unread_only.isChecked()
            self.inbox_model.set_filter(which="unread" if unread else "all", text=text)
            return
        loaders: dict[str, Callable[[Session], list[Any]]] = {
            SENT: partial(sent_list, person_id=me, text=text),
            DRAFTS: partial(draft_list, person_id=me, text=text),
            REVIEW: partial(self._reviews, person_id=me, text=text),
        }
        model = self.model_of(which)

        def show(rows: list[Any]) -> None:
            if shiboken6.isValid(self):
                model.set_rows(rows)
                self._show_counts()

        DbOp(self, loaders[which]).success(show).failure(self._on_failed).run()

    @staticmethod
    def _reviews(session: Session, *, person_id: str, text: str) -> list[ReviewRow]:
        rows = review_list(session, person_id=person_id)
        return [r for r in rows if text.strip() in r.title] if text.strip() else rows

    def reload_counts(self) -> None:
        """The unread count in the 收到的通知 tab."""

        def show(n: int) -> None:
            if shiboken6.isValid(self):
                label = self.tr("收到的通知 ({n})").format(n=n) if n else self.tr("收到的通知")
                self.tabs.setTabText(self.tab_index(INBOX), label)

        work = partial(unread_count, person_id=self.ctx.user.id)
        DbOp(self, work).success(show).failure(self._on_failed).run()

    def _show_counts(self) -> None:
        which = self.current_list()
        model = self.model_of(which)
        n = model.rowCount()
        loading = which == INBOX and self.inbox_model.loading
        more = "+" if which == INBOX and self.inbox_model.canFetchMore() else ""
        self.count_label.setText(self.tr("共 {n} 条").format(n=f"{n}{more}"))
        self.pages[which].show_count(n, loading)

    def _on_failed(self, message: object) -> None:
        if shiboken6.isValid(self):
            self.count_label.setText(self.tr("读取失败：{msg}").format(msg=message))

    def _on_tab(self, _index: int) -> None:
        which = self.current_list()
        self.stack.setCurrentWidget(self.pages[which])
        self.unread_only.setVisible(which == INBOX)
        self.delete_button.setVisible(which == DRAFTS)
        self.apply_filter()

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if (changes.notices or changes.outbox or changes.org) and shiboken6.isValid(self):
            self.reload_list(self.current_list())
            self.reload_counts()

    def focus_filter(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def selected(self, which: str) -> Any:
        rows = self.pages[which].table.selectionModel().selectedRows()
        return self.model_of(which).row(rows[0].row()) if rows else None

    # --- opening --------------------------------------------------------------------------

    def _on_activated(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        which = self.current_list()
        if row is None:
            return
        if which == SENT:
            self.open_stats(row.id)
        elif which == DRAFTS:
            self.edit_draft(row.id)
        else:
            self.open_notice(row.id)

    def _show(self, key: tuple[str, str], build: Callable[[], QWidget]) -> QWidget:
        """One window per notice and kind, non-modal; raised when asked for again."""
        window = self._windows.get(key)
        if window is None or not shiboken6.isValid(window):
            window = build()
            window.destroyed.connect(lambda _=None, k=key: self._windows.pop(k, None))
            self._windows[key] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def open_notice(self, notice_id: str) -> QWidget:
        """The notice as a recipient reads it (opening it marks it 已读)."""
        from ui.notice_window import NoticeWindow

        window = self._show(("read", notice_id), lambda: NoticeWindow(self.ctx, notice_id, self))
        self.notice_opened.emit(notice_id)
        return window

    def open_stats(self, notice_id: str) -> QWidget:
        """The sender's statistics of one notice."""
        from ui.notice_stats import NoticeStatsWindow

        return self._show(
            ("stats", notice_id), lambda: NoticeStatsWindow(self.ctx, notice_id, self)
        )

    def new_notice(self) -> QWidget | None:
        """The compose dialog (None for people who may not write notices)."""
        if self.new_button is None:
            return None
        from ui.notice_compose import ComposeDialog

        dialog = ComposeDialog(self.ctx, parent=self)
        dialog.saved.connect(self._on_saved)
        dialog.open()
        return dialog

    def edit_draft(self, notice_id: str) -> QWidget:
        from ui.notice_compose import ComposeDialog

        def build() -> QWidget:
            dialog = ComposeDialog(self.ctx, notice_id=notice_id, parent=self)
            dialog.saved.connect(self._on_saved)
            return dialog

        return self._show(("edit", notice_id), build)

    def _on_saved(self, _notice_id: str, state: str) -> None:
        if shiboken6.isValid(self):
            self.show_list(DRAFTS if state == "draft" else SENT)

    def delete_selected_draft(self) -> None:
        row = self.selected(DRAFTS)
        if row is None:
            return
        answer = QMessageBox.question(
            self, self.tr("删除草稿"), self.tr("删除草稿《{title}》？").format(title=row.title)
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work(session: Session) -> Changes:
            delete_notice(session, person_id=self.ctx.user.id, notice_id=row.id)
            return NOTICE_CHANGES

        DbOp(self, work).run()
