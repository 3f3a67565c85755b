"""Two parts of the compose dialog: the body editor with its basic rich-text toolbar (加粗, 倾斜,
下划线, 编号, 项目符号, 文字颜色) and the 回执 form builder.

The editor hands Qt's HTML to the service, which reduces it to the allowed subset
(app/domain/rich_text.py) before anything is stored or sent. The builder describes the form as
the record holds it; its rules (names, 2+ options for a choice, a deadline) are checked by
app/domain/receipt_form.py when the notice is saved, and a mistake is named in Chinese there.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDateTime, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap, QTextCharFormat, QTextListFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.notice import MAX_BODY
from app.domain.receipt_form import KINDS, MAX_FIELDS, ReceiptForm

# Official notices use few colours: black text, red for what must not be missed, blue for notes.
COLOURS = (
    (QT_TRANSLATE_NOOP("RichTextEditor", "黑色"), "#1F2D3D"),
    (QT_TRANSLATE_NOOP("RichTextEditor", "红色"), "#C0392B"),
    (QT_TRANSLATE_NOOP("RichTextEditor", "蓝色"), "#1D4E89"),
    (QT_TRANSLATE_NOOP("RichTextEditor", "绿色"), "#1D6F42"),
)
_OPTION_SPLIT = re.compile(r"[、,，;；\n]+")
DATETIME_FORMAT = "yyyy-MM-dd HH:mm"

_STYLE = """
QWidget#richToolbar { background: #F7F8FA; border: 1px solid #E1E4E8; border-bottom: none; }
QWidget#richToolbar QToolButton {
    min-width: 28px; min-height: 26px; border: 1px solid transparent; border-radius: 3px;
    color: #36404A; font-size: 14px;
}
QWidget#richToolbar QToolButton:hover { border-color: #C9CFD6; background: #FFFFFF; }
QWidget#richToolbar QToolButton:checked { border-color: #1D4E89; background: #E2EAF5; }
QTextEdit#noticeEditor { border: 1px solid #E1E4E8; background: #FFFFFF; font-size: 15px; }
QLabel#bodyCount { color: #6B7785; font-size: 12px; }
"""


def datetime_edit(name: str, value: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(QDateTime(value))
    edit.setObjectName(name)
    edit.setDisplayFormat(DATETIME_FORMAT)
    edit.setCalendarPopup(True)
    return edit


def picked(edit: QDateTimeEdit) -> datetime:
    """The moment shown, in this computer's time (naive: the service reads it as local)."""
    value = edit.dateTime().toPython()
    assert isinstance(value, datetime)
    return value.replace(second=0, microsecond=0)


class RichTextEditor(QWidget):
    """The 正文 with a small toolbar. ``html()`` is Qt's markup (sanitized by the service)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("richTextEditor")
        self.setStyleSheet(_STYLE)
        self.editor = QTextEdit()
        self.editor.setObjectName("noticeEditor")
        self.editor.setAcceptRichText(True)
        self.editor.setPlaceholderText(self.tr("通知正文"))
        self.count = QLabel()
        self.count.setObjectName("bodyCount")
        self.buttons: dict[str, QToolButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_toolbar())
        layout.addWidget(self.editor, 1)
        self.editor.currentCharFormatChanged.connect(self._follow_format)
        self.editor.textChanged.connect(self._count)
        self._count()

    def _build_toolbar(self) -> QWidget:
        toolbar = QWidget()
        toolbar.setObjectName("richToolbar")
        row = QHBoxLayout(toolbar)
        row.setContentsMargins(6, 3, 6, 3)
        row.setSpacing(2)
        for key, text, tip, slot in (
            ("bold", "B", self.tr("加粗 (Ctrl+B)"), self.set_bold),
            ("italic", "I", self.tr("倾斜 (Ctrl+I)"), self.set_italic),
            ("underline", "U", self.tr("下划线 (Ctrl+U)"), self.set_underline),
        ):
            button = self._button(key, text, tip, checkable=True)
            button.toggled.connect(slot)
            row.addWidget(button)
        for key, keys, style in (
            ("bold", "Ctrl+B", QFont.setBold),
            ("italic", "Ctrl+I", QFont.setItalic),
            ("underline", "Ctrl+U", QFont.setUnderline),
        ):
            button = self.buttons[key]
            button.setShortcut(keys)
            font = button.font()
            style(font, True)  # the button shows what it does
            button.setFont(font)
        row.addSpacing(8)
        numbered = self._button("numbered", "1.", self.tr("编号列表"))
        numbered.clicked.connect(lambda: self.toggle_list(QTextListFormat.Style.ListDecimal))
        bullets = self._button("bullets", "•", self.tr("项目符号列表"))
        bullets.clicked.connect(lambda: self.toggle_list(QTextListFormat.Style.ListDisc))
        row.addWidget(numbered)
        row.addWidget(bullets)
        row.addSpacing(8)
        colour = self._button("colour", "A", self.tr("文字颜色"))
        colour.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(colour)
        for name, value in COLOURS:
            swatch = QPixmap(14, 14)
            swatch.fill(QColor(value))
            action = menu.addAction(QIcon(swatch), self.tr(str(name)))
            action.triggered.connect(lambda _=False, v=value: self.set_colour(v))
        colour.setMenu(menu)
        row.addWidget(colour)
        row.addStretch(1)
        row.addWidget(self.count)
        return toolbar

    def _button(self, key: str, text: str, tip: str, *, checkable: bool = False) -> QToolButton:
        button = QToolButton()
        button.setObjectName(f"rich_{key}")
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(checkable)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the caret stays in the text
        self.buttons[key] = button
        return button

    def _merge(self, fmt: QTextCharFormat) -> None:
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            cursor.select(cursor.SelectionType.WordUnderCursor)
        cursor.mergeCharFormat(fmt)
        self.editor.mergeCurrentCharFormat(fmt)

    def set_bold(self, on: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold if on else QFont.Weight.Normal)
        self._merge(fmt)

    def set_italic(self, on: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(on)
        self._merge(fmt)

    def set_underline(self, on: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontUnderline(on)
        self._merge(fmt)

    def set_colour(self, value: str) -> None:
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(value))
        self._merge(fmt)

    def toggle_list(self, style: QTextListFormat.Style) -> None:
        """Make the current paragraphs a list of ``style``, or plain paragraphs again."""
        cursor = self.editor.textCursor()
        current = cursor.currentList()
        if current is not None and current.format().style() == style:
            current.remove(cursor.block())
            fmt = cursor.blockFormat()
            fmt.setIndent(0)
            cursor.setBlockFormat(fmt)
            return
        cursor.createList(style)

    def _follow_format(self, fmt: QTextCharFormat) -> None:
        for key, on in (
            ("bold", fmt.fontWeight() >= QFont.Weight.DemiBold),
            ("italic", fmt.fontItalic()),
            ("underline", fmt.fontUnderline()),
        ):
            button = self.buttons[key]
            button.blockSignals(True)
            button.setChecked(on)
            button.blockSignals(False)

    def _count(self) -> None:
        n = len(self.editor.toPlainText())
        self.count.setText(self.tr("{n} / {max} 字").format(n=n, max=MAX_BODY))
        self.count.setStyleSheet("color: #C0392B;" if n > MAX_BODY else "")

    def html(self) -> str:
        return self.editor.toHtml() if self.editor.toPlainText().strip() else ""

    def plain_text(self) -> str:
        return self.editor.toPlainText()

    def set_content(self, html: str, plain: str) -> None:
        if html:
            self.editor.setHtml(html)
        else:
            self.editor.setPlainText(plain)


class FieldRow(QWidget):
    """One field of the form: its name, kind, options (for a choice) and whether it is required."""

    remove_requested = Signal(QWidget)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formFieldRow")
        self.label = QLineEdit()
        self.label.setObjectName("fieldLabel")
        self.label.setPlaceholderText(self.tr("项目名称，如：参训人员姓名"))
        self.kind = QComboBox()
        self.kind.setObjectName("fieldKind")
        for key, name in KINDS.items():
            self.kind.addItem(self.tr(name), key)
        self.required = QCheckBox(self.tr("必填"))
        self.required.setObjectName("fieldRequired")
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip(self.tr("删除此项"))
        remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.options = QLineEdit()
        self.options.setObjectName("fieldOptions")
        self.options.setPlaceholderText(self.tr("选项，用“、”分隔，如：参加、不参加"))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.label, 1)
        top.addWidget(self.kind)
        top.addWidget(self.required)
        top.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.options)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self._on_kind()

    def _on_kind(self, *_args: object) -> None:
        self.options.setVisible(self.kind.currentData() in ("single", "multi"))

    def set_field(self, label: str, kind: str, options: list[str], required: bool) -> None:
        self.label.setText(label)
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.options.setText("、".join(options))
        self.required.setChecked(required)

    def as_data(self, field_id: str) -> dict[str, Any]:
        kind = str(self.kind.currentData())
        options = (
            [o.strip() for o in _OPTION_SPLIT.split(self.options.text()) if o.strip()]
            if kind in ("single", "multi")
            else []
        )
        return {
            "id": field_id,
            "label": self.label.text().strip(),
            "kind": kind,
            "options": options,
            "required": self.required.isChecked(),
        }


class ReceiptFormBuilder(QWidget):
    """回执截止 and the form's fields (none: a plain 确认收到)."""

    def __init__(self, deadline: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptBuilder")
        self.deadline = datetime_edit("receiptDeadline", deadline)
        self.rows: list[FieldRow] = []
        self.rows_box = QVBoxLayout()
        self.rows_box.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(self.tr("＋ 添加回执项"))
        self.add_button.setObjectName("addField")
        self.add_button.clicked.connect(self._add_empty)
        self.hint = QLabel(self.tr("不添加项目时，接收人只需点“确认收到”。"))
        self.hint.setObjectName("statsNote")
        self.hint.setStyleSheet("color: #6B7785; font-size: 12px;")
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(QLabel(self.tr("回执截止：")))
        deadline_row.addWidget(self.deadline)
        deadline_row.addStretch(1)
        deadline_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(deadline_row)
        layout.addLayout(self.rows_box)
        layout.addWidget(self.hint)

    def add_field(
        self,
        label: str = "",
        kind: str = "text",
        options: list[str] | None = None,
        *,
        required: bool = False,
    ) -> FieldRow:
        row = FieldRow()
        row.set_field(label, kind, options or [], required)
        row.remove_requested.connect(self._remove)
        self.rows.append(row)
        self.rows_box.addWidget(row)
        self.add_button.setEnabled(len(self.rows) < MAX_FIELDS)
        self.hint.setVisible(False)
        return row

    def _add_empty(self) -> None:
        self.add_field()

    def _remove(self, row: QWidget) -> None:
        if isinstance(row, FieldRow) and row in self.rows:
            self.rows.remove(row)
            row.deleteLater()
        self.add_button.setEnabled(True)
        self.hint.setVisible(not self.rows)

    def set_form(self, form: ReceiptForm) -> None:
        for row in list(self.rows):
            self._remove(row)
        self.deadline.setDateTime(QDateTime(form.deadline.astimezone().replace(tzinfo=None)))
        for f in form.fields:
            self.add_field(f.label, f.kind, list(f.options), required=f.required)

    def form_data(self) -> dict[str, Any]:
        """The form as the notice record holds it (checked by the service when saved)."""
        return {
            "deadline": picked(self.deadline),
            "fields": [row.as_data(f"f{i}") for i, row in enumerate(self.rows, start=1)],
        }
