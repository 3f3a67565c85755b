"""The server's change log: storing decided records, their scopes, and reading pages back.

Writes go through ``RecordWriter``: records are staged while a request is decided, then written
with one executemany per table, and sequence numbers are taken last, under the sync_log row
lock, just before commit (so sequence order is commit order).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Table, bindparam, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from app.db.bulk import executemany
from app.domain.meeting import Booking
from app.sync.members import unit_members
from app.sync.merge import State
from app.sync.records import Data, Lookup, record_type
from server.meetings import room_bookings
from server.models import Base, NumberSeries, SyncDrop, SyncLog, SyncRecord, SyncScope

CHUNK = 500  # ids per IN (...) query: well under every driver's parameter limit


def sa_table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def chunks(items: list[str], size: int = CHUNK) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def load_states(session: Session, ids: Iterable[str]) -> dict[str, State]:
    out: dict[str, State] = {}
    wanted = list(dict.fromkeys(ids))
    t = sa_table(SyncRecord)
    for part in chunks(wanted):
        rows = session.execute(
            select(t.c.id, t.c.type, t.c.data, t.c.meta, t.c.version, t.c.deleted).where(
                t.c.id.in_(part)
            )
        )
        for rid, rtype, data, meta, version, deleted in rows:
            out[rid] = State(rid, rtype, orjson.loads(data), version, deleted, orjson.loads(meta))
    return out


def load_scopes(session: Session, ids: Iterable[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for part in chunks(list(ids)):
        rows = session.execute(
            select(SyncScope.record_id, SyncScope.key).where(SyncScope.record_id.in_(part))
        )
        for rid, key in rows:
            out.setdefault(rid, set()).add(key)
    return out


class DbLookup(Lookup):
    """Records and scopes as they stand in this transaction, plus what this request staged."""

    def __init__(self, session: Session, staged: dict[str, State]) -> None:
        self.session = session
        self.staged = staged
        self._cache: dict[str, State | None] = {}
        self._scopes: dict[str, set[str]] = {}

    def get(self, record_id: str) -> Data | None:
        state = self.staged.get(record_id)
        if state is None:
            if record_id not in self._cache:
                self._cache[record_id] = load_states(self.session, [record_id]).get(record_id)
            state = self._cache[record_id]
        return None if state is None or state.deleted else state.data

    def get_many(self, record_ids: list[str]) -> dict[str, Data | None]:
        """Many records in a few queries; remembered, so the side writes that follow (a
        notice's 5,000 receipts) find their targets without a query each."""
        missing = [r for r in record_ids if r not in self.staged and r not in self._cache]
        found = load_states(self.session, missing)
        for rid in missing:
            self._cache[rid] = found.get(rid)
        return {rid: self.get(rid) for rid in record_ids}

    def members(self, unit_ids: list[str]) -> list[tuple[str, str]]:
        return unit_members(self.session, unit_ids)

    def scopes(self, record_id: str) -> set[str]:
        if record_id not in self._scopes:
            self._scopes[record_id] = load_scopes(self.session, [record_id]).get(record_id, set())
        return self._scopes[record_id]

    def remember_scopes(self, record_id: str, keys: set[str]) -> None:
        self._scopes[record_id] = keys

    def allocate(self, series: str) -> int:
        return next_number(self.session, series)

    def bookings(self, room_id: str, start: int, end: int, exclude: str) -> list[Booking]:
        return room_bookings(
            self.session, self.staged, room_id=room_id, start=start, end=end, exclude=exclude
        )

    def state(self, record_id: str) -> State | None:
        """The full stored state (version and field meta), staged first."""
        if record_id in self.staged:
            return self.staged[record_id]
        self.get(record_id)
        return self._cache[record_id]


def next_number(session: Session, series: str) -> int:
    """The next number of ``series``; the row stays locked until this transaction ends."""
    t = sa_table(NumberSeries)
    stmt = (
        upsert(session, t)
        .values(series=series, value=1)
        .on_conflict_do_update(index_elements=["series"], set_={"value": t.c.value + 1})
        .returning(t.c.value)
    )
    return int(session.execute(stmt).scalar_one())


def upsert(session: Session, table: Table) -> Any:
    """INSERT … ON CONFLICT for the session's database (SQLite and PostgreSQL spell it alike)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


@dataclass(slots=True)
class Staged:
    state: State
    existed: bool


def _parent(state: State) -> str | None:
    name = record_type(state.type).parent_field
    value = state.data.get(name) if name else None
    return str(value) if value else None


class RecordWriter:
    """Collects decided records of one transaction and writes them in bulk at the end."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session = session
        self.now = now
        self.staged: dict[str, Staged] = {}  # insertion order = log order
        self.written: dict[str, set[str]] = {}  # what was flushed: record id -> its scope keys

    def stage(self, state: State, *, existed: bool) -> None:
        # ``existed`` is about the database: a record created earlier in this same request
        # is still an insert.
        prior = self.staged.pop(state.id, None)
        self.staged[state.id] = Staged(state, prior.existed if prior else existed)

    @staticmethod
    def _scope(items: list[Staged], out: dict[str, set[str]], lookup: DbLookup) -> None:
        for s in items:
            st = s.state
            keys = record_type(st.type).scopes(st.data, lookup)
            out[st.id] = keys
            lookup.remember_scopes(st.id, keys)

    def flush(self, lookup: DbLookup) -> tuple[int, int]:
        """Write everything staged; returns the sequence range (lo, hi] it was given."""
        if not self.staged:
            return (0, 0)
        # Records that take their scopes from another one (opinions from what they comment on)
        # come after it, so they see its new scopes.
        items = sorted(
            self.staged.values(), key=lambda s: record_type(s.state.type).parent_field is not None
        )
        # A record new to the database has no scopes yet (they reference it): skip the lookup.
        old_scopes = load_scopes(self.session, [s.state.id for s in items if s.existed])
        new_scopes: dict[str, set[str]] = {}
        for s in items:
            lookup.staged[s.state.id] = s.state
        self._scope(items, new_scopes, lookup)
        widened = [
            s.state.id for s in items if new_scopes[s.state.id] != old_scopes.get(s.state.id)
        ]
        children = [
            Staged(st, True)
            for st in load_children(self.session, widened).values()
            if st.id not in self.staged
        ]
        if children:
            old_scopes.update(load_scopes(self.session, [c.state.id for c in children]))
            self._scope(children, new_scopes, lookup)
            items += children
        hi = allocate(self.session, len(items))
        lo = hi - len(items)
        rows = [
            {
                "id": s.state.id,
                "type": s.state.type,
                "data": orjson.dumps(s.state.data).decode(),
                "meta": orjson.dumps(s.state.meta).decode(),
                "version": s.state.version,
                "deleted": s.state.deleted,
                "parent_id": _parent(s.state),
                "seq": lo + i + 1,
                "updated_at": self.now,
            }
            for i, s in enumerate(items)
        ]
        t = sa_table(SyncRecord)
        fresh = [r for r, s in zip(rows, items, strict=True) if not s.existed]
        old = [{**r, "rid": r["id"]} for r, s in zip(rows, items, strict=True) if s.existed]
        if fresh:
            executemany(self.session, insert(t), fresh)
        if old:
            # Moving seqs of existing rows: park them out of the unique range first is not
            # needed, as new values are all above every existing one.
            cols: dict[str, Any] = {
                k: bindparam(k) for k in ("type", "data", "meta", "version", "deleted", "seq")
            }
            self.session.execute(
                update(t).where(t.c.id == bindparam("rid")).values(**cols, updated_at=self.now),
                old,
                execution_options={"synchronize_session": False},
            )
        added, removed, drops = [], [], []
        for r in rows:
            rid = str(r["id"])
            before, after = old_scopes.get(rid, set()), new_scopes[rid]
            added += [{"record_id": rid, "key": k} for k in after - before]
            for k in before - after:
                removed.append((rid, k))
                drops.append({"seq": r["seq"], "record_id": rid, "key": k, "created_at": self.now})
        if added:
            executemany(self.session, insert(sa_table(SyncScope)), added)
        for rid, k in removed:
            self.session.execute(
                delete(SyncScope).where(SyncScope.record_id == rid, SyncScope.key == k)
            )
        if drops:
            executemany(self.session, insert(sa_table(SyncDrop)), drops)
        self.staged.clear()
        self.written.update(new_scopes)
        return lo, hi

    def out_of_scope(self, keys: frozenset[str]) -> list[str]:
        """Records written here that no key of ``keys`` reaches."""
        return [rid for rid, scopes in self.written.items() if scopes.isdisjoint(keys)]


def load_children(session: Session, parent_ids: list[str]) -> dict[str, State]:
    """Records whose scopes follow one of ``parent_ids`` (they move along when those change)."""
    t = sa_table(SyncRecord)
    ids: list[str] = []
    for part in chunks(parent_ids):
        ids += session.scalars(select(t.c.id).where(t.c.parent_id.in_(part))).all()
    return load_states(session, ids)


def allocate(session: Session, n: int) -> int:
    """Take ``n`` sequence numbers; returns the highest. Holds the sync_log row lock to commit."""
    hi = session.execute(
        update(SyncLog).where(SyncLog.id == 1).values(seq=SyncLog.seq + n).returning(SyncLog.seq)
    ).scalar_one()
    return int(hi)


def log_state(session: Session) -> SyncLog:
    row = session.get(SyncLog, 1)
    if row is None:  # pragma: no cover - the migration inserts it
        raise RuntimeError("sync_log row missing: run `python -m server init`")
    return row


def publish(session: Session, *, type_: str, record_id: str, data: Data, now: datetime) -> None:
    """Write a server-authored record (org tree) into the log, visible per its type's scopes."""
    current = load_states(session, [record_id]).get(record_id)
    state = State(record_id, type_, dict(data), (current.version if current else 0) + 1)
    writer = RecordWriter(session, now)
    writer.stage(state, existed=current is not None)
    writer.flush(DbLookup(session, {}))


@dataclass(frozen=True, slots=True)
class Page:
    changes: list[bytes]  # each a JSON object, ready to splice into the reply
    drops: list[str]
    cursor: int
    has_more: bool
    rows: int


_ROW = b'{"id":%s,"type":%s,"version":%d,"deleted":%s,"data":%s}'


def read_page(
    session: Session,
    *,
    keys: frozenset[str],
    cursor: int,
    hi: int,
    skip: tuple[int, int],
    max_rows: int,
    max_bytes: int,
    own_conflicts: bool = True,
) -> Page:
    """Changes in (cursor, hi] visible under ``keys``, oldest first, bounded by rows and bytes.

    ``skip`` is the sequence range this very request wrote: its records went back as results,
    so only the server-made ones among them are sent again: the conflicts it recorded, if
    ``own_conflicts``.
    """
    if cursor == hi:  # nothing was logged after the cursor (a no-op sync): no queries at all
        return Page([], [], cursor, False, 0)
    top = hi
    if not own_conflicts and skip[1] == hi and cursor <= skip[0] < hi:
        # A push with nothing to send back from its own range, which tops the log: read below
        # it instead of stepping over the thousands of rows it just wrote.
        top = skip[0]
    key_list = sorted(keys)
    params: dict[str, Any] = {"cursor": cursor, "hi": top, "lo_s": skip[0], "hi_s": skip[1]}
    params.update({f"k{i}": k for i, k in enumerate(key_list)})
    in_keys = ", ".join(f":k{i}" for i in range(len(key_list)))
    sql = text(
        "SELECT r.id, r.type, r.version, r.deleted, r.data, r.seq FROM sync_records r "
        "WHERE r.seq > :cursor AND r.seq <= :hi "
        "AND NOT (r.seq > :lo_s AND r.seq <= :hi_s AND r.type <> 'conflict') "
        "AND EXISTS (SELECT 1 FROM sync_scopes s "
        f"WHERE s.record_id = r.id AND s.key IN ({in_keys})) "
        "ORDER BY r.seq LIMIT :limit"
    )
    params["limit"] = max_rows + 1
    rows = session.execute(sql, params).all() if top > cursor else []
    changes: list[bytes] = []
    size = 0
    end = hi
    has_more = False
    for i, (rid, rtype, version, deleted, data, _seq) in enumerate(rows):
        if i == max_rows or (changes and size + len(data) > max_bytes):
            has_more = True
            end = rows[i - 1][5]
            break
        payload = b"{}" if deleted else data.encode()
        changes.append(
            _ROW
            % (
                orjson.dumps(rid),
                orjson.dumps(rtype),
                version,
                b"true" if deleted else b"false",
                payload,
            )
        )
        size += len(payload)
    drops = _drops(session, key_list, cursor, end)
    return Page(changes, drops, end, has_more, len(changes))


def _drops(session: Session, keys: list[str], cursor: int, end: int) -> list[str]:
    """Records that lost a key of ours in (cursor, end] and that no key of ours still reaches."""
    candidates = session.scalars(
        select(SyncDrop.record_id)
        .where(SyncDrop.seq > cursor, SyncDrop.seq <= end, SyncDrop.key.in_(keys))
        .distinct()
    ).all()
    if not candidates:
        return []
    visible = set(
        session.scalars(
            select(SyncScope.record_id).where(
                SyncScope.record_id.in_(candidates), SyncScope.key.in_(keys)
            )
        )
    )
    return sorted(set(candidates) - visible)


def purge_tombstones(session: Session, *, older_than: datetime) -> int:
    """Forget deleted records and drop notices older than ``older_than`` (the retention horizon).

    ``purged_seq`` becomes the highest sequence number forgotten: a client whose cursor is below
    it may have missed a deletion or a drop, so its next sync is a replacement (specs/sync.md §8).
    Returns how many tombstones were removed.
    """
    t = sa_table(SyncRecord)
    dead = session.execute(
        select(t.c.id, t.c.seq).where(t.c.deleted.is_(True), t.c.updated_at < older_than)
    ).all()
    ids = [str(rid) for rid, _seq in dead]
    top = max((int(seq) for _rid, seq in dead), default=0)
    drop_top = session.scalar(
        select(func.max(SyncDrop.seq)).where(SyncDrop.created_at < older_than)
    )
    top = max(top, int(drop_top or 0))
    for part in chunks(ids):
        session.execute(delete(SyncScope).where(SyncScope.record_id.in_(part)))
        session.execute(delete(t).where(t.c.id.in_(part)))
    session.execute(delete(SyncDrop).where(SyncDrop.created_at < older_than))
    if top:
        session.execute(
            update(SyncLog).where(SyncLog.id == 1, SyncLog.purged_seq < top).values(purged_seq=top)
        )
    return len(ids)


def new_epoch(session: Session) -> str:
    """Give the change log a new identity (after restoring a backup): every client's next sync
    is a replacement, and clients re-send what they had acknowledged but this copy lacks."""
    epoch = str(uuid.uuid4())
    session.execute(update(SyncLog).where(SyncLog.id == 1).values(epoch=epoch))
    return epoch
