"""The compose dialog: title, urgency, 密级, body with basic rich text, attachments, recipients
(units, people, saved groups), 立即发布 or 定时发布, 有效期, and an optional 回执 form.

存为草稿 saves; 发布 (or 提交审核, for a sender without the 发送通知 permission) saves and queues
the step in the same transaction, so a refusal — no recipients, a time already past, a malformed
form, a file too large, someone outside the sender's reach — is shown in Chinese and nothing at
all is queued. The rules are the services' (the same the server runs); the dialog only collects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from app.changes import Changes
from app.domain.notice import MAX_TITLE, URGENCIES
from app.services.notice_queries import NoticeDetail, expand_groups, notice_detail
from app.services.notice_views import ComposeChoices, compose_choices
from app.services.notices import create_notice, notice_step, store_attachments, update_notice
from app.sync.attachments import Attachment
from ui.context import AppContext
from ui.doc_attachments import size_text
from ui.doc_dialogs import ERROR_STYLE
from ui.notice_editors import ReceiptFormBuilder, RichTextEditor, datetime_edit, picked
from ui.notice_recipients import RecipientPicker
from ui.notices import NOTICE_CHANGES
from ui.operations import DbOp
from ui.sections import icon

PATH_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True, slots=True)
class Saved:
    notice_id: str
    state: str  # draft, or what the queued step leads to: published, scheduled, pending
    changes: Changes = field(default_factory=lambda: NOTICE_CHANGES)


def save_notice(
    session: Session,
    *,
    folder: Path,
    sessions: sessionmaker[Session],
    person_id: str,
    notice_id: str | None,
    fields: dict[str, Any],
    kept: list[Attachment],
    paths: list[Path],
    step: str,
) -> Saved:
    """Save the notice (database worker) and, with ``step`` (publish / submit), queue it — one
    transaction: a refused step leaves no draft behind. Chosen groups are expanded into their
    units and people here; the files are stored first (before this session writes anything)."""
    fields = dict(fields)
    if fields.get("recipient_group_ids"):
        units, people = expand_groups(
            session, person_id=person_id, group_ids=fields["recipient_group_ids"]
        )
        fields["recipient_unit_ids"] = list(dict.fromkeys([*fields["recipient_unit_ids"], *units]))
        fields["recipient_person_ids"] = list(
            dict.fromkeys([*fields["recipient_person_ids"], *people])
        )
    added = (
        store_attachments(session, folder=folder, sessions=sessions, paths=paths) if paths else []
    )
    fields["attachments"] = [*kept, *added]
    if notice_id is None:
        notice_id = create_notice(session, person_id=person_id, **fields)
    else:
        update_notice(session, person_id=person_id, notice_id=notice_id, **fields)
    state = "draft"
    if step:
        state = notice_step(session, person_id=person_id, notice_id=notice_id, action=step)
    return Saved(notice_id, state)


def _next_hour(now: datetime, hours: int = 1) -> datetime:
    return (now + timedelta(hours=hours)).replace(minute=0, second=0, microsecond=0)


class ComposeDialog(QDialog):
    """New notice, or a draft (``notice_id``). ``saved(notice_id, state)`` after it is queued."""

    saved = Signal(str, str)

    def __init__(
        self, ctx: AppContext, *, notice_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notice_id = notice_id
        self.choices: ComposeChoices | None = None
        self.kept: list[Attachment] = []  # a draft's files already stored
        self.setObjectName("composeDialog")
        self.setWindowTitle(
            self.tr("编辑通知 — 政通办公") if notice_id else self.tr("新建通知 — 政通办公")
        )
        self.setWindowIcon(icon("zhengtong"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1180, 780)
        self._build_content(ctx)
        self._build_timing(datetime.now())
        self._build_buttons()
        self._lay_out()
        self.scheduled.toggled.connect(self._follow)
        self.use_expiry.toggled.connect(self._follow)
        self.need_receipt.toggled.connect(self._follow)
        self._follow()
        self._load()
        self.title.setFocus()

    # --- layout ---------------------------------------------------------------------------

    def _build_content(self, ctx: AppContext) -> None:
        self.title = QLineEdit()
        self.title.setObjectName("noticeTitleEdit")
        self.title.setMaxLength(MAX_TITLE)
        self.title.setPlaceholderText(self.tr("通知标题，如：关于做好汛期值班值守工作的通知"))
        self.urgency = QComboBox()
        self.urgency.setObjectName("urgencyBox")
        for value in URGENCIES:
            self.urgency.addItem(self.tr(value), value)
        self.classification = QComboBox()
        self.classification.setObjectName("classificationBox")
        self.body = RichTextEditor()
        self.files = QListWidget()
        self.files.setObjectName("composeFiles")
        self.files.setMaximumHeight(72)
        self.recipients = RecipientPicker(ctx)

    def _build_timing(self, now: datetime) -> None:
        self.publish_now = QRadioButton(self.tr("立即发布"))
        self.publish_now.setObjectName("publishNow")
        self.publish_now.setChecked(True)
        self.scheduled = QRadioButton(self.tr("定时发布"))
        self.scheduled.setObjectName("publishScheduled")
        modes = QButtonGroup(self)
        modes.addButton(self.publish_now)
        modes.addButton(self.scheduled)
        self.publish_at = datetime_edit("publishAt", _next_hour(now))
        self.use_expiry = QCheckBox(self.tr("有效期至"))
        self.use_expiry.setObjectName("useExpiry")
        self.expires_at = datetime_edit(
            "expiresAt", datetime.combine(now.date() + timedelta(days=7), time(18, 0))
        )
        self.need_receipt = QCheckBox(self.tr("需要回执"))
        self.need_receipt.setObjectName("needReceipt")
        self.receipt = ReceiptFormBuilder(
            datetime.combine(now.date() + timedelta(days=3), time(17, 0))
        )

    def _build_buttons(self) -> None:
        self.error = QLabel()
        self.error.setObjectName("composeError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.reject)
        self.draft_button = QPushButton(self.tr("存为草稿"))
        self.draft_button.setObjectName("saveDraft")
        self.draft_button.clicked.connect(lambda: self.submit(send=False))
        self.send_button = QPushButton(self.tr("发布"))
        self.send_button.setObjectName("primaryButton")
        self.send_button.clicked.connect(lambda: self.submit(send=True))

    def _left_column(self) -> QVBoxLayout:
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("紧急程度：")))
        head.addWidget(self.urgency)
        head.addSpacing(16)
        head.addWidget(QLabel(self.tr("密级：")))
        head.addWidget(self.classification)
        head.addStretch(1)
        add_file = QPushButton(self.tr("添加附件…"))
        add_file.setObjectName("addAttachment")
        add_file.clicked.connect(self.choose_files)
        remove_file = QPushButton(self.tr("移除"))
        remove_file.setObjectName("removeAttachment")
        remove_file.clicked.connect(self.remove_selected_file)
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(add_file)
        file_buttons.addWidget(remove_file)
        file_buttons.addStretch(1)
        files = QHBoxLayout()
        files.addWidget(self.files, 1)
        files.addLayout(file_buttons)
        title = QHBoxLayout()
        title.addWidget(QLabel(self.tr("标题：")))
        title.addWidget(self.title, 1)
        left = QVBoxLayout()
        left.addLayout(title)
        left.addLayout(head)
        left.addWidget(self.body, 1)
        left.addWidget(QLabel(self.tr("附件：")))
        left.addLayout(files)
        return left

    def _right_column(self) -> QVBoxLayout:
        recipients = QGroupBox(self.tr("接收范围"))
        QVBoxLayout(recipients).addWidget(self.recipients)
        timing = QGroupBox(self.tr("发布"))
        grid = QVBoxLayout(timing)
        mode = QHBoxLayout()
        mode.addWidget(self.publish_now)
        mode.addWidget(self.scheduled)
        mode.addWidget(self.publish_at)
        mode.addStretch(1)
        expiry = QHBoxLayout()
        expiry.addWidget(self.use_expiry)
        expiry.addWidget(self.expires_at)
        expiry.addStretch(1)
        grid.addLayout(mode)
        grid.addLayout(expiry)
        receipt = QGroupBox(self.tr("回执"))
        receipt_layout = QVBoxLayout(receipt)
        receipt_layout.addWidget(self.need_receipt)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.receipt)
        scroll.setMinimumHeight(120)
        self.receipt_scroll = scroll
        receipt_layout.addWidget(scroll, 1)
        right = QVBoxLayout()
        right.addWidget(recipients, 3)
        right.addWidget(timing)
        right.addWidget(receipt, 2)
        return right

    def _lay_out(self) -> None:
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(self._left_column(), 11)
        columns.addLayout(self._right_column(), 9)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.draft_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

    def _follow(self, *_args: object) -> None:
        self.publish_at.setEnabled(self.scheduled.isChecked())
        self.expires_at.setEnabled(self.use_expiry.isChecked())
        self.receipt_scroll.setEnabled(self.need_receipt.isChecked())

    # --- loading --------------------------------------------------------------------------

    def _load(self) -> None:
        me, nid = self.ctx.user.id, self.notice_id

        def work(session: Session) -> tuple[ComposeChoices, NoticeDetail | None]:
            choices = compose_choices(session, person_id=me)
            detail = notice_detail(session, notice_id=nid, person_id=me) if nid else None
            return choices, detail

        DbOp(self, work).success(self._loaded).failure(self._refused).run()

    def _loaded(self, result: tuple[ComposeChoices, NoticeDetail | None]) -> None:
        if not shiboken6.isValid(self):
            return
        choices, detail = result
        self.choices = choices
        self.classification.clear()
        for level in choices.levels:
            self.classification.addItem(level or self.tr("非密"), level)
        self.recipients.set_units(choices.units)
        self.recipients.set_groups(choices.groups)
        self.send_button.setText(self.tr("发布") if choices.may_publish else self.tr("提交审核"))
        if detail is not None:
            self._fill(detail)

    def _fill(self, d: NoticeDetail) -> None:
        """A draft's content back in the fields."""
        self.title.setText(d.title)
        self.urgency.setCurrentIndex(max(0, self.urgency.findData(d.urgency)))
        self.classification.setCurrentIndex(max(0, self.classification.findData(d.classification)))
        self.body.set_content(d.body_html, d.body)
        self.kept = list(d.attachments)
        for ref in self.kept:
            self._add_file_item(ref["name"], int(ref["size"]), None)
        people = dict(zip(d.person_ids, d.recipients[len(d.unit_ids) :], strict=False))
        self.recipients.preset(d.unit_ids, people, d.group_ids)
        if d.publish_at is not None:
            self.scheduled.setChecked(True)
            self.publish_at.setDateTime(QDateTime(d.publish_at.astimezone().replace(tzinfo=None)))
        if d.expires_at is not None:
            self.use_expiry.setChecked(True)
            self.expires_at.setDateTime(QDateTime(d.expires_at.astimezone().replace(tzinfo=None)))
        if d.form is not None:
            self.need_receipt.setChecked(True)
            self.receipt.set_form(d.form)

    # --- attachments ----------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, self.tr("添加附件"))
        for name in names:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> None:
        """A file to attach; it is stored (and its size checked) when the notice is saved."""
        size = path.stat().st_size if path.is_file() else 0
        self._add_file_item(path.name, size, path)

    def _add_file_item(self, name: str, size: int, path: Path | None) -> None:
        item = QListWidgetItem(f"{name}　（{size_text(size)}）")
        item.setData(PATH_ROLE, str(path) if path else name)
        item.setData(Qt.ItemDataRole.UserRole + 1, path is None)  # already stored
        self.files.addItem(item)

    def remove_selected_file(self) -> None:
        row = self.files.currentRow()
        if row < 0:
            return
        item = self.files.takeItem(row)
        if item is not None and item.data(Qt.ItemDataRole.UserRole + 1):
            self.kept = [a for a in self.kept if a["name"] != item.data(PATH_ROLE)]

    def new_paths(self) -> list[Path]:
        return [
            Path(str(self.files.item(r).data(PATH_ROLE)))
            for r in range(self.files.count())
            if not self.files.item(r).data(Qt.ItemDataRole.UserRole + 1)
        ]

    # --- saving ---------------------------------------------------------------------------

    def fields(self) -> dict[str, Any] | None:
        """What was entered, as the service takes it; None (with the reason shown) when the
        title is empty — the one thing worth saying before anything is saved."""
        title = self.title.text().strip()
        if not title:
            self.error.setText(self.tr("请填写通知标题"))
            self.title.setFocus()
            return None
        return {
            "title": title,
            "body_html": self.body.html(),
            "urgency": self.urgency.currentData() or "普通",
            "classification": self.classification.currentData() or "",
            "recipient_unit_ids": self.recipients.unit_ids(),
            "recipient_person_ids": self.recipients.person_ids(),
            "recipient_group_ids": self.recipients.group_ids(),
            "publish_at": picked(self.publish_at) if self.scheduled.isChecked() else None,
            "expires_at": picked(self.expires_at) if self.use_expiry.isChecked() else None,
            "receipt": self.receipt.form_data() if self.need_receipt.isChecked() else None,
        }

    def submit(self, *, send: bool) -> None:
        fields = self.fields()
        if fields is None:
            return
        step = ""
        if send:
            step = "publish" if self.choices is None or self.choices.may_publish else "submit"
        work = partial(
            save_notice,
            folder=self.ctx.profile.folder,
            sessions=self.ctx.profile.store(),
            person_id=self.ctx.user.id,
            notice_id=self.notice_id,
            fields=fields,
            kept=list(self.kept),
            paths=self.new_paths(),
            step=step,
        )
        self.error.clear()
        self._enable(False)
        DbOp(self, work).success(self._done).failure(self._refused).with_progress(
            self.tr("正在保存通知…")
        ).run()

    def _enable(self, on: bool) -> None:
        for button in (self.draft_button, self.send_button):
            button.setEnabled(on)

    def _done(self, result: Saved) -> None:
        if shiboken6.isValid(self):
            self.notice_id = result.notice_id
            self.accept()
            self.saved.emit(result.notice_id, result.state)

    def _refused(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self._enable(True)
            self.error.setText(str(exc))
