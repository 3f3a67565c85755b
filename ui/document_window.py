"""The document window: 公文信息 · 正文 · 附件 · 办理单/意见 · 流转记录, and the action buttons.

Only the transitions the signed-in person may take now get a button (``allowed_actions``); an
archived document is read-only. Each button opens the action dialog (ui/action_dialog.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial
from html import escape
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import models as m
from app.domain import incoming
from app.domain.org import Role
from app.domain.workflow import is_overdue
from app.services.documents import (
    DIRECTIONS,
    MACHINES,
    ActionChoice,
    allowed_actions,
    document,
    opinions_of,
)
from ui.context import AppContext
from ui.documents import cn_date, cn_moment
from ui.operations import DbOp
from ui.sections import icon

ARCHIVED = "archived"  # the same key in both machines


@dataclass(frozen=True, slots=True)
class OpinionRow:
    author: str
    role: str
    action: str
    text: str
    at: str | None  # None: written here, not yet synced


@dataclass
class DocDetail:
    """Everything the window shows, read in one go on the database worker."""

    doc_id: str
    direction: str
    data: dict[str, Any]
    actions: list[ActionChoice]
    opinions: list[OpinionRow]
    names: dict[str, str] = field(default_factory=dict)  # person and unit ids -> names

    def name(self, key: str | None) -> str:
        """A person id or a scope key (``person:<id>``, ``role:<role>:<unit>``) as text."""
        if not key:
            return ""
        if key.startswith("person:"):
            return self.names.get(key[7:], key[7:])
        if key.startswith("role:"):
            _, role, unit = [*key.split(":"), "", ""][:3]
            try:
                label = Role(role).short_label
            except ValueError:
                label = role
            return f"{self.names.get(unit, '')}{label}"
        return self.names.get(key, key)


def load_detail(session: Session, *, person_id: str, doc_id: str) -> DocDetail:
    """The document, this person's allowed actions, its opinions and the names it mentions
    (database worker)."""
    data = document(session, doc_id)
    direction = session.scalar(select(m.Document.direction).where(m.Document.id == doc_id))
    actions = allowed_actions(session, person_id=person_id, doc_id=doc_id)
    rows = opinions_of(session, doc_id)
    ids: set[str] = {r.author_id for r in rows}
    ids |= {str(e.get("by")) for e in data.get("log") or []}
    ids |= set((data.get("readers") or {}).keys())
    ids |= {str(data.get(k)) for k in ("drafter_id", "host", "created_by") if data.get(k)}
    ids |= {str(h) for h in data.get("helpers") or []}
    keys = list(data.get("handlers") or [])
    for e in data.get("log") or []:
        keys += list(e.get("handlers") or [])
    for key in keys:
        parts = str(key).split(":")
        ids.add(parts[-1])
    ids |= {str(u) for u in [*(data.get("main_units") or []), *(data.get("cc_units") or [])]}
    names: dict[str, str] = {}
    wanted = list(ids)
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        for model in (m.Person, m.Unit):
            rows_ = session.execute(select(model.id, model.name).where(model.id.in_(chunk)))
            names.update({str(k): str(v) for k, v in rows_})
    opinions = [
        OpinionRow(names.get(r.author_id, r.author_id), r.role, r.action, r.text, r.created_at)
        for r in rows
    ]
    return DocDetail(doc_id, direction or "out", data, actions, opinions, names)


def _table(headers: list[str]) -> tuple[QTableView, QStandardItemModel]:
    model = QStandardItemModel(0, len(headers))
    model.setHorizontalHeaderLabels(headers)
    view = QTableView()
    view.setModel(model)
    model.setParent(view)
    view.setObjectName("docDetailTable")
    view.verticalHeader().hide()
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view, model


def _fill(model: QStandardItemModel, rows: list[list[str]]) -> None:
    model.removeRows(0, model.rowCount())
    for values in rows:
        items = [QStandardItem(v) for v in values]
        for item in items:
            item.setEditable(False)
        model.appendRow(items)


_STYLE = """
QLabel#docWindowTitle { font-size: 20px; font-weight: 600; color: #1F2D3D; }
QLabel#docWindowNumber { color: #36404A; font-size: 14px; }
QLabel#docState {
    color: #1D4E89; background: #E2EAF5; border-radius: 10px; padding: 2px 10px; font-size: 13px;
}
QLabel#docReadOnly { color: #6B7785; }
QLabel#docOverdue { color: #C0392B; font-weight: 600; }
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
        head = QHBoxLayout()
        head.addWidget(self.number)
        head.addSpacing(8)
        head.addWidget(self.state)
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
        self.body = QTextBrowser()
        self.body.setObjectName("docBody")
        self.attachments, self.attachment_model = _table([self.tr("文件名"), self.tr("大小")])
        self.opinions = QTextBrowser()
        self.opinions.setObjectName("docOpinions")
        self.log, self.log_model = _table(
            [self.tr("时间"), self.tr("办理人"), self.tr("操作"), self.tr("环节"), self.tr("说明")]
        )
        self.tabs.addTab(scroll, self.tr("公文信息"))
        self.tabs.addTab(self.body, self.tr("正文"))
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
        self.action_row.addWidget(self.read_only)
        self.action_row.addStretch(1)
        return self.action_bar

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        work = partial(load_detail, person_id=self.ctx.user.id, doc_id=self.doc_id)
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
        self.body.setPlainText(str(data.get("body") or ""))
        _fill(
            self.attachment_model,
            [
                [str(a.get("name") or ""), _size(a.get("size"))]
                for a in data.get("attachments") or []
            ],
        )
        self._show_opinions(detail)
        _fill(self.log_model, [self._log_row(detail, e) for e in data.get("log") or []])
        self._show_actions(detail)

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
        """The allowed actions worth a button: 已读/已阅 only for someone in the 传阅 list
        (the machine lets anyone try them; the server then refuses a non-reader)."""
        readers = detail.data.get("readers") or {}
        mine = readers.get(self.ctx.user.id)
        out = []
        for choice in detail.actions:
            if choice.action == "open" and (mine or {}).get("state") != incoming.UNREAD:
                continue
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


def _size(value: Any) -> str:
    try:
        size = int(value)
    except (TypeError, ValueError):
        return ""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, size // 1024)} KB"
