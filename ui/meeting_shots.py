"""Screenshots of 会议: the week view, a meeting window (未通过, with the clashing meeting) and the
booking dialog. Meetings are put in place as a sync would leave them, in the current week, plus
one made here (待确认) through the services.

QT_QPA_PLATFORM=offscreen python -m ui.meeting_shots /tmp/shots
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import models as m
from app.db.engine import transaction
from app.domain import meeting as rules
from app.services.demo import DEMO_USER
from app.services.meetings import create_meeting
from app.sync.local import put_server_state
from ui.meeting_dialog import MeetingDialog
from ui.meeting_window import MeetingWindow
from ui.meetings import MeetingsView
from ui.shot_kit import demo_profile, open_window, run_alone, save

ROOMS = [
    ("room-1", "第一会议室", "市政府大楼 3 楼", 30),
    ("room-2", "第二会议室", "市政府大楼 5 楼", 12),
    ("room-3", "常务会议室", "市政府大楼 8 楼", 40),
]
# title, kind, weekday, start hour, minutes, duration minutes, room, state, place
MEETINGS = [
    ("市政府常务会议", "常务会议", 0, 9, 0, 150, "room-3", "confirmed", ""),
    ("汛期安全工作调度会", "工作会议", 0, 14, 30, 90, "room-1", "confirmed", ""),
    ("城市更新专题会", "专题会议", 1, 10, 0, 120, "room-2", "pending", ""),
    ("全市安全生产工作会议", "工作会议", 2, 9, 0, 60, "room-1", "confirmed", ""),
    ("营商环境专题视频会", "专题会议", 2, 9, 30, 90, None, "confirmed", "省政府视频会议系统"),
    ("公文处理业务培训", "培训", 3, 14, 0, 180, "room-1", "confirmed", ""),
    ("办公室周例会", "工作会议", 4, 8, 30, 60, "room-2", "confirmed", ""),
]


def _ids(session: Session, usernames: list[str]) -> dict[str, str]:
    rows = session.execute(
        select(m.Person.username, m.Person.id).where(m.Person.username.in_(usernames))
    )
    return dict(rows.all())


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=rules.zone(rules.DEFAULT_TZ))


def seed(session: Session, today: date) -> str:
    """Rooms, this week's meetings for 张华生, and one refused booking; its id."""
    people = _ids(session, [DEMO_USER, "zhengt", "zengzw", "liuf", "chenj"])
    me = people[DEMO_USER]
    monday = today - timedelta(days=today.weekday())
    items: list[tuple[str, str, int, bool, dict[str, Any]]] = []
    for rid, name, where, capacity in ROOMS:
        fields = {"name": name, "building": where, "capacity": capacity, "active": True}
        items.append((rid, "room", 1, False, fields))
    for i, (title, kind, wd, hour, minute, length, room, state, place) in enumerate(MEETINGS):
        start = _at(monday + timedelta(days=wd), hour, minute)
        data = {
            "title": title,
            "kind": kind,
            "start": start.isoformat(),
            "end": (start + timedelta(minutes=length)).isoformat(),
            "tz": rules.DEFAULT_TZ,
            "room_id": room,
            "place": place,
            "organizer_id": people["chenj"] if i % 2 else me,
            "attendee_person_ids": [me, people["zhengt"], people["zengzw"]],
            "state": state,
            "agenda": [{"title": "听取情况汇报", "presenter": "郑涛", "minutes": 20}],
        }
        items.append((f"meet-{i}", "meeting", 1, False, data))
    start = _at(monday + timedelta(days=2), 9, 30)
    refused = {
        "title": "纪检专题会",
        "kind": "专题会议",
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=90)).isoformat(),
        "tz": rules.DEFAULT_TZ,
        "room_id": "room-1",
        "organizer_id": me,
        "attendee_person_ids": [me, people["zhengt"]],
        "observer_ids": [people["liuf"]],
        "state": "refused",
        "reason": rules.conflict_reason(
            "第一会议室",
            "全市安全生产工作会议",
            rules.Booking(
                "meet-3",
                rules.epoch(_at(monday + timedelta(days=2), 9)),
                rules.epoch(_at(monday + timedelta(days=2), 10)),
            ),
        ),
        "conflict": {
            "meeting_id": "meet-3",
            "title": "全市安全生产工作会议",
            "start": _at(monday + timedelta(days=2), 9).isoformat(),
            "end": _at(monday + timedelta(days=2), 10).isoformat(),
        },
        "agenda": [
            {"title": "通报近期违纪违法案件", "presenter": "郑涛", "minutes": 30},
            {"title": "研究部署警示教育工作", "presenter": "曾志伟", "minutes": 40},
        ],
    }
    items.append(("meet-refused", "meeting", 1, False, refused))
    put_server_state(session, items, 1)
    create_meeting(
        session,
        person_id=me,
        title="防汛物资调拨协调会",
        kind="工作会议",
        start=_at(monday + timedelta(days=3), 9),
        end=_at(monday + timedelta(days=3), 10, 30),
        room_id="room-2",
        attendee_person_ids=[me, people["zengzw"]],
    )
    return "meet-refused"


def seed_replies(session: Session) -> str:
    """A meeting three days on with its 会议通知 sent, and 回执 as a sync leaves them: one 参加, one
    请假 with the reason, one 委派; the meeting's id."""
    from app.domain.notice import receipt_id
    from app.services.meeting_notice import send_meeting_notice

    people = _ids(session, [DEMO_USER, "zhengt", "zengzw", "liuf"])
    me = people[DEMO_USER]
    start = _at(date.today() + timedelta(days=3), 9)
    data = {
        "title": "全市防汛工作调度会",
        "kind": "工作会议",
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=120)).isoformat(),
        "tz": rules.DEFAULT_TZ,
        "room_id": "room-3",
        "organizer_id": me,
        "attendee_person_ids": [me, people["zhengt"], people["zengzw"]],
        "observer_ids": [people["liuf"]],
        "state": "confirmed",
        "agenda": [
            {"title": "通报近期汛情", "presenter": "郑涛", "minutes": 20},
            {"title": "部署防汛准备工作", "presenter": "曾志伟", "minutes": 40},
        ],
    }
    put_server_state(session, [("meet-replies", "meeting", 1, False, data)], 1)
    nid = send_meeting_notice(session, person_id=me, meeting_id="meet-replies")
    units = dict(session.execute(select(m.Person.id, m.Person.unit_id)).all())
    now = datetime.now(rules.zone(rules.DEFAULT_TZ)).isoformat()
    answers = {
        me: {rules.REPLY_FIELD: rules.ATTEND},
        people["zhengt"]: {rules.REPLY_FIELD: rules.LEAVE, rules.REASON_FIELD: "赴省参加培训"},
        people["zengzw"]: {rules.REPLY_FIELD: rules.DELEGATE, rules.DELEGATE_FIELD: people["liuf"]},
    }
    items: list[tuple[str, str, int, bool, dict[str, Any]]] = [
        (
            receipt_id(nid, pid),
            "notice_receipt",
            1,
            False,
            {
                "notice_id": nid,
                "person_id": pid,
                "unit_id": units.get(pid),
                "sender_id": me,
                "delivered_at": now,
                "read_at": now,
                "acked_at": now,
                "answers": given,
                "reminded_at": None,
                "reminders": 0,
            },
        )
        for pid, given in answers.items()
    ]
    put_server_state(session, items, 2)
    return "meet-replies"


def meeting_shots(out: Path) -> None:
    """docs-meetings-week.png, docs-meeting-window.png, docs-meeting-dialog.png,
    docs-meeting-replies.png."""
    with demo_profile("zt-meetshots-") as (profile, taskman, _tmp):
        today = date.today()
        with transaction(profile.store()) as session:
            refused = seed(session, today)
        window = open_window(profile, taskman)
        ctx = window.ctx
        page = window.show_section("meetings")
        assert isinstance(page, MeetingsView)
        page.go_today()
        save(window, out, "docs-meetings-week")

        details = MeetingWindow(ctx, refused, window)
        details.show()
        save(details, out, "docs-meeting-window")
        details.close()

        with transaction(profile.store()) as session:
            replied = seed_replies(session)
        replies = MeetingWindow(ctx, replied, window)
        replies.show()
        save(replies, out, "docs-meeting-replies")
        replies.close()

        dialog = MeetingDialog(ctx, window, start=_at(today + timedelta(days=1), 15))
        dialog.title.setText("汛期值班值守工作部署会")
        dialog.kind.setCurrentIndex(dialog.kind.findData("工作会议"))
        dialog.room.setCurrentIndex(dialog.room.findData("room-1"))
        dialog.repeat.setCurrentIndex(dialog.repeat.findData("weekly"))
        dialog.ends.setCurrentIndex(dialog.ends.findData("count"))
        dialog.count.setValue(8)
        dialog.add_agenda_item("汛情形势通报", "曾志伟", 15)
        dialog.add_agenda_item("值班值守工作安排", "郑涛", 20)
        dialog.tabs.setCurrentIndex(3)
        dialog.show()
        save(dialog, out, "docs-meeting-dialog")
        dialog.close()
        window.close()


if __name__ == "__main__":
    run_alone(meeting_shots)
