"""会议 commands on the client (database worker): rooms, booking, changes, cancellation, approval.

Every change goes through ``local.write`` (the same rules the server runs) and a meeting whose
time or room changed queues ``book`` after the edit: it shows 待确认 until the server's verdict
comes back with the next sync (已确认, 未通过 with the clash, or 待审批). What the person typed is
kept in every case. Queries and calendar views are in app/services/meeting_views.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import models as m
from app.domain import meeting as rules
from app.errors import UserError
from app.ids import new_id
from app.services.actors import actor_of
from app.sync import bookings
from app.sync.local import local_data, write
from app.sync.meeting_types import SLOT_FIELDS, may_manage
from app.sync.protocol import Op
from app.sync.records import Data


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return rules.parse_time(value).isoformat()
    return value


def _clean(fields: dict[str, Any]) -> Data:
    out = {k: _iso(v) for k, v in fields.items()}
    if out.get("reply_deadline"):
        out["reply_deadline"] = rules.parse_time(out["reply_deadline"], "回执截止时间").isoformat()
    for key in ("attendee_person_ids", "attendee_unit_ids", "observer_ids", "exceptions"):
        if key in out and out[key] is not None:
            out[key] = list(dict.fromkeys(out[key]))
    if "recurrence" in out:
        rule = rules.Recurrence.parse(out["recurrence"])
        out["recurrence"] = rule.dump() if rule else None
    return out


# --- rooms (会议管理员) -----------------------------------------------------------------------


def create_room(
    session: Session,
    *,
    person_id: str,
    name: str,
    capacity: int | None = None,
    building: str = "",
    location: str = "",
    equipment: Sequence[str] = (),
    needs_approval: bool = False,
    approver_ids: Sequence[str] = (),
    room_id: str | None = None,
) -> str:
    room_id = room_id or new_id()
    fields = {
        "name": name.strip(),
        "capacity": capacity,
        "building": building,
        "location": location,
        "equipment": list(equipment),
        "needs_approval": needs_approval,
        "approver_ids": list(approver_ids),
    }
    actor = actor_of(session, person_id)
    write(session, actor=actor, type_name="room", record_id=room_id, op=Op.CREATE, fields=fields)
    return room_id


def update_room(session: Session, *, person_id: str, room_id: str, **fields: Any) -> None:
    actor = actor_of(session, person_id)
    write(session, actor=actor, type_name="room", record_id=room_id, op=Op.UPDATE, fields=fields)


def delete_room(session: Session, *, person_id: str, room_id: str) -> None:
    """Rooms still booked ahead are deactivated instead (their meetings keep their place)."""
    actor = actor_of(session, person_id)
    write(session, actor=actor, type_name="room", record_id=room_id, op=Op.DELETE)


# --- checks ----------------------------------------------------------------------------------


def headcount(session: Session, data: Data) -> int:
    from app.sync.members import unit_members

    people = set(data.get("attendee_person_ids") or ())
    people |= set(data.get("observer_ids") or ())
    people |= {p for p, _u in unit_members(session, list(data.get("attendee_unit_ids") or []))}
    return len(people)


def _busy_people(session: Session, data: Data, meeting_id: str) -> list[tuple[str, str]]:
    """(name, other meeting's title) for attendees already in a meeting at one of its times."""
    slot = rules.slot_of(data)
    occurrences = slot.occurrences()
    whole = rules.span(occurrences)
    people = list(dict.fromkeys(data.get("attendee_person_ids") or ()))
    if whole is None or not people:
        return []
    o, a, mt = m.MeetingOccurrence, m.MeetingAttendee, m.Meeting
    rows = session.execute(
        select(a.person_id, m.Person.name, mt.title, o.occurrence_start, o.occurrence_end)
        .join(o, o.meeting_id == a.meeting_id)
        .join(mt, mt.id == a.meeting_id)
        .join(m.Person, m.Person.id == a.person_id)
        .where(
            a.person_id.in_(people),
            a.meeting_id != meeting_id,
            mt.cancelled.is_(False),
            o.occurrence_start < whole.end,
            o.occurrence_end > whole.start,
        )
    ).all()
    out: dict[str, tuple[str, str]] = {}
    for pid, name, title, start, end in rows:
        if pid in out:
            continue
        taken = [rules.Booking("", int(start), int(end))]
        if rules.first_conflict(occurrences, taken) is not None:
            out[pid] = (str(name), str(title))
    return [out[p] for p in people if p in out]


def check_meeting(session: Session, data: Data, *, meeting_id: str = "") -> rules.Check:
    """What the person booking is told before anything is queued: errors (end before start, an
    unknown room, a clash with a booking this client already knows is confirmed) and warnings
    (over capacity, attendees already in another meeting)."""
    try:
        rules.check_fields(data)
        slot = rules.slot_of(data)
    except UserError as exc:
        return rules.Check(errors=(str(exc),))
    capacity = None
    if slot.room_id is not None:
        room = session.get(m.Room, slot.room_id)
        if room is None or not room.active:
            return rules.Check(errors=("会议室不存在或已停用",))
        capacity = room.capacity
        occurrences = slot.occurrences()
        whole = rules.span(occurrences)
        if whole is not None:
            taken = bookings.overlapping(session, slot.room_id, whole.start, whole.end, meeting_id)
            clash = rules.first_conflict(occurrences, taken)
            if clash is not None:
                other = session.get(m.Meeting, clash[1].meeting_id)
                title = other.title if other else "另一会议"
                return rules.Check(
                    errors=(rules.conflict_reason(room.name, title, clash[1], slot.tz),)
                )
    warnings = rules.warnings_for(
        capacity=capacity,
        headcount=headcount(session, data),
        busy_people=_busy_people(session, data, meeting_id),
    )
    return rules.Check(warnings=warnings)


# --- meetings ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Booked:
    meeting_id: str
    warnings: tuple[str, ...]


def _queue_book(session: Session, person_id: str, meeting_id: str) -> None:
    queue_step(session, person_id=person_id, meeting_id=meeting_id, action="book")


def queue_step(
    session: Session, *, person_id: str, meeting_id: str, action: str, args: Data | None = None
) -> None:
    """Queue a step on a meeting (``args``: what the step needs) for the server to decide."""
    write(
        session,
        actor=actor_of(session, person_id),
        type_name="meeting",
        record_id=meeting_id,
        op=Op.ACT,
        action=action,
        fields=args or None,
    )


def create_meeting(
    session: Session,
    *,
    person_id: str,
    title: str,
    start: datetime | str,
    end: datetime | str,
    room_id: str | None = None,
    meeting_id: str | None = None,
    **fields: Any,
) -> Booked:
    """A new meeting, booked at the next sync; warnings are returned, errors raised (in Chinese,
    nothing stored). ``fields``: any other meeting field (kind, place, attendee_person_ids,
    attendee_unit_ids, observer_ids, agenda, recurrence, exceptions, tz, host_unit_id …)."""
    meeting_id = meeting_id or new_id()
    data = _clean({"title": title, "start": start, "end": end, "room_id": room_id, **fields})
    check = check_meeting(session, data, meeting_id=meeting_id)
    if not check.ok:
        raise UserError(check.errors[0])
    actor = actor_of(session, person_id)
    write(
        session, actor=actor, type_name="meeting", record_id=meeting_id, op=Op.CREATE, fields=data
    )
    _queue_book(session, person_id, meeting_id)
    return Booked(meeting_id, check.warnings)


def _current(session: Session, meeting_id: str) -> Data:
    data = local_data(session, "meeting", meeting_id)
    if data is None:
        raise UserError("会议不存在")
    return data


def update_meeting(session: Session, *, person_id: str, meeting_id: str, **fields: Any) -> Booked:
    """Change a meeting; a new time, room or rule is booked again (待确认 until the server says)."""
    current = _current(session, meeting_id)
    changes = _clean(fields)
    merged = {**current, **changes}
    rebook = any(k in changes and changes[k] != current.get(k) for k in SLOT_FIELDS)
    check = check_meeting(session, merged, meeting_id=meeting_id) if rebook else rules.Check()
    if not check.ok:
        raise UserError(check.errors[0])
    actor = actor_of(session, person_id)
    write(
        session,
        actor=actor,
        type_name="meeting",
        record_id=meeting_id,
        op=Op.UPDATE,
        fields=changes,
    )
    if rebook or current.get("state") == rules.MeetingState.REFUSED:
        _queue_book(session, person_id, meeting_id)
    return Booked(meeting_id, check.warnings)


def rebook(session: Session, *, person_id: str, meeting_id: str) -> None:
    """Try a refused meeting's slot again (the other meeting may have moved)."""
    _current(session, meeting_id)
    _queue_book(session, person_id, meeting_id)


def cancel_meeting(session: Session, *, person_id: str, meeting_id: str, reason: str = "") -> None:
    _current(session, meeting_id)
    queue_step(
        session,
        person_id=person_id,
        meeting_id=meeting_id,
        action="cancel",
        args={"reason": reason},
    )


def cancel_occurrence(
    session: Session, *, person_id: str, meeting_id: str, occurrence_start: datetime | str
) -> None:
    """Drop one occurrence of a series (an exception, EXDATE); the others stay booked."""
    current = _current(session, meeting_id)
    slot = rules.slot_of(current)
    at = rules.epoch(rules.parse_time(occurrence_start, "日期"))
    if at not in {o.start for o in slot.occurrences()}:
        raise UserError("所选日期不是该会议的一次")
    moment = rules.parse_time(rules.utc_iso(at)).astimezone(rules.zone(slot.tz)).isoformat()
    update_meeting(
        session,
        person_id=person_id,
        meeting_id=meeting_id,
        exceptions=[*slot.exceptions, moment],
    )


def change_following(
    session: Session,
    *,
    person_id: str,
    meeting_id: str,
    occurrence_start: datetime | str,
    **changes: Any,
) -> Booked:
    """ "此次及以后": the series ends before ``occurrence_start``; a new series (with ``changes``,
    e.g. a new time of day or room) takes over from there. Returns the new series."""
    current = _current(session, meeting_id)
    head, tail = rules.split_series(current, _iso(occurrence_start))
    keep = ("series_id", "organizer_id", "state", "booked", "reason", "conflict", "created_at")
    copied = {k: v for k, v in current.items() if k not in keep and k not in tail}
    new = create_meeting(
        session,
        person_id=person_id,
        **{
            **copied,
            **tail,
            **_clean(changes),
            "series_id": current.get("series_id") or meeting_id,
        },
    )
    update_meeting(session, person_id=person_id, meeting_id=meeting_id, **head)
    return new


def approve(session: Session, *, person_id: str, meeting_id: str) -> None:
    queue_step(session, person_id=person_id, meeting_id=meeting_id, action="approve")


def reject(session: Session, *, person_id: str, meeting_id: str, reason: str) -> None:
    if not reason.strip():
        raise UserError("请填写不同意的理由")
    queue_step(
        session,
        person_id=person_id,
        meeting_id=meeting_id,
        action="reject",
        args={"reason": reason},
    )


def may_manage_rooms(session: Session, *, person_id: str) -> bool:
    return may_manage(actor_of(session, person_id))
