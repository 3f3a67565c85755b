"""One meeting: details, agenda, attendees and the booking state — 待确认, 已确认, 未通过 (with the
reason and the meeting it clashed with), 待审批 — with the buttons this person may use: 编辑,
重新预订 and 取消会议 for the organiser (and 会议管理员), 审批通过 / 不同意 for approvers.

The 回执 panel shows ``meeting_attendance.reply_summary`` (参加 / 请假 with the reason / 委派 /
未回复, with names) once the 会议通知 is out. The organiser (or 会议管理员) also gets 发送会议通知,
预览通知, 催办未回复, 签到 and 纪要; a notified meeting that is changed or cancelled sends its
变更 / 取消 notice. An attendee sees their own 签到码.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.domain import meeting as rules
from app.services.meeting_attendance import (
    ReplySummary,
    my_attendance_code,
    remind_unreplied,
    reply_summary,
)
from app.services.meeting_notice import (
    cancel_with_notice,
    meeting_data,
    notify_change,
    send_meeting_notice,
)
from app.services.meeting_ui_queries import MeetingDetails, meeting_details
from app.services.meetings import approve, cancel_occurrence, rebook, reject
from ui.context import AppContext
from ui.meeting_dialog import MeetingDialog
from ui.operations import DbOp

BANNER = {
    "未通过": "background: #FBE3E1; color: #922B21; border: 1px solid #E6B0AA;",
    "待审批": "background: #EEE6F7; color: #5B2C6F; border: 1px solid #C39BD3;",
    "待确认": "background: #FFF4E0; color: #9A6400; border: 1px solid #F5CBA7;",
    "已取消": "background: #EEEEEE; color: #555555; border: 1px solid #CCCCCC;",
}


# What a 会议变更通知 is about (app/services/meeting_notice.py change_meeting compares the same).
PLACE_FIELDS = ("start", "end", "room_id", "place", "recurrence", "exceptions", "tz")
CLOSED = ("已取消", "未通过")


def _reply_name(reply: Any) -> str:
    if getattr(reply, "delegate_name", ""):
        return f"{reply.name}（委派 {reply.delegate_name}）"
    if getattr(reply, "reason", ""):
        return f"{reply.name}（{reply.reason}）"
    return str(reply.name)


class MeetingWindow(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        meeting_id: str,
        parent: QWidget | None = None,
        *,
        occurrence: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("meetingWindow")
        self.ctx = ctx
        self.meeting_id = meeting_id
        self.occurrence = occurrence  # one date of a series, chosen in the calendar
        self.details: MeetingDetails | None = None
        self.resize(760, 620)

        self.heading = QLabel()
        self.heading.setObjectName("meetingHeading")
        self.heading.setStyleSheet("font-size: 18px; font-weight: 600; color: #1F2D3D;")
        self.heading.setWordWrap(True)
        self.state = QLabel()
        self.state.setObjectName("meetingState")
        self.banner = QLabel()
        self.banner.setObjectName("meetingBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.meta = QFormLayout()
        meta_box = QGroupBox(self.tr("会议信息"))
        meta_box.setLayout(self.meta)
        self.agenda = QTableWidget(0, 3)
        self.agenda.setObjectName("meetingAgendaTable")
        self.agenda.setHorizontalHeaderLabels([self.tr("议题"), self.tr("汇报人"), self.tr("材料")])
        self.agenda.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.agenda.verticalHeader().setVisible(False)
        self.agenda.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        agenda_box = QGroupBox(self.tr("议程"))
        QVBoxLayout(agenda_box).addWidget(self.agenda)
        self.replies = QLabel()
        self.replies.setObjectName("replyPanel")
        self.replies.setWordWrap(True)
        replies_box = QGroupBox(self.tr("参会回执"))
        QVBoxLayout(replies_box).addWidget(self.replies)

        actions = self._build_actions()

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.state)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(meta_box)
        layout.addWidget(agenda_box, 1)
        layout.addWidget(replies_box)
        notice_actions = self._build_notice_actions()
        layout.addWidget(self.my_code)
        layout.addLayout(notice_actions)
        layout.addLayout(actions)
        ctx.taskman.changes_applied.connect(self._on_changes)
        self.refresh()

    def _build_actions(self) -> QHBoxLayout:
        self.edit_button = QPushButton(self.tr("编辑"))
        self.edit_button.setObjectName("meetingEdit")
        self.edit_button.clicked.connect(self.edit)
        self.rebook_button = QPushButton(self.tr("重新预订"))
        self.rebook_button.setObjectName("meetingRebook")
        self.rebook_button.clicked.connect(lambda: self._run(self._rebook))
        self.cancel_button = QPushButton(self.tr("取消会议"))
        self.cancel_button.setObjectName("meetingCancel")
        self.cancel_button.clicked.connect(self.cancel_meeting)
        self.approve_button = QPushButton(self.tr("审批通过"))
        self.approve_button.setObjectName("primaryButton")
        self.approve_button.clicked.connect(lambda: self._run(self._approve))
        self.reject_button = QPushButton(self.tr("不同意"))
        self.reject_button.setObjectName("meetingReject")
        self.reject_button.clicked.connect(self.reject_booking)
        self.skip_button = QPushButton(self.tr("仅取消本次"))
        self.skip_button.setObjectName("meetingSkipOne")
        self.skip_button.clicked.connect(self.cancel_this_one)
        self.following_button = QPushButton(self.tr("修改本次及以后"))
        self.following_button.setObjectName("meetingEditFollowing")
        self.following_button.clicked.connect(self.edit_following)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for b in (
            self.skip_button,
            self.following_button,
            self.approve_button,
            self.reject_button,
            self.rebook_button,
            self.edit_button,
            self.cancel_button,
        ):
            actions.addWidget(b)
            b.hide()
        return actions

    def _build_notice_actions(self) -> QHBoxLayout:
        self.my_code = QLabel()
        self.my_code.setObjectName("myAttendanceCode")
        self.my_code.setStyleSheet("font-size: 15px; color: #1D4E89; padding: 4px 0;")
        self.my_code.hide()
        self.notice_button = QPushButton(self.tr("发送会议通知"))
        self.notice_button.setObjectName("meetingSendNotice")
        self.notice_button.clicked.connect(self.send_notice)
        self.preview_button = QPushButton(self.tr("预览通知"))
        self.preview_button.setObjectName("meetingPreviewNotice")
        self.preview_button.clicked.connect(self.preview_notice)
        self.remind_button = QPushButton(self.tr("催办未回复"))
        self.remind_button.setObjectName("meetingRemind")
        self.remind_button.clicked.connect(self.remind)
        self.signin_button = QPushButton(self.tr("签到"))
        self.signin_button.setObjectName("meetingSignIn")
        self.signin_button.clicked.connect(self.open_sign_in)
        self.minutes_button = QPushButton(self.tr("纪要"))
        self.minutes_button.setObjectName("meetingMinutes")
        self.minutes_button.clicked.connect(self.open_minutes)
        row = QHBoxLayout()
        row.addStretch(1)
        for b in (
            self.preview_button,
            self.notice_button,
            self.remind_button,
            self.signin_button,
            self.minutes_button,
        ):
            row.addWidget(b)
            b.hide()
        return row

    def refresh(self) -> None:
        work = lambda s: meeting_details(s, meeting_id=self.meeting_id, person_id=self.ctx.user.id)  # noqa: E731
        DbOp(self, work).success(self._show).run()

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if (changes.meetings or changes.outbox) and shiboken6.isValid(self):
            self.refresh()

    # --- showing ----------------------------------------------------------------------------

    def _show(self, d: MeetingDetails) -> None:
        if not shiboken6.isValid(self):
            return
        self.details = d
        v = d.view
        self.setWindowTitle(v.title)
        self.heading.setText(v.title)
        self.state.setText(v.state_label)
        fill = BANNER.get(v.state_label, "background: #DCE9F8; color: #1D4E89;")
        self.state.setStyleSheet(f"{fill} padding: 3px 10px; border-radius: 10px;")
        self._show_banner(d)
        while self.meta.rowCount():
            self.meta.removeRow(0)
        a, b = rules.epoch(v.start), rules.epoch(v.end)
        when = f"{rules.fmt_local(a)}–{rules.fmt_local(b)[11:]}"
        rows = [
            (self.tr("会议类型"), v.kind or self.tr("其他")),
            (self.tr("时间"), when + self._repeat_text(v.recurrence)),
            (self.tr("地点"), v.room_name or v.place or self.tr("未定")),
            (self.tr("召集人"), "　".join(x for x in (d.organizer, d.host_unit) if x)),
            (
                self.tr("参会人员"),
                "、".join(
                    n for p, n in d.people.items() if p not in (v.data.get("observer_ids") or [])
                )
                or "—",
            ),
            (self.tr("参会单位"), "、".join(d.units.values()) or "—"),
            (
                self.tr("列席"),
                "、".join(d.people[p] for p in v.data.get("observer_ids") or [] if p in d.people)
                or "—",
            ),
        ]
        for label, text in rows:
            value = QLabel(text)
            value.setWordWrap(True)
            self.meta.addRow(label, value)
        agenda = v.data.get("agenda") or []
        self.agenda.setRowCount(len(agenda))
        for r, item in enumerate(agenda):
            minutes = item.get("minutes")
            title = f"{r + 1}. {item.get('title', '')}" + (
                self.tr("（{n} 分钟）").format(n=minutes) if minutes else ""
            )
            files = "、".join(str(f.get("name")) for f in item.get("attachments") or [])
            for c, text in enumerate((title, str(item.get("presenter") or ""), files)):
                self.agenda.setItem(r, c, QTableWidgetItem(text))
        self._show_replies()
        self.edit_button.setVisible(d.may_edit)
        self.cancel_button.setVisible(d.may_cancel)
        self.rebook_button.setVisible(d.may_edit and v.state_label == "未通过")
        one_of_series = d.may_edit and bool(v.recurrence) and self.occurrence is not None
        self.skip_button.setVisible(one_of_series)
        self.following_button.setVisible(one_of_series)
        self.approve_button.setVisible(d.may_approve)
        self.reject_button.setVisible(d.may_approve)
        self._show_notice_actions(d)
        self._show_my_code()

    def _show_notice_actions(self, d: MeetingDetails) -> None:
        open_ = d.may_edit and d.view.state_label not in CLOSED
        sent = bool(d.view.data.get("notice_id"))
        self.notice_button.setText(self.tr("已发送") if sent else self.tr("发送会议通知"))
        self.notice_button.setEnabled(not sent)
        self.notice_button.setVisible(open_)
        self.preview_button.setVisible(open_)
        self.remind_button.setVisible(open_ and sent)
        self.signin_button.setVisible(open_)
        self.minutes_button.setVisible(open_)

    def _show_my_code(self) -> None:
        me = self.ctx.user.id

        def work(session: Session) -> str:
            return my_attendance_code(session, person_id=me, meeting_id=self.meeting_id)

        def shown(code: str) -> None:
            if shiboken6.isValid(self):
                self.my_code.setText(self.tr("我的签到码：{c}（到会场后出示）").format(c=code))
                self.my_code.show()

        # Not an attendee: no code, and nothing to say about it.
        DbOp(self, work).success(shown).failure(lambda _e: None).run()

    def _repeat_text(self, rule: dict[str, Any] | None) -> str:
        if not rule:
            return ""
        text = self.tr("，每周") if rule.get("freq") == "weekly" else self.tr("，每月")
        if rule.get("until"):
            text += self.tr("，至 {d}").format(d=rule["until"])
        elif rule.get("count"):
            text += self.tr("，共 {n} 次").format(n=rule["count"])
        return text

    def _show_banner(self, d: MeetingDetails) -> None:
        v = d.view
        text = ""
        if v.state_label == "未通过":
            text = self.tr("预订未通过：") + (v.reason or self.tr("会议室在此时间已被占用"))
            other = v.conflict or {}
            if other.get("title"):
                when = ""
                if other.get("start") and other.get("end"):
                    a = rules.epoch(rules.parse_time(other["start"]))
                    b = rules.epoch(rules.parse_time(other["end"]))
                    when = f"（{rules.fmt_local(a)}–{rules.fmt_local(b)[11:]}）"
                text += "\n" + self.tr("冲突会议：“{t}”").format(t=other["title"]) + when
            text += "\n" + self.tr("可修改时间或会议室后重新预订。")
        elif v.state_label == "待审批":
            text = self.tr("该会议室需要审批，正在等待审批人同意。")
        elif v.state_label == "待确认":
            text = self.tr("预订将在下次同步时由服务器确认。")
        elif v.state_label == "已取消":
            text = self.tr("会议已取消。") + (v.reason and self.tr("原因：") + v.reason)
        self.banner.setText(text)
        self.banner.setStyleSheet(
            BANNER.get(v.state_label, "") + " padding: 8px; border-radius: 4px;"
        )
        self.banner.setVisible(bool(text))

    def _show_replies(self) -> None:
        if self.details is None or not self.details.view.data.get("notice_id"):
            self.replies.setText(self.tr("会议通知发出后，这里显示参会回执的统计。"))
            return

        def work(session: Session) -> ReplySummary:
            return reply_summary(session, meeting_id=self.meeting_id)

        DbOp(self, work).success(self._replies_shown).failure(
            lambda _e: self.replies.setText(self.tr("暂无参会回执。"))
        ).run()

    def _replies_shown(self, summary: ReplySummary) -> None:
        if not shiboken6.isValid(self):
            return
        counts = summary.counts
        if not any(counts.values()):
            self.replies.setText(self.tr("暂无参会回执。"))
            return
        lines = ["　".join(f"{k} {n}" for k, n in counts.items())]
        for label, attr in (("请假", "leave"), ("委派", "delegate"), ("未回复", "none")):
            rows: list[Any] = getattr(summary, attr)
            if rows:
                names = "、".join(_reply_name(r) for r in rows)
                lines.append(f"{self.tr(label)}：{names}")
        self.replies.setText("\n".join(lines))

    # --- actions ----------------------------------------------------------------------------

    def _run(
        self, step: Callable[[Session], object], done: Callable[[], None] | None = None
    ) -> None:
        def work(session: Session) -> Changes:
            step(session)
            return Changes(meetings=True, outbox=True, notices=True)

        def finished(_changes: Changes) -> None:  # DbOp broadcasts the changes
            if done is not None and shiboken6.isValid(self):
                done()

        DbOp(self, work).success(finished).run()

    def send_notice(self) -> None:
        person = self.ctx.user.id
        self._run(
            lambda s: send_meeting_notice(s, person_id=person, meeting_id=self.meeting_id),
            self.refresh,
        )

    def preview_notice(self) -> QDialog:
        from ui.minutes_editor import SpecPreview

        dialog = SpecPreview(self.ctx, self.meeting_id, "notice", self)
        dialog.show()
        return dialog

    def remind(self) -> None:
        person = self.ctx.user.id

        def work(session: Session) -> int:
            return remind_unreplied(session, person_id=person, meeting_id=self.meeting_id)

        def done(n: int) -> None:
            self.ctx.taskman.broadcast(Changes(outbox=True, notices=True), self)
            if not shiboken6.isValid(self):
                return
            text = (
                self.tr("已向 {n} 位未回复的人员发出催办。").format(n=n)
                if n
                else self.tr("所有人员均已回复，无需催办。")
            )
            QMessageBox.information(self, self.tr("催办未回复"), text)

        DbOp(self, work).success(done).run()

    def open_sign_in(self) -> QDialog:
        from ui.meeting_signin import SignInDialog

        dialog = SignInDialog(self.ctx, self.meeting_id, self)
        dialog.show()
        return dialog

    def open_minutes(self) -> QDialog:
        from ui.minutes_editor import MinutesEditor

        dialog = MinutesEditor(self.ctx, self.meeting_id, self)
        dialog.show()
        return dialog

    def _rebook(self, session: Session) -> None:
        rebook(session, person_id=self.ctx.user.id, meeting_id=self.meeting_id)

    def _approve(self, session: Session) -> None:
        approve(session, person_id=self.ctx.user.id, meeting_id=self.meeting_id)

    def edit(self) -> MeetingDialog | None:
        if self.details is None:
            return None
        before = dict(self.details.view.data)
        dialog = MeetingDialog(
            self.ctx, self, existing=self.details.view, people=self.details.people
        )
        if before.get("notice_id"):
            dialog.saved.connect(lambda _mid: self._notify_if_moved(before))
        dialog.show()
        return dialog

    def _notify_if_moved(self, before: dict[str, Any]) -> None:
        """The dialog saved with ``update_meeting``; a notified meeting whose time or place
        changed sends its 会议变更通知 (as ``change_meeting`` does)."""
        person = self.ctx.user.id

        def step(session: Session) -> None:
            after = meeting_data(session, self.meeting_id)
            if any(before.get(k) != after.get(k) for k in PLACE_FIELDS):
                notify_change(session, person_id=person, meeting_id=self.meeting_id)

        self._run(step)

    def _occurrence_iso(self) -> str:
        assert self.occurrence is not None
        return rules.utc_iso(self.occurrence)

    def cancel_this_one(self) -> None:
        """仅取消本次: the chosen date becomes an exception; the rest of the series stays."""
        if self.occurrence is None:
            return
        person, at = self.ctx.user.id, self._occurrence_iso()
        self._run(
            lambda s: cancel_occurrence(
                s, person_id=person, meeting_id=self.meeting_id, occurrence_start=at
            )
        )

    def edit_following(self) -> MeetingDialog | None:
        """修改本次及以后: the series ends before the chosen date; the dialog's values start a
        new series from there (booked like any meeting)."""
        if self.details is None or self.occurrence is None:
            return None
        dialog = MeetingDialog(
            self.ctx,
            self,
            existing=self.details.view,
            people=self.details.people,
            following_from=self._occurrence_iso(),
        )
        dialog.show()
        return dialog

    def cancel_meeting(self) -> None:
        reason, ok = QInputDialog.getText(
            self, self.tr("取消会议"), self.tr("取消原因（将通知参会人员）：")
        )
        if not ok:
            return
        person = self.ctx.user.id
        # A notified meeting's cancellation goes to those the notice reached.
        self._run(
            lambda s: cancel_with_notice(
                s, person_id=person, meeting_id=self.meeting_id, reason=reason
            )
        )

    def reject_booking(self) -> None:
        reason, ok = QInputDialog.getText(self, self.tr("不同意"), self.tr("不同意的理由："))
        if not ok:
            return
        if not reason.strip():
            QMessageBox.warning(self, self.tr("无法完成操作"), self.tr("请填写不同意的理由"))
            return
        person = self.ctx.user.id
        self._run(lambda s: reject(s, person_id=person, meeting_id=self.meeting_id, reason=reason))
