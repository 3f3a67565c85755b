"""Units, people and roles: queries for the address book and writes used by seeding and admin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVarTuple

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import Person, PersonRole, Unit
from app.domain.org import (
    Role,
    RoleGrant,
    UnitKind,
    UnitLevel,
    UnitSpec,
    validate_person,
    validate_unit,
)
from app.domain.pinyin import search_keys
from app.errors import UserError

_Ts = TypeVarTuple("_Ts")


@dataclass(frozen=True, slots=True)
class UnitRow:
    id: str
    parent_id: str | None
    name: str
    level: UnitLevel
    kind: UnitKind
    code_prefix: str | None
    sort_order: int


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: str
    unit_id: str
    unit_name: str
    username: str
    name: str
    title: str | None
    phone: str | None
    roles: tuple[Role, ...]


def _unit_row(u: Unit) -> UnitRow:
    return UnitRow(
        u.id, u.parent_id, u.name, UnitLevel(u.level), UnitKind(u.kind), u.code_prefix, u.sort_order
    )


def list_units(session: Session) -> list[UnitRow]:
    """All units ordered for a tree (parents before children is not guaranteed; use parent_id)."""
    units = session.scalars(select(Unit).order_by(Unit.sort_order, Unit.name))
    return [_unit_row(u) for u in units]


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
    unit_id: str | None = None,
) -> UnitRow:
    parent = session.get(Unit, parent_id) if parent_id else None
    if parent_id and parent is None:
        raise UserError("上级单位不存在")
    spec = UnitSpec(name, level, kind, code_prefix)
    parent_spec = (
        UnitSpec(parent.name, UnitLevel(parent.level), UnitKind(parent.kind), parent.code_prefix)
        if parent
        else None
    )
    validate_unit(spec, parent_spec)
    if code_prefix and session.scalar(select(Unit.id).where(Unit.code_prefix == code_prefix)):
        raise UserError(f"机关代字“{code_prefix}”已被其他单位使用")
    unit = Unit(
        name=name.strip(),
        short_name=short_name,
        level=level.value,
        kind=kind.value,
        parent_id=parent_id,
        code_prefix=code_prefix,
        sort_order=sort_order,
    )
    if unit_id:
        unit.id = unit_id
    session.add(unit)
    session.flush()
    return _unit_row(unit)


def create_person(
    session: Session,
    *,
    unit_id: str,
    username: str,
    name: str,
    title: str | None = None,
    phone: str | None = None,
    roles: tuple[Role, ...] = (),
    sort_order: int = 0,
) -> PersonRow:
    name = validate_person(username=username, name=name, phone=phone)
    unit = session.get(Unit, unit_id)
    if unit is None:
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
    )
    session.add(person)
    session.flush()
    for role in roles:
        session.add(PersonRole(person_id=person.id, role=role.value, unit_id=unit_id))
    session.flush()
    return PersonRow(person.id, unit_id, unit.name, username, name, title, phone, tuple(roles))


def role_grants(session: Session, *, person_id: str) -> list[RoleGrant]:
    rows = session.execute(
        select(PersonRole.role, PersonRole.unit_id).where(PersonRole.person_id == person_id)
    )
    return [RoleGrant(Role(role), unit_id) for role, unit_id in rows]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _people_filter(stmt: Select[*_Ts], *, query: str, unit_ids: set[str] | None) -> Select[*_Ts]:
    q = query.strip().lower().replace(" ", "")
    stmt = stmt.where(Person.active.is_(True))
    if unit_ids is not None:
        stmt = stmt.where(Person.unit_id.in_(unit_ids))
    if q:
        pat = _like_escape(q)
        if q.isascii():
            # Each key holds space-separated alternatives; match at the start of any of them.
            conds: list[ColumnElement[bool]] = [
                col.like(f"{pat}%", escape="\\") | col.like(f"% {pat}%", escape="\\")
                for col in (Person.pinyin_initials, Person.pinyin_full)
            ]
            conds.append(Person.phone.like(f"%{pat}%", escape="\\"))
            conds.append(Person.username.like(f"{pat}%", escape="\\"))
            stmt = stmt.where(or_(*conds))
        else:
            stmt = stmt.where(Person.name.like(f"%{pat}%", escape="\\"))
    return stmt


def search_people(
    session: Session,
    *,
    query: str = "",
    unit_ids: set[str] | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[PersonRow]:
    """People matching ``query`` by name (any part), pinyin initials or full pinyin.

    Latin queries match the start of a reading (``zhs`` or ``zhangh`` → 张华生) so that short
    initials do not drag in every name that merely contains those letters. ``offset`` pages
    through the same order; the id breaks ties so pages never overlap or skip a person.
    """
    stmt = (
        select(Person, Unit.name)
        .join(Unit, Unit.id == Person.unit_id)
        .order_by(Unit.sort_order, Person.sort_order, Person.name, Person.id)
        .limit(limit)
        .offset(offset)
    )
    return _person_rows(session, _people_filter(stmt, query=query, unit_ids=unit_ids))


def count_people(session: Session, *, query: str = "", unit_ids: set[str] | None = None) -> int:
    """How many people ``search_people`` would page through for the same filter."""
    stmt = select(func.count()).select_from(Person)
    return session.scalar(_people_filter(stmt, query=query, unit_ids=unit_ids)) or 0


def person_by_username(session: Session, *, username: str) -> PersonRow | None:
    stmt = (
        select(Person, Unit.name)
        .join(Unit, Unit.id == Person.unit_id)
        .where(Person.username == username, Person.active.is_(True))
    )
    found = _person_rows(session, stmt)
    return found[0] if found else None


def _person_rows(session: Session, stmt: Select[Person, str]) -> list[PersonRow]:
    rows = session.execute(stmt).all()
    ids = [p.id for p, _ in rows]
    roles: dict[str, list[Role]] = {}
    if ids:
        for pid, role in session.execute(
            select(PersonRole.person_id, PersonRole.role).where(PersonRole.person_id.in_(ids))
        ):
            roles.setdefault(pid, []).append(Role(role))
    return [
        PersonRow(
            p.id,
            p.unit_id,
            unit_name,
            p.username,
            p.name,
            p.title,
            p.phone,
            tuple(sorted(roles.get(p.id, []), key=list(Role).index)),
        )
        for p, unit_name in rows
    ]
