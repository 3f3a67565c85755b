"""会议 on the server: room bookings decided under a lock, and the bookings index kept current.

``Lookup.bookings`` (asked by the ``meeting`` type's ``book`` action) locks the room's record
first, so two requests booking one room on PostgreSQL are decided one after the other; it reads
the confirmed bookings from ``room_bookings`` and adds those decided earlier in this same request
(staged, not written yet). ``index_bookings`` rewrites a meeting's rows whenever it is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import meeting as rules
from app.sync import bookings
from app.sync.merge import State
from server.models import SyncRecord


def room_bookings(
    session: Session,
    staged: Mapping[str, State],
    *,
    room_id: str,
    start: int,
    end: int,
    exclude: str,
) -> list[rules.Booking]:
    session.execute(select(SyncRecord.id).where(SyncRecord.id == room_id).with_for_update())
    # A meeting staged in this request is judged by its staged state, not its stored rows.
    out = [
        b
        for b in bookings.overlapping(session, room_id, start, end, exclude)
        if b.meeting_id not in staged
    ]
    for st in staged.values():
        if st.type != "meeting" or st.deleted or st.id == exclude:
            continue
        for row in bookings.booked_rows(st.id, st.data):
            b = rules.Booking(st.id, row["occurrence_start"], row["occurrence_end"])
            if row["room_id"] == room_id and rules.overlaps(b.start, b.end, start, end):
                out.append(b)
    return out


def index_bookings(session: Session, states: Iterable[State]) -> None:
    """Keep room_bookings in step with the meetings about to be written."""
    meetings = [(s.id, None if s.deleted else s.data) for s in states if s.type == "meeting"]
    if meetings:
        bookings.reindex(session, meetings)
