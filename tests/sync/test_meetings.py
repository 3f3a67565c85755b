"""会议 bookings through a real server (SQLite and PostgreSQL): two offline clients book one room
and slot — after sync one is 已确认, the other 未通过 with the reason and the clashing meeting,
its data kept; touching meetings both confirmed; a recurring series refused at its one clash;
a cancellation frees the room; rooms needing approval; bad input refused before anything is
queued; and the server's room_bookings index holding exactly the confirmed occurrences."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain import meeting as rules
from app.errors import UserError
from app.services import meeting_views as mv
from app.services import meetings as ms
from tests.sync.helpers import ServerHandle
from tests.sync_harness import SyncClient

Make = Callable[..., SyncClient]
BJ = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=BJ)


def new_room(admin: SyncClient, name: str, **kw: object) -> str:
    rid: str = admin.do(ms.create_room, person_id=admin.person_id, name=name, **kw)
    admin.sync()
    return rid


def book(
    c: SyncClient, title: str, start: datetime, end: datetime, room: str | None, **kw: object
) -> str:
    booked: ms.Booked = c.do(
        ms.create_meeting,
        person_id=c.person_id,
        title=title,
        start=start,
        end=end,
        room_id=room,
        **kw,
    )
    return booked.meeting_id


def view(c: SyncClient, mid: str) -> mv.MeetingView:
    result: mv.MeetingView = c.do(mv.meeting, meeting_id=mid)
    return result


def server_bookings(server: ServerHandle) -> set[tuple[str, int]]:
    rows = server.query("SELECT meeting_id, occurrence_start FROM room_bookings")
    return {(str(a), int(b)) for a, b in rows}


def test_two_offline_clients_book_the_same_room_and_slot(
    server: ServerHandle, make_client: Make
) -> None:
    admin, zhang, zheng = make_client("chenj"), make_client("zhanghs"), make_client("zhengt")
    room = new_room(admin, "第一会议室", capacity=12, building="市政府大楼")
    zhang.sync()
    zheng.sync()
    # Both offline: each books 第一会议室 at overlapping times, with agendas and attendees.
    mine = book(
        zhang,
        "全市安全生产工作会议",
        at(8, 9),
        at(8, 10),
        room,
        agenda=[{"title": "通报一季度情况", "presenter": "张华生", "minutes": 20}],
    )
    theirs = book(
        zheng,
        "纪检专题会",
        at(8, 9, 30),
        at(8, 11),
        room,
        attendee_person_ids=[server.person_id("zengzw")],
        agenda=[{"title": "案件通报", "presenter": "郑涛", "minutes": 30}],
    )
    assert view(zhang, mine).state_label == "待确认"
    assert view(zheng, theirs).state_label == "待确认"

    zhang.sync()
    zheng.sync()
    confirmed, refused = view(zhang, mine), view(zheng, theirs)
    assert (confirmed.state, confirmed.state_label) == ("confirmed", "已确认")
    assert (refused.state, refused.state_label) == ("refused", "未通过")
    assert refused.reason == (
        "会议室“第一会议室”在 2027-03-08 09:00–10:00 已被“全市安全生产工作会议”占用"
    )
    assert refused.conflict is not None
    assert refused.conflict["meeting_id"] == mine
    assert refused.conflict["title"] == "全市安全生产工作会议"
    # Nothing lost: the refused meeting keeps what was typed, here and on the server.
    assert refused.title == "纪检专题会"
    assert refused.data["agenda"][0]["title"] == "案件通报"
    assert refused.start == at(8, 9, 30)
    stored = server.record(theirs)
    assert stored is not None
    assert stored[2]["agenda"][0]["presenter"] == "郑涛"
    assert stored[2]["state"] == "refused"
    # Only the confirmed meeting holds the room on the server.
    assert {mid for mid, _ in server_bookings(server)} >= {mine}
    assert theirs not in {mid for mid, _ in server_bookings(server)}

    # The organiser moves it to start when the other ends (touching is allowed): confirmed.
    zheng.do(
        ms.update_meeting,
        person_id=zheng.person_id,
        meeting_id=theirs,
        start=at(8, 10),
        end=at(8, 11),
    )
    assert view(zheng, theirs).state_label == "待确认"
    zheng.sync()
    moved = view(zheng, theirs)
    assert moved.state_label == "已确认"
    assert moved.reason == ""
    assert (theirs, rules.epoch(at(8, 10))) in server_bookings(server)

    # A booking this client knows is confirmed is refused at once, nothing queued.
    before = zhang.pending()
    with pytest.raises(UserError, match="已被“全市安全生产工作会议”占用"):
        book(zhang, "又一个会", at(8, 9, 15), at(8, 9, 45), room)
    assert zhang.pending() == before


def test_series_cancellation_and_bad_input(server: ServerHandle, make_client: Make) -> None:
    admin, zhang, liu = make_client("chenj"), make_client("zhanghs"), make_client("liuf")
    room = new_room(admin, "第二会议室", capacity=4)
    for c in (zhang, liu):
        c.sync()

    # A one-off meeting on 22 March, then a weekly series from 8 March clashing only there.
    single = book(liu, "预算评审", at(22, 14), at(22, 15), room)
    liu.sync()
    series = book(
        zhang,
        "周例会",
        at(8, 14, 30),
        at(8, 15, 30),
        room,
        recurrence={"freq": "weekly", "count": 8},
    )
    zhang.sync()
    refused = view(zhang, series)
    assert refused.state_label == "未通过"
    assert "2027-03-22 14:00–15:00" in refused.reason
    assert refused.conflict is not None and refused.conflict["meeting_id"] == single

    # The one-off is cancelled: the room is free, the series books all 8 weeks.
    liu.do(ms.cancel_meeting, person_id=liu.person_id, meeting_id=single, reason="改期")
    liu.sync()
    assert view(liu, single).state_label == "已取消"
    assert single not in {mid for mid, _ in server_bookings(server)}
    zhang.do(ms.rebook, person_id=zhang.person_id, meeting_id=series)
    zhang.sync()
    assert view(zhang, series).state_label == "已确认"
    held = sorted(s for mid, s in server_bookings(server) if mid == series)
    assert len(held) == 8
    # One week off (an exception): that occurrence frees its slot.
    zhang.do(
        ms.cancel_occurrence,
        person_id=zhang.person_id,
        meeting_id=series,
        occurrence_start=at(15, 14, 30),
    )
    zhang.sync()
    held = sorted(s for mid, s in server_bookings(server) if mid == series)
    assert len(held) == 7 and rules.epoch(at(15, 14, 30)) not in held
    rows = zhang.do(mv.room_schedule, room_id=room, start=at(1, 0), end=at(1, 0) + timedelta(61))
    assert len(rows) == 7 and all(r.title == "周例会" and r.recurring for r in rows)

    # Over capacity is a warning, and the booking still goes ahead.
    people = [server.person_id(u) for u in ("wangjg", "liwd", "zhaom", "sunl", "zhouq")]
    warned: ms.Booked = liu.do(
        ms.create_meeting,
        person_id=liu.person_id,
        title="座谈会",
        start=at(9, 9),
        end=at(9, 10),
        room_id=room,
        attendee_person_ids=people,
    )
    assert warned.warnings == ("参会人数 5 人，超过会议室容量 4 人",)
    liu.sync()
    assert view(liu, warned.meeting_id).state_label == "已确认"

    # Bad input: nothing queued, a Chinese message.
    before = liu.pending()
    with pytest.raises(UserError, match="结束时间必须晚于开始时间"):
        book(liu, "倒着开", at(11, 10), at(11, 9), room)
    with pytest.raises(UserError, match="会议室不存在或已停用"):
        book(liu, "无处开", at(11, 9), at(11, 10), "no-such-room")
    with pytest.raises(UserError, match="只有会议管理员"):
        liu.do(ms.create_room, person_id=liu.person_id, name="私设会议室")
    assert liu.pending() == before


def test_one_push_booking_one_slot_twice(server: ServerHandle, make_client: Make) -> None:
    """Two bookings in one request: the second sees the first (staged, not yet written)."""
    admin, zhang = make_client("chenj"), make_client("zhanghs")
    room = new_room(admin, "第三会议室")
    zhang.sync()
    first = book(zhang, "上午会", at(12, 9), at(12, 10), room)
    second = book(zhang, "冲突会", at(12, 9, 30), at(12, 10, 30), room)
    zhang.sync()
    assert view(zhang, first).state_label == "已确认"
    assert view(zhang, second).state_label == "未通过"
    week = zhang.do(mv.week_view, week_start=at(12, 0).date(), person_id=zhang.person_id)
    titles = {c.occurrence.title: c for c in week.cells}
    assert "上午会" in titles and "冲突会" not in titles  # refused meetings are not drawn
    cell = titles["上午会"]
    assert (cell.day, cell.top, cell.height) == (4, 9 * 60, 60)  # Friday 12 March 09:00
    assert timedelta(minutes=cell.top) == timedelta(hours=9)


def test_this_and_following_week_lanes_and_ics(server: ServerHandle, make_client: Make) -> None:
    from icalendar import Calendar

    zhang = make_client("zhanghs")
    link = "视频会议 https://meet.example.gov.cn/123"
    series = book(
        zhang,
        "专班调度会",
        at(1, 16),
        at(1, 17),
        None,
        place=link,
        recurrence={"freq": "weekly", "count": 6},
    )
    zhang.sync()
    assert view(zhang, series).state_label == "已确认"  # no room: nothing to clash with
    # From the third week on it moves to 15:00.
    new: ms.Booked = zhang.do(
        ms.change_following,
        person_id=zhang.person_id,
        meeting_id=series,
        occurrence_start=at(15, 16),
        start=at(15, 15),
        end=at(15, 16),
    )
    zhang.sync()
    assert view(zhang, new.meeting_id).state_label == "已确认"
    rows = zhang.do(
        mv.my_meetings, person_id=zhang.person_id, start=at(1, 0), end=at(1, 0) + timedelta(50)
    )
    ours = {series, new.meeting_id}  # (the module's server holds the other tests' meetings too)
    hours = [
        datetime.fromtimestamp(r.start, BJ).strftime("%m-%d %H")
        for r in rows
        if r.meeting_id in ours
    ]
    assert hours == ["03-01 16", "03-08 16", "03-15 15", "03-22 15", "03-29 15", "04-05 15"]

    # Two overlapping meetings the same afternoon are drawn side by side.
    book(zhang, "临时碰头会", at(15, 15, 30), at(15, 16, 30), None, place="302 办公室")
    week = zhang.do(mv.week_view, week_start=at(15, 0).date(), person_id=zhang.person_id)
    monday = sorted((c for c in week.cells if c.day == 0), key=lambda c: c.top)
    assert [(c.occurrence.title, c.lane, c.lanes) for c in monday] == [
        ("专班调度会", 0, 2),
        ("临时碰头会", 1, 2),
    ]
    assert monday[1].occurrence.state_label == "待确认"

    cal = Calendar.from_ical(zhang.do(mv.export_ics, person_id=zhang.person_id))
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(events) >= {f"{series}@zhengtong", f"{new.meeting_id}@zhengtong"}
    head = events[f"{series}@zhengtong"]
    assert str(head["LOCATION"]) == link
    assert head["RRULE"]["UNTIL"][0] == datetime(2027, 3, 14, 16, tzinfo=UTC) - timedelta(seconds=1)


def test_rooms_needing_approval(server: ServerHandle, make_client: Make) -> None:
    admin, liu = make_client("chenj"), make_client("liuf")
    big = new_room(
        admin, "大礼堂", capacity=300, needs_approval=True, approver_ids=[admin.person_id]
    )
    liu.sync()
    # A room that needs approval: 待审批 until its approver agrees.
    request = book(liu, "全县大会", at(10, 9), at(10, 12), big)
    liu.sync()
    assert view(liu, request).state_label == "待审批"
    admin.sync()
    waiting = admin.do(mv.pending_approvals, person_id=admin.person_id)
    assert [w.id for w in waiting] == [request]
    admin.do(ms.approve, person_id=admin.person_id, meeting_id=request)
    admin.sync()
    liu.sync()
    assert view(liu, request).state_label == "已确认"
    # … or refuses it, with a reason.
    second = book(liu, "全县大会（二）", at(17, 9), at(17, 12), big)
    liu.sync()
    admin.sync()
    with pytest.raises(UserError, match="请填写不同意的理由"):
        admin.do(ms.reject, person_id=admin.person_id, meeting_id=second, reason=" ")
    admin.do(ms.reject, person_id=admin.person_id, meeting_id=second, reason="场地检修")
    admin.sync()
    liu.sync()
    refused_request = view(liu, second)
    assert (refused_request.state_label, refused_request.reason) == (
        "未通过",
        "审批未通过：场地检修",
    )
