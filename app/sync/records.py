"""The registry of synced record types: their fields, who may change them, who may see them.

The sync engine is generic; each module (公文, 会议, 通知, and the org tree) registers a
``RecordType``. The server runs these same hooks to decide a mutation, so the rules a client
applies optimistically and the ones the server enforces cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.domain.meeting import Booking
from app.domain.org import RoleGrant
from app.errors import UserError

Data = dict[str, Any]


class FieldKind(StrEnum):
    TEXT = "text"  # free edits: the later arrival wins, the losing value is kept as a conflict
    SERVER = "server"  # decided by the server only (workflow state, numbers, bookings, authors)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is making a change, as the server knows them."""

    person_id: str
    unit_id: str
    grants: tuple[RoleGrant, ...]
    # Scope keys this person may read (see ``actor_scope_keys`` in server/sync_scopes.py).
    keys: frozenset[str] = frozenset()
    # The highest 密级 this deployment carries (app/domain/document.py): the extranet carries no
    # 涉密 files, so a server declares its ceiling and both sides refuse anything above it.
    ceiling: str = "内部"


class Lookup:
    """Read access to other records while deciding one (the server passes its own)."""

    def get(self, record_id: str) -> Data | None:  # pragma: no cover - interface
        raise NotImplementedError

    def scopes(self, record_id: str) -> set[str]:  # pragma: no cover - interface
        raise NotImplementedError

    def get_many(self, record_ids: list[str]) -> dict[str, Data | None]:
        """``get`` for many records (the server reads them in a few queries)."""
        return {rid: self.get(rid) for rid in record_ids}

    def members(self, unit_ids: list[str]) -> list[tuple[str, str]]:
        """(person id, unit id) of the active people in ``unit_ids`` and in the 科室 below them
        (not other 机关): those who read under the scope key ``unit:<id>`` by their unit. Both
        sides answer it with app.sync.members.unit_members."""
        return []

    def bookings(self, room_id: str, start: int, end: int, exclude: str) -> list[Booking]:
        """Confirmed bookings of ``room_id`` overlapping [start, end) (UTC epoch seconds), other
        than meeting ``exclude``'s: the server answers from room_bookings, a client from its
        local copy (app/domain/meeting.py holds the overlap rule both use)."""
        return []

    def allocate(self, series: str) -> int | None:
        """The next number of ``series`` (文号, 收文编号, 归档号), taken in the deciding transaction
        so numbers have no gaps or duplicates. None where numbers cannot be taken (a client)."""
        return None


@dataclass(frozen=True, slots=True)
class SideWrite:
    """A change an action makes to another record: 分发 creates the copies for the recipient
    units, 签收 creates the 收文, 答复 reports back on the sender's copy."""

    type: str
    record_id: str
    fields: Data  # server-decided fields to set (a new record gets exactly these)
    create: bool = False


@dataclass(slots=True)
class ActionContext:
    args: Data  # what the client sent with the action (opinion, next handlers …)
    now: str  # ISO time on the server
    lookup: Lookup
    record_id: str = ""
    writes: list[SideWrite] = field(default_factory=list)

    def write(self, type_: str, record_id: str, fields: Data, *, create: bool = False) -> None:
        self.writes.append(SideWrite(type_, record_id, fields, create))


Authorize = Callable[[Actor, str, Data | None, Data], None]
Scopes = Callable[[Data, Lookup], set[str]]
Action = Callable[[Actor, Data, ActionContext], Data]


def _no_action(actor: Actor, data: Data, ctx: ActionContext) -> Data:
    raise UserError("此类记录没有该操作")


@dataclass(frozen=True, slots=True)
class RecordType:
    name: str
    label: str  # shown in the conflicts view
    fields: Mapping[str, FieldKind]
    required: frozenset[str] = frozenset()
    append_only: bool = False  # opinions, receipts, sign-ins: union, never edited or lost
    client_writable: bool = True  # False: only server code (admin API) writes these
    # A field naming the record whose scopes this one shares; when that record's scopes change
    # the server moves this one along (an opinion is seen by whoever sees its document).
    parent_field: str | None = None
    # Raises PermissionDeniedError / UserError; ``op`` is create | update | delete | act.
    authorize: Authorize = field(default=lambda actor, op, old, new: None)
    scopes: Scopes = field(default=lambda data, lookup: {"all"})
    # Fills server-decided fields of a new record (author, initial state).
    on_create: Callable[[Actor, Data], Data] = field(default=lambda actor, data: data)
    actions: Mapping[str, Action] = field(default_factory=dict)
    writable: frozenset[str] = field(init=False, repr=False, compare=False)  # the TEXT fields

    def __post_init__(self) -> None:
        text = frozenset(k for k, kind in self.fields.items() if kind is FieldKind.TEXT)
        object.__setattr__(self, "writable", text)

    def clean(self, fields: Mapping[str, Any], *, creating: bool) -> Data:
        """Known client-writable fields only ("sanitize, don't reject"): unknown fields from a
        newer or buggy client are dropped; server-decided fields are ignored."""
        writable = self.writable
        out = {k: v for k, v in fields.items() if k in writable}
        if creating:
            missing = [k for k in self.required if out.get(k) in (None, "")]
            if missing:
                raise UserError(f"{self.label}缺少必填内容：{'、'.join(sorted(missing))}")
        return out

    def action(self, name: str) -> Action:
        return self.actions.get(name, _no_action)


_REGISTRY: dict[str, RecordType] = {}


def register(rt: RecordType) -> RecordType:
    _REGISTRY[rt.name] = rt
    return rt


def record_type(name: str) -> RecordType:
    _ensure_loaded()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UserError(f"未知的记录类型：{name}") from None


def all_types() -> Mapping[str, RecordType]:
    _ensure_loaded()
    return _REGISTRY


def _ensure_loaded() -> None:
    # The modules that register types are imported on first use, not at start-up.
    if not _LOADED:
        from app.sync import types  # noqa: F401

        _LOADED.append(True)


_LOADED: list[bool] = []  # called per field on hot paths: skip the import machinery once done


def person_key(person_id: str) -> str:
    return f"person:{person_id}"


def unit_key(unit_id: str) -> str:
    return f"unit:{unit_id}"


EVERYONE = "all"
