"""The document window: 公文信息 · 正文 · 附件 · 办理单/意见 · 流转记录, and the action buttons.

Only the transitions the signed-in person may take now get a button (``allowed_actions``); an
archived document is read-only. Each button opens the action dialog (ui/action_dialog.py).
The 正文 and 附件 tabs are editable while the record type's update rule lets this person change
the document (app/services/doc_files.py); 预览 shows the PDF to print. The header carries the
seal verdict of a sealed document, checked when the window opens. A 传阅 reader still marked
未读 is marked 已读 by opening the window.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from html import escape
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.domain import incoming
from app.domain.workflow import is_overdue
from app.services.doc_files import (
    MISSING,
    TAMPERED,
    UNKNOWN,
    VALID,
    DocDetail,
    SealCheck,
    check_seal,
    load_detail,
)
from app.services.doc_files import open_as_reader as queue_opened
from app.services.documents import DIRECTIONS, MACHINES, ActionChoice
from ui.body_editor import BodyEditor
from ui.context import AppContext
from ui.doc_attachments import AttachmentsPanel, detail_table, fill_rows
from ui.documents import cn_date, cn_moment
from ui.operations import DbOp
from ui.sections import icon

ARCHIVED = "archived"  # the same key in both machines
SEAL_ERROR = "error"  # the check itself failed (the badge says so, greyed)


_STYLE = """
QLabel#docWindowTitle { font-size: 20px; font-weight: 600; color: #1F2D3D; }
QLabel#docWindowNumber { color: #36404A; font-size: 14px; }
QLabel#docState {
    color: #1D4E89; background: #E2EAF5; border-radius: 10px; padding: 2px 10px; font-size: 13px;
}
QLabel#docReadOnly { color: #6B7785; }
QLabel#docOverdue { color: #C0392B; font-weight: 600; }
QLabel#docSeal { border-radius: 10px; padding: 2px 10px; font-size: 13px; font-weight: 600; }
QLabel#docSeal[verdict="valid"] { color: #1D6F42; background: #E3F2E8; }
QLabel#docSeal[verdict="tampered"] { color: #C0392B; background: #FBE9E7; }
QLabel#docSeal[verdict="unknown"] { color: #B9770E; background: #FDF2E0; }
QLabel#docSeal[verdict="missing"], QLabel#docSeal[verdict="error"] {
    color: #6B7785; background: #EEF0F3;
}
QTextBrowser { border: 1px solid #E1E4E8; background: #FFFFFF; padding: 12px; font-size: 15px; }
QWidget#docInfo { background: #FFFFFF; }
QWidget#docInfo QLabel { font-size: 14px; }
QTableView#docDetailTable {
    border: 1px solid #E1E4E8; background: #FFFFFF; alternate-background-color: #F8F9FB;
}
QHeaderView::section {
    background: #F3F4F6; color: #36404A; border: none; border-bottom: 1px solid #E1E4E8;
    padding: 5px 6px; font-weight: 600;
}
QWidget#actionBar { background: #F7F8FA; border-top: 1px solid #E1E4E8; }
QPushButton[docAction="true"] {
    min-height: 30px; padding: 0 16px; border-radius: 4px; border: 1px solid #1D4E89;
    background: #1D4E89; color: #FFFFFF; font-size: 14px;
}
QPushButton[docAction="true"]:hover { background: #235C9F; }
QPushButton[docAction="secondary"] {
    min-height: 30px; padding: 0 16px; border-radius: 4px; border: 1px solid #C9CFD6;
    background: #FFFFFF; color: #36404A; font-size: 14px;
}
"""

# Steps that go back or aside get the quiet button; the forward step stands out.
SECONDARY = frozenset(
    {
        "return",
        "return_to_signer",
        "reject",
        "withdraw",
        "transfer",
        "add_handler",
        "urge",
        "supervise",
    }
)


class DocumentWindow(QDialog):
    """One document; ``acted(action)`` fires after a step was queued from this window."""

    acted = Signal(str)

    def __init__(self, ctx: AppContext, doc_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.doc_id = doc_id
        self.detail: DocDetail | None = None
        self.action_buttons: dict[str, QPushButton] = {}
        self.seal_check: SealCheck | None = None
        self._seal_for: str | None = None  # the sealed file's hash the badge was checked for
        self._reader_marked = False
        self.setObjectName("documentWindow")
        self.setWindowTitle(self.tr("公文 — 政通办公"))
        self.setWindowIcon(icon("zhengtong"))
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setStyleSheet(_STYLE)
        self.resize(960, 700)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self._build_header())
        body = QVBoxLayout()
        body.setContentsMargins(16, 4, 16, 12)
        body.addWidget(self._build_tabs())
        layout.addLayout(body, 1)
        layout.addWidget(self._build_action_bar())

        ctx.taskman.changes_applied.connect(self._on_changes)
        self.refresh()

    def _build_header(self) -> QVBoxLayout:
        self.title = QLabel()
        self.title.setObjectName("docWindowTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.number = QLabel()
        self.number.setObjectName("docWindowNumber")
        self.state = QLabel()
        self.state.setObjectName("docState")
        self.overdue = QLabel(self.tr("已超期"))
        self.overdue.setObjectName("docOverdue")
        self.overdue.hide()
        self.seal = QLabel()
        self.seal.setObjectName("docSeal")
        self.seal.hide()
        head = QHBoxLayout()
        head.addWidget(self.number)
        head.addSpacing(8)
        head.addWidget(self.state)
        head.addWidget(self.seal)
        head.addWidget(self.overdue)
        head.addStretch(1)
        top = QVBoxLayout()
        top.setContentsMargins(20, 16, 20, 8)
        top.addWidget(self.title)
        top.addLayout(head)
        return top

    def _build_tabs(self) -> QTabWidget:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("docTabs")
        self.info_form = QFormLayout()
        self.info_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.info_form.setHorizontalSpacing(16)
        self.info_form.setVerticalSpacing(10)
        self.info_form.setContentsMargins(20, 16, 20, 16)
        info = QWidget()
        info.setObjectName("docInfo")
        info.setLayout(self.info_form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(info)
        self.editor = BodyEditor(self.ctx, self.doc_id)
        self.body = self.editor.text
        self.attachments = AttachmentsPanel(self.ctx, self.doc_id)
        self.opinions = QTextBrowser()
        self.opinions.setObjectName("docOpinions")
        self.log, self.log_model = detail_table(
            [self.tr("时间"), self.tr("办理人"), self.tr("操作"), self.tr("环节"), self.tr("说明")]
        )
        self.tabs.addTab(scroll, self.tr("公文信息"))
        self.tabs.addTab(self.editor, self.tr("正文"))
        self.tabs.addTab(self.attachments, self.tr("附件"))
        self.tabs.addTab(self.opinions, self.tr("办理单/意见"))
        self.tabs.addTab(self.log, self.tr("流转记录"))
        return self.tabs

    def _build_action_bar(self) -> QWidget:
        self.read_only = QLabel()
        self.read_only.setObjectName("docReadOnly")
        self.action_bar = QWidget()
        self.action_bar.setObjectName("actionBar")
        self.action_bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.action_row = QHBoxLayout(self.action_bar)
        self.action_row.setContentsMargins(16, 10, 16, 10)
        self.preview_button = QPushButton(self.tr("预览"))
        self.preview_button.setObjectName("docPreview")
        self.preview_button.setToolTip(self.tr("预览、打印或另存为 PDF"))
        self.preview_button.clicked.connect(lambda _checked=False: self.preview())
        self.form_button = QPushButton(self.tr("办理单"))
        self.form_button.setObjectName("docFormPreview")
        self.form_button.setToolTip(self.tr("预览、打印收文处理单"))
        self.form_button.clicked.connect(lambda _checked=False: self.preview("form"))
        self.form_button.hide()
        for button in (self.preview_button, self.form_button):
            button.setProperty("docAction", "secondary")
            self.action_row.addWidget(button)
        self.action_row.addSpacing(8)
        self.action_row.addWidget(self.read_only)
        self.action_row.addStretch(1)
        return self.action_bar

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        work = partial(
            load_detail,
            person_id=self.ctx.user.id,
            doc_id=self.doc_id,
            folder=self.ctx.profile.folder,
            sessions=self.ctx.profile.store(),
        )
        DbOp(self, work).success(self._show).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.title.setText(str(exc))

    def _show(self, detail: DocDetail) -> None:
        if not shiboken6.isValid(self):
            return
        self.detail = detail
        data = detail.data
        machine = MACHINES[DIRECTIONS[detail.direction]]
        title = str(data.get("title") or self.tr("（无标题）"))
        self.setWindowTitle(self.tr("{title} — 政通办公").format(title=title))
        self.title.setText(title)
        number = data.get("doc_number") or data.get("register_number")
        self.number.setText(str(number) if number else self.tr("待编号"))
        self.state.setText(machine.label_of(str(data.get("state") or "")))
        self._show_info(detail)
        self.editor.show_body(
            str(data.get("body") or ""),
            refusal=detail.refusal,
            attachment_names=[f.name for f in detail.files],
        )
        self.attachments.show_files(detail.files, editable=detail.refusal is None)
        self.form_button.setVisible(detail.direction == "in")
        self._show_opinions(detail)
        fill_rows(self.log_model, [self._log_row(detail, e) for e in data.get("log") or []])
        self._show_actions(detail)
        self._check_seal(detail)
        self._mark_opened(detail)

    def _show_info(self, detail: DocDetail) -> None:
        data = detail.data
        while self.info_form.rowCount():
            self.info_form.removeRow(0)
        rows: list[tuple[str, str]] = [
            (self.tr("文种"), str(data.get("doc_type") or "")),
            (self.tr("标题"), str(data.get("title") or "")),
            (self.tr("发文字号"), str(data.get("doc_number") or "") or self.tr("待编号")),
        ]
        if detail.direction == "in":
            rows += [
                (self.tr("收文编号"), str(data.get("register_number") or "")),
                (self.tr("来文单位"), str(data.get("from_unit") or "")),
                (self.tr("收文日期"), cn_date(data.get("received_at"))),
            ]
        else:
            rows += [
                (self.tr("拟稿人"), detail.name(str(data.get("drafter_id") or ""))),
                (self.tr("主送"), "、".join(detail.name(u) for u in data.get("main_units") or [])),
                (self.tr("抄送"), "、".join(detail.name(u) for u in data.get("cc_units") or [])),
            ]
        rows += [
            (self.tr("密级"), str(data.get("classification") or "") or self.tr("无")),
            (self.tr("紧急程度"), str(data.get("urgency") or "") or self.tr("平件")),
            (self.tr("当前办理人"), "、".join(detail.name(k) for k in data.get("handlers") or [])),
        ]
        if data.get("host"):
            helpers = "、".join(detail.name(h) for h in data.get("helpers") or [])
            rows.append((self.tr("主办"), detail.name(str(data["host"]))))
            rows.append((self.tr("协办"), helpers))
        if data.get("deadline"):
            rows.append((self.tr("办理时限"), cn_date(data.get("deadline"))))
        archive = data.get("archive") or {}
        if archive:
            rows.append(
                (
                    self.tr("归档号"),
                    f"{archive.get('number', '')}（{archive.get('retention', '')}）",
                )
            )
        for label, value in rows:
            text = QLabel(value or "—")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.info_form.addRow(label + self.tr("："), text)
        machine = MACHINES[DIRECTIONS[detail.direction]]
        self.overdue.setVisible(is_overdue(data, machine, date.today().isoformat()))

    def _show_opinions(self, detail: DocDetail) -> None:
        parts: list[str] = []
        for o in detail.opinions:
            when = cn_date(o.at) if o.at else self.tr("待同步")
            who = escape(o.author) + (f"（{escape(o.role)}）" if o.role else "")
            parts.append(
                f"<p style='margin:0 0 12px 0'><b>{escape(o.action)}</b>　{escape(o.text)}<br>"
                f"<span style='color:#6B7785'>{who}　{escape(when)}</span></p>"
            )
        if not parts:
            parts.append(f"<p style='color:#7A8591'>{escape(self.tr('暂无意见'))}</p>")
        readers = detail.data.get("readers") or {}
        if readers:
            parts.append(f"<h4>{escape(self.tr('传阅情况'))}</h4>")
            for pid, r in readers.items():
                state = incoming.READER_STATES.get(str(r.get("state")), str(r.get("state")))
                comment = f"：{escape(str(r['comment']))}" if r.get("comment") else ""
                parts.append(
                    f"<p style='margin:0'>{escape(detail.name(pid))}　{state}{comment}</p>"
                )
        self.opinions.setHtml("".join(parts))

    def _log_row(self, detail: DocDetail, entry: dict[str, Any]) -> list[str]:
        machine = MACHINES[DIRECTIONS[detail.direction]]
        before, after = str(entry.get("from") or ""), str(entry.get("to") or "")
        step = machine.label_of(before)
        if after and after != before:
            step += f" → {machine.label_of(after)}"
        notes = [str(entry[k]) for k in ("reason", "purpose") if entry.get(k)]
        if entry.get("handlers"):
            names = "、".join(detail.name(h) for h in entry["handlers"])
            notes.append(self.tr("交 {names}").format(names=names))
        return [
            cn_moment(entry.get("at")),
            detail.name(str(entry.get("by") or "")),
            str(entry.get("label") or entry.get("action") or ""),
            step,
            "；".join(notes),
        ]

    def _show_actions(self, detail: DocDetail) -> None:
        for button in self.action_buttons.values():
            self.action_row.removeWidget(button)
            button.deleteLater()
        self.action_buttons = {}
        if detail.data.get("state") == ARCHIVED:
            self.read_only.setText(self.tr("已归档，只读"))
            return
        self.read_only.setText("" if self.offered(detail) else self.tr("当前没有需要您办理的环节"))
        for choice in self.offered(detail):
            button = QPushButton(choice.label)
            button.setObjectName(f"action_{choice.action}")
            button.setProperty("docAction", "secondary" if choice.action in SECONDARY else "true")
            button.clicked.connect(lambda _=False, a=choice.action: self.start_action(a))
            self.action_row.addWidget(button)
            self.action_buttons[choice.action] = button

    def offered(self, detail: DocDetail) -> list[ActionChoice]:
        """The allowed actions worth a button: 已阅 only for someone in the 传阅 list (the
        machine lets anyone try it; the server then refuses a non-reader)."""
        readers = detail.data.get("readers") or {}
        mine = readers.get(self.ctx.user.id)
        out = []
        for choice in detail.actions:
            if choice.action == "open":
                continue  # 已读 is marked by opening this window (_mark_opened)
            if choice.action == "mark_read" and (not mine or mine.get("state") == incoming.READ):
                continue
            out.append(choice)
        return out

    # --- actions --------------------------------------------------------------------------

    def start_action(self, action: str) -> QDialog:
        """Open the action dialog for ``action`` (one of the buttons shown)."""
        from ui.action_dialog import ActionDialog

        assert self.detail is not None
        choice = next(c for c in self.detail.actions if c.action == action)
        dialog = ActionDialog(self.ctx, self.doc_id, choice, self.detail.direction, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.acted.emit(action))
        dialog.open()
        return dialog

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if (changes.work_items or changes.outbox) and shiboken6.isValid(self):
            self.refresh()

    # --- seal, 已读, preview ----------------------------------------------------------------

    def _check_seal(self, detail: DocDetail) -> None:
        """Verify the sealed PDF off the GUI thread, once per file (again while it is still
        waiting to be downloaded)."""
        sealed = detail.data.get("sealed_pdf")
        sha = str(sealed.get("sha256")) if isinstance(sealed, dict) else None
        if sha is None:
            self.seal_check, self._seal_for = None, None
            self.seal.hide()
            return
        waiting = self.seal_check is not None and self.seal_check.state == MISSING
        if sha == self._seal_for and not waiting:
            return
        self._seal_for = sha
        work = partial(
            check_seal,
            folder=self.ctx.profile.folder,
            sessions=self.ctx.profile.store(),
            doc_id=self.doc_id,
        )
        DbOp(self, work).success(self._show_seal).failure(self._seal_failed).run()

    def _show_seal(self, check: SealCheck | None) -> None:
        if not shiboken6.isValid(self):
            return
        self.seal_check = check
        self.seal.setVisible(check is not None)
        if check is None:
            return
        labels = {
            VALID: self.tr("签章有效（{unit}）").format(unit=check.unit_name),
            TAMPERED: self.tr("已篡改"),
            UNKNOWN: self.tr("未知签章单位"),
            MISSING: self.tr("签章文件未下载"),
            SEAL_ERROR: self.tr("签章未能检查"),
        }
        self.seal.setText(labels.get(check.state, check.detail))
        self.seal.setToolTip(check.detail)
        self.seal.setProperty("verdict", check.state)
        self.seal.style().unpolish(self.seal)
        self.seal.style().polish(self.seal)

    def _seal_failed(self, exc: BaseException) -> None:
        self._show_seal(SealCheck(SEAL_ERROR, "", str(exc)))

    def _mark_opened(self, detail: DocDetail) -> None:
        """A 传阅 reader opening the document is 已读 for the sender: queued once."""
        mine = (detail.data.get("readers") or {}).get(self.ctx.user.id) or {}
        if self._reader_marked or mine.get("state") != incoming.UNREAD:
            return
        self._reader_marked = True
        work = partial(queue_opened, person_id=self.ctx.user.id, doc_id=self.doc_id)
        DbOp(self, lambda s: Changes(outbox=True) if work(s) else Changes()).failure(
            lambda _exc: None  # 已读 is a courtesy to the sender: never an error box on opening
        ).run()

    def preview(self, kind: str = "document") -> QDialog:
        """预览 (the 公文 as printed) or, for a 收文, its 办理单."""
        from ui.pdf_preview import PdfPreview

        dialog = PdfPreview(self.ctx, self.doc_id, kind, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # --- closing ----------------------------------------------------------------------------

    def reject(self) -> None:
        """Closing (Esc or the title bar's ×) asks first when the 正文 has unsaved edits."""
        if not self.editor.modified:
            super().reject()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("正文尚未保存"),
            self.tr("正文有未保存的修改，关闭前是否保存？"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        for button, text in (
            (QMessageBox.StandardButton.Save, self.tr("保存")),
            (QMessageBox.StandardButton.Discard, self.tr("不保存")),
            (QMessageBox.StandardButton.Cancel, self.tr("取消")),
        ):
            box.button(button).setText(text)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = QMessageBox.StandardButton(box.exec())
        if answer == QMessageBox.StandardButton.Save:
            self.editor.save(then=self._close_saved)
        elif answer == QMessageBox.StandardButton.Discard:
            self.editor.discard()
            super().reject()

    def _close_saved(self) -> None:
        if shiboken6.isValid(self):
            super().reject()
