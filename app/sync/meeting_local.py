"""The client's side of 会议: typed rows for meetings and rooms, and the derived tables.

Hooked into app/sync/local.py's adapters. A meeting row keeps the whole record (``data``) and
its first occurrence; ``after`` rewrites, per meeting, its occurrences (the calendars),
its attendees (the 工作台 count) and — when confirmed — its room bookings (app/sync/bookings.py,
the same index the server keeps).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any

import orjson
from sqlalchemy import Table, bindparam, select, text, update
from sqlalchemy.orm import Session

from app.db import models as m
from app.db.bulk import executemany
from app.domain import meeting as rules
from app.errors import UserError
from app.sync import bookings
from app.sync.members import unit_members
from app.sync.records import Data

NOT_HAPPENING = (rules.MeetingState.CANCELLED, rules.MeetingState.REFUSED)


def _text(value: Any) -> str:
    return str(value or "")


# field -> column converter for app/sync/local.py's adapters
ROOM_COLUMNS: dict[str, Any] = {
    "name": None,
    "building": _text,
    "location": _text,
    "capacity": None,
    "needs_approval": bool,
    "active": lambda v: v is not False,
    "sort_order": lambda v: int(v or 0),
}
MEETING_COLUMNS: dict[str, Any] = {
    "title": None,
    "organizer_id": None,
    "place": _text,
    "room_id": None,
    "state": None,
    "kind": _text,
    "host_unit_id": None,
}

# 签到 and 议定事项 (migration 0010): the columns the 签到 statistics and the 督办 list read
ATTENDANCE_COLUMNS: dict[str, Any] = {
    "meeting_id": None,
    "person_id": None,
    "delegate_id": None,
    "signed_at": None,
    "late": bool,
    "method": None,
}
DECISION_COLUMNS: dict[str, Any] = {
    "meeting_id": None,
    "meeting_title": _text,
    "item": _text,
    "owner_id": None,
    "deadline": None,
    "state": None,
}


def _table(model: type[m.Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _slot(data: Data) -> rules.Slot | None:
    try:
        return rules.slot_of(data)
    except UserError:
        return None  # an unfinished local draft: no occurrences yet


def meeting_row(data: Data) -> dict[str, Any]:
    """Columns computed from the record (only those its fields determine)."""
    out: dict[str, Any] = {}
    if "state" in data:
        out["cancelled"] = data["state"] in NOT_HAPPENING
    if "start" in data and "end" in data:
        slot = _slot(data)
        if slot is not None:
            out["starts_at"] = slot.start.astimezone(UTC)
            out["ends_at"] = slot.end.astimezone(UTC)
    return out


def room_row(data: Data) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("equipment", "approver_ids"):
        if key in data:
            out[key] = orjson.dumps(list(data[key] or [])).decode()
    return out


_ATTENDEES_GONE = text("DELETE FROM meeting_attendees WHERE meeting_id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
_OCCURRENCES_GONE = text("DELETE FROM meeting_occurrences WHERE meeting_id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)


def after(session: Session, items: list[tuple[str, Data]]) -> None:
    """Merge ``items`` (whole records or a local edit's fields) into each row's ``data`` and
    rebuild what is derived from it."""
    if not items:
        return
    session.flush()
    t = _table(m.Meeting)
    ids = list(dict.fromkeys(rid for rid, _ in items))
    stored = dict(session.execute(select(t.c.id, t.c.data).where(t.c.id.in_(ids))).all())
    merged: dict[str, Data] = {rid: orjson.loads(stored.get(rid) or "{}") for rid in ids}
    for rid, fields in items:
        merged[rid].update(fields)
    for rid, data in merged.items():
        values = {"data": orjson.dumps(data).decode(), **meeting_row(data)}
        session.execute(update(t).where(t.c.id == rid).values(**values))
    _rebuild(session, merged)


def _rebuild(session: Session, merged: dict[str, Data]) -> None:
    ids = list(merged)
    for i in range(0, len(ids), 500):
        part = {"ids": ids[i : i + 500]}
        session.execute(_OCCURRENCES_GONE, part)
        session.execute(_ATTENDEES_GONE, part)
    occurrences: list[dict[str, Any]] = []
    wanted: dict[str, list[str]] = {}
    for rid, data in merged.items():
        slot = _slot(data)
        for o in slot.occurrences() if slot is not None else ():
            occurrences.append(
                {
                    "meeting_id": rid,
                    "occurrence_start": o.start,
                    "occurrence_end": o.end,
                    "room_id": slot.room_id if slot else None,
                }
            )
        people = [data.get("organizer_id"), *(data.get("attendee_person_ids") or ())]
        people += list(data.get("observer_ids") or ())
        people += [p for p, _u in unit_members(session, list(data.get("attendee_unit_ids") or []))]
        wanted[rid] = [p for p in dict.fromkeys(people) if p]
    # Only people in the local address book (the attendee table refers to them).
    everyone = list({p for ps in wanted.values() for p in ps})
    known: set[str] = set()
    for i in range(0, len(everyone), 500):
        known |= set(
            session.scalars(select(m.Person.id).where(m.Person.id.in_(everyone[i : i + 500])))
        )
    attendees = [
        {"meeting_id": rid, "person_id": p} for rid, ps in wanted.items() for p in ps if p in known
    ]
    executemany(session, _table(m.MeetingOccurrence).insert(), occurrences)
    executemany(session, _table(m.MeetingAttendee).insert(), attendees)
    bookings.reindex(session, merged.items())


def gone(session: Session, ids: Sequence[str]) -> None:
    ids = list(ids)
    for i in range(0, len(ids), 500):
        part = {"ids": ids[i : i + 500]}
        session.execute(_OCCURRENCES_GONE, part)
        session.execute(_ATTENDEES_GONE, part)
    bookings.reindex(session, [(rid, None) for rid in ids])
