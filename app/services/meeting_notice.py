"""会议通知: a meeting's notice goes out as a [4] notice (with the 参会回执 form) to its attendees
and 列席; a change of time or place, or a cancellation, notifies the same people again; and the
notice renders as a GB/T 9704 document through the [3] renderer.

Keyword-only functions on the database worker, in the caller's transaction. The 回执 answers are
checked by app/domain/meeting.py's reply rule inside the [4] 回执 validation, on both sides.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import models as m
from app.domain import meeting as rules
from app.errors import UserError
from app.services import meetings as ms
from app.services.actors import unit_tree
from app.services.notices import create_notice, publish_notice
from app.sync.local import local_data
from app.sync.records import Data
from app.sync.scoping import agency_in

CHANGE, CANCEL = "change", "cancel"
NUMERALS = " 一二三四五六七八九十"
_PLACE_FIELDS = ("start", "end", "room_id", "place", "recurrence", "exceptions", "tz")


def meeting_data(session: Session, meeting_id: str) -> Data:
    data = local_data(session, "meeting", meeting_id)
    if data is None:
        raise UserError("会议不存在或尚未同步到本机")
    return data


def _names(session: Session, model: type[m.Unit] | type[m.Person], ids: list[str]) -> list[str]:
    found = dict(session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())
    return [str(found[i]) for i in ids if i in found]


def _cn_time(moment: datetime) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def when_text(data: Data) -> str:
    """会议时间 in the meeting's own time zone: "2027年3月8日 09:00—10:30"."""
    slot = rules.slot_of(data)
    tz = rules.zone(slot.tz)
    start, end = slot.start.astimezone(tz), slot.end.astimezone(tz)
    tail = f"{end:%H:%M}" if start.date() == end.date() else _cn_time(end)
    return f"{_cn_time(start)}—{tail}"


def where_text(session: Session, data: Data) -> str:
    room = session.get(m.Room, data["room_id"]) if data.get("room_id") else None
    if room is None:
        return str(data.get("place") or "")
    return "".join(p for p in (room.building, room.name) if p)


def _attendee_text(session: Session, data: Data) -> str:
    units = _names(session, m.Unit, list(data.get("attendee_unit_ids") or []))
    people = _names(session, m.Person, list(data.get("attendee_person_ids") or []))
    return "、".join(people + [f"{u}负责同志" for u in units])


def notice_lines(session: Session, data: Data) -> list[str]:
    """The 会议通知's 正文, one paragraph a line: time, place, agenda with presenters, who
    attends, 列席, and the reply asked for."""
    title = str(data.get("title") or "")
    lines = [f"经研究，定于{when_text(data)}召开{title}。现将有关事项通知如下："]
    sections = [f"会议时间：{when_text(data)}", f"会议地点：{where_text(session, data)}"]
    agenda = list(data.get("agenda") or [])
    items: list[str] = []
    for n, item in enumerate(agenda, 1):
        presenter = str(item.get("presenter") or "").strip()
        items.append(f"{n}. {item.get('title')}" + (f"（{presenter}）" if presenter else ""))
    attendees = _attendee_text(session, data)
    observers = _names(session, m.Person, list(data.get("observer_ids") or []))
    deadline = data.get("reply_deadline")
    for n, text in enumerate(sections, 1):
        lines.append(f"{NUMERALS[n]}、{text}")
    n = len(sections)
    if items:
        n += 1
        lines += [f"{NUMERALS[n]}、会议议程", *items]
    for label, value in (("参会人员", attendees), ("列席人员", "、".join(observers))):
        if value:
            n += 1
            lines.append(f"{NUMERALS[n]}、{label}：{value}")
    if deadline:
        due = rules.parse_time(deadline).astimezone(rules.zone(data.get("tz")))
        n += 1
        lines.append(
            f"{NUMERALS[n]}、参会回执：请于{_cn_time(due)}前在系统中填写参会回执"
            "（参加、请假或委派他人参会）。"
        )
    return lines


def _recipients(data: Data) -> tuple[list[str], list[str]]:
    units = list(data.get("attendee_unit_ids") or [])
    people = [*(data.get("attendee_person_ids") or ()), *(data.get("observer_ids") or ())]
    return units, list(dict.fromkeys(people))


def send_meeting_notice(
    session: Session, *, person_id: str, meeting_id: str, now: datetime | None = None
) -> str:
    """发送会议通知: a [4] notice to the attendees (people and units) and 列席, with the 参会回执
    form due at the meeting's reply deadline (its start when none is set), published at once;
    its id is kept on the meeting. Refused (nothing queued) for a cancelled meeting, one
    already notified, or one nobody is asked to."""
    data = meeting_data(session, meeting_id)
    if data.get("state") in (rules.MeetingState.CANCELLED, rules.MeetingState.REFUSED):
        raise UserError("会议已取消或未通过预订，不能发送通知")
    if data.get("notice_id"):
        raise UserError("已发送过会议通知；会议变更或取消时会再次通知")
    units, people = _recipients(data)
    if not units and not people:
        raise UserError("请先选择参会人员或参会单位")
    deadline = rules.parse_time(data.get("reply_deadline") or data["start"], "回执截止时间")
    notice_id = create_notice(
        session,
        person_id=person_id,
        title=f"关于召开{data.get('title')}的通知",
        body="\n".join(notice_lines(session, data)),
        recipient_unit_ids=units,
        recipient_person_ids=people,
        receipt=rules.reply_form(deadline.isoformat()),
    )
    publish_notice(session, person_id=person_id, notice_id=notice_id, now=now)
    ms.update_meeting(session, person_id=person_id, meeting_id=meeting_id, notice_id=notice_id)
    return notice_id


def notify_change(
    session: Session,
    *,
    person_id: str,
    meeting_id: str,
    kind: str = CHANGE,
    reason: str = "",
    now: datetime | None = None,
) -> str | None:
    """会议变更通知 / 会议取消通知 to the people the 会议通知 reached (its recipients); None when
    no notice was sent."""
    data = meeting_data(session, meeting_id)
    first = local_data(session, "notice", str(data.get("notice_id") or "")) or None
    if not data.get("notice_id") or first is None:
        return None
    title = str(data.get("title") or "")
    if kind == CANCEL:
        label = "会议取消通知"
        lines = [f"原定于{when_text(data)}召开的{title}取消。"]
        if reason.strip():
            lines.append(f"取消原因：{reason.strip()}")
        lines.append("特此通知。")
    else:
        label = "会议变更通知"
        lines = [
            f"{title}的时间、地点有变更，请以本通知为准。",
            f"会议时间：{when_text(data)}",
            f"会议地点：{where_text(session, data)}",
        ]
    notice_id = create_notice(
        session,
        person_id=person_id,
        title=f"{label}：{title}",
        body="\n".join(lines),
        urgency="紧急",
        recipient_unit_ids=list(first.get("recipient_unit_ids") or []),
        recipient_person_ids=list(first.get("recipient_person_ids") or []),
    )
    publish_notice(session, person_id=person_id, notice_id=notice_id, now=now)
    return notice_id


def change_meeting(
    session: Session, *, person_id: str, meeting_id: str, **fields: Any
) -> tuple[ms.Booked, str | None]:
    """``update_meeting``, then a 会议变更通知 when a notified meeting's time or place changed;
    (the booking result, the change notice's id or None)."""
    before = meeting_data(session, meeting_id)
    booked = ms.update_meeting(session, person_id=person_id, meeting_id=meeting_id, **fields)
    after = meeting_data(session, meeting_id)
    moved = any(before.get(k) != after.get(k) for k in _PLACE_FIELDS)
    sent = notify_change(session, person_id=person_id, meeting_id=meeting_id) if moved else None
    return booked, sent


def cancel_with_notice(
    session: Session, *, person_id: str, meeting_id: str, reason: str = ""
) -> str | None:
    """``cancel_meeting``, then a 会议取消通知 to those the 会议通知 reached."""
    ms.cancel_meeting(session, person_id=person_id, meeting_id=meeting_id, reason=reason)
    return notify_change(
        session, person_id=person_id, meeting_id=meeting_id, kind=CANCEL, reason=reason
    )


def issuer_of(session: Session, data: Data) -> str:
    unit_id = data.get("host_unit_id")
    if not unit_id:
        organizer = session.get(m.Person, data.get("organizer_id"))
        unit_id = organizer.unit_id if organizer else None
    agency = agency_in(unit_id, unit_tree(session))
    unit = session.get(m.Unit, agency) if agency else None
    return unit.name if unit else ""


def meeting_notice_spec(session: Session, meeting_id: str) -> dict[str, Any]:
    """The 会议通知 as the renderer's input (docs/render.md, standard layout)."""
    data = meeting_data(session, meeting_id)
    issuer = issuer_of(session, data)
    units = _names(session, m.Unit, list(data.get("attendee_unit_ids") or []))
    people = _names(session, m.Person, list(data.get("attendee_person_ids") or []))
    today = date.today().isoformat()
    return {
        "layout": "standard",
        "issuers": [issuer] if issuer else [],
        "title": f"关于召开{data.get('title')}的通知",
        "main_recipients": units + people,
        "body": notice_lines(session, data),
        "date": today,
        "printer": issuer if issuer.endswith("办公室") else f"{issuer}办公室",
        "print_date": today,
    }
