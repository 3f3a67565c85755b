"""The room bookings index, one set of queries for both sides.

The server and the client each hold ``room_bookings (meeting_id, occurrence_start,
occurrence_end, room_id)`` (epoch seconds), one row per occurrence of a confirmed meeting, made
from its ``booked`` slot. The server answers ``Lookup.bookings`` from it when it decides a
booking; the client answers the same question for its preview and its calendars.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from app.db.bulk import executemany
from app.domain import meeting as rules
from app.sync.records import Data

# The range scan on (room_id, occurrence_start) is bounded below by the longest a meeting may
# last, so it reads only the bookings that can overlap, however long the room's history.
_OVERLAPPING = text(
    "SELECT meeting_id, occurrence_start, occurrence_end FROM room_bookings "
    "WHERE room_id = :room AND occurrence_start < :end AND occurrence_start > :floor "
    "AND occurrence_end > :start AND meeting_id <> :exclude"
)
_DELETE = text("DELETE FROM room_bookings WHERE meeting_id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
_INSERT = text(
    "INSERT INTO room_bookings (meeting_id, occurrence_start, occurrence_end, room_id) "
    "VALUES (:meeting_id, :occurrence_start, :occurrence_end, :room_id)"
)
MAX_SECONDS = int(rules.MAX_DURATION.total_seconds())


def overlapping(
    session: Session, room_id: str, start: int, end: int, exclude: str = ""
) -> list[rules.Booking]:
    """Confirmed bookings of ``room_id`` overlapping [start, end), other than ``exclude``'s."""
    params = {
        "room": room_id,
        "start": start,
        "end": end,
        "floor": start - MAX_SECONDS - 1,
        "exclude": exclude,
    }
    return [
        rules.Booking(str(mid), int(s), int(e))
        for mid, s, e in session.execute(_OVERLAPPING, params)
        if rules.overlaps(int(s), int(e), start, end)
    ]


def booked_rows(meeting_id: str, data: Data | None) -> list[dict[str, Any]]:
    """The index rows a meeting holds: its confirmed ``booked`` slot's occurrences, if any."""
    if data is None or data.get("state") != rules.MeetingState.CONFIRMED:
        return []
    booked = data.get("booked")
    if not booked or not booked.get("room_id"):
        return []
    slot = rules.slot_of(booked)
    return [
        {
            "meeting_id": meeting_id,
            "occurrence_start": o.start,
            "occurrence_end": o.end,
            "room_id": slot.room_id,
        }
        for o in slot.occurrences()
    ]


def reindex(session: Session, items: Iterable[tuple[str, Data | None]]) -> None:
    """Make the index hold what ``items`` (meeting id, data or None when gone) now book."""
    items = list(items)
    ids = [mid for mid, _ in items]
    for i in range(0, len(ids), 500):
        session.execute(_DELETE, {"ids": ids[i : i + 500]})
    rows = [r for mid, data in items for r in booked_rows(mid, data)]
    if rows:
        executemany(session, _INSERT, rows)
