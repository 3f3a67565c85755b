"""The action dialog: an opinion (with 常用意见 to insert), the next handlers when the step needs
them, a reason for 退回, a 时限 for 批办. Accepting queues the step (outbox) and closes.

What the dialog asks for follows the step: ``needs_next`` and ``needs_reason`` come from the
state machine; the extra fields of 批办, 传阅, 答复 and 归档 are what the server's effects require
(app/sync/indoc_type.py, app/sync/doc_types.py), checked here so the step is not refused later.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.domain.document import RETENTIONS
from app.services.documents import ActionChoice, act, phrases_of
from app.services.org import PersonRow, search_people
from ui.context import AppContext
from ui.operations import DbOp

PERSON_ID_ROLE = Qt.ItemDataRole.UserRole
SEARCH_DEBOUNCE_MS = 200
PICK_LIMIT = 50
# Offered when a person has saved no phrases of their own yet.
DEFAULT_PHRASES = ("同意。", "拟同意，请领导审定。", "已阅。", "请按要求办理。", "请提出意见。")
# Steps whose people field is not ``next`` (传阅 names readers).
PEOPLE_FIELD = {"circulate": "readers"}


def queue_step(
    session: Session, *, person_id: str, doc_id: str, action: str, opinion: str, args: Any
) -> Changes:
    """Queue one workflow step (database worker); the lists and the window refresh."""
    act(session, person_id=person_id, doc_id=doc_id, action=action, opinion=opinion, **args)
    return Changes(work_items=True, outbox=True)


class PeoplePicker(QWidget):
    """Search the address book and tick people; the order ticked is kept (first = 主办)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.chosen: dict[str, str] = {}  # id -> name, in the order ticked
        self.search = QLineEdit()
        self.search.setObjectName("pickerSearch")
        self.search.setPlaceholderText(self.tr("搜索姓名或拼音首字母"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("pickerResults")
        self.results.setMinimumHeight(150)
        self.summary = QLabel(self.tr("尚未选择"))
        self.summary.setObjectName("pickerSummary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addWidget(self.summary)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._debounce.start)
        self.results.itemChanged.connect(self._on_item)
        self.run_search()

    def run_search(self) -> None:
        self._debounce.stop()
        work = partial(search_people, query=self.search.text(), limit=PICK_LIMIT)
        DbOp(self, work).success(self._show).run()

    def _show(self, people: list[PersonRow]) -> None:
        if not shiboken6.isValid(self):
            return
        self.results.blockSignals(True)
        self.results.clear()
        for p in people:
            if p.id == self._ctx.user.id:
                continue  # one does not hand a step to oneself
            item = QListWidgetItem(f"{p.name}　{p.unit_name}　{p.title or ''}".rstrip())
            item.setData(PERSON_ID_ROLE, p.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, p.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = p.id in self.chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.results.addItem(item)
        self.results.blockSignals(False)

    def _on_item(self, item: QListWidgetItem) -> None:
        pid = str(item.data(PERSON_ID_ROLE))
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen[pid] = str(item.data(Qt.ItemDataRole.AccessibleTextRole))
        else:
            self.chosen.pop(pid, None)
        names = "、".join(self.chosen.values())
        self.summary.setText(self.tr("已选：{names}").format(names=names) if names else "")

    def choose(self, name: str) -> bool:
        """Tick the first listed person called ``name`` (keyboard-free use and tests)."""
        for row in range(self.results.count()):
            item = self.results.item(row)
            if item.data(Qt.ItemDataRole.AccessibleTextRole) == name:
                item.setCheckState(Qt.CheckState.Checked)
                return True
        return False

    def ids(self) -> list[str]:
        return list(self.chosen)


class ActionDialog(QDialog):
    """Take ``choice`` on ``doc_id``. ``error`` shows what is missing; nothing is queued then."""

    def __init__(
        self,
        ctx: AppContext,
        doc_id: str,
        choice: ActionChoice,
        direction: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.doc_id = doc_id
        self.choice = choice
        self.direction = direction
        self.setObjectName("actionDialog")
        self.setWindowTitle(self.tr("{action} — 政通办公").format(action=choice.label))
        self.setMinimumWidth(520)

        form = self._build_step_fields()
        self.phrases = QComboBox()
        self.phrases.setObjectName("phraseBox")
        self.phrases.addItem(self.tr("插入常用意见…"))
        self.phrases.activated.connect(self._insert_phrase)
        self.opinion = QPlainTextEdit()
        self.opinion.setObjectName("opinionEdit")
        self.opinion.setPlaceholderText(self.tr("填写办理意见（可不填）"))
        self.opinion.setFixedHeight(90)
        form.addRow(self.tr("常用意见："), self.phrases)
        form.addRow(self.tr("意见："), self.opinion)

        self.error = QLabel()
        self.error.setObjectName("actionError")
        self.error.setStyleSheet("color: #C0392B;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(choice.label)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        DbOp(self, partial(phrases_of, person_id=ctx.user.id)).success(self._show_phrases).run()

    def _build_step_fields(self) -> QFormLayout:
        """The fields this step needs besides the opinion."""
        choice, action = self.choice, self.choice.action
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(10)
        self.people: PeoplePicker | None = None
        if choice.needs_next or action in ("instruct", "circulate"):
            self.people = PeoplePicker(self.ctx, self)
            form.addRow(self._people_label(), self.people)
        self.purpose: QLineEdit | None = None
        if action == "circulate":
            self.purpose = QLineEdit(self.tr("请阅知"))
            form.addRow(self.tr("传阅目的："), self.purpose)
        self.deadline: QDateEdit | None = None
        self.use_deadline: QCheckBox | None = None
        if action in ("instruct", "supervise"):
            self.use_deadline = QCheckBox(self.tr("设定办理时限"))
            self.deadline = QDateEdit(QDate.currentDate().addDays(7))
            self.deadline.setCalendarPopup(True)
            self.deadline.setDisplayFormat("yyyy年M月d日")
            self.deadline.setEnabled(False)
            self.use_deadline.toggled.connect(self.deadline.setEnabled)
            form.addRow(self.use_deadline, self.deadline)
        self.reason: QPlainTextEdit | None = None
        if choice.needs_reason:
            self.reason = QPlainTextEdit()
            self.reason.setObjectName("reasonEdit")
            self.reason.setPlaceholderText(self.tr("请说明理由（必填）"))
            self.reason.setFixedHeight(70)
            form.addRow(self.tr("理由："), self.reason)
        self.reply: QPlainTextEdit | None = None
        if action == "reply":
            self.reply = QPlainTextEdit()
            self.reply.setPlaceholderText(self.tr("答复来文单位的内容（必填）"))
            self.reply.setFixedHeight(90)
            form.addRow(self.tr("答复内容："), self.reply)
        self.retention: QComboBox | None = None
        if action == "archive":
            self.retention = QComboBox()
            self.retention.addItems(list(RETENTIONS))
            form.addRow(self.tr("保管期限："), self.retention)

        return form

    def _people_label(self) -> str:
        if self.choice.action == "instruct":
            return self.tr("承办人：\n（第一位主办，其余协办）")
        if self.choice.action == "circulate":
            return self.tr("传阅人员：")
        return self.tr("下一步办理人：")

    def _show_phrases(self, phrases: list[str]) -> None:
        if shiboken6.isValid(self):
            for text in phrases or DEFAULT_PHRASES:
                self.phrases.addItem(text)

    def _insert_phrase(self, index: int) -> None:
        if index > 0:
            self.opinion.insertPlainText(self.phrases.itemText(index))
            self.opinion.setFocus()
        self.phrases.setCurrentIndex(0)

    # --- accept -----------------------------------------------------------------------------

    def collect(self) -> dict[str, Any] | None:
        """The step's arguments, or None after showing what is missing."""
        args = self._people_args()
        if args is None:
            return None
        required = [
            (self.purpose, "purpose", self.tr("请说明传阅目的")),
            (self.reason, "reason", self.tr("{action}须填写理由").format(action=self.choice.label)),
            (self.reply, "text", self.tr("答复内容不能为空")),
        ]
        for edit, key, message in required:
            if edit is None:
                continue
            text = (edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()).strip()
            if not text:
                return self._missing(message)
            args[key] = text
        if self.deadline is not None and self.use_deadline is not None:
            if self.use_deadline.isChecked():
                args["deadline"] = self.deadline.date().toString("yyyy-MM-dd")
        if self.retention is not None:
            args["retention"] = self.retention.currentText()
        if self.choice.action == "mark_read" and self.opinion.toPlainText().strip():
            args["comment"] = self.opinion.toPlainText().strip()
        return args

    def _people_args(self) -> dict[str, Any] | None:
        action = self.choice.action
        people = self.people.ids() if self.people is not None else []
        if people and action == "instruct":  # the first is 主办, the others 协办
            return {"next": people[:1], "helpers": people[1:]}
        if people:
            return {PEOPLE_FIELD.get(action, "next"): people}
        if action == "instruct":
            return self._missing(self.tr("请选择承办人"))
        if action == "circulate":
            return self._missing(self.tr("请选择传阅人员"))
        if self.choice.needs_next:
            return self._missing(self.tr("请选择下一步办理人"))
        return {}

    def _missing(self, message: str) -> dict[str, Any] | None:
        """Say what is missing; None tells the caller not to queue anything."""
        self.error.setText(message)
        return None

    def submit(self) -> None:
        args = self.collect()
        if args is None:
            return
        self.error.clear()
        self.buttons.setEnabled(False)
        work = partial(
            queue_step,
            person_id=self.ctx.user.id,
            doc_id=self.doc_id,
            action=self.choice.action,
            opinion=self.opinion.toPlainText(),
            args=args,
        )
        DbOp(self, work).success(lambda _: self.accept()).failure(self._refused).run()

    def _refused(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.buttons.setEnabled(True)
            self.error.setText(str(exc))
