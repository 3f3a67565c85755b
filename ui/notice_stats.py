"""The sender's view of one notice: how many received, read and answered it, by unit; who has
not read it and who has not sent the 回执; 一键催办, 撤回 with a reason, 导出回执 (CSV / XLSX).

The counts come from this client's copy of the receipts (``notice_queries.stats``: one grouped
query), exact as of the last sync. Each step is checked as the server will check it and queued;
a refusal is shown in Chinese and nothing is queued.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.services.notice_queries import (
    NoticeDetail,
    NoticeStats,
    PersonRef,
    export_answers,
    notice_detail,
    stats,
)
from app.services.notice_views import QUEUED_LABELS, queued_steps
from app.services.notices import notice_step, remind_notice
from ui.context import AppContext
from ui.doc_attachments import detail_table, fill_rows
from ui.doc_dialogs import ERROR_STYLE, TextPrompt
from ui.notices import NOTICE_CHANGES, local_moment
from ui.operations import DbOp
from ui.sections import icon

_STYLE = """
QLabel#statsTitle { font-size: 20px; font-weight: 600; color: #1F2D3D; }
QLabel#statsMeta { color: #36404A; font-size: 13px; }
QLabel#statsState {
    color: #1D4E89; background: #E2EAF5; border-radius: 10px; padding: 2px 10px; font-size: 13px;
}
QLabel#statsState[urgency="特急"] { color: #FFFFFF; background: #C0392B; }
QLabel#statsState[urgency="紧急"] { color: #FFFFFF; background: #D35400; }
QFrame#statCard { background: #FFFFFF; border: 1px solid #E1E4E8; border-radius: 8px; }
QLabel#statValue { font-size: 30px; font-weight: 600; color: #1D4E89; }
QLabel#statCaption { font-size: 13px; color: #6B7785; }
QLabel#statsNote { color: #6B7785; font-size: 12px; }
QLabel#statsDone { color: #1D6F42; }
QLabel#statsBanner {
    color: #8E2B20; background: #FBE9E7; border: 1px solid #F2C4BE; border-radius: 4px;
    padding: 8px 12px;
}
QTableView#docDetailTable {
    border: 1px solid #E1E4E8; background: #FFFFFF; alternate-background-color: #F8F9FB;
}
QHeaderView::section {
    background: #F3F4F6; color: #36404A; border: none; border-bottom: 1px solid #E1E4E8;
    padding: 5px 6px; font-weight: 600;
}
QWidget#actionBar { background: #F7F8FA; border-top: 1px solid #E1E4E8; }
"""


def percent(part: int, total: int) -> str:
    return f"{round(100 * part / total)}%" if total else "—"


@dataclass(frozen=True, slots=True)
class StatsLoaded:
    detail: NoticeDetail
    stats: NoticeStats
    queued: str | None  # a step of this notice still waiting for the sync


@dataclass(frozen=True, slots=True)
class Reminded:
    count: int
    changes: Changes = NOTICE_CHANGES


class StatCard(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statCard")
        self.label = caption
        self.value = QLabel("0")
        self.value.setObjectName("statValue")
        self.caption = QLabel(caption)
        self.caption.setObjectName("statCaption")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)


class NoticeStatsWindow(QDialog):
    """One sent notice's statistics; ``acted(action)`` fires after a step was queued here."""

    acted = Signal(str)

    def __init__(self, ctx: AppContext, notice_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notice_id = notice_id
        self.detail: NoticeDetail | None = None
        self.stats: NoticeStats | None = None
        self.setObjectName("noticeStatsWindow")
        self.setWindowTitle(self.tr("阅读统计 — 政通办公"))
        self.setWindowIcon(icon("zhengtong"))
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setStyleSheet(_STYLE)
        self.resize(960, 700)

        self.title = QLabel()
        self.title.setObjectName("statsTitle")
        self.title.setWordWrap(True)
        self.state = QLabel()
        self.state.setObjectName("statsState")
        self.urgency = QLabel()
        self.urgency.setObjectName("statsState")
        self.meta = QLabel()
        self.meta.setObjectName("statsMeta")
        self.meta.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setObjectName("statsBanner")
        self.banner.setWordWrap(True)
        self.cards = {
            "total": StatCard(self.tr("接收人数")),
            "delivered": StatCard(self.tr("已送达")),
            "read": StatCard(self.tr("已读")),
            "acked": StatCard(self.tr("已回执")),
        }
        self.note = QLabel()
        self.note.setObjectName("statsNote")
        self.note.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("statsTabs")
        self.unit_table, self.unit_model = self._table(
            [
                self.tr("单位"),
                self.tr("人数"),
                self.tr("已送达"),
                self.tr("已读"),
                self.tr("已回执"),
                self.tr("阅读率"),
            ],
            0,
        )
        self.unread_table, self.unread_model = self._table(
            [self.tr("姓名"), self.tr("单位"), self.tr("已催办")], 1
        )
        self.unacked_table, self.unacked_model = self._table(
            [self.tr("姓名"), self.tr("单位"), self.tr("已催办")], 1
        )
        self.tabs.addTab(self.unit_table, self.tr("按单位"))
        self.tabs.addTab(self.unread_table, self.tr("未读"))
        self.tabs.addTab(self.unacked_table, self.tr("未回执"))
        self.action_bar = self._build_actions()
        self._lay_out()
        ctx.taskman.changes_applied.connect(self._on_changes)
        self.refresh()

    @staticmethod
    def _table(headers: list[str], stretch: int) -> tuple[QTableView, QStandardItemModel]:
        """A read-only table; column ``stretch`` takes the width the others leave."""
        table, model = detail_table(headers)
        table.setObjectName("statsTable")
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        for col in range(len(headers)):
            mode = (
                QHeaderView.ResizeMode.Stretch if col == stretch else QHeaderView.ResizeMode.Fixed
            )
            header.setSectionResizeMode(col, mode)
            if col != stretch:
                table.setColumnWidth(col, 120)
        return table, model

    def _build_actions(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("actionBar")
        self.remind_button = QPushButton(self.tr("一键催办未读"))
        self.remind_button.setObjectName("primaryButton")
        self.remind_button.clicked.connect(lambda: self.remind("unread"))
        self.remind_unacked_button = QPushButton(self.tr("催办未回执"))
        self.remind_unacked_button.setObjectName("remindUnacked")
        self.remind_unacked_button.clicked.connect(lambda: self.remind("unacked"))
        self.withdraw_button = QPushButton(self.tr("撤回…"))
        self.withdraw_button.setObjectName("withdrawButton")
        self.withdraw_button.clicked.connect(self.withdraw)
        self.unschedule_button = QPushButton(self.tr("取消定时发布"))
        self.unschedule_button.setObjectName("unscheduleButton")
        self.unschedule_button.clicked.connect(self.unschedule)
        self.export_button = QPushButton(self.tr("导出回执…"))
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.choose_export)
        self.view_button = QPushButton(self.tr("查看通知"))
        self.view_button.setObjectName("viewNotice")
        self.view_button.clicked.connect(self.view_notice)
        self.done_label = QLabel()
        self.done_label.setObjectName("statsDone")
        self.done_label.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("statsError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        messages = QVBoxLayout()
        messages.addWidget(self.done_label)
        messages.addWidget(self.error)
        row = QHBoxLayout(bar)
        row.setContentsMargins(20, 10, 20, 10)
        row.addLayout(messages, 1)
        for button in (
            self.view_button,
            self.export_button,
            self.unschedule_button,
            self.withdraw_button,
            self.remind_unacked_button,
            self.remind_button,
        ):
            row.addWidget(button)
        return bar

    def _lay_out(self) -> None:
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.urgency, 0, Qt.AlignmentFlag.AlignTop)
        heading.addWidget(self.state, 0, Qt.AlignmentFlag.AlignTop)
        cards = QHBoxLayout()
        cards.setSpacing(12)
        for card in self.cards.values():
            cards.addWidget(card, 1)
        content = QVBoxLayout()
        content.setContentsMargins(20, 16, 20, 12)
        content.setSpacing(10)
        content.addLayout(heading)
        content.addWidget(self.meta)
        content.addWidget(self.banner)
        content.addLayout(cards)
        content.addWidget(self.note)
        content.addWidget(self.tabs, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(content, 1)
        layout.addWidget(self.action_bar)

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        me, nid = self.ctx.user.id, self.notice_id

        def work(session: Session) -> StatsLoaded:
            detail = notice_detail(session, notice_id=nid, person_id=me)
            queued = queued_steps(session, notice_ids=[nid]).get(nid)
            return StatsLoaded(detail, stats(session, notice_id=nid), queued)

        DbOp(self, work).success(self._show).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.error.setText(str(exc))

    def _show(self, loaded: StatsLoaded) -> None:
        if not shiboken6.isValid(self):
            return
        d, s = self.detail, self.stats = loaded.detail, loaded.stats
        self.setWindowTitle(self.tr("阅读统计：{title} — 政通办公").format(title=d.title))
        self.title.setText(d.title)
        self.urgency.setText(d.urgency)
        self.urgency.setProperty("urgency", d.urgency)
        self.urgency.style().polish(self.urgency)
        self.urgency.setVisible(d.urgency != "普通")
        self.state.setText(QUEUED_LABELS[loaded.queued] if loaded.queued else d.state_label)
        self.meta.setText(self._meta(d))
        banner = ""
        if d.state == "withdrawn":
            banner = self.tr("已撤回：{reason}").format(reason=d.withdraw_reason or "")
        self.banner.setText(banner)
        self.banner.setVisible(bool(banner))
        self._show_counts(s)
        self.note.setText(self._note(d, s))
        published = d.state == "published" and not d.expired and loaded.queued != "withdraw"
        self.remind_button.setEnabled(published and bool(s.unread_people))
        self.remind_unacked_button.setVisible(s.has_form)
        self.remind_unacked_button.setEnabled(published and bool(s.unacked_people))
        self.withdraw_button.setVisible(d.state == "published" and loaded.queued != "withdraw")
        self.unschedule_button.setVisible(d.state == "scheduled")
        self.export_button.setEnabled(s.total > 0)

    def _meta(self, d: NoticeDetail) -> str:
        parts = []
        if d.published_at:
            parts.append(self.tr("发布于 {at}").format(at=local_moment(d.published_at)))
        elif d.publish_at:
            parts.append(self.tr("定时发布 {at}").format(at=local_moment(d.publish_at)))
        if d.form is not None:
            parts.append(self.tr("回执截止 {at}").format(at=local_moment(d.form.deadline)))
        if d.expires_at:
            parts.append(self.tr("有效期至 {at}").format(at=local_moment(d.expires_at)))
        parts.append(self.tr("接收：{names}").format(names="、".join(d.recipients)))
        return "　·　".join(parts)

    def _note(self, d: NoticeDetail, s: NoticeStats) -> str:
        lines = [self.tr("统计截至最近一次同步；送达、阅读和回执在对方同步后计入。")]
        if d.reminders:
            last = d.reminders[-1]
            lines.append(
                self.tr("已催办 {n} 次，最近一次催办 {count} 人").format(
                    n=len(d.reminders), count=last.get("count", 0)
                )
            )
        if d.sms:
            line = self.tr("短信通知：成功 {sent} 条，失败 {failed} 条").format(
                sent=d.sms.get("sent", 0), failed=d.sms.get("failed", 0)
            )
            errors = d.sms.get("errors") or []
            if errors:
                line += self.tr("（{error}）").format(error=errors[0])
            lines.append(line)
        return "\n".join(lines)

    def _show_counts(self, s: NoticeStats) -> None:
        self.cards["total"].value.setText(str(s.total))
        for key, part in (("delivered", s.delivered), ("read", s.read), ("acked", s.acked)):
            card = self.cards[key]
            card.value.setText(str(part))
            card.caption.setText(f"{card.label}　{percent(part, s.total)}")
        self.cards["acked"].setVisible(s.has_form)
        fill_rows(
            self.unit_model,
            [
                [
                    u.unit_name,
                    str(u.total),
                    str(u.delivered),
                    str(u.read),
                    str(u.acked),
                    percent(u.read, u.total),
                ]
                for u in s.by_unit
            ],
        )
        self.unit_table.setColumnHidden(4, not s.has_form)
        fill_rows(self.unread_model, self._people(s.unread_people))
        fill_rows(self.unacked_model, self._people(s.unacked_people))
        self.tabs.setTabText(1, self.tr("未读 ({n})").format(n=len(s.unread_people)))
        self.tabs.setTabText(2, self.tr("未回执 ({n})").format(n=len(s.unacked_people)))
        self.tabs.setTabVisible(2, s.has_form)

    def _people(self, people: list[PersonRef]) -> list[list[str]]:
        return [
            [p.name, p.unit_name, self.tr("{n} 次").format(n=p.reminders) if p.reminders else ""]
            for p in people
        ]

    # --- acting ---------------------------------------------------------------------------

    def _say(self, done: str = "", error: str = "") -> None:
        if shiboken6.isValid(self):
            self.done_label.setText(done)
            self.error.setText(error)

    def remind(self, only: str) -> None:
        """一键催办: the unread (or those without a 回执) get a reminder after the next sync."""
        work = partial(
            lambda session, **kw: Reminded(remind_notice(session, **kw)),
            person_id=self.ctx.user.id,
            notice_id=self.notice_id,
            only=only,
        )
        self._say()

        def done(result: Reminded) -> None:
            self._say(self.tr("已催办 {n} 人，同步后提醒对方").format(n=result.count))
            self.acted.emit("remind")

        DbOp(self, work).success(done).failure(lambda exc: self._say(error=str(exc))).run()

    def withdraw(self) -> TextPrompt:
        """撤回 asks for the reason (required); recipients keep the notice marked 已撤回."""
        me, nid = self.ctx.user.id, self.notice_id

        def work(session: Session, text: str) -> Changes:
            notice_step(session, person_id=me, notice_id=nid, action="withdraw", reason=text)
            return NOTICE_CHANGES

        title = self.detail.title if self.detail else ""
        prompt = TextPrompt(
            title=self.tr("撤回通知"),
            label=self.tr("撤回《{title}》。接收人仍可看到通知，并看到撤回理由：").format(
                title=title
            ),
            action=self.tr("撤回"),
            work=work,
            required=self.tr("撤回通知须填写理由"),
            placeholder=self.tr("如：通知内容有误，将另行发布"),
            parent=self,
        )
        prompt.completed.connect(lambda: self._say(self.tr("已撤回，同步后通知接收人")))
        prompt.completed.connect(lambda: self.acted.emit("withdraw"))
        prompt.open()
        return prompt

    def unschedule(self) -> None:
        me, nid = self.ctx.user.id, self.notice_id

        def work(session: Session) -> Changes:
            notice_step(session, person_id=me, notice_id=nid, action="unschedule")
            return NOTICE_CHANGES

        DbOp(self, work).success(
            lambda _c: self._say(self.tr("已取消定时发布，同步后回到草稿"))
        ).failure(lambda exc: self._say(error=str(exc))).run()

    def choose_export(self) -> None:
        title = self.detail.title if self.detail else self.tr("回执")
        name, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("导出回执"),
            str(Path.home() / self.tr("{title}-回执.xlsx").format(title=title)),
            self.tr("Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"),
        )
        if name:
            path = Path(name)
            if path.suffix.lower() not in (".csv", ".xlsx"):
                path = path.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        work = partial(export_answers, notice_id=self.notice_id, path=path)
        self._say()
        DbOp(self, work).success(
            lambda n: self._say(self.tr("已导出 {n} 人的回执到 {path}").format(n=n, path=path))
        ).failure(lambda exc: self._say(error=str(exc))).with_progress(
            self.tr("正在导出回执…")
        ).run()

    def view_notice(self) -> QWidget:
        from ui.notice_window import NoticeWindow

        window = NoticeWindow(self.ctx, self.notice_id, self)
        window.show()
        return window

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if (changes.notices or changes.outbox) and shiboken6.isValid(self):
            self.refresh()
