"""The org tree (units, people with their roles) projected into the sync log for every client.

Administrators change the typed tables through server/services.py; each change republishes the
affected rows here in the same transaction, so clients receive the address book by sync.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Person, PersonRole, SyncRecord, Unit
from server.sync_log import publish


def unit_data(u: Unit) -> dict[str, object]:
    return {
        "parent_id": u.parent_id,
        "name": u.name,
        "short_name": u.short_name,
        "level": u.level,
        "kind": u.kind,
        "code_prefix": u.code_prefix,
        "sort_order": u.sort_order,
    }


def person_data(session: Session, p: Person) -> dict[str, object]:
    roles = session.execute(
        select(PersonRole.role, PersonRole.unit_id)
        .where(PersonRole.person_id == p.id)
        .order_by(PersonRole.role, PersonRole.unit_id)
    )
    return {
        "unit_id": p.unit_id,
        "username": p.username,
        "name": p.name,
        "title": p.title,
        "phone": p.phone,
        "sort_order": p.sort_order,
        "active": p.active,
        "roles": [{"role": r, "unit_id": u} for r, u in roles],
    }


def publish_unit(session: Session, unit: Unit, now: datetime) -> None:
    publish(session, type_="unit", record_id=unit.id, data=unit_data(unit), now=now)


def publish_people(session: Session, people: Iterable[Person], now: datetime) -> None:
    for p in people:
        publish(session, type_="person", record_id=p.id, data=person_data(session, p), now=now)


def publish_missing(session: Session, now: datetime) -> int:
    """Publish org rows the log does not hold yet (a database created before sync existed)."""
    known = set(
        session.scalars(select(SyncRecord.id).where(SyncRecord.type.in_(["unit", "person"])))
    )
    units = [
        u for u in session.scalars(select(Unit).order_by(Unit.sort_order)) if u.id not in known
    ]
    for u in units:
        publish_unit(session, u, now)
    people = [p for p in session.scalars(select(Person)) if p.id not in known]
    publish_people(session, people, now)
    return len(units) + len(people)
