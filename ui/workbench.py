"""工作台: greeting, the four count cards and the 我的待办 list (empty until documents exist)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.cli import format_date
from app.services.workbench import WorkbenchCounts, workbench_counts
from ui.context import AppContext
from ui.operations import DbOp

log = logging.getLogger(__name__)

# Stable section keys of ui/sections.py (收文, 会议, 通知); the cards only ask, the window decides.
SECTION_INCOMING = "incoming"
SECTION_MEETINGS = "meetings"
SECTION_NOTICES = "notices"

# The date and greeting are re-checked this often: a minute is fine-grained enough for 上午/下午
# and, unlike a single timer aimed at midnight, survives suspend/resume and clock changes.
TICK_MS = 60_000

_STYLE = """
QLabel#greeting { font-size: 22px; font-weight: 600; color: #1F2D3D; }
QLabel#today { font-size: 14px; color: #6B7785; }
QFrame#countCard {
    background: #ffffff; border: 1px solid #E1E4E8; border-radius: 8px;
}
QFrame#countCard:hover, QFrame#countCard:focus { border: 1px solid #1D4E89; }
QLabel#countTitle { font-size: 14px; color: #6B7785; }
QLabel#countValue { font-size: 34px; font-weight: 600; color: #1D4E89; }
QLabel#sectionTitle { font-size: 16px; font-weight: 600; color: #1F2D3D; }
QFrame#todoPanel { background: #ffffff; border: 1px solid #E1E4E8; border-radius: 8px; }
QLabel#emptyState { color: #7A8591; font-size: 14px; }
"""


def greeting_for(hour: int) -> str:
    """上午好 / 中午好 / 下午好 / 晚上好 for the hour of the local clock."""
    if 5 <= hour < 11:
        return QCoreApplication.translate("WorkbenchView", "上午好")
    if 11 <= hour < 13:
        return QCoreApplication.translate("WorkbenchView", "中午好")
    if 13 <= hour < 18:
        return QCoreApplication.translate("WorkbenchView", "下午好")
    return QCoreApplication.translate("WorkbenchView", "晚上好")


def long_date(day: date) -> str:
    """2026年11月21日 星期六."""
    weekdays = [
        QCoreApplication.translate("WorkbenchView", "星期一"),
        QCoreApplication.translate("WorkbenchView", "星期二"),
        QCoreApplication.translate("WorkbenchView", "星期三"),
        QCoreApplication.translate("WorkbenchView", "星期四"),
        QCoreApplication.translate("WorkbenchView", "星期五"),
        QCoreApplication.translate("WorkbenchView", "星期六"),
        QCoreApplication.translate("WorkbenchView", "星期日"),
    ]
    return f"{format_date(day)} {weekdays[day.weekday()]}"


class CountCard(QFrame):
    """A big number with a caption; clicking (or Enter/Space when focused) emits ``clicked``."""

    clicked = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(title)
        self.setMinimumHeight(110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("countTitle")
        self.value_label = QLabel("—")
        self.value_label.setObjectName("countValue")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)

    def set_value(self, value: int | None) -> None:
        # "—" rather than 0 while unknown: a zero would claim there is nothing to do.
        self.value_label.setText("—" if value is None else str(value))
        self.setAccessibleDescription(self.value_label.text())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class WorkbenchView(QWidget):
    """The start page. ``section_requested(name)`` asks the main window to switch sections."""

    section_requested = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._clock = clock
        self._today = clock().date()
        self.setObjectName("workbenchView")
        self.setStyleSheet(_STYLE)

        self.greeting_label = QLabel()
        self.greeting_label.setObjectName("greeting")
        self.date_label = QLabel()
        self.date_label.setObjectName("today")

        self.cards: dict[str, CountCard] = {}
        cards_row = QHBoxLayout()
        cards_row.setSpacing(16)
        for key, title, section in (
            ("todo", self.tr("待办"), SECTION_INCOMING),
            ("to_read", self.tr("待阅"), SECTION_INCOMING),
            ("meetings_today", self.tr("今日会议"), SECTION_MEETINGS),
            ("unread_notices", self.tr("未读通知"), SECTION_NOTICES),
        ):
            card = CountCard(title, self)
            card.clicked.connect(lambda s=section: self.section_requested.emit(s))
            self.cards[key] = card
            cards_row.addWidget(card)

        todo_title = QLabel(self.tr("我的待办"))
        todo_title.setObjectName("sectionTitle")
        todo_panel = QFrame()
        todo_panel.setObjectName("todoPanel")
        # The list fills in when 收文/发文 exist (issue [3]); until then an honest empty state.
        self.todo_empty = QLabel(self.tr("暂无待办事项"))
        self.todo_empty.setObjectName("emptyState")
        self.todo_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        panel_layout = QVBoxLayout(todo_panel)
        panel_layout.addWidget(self.todo_empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(8)
        layout.addWidget(self.greeting_label)
        layout.addWidget(self.date_label)
        layout.addSpacing(16)
        layout.addLayout(cards_row)
        layout.addSpacing(24)
        layout.addWidget(todo_title)
        layout.addWidget(todo_panel, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

        ctx.taskman.changes_applied.connect(self._on_changes)
        self._show_greeting()
        self.refresh()

    @property
    def today(self) -> date:
        return self._today

    def counts_text(self) -> dict[str, str]:
        """What each card shows, by WorkbenchCounts field name."""
        return {key: card.value_label.text() for key, card in self.cards.items()}

    def refresh(self) -> None:
        """Re-read the counts on the database worker."""
        person_id, today = self._ctx.user.id, self._today

        def query(session: Session) -> WorkbenchCounts:
            return workbench_counts(session, person_id=person_id, today=today)

        DbOp(self, query).success(self._show_counts).failure(self._on_failure).run()

    def tick(self) -> None:
        """Every minute: update the greeting; on a new day, the date and 今日会议 too."""
        now = self._clock()
        new_day = now.date() != self._today
        self._today = now.date()
        self._show_greeting()
        if new_day:
            self.refresh()

    def _show_greeting(self) -> None:
        now = self._clock()
        self.greeting_label.setText(
            self.tr("{name}，{greeting}").format(
                name=self._ctx.user.name, greeting=greeting_for(now.hour)
            )
        )
        self.date_label.setText(long_date(self._today))

    def _show_counts(self, counts: WorkbenchCounts) -> None:
        for key, card in self.cards.items():
            card.set_value(getattr(counts, key))

    def _on_failure(self, exc: BaseException) -> None:
        # A failed background refresh is not worth a dialog; the cards say "unknown" instead.
        log.warning("workbench counts failed: %s", exc)
        for card in self.cards.values():
            card.set_value(None)

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.work_items or changes.meetings or changes.notices:
            self.refresh()
