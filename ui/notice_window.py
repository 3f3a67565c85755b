"""One notice as its recipient reads it: heading, body (basic rich text), attachments, the 回执.

Opening the window marks the notice 已读 (queued once, ``notices.open_notice``). A withdrawn
notice stays readable under "已撤回：reason". The 回执 form is built from the notice's form
(app/domain/receipt_form.py); the answers are checked by the same rules the server runs, a
missing or wrong answer is named in Chinese and nothing is queued. The sender sees a button to
the statistics; a leader reviewing a submitted notice gets 审核通过 and 退回.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.domain.org import Permission
from app.domain.receipt_form import FormField, ReceiptForm, format_answer
from app.services.doc_files import FileRow, file_rows, open_copy, save_copy
from app.services.notice_queries import NoticeDetail, notice_detail
from app.services.notices import acknowledge, notice_step, open_notice
from ui.context import AppContext
from ui.doc_attachments import detail_table, fill_rows, size_text
from ui.doc_dialogs import ERROR_STYLE, TextPrompt
from ui.notices import NOTICE_CHANGES, local_moment
from ui.operations import DbOp
from ui.sections import icon

MAX_NAMES = 8  # recipients named in the heading; the rest are counted

_STYLE = """
QLabel#noticeTitle { font-size: 20px; font-weight: 600; color: #1F2D3D; }
QLabel#noticeMeta { color: #36404A; font-size: 13px; }
QLabel#noticePill {
    color: #1D4E89; background: #E2EAF5; border-radius: 10px; padding: 2px 10px; font-size: 13px;
}
QLabel#noticePill[urgency="特急"] { color: #FFFFFF; background: #C0392B; }
QLabel#noticePill[urgency="紧急"] { color: #FFFFFF; background: #D35400; }
QLabel#noticeBanner {
    color: #8E2B20; background: #FBE9E7; border: 1px solid #F2C4BE; border-radius: 4px;
    padding: 8px 12px; font-size: 14px;
}
QLabel#noticeBanner[tone="quiet"] { color: #5B6570; background: #EEF0F3; border-color: #DADFE5; }
QTextBrowser#noticeBody {
    border: 1px solid #E1E4E8; background: #FFFFFF; padding: 12px; font-size: 15px;
}
QGroupBox { font-weight: 600; color: #1F2D3D; }
QLabel#receiptStatus { color: #6B7785; }
QLabel#receiptStatus[tone="done"] { color: #1D6F42; }
QWidget#actionBar { background: #F7F8FA; border-top: 1px solid #E1E4E8; }
QTableView#docDetailTable {
    border: 1px solid #E1E4E8; background: #FFFFFF; alternate-background-color: #F8F9FB;
}
"""


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


class ReceiptFormWidget(QWidget):
    """The fields of a 回执 form: text and number as a line, single choice as a list to pick
    from, multiple choice as ticks, a person (the 委派人 of a 会议回执) picked by name from the
    address book (given ``ctx``). ``answers()`` is what the person entered, unchecked."""

    def __init__(self, parent: QWidget | None = None, ctx: AppContext | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("receiptForm")
        self.inputs: dict[str, QWidget | list[QCheckBox]] = {}
        self.fields: tuple[FormField, ...] = ()
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight)

    def set_form(self, form: ReceiptForm, answers: dict[str, Any], *, enabled: bool) -> None:
        while self.layout_.rowCount():
            self.layout_.removeRow(0)
        self.inputs.clear()
        self.fields = form.fields
        for f in form.fields:
            value = answers.get(f.id)
            widget: QWidget
            if f.kind == "single":
                box = QComboBox()
                box.addItem(self.tr("请选择"), None)
                for option in f.options:
                    box.addItem(option, option)
                box.setCurrentIndex(max(0, box.findData(value)) if value is not None else 0)
                self.inputs[f.id] = widget = box
            elif f.kind == "multi":
                widget = QWidget()
                row = QHBoxLayout(widget)
                row.setContentsMargins(0, 0, 0, 0)
                ticks = []
                for option in f.options:
                    tick = QCheckBox(option)
                    tick.setChecked(isinstance(value, list) and option in value)
                    row.addWidget(tick)
                    ticks.append(tick)
                row.addStretch(1)
                self.inputs[f.id] = ticks
            elif f.kind == "person" and self.ctx is not None:
                from ui.minutes_editor import PersonChooser

                chooser = PersonChooser(self.ctx)
                chooser.show_person(str(value or ""))
                self.inputs[f.id] = widget = chooser
            else:
                edit = QLineEdit(format_answer(f, value))
                if f.kind == "number":
                    edit.setPlaceholderText(self.tr("填写数字"))
                self.inputs[f.id] = widget = edit
            widget.setObjectName(f"answer_{f.id}")
            widget.setEnabled(enabled)
            mark = "<span style='color:#C0392B'>*</span>" if f.required else ""
            caption = QLabel(f"{mark}{escape(f.label)}：")
            caption.setBuddy(widget)
            self.layout_.addRow(caption, widget)

    def answers(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            widget = self.inputs[f.id]
            if isinstance(widget, list):
                out[f.id] = [t.text() for t in widget if t.isChecked()]
            elif isinstance(widget, QComboBox):
                out[f.id] = widget.currentData()
            elif isinstance(widget, QLineEdit):
                out[f.id] = widget.text()
            elif hasattr(widget, "person_id"):  # PersonChooser
                out[f.id] = widget.person_id or None
        return out

    def fill(self, field_id: str, value: Any) -> None:
        """Enter an answer as a person would (tests and screenshots)."""
        widget = self.inputs[field_id]
        if isinstance(widget, list):
            for tick in widget:
                tick.setChecked(tick.text() in value)
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findData(value))
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))


@dataclass(frozen=True, slots=True)
class Loaded:
    detail: NoticeDetail
    files: list[FileRow]
    changes: Changes | None = None  # set when this opening queued 已读


@dataclass(frozen=True, slots=True)
class Acked:
    changes: Changes = field(default_factory=lambda: NOTICE_CHANGES)


class NoticeWindow(QDialog):
    """A notice; ``acknowledged`` fires after a 回执 was queued from this window."""

    acknowledged = Signal()

    def __init__(self, ctx: AppContext, notice_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notice_id = notice_id
        self.detail: NoticeDetail | None = None
        self.files: list[FileRow] = []
        self._marked = False
        self.setObjectName("noticeWindow")
        self.setWindowTitle(self.tr("通知 — 政通办公"))
        self.setWindowIcon(icon("zhengtong"))
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setStyleSheet(_STYLE)
        self.resize(880, 720)
        self._build_heading()
        self.body = QTextBrowser()
        self.body.setObjectName("noticeBody")
        self.body.setOpenLinks(False)
        self.files_box = self._build_files()
        self.receipt_box = self._build_receipt()
        self.action_bar = self._build_actions()
        self._lay_out()
        ctx.taskman.changes_applied.connect(self._on_changes)
        self.refresh()

    # --- construction ---------------------------------------------------------------------

    def _build_heading(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("noticeTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.urgency = QLabel()
        self.urgency.setObjectName("noticePill")
        self.state = QLabel()
        self.state.setObjectName("noticePill")
        self.meta = QLabel()
        self.meta.setObjectName("noticeMeta")
        self.meta.setWordWrap(True)
        self.recipients = QLabel()
        self.recipients.setObjectName("noticeMeta")
        self.recipients.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setObjectName("noticeBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()

    def _lay_out(self) -> None:
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.urgency, 0, Qt.AlignmentFlag.AlignTop)
        heading.addWidget(self.state, 0, Qt.AlignmentFlag.AlignTop)
        content = QVBoxLayout()
        content.setContentsMargins(20, 16, 20, 12)
        content.setSpacing(8)
        content.addLayout(heading)
        content.addWidget(self.meta)
        content.addWidget(self.recipients)
        content.addWidget(self.banner)
        content.addWidget(self.body, 1)
        content.addWidget(self.files_box)
        content.addWidget(self.receipt_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(content, 1)
        layout.addWidget(self.action_bar)

    def _build_files(self) -> QGroupBox:
        box = QGroupBox(self.tr("附件"))
        self.files_table, self.files_model = detail_table(
            [self.tr("文件名"), self.tr("大小"), self.tr("本机")]
        )
        self.files_table.setObjectName("noticeFiles")
        self.files_table.setMaximumHeight(120)
        self.files_table.doubleClicked.connect(lambda _i: self.open_selected())
        self.open_button = QPushButton(self.tr("打开"))
        self.open_button.setObjectName("attachmentOpen")
        self.open_button.clicked.connect(self.open_selected)
        self.save_button = QPushButton(self.tr("另存为…"))
        self.save_button.setObjectName("attachmentSaveAs")
        self.save_button.clicked.connect(self.save_selected)
        buttons = QVBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        row = QHBoxLayout(box)
        row.addWidget(self.files_table, 1)
        row.addLayout(buttons)
        return box

    def _build_receipt(self) -> QGroupBox:
        box = QGroupBox(self.tr("回执"))
        box.setObjectName("receiptBox")
        self.deadline = QLabel()
        self.deadline.setObjectName("receiptDeadline")
        self.form = ReceiptFormWidget(ctx=self.ctx)
        self.receipt_status = QLabel()
        self.receipt_status.setObjectName("receiptStatus")
        self.receipt_status.setWordWrap(True)
        self.receipt_error = _error_label("receiptError")
        self.submit_button = QPushButton(self.tr("提交回执"))
        self.submit_button.setObjectName("primaryButton")
        self.submit_button.clicked.connect(self.submit_receipt)
        line = QHBoxLayout()
        line.addWidget(self.receipt_status, 1)
        line.addWidget(self.submit_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.deadline)
        layout.addWidget(self.form)
        layout.addWidget(self.receipt_error)
        layout.addLayout(line)
        return box

    def _build_actions(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("actionBar")
        self.stats_button = QPushButton(self.tr("查看阅读统计"))
        self.stats_button.setObjectName("statsButton")
        self.stats_button.clicked.connect(self.open_stats)
        self.approve_button = QPushButton(self.tr("审核通过并发布"))
        self.approve_button.setObjectName("primaryButton")
        self.approve_button.clicked.connect(self.approve)
        self.return_button = QPushButton(self.tr("退回…"))
        self.return_button.setObjectName("returnButton")
        self.return_button.clicked.connect(self.return_to_sender)
        self.action_error = _error_label("actionError")
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.close)
        row = QHBoxLayout(bar)
        row.setContentsMargins(20, 10, 20, 10)
        row.addWidget(self.action_error, 1)
        for button in (self.stats_button, self.approve_button, self.return_button, close):
            row.addWidget(button)
        return bar

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the notice (database worker); the first time, opening it queues 已读."""
        mark = not self._marked
        self._marked = True
        me, nid = self.ctx.user.id, self.notice_id
        folder, sessions = self.ctx.profile.folder, self.ctx.profile.store()

        def work(session: Session) -> Loaded:
            opened = mark and open_notice(session, person_id=me, notice_id=nid)
            detail = notice_detail(session, notice_id=nid, person_id=me)
            files = file_rows(folder, sessions, {"attachments": detail.attachments})
            return Loaded(detail, files, NOTICE_CHANGES if opened else None)

        DbOp(self, work).success(self._show).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.banner.setText(str(exc))
            self.banner.show()

    def _show(self, loaded: Loaded) -> None:
        if not shiboken6.isValid(self):
            return
        d = self.detail = loaded.detail
        self.files = loaded.files
        self.setWindowTitle(self.tr("{title} — 政通办公").format(title=d.title))
        self.title.setText(d.title)
        self.urgency.setText(d.urgency)
        self.urgency.setProperty("urgency", d.urgency)
        self.urgency.setVisible(d.urgency != "普通")
        self.urgency.style().polish(self.urgency)
        self.state.setText(d.state_label)
        self.state.setVisible(d.state != "published")
        self.meta.setText(self._meta(d))
        names = "、".join(d.recipients[:MAX_NAMES])
        if len(d.recipients) > MAX_NAMES:
            names += self.tr(" 等 {n} 个").format(n=len(d.recipients))
        self.recipients.setText(self.tr("接收：{names}").format(names=names))
        self._show_banner(d)
        if d.body_html:
            self.body.setHtml(d.body_html)
        else:
            self.body.setPlainText(d.body)
        self._show_files()
        self._show_receipt(d)
        may_review = Permission.SIGN_ISSUE in frozenset().union(
            *(r.permissions for r in self.ctx.user.roles)
        )
        reviewing = d.state == "pending" and may_review and not d.is_sender
        self.approve_button.setVisible(reviewing)
        self.return_button.setVisible(reviewing)
        self.stats_button.setVisible(d.is_sender)

    def _meta(self, d: NoticeDetail) -> str:
        parts = [self.tr("发送：{name}（{unit}）").format(name=d.sender_name, unit=d.sender_unit)]
        if d.published_at:
            parts.append(self.tr("发布于 {at}").format(at=local_moment(d.published_at)))
        elif d.publish_at:
            parts.append(self.tr("定时发布 {at}").format(at=local_moment(d.publish_at)))
        if d.expires_at:
            parts.append(self.tr("有效期至 {at}").format(at=local_moment(d.expires_at)))
        if d.classification:
            parts.append(self.tr("密级：{level}").format(level=d.classification))
        return "　·　".join(parts)

    def _show_banner(self, d: NoticeDetail) -> None:
        text, tone = "", "alert"
        if d.state == "withdrawn":
            text = self.tr("已撤回：{reason}").format(reason=d.withdraw_reason or "")
        elif d.expired:
            text, tone = self.tr("通知已过期"), "quiet"
        elif d.mine is not None and d.mine.reminders and not d.mine.acked_at and d.form:
            text = self.tr("发送人已催办 {n} 次，请尽快回执").format(n=d.mine.reminders)
        self.banner.setText(text)
        self.banner.setProperty("tone", tone)
        self.banner.style().polish(self.banner)
        self.banner.setVisible(bool(text))

    def _show_files(self) -> None:
        fill_rows(
            self.files_model,
            [
                [f.name, size_text(f.size), self.tr("已下载") if f.present else self.tr("未下载")]
                for f in self.files
            ],
        )
        self.files_box.setVisible(bool(self.files))

    def _show_receipt(self, d: NoticeDetail) -> None:
        form = d.form
        self.receipt_box.setVisible(form is not None)
        if form is None:
            return
        mine = d.mine
        can = d.ack_refusal is None
        self.deadline.setText(
            self.tr("请于 {at} 前回执").format(at=local_moment(form.deadline))
            if can
            else self.tr("回执截止：{at}").format(at=local_moment(form.deadline))
        )
        answers = mine.answers if mine is not None else {}
        self.form.set_form(form, answers, enabled=can)
        acked = mine is not None and mine.acked_at is not None
        if acked and mine is not None:
            status = self.tr("已于 {at} 回执").format(at=local_moment(mine.acked_at))
        elif mine is None and d.is_sender:
            status = self.tr("表单预览：接收人在此填写回执")
        else:
            status = d.ack_refusal or ""
        self.receipt_status.setText(status)
        self.receipt_status.setProperty("tone", "done" if acked else "quiet")
        self.receipt_status.style().polish(self.receipt_status)
        self.submit_button.setVisible(can)
        if not form.fields:
            self.submit_button.setText(self.tr("确认收到"))
        else:
            self.submit_button.setText(self.tr("修改回执") if acked else self.tr("提交回执"))

    # --- acting ---------------------------------------------------------------------------

    def submit_receipt(self) -> None:
        """Check the answers and queue the 回执; a refusal is shown under the form."""
        answers = self.form.answers()
        me, nid = self.ctx.user.id, self.notice_id

        def work(session: Session) -> Acked:
            acknowledge(session, person_id=me, notice_id=nid, answers=answers)
            return Acked()

        self.receipt_error.clear()
        self.submit_button.setEnabled(False)
        DbOp(self, work).success(self._acked).failure(self._ack_refused).run()

    def _acked(self, _result: Acked) -> None:
        if shiboken6.isValid(self):
            self.submit_button.setEnabled(True)
            self.acknowledged.emit()

    def _ack_refused(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.submit_button.setEnabled(True)
            self.receipt_error.setText(str(exc))

    def _step(self, action: str, reason: str = "") -> Callable[[Session], Changes]:
        me, nid = self.ctx.user.id, self.notice_id

        def work(session: Session) -> Changes:
            notice_step(session, person_id=me, notice_id=nid, action=action, reason=reason)
            return NOTICE_CHANGES

        return work

    def approve(self) -> None:
        self.action_error.clear()
        notice = self.tr("已审核通过，同步后发布")
        DbOp(self, self._step("approve")).success(
            lambda _c: self.action_error.setText(notice) if shiboken6.isValid(self) else None
        ).failure(lambda exc: self.action_error.setText(str(exc))).run()

    def return_to_sender(self) -> TextPrompt:
        def work(session: Session, text: str) -> Changes:
            me, nid = self.ctx.user.id, self.notice_id
            notice_step(session, person_id=me, notice_id=nid, action="return", opinion=text)
            return NOTICE_CHANGES

        prompt = TextPrompt(
            title=self.tr("退回"),
            label=self.tr("退回起草人修改。请说明意见："),
            action=self.tr("退回"),
            work=work,
            required=self.tr("退回须填写意见"),
            parent=self,
        )
        prompt.open()
        return prompt

    def open_stats(self) -> QWidget:
        from ui.notice_stats import NoticeStatsWindow

        window = NoticeStatsWindow(self.ctx, self.notice_id, self)
        window.show()
        return window

    def selected_file(self) -> FileRow | None:
        index = self.files_table.currentIndex()
        return (
            self.files[index.row()] if index.isValid() and index.row() < len(self.files) else None
        )

    def _present(self, row: FileRow | None) -> FileRow | None:
        if row is not None and not row.present:
            QMessageBox.information(
                self,
                self.tr("附件未下载"),
                self.tr("附件“{name}”尚未下载到本机，请联网同步后再试。").format(name=row.name),
            )
            return None
        return row

    def open_selected(self) -> None:
        row = self._present(self.selected_file())
        if row is None:
            return
        folder, sessions, ref = self.ctx.profile.folder, self.ctx.profile.store(), row.ref
        DbOp(self, lambda _s: open_copy(folder, sessions, ref)).success(self._launch).run()

    def _launch(self, path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.information(
                self,
                self.tr("无法打开附件"),
                self.tr("本机没有可以打开该文件的程序。文件副本在：{path}").format(path=path),
            )

    def save_selected(self) -> None:
        row = self._present(self.selected_file())
        if row is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("附件另存为"), str(Path.home() / row.name)
        )
        if name:
            folder, sessions = self.ctx.profile.folder, self.ctx.profile.store()
            DbOp(self, lambda _s: save_copy(folder, sessions, row.ref, Path(name))).run()

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if (changes.notices or changes.org) and shiboken6.isValid(self):
            self.refresh()
