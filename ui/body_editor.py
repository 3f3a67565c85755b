"""The 正文 tab: an editor with heading and 附件说明 buttons while the text may be changed, the
plain text otherwise.

The numbering rules live in app/domain/body.py; this widget only applies their insertions
through a ``QTextCursor`` so each one is a single undo step. Saving queues the edit
(``update_document``) on the database worker; ``modified`` stays true until the save is done,
so the window can ask before unsaved text is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.domain.body import LEVEL_NAMES, LEVELS, heading_insertion, with_attachment_note
from app.services.documents import update_document
from ui.context import AppContext
from ui.operations import DbOp

_STYLE = """
QWidget#bodyToolbar { background: #F7F8FA; border: 1px solid #E1E4E8; border-bottom: none; }
QWidget#bodyToolbar QPushButton {
    min-height: 26px; padding: 0 10px; border: 1px solid #C9CFD6; border-radius: 3px;
    background: #FFFFFF; color: #36404A; font-size: 13px;
}
QWidget#bodyToolbar QPushButton:hover { border-color: #1D4E89; color: #1D4E89; }
QWidget#bodyToolbar QPushButton#bodySave {
    background: #1D4E89; border-color: #1D4E89; color: #FFFFFF;
}
QWidget#bodyToolbar QPushButton#bodySave:disabled {
    background: #C9CFD6; border-color: #C9CFD6; color: #FFFFFF;
}
QPlainTextEdit#docBody {
    border: 1px solid #E1E4E8; background: #FFFFFF; padding: 12px; font-size: 15px;
}
QLabel#bodyStatus { color: #6B7785; font-size: 13px; }
QLabel#bodyLocked { color: #6B7785; font-size: 13px; padding: 2px 8px 6px 8px; }
"""


def _utf16(text: str, index: int) -> int:
    """A Python string index as a Qt text position (UTF-16 code units)."""
    return len(text[:index].encode("utf-16-le")) // 2


def _from_utf16(text: str, position: int) -> int:
    return len(text.encode("utf-16-le")[: position * 2].decode("utf-16-le", errors="ignore"))


def save_body(session: Session, *, person_id: str, doc_id: str, body: str) -> Changes:
    """Queue the new 正文 (database worker); the lists and the window refresh."""
    update_document(session, person_id=person_id, doc_id=doc_id, body=body)
    return Changes(work_items=True, outbox=True)


class BodyEditor(QWidget):
    """The 正文: editable (toolbar, 保存) or read-only (with the reason it is locked)."""

    saved = Signal()

    def __init__(self, ctx: AppContext, doc_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.doc_id = doc_id
        self.attachment_names: list[str] = []
        self.setObjectName("bodyEditor")
        self.setStyleSheet(_STYLE)
        self.heading_buttons: dict[int, QPushButton] = {}
        self.toolbar = self._build_toolbar()

        self.locked = QLabel()
        self.locked.setObjectName("bodyLocked")
        self.locked.setWordWrap(True)
        self.locked.hide()
        self.text = QPlainTextEdit()
        self.text.setObjectName("docBody")
        self.text.setReadOnly(True)
        self.text.setTabChangesFocus(True)
        font = QFont(self.text.font())
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        self.text.setFont(font)
        self.text.modificationChanged.connect(self._modification_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.locked)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.text, 1)
        self.toolbar.hide()
        self.editable = False

        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)

    def _build_toolbar(self) -> QWidget:
        toolbar = QWidget()
        toolbar.setObjectName("bodyToolbar")
        toolbar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        row = QHBoxLayout(toolbar)
        row.setContentsMargins(8, 6, 8, 6)
        row.setSpacing(6)
        samples = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}
        for level in LEVELS:
            button = QPushButton(self.tr(LEVEL_NAMES[level]))
            button.setObjectName(f"heading{level}")
            button.setToolTip(
                self.tr("另起一段，插入下一个“{sample}”级标题序号").format(sample=samples[level])
            )
            button.clicked.connect(lambda _checked=False, lv=level: self.insert_heading(lv))
            row.addWidget(button)
            self.heading_buttons[level] = button
        self.note_button = QPushButton(self.tr("附件说明"))
        self.note_button.setObjectName("attachmentNote")
        self.note_button.setToolTip(self.tr("按附件列表插入或更新正文末尾的“附件：1.……”"))
        self.note_button.clicked.connect(self.insert_attachment_note)
        row.addWidget(self.note_button)
        row.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("bodyStatus")
        row.addWidget(self.status)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("bodySave")
        self.save_button.setToolTip(self.tr("保存正文（Ctrl+S）"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        row.addWidget(self.save_button)
        return toolbar

    # --- showing ---------------------------------------------------------------------------

    @property
    def modified(self) -> bool:
        """Unsaved edits (kept even if the text became locked meanwhile: never dropped)."""
        return self.text.document().isModified()

    def show_body(self, body: str, *, refusal: str | None, attachment_names: Sequence[str]) -> None:
        """The stored text (kept out while there are unsaved edits: a refresh caused by someone
        else's change must not wipe what is being typed) and whether it may be edited now."""
        self.attachment_names = list(attachment_names)
        if not self.text.document().isModified() and self.text.toPlainText() != body:
            self.text.setPlainText(body)
        self.editable = refusal is None
        self.text.setReadOnly(not self.editable)
        self.toolbar.setVisible(self.editable)
        self.locked.setVisible(not self.editable and bool(body) and bool(refusal))
        self.locked.setText(self.tr("只读：{reason}").format(reason=refusal or ""))

    def body(self) -> str:
        return self.text.toPlainText()

    def _modification_changed(self, changed: bool) -> None:
        self.save_button.setEnabled(changed)
        self.status.setText(self.tr("未保存") if changed else "")

    # --- editing ---------------------------------------------------------------------------

    def insert_heading(self, level: int) -> None:
        text = self.body()
        cursor = self.text.textCursor()
        ins = heading_insertion(text, _from_utf16(text, cursor.position()), level)
        cursor.clearSelection()
        cursor.setPosition(_utf16(text, ins.position))
        cursor.insertText(ins.text)  # one undo step
        self.text.setTextCursor(cursor)
        self.text.setFocus()

    def insert_attachment_note(self) -> None:
        """Make the 附件说明 list the document's attachments, changing only the lines that
        differ (so undo restores exactly what was there)."""
        old = self.body()
        new = with_attachment_note(old, self.attachment_names)
        if new == old:
            self.status.setText(
                self.tr("附件说明已是最新") if self.attachment_names else self.tr("公文没有附件")
            )
            return
        start = 0
        while start < min(len(old), len(new)) and old[start] == new[start]:
            start += 1
        end_old, end_new = len(old), len(new)
        while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
            end_old -= 1
            end_new -= 1
        cursor = self.text.textCursor()
        cursor.setPosition(_utf16(old, start))
        cursor.setPosition(_utf16(old, end_old), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(new[start:end_new])
        self.text.setTextCursor(cursor)
        self.text.setFocus()

    # --- saving ----------------------------------------------------------------------------

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Queue the text; ``then`` runs once it is saved (not after a failure, which is shown
        and leaves the edits in place)."""
        if not self.modified:
            if then is not None:
                then()
            return
        body = self.body()
        work = partial(save_body, person_id=self.ctx.user.id, doc_id=self.doc_id, body=body)
        DbOp(self, work).success(lambda _c: self._saved(body, then)).run()

    def _saved(self, body: str, then: Callable[[], None] | None) -> None:
        if not shiboken6.isValid(self):
            return
        if self.body() == body:  # typing during the save keeps the text unsaved
            self.text.document().setModified(False)
        self.saved.emit()
        if then is not None:
            then()

    def discard(self) -> None:
        """Drop unsaved edits (the person chose 不保存)."""
        self.text.document().setModified(False)
