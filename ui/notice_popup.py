"""The pop-up for new notices: a small frameless window at the bottom right of the screen.

``NoticeWatcher`` compares this person's unread notices after each change to notices (a sync
bringing receipts, a notice opened here) with those it has seen: a new one pops up. A 特急
notice stays up until it is opened (here or from the inbox); the others hide after 8 seconds.
The first look, when the window opens, only learns what is already unread: those are in the
inbox and counted on the 工作台, so nothing pops up at start-up.
"""

from __future__ import annotations

from functools import partial

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.changes import Changes
from app.services.notice_queries import NoticeRow, inbox
from ui.context import AppContext
from ui.notices import local_moment
from ui.operations import DbOp

AUTO_HIDE_MS = 8_000
MARGIN = 16
WATCH_LIMIT = 500  # unread notices compared per look (a person never has more in practice)

_STYLE = """
QWidget#noticePopup { background: #FFFFFF; border: 1px solid #C9CFD6; border-radius: 6px; }
QWidget#noticePopup[urgency="特急"] { border: 2px solid #C0392B; }
QWidget#noticePopup[urgency="紧急"] { border: 2px solid #D35400; }
QLabel#popupHeading { font-size: 13px; font-weight: 600; color: #1D4E89; }
QWidget#noticePopup[urgency="特急"] QLabel#popupHeading { color: #C0392B; }
QWidget#noticePopup[urgency="紧急"] QLabel#popupHeading { color: #D35400; }
QLabel#popupTitle { font-size: 15px; font-weight: 600; color: #1F2D3D; }
QLabel#popupMeta, QLabel#popupMore { font-size: 12px; color: #6B7785; }
QPushButton#popupClose { border: none; color: #6B7785; font-size: 14px; padding: 0 4px; }
"""


class NoticePopup(QWidget):
    """One new notice; ``open_requested(notice_id)`` when 查看 is pressed."""

    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, auto_hide_ms: int = AUTO_HIDE_MS) -> None:
        super().__init__(parent)
        self.setObjectName("noticePopup")
        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        # Never take the keyboard away from what the person is typing.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(_STYLE)
        self.setFixedWidth(340)
        self.auto_hide_ms = auto_hide_ms
        self.row: NoticeRow | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)

        self.heading = QLabel()
        self.heading.setObjectName("popupHeading")
        self.close_button = QPushButton("✕")
        self.close_button.setObjectName("popupClose")
        self.close_button.setToolTip(self.tr("关闭"))
        self.close_button.clicked.connect(self.hide)
        self.title = QLabel()
        self.title.setObjectName("popupTitle")
        self.title.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setObjectName("popupMeta")
        self.more = QLabel()
        self.more.setObjectName("popupMore")
        self.open_button = QPushButton(self.tr("查看"))
        self.open_button.setObjectName("primaryButton")
        self.open_button.clicked.connect(self._open)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.close_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.more, 1)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addLayout(bottom)

    @property
    def stays(self) -> bool:
        """特急 stays until opened: no timer, no close button."""
        return self.row is not None and self.row.urgency == "特急"

    def show_notice(self, row: NoticeRow, more: int = 0) -> None:
        self.row = row
        heading = {"特急": self.tr("特急通知"), "紧急": self.tr("紧急通知")}
        self.heading.setText(heading.get(row.urgency, self.tr("新通知")))
        self.setProperty("urgency", row.urgency)
        self.style().polish(self)
        self.title.setText(row.title)
        self.meta.setText(
            f"{row.sender_unit}　{row.sender_name}　{local_moment(row.published_at)}".strip()
        )
        self.set_more(more)
        self.close_button.setVisible(not self.stays)
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        if self.stays:
            self.timer.stop()
        else:
            self.timer.start(self.auto_hide_ms)

    def set_more(self, more: int) -> None:
        self.more.setText(self.tr("另有 {n} 条新通知").format(n=more) if more else "")

    def _place(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        self.move(area.right() - self.width() - MARGIN, area.bottom() - self.height() - MARGIN)

    def _open(self) -> None:
        row = self.row
        self.hide()
        if row is not None:
            self.open_requested.emit(row.id)

    def hide(self) -> None:
        self.timer.stop()
        super().hide()


class NoticeWatcher(QObject):
    """Pops up notices that became unread for this person since the last look (GUI thread)."""

    open_requested = Signal(str)

    def __init__(
        self, ctx: AppContext, parent: QWidget, *, auto_hide_ms: int = AUTO_HIDE_MS
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.popup = NoticePopup(parent, auto_hide_ms=auto_hide_ms)
        self.popup.open_requested.connect(self.open_requested)
        self.seen: set[str] | None = None  # None until the first look
        ctx.taskman.changes_applied.connect(self._on_changes)
        self.look()

    def look(self) -> None:
        work = partial(inbox, person_id=self.ctx.user.id, which="unread", limit=WATCH_LIMIT)
        # A failed look is retried with the next change; it never interrupts anyone.
        DbOp(None, work).success(self._compare).failure(lambda _exc: None).run()

    def _compare(self, rows: list[NoticeRow]) -> None:
        if not shiboken6.isValid(self):
            return
        unread = {r.id for r in rows}
        if self.seen is None:
            self.seen = unread
            return
        new = [r for r in rows if r.id not in self.seen]  # 特急 first, then newest
        self.seen |= unread
        popup = self.popup
        showing = popup.isVisible() and popup.row is not None
        if showing and popup.row is not None and popup.row.id not in unread:
            popup.hide()  # opened (here or elsewhere), withdrawn or expired
            showing = False
        if not new:
            return
        if showing and popup.stays and new[0].urgency != "特急":
            popup.set_more(len(new))  # a 特急 still unread keeps its place
            return
        popup.show_notice(new[0], more=len(new) - 1)

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.notices and shiboken6.isValid(self):
            self.look()
