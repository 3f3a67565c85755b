"""The scope keys a person reads under, computed the same way on the server and the client.

``all``; ``person:<id>``; ``unit:<id>`` for the person's unit and the units they hold roles in, up
to the nearest 机关; ``leader:<机关>`` review queues for leaders; ``role:<role>:<机关>`` for every
role held, so a workflow step handed to "the 收发员 of the 教育局" is seen and acted on by whoever
holds that role there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from app.domain.org import Role, RoleGrant
from app.sync.records import EVERYONE, person_key, unit_key

Units = Mapping[str, tuple[str | None, str]]  # unit id -> (parent id, kind)


def up_to_agency(unit_id: str | None, units: Units) -> list[str]:
    """``unit_id`` and its parents up to and including the nearest 机关."""
    chain: list[str] = []
    while unit_id is not None and unit_id in units and unit_id not in chain:
        chain.append(unit_id)
        parent, kind = units[unit_id]
        if kind == "agency":
            break
        unit_id = parent
    return chain


def agency_in(unit_id: str | None, units: Units) -> str | None:
    chain = up_to_agency(unit_id, units)
    return chain[-1] if chain and units[chain[-1]][1] == "agency" else None


def role_key(role: Role | str, agency_id: str) -> str:
    return f"role:{Role(role).value}:{agency_id}"


def reviewer_key(agency_id: str) -> str:
    return f"leader:{agency_id}"


def actor_keys(
    person_id: str, person_unit: str, grants: Iterable[RoleGrant], units: Units
) -> frozenset[str]:
    grants = tuple(grants)
    keys = {EVERYONE, person_key(person_id)}
    for uid in [person_unit, *(g.unit_id for g in grants)]:
        keys |= {unit_key(u) for u in up_to_agency(uid, units)}
    for g in grants:
        agency = agency_in(g.unit_id, units)
        if agency is None:
            continue
        keys.add(role_key(g.role, agency))
        if g.role is Role.LEADER:
            keys.add(reviewer_key(agency))
    return frozenset(keys)
