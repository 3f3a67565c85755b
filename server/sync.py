"""``POST /api/v1/sync``: apply a client's push, then answer with results and a first pull page.

One transaction per request. The device's sync_clients row is locked first, so two copies of the
same push (a retry overlapping a slow original) run one after the other and the second finds its
mutations already applied. The last reply is kept: an identical request gets identical bytes.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import orjson
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session, defer

from app.ids import new_id
from app.sync import attachments, merge
from app.sync.protocol import (
    MAX_PAGE_BYTES,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_VERSION,
    Mutation,
    Status,
    SyncRequest,
)
from app.sync.records import Actor, record_type
from app.sync.scoping import actor_keys
from server import blobs, meetings
from server.auth import Caller
from server.models import Person, SyncClient, SyncLog, Unit
from server.sync_log import (
    DbLookup,
    RecordWriter,
    load_states,
    log_state,
    read_page,
)


class SyncRefused(Exception):
    """The whole request is refused (status code, Chinese message, extra reply fields)."""

    def __init__(self, status: int, detail: str, **extra: object) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.extra = extra


_UNITS: dict[tuple[str, int], dict[str, tuple[str | None, str]]] = {}


def _units(
    session: Session | Connection, log: LogPosition | None
) -> dict[str, tuple[str | None, str]]:
    """unit id -> (parent id, kind). Every change to a unit is published in the change log in
    the same transaction, so while the log stands at the same (epoch, seq) the tree is the same:
    no-op syncs reuse it instead of reading every unit again."""
    key = (log.epoch, log.seq) if log is not None else None
    if key is not None and key in _UNITS:
        return _UNITS[key]
    units = {
        uid: (pid, kind)
        for uid, pid, kind in session.execute(select(Unit.id, Unit.parent_id, Unit.kind))
    }
    if key is not None:
        _UNITS.clear()
        _UNITS[key] = units
    return units


def actor_for(
    session: Session, caller: Caller, log: SyncLog | None = None, ceiling: str = "内部"
) -> Actor:
    """The caller with the scope keys they read under: everyone's records, their own, their
    unit's up to its 机关, the units they hold roles in, and review queues they lead.
    ``log``: the change log as this transaction sees it, when nothing was written yet."""
    if caller.unit_id is not None:
        person_id, person_unit = caller.person_id, caller.unit_id
    else:
        person = session.get(Person, caller.person_id)
        assert person is not None
        person_id, person_unit = person.id, person.unit_id
    units = _units(session, log)
    keys = actor_keys(person_id, person_unit, caller.grants, units)
    return Actor(person_id, person_unit, caller.grants, keys, ceiling)


def _digest(keys: frozenset[str]) -> str:
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()


PUBLISHING = frozenset({"publish", "approve"})  # notice actions that may publish it


class NeedsWrite(Exception):
    """A read-only (no-op) sync found it has something to write: run it again, writing."""


def _client_row(
    session: Session, device_id: str, *, lock: bool = True
) -> tuple[SyncClient, SyncLog | None]:
    """The device's sync row (locked, created on first use), or for a no-op sync the row read
    without a lock together with the change log's row, in one round trip. The log row is
    returned rather than looked up again: the session's identity map holds it only weakly."""
    if not lock:
        both = session.execute(
            select(SyncClient, SyncLog)
            .join(SyncLog, SyncLog.id == 1)
            .where(SyncClient.device_id == device_id)
            # The cached last reply (up to megabytes) is only for repeated pushes.
            .options(defer(SyncClient.last_reply), defer(SyncClient.last_request))
        ).first()
        if both is None:
            raise NeedsWrite
        return both[0], both[1]
    row = session.scalar(
        select(SyncClient)
        .where(SyncClient.device_id == device_id)
        .with_for_update()
        # The last reply (hundreds of kB after a push) is read only for a repeated request.
        .options(defer(SyncClient.last_reply))
    )
    if row is None:
        row = SyncClient(device_id=device_id, last_mutation_id=0)
        session.add(row)
        session.flush()
    return row, None


@dataclass(slots=True)
class _Result:
    id: int
    status: Status
    version: int = 0
    error: str | None = None
    record: merge.State | None = None
    side_writes: bool = False

    def encode(self) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "status": self.status.value,
            "version": self.version,
        }
        if self.error is not None:
            out["error"] = self.error
        if self.record is not None:
            r = self.record
            out["record"] = {
                "id": r.id,
                "type": r.type,
                "version": r.version,
                "deleted": r.deleted,
                "data": {} if r.deleted else r.data,
            }
        return out


def handle(
    session: Session,
    *,
    caller: Caller,
    request: SyncRequest,
    request_digest: str,
    now: datetime,
    max_page_bytes: int = MAX_PAGE_BYTES,
    read_only: bool = False,
    ceiling: str = "内部",
    published: list[str] | None = None,
    client_update: dict[str, str | None] | None = None,
) -> bytes:
    """The reply body (JSON bytes) for ``request``; SyncRefused refuses it whole.

    ``read_only`` (a request without mutations, in a transaction that takes no write lock): the
    device's row is read without locking it, and NeedsWrite is raised instead of writing
    anything (a first sync, a changed scope); the caller then runs it again normally.
    ``published`` collects the notices this request published (their SMS go out once the
    transaction has committed). ``client_update``: the server's announcement of client releases,
    carried by the reply (server/releases.py; the client version was checked before this)."""
    if not MIN_PROTOCOL_VERSION <= request.protocol <= PROTOCOL_VERSION:
        newer = request.protocol > PROTOCOL_VERSION
        raise SyncRefused(
            426,
            "服务器版本较旧，请联系管理员升级服务器"
            if newer
            else "客户端版本过旧，请安装新版本后再同步（本地数据已保留）",
            server_protocol=PROTOCOL_VERSION,
        )
    if read_only and request.mutations:
        raise NeedsWrite
    client, read_log = _client_row(session, caller.device_id, lock=not read_only)
    if request.mutations and client.last_request == request_digest and client.last_reply:
        return client.last_reply  # a repeated request (lost reply): the same answer again
    actor = actor_for(session, caller, read_log, ceiling)
    results, skip, conflicted, unseen = _apply(
        session, client=client, request=request, actor=actor, device_id=caller.device_id, now=now
    )
    if published is not None:
        published += [
            m.record_id
            for m, r in zip(request.mutations, results, strict=True)
            if m.type == "notice"
            and m.action in PUBLISHING
            and r.status in (Status.APPLIED, Status.MERGED)
        ]
    if any(r.side_writes for r in results):
        # Records an action made elsewhere (a 收文 made by 签收) are not in the results: the
        # sender gets them in the page like any other change.
        skip = (0, 0)

    log = read_log or log_state(session)  # a no-op sync wrote nothing: the log stands still
    digest = _digest(actor.keys)
    cursor, reset = request.cursor, "none"
    if _starts_over(request, log, client.scope_digest, digest):
        cursor, reset, skip = 0, "replace", (0, 0)
    if read_only and client.scope_digest != digest:
        raise NeedsWrite
    client.scope_digest = digest
    page = read_page(
        session,
        keys=actor.keys,
        cursor=cursor,
        hi=log.seq,
        skip=skip,
        own_conflicts=conflicted,
        max_rows=request.page_rows,
        max_bytes=max_page_bytes,
    )
    head = {
        "protocol": PROTOCOL_VERSION,
        "epoch": log.epoch,
        "last_mutation_id": client.last_mutation_id,
        "results": [r.encode() for r in results],
        "drops": sorted({*page.drops, *unseen}),
        "cursor": page.cursor,
        "has_more": page.has_more,
        "reset": reset,
    }
    reply = _reply_bytes(head, client_update, page.changes)
    if request.mutations:
        client.last_request = request_digest
        client.last_reply = reply
        client.updated_at = now
    return reply


class LogPosition(Protocol):
    """Where the change log stands: the SyncLog row, or the same columns of a query's row."""

    epoch: str
    seq: int
    purged_seq: int


def _starts_over(
    request: SyncRequest, log: LogPosition, held_digest: str | None, digest: str
) -> bool:
    """Whether the client must replace its copy and pull from the start: a new epoch (a restore
    or reset), a cursor this log never gave out or has purged, or a changed scope."""
    cursor = request.cursor
    return (
        request.epoch is None
        or request.epoch != log.epoch
        or cursor > log.seq
        or 0 < cursor < log.purged_seq
        or (cursor > 0 and held_digest not in (None, digest))
    )


def _reply_bytes(
    head: dict[str, object], client_update: dict[str, str | None] | None, changes: list[bytes]
) -> bytes:
    if client_update is not None:
        head["client_update"] = client_update
    body = orjson.dumps(head)
    return body[:-1] + b',"changes":[' + b",".join(changes) + b"]}"


def noop_reply(
    conn: Connection,
    *,
    caller: Caller,
    request: SyncRequest,
    state: NoOpState,
    client_update: dict[str, str | None] | None,
) -> bytes | None:
    """The reply to a sync with nothing to push and nothing new to pull, from the caller's sync
    row and the log position read with its authentication (server/fast_sync.py); None when the
    request needs more than that (a push, a page to read, a reset, a changed scope): the full
    path then answers it. The bytes are those ``handle`` gives for the same request."""
    if (
        request.mutations
        or not MIN_PROTOCOL_VERSION <= request.protocol <= PROTOCOL_VERSION
        or state.last_mutation_id is None  # no sync row yet: a first sync writes one
        or request.cursor != state.seq
        or caller.unit_id is None
    ):
        return None
    units = _units(conn, state)
    keys = actor_keys(caller.person_id, caller.unit_id, caller.grants, units)
    digest = _digest(keys)
    if state.scope_digest != digest or _starts_over(request, state, state.scope_digest, digest):
        return None
    head: dict[str, object] = {
        "protocol": PROTOCOL_VERSION,
        "epoch": state.epoch,
        "last_mutation_id": state.last_mutation_id,
        "results": [],
        "drops": [],
        "cursor": state.seq,
        "has_more": False,
        "reset": "none",
    }
    return _reply_bytes(head, client_update, [])


class NoOpState(LogPosition, Protocol):
    """The device's sync row (None columns when it has none) beside the log position."""

    last_mutation_id: int | None
    scope_digest: str | None


def _apply(
    session: Session,
    *,
    client: SyncClient,
    request: SyncRequest,
    actor: Actor,
    device_id: str,
    now: datetime,
) -> tuple[list[_Result], tuple[int, int], bool, list[str]]:
    """The results, the sequence range the writes took, whether conflicts were recorded, and
    what was written that the sender may not see (an opinion on a notice the same batch returned
    to its drafter): the client holds it from the results, so it is told to drop it."""
    muts = request.mutations
    if not muts:
        return [], (0, 0), False, []
    ids = [m.id for m in muts]
    if any(b <= a for a, b in itertools.pairwise(ids)):
        raise SyncRefused(400, "同步请求中的变更编号必须递增")
    fresh = [m for m in muts if m.id > client.last_mutation_id]
    if fresh and request.prev_mutation_id > client.last_mutation_id:
        # The client saw mutations acknowledged that are not applied here: a batch overtook the
        # one before it, or the server was restored from a backup. Refuse; the client resends
        # from ``last_mutation_id`` in order.
        raise SyncRefused(
            409,
            "同步批次顺序错误，请按顺序重发",
            last_mutation_id=client.last_mutation_id,
        )
    states = load_states(session, [m.record_id for m in muts])
    writer = RecordWriter(session, now)
    lookup = DbLookup(session, {})
    now_iso = now.isoformat()
    results: list[_Result] = []
    for m in muts:
        current = states.get(m.record_id)
        if m.id <= client.last_mutation_id:
            results.append(
                _Result(m.id, Status.DUPLICATE, current.version if current else 0, record=current)
            )
            continue
        results.append(
            _decide(
                m,
                current=current,
                states=states,
                writer=writer,
                lookup=lookup,
                actor=actor,
                device_id=device_id,
                now_iso=now_iso,
            )
        )
    if fresh:
        client.last_mutation_id = fresh[-1].id
    blobs.index_refs(session, [s.state for s in writer.staged.values()])
    meetings.index_bookings(session, [s.state for s in writer.staged.values()])
    conflicted = any(s.state.type == "conflict" for s in writer.staged.values())
    lo, hi = writer.flush(lookup)
    return results, (lo, hi), conflicted, writer.out_of_scope(actor.keys)


def _decide(
    m: Mutation,
    *,
    current: merge.State | None,
    states: dict[str, merge.State],
    writer: RecordWriter,
    lookup: DbLookup,
    actor: Actor,
    device_id: str,
    now_iso: str,
) -> _Result:
    try:
        rt = record_type(m.type)
    except Exception as exc:
        return _Result(m.id, Status.REJECTED, error=str(exc))
    if current is not None and current.type != m.type:
        return _Result(m.id, Status.REJECTED, error="记录类型与服务器不一致")
    if attachments.FIELD in m.fields:  # an edit's attachments, or the file an action adds
        # Safety net (specs/sync.md §9): the client holds a record back until its blobs are in.
        who = blobs.Who(actor.person_id, device_id, actor.keys)
        why = blobs.check_refs(lookup.session, m.fields, who)
        if why is not None:
            version = current.version if current else 0
            return _Result(m.id, Status.REJECTED, version, error=why, record=current)
    outcome = merge.decide(
        current, m, rt, actor=actor, device_id=device_id, now=now_iso, lookup=lookup
    )
    if outcome.state is not None:
        states[m.record_id] = outcome.state
        lookup.staged[m.record_id] = outcome.state
        writer.stage(outcome.state, existed=current is not None)
    for w in outcome.writes:
        target = lookup.state(w.record_id)
        if target is not None and target.type != w.type:
            continue  # an id clash with another kind of record: never overwrite it
        written = merge.apply_write(target, w, device_id=device_id, actor=actor)
        states[w.record_id] = written
        lookup.staged[w.record_id] = written
        writer.stage(written, existed=target is not None)
    for note in outcome.conflicts:
        _record_conflict(writer, m, note, now_iso)
    state = states.get(m.record_id)
    version = state.version if state else 0
    if outcome.status is Status.APPLIED and not outcome.writes:
        return _Result(m.id, outcome.status, version)
    return _Result(
        m.id,
        outcome.status,
        version,
        error=outcome.error,
        record=state,
        side_writes=bool(outcome.writes),
    )


def _record_conflict(writer: RecordWriter, m: Mutation, note: merge.ConflictNote, now: str) -> None:
    people = [p for p in dict.fromkeys((note.lost_by, note.kept_by)) if p]
    data = {
        "record_type": m.type,
        "record_id": m.record_id,
        "field": note.field,
        "kept": note.kept,
        "lost": note.lost,
        "kept_by": note.kept_by,
        "lost_by": note.lost_by,
        "reason": note.reason,
        "person_ids": people,
        "created_at": now,
        "resolved": False,
    }
    writer.stage(merge.State(new_id(), "conflict", data, 1), existed=False)
