"""How the server decides one mutation against the record it holds (pure, no I/O).

Field-level merge (specs/sync.md §5): every stored field remembers the version that last set it
and who set it. A mutation names the fields it changed and the version it was based on:
- a field nobody else changed since that version is simply applied;
- free text changed by someone else meanwhile: the later arrival wins and the overwritten value
  is recorded as a conflict that both people can review;
- server-decided fields (state, numbers, authors) are never taken from a client; actions change
  them through the record type's rules, judged on the current state, so of two leaders acting
  on the same step offline the first to arrive wins and the other is told;
- edit against delete: the delete wins and the edit is kept as a conflict.
Client clocks play no part anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.errors import UserError
from app.sync.protocol import Mutation, Op, Status
from app.sync.records import ActionContext, Actor, Data, Lookup, RecordType, SideWrite


@dataclass(slots=True)
class State:
    id: str
    type: str
    data: Data
    version: int = 0
    deleted: bool = False
    # field -> [version, device_id, person_id] of the write that last set it
    meta: dict[str, list[Any]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ConflictNote:
    field: str
    kept: Any
    lost: Any
    kept_by: str | None
    lost_by: str | None
    reason: str


@dataclass(slots=True)
class Outcome:
    status: Status
    state: State | None = None  # the record to store; None when nothing changes
    error: str | None = None
    conflicts: list[ConflictNote] = field(default_factory=list)
    writes: list[SideWrite] = field(default_factory=list)  # an action's changes to other records


LOST_TO_EDIT = "同一内容被他人修改，后到达的修改生效"
LOST_TO_DELETE = "记录已被删除，修改未生效"
DELETED_OVER_EDIT = "记录被删除，他人此前的修改一并作废"


def decide(
    current: State | None,
    m: Mutation,
    rt: RecordType,
    *,
    actor: Actor,
    device_id: str,
    now: str,
    lookup: Lookup,
) -> Outcome:
    """The outcome of ``m``; raises nothing — a refusal is an Outcome with status REJECTED."""
    try:
        if m.op is Op.CREATE:
            return _create(current, m, rt, actor, device_id=device_id, now=now)
        if current is None:
            if m.op is Op.DELETE:
                return Outcome(Status.APPLIED)  # never existed here: nothing to delete
            raise UserError(f"{rt.label}不存在或已无权访问")
        if m.op is Op.UPDATE:
            return _update(current, m, rt, actor, device_id)
        if m.op is Op.DELETE:
            return _delete(current, m, rt, actor, device_id)
        return _act(current, m, rt, actor, device_id=device_id, now=now, lookup=lookup)
    except UserError as exc:  # PermissionDeniedError included
        return Outcome(Status.REJECTED, error=str(exc))


def _stamp(state: State, fields: Data, device_id: str, actor: Actor) -> None:
    state.version += 1
    state.data.update(fields)
    # One list for all the fields of this change: meta entries are replaced, never changed.
    stamp = [state.version, device_id, actor.person_id]
    meta = state.meta
    for k in fields:
        meta[k] = stamp


def _create(
    current: State | None, m: Mutation, rt: RecordType, actor: Actor, *, device_id: str, now: str
) -> Outcome:
    if current is not None and not current.deleted:
        if rt.append_only:
            return Outcome(Status.DUPLICATE)
        # Same id created twice (a client re-created after a lost reply): an edit from nothing.
        return _update(
            current, m.model_copy(update={"op": Op.UPDATE, "base": 0}), rt, actor, device_id
        )
    data = rt.on_create(actor, rt.clean(m.fields, creating=True))
    stamped = "created_at" in rt.fields and not data.get("created_at")
    if stamped:
        data["created_at"] = now  # the server's clock: client clocks play no part
    rt.authorize(actor, "create", None, data)
    state = State(m.record_id, rt.name, {}, current.version if current else 0)
    _stamp(state, data, device_id, actor)
    # MERGED sends the record back: the client then has the server's time as well.
    plain = m.base == 0 and current is None and not stamped
    return Outcome(Status.APPLIED if plain else Status.MERGED, state)


def _changed_by_others(current: State, base: int, device_id: str, names: Any) -> list[str]:
    return [
        k
        for k in names
        if k in current.meta and current.meta[k][0] > base and current.meta[k][1] != device_id
    ]


def _update(current: State, m: Mutation, rt: RecordType, actor: Actor, device_id: str) -> Outcome:
    fields = rt.clean(m.fields, creating=False)
    if current.deleted:
        notes = [
            ConflictNote(k, None, v, None, actor.person_id, LOST_TO_DELETE)
            for k, v in fields.items()
        ]
        return Outcome(Status.CONFLICT, conflicts=notes)
    new = {k: v for k, v in fields.items() if current.data.get(k) != v}
    rt.authorize(actor, "update", current.data, {**current.data, **fields})
    notes = [
        ConflictNote(
            k, new[k], current.data.get(k), actor.person_id, current.meta[k][2], LOST_TO_EDIT
        )
        for k in _changed_by_others(current, m.base, device_id, new)
    ]
    unchanged = current.version == m.base
    if not new:
        return Outcome(Status.APPLIED if unchanged else Status.MERGED)
    state = State(current.id, current.type, dict(current.data), current.version, False)
    state.meta = {k: list(v) for k, v in current.meta.items()}
    _stamp(state, new, device_id, actor)
    status = Status.CONFLICT if notes else Status.APPLIED if unchanged else Status.MERGED
    return Outcome(status, state, conflicts=notes)


def _delete(current: State, m: Mutation, rt: RecordType, actor: Actor, device_id: str) -> Outcome:
    if current.deleted:
        return Outcome(Status.APPLIED)
    if rt.append_only:
        raise UserError(f"{rt.label}提交后不能删除")
    rt.authorize(actor, "delete", current.data, current.data)
    notes = [
        ConflictNote(
            k, None, current.data.get(k), actor.person_id, current.meta[k][2], DELETED_OVER_EDIT
        )
        for k in _changed_by_others(current, m.base, device_id, current.meta)
    ]
    state = State(current.id, current.type, dict(current.data), current.version + 1, True)
    state.meta = current.meta
    return Outcome(Status.CONFLICT if notes else Status.APPLIED, state, conflicts=notes)


def _act(
    current: State,
    m: Mutation,
    rt: RecordType,
    actor: Actor,
    *,
    device_id: str,
    now: str,
    lookup: Lookup,
) -> Outcome:
    if current.deleted:
        raise UserError(f"{rt.label}已被删除，无法办理")
    rt.authorize(actor, "act", current.data, current.data)
    ctx = ActionContext(dict(m.fields), now, lookup, m.record_id)
    changes = rt.action(m.action or "")(actor, current.data, ctx)
    state = State(current.id, current.type, dict(current.data), current.version, False)
    state.meta = {k: list(v) for k, v in current.meta.items()}
    _stamp(state, changes, device_id, actor)
    return Outcome(Status.MERGED, state, writes=ctx.writes)


def apply_write(current: State | None, w: SideWrite, *, device_id: str, actor: Actor) -> State:
    """``current`` with an action's side write applied (a new record when there is none)."""
    if current is None or current.deleted:
        state = State(w.record_id, w.type, {}, current.version if current else 0)
    else:
        state = State(current.id, current.type, dict(current.data), current.version, False)
        state.meta = {k: list(v) for k, v in current.meta.items()}
    _stamp(state, w.fields, device_id, actor)
    return state
