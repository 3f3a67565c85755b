"""会议 queries on the client: one meeting, my meetings, a room's schedule, the week view.

Calendars read ``meeting_occurrences`` (every occurrence of every meeting held here, in UTC
epoch seconds) by its start index, so a week with hundreds of meetings is one indexed query;
``week_view`` returns rows ready to draw: day column, minutes from the top, height, and the
lane a meeting takes among those overlapping it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import models as m
from app.domain import ics
from app.domain import meeting as rules
from app.errors import UserError
from app.sync.local import pending_ids

State = rules.MeetingState


def state_label(state: str, *, pending: bool) -> str:
    """待确认 while this client has changes the server has not decided yet."""
    if pending and state != State.CANCELLED:
        return State.PROVISIONAL.label
    try:
        return State(state).label
    except ValueError:
        return state


@dataclass(frozen=True, slots=True)
class MeetingView:
    id: str
    title: str
    kind: str
    state: str
    state_label: str
    start: datetime
    end: datetime
    room_id: str | None
    room_name: str
    place: str
    organizer_id: str
    reason: str
    conflict: dict[str, Any] | None
    recurrence: dict[str, Any] | None
    data: dict[str, Any]


def meeting(session: Session, *, meeting_id: str) -> MeetingView:
    row = session.get(m.Meeting, meeting_id)
    if row is None:
        raise UserError("会议不存在或已无权查看")
    data = orjson.loads(row.data or "{}")
    room = session.get(m.Room, row.room_id) if row.room_id else None
    return MeetingView(
        id=row.id,
        title=row.title,
        kind=row.kind,
        state=row.state,
        state_label=state_label(row.state, pending=bool(pending_ids(session, [row.id]))),
        start=rules.parse_time(data.get("start") or row.starts_at),
        end=rules.parse_time(data.get("end") or row.ends_at),
        room_id=row.room_id,
        room_name=room.name if room else ("（会议室已删除）" if row.room_id else ""),
        place=row.place or "",
        organizer_id=row.organizer_id,
        reason=str(data.get("reason") or ""),
        conflict=data.get("conflict"),
        recurrence=data.get("recurrence"),
        data=data,
    )


@dataclass(frozen=True, slots=True)
class Occurrence:
    meeting_id: str
    title: str
    start: int  # UTC epoch seconds
    end: int
    room_id: str | None
    room_name: str
    place: str
    state: str
    state_label: str
    recurring: bool


def _occurrences(
    session: Session,
    start: int,
    end: int,
    *,
    person_id: str | None = None,
    room_id: str | None = None,
    include_cancelled: bool = False,
) -> list[Occurrence]:
    o, mt = m.MeetingOccurrence, m.Meeting
    floor = start - int(rules.MAX_DURATION.total_seconds()) - 1
    stmt = (
        select(
            o.meeting_id,
            mt.title,
            o.occurrence_start,
            o.occurrence_end,
            o.room_id,
            m.Room.name,
            mt.place,
            mt.state,
            mt.data,
        )
        .join(mt, mt.id == o.meeting_id)
        .outerjoin(m.Room, m.Room.id == o.room_id)
        .where(o.occurrence_start < end, o.occurrence_start > floor, o.occurrence_end > start)
        .order_by(o.occurrence_start, mt.title)
    )
    if person_id is not None:
        attends = select(m.MeetingAttendee.meeting_id).where(
            m.MeetingAttendee.person_id == person_id
        )
        stmt = stmt.where(o.meeting_id.in_(attends))
    if room_id is not None:
        stmt = stmt.where(o.room_id == room_id)
    if not include_cancelled:
        stmt = stmt.where(mt.cancelled.is_(False))
    rows = session.execute(stmt).all()
    pending = pending_ids(session, {r[0] for r in rows})
    return [
        Occurrence(
            meeting_id=mid,
            title=title,
            start=int(s),
            end=int(e),
            room_id=rid,
            room_name=rname or "",
            place=place or "",
            state=state,
            state_label=state_label(state, pending=mid in pending),
            # (orjson writes no spaces: a series has an object here, a single meeting null)
            recurring='"recurrence":{' in raw,
        )
        for mid, title, s, e, rid, rname, place, state, raw in rows
    ]


def _bounds(start: datetime, end: datetime) -> tuple[int, int]:
    a, b = rules.epoch(rules.parse_time(start)), rules.epoch(rules.parse_time(end))
    if b <= a:
        raise UserError("结束时间必须晚于开始时间")
    return a, b


def my_meetings(
    session: Session, *, person_id: str, start: datetime, end: datetime
) -> list[Occurrence]:
    """Occurrences of the meetings I organise, attend (myself or through my unit) or sit in on."""
    a, b = _bounds(start, end)
    return _occurrences(session, a, b, person_id=person_id)


def room_schedule(
    session: Session, *, room_id: str, start: datetime, end: datetime
) -> list[Occurrence]:
    a, b = _bounds(start, end)
    return _occurrences(session, a, b, room_id=room_id)


@dataclass(frozen=True, slots=True)
class WeekCell:
    """One meeting occurrence placed in the week grid."""

    occurrence: Occurrence
    day: int  # 0 = Monday
    top: int  # minutes from 00:00 of that day (local time)
    height: int  # minutes (cut at midnight; a longer meeting continues the next day)
    lane: int  # column among the meetings overlapping it that day
    lanes: int


@dataclass(frozen=True, slots=True)
class WeekView:
    week_start: date
    days: tuple[date, ...]
    cells: tuple[WeekCell, ...]


def _clusters(
    items: list[tuple[Occurrence, int, int, int]],
) -> list[list[tuple[Occurrence, int, int, int]]]:
    """Runs of one day's meetings that overlap one another, by start."""
    out: list[list[tuple[Occurrence, int, int, int]]] = []
    end = -1
    for item in sorted(items, key=lambda c: (c[2], -c[3])):
        if not out or item[2] >= end:
            out.append([])
        out[-1].append(item)
        end = max(end, item[2] + item[3])
    return out


def _lay_out(cells: list[tuple[Occurrence, int, int, int]]) -> list[WeekCell]:
    """Lanes per day: a meeting takes the first lane free at its start; overlapping meetings
    (a cluster) share the lane count so they are drawn side by side at equal width."""
    by_day: dict[int, list[tuple[Occurrence, int, int, int]]] = {}
    for c in cells:
        by_day.setdefault(c[1], []).append(c)
    out: list[WeekCell] = []
    for items in by_day.values():
        for cluster in _clusters(items):
            lane_ends: list[int] = []
            placed: list[tuple[Occurrence, int, int, int, int]] = []
            for occ, day, top, height in cluster:
                lane = next((i for i, e in enumerate(lane_ends) if e <= top), len(lane_ends))
                if lane == len(lane_ends):
                    lane_ends.append(0)
                lane_ends[lane] = top + height
                placed.append((occ, day, top, height, lane))
            n = len(lane_ends)
            out += [WeekCell(occ, day, top, h, lane, n) for occ, day, top, h, lane in placed]
    return out


def week_view(
    session: Session,
    *,
    week_start: date,
    person_id: str | None = None,
    room_id: str | None = None,
    tz: str = rules.DEFAULT_TZ,
) -> WeekView:
    """The week from Monday ``week_start`` (local days in ``tz``) for a person or a room."""
    if (person_id is None) == (room_id is None):
        raise UserError("请选择一个人员或一个会议室")
    zone = rules.zone(tz)
    monday = week_start - timedelta(days=week_start.weekday())
    days = tuple(monday + timedelta(days=i) for i in range(7))
    midnights = [
        datetime.combine(d, datetime.min.time(), tzinfo=zone)
        for d in (*days, days[-1] + timedelta(days=1))
    ]
    a, b = rules.epoch(midnights[0]), rules.epoch(midnights[-1])
    occurrences = _occurrences(session, a, b, person_id=person_id, room_id=room_id)
    edges = [rules.epoch(x) for x in midnights]
    placed: list[tuple[Occurrence, int, int, int]] = []
    for occ in occurrences:
        for i in range(7):
            lo, hi = max(occ.start, edges[i]), min(occ.end, edges[i + 1])
            if lo < hi:
                placed.append((occ, i, (lo - edges[i]) // 60, max(1, (hi - lo) // 60)))
    return WeekView(monday, days, tuple(_lay_out(placed)))


@dataclass(frozen=True, slots=True)
class RoomView:
    id: str
    name: str
    building: str
    location: str
    capacity: int | None
    equipment: tuple[str, ...]
    needs_approval: bool
    approver_ids: tuple[str, ...]
    active: bool


def rooms(session: Session, *, include_inactive: bool = False) -> list[RoomView]:
    stmt = select(m.Room).order_by(m.Room.sort_order, m.Room.name)
    if not include_inactive:
        stmt = stmt.where(m.Room.active.is_(True))
    return [
        RoomView(
            r.id,
            r.name,
            r.building,
            r.location,
            r.capacity,
            tuple(orjson.loads(r.equipment or "[]")),
            r.needs_approval,
            tuple(orjson.loads(r.approver_ids or "[]")),
            r.active,
        )
        for r in session.scalars(stmt)
    ]


def utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def pending_approvals(session: Session, *, person_id: str) -> Sequence[MeetingView]:
    """Meetings waiting for my approval (rooms naming me as approver)."""
    mine = [r.id for r in rooms(session, include_inactive=True) if person_id in r.approver_ids]
    if not mine:
        return []
    ids = session.scalars(
        select(m.Meeting.id).where(m.Meeting.room_id.in_(mine), m.Meeting.state == State.PENDING)
    ).all()
    return [meeting(session, meeting_id=i) for i in ids]


def export_ics(session: Session, *, person_id: str, now: datetime | None = None) -> bytes:
    """My meetings (organised, attended or sat in on; not refused) as an .ics calendar."""
    attends = select(m.MeetingAttendee.meeting_id).where(m.MeetingAttendee.person_id == person_id)
    rows = session.execute(
        select(m.Meeting.id, m.Meeting.title, m.Meeting.state, m.Meeting.data, m.Room.name)
        .outerjoin(m.Room, m.Room.id == m.Meeting.room_id)
        .where(m.Meeting.id.in_(attends), m.Meeting.state != State.REFUSED)
        .order_by(m.Meeting.starts_at)
    ).all()
    events: list[ics.Event] = []
    for mid, title, state, raw, room_name in rows:
        data = orjson.loads(raw or "{}")
        try:
            slot = rules.slot_of(data)
        except UserError:
            continue  # an unfinished draft
        agenda = "\n".join(
            f"{i}. {a.get('title', '')}" for i, a in enumerate(data.get("agenda") or [], 1)
        )
        events.append(
            ics.Event(
                uid=f"{mid}@zhengtong",
                title=title,
                slot=slot,
                state=state,
                location=room_name or str(data.get("place") or ""),
                description=agenda,
            )
        )
    return ics.calendar(events, now=now)
