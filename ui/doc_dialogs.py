"""Short dialogs of the 公文 lists: 新建拟稿, 登记纸质来文, a text prompt (拒收 reason, 催办 note).

Each checks what a person can fix at once (an empty title), then hands the record to the service
on the database worker, which runs the same rules as the server (文种, 密级 against the
deployment's ceiling, 保密期限); a refusal is shown in the dialog in Chinese and nothing is
created. ``created(doc_id)`` fires after the record is queued.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.domain.document import DOC_TYPES, MAX_TITLE, SECRET_LEVELS, URGENCIES
from app.services.doc_queries import AgencyChoice, FormChoices, form_choices
from app.services.documents import create_draft, register_paper
from ui.context import AppContext
from ui.operations import DbOp

UNIT_ID_ROLE = Qt.ItemDataRole.UserRole
MAIN_COL, CC_COL = 1, 2
# GB/T 9704 prints a 保密期限 beside 秘密 and above; these are the usual ones (any "N年" works).
PERIODS = ("10年", "20年", "30年", "长期")
ERROR_STYLE = "color: #C0392B;"


@dataclass(frozen=True, slots=True)
class Created:
    doc_id: str
    changes: Changes = field(default_factory=lambda: Changes(work_items=True, outbox=True))


def _create(session: Session, *, fn: Callable[..., str], person_id: str, fields: Any) -> Created:
    """Create the record (database worker); the lists refresh through ``changes``."""
    return Created(fn(session, person_id=person_id, **fields))


class _DocForm(QDialog):
    """Fields shared by a 发文 draft and a paper 收文: 文种, 标题, 密级 (+保密期限), 紧急程度."""

    created = Signal(str)

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choices: FormChoices | None = None
        self.setWindowTitle(self.tr("{title} — 政通办公").format(title=title))
        self.setMinimumWidth(580)

        self.doc_type = QComboBox()
        self.doc_type.setObjectName("docTypeBox")
        self.doc_type.addItems(list(DOC_TYPES))
        self.doc_type.setCurrentText("通知")
        self.title = QLineEdit()
        self.title.setObjectName("titleEdit")
        self.title.setMaxLength(MAX_TITLE)
        self.title.setPlaceholderText(self.tr("如：关于做好2026年汛期安全防范工作的通知"))
        self.classification = QComboBox()
        self.classification.setObjectName("classificationBox")
        self.period = QComboBox()
        self.period.setObjectName("periodBox")
        self.period.setEditable(True)
        self.period.addItems(list(PERIODS))
        self.period_label = QLabel(self.tr("保密期限："))
        self.urgency = QComboBox()
        self.urgency.setObjectName("urgencyBox")
        for value in URGENCIES:
            self.urgency.addItem(value or self.tr("一般"), value)

        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setVerticalSpacing(10)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.classification.currentIndexChanged.connect(self._on_level)

    def _lay_out(self) -> None:
        """Called last by each form: the choices are loaded once all its fields exist."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        work = partial(form_choices, person_id=self.ctx.user.id)
        DbOp(self, work).success(self._on_choices).failure(self._refused).run()

    def _level_row(self) -> QWidget:
        """密级, then 保密期限 beside it (shown only for 秘密 and above)."""
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(10)  # only between shown widgets: a hidden 保密期限 leaves no gap
        line.addWidget(self.classification, 1)
        line.addWidget(self.period_label)
        line.addWidget(self.period, 1)
        self.period_label.hide()
        self.period.hide()
        return row

    def _on_choices(self, choices: FormChoices) -> None:
        if not shiboken6.isValid(self):
            return
        self.choices = choices
        self.classification.clear()
        for level in choices.levels:  # only what this deployment may carry
            self.classification.addItem(level or self.tr("非密"), level)

    def _on_level(self, _index: int) -> None:
        secret = self.classification.currentData() in SECRET_LEVELS
        self.period_label.setVisible(secret)
        self.period.setVisible(secret)

    def common_fields(self) -> dict[str, Any] | None:
        title = self.title.text().strip()
        if not title:
            return self.missing(self.tr("请填写标题"), self.title)
        level = self.classification.currentData() or ""
        fields: dict[str, Any] = {
            "title": title,
            "doc_type": self.doc_type.currentText(),
            "classification": level,
            "urgency": self.urgency.currentData() or "",
        }
        if level in SECRET_LEVELS:
            fields["classification_period"] = self.period.currentText().strip()
        return fields

    def missing(self, message: str, widget: QWidget | None = None) -> dict[str, Any] | None:
        """Say what is missing; None tells the caller that nothing is to be created."""
        self.error.setText(message)
        if widget is not None:
            widget.setFocus()
        return None

    def fields(self) -> dict[str, Any] | None:  # pragma: no cover - each form has its own
        raise NotImplementedError

    def service(self) -> Callable[..., str]:  # pragma: no cover - each form has its own
        raise NotImplementedError

    def submit(self) -> None:
        fields = self.fields()
        if fields is None:
            return
        self.error.clear()
        self.buttons.setEnabled(False)
        work = partial(_create, fn=self.service(), person_id=self.ctx.user.id, fields=fields)
        DbOp(self, work).success(self._done).failure(self._refused).run()

    def _done(self, result: Created) -> None:
        if shiboken6.isValid(self):
            self.accept()
            self.created.emit(result.doc_id)

    def _refused(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.buttons.setEnabled(True)
            self.error.setText(str(exc))


class UnitChooser(QTreeWidget):
    """The 机关 of the address book as a tree, with a 主送 and a 抄送 tick per unit (one unit is
    either, not both: 分发 sends it one copy)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitChooser")
        self.setColumnCount(3)
        self.setHeaderLabels([self.tr("单位"), self.tr("主送"), self.tr("抄送")])
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (MAIN_COL, CC_COL):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(col, 56)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setStyleSheet("QTreeWidget#unitChooser::item { min-height: 24px; }")
        self.setMinimumHeight(220)
        self.itemChanged.connect(self._on_item)

    def set_units(self, agencies: tuple[AgencyChoice, ...]) -> None:
        self.blockSignals(True)
        self.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for unit in agencies:
            item = QTreeWidgetItem([unit.name, "", ""])
            item.setData(0, UNIT_ID_ROLE, unit.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(MAIN_COL, Qt.CheckState.Unchecked)
            item.setCheckState(CC_COL, Qt.CheckState.Unchecked)
            items[unit.id] = item
        for unit in agencies:
            parent = items.get(unit.parent_id or "")
            if parent is not None:
                parent.addChild(items[unit.id])
            else:
                self.addTopLevelItem(items[unit.id])
        self.expandAll()
        self.blockSignals(False)

    def _items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        stack = [self.topLevelItem(i) for i in reversed(range(self.topLevelItemCount()))]
        while stack:
            item = stack.pop()
            if item is not None:
                out.append(item)
                stack.extend(item.child(i) for i in reversed(range(item.childCount())))
        return out

    def _on_item(self, item: QTreeWidgetItem, column: int) -> None:
        if column in (MAIN_COL, CC_COL) and item.checkState(column) == Qt.CheckState.Checked:
            other = CC_COL if column == MAIN_COL else MAIN_COL
            item.setCheckState(other, Qt.CheckState.Unchecked)

    def choose(self, name: str, column: int = MAIN_COL) -> bool:
        """Tick ``name`` as 主送 (or 抄送 with CC_COL): keyboard-free use and tests."""
        for item in self._items():
            if item.text(0) == name:
                item.setCheckState(column, Qt.CheckState.Checked)
                return True
        return False

    def chosen(self, column: int) -> list[str]:
        return [
            str(item.data(0, UNIT_ID_ROLE))
            for item in self._items()
            if item.checkState(column) == Qt.CheckState.Checked
        ]


class NewDraftDialog(_DocForm):
    """新建拟稿: the heading facts of a 发文; the 正文 is written in the document window."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("新建拟稿"), parent)
        self.setObjectName("newDraftDialog")
        self.code = QLineEdit()
        self.code.setObjectName("codeEdit")
        self.code.setPlaceholderText(self.tr("如：塔政发（编号时使用，可稍后填写）"))
        self._code_edited = False
        self.code.textEdited.connect(self._on_code_edited)
        self.doc_type.currentTextChanged.connect(self._suggest_code)
        self.units = UnitChooser()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("创建并编辑正文"))
        self.form.addRow(self.tr("文种："), self.doc_type)
        self.form.addRow(self.tr("标题："), self.title)
        self.form.addRow(self.tr("发文代字："), self.code)
        self.form.addRow(self.tr("主送/抄送机关："), self.units)
        self.form.addRow(self.tr("密级："), self._level_row())
        self.form.addRow(self.tr("紧急程度："), self.urgency)
        self._lay_out()
        self.title.setFocus()

    def _on_choices(self, choices: FormChoices) -> None:
        super()._on_choices(choices)
        if shiboken6.isValid(self):
            self.units.set_units(choices.agencies)
            self._suggest_code()

    def _on_code_edited(self, _text: str) -> None:
        self._code_edited = True

    def _suggest_code(self) -> None:
        """机关代字 + 文种代字 (塔教发, 塔教函) until the writer types their own."""
        prefix = self.choices.code_prefix if self.choices else ""
        if prefix and not self._code_edited:
            suffix = "函" if self.doc_type.currentText() == "函" else "发"
            self.code.setText(prefix + suffix)

    def fields(self) -> dict[str, Any] | None:
        fields = self.common_fields()
        if fields is None:
            return None
        code = self.code.text().strip()
        if code:
            fields["code"] = code
        fields["main_units"] = self.units.chosen(MAIN_COL)
        fields["cc_units"] = self.units.chosen(CC_COL)
        return fields

    def service(self) -> Callable[..., str]:
        return create_draft


class PaperDialog(_DocForm):
    """登记纸质来文: a paper document the 收发员 received, entered by hand."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("登记纸质来文"), parent)
        self.setObjectName("paperDialog")
        self.from_unit = QLineEdit()
        self.from_unit.setObjectName("fromUnitEdit")
        self.from_unit.setPlaceholderText(self.tr("如：塔山市应急管理局"))
        self.doc_number = QLineEdit()
        self.doc_number.setObjectName("docNumberEdit")
        self.doc_number.setPlaceholderText(self.tr("如：塔应急发〔2026〕15号（无则不填）"))
        self.copies = QSpinBox()
        self.copies.setObjectName("copiesBox")
        self.copies.setRange(1, 100_000)
        self.copies.setSuffix(self.tr(" 份"))
        today = QDate.currentDate()
        self.received = QDateEdit(today)
        self.received.setObjectName("receivedDate")
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("yyyy年M月d日")
        self.received.setMaximumDate(today)  # a document is not received in the future
        self.use_deadline = QCheckBox(self.tr("设定办理时限"))
        self.use_deadline.setObjectName("useDeadline")
        self.deadline = QDateEdit(today.addDays(7))
        self.deadline.setObjectName("deadlineDate")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy年M月d日")
        self.deadline.setEnabled(False)
        self.use_deadline.toggled.connect(self.deadline.setEnabled)
        deadline_row = QWidget()
        line = QHBoxLayout(deadline_row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.use_deadline)
        line.addWidget(self.deadline, 1)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("登记"))
        self.form.addRow(self.tr("来文单位："), self.from_unit)
        self.form.addRow(self.tr("来文字号："), self.doc_number)
        self.form.addRow(self.tr("标题："), self.title)
        self.form.addRow(self.tr("文种："), self.doc_type)
        self.form.addRow(self.tr("密级："), self._level_row())
        self.form.addRow(self.tr("紧急程度："), self.urgency)
        self.form.addRow(self.tr("份数："), self.copies)
        self.form.addRow(self.tr("收文日期："), self.received)
        self.form.addRow(self.tr("办理时限："), deadline_row)
        self._lay_out()
        self.from_unit.setFocus()

    def fields(self) -> dict[str, Any] | None:
        unit = self.from_unit.text().strip()
        if not unit:
            return self.missing(self.tr("请填写来文单位"), self.from_unit)
        fields = self.common_fields()
        if fields is None:
            return None
        received = date.fromisoformat(self.received.date().toString("yyyy-MM-dd"))
        fields |= {
            "from_unit": unit,
            "doc_number": self.doc_number.text().strip(),
            "copies": self.copies.value(),
            "received_date": received.isoformat(),
        }
        if self.use_deadline.isChecked():
            deadline = date.fromisoformat(self.deadline.date().toString("yyyy-MM-dd"))
            if deadline < received:
                return self.missing(self.tr("办理时限不能早于收文日期"), self.deadline)
            fields["deadline"] = deadline.isoformat()
        return fields

    def service(self) -> Callable[..., str]:
        return register_paper


class TextPrompt(QDialog):
    """One text to enter, then ``work(text)`` on the database worker: a 拒收 reason (required)
    or a 催办 note (optional). A refusal keeps the dialog open with the reason shown."""

    completed = Signal()

    def __init__(
        self,
        *,
        title: str,
        label: str,
        action: str,
        work: Callable[[Session, str], object],
        required: str = "",  # the message when the text is left empty; "" = optional
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("textPrompt")
        self.setWindowTitle(self.tr("{title} — 政通办公").format(title=title))
        self.setMinimumWidth(460)
        self._work = work
        self._required = required
        self.text = QPlainTextEdit()
        self.text.setObjectName("promptText")
        self.text.setPlaceholderText(placeholder)
        self.text.setFixedHeight(90)
        self.error = QLabel()
        self.error.setObjectName("promptError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(action)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        caption = QLabel(label)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        text = self.text.toPlainText().strip()
        if not text and self._required:
            self.error.setText(self._required)
            return
        self.error.clear()
        self.buttons.setEnabled(False)
        work = self._work
        DbOp(self, lambda session: work(session, text)).success(self._ok).failure(
            self._refused
        ).run()

    def _ok(self, _result: object) -> None:
        if shiboken6.isValid(self):
            self.accept()
            self.completed.emit()

    def _refused(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.buttons.setEnabled(True)
            self.error.setText(str(exc))
