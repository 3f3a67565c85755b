"""The signed-in person as the sync rules see them, on this client."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Person, PersonRole, Unit
from app.domain.org import Role, RoleGrant
from app.errors import UserError
from app.services.workbench import get_meta
from app.sync.records import Actor
from app.sync.scoping import Units, actor_keys

# The server's highest 密级, remembered at login (the client refuses anything above it too).
CEILING_KEY = "classification_ceiling"


def unit_tree(session: Session) -> Units:
    """unit id -> (parent id, kind), from the local address book."""
    return {
        uid: (pid, kind)
        for uid, pid, kind in session.execute(select(Unit.id, Unit.parent_id, Unit.kind))
    }


def actor_of(session: Session, person_id: str) -> Actor:
    """Roles and scope keys from the local address book, as the server computes them."""
    person = session.get(Person, person_id)
    if person is None:
        raise UserError("当前用户不在本地通讯录中，请先同步")
    grants = [
        RoleGrant(Role(role), unit_id)
        for role, unit_id in session.execute(
            select(PersonRole.role, PersonRole.unit_id).where(PersonRole.person_id == person_id)
        )
    ]
    keys = actor_keys(person.id, person.unit_id, grants, unit_tree(session))
    ceiling = get_meta(session, CEILING_KEY) or "内部"
    return Actor(person.id, person.unit_id, tuple(grants), keys, ceiling)
