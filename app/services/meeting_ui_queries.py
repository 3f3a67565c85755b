"""What the 会议 window and dialog read besides ``meeting_views``: names for the ids a meeting
holds, and which buttons this person gets (the same rules the server applies to the actions)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import models as m
from app.domain.meeting import MeetingState as State
from app.services.meeting_views import MeetingView, meeting, rooms
from app.services.meetings import may_manage_rooms


@dataclass(frozen=True, slots=True)
class MeetingDetails:
    view: MeetingView
    organizer: str
    host_unit: str
    people: dict[str, str]  # id -> name, attendees and 列席
    units: dict[str, str]  # id -> name
    may_edit: bool
    may_cancel: bool
    may_approve: bool


def _names(
    session: Session, model: type[m.Person] | type[m.Unit], ids: list[str]
) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.execute(select(model.id, model.name).where(model.id.in_(ids))).all()
    found = {str(i): str(n) for i, n in rows}
    return {i: found.get(i, "（已删除）") for i in ids}


def meeting_details(session: Session, *, meeting_id: str, person_id: str) -> MeetingDetails:
    view = meeting(session, meeting_id=meeting_id)
    data = view.data
    person_ids = [*(data.get("attendee_person_ids") or []), *(data.get("observer_ids") or [])]
    unit_ids = list(data.get("attendee_unit_ids") or [])
    host = data.get("host_unit_id")
    people = _names(session, m.Person, [*person_ids, view.organizer_id])
    units = _names(session, m.Unit, [*unit_ids, *([host] if host else [])])
    open_ = view.state != State.CANCELLED
    mine = view.organizer_id == person_id or may_manage_rooms(session, person_id=person_id)
    approvers = next(
        (r.approver_ids for r in rooms(session, include_inactive=True) if r.id == view.room_id), ()
    )
    return MeetingDetails(
        view=view,
        organizer=people.get(view.organizer_id, ""),
        host_unit=units.get(host, "") if host else "",
        people={k: v for k, v in people.items() if k in person_ids},
        units={k: v for k, v in units.items() if k in unit_ids},
        may_edit=open_ and mine,
        may_cancel=open_ and mine,
        may_approve=view.state == State.PENDING and person_id in approvers,
    )
