"""The 会议 flow in the UI on a real demo-county database: sending the 会议通知 from the meeting
window (the notice queued, the button turns 已发送, the 回执 panel fills), 催办 and a cancellation
that notifies again; 签到 by tick and by code (a wrong code: a Chinese error and nothing queued;
a late arrival flagged 迟到); the 纪要 editor (a bad 时限 refused with nothing queued, a good one
queues the meeting's ``decide``); the 回执 form's person field; cancelling one occurrence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.db.engine import transaction
from app.domain import meeting as rules
from app.services.meeting_attendance import attendance_stats
from app.services.meeting_notice import meeting_data
from app.sync.local import put_server_state
from tests.ui.notice_data import outbox, person, receipt, received
from tests.ui.test_meetings import _meeting, _room, at
from ui.context import AppContext
from ui.meeting_signin import SignInDialog
from ui.meeting_window import MeetingWindow
from ui.minutes_editor import MinutesEditor, PersonChooser
from ui.notice_window import NoticeWindow


@pytest.fixture(autouse=True)
def _close_windows(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Preview, pickers and meeting windows are top-level: close what a test left open. An
    unexpected message box would block the test: recorded and failed instead."""
    boxes: list[str] = []
    for name in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, _t, text, *_a: boxes.append(text))
    yield
    assert boxes == []
    for widget in QApplication.topLevelWidgets():
        widget.close()


def _steps(ctx: AppContext) -> list[tuple[str, str | None, str]]:
    return [(t, a, o) for t, a, o, _p in outbox(ctx)]


def _setup(ctx: AppContext, **fields: Any) -> dict[str, str]:
    """第一会议室 and "m1" on 8 March 2027 09:00–11:00 by this user: this user, 曹军 and 蒋实
    attend, 郑涛 列席."""
    _room(ctx, "room-1", "第一会议室")
    ids = {u: person(ctx, u)[0] for u in ("caoj", "jiangs", "zhengt")}
    _meeting(
        ctx,
        "m1",
        "全市防汛工作调度会",
        at(8, 9),
        at(8, 11),
        attendee_person_ids=[ctx.user.id, ids["caoj"], ids["jiangs"]],
        observer_ids=[ids["zhengt"]],
        **fields,
    )
    return ids


def _notice(ctx: AppContext, nid: str) -> dict[str, Any]:
    from app.sync.local import local_data

    with ctx.profile.store()() as session:
        data = local_data(session, "notice", nid)
    assert data is not None
    return dict(data)


def _window(ctx: AppContext, qtbot: QtBot) -> MeetingWindow:
    window = MeetingWindow(ctx, "m1")
    qtbot.addWidget(window)
    window.show()
    return window


def test_send_notice_queues_it_and_the_button_turns_sent(
    ctx: AppContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _setup(ctx)
    window = _window(ctx, qtbot)
    assert window.notice_button.isVisible() and window.notice_button.text() == "发送会议通知"
    assert not window.remind_button.isVisible()
    assert "会议通知发出后" in window.replies.text()

    preview = window.preview_notice()
    assert preview.page_count > 0 and "关于召开全市防汛工作调度会的通知" in preview.windowTitle()
    assert _steps(ctx) == []  # previewing queues nothing

    window.notice_button.click()
    steps = _steps(ctx)
    assert ("notice", None, "create") in steps and ("notice", "publish", "act") in steps
    assert ("meeting", None, "update") in steps
    assert window.notice_button.text() == "已发送" and not window.notice_button.isEnabled()
    assert window.remind_button.isVisible()
    assert "未回复 4" in window.replies.text()  # three attendees and the 列席

    # Cancelling a notified meeting sends the 会议取消通知 too.
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("另有安排", True))
    before = len(outbox(ctx))
    window.cancel_button.click()
    queued = outbox(ctx)[before:]
    assert ("meeting", "cancel") in [(t, a) for t, a, _o, _p in queued]
    created = [p for t, _a, o, p in queued if t == "notice" and o == "create"]
    assert created and created[0]["title"] == "会议取消通知：全市防汛工作调度会"


def test_replies_panel_lists_leave_and_delegate_and_reminds(
    ctx: AppContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _setup(ctx, notice_id="n-m1")
    sender = ctx.user.id
    deadline = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    received(ctx, "n-m1", "关于召开全市防汛工作调度会的通知", receipt=rules.reply_form(deadline))
    with transaction(ctx.profile.store()) as session:  # sent by this user, as synced
        put_server_state(
            session,
            [("n-m1", "notice", 2, False, {**_notice(ctx, "n-m1"), "sender_id": sender})],
            2,
        )
    at_ = datetime.now(UTC).isoformat()
    items = [
        receipt(
            "n-m1",
            ids["caoj"],
            person(ctx, "caoj")[1],
            sender,
            acked_at=at_,
            answers={rules.REPLY_FIELD: rules.LEAVE, rules.REASON_FIELD: "出差"},
        ),
        receipt(
            "n-m1",
            ids["jiangs"],
            person(ctx, "jiangs")[1],
            sender,
            acked_at=at_,
            answers={rules.REPLY_FIELD: rules.DELEGATE, rules.DELEGATE_FIELD: ids["zhengt"]},
        ),
    ]
    with transaction(ctx.profile.store()) as session:
        put_server_state(session, items, 2)
    window = _window(ctx, qtbot)
    text = window.replies.text()
    assert "请假 1" in text and "委派他人参会 1" in text and "未回复 2" in text
    assert "（出差）" in text and f"（委派 {_name(ctx, 'zhengt')}）" in text

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    window.remind_button.click()
    assert said and "未回复" in said[0]
    assert ("notice", "remind") in [(t, a) for t, a, _o in _steps(ctx)]


def test_sign_in_by_tick_and_by_code_flags_the_late(ctx: AppContext, qtbot: QtBot) -> None:
    ids = _setup(ctx)
    # The attendee's own 签到码 shows in their meeting window.
    window = _window(ctx, qtbot)
    mine = rules.attendance_code("m1", ctx.user.id)
    assert window.my_code.isVisible() and mine in window.my_code.text()

    times = iter([at(8, 8, 55), at(8, 9, 20), at(8, 9, 25)])
    dialog = SignInDialog(ctx, "m1", clock=lambda: next(times))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "应到 3　实到 0　迟到 0　请假 0　缺席 3" in dialog.counts.text()
    assert dialog.people.count() == 4  # three attendees and the 列席

    row = dialog.row_of(ctx.user.id)
    assert row is not None
    row.setCheckState(Qt.CheckState.Checked)  # 08:55: on time
    assert [a for _t, a, _o in _steps(ctx)] == ["sign_in"]
    assert "实到 1　迟到 0" in dialog.counts.text()

    dialog.code.setText("000000")
    dialog.code_button.click()  # the clock is not read for an error … but the iterator is
    assert dialog.error.isVisible() and dialog.error.text() == "签到码不正确，请核对后重新输入"
    assert [a for _t, a, _o in _steps(ctx)] == ["sign_in"]  # nothing more queued

    dialog.code.setText(rules.attendance_code("m1", ids["caoj"]))
    dialog.code_button.click()  # 09:25: after the 09:00 start
    assert [a for _t, a, _o in _steps(ctx)] == ["sign_in", "sign_in"]
    assert not dialog.error.isVisible() and dialog.code.text() == ""
    assert "应到 3　实到 2　迟到 1　请假 0　缺席 1" in dialog.counts.text()
    late = dialog.row_of(ids["caoj"])
    assert late is not None and "迟到" in late.text() and "09:25 已签到" in late.text()
    on_time = dialog.row_of(ctx.user.id)
    assert on_time is not None and "迟到" not in on_time.text()
    assert not on_time.flags() & Qt.ItemFlag.ItemIsUserCheckable  # cannot be taken back
    with ctx.profile.store()() as session:
        stats = attendance_stats(session, meeting_id="m1")
    assert [a.person_id for a in stats.late] == [ids["caoj"]]


def _name(ctx: AppContext, username: str) -> str:
    from app.services.org import person_by_username

    with ctx.profile.store()() as session:
        found = person_by_username(session, username=username)
    assert found is not None
    return str(found.name)


def _pick(chooser: PersonChooser, username: str) -> None:
    name = _name(chooser.ctx, username)
    dialog = chooser.pick()
    picker = dialog.picker  # type: ignore[attr-defined]
    picker.search.setText(name)
    picker.run_search()
    assert picker.choose(name)
    dialog.accept()


def test_minutes_save_queues_decide_and_a_bad_deadline_is_refused(
    ctx: AppContext, qtbot: QtBot
) -> None:
    ids = _setup(ctx)
    editor = MinutesEditor(ctx, "m1")
    qtbot.addWidget(editor)
    editor.show()
    assert editor.heading.text() == "全市防汛工作调度会纪要"
    assert "召开全市防汛工作调度会" in editor.text.toPlainText()

    row = editor.add_decision("做好防汛物资储备")
    _pick(editor.chooser(row), "caoj")
    assert editor.chooser(row).person_id == ids["caoj"]
    editor.deadline_edit(row).setDate(QDate(2027, 3, 1))  # before the meeting
    editor.save_button.click()
    assert editor.error.isVisible() and "时限早于会议日期" in editor.error.text()
    assert _steps(ctx) == []

    # No owner: the service's Chinese error, nothing queued.
    editor.deadline_edit(row).setDate(QDate(2027, 3, 31))
    second = editor.add_decision("检查河道堤防")
    editor.deadline_edit(second).setDate(QDate(2027, 3, 20))
    editor.save_button.click()
    assert editor.error.text() == "第 2 项议定事项请指定责任人"
    assert _steps(ctx) == []

    _pick(editor.chooser(second), "jiangs")
    editor.save_button.click()
    assert not editor.error.isVisible()
    assert ("meeting", "decide", "act") in _steps(ctx)
    with ctx.profile.store()() as session:
        saved = meeting_data(session, "m1")["minutes"]
    assert [(d["item"], d["owner_id"], d["deadline"]) for d in saved["decisions"]] == [
        ("做好防汛物资储备", ids["caoj"], "2027-03-31"),
        ("检查河道堤防", ids["jiangs"], "2027-03-20"),
    ]
    assert editor.decisions.rowCount() == 2 and "已保存于" in editor.saved_note.text()
    preview = editor.preview()
    assert preview.page_count > 0


def test_reply_form_person_field_picks_the_delegate(ctx: AppContext, qtbot: QtBot) -> None:
    deadline = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    received(ctx, "n1", "关于召开全市防汛工作调度会的通知", receipt=rules.reply_form(deadline))
    window = NoticeWindow(ctx, "n1")
    qtbot.addWidget(window)
    window.show()
    chooser = window.form.inputs[rules.DELEGATE_FIELD]
    assert isinstance(chooser, PersonChooser) and chooser.label.text() == "未选择"
    window.form.fill(rules.REPLY_FIELD, rules.DELEGATE)
    _pick(chooser, "zhengt")
    assert chooser.label.text() == _name(ctx, "zhengt")
    window.submit_receipt()
    acks = [p for _t, a, _o, p in outbox(ctx) if a == "ack"]
    zhengt = person(ctx, "zhengt")[0]
    assert len(acks) == 1 and acks[0]["answers"][rules.DELEGATE_FIELD] == zhengt
