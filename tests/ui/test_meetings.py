"""会议 section on a real demo-county database: the week view, the booking dialog (a Chinese error
and nothing queued; a valid meeting queues create + book; the over-capacity warning asks),
dragging to reschedule, the meeting window for a refused booking, ICS export and the reminder."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar  # type: ignore[import-untyped]
import orjson
import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db import models as m
from app.db.engine import transaction
from app.services import meeting_views as mv
from app.services.org import person_by_username
from app.sync.local import put_server_state
from ui.context import AppContext
from ui.meeting_dialog import MeetingDialog
from ui.meeting_reminder import MeetingReminder
from ui.meeting_window import MeetingWindow
from ui.meetings import MeetingsView

BJ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2027, 3, 10, 8, 0, tzinfo=BJ)  # a Wednesday; the week starts Monday 8 March


def clock() -> datetime:
    return NOW


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=BJ)


def _person(ctx: AppContext, username: str) -> str:
    with ctx.profile.store()() as session:
        person = person_by_username(session, username=username)
    assert person is not None
    return person.id


def _room(ctx: AppContext, rid: str, name: str, capacity: int = 20) -> None:
    data = {"name": name, "building": "市政府大楼", "capacity": capacity, "active": True}
    with transaction(ctx.profile.store()) as session:
        put_server_state(session, [(rid, "room", 1, False, data)], 1)


def _meeting(
    ctx: AppContext, mid: str, title: str, start: datetime, end: datetime, **fields: Any
) -> None:
    """A meeting as a sync leaves it (confirmed unless ``state`` says otherwise)."""
    data = {
        "title": title,
        "kind": "工作会议",
        "start": start.isoformat(),
        "end": end.isoformat(),
        "tz": "Asia/Shanghai",
        "room_id": "room-1",
        "organizer_id": ctx.user.id,
        "attendee_person_ids": [ctx.user.id],
        "state": "confirmed",
        **fields,
    }
    with transaction(ctx.profile.store()) as session:
        put_server_state(session, [(mid, "meeting", 1, False, data)], 1)


def _outbox(ctx: AppContext) -> list[tuple[str, str | None, dict[str, Any]]]:
    with ctx.profile.store()() as session:
        rows = session.execute(
            select(m.OutboxEntry.record_type, m.OutboxEntry.action, m.OutboxEntry.payload).order_by(
                m.OutboxEntry.mutation_id
            )
        ).all()
    return [(t, a, orjson.loads(p)) for t, a, p in rows]


@pytest.fixture
def view(ctx: AppContext, qtbot: QtBot) -> MeetingsView:
    _room(ctx, "room-1", "第一会议室", capacity=3)
    page = MeetingsView(ctx, clock=clock)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def _cells(page: MeetingsView) -> dict[str, int]:
    return {c.occurrence.title: c.day for c in page.calendar.cells}


def test_week_view_shows_my_meetings_in_their_day_columns(
    ctx: AppContext, view: MeetingsView
) -> None:
    _meeting(ctx, "m-mon", "周一调度会", at(8, 9), at(8, 10))
    _meeting(ctx, "m-thu", "周四专题会", at(11, 14), at(11, 16), room_id=None, place="视频会议")
    other = _person(ctx, "zhengt")
    _meeting(
        ctx,
        "m-other",
        "别人的会",
        at(9, 9),
        at(9, 10),
        attendee_person_ids=[other],
        organizer_id=other,
    )
    _meeting(ctx, "m-next", "下周的会", at(15, 9), at(15, 10))
    view.reload()
    assert _cells(view) == {"周一调度会": 0, "周四专题会": 3}
    assert "03月08日" in view.period.text()
    view.step(1)
    assert _cells(view) == {"下周的会": 0}
    view.set_mode("month")
    titles = {o.title for o in view.calendar.month_items}
    assert {"周一调度会", "周四专题会", "下周的会"} <= titles
    view.go_today()
    view.set_mode("day")
    assert _cells(view) == {}  # nothing on Wednesday


def _fill(dialog: Any, title: str, start: datetime, end: datetime) -> None:
    dialog.title.setText(title)
    for edit, moment in ((dialog.start, start), (dialog.end, end)):
        edit.setDateTime(
            QDateTime(
                QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
            )
        )
    dialog.room.setCurrentIndex(dialog.room.findData("room-1"))


def test_end_before_start_shows_the_chinese_error_and_queues_nothing(
    ctx: AppContext, view: MeetingsView
) -> None:
    dialog = view.new_meeting()
    _fill(dialog, "倒过来的会", at(9, 10), at(9, 9))
    dialog.save()
    assert dialog.error.text() == "结束时间必须晚于开始时间"
    assert dialog.isVisible()
    assert _outbox(ctx) == []


def test_a_valid_meeting_queues_create_and_book(ctx: AppContext, view: MeetingsView) -> None:
    dialog = view.new_meeting()
    _fill(dialog, "汛期工作部署会", at(9, 15), at(9, 16, 30))
    dialog.add_agenda_item("汛情通报", "张华生", 20)
    dialog.save()
    assert not dialog.isVisible()
    queued = _outbox(ctx)
    assert [(t, a) for t, a, _p in queued] == [("meeting", None), ("meeting", "book")]
    assert queued[0][2]["title"] == "汛期工作部署会"
    assert queued[0][2]["agenda"][0]["presenter"] == "张华生"
    cell = next(c for c in view.calendar.cells if c.occurrence.title == "汛期工作部署会")
    assert (cell.day, cell.top, cell.occurrence.state_label) == (1, 15 * 60, "待确认")


def test_over_capacity_warning_asks_before_booking(
    ctx: AppContext, view: MeetingsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(_parent: Any, _title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = view.new_meeting()
    _fill(dialog, "扩大会议", at(12, 9), at(12, 10))
    for username in ("zhengt", "zengzw", "liuf"):
        dialog.attendees.chosen[_person(ctx, username)] = username
    dialog.save()
    assert "参会人数 4 人，超过会议室容量 3 人" in asked[0]
    assert _outbox(ctx) == []  # 否: nothing booked, the dialog stays
    assert dialog.isVisible()
    answer[0] = QMessageBox.StandardButton.Yes
    dialog.save()
    assert [a for _t, a, _p in _outbox(ctx)] == [None, "book"]


def test_dragging_a_meeting_reschedules_it(
    ctx: AppContext, view: MeetingsView, qtbot: QtBot
) -> None:
    _meeting(ctx, "m-drag", "可拖动的会", at(8, 9), at(8, 10))
    view.reload()
    cal = view.calendar
    cal.repaint()
    source = cal.point_of(0, 9 * 60 + 10)
    target = cal.point_of(1, 10 * 60 + 10)
    QTest.mousePress(cal, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, source)
    QTest.mouseMove(cal, source + (target - source) / 2)
    QTest.mouseMove(cal, target)
    QTest.mouseRelease(cal, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target)
    queued = _outbox(ctx)
    assert [(t, a) for t, a, _p in queued] == [("meeting", None), ("meeting", "book")]
    assert queued[0][2]["start"] == at(9, 10).isoformat()
    assert queued[0][2]["end"] == at(9, 11).isoformat()
    cell = next(c for c in cal.cells if c.occurrence.title == "可拖动的会")
    assert (cell.day, cell.top, cell.occurrence.state_label) == (1, 600, "待确认")


def test_dragging_onto_a_booked_slot_is_refused(
    ctx: AppContext, view: MeetingsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    slot = {"room_id": "room-1", "start": at(9, 10).isoformat(), "end": at(9, 11).isoformat()}
    _meeting(ctx, "m-a", "先订的会", at(9, 10), at(9, 11), booked={**slot, "tz": "Asia/Shanghai"})
    _meeting(ctx, "m-b", "后来的会", at(8, 9), at(8, 10))
    with ctx.profile.store()() as session:
        confirmed = session.scalar(select(m.RoomBooking.meeting_id).limit(1))
    if confirmed is None:
        pytest.skip("this client keeps no local bookings index for these records")
    view.reload()
    cal = view.calendar
    cal.repaint()
    a, b = cal.point_of(0, 9 * 60 + 10), cal.point_of(1, 10 * 60 + 10)
    QTest.mousePress(cal, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(cal, b)
    QTest.mouseRelease(cal, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    assert shown and "已被“先订的会”占用" in shown[0]
    assert _outbox(ctx) == []
    assert _cells(view)["后来的会"] == 0


def test_window_shows_refused_with_the_clashing_meeting(ctx: AppContext, qtbot: QtBot) -> None:
    _room(ctx, "room-1", "第一会议室")
    reason = "会议室“第一会议室”在 2027-03-08 09:00–10:00 已被“全市安全生产工作会议”占用"
    _meeting(
        ctx,
        "m-refused",
        "纪检专题会",
        at(8, 9, 30),
        at(8, 11),
        state="refused",
        reason=reason,
        conflict={
            "meeting_id": "m-first",
            "title": "全市安全生产工作会议",
            "start": at(8, 9).isoformat(),
            "end": at(8, 10).isoformat(),
        },
        agenda=[{"title": "案件通报", "presenter": "郑涛", "minutes": 30}],
    )
    window = MeetingWindow(ctx, "m-refused")
    qtbot.addWidget(window)
    window.show()
    assert window.state.text() == "未通过"
    assert reason in window.banner.text()
    assert "冲突会议：“全市安全生产工作会议”（2027-03-08 09:00–10:00）" in window.banner.text()
    first = window.agenda.item(0, 0)
    assert first is not None and first.text() == "1. 案件通报（30 分钟）"
    assert window.rebook_button.isVisible() and window.edit_button.isVisible()
    assert not window.approve_button.isVisible()
    window.rebook_button.click()
    assert [a for _t, a, _p in _outbox(ctx)] == ["book"]

    # Someone else sees no organiser's buttons.
    with ctx.profile.store()() as session:
        other = person_by_username(session, username="zhengt")
    assert other is not None
    theirs = MeetingWindow(replace(ctx, user=other), "m-refused")
    qtbot.addWidget(theirs)
    theirs.show()
    assert not theirs.edit_button.isVisible() and not theirs.cancel_button.isVisible()


def test_ics_export_writes_a_calendar_that_parses_back(
    ctx: AppContext, view: MeetingsView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    _meeting(ctx, "m-ics", "全市安全生产工作会议", at(8, 9), at(8, 10))
    _meeting(
        ctx,
        "m-weekly",
        "周例会",
        at(8, 8),
        at(8, 8, 30),
        recurrence={"freq": "weekly", "interval": 1, "count": 4},
    )
    view.export_to(tmp_path / "我的会议")
    assert view.exported == tmp_path / "我的会议.ics"
    cal = icalendar.Calendar.from_ical((tmp_path / "我的会议.ics").read_bytes())
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"全市安全生产工作会议", "周例会"}
    assert events["全市安全生产工作会议"].decoded("DTSTART") == at(8, 9)
    assert "FREQ=WEEKLY" in events["周例会"]["RRULE"].to_ical().decode()


def test_reminder_pops_up_n_minutes_before_my_meeting(ctx: AppContext, qtbot: QtBot) -> None:
    _room(ctx, "room-1", "第一会议室")
    _meeting(ctx, "m-soon", "马上开的会", NOW + timedelta(minutes=15), NOW + timedelta(hours=1))
    _meeting(ctx, "m-later", "晚些的会", NOW + timedelta(minutes=40), NOW + timedelta(hours=2))
    now = [NOW - timedelta(minutes=5)]
    ctx.profile.config.meeting_reminder_min = 15  # 设置 → 界面 → 会议提醒提前
    reminder = MeetingReminder(ctx, clock=lambda: now[0])
    opened: list[str] = []
    reminder.open_requested.connect(opened.append)
    reminder.check()
    assert not reminder.popup.isVisible()  # 20 minutes ahead: not yet
    now[0] = NOW
    reminder.check()
    assert reminder.popup.isVisible()
    assert reminder.popup.title.text() == "马上开的会"
    assert reminder.popup.heading.text() == "会议提醒：15 分钟后开始"
    assert "第一会议室" in reminder.popup.meta.text()
    reminder.popup.hide()
    reminder.check()
    assert not reminder.popup.isVisible()  # told once
    now[0] = NOW + timedelta(minutes=25)
    reminder.check()
    assert reminder.popup.title.text() == "晚些的会"
    reminder.popup.open_button.click()
    assert opened == ["m-later"]
    ctx.profile.config.meeting_reminder_min = 30  # a changed setting applies at the next check
    assert reminder.minutes == 30
    reminder.stop()


def test_week_view_rows_are_what_the_calendar_draws(ctx: AppContext, view: MeetingsView) -> None:
    _meeting(ctx, "m-1", "并行会一", at(10, 9), at(10, 11))
    _meeting(ctx, "m-2", "并行会二", at(10, 10), at(10, 12), room_id=None, place="外部")
    view.reload()
    with ctx.profile.store()() as session:
        week = mv.week_view(session, week_start=at(8, 0).date(), person_id=ctx.user.id)
    assert view.calendar.cells == week.cells
    assert {c.lanes for c in view.calendar.cells} == {2}


def test_rooms_admin_is_for_meeting_admins_and_refuses_a_bad_room(
    ctx: AppContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.rooms_admin import RoomsDialog

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    director = MeetingsView(ctx, clock=clock)
    qtbot.addWidget(director)
    assert not director.rooms_action.isVisible()  # 张华生 is no 会议管理员
    with ctx.profile.store()() as session:
        admin = person_by_username(session, username="chenj")
    assert admin is not None
    chen = replace(ctx, user=admin)
    page = MeetingsView(chen, clock=clock)
    qtbot.addWidget(page)
    assert page.rooms_action.isVisible()
    dialog = page.open_rooms()
    assert isinstance(dialog, RoomsDialog)
    dialog.save()  # no name
    assert shown == ["请填写会议室名称"]
    assert _outbox(ctx) == []
    dialog.name.setText("第三会议室")
    dialog.capacity.setValue(16)
    dialog.equipment.setText("投影、视频会议")
    dialog.save()
    queued = _outbox(ctx)
    assert [(t, p["name"], p["equipment"]) for t, _a, p in queued] == [
        ("room", "第三会议室", ["投影", "视频会议"])
    ]
    assert [r.name for r in dialog.rooms] == ["第三会议室"]
    assert page.whose.findText("第三会议室") >= 0  # the calendar can show its schedule


def test_an_approver_approves_a_pending_booking(ctx: AppContext, qtbot: QtBot) -> None:
    data = {
        "name": "常务会议室",
        "capacity": 40,
        "active": True,
        "needs_approval": True,
        "approver_ids": [ctx.user.id],
    }
    with transaction(ctx.profile.store()) as session:
        put_server_state(session, [("room-1", "room", 1, False, data)], 1)
    other = _person(ctx, "zhengt")
    _meeting(
        ctx, "m-wait", "城市更新专题会", at(9, 10), at(9, 12), state="pending", organizer_id=other
    )
    page = MeetingsView(ctx, clock=clock)
    qtbot.addWidget(page)
    assert page.approvals_action.isVisible()
    assert page.approvals_action.text() == "待审批（1）"
    page.show_approvals()
    window = page.windows[-1]
    assert isinstance(window, MeetingWindow)
    assert window.state.text() == "待审批"
    assert window.approve_button.isVisible() and window.reject_button.isVisible()
    assert not window.edit_button.isVisible()  # not the organiser
    window.approve_button.click()
    assert [(t, a) for t, a, _p in _outbox(ctx)] == [("meeting", "approve")]


def test_editing_from_the_window_rebooks_a_new_time(ctx: AppContext, qtbot: QtBot) -> None:
    _room(ctx, "room-1", "第一会议室")
    _meeting(ctx, "m-edit", "周例会", at(8, 9), at(8, 10), agenda=[{"title": "工作小结"}])
    window = MeetingWindow(ctx, "m-edit")
    qtbot.addWidget(window)
    dialog = window.edit()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.title.text() == "周例会"
    assert dialog.room.currentData() == "room-1"
    assert dialog.agenda.rowCount() == 1
    dialog.title.setText("周例会（调整）")
    dialog.save()
    assert [(t, a) for t, a, _p in _outbox(ctx)] == [("meeting", None)]  # same slot: no rebook
    dialog = window.edit()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.end.setDateTime(QDateTime(QDate(2027, 3, 8), QTime(10, 30)))
    dialog.save()
    queued = _outbox(ctx)
    assert [a for _t, a, _p in queued] == [None, None, "book"]
    assert queued[1][2]["end"] == at(8, 10, 30).isoformat()
    assert window.heading.text() == "周例会（调整）"
    assert window.state.text() == "待确认"


def test_double_click_on_a_free_slot_starts_a_meeting_there(
    ctx: AppContext, view: MeetingsView
) -> None:
    view.whose.setCurrentIndex(view.whose.findData("room-1"))  # the room's own calendar
    cal = view.calendar
    cal.repaint()
    QTest.mouseDClick(
        cal, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, cal.point_of(2, 14 * 60 + 5)
    )
    dialog = view.windows[-1]
    assert isinstance(dialog, MeetingDialog)
    assert dialog.start.dateTime() == QDateTime(QDate(2027, 3, 10), QTime(14, 0))
    assert dialog.room.currentData() == "room-1"


def test_one_date_of_a_series_is_cancelled_or_split_from_there(
    ctx: AppContext, qtbot: QtBot
) -> None:
    _room(ctx, "room-1", "第一会议室")
    weekly = {"freq": "weekly", "interval": 1, "count": 4}
    _meeting(ctx, "m-weekly", "周例会", at(8, 9), at(8, 10), recurrence=weekly)
    third = int(at(22, 9).timestamp())  # the third Monday, chosen in the calendar
    window = MeetingWindow(ctx, "m-weekly", occurrence=third)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.details is not None)
    assert window.skip_button.isVisibleTo(window) and window.following_button.isVisibleTo(window)
    window.cancel_this_one()
    update, book = _outbox(ctx)  # the date becomes an exception; the series is booked again
    assert [datetime.fromisoformat(x) for x in update[2]["exceptions"]] == [at(22, 9)]
    assert book[:2] == ("meeting", "book")

    dialog = window.edit_following()
    assert isinstance(dialog, MeetingDialog)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "修改本次及以后"

    plain = MeetingWindow(ctx, "m-weekly")  # opened without a chosen date: no series buttons
    qtbot.addWidget(plain)
    qtbot.waitUntil(lambda: plain.details is not None)
    assert not plain.skip_button.isVisibleTo(plain)
