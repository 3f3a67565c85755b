"""Organisation and device administration on the server, validated by the shared app.domain rules.

Keyword-only functions over one session; the caller owns the transaction. They return pydantic
schemas built field by field, so a password hash can never leak into a response.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.domain.org import (
    Role,
    RoleGrant,
    UnitKind,
    UnitLevel,
    UnitSpec,
    check_no_cycle,
    validate_person,
    validate_unit,
)
from app.domain.pinyin import search_keys
from app.errors import UserError
from server.models import Device, Person, PersonRole, RefreshToken, Unit, utcnow
from server.notices import notice_receipts_for_newcomer
from server.org_sync import publish_people, publish_unit
from server.schemas import DeviceOut, PersonOut, RoleGrantIn, RoleOut, UnitOut


def unit_out(u: Unit) -> UnitOut:
    return UnitOut(
        id=u.id,
        parent_id=u.parent_id,
        name=u.name,
        short_name=u.short_name,
        level=UnitLevel(u.level),
        kind=UnitKind(u.kind),
        code_prefix=u.code_prefix,
        sort_order=u.sort_order,
        version=u.version,
    )


def list_units(session: Session) -> list[UnitOut]:
    return [unit_out(u) for u in session.scalars(select(Unit).order_by(Unit.sort_order, Unit.name))]


def list_people(session: Session, *, person_ids: Iterable[str] | None = None) -> list[PersonOut]:
    """Active people (or exactly ``person_ids``, active or not) with their unit and roles."""
    stmt = (
        select(Person, Unit.name)
        .join(Unit, Unit.id == Person.unit_id)
        .order_by(Unit.sort_order, Person.sort_order, Person.name, Person.id)
    )
    if person_ids is None:
        stmt = stmt.where(Person.active.is_(True))
    else:
        stmt = stmt.where(Person.id.in_(list(person_ids)))
    rows = session.execute(stmt).all()
    roles: dict[str, list[RoleOut]] = {}
    role_stmt = select(PersonRole).where(PersonRole.person_id.in_([p.id for p, _ in rows]))
    for r in session.scalars(role_stmt):
        role = Role(r.role)
        roles.setdefault(r.person_id, []).append(
            RoleOut(role=role, label=role.label, unit_id=r.unit_id)
        )
    order = list(Role)
    return [
        PersonOut(
            id=p.id,
            unit_id=p.unit_id,
            unit_name=unit_name,
            username=p.username,
            name=p.name,
            title=p.title,
            phone=p.phone,
            pinyin_initials=p.pinyin_initials,
            pinyin_full=p.pinyin_full,
            sort_order=p.sort_order,
            active=p.active,
            version=p.version,
            roles=sorted(roles.get(p.id, []), key=lambda r: (order.index(r.role), r.unit_id)),
        )
        for p, unit_name in rows
    ]


def get_person(session: Session, *, person_id: str) -> PersonOut:
    found = list_people(session, person_ids=[person_id])
    if not found:
        raise UserError("人员不存在")
    return found[0]


def role_grants(session: Session, *, person_id: str) -> list[RoleGrant]:
    rows = session.execute(
        select(PersonRole.role, PersonRole.unit_id).where(PersonRole.person_id == person_id)
    )
    return [RoleGrant(Role(role), unit_id) for role, unit_id in rows]


def _spec(u: Unit) -> UnitSpec:
    return UnitSpec(u.name, UnitLevel(u.level), UnitKind(u.kind), u.code_prefix)


def create_unit(
    session: Session,
    *,
    name: str,
    level: UnitLevel,
    kind: UnitKind,
    parent_id: str | None = None,
    code_prefix: str | None = None,
    short_name: str | None = None,
    sort_order: int = 0,
) -> UnitOut:
    parent = session.get(Unit, parent_id) if parent_id else None
    if parent_id and parent is None:
        raise UserError("上级单位不存在")
    code_prefix = code_prefix or None
    validate_unit(UnitSpec(name, level, kind, code_prefix), _spec(parent) if parent else None)
    if code_prefix and session.scalar(select(Unit.id).where(Unit.code_prefix == code_prefix)):
        raise UserError(f"机关代字“{code_prefix}”已被其他单位使用")
    unit = Unit(
        name=name.strip(),
        short_name=short_name,
        level=level.value,
        kind=kind.value,
        parent_id=parent_id or None,
        code_prefix=code_prefix,
        sort_order=sort_order,
    )
    session.add(unit)
    session.flush()
    publish_unit(session, unit, utcnow())
    # A new unit cannot close a cycle, but the rule is checked here as it will be for moves.
    parent_of: dict[str, str | None] = dict(session.execute(select(Unit.id, Unit.parent_id)).all())
    check_no_cycle(unit.id, unit.parent_id, parent_of)
    return unit_out(unit)


def find_unit(session: Session, *, code_or_name: str) -> Unit:
    key = code_or_name.strip()
    found = list(
        session.scalars(
            select(Unit).where((Unit.code_prefix == key) | (Unit.name == key) | (Unit.id == key))
        )
    )
    if not found:
        raise UserError(f"找不到单位“{key}”")
    if len(found) > 1:
        raise UserError(f"“{key}”对应多个单位，请使用机关代字或单位 ID")
    return found[0]


def create_person(
    session: Session,
    *,
    unit_id: str,
    username: str,
    name: str,
    password_hash: str,
    title: str | None = None,
    phone: str | None = None,
    roles: Iterable[Role] = (),
    sort_order: int = 0,
) -> PersonOut:
    name = validate_person(username=username, name=name, phone=phone)
    if session.get(Unit, unit_id) is None:
        raise UserError("所属单位不存在")
    if session.scalar(select(Person.id).where(Person.username == username)):
        raise UserError(f"用户名“{username}”已存在")
    initials, full = search_keys(name)
    person = Person(
        unit_id=unit_id,
        username=username,
        name=name,
        title=title,
        phone=phone,
        pinyin_initials=initials,
        pinyin_full=full,
        sort_order=sort_order,
        password_hash=password_hash,
    )
    session.add(person)
    session.flush()
    for role in dict.fromkeys(roles):
        session.add(PersonRole(person_id=person.id, role=role.value, unit_id=unit_id))
    session.flush()
    now = utcnow()
    publish_people(session, [person], now)
    # A newcomer gets the notices still open in their unit, as if they had been there.
    notice_receipts_for_newcomer(session, person.id, now)
    return get_person(session, person_id=person.id)


def _person(session: Session, person_id: str) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise UserError("人员不存在")
    return person


def set_roles(
    session: Session, *, person_id: str, roles: Iterable[RoleGrantIn], now: datetime
) -> PersonOut:
    """Replace the person's roles; the last active 系统管理员 cannot be removed."""
    person = _person(session, person_id)
    wanted = {(g.role, g.unit_id or person.unit_id) for g in roles}
    for _, unit_id in wanted:
        if session.get(Unit, unit_id) is None:
            raise UserError("角色所属单位不存在")
    if (Role.SYSADMIN not in {r for r, _ in wanted}) and _is_last_sysadmin(session, person_id):
        raise UserError("不能移除最后一位系统管理员的角色")
    session.execute(delete(PersonRole).where(PersonRole.person_id == person_id))
    for role, unit_id in sorted(wanted):
        session.add(PersonRole(person_id=person_id, role=role.value, unit_id=unit_id))
    person.version += 1
    person.updated_at = now
    session.flush()
    publish_people(session, [person], now)
    return get_person(session, person_id=person_id)


def _is_last_sysadmin(session: Session, person_id: str) -> bool:
    admins = set(
        session.scalars(
            select(PersonRole.person_id)
            .join(Person, Person.id == PersonRole.person_id)
            .where(PersonRole.role == Role.SYSADMIN.value, Person.active.is_(True))
        )
    )
    return admins == {person_id}


def set_password(session: Session, *, person_id: str, password_hash: str, now: datetime) -> None:
    """New password: unlocks the account and signs the person out everywhere."""
    person = _person(session, person_id)
    person.password_hash = password_hash
    person.failed_logins = 0
    person.locked_until = None
    for device in session.scalars(select(Device).where(Device.person_id == person_id)):
        revoke_device_tokens(session, device=device, now=now)


def revoke_device_tokens(session: Session, *, device: Device, now: datetime) -> None:
    """End every session of ``device``: refresh tokens revoked, access tokens invalidated."""
    device.token_generation += 1
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.device_id == device.id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def revoke_device(session: Session, *, device_id: str, now: datetime) -> DeviceOut:
    device = session.get(Device, device_id)
    if device is None:
        raise UserError("设备不存在")
    if device.revoked_at is None:
        device.revoked_at = now
    revoke_device_tokens(session, device=device, now=now)
    session.flush()
    return next(d for d in list_devices(session) if d.id == device_id)


def list_devices(session: Session) -> list[DeviceOut]:
    rows = session.execute(
        select(Device, Person.username, Person.name)
        .join(Person, Person.id == Device.person_id)
        .order_by(Person.username, Device.created_at)
    )
    return [
        DeviceOut(
            id=d.id,
            person_id=d.person_id,
            username=username,
            person_name=person_name,
            name=d.name,
            created_at=d.created_at,
            last_seen_at=d.last_seen_at,
            revoked_at=d.revoked_at,
        )
        for d, username, person_name in rows
    ]


def seed_demo(session: Session, *, hash_password: Callable[[str], str]) -> int:
    """Add the demo county (app.services.demo) where missing; returns how many rows were added.

    Idempotent: units are matched by name under the same parent and people by username; rows
    already present are left exactly as they are.
    """
    from app.services.demo import DEMO_PASSWORD, DemoPerson, DemoUnit, walk_demo_county

    added = 0

    def add_unit(u: DemoUnit, parent_id: str | None, order: int) -> str:
        nonlocal added
        same_parent = Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id
        existing = session.scalar(select(Unit.id).where(Unit.name == u.name, same_parent))
        if existing is not None:
            return existing
        added += 1
        return create_unit(
            session,
            name=u.name,
            level=u.level,
            kind=u.kind,
            parent_id=parent_id,
            code_prefix=u.code,
            sort_order=order,
        ).id

    def add_person(p: DemoPerson, unit_id: str, order: int) -> None:
        nonlocal added
        username, name, _unit, title, phone, roles = p
        if session.scalar(select(Person.id).where(Person.username == username)):
            return
        create_person(
            session,
            unit_id=unit_id,
            username=username,
            name=name,
            title=title,
            phone=phone,
            roles=roles,
            sort_order=order,
            password_hash=hash_password(DEMO_PASSWORD),
        )
        added += 1

    walk_demo_county(add_unit=add_unit, add_person=add_person)
    return added
