"""The client's side of records: typed local tables, the outbox, and the server shadow.

Services change data only through ``write``: it updates the typed table and appends the outbox
entry in the caller's transaction, so an edit and its entry exist together or not at all. The
sync engine puts server state in place through ``put_server_state`` and re-applies pending local
edits on top (``rebase``) — server value first, then the user's unsent fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Table, delete, select, update
from sqlalchemy.dialects.sqlite import Insert, insert
from sqlalchemy.orm import Session

from app.db import models as m
from app.db.bulk import executemany
from app.domain.org import RoleGrant
from app.domain.pinyin import search_keys
from app.errors import UserError
from app.sync import meeting_local as ml
from app.sync.notice_local import notice_row, receipts_after
from app.sync.protocol import Op
from app.sync.records import Actor, Data, record_type

Row = dict[str, Any]


def _table(model: type[m.Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


_UPSERTS: dict[tuple[str, tuple[str, ...]], Insert] = {}


def _upsert(table: Table, keys: tuple[str, ...]) -> Insert:
    """INSERT .. ON CONFLICT (id) DO UPDATE of ``keys``, built once per table and key set
    (building ``excluded`` aliases the table, which is slow enough to matter per page)."""
    stmt = _UPSERTS.get((table.name, keys))
    if stmt is None:
        base = insert(table)
        changed = {k: base.excluded[k] for k in keys if k != "id"}
        stmt = _UPSERTS[(table.name, keys)] = base.on_conflict_do_update(
            index_elements=["id"], set_=changed
        )
    return stmt


def _json_list(value: Any) -> str:
    return orjson.dumps(list(value or [])).decode()


def _json(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def _text(value: Any) -> str:
    return str(value or "")


def _moment(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    moment = datetime.fromisoformat(str(value))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


@dataclass(frozen=True)
class Adapter:
    """Maps a record type's JSON fields onto a local table's columns."""

    model: type[m.Base]
    # field -> column converter (identity when absent); fields not listed are not stored
    columns: Mapping[str, Callable[[Any], Any] | None]
    derived: Callable[[Data], Row] | None = None  # extra columns computed from the data
    after: Callable[[Session, list[tuple[str, Data]]], None] | None = None
    gone: Callable[[Session, Sequence[str]], None] | None = None  # after rows are deleted

    def _row(self, rid: str, data: Data) -> Row:
        row: Row = {"id": rid}
        for name, convert in self.columns.items():
            if name in data:
                row[name] = convert(data[name]) if convert else data[name]
        if self.derived:
            row.update(self.derived(data))
        return row

    def upsert(self, session: Session, items: list[tuple[str, Data]]) -> None:
        if not items:
            return
        table = _table(self.model)
        rows = [self._row(rid, data) for rid, data in items]
        groups: dict[tuple[str, ...], list[Row]] = {}
        for r in rows:
            groups.setdefault(tuple(sorted(r)), []).append(r)
        for keys, same in groups.items():
            executemany(session, _upsert(table, keys), same)
        if self.after:
            self.after(session, items)

    def patch(self, session: Session, rid: str, fields: Data) -> None:
        row = self._row(rid, fields)
        row.pop("id")
        if row:
            table = _table(self.model)
            session.execute(update(table).where(table.c.id == rid).values(**row))
        if self.after:
            self.after(session, [(rid, fields)])

    def delete(self, session: Session, ids: Sequence[str]) -> None:
        table = _table(self.model)
        for i in range(0, len(ids), 500):
            session.execute(delete(table).where(table.c.id.in_(ids[i : i + 500])))
        if self.gone:
            self.gone(session, ids)


def _person_roles(session: Session, items: list[tuple[str, Data]]) -> None:
    for rid, data in items:
        if "roles" not in data:
            continue
        session.execute(delete(m.PersonRole).where(m.PersonRole.person_id == rid))
        for g in data["roles"] or ():
            session.add(m.PersonRole(person_id=rid, role=g["role"], unit_id=g["unit_id"]))
    session.flush()


def _person_keys(data: Data) -> Row:
    if "name" not in data:
        return {}
    initials, full = search_keys(data["name"])
    return {"pinyin_initials": initials, "pinyin_full": full}


DOC_COLUMNS: Mapping[str, Callable[[Any], Any] | None] = {
    "state": None,
    "doc_type": None,
    "title": None,
    "doc_number": None,
    "register_number": None,
    "from_unit": None,
    "unit_id": None,
    "classification": None,
    "urgency": None,
    "deadline": None,
}


def _doc_row(direction: str) -> Callable[[Data], Row]:
    def derived(data: Data) -> Row:
        row: Row = {"direction": direction}
        for src in ("drafter_id", "created_by"):
            if src in data:
                row["author_id"] = data[src]
        for src in ("received_date", "received_at", "sign_date"):  # paper, exchange, 发文
            if data.get(src):
                row["doc_date"] = data[src]
        return row

    return derived


def _doc_keys(session: Session, items: list[tuple[str, Data]]) -> None:
    """Keep the 待办 (handler) and 已办 (actor) keys of each document in step."""
    t = _table(m.DocumentKey)
    for rid, data in items:
        if "handlers" in data:
            session.execute(delete(t).where(t.c.doc_id == rid, t.c.kind == "handler"))
            keys = dict.fromkeys(data.get("handlers") or [])
            if data.get("mode") == "seq":
                keys = dict.fromkeys(list(keys)[:1])
            rows = [{"doc_id": rid, "kind": "handler", "key": k} for k in keys]
            if rows:
                executemany(session, insert(t), rows)
        if "log" in data:
            session.execute(delete(t).where(t.c.doc_id == rid, t.c.kind == "actor"))
            people = dict.fromkeys(f"person:{e.get('by')}" for e in data.get("log") or [])
            rows = [{"doc_id": rid, "kind": "actor", "key": k} for k in people]
            if rows:
                executemany(session, insert(t), rows)


def _doc_index(session: Session, items: list[tuple[str, Data]]) -> None:
    """Keep the search index (app/search) in step with the documents, in the same transaction.
    The list row is already written; the body comes with the change or, for an edit that did
    not touch it, from the record as this client holds it."""
    from datetime import date

    from app.search import DocIndexEntry, index_documents

    entries = []
    d = _table(m.Document)
    ids = [rid for rid, _ in items]
    # Core, not session.get: an ORM object loaded earlier in this session would be stale.
    rows = {
        r.id: r
        for i in range(0, len(ids), 500)
        for r in session.execute(select(d).where(d.c.id.in_(ids[i : i + 500])))
    }
    for rid, data in items:
        row = rows.get(rid)
        if row is None:
            continue
        if "body" in data:
            body = str(data.get("body") or "")
        else:
            full = local_data(session, "outdoc" if row.direction == "out" else "indoc", rid)
            body = str((full or {}).get("body") or "")
        day = (row.doc_date or "")[:10]
        entries.append(
            DocIndexEntry(
                doc_id=rid,
                direction=row.direction,
                doc_type=row.doc_type,
                title=row.title,
                doc_number=row.doc_number or row.register_number,
                from_unit=row.from_unit,
                doc_date=date.fromisoformat(day) if day else None,
                body=body,
            )
        )
    if entries:
        index_documents(session, entries)


def _doc_gone(session: Session, ids: Sequence[str]) -> None:
    from app.search import remove_documents

    t = _table(m.DocumentKey)
    for i in range(0, len(ids), 500):
        session.execute(delete(t).where(t.c.doc_id.in_(ids[i : i + 500])))
    remove_documents(session, ids)


def _doc_after(session: Session, items: list[tuple[str, Data]]) -> None:
    session.flush()  # the list rows first: the index reads them
    _doc_keys(session, items)
    _doc_index(session, items)


_ADAPTERS: dict[str, Adapter] = {
    "unit": Adapter(
        m.Unit,
        dict.fromkeys(
            ("parent_id", "name", "short_name", "level", "kind", "code_prefix", "sort_order")
        ),
    ),
    "person": Adapter(
        m.Person,
        dict.fromkeys(("unit_id", "username", "name", "title", "phone", "sort_order", "active")),
        derived=_person_keys,
        after=_person_roles,
    ),
    "notice": Adapter(
        m.Notice,
        {
            "title": None,
            "body": _text,
            "body_html": _text,
            "urgency": None,
            "classification": _text,
            "sender_id": None,
            "state": None,
            "reviewer_id": None,
            "published_at": _moment,
            "withdrawn_at": _moment,
            "publish_at": _moment,
            "expires_at": _moment,
            "recipient_unit_ids": _json_list,
            "recipient_person_ids": _json_list,
            "recipient_group_ids": _json_list,
            "attachments": _json_list,
            "receipt": _json,
            "withdraw_reason": None,
            "sms": _json,
        },
        derived=notice_row,
    ),
    "notice_receipt": Adapter(
        m.NoticeReceipt,
        {
            "notice_id": None,
            "person_id": None,
            "unit_id": None,
            "sender_id": None,
            "delivered_at": _moment,
            "read_at": _moment,
            "acked_at": _moment,
            "answers": lambda v: orjson.dumps(v or {}).decode(),
            "reminded_at": _moment,
            "reminders": lambda v: int(v or 0),
        },
        after=receipts_after,
    ),
    "contact_group": Adapter(
        m.ContactGroup,
        {"owner_id": None, "name": None, "unit_ids": _json_list, "person_ids": _json_list},
    ),
    "room": Adapter(m.Room, ml.ROOM_COLUMNS, derived=ml.room_row),
    "meeting": Adapter(
        m.Meeting, ml.MEETING_COLUMNS, derived=ml.meeting_row, after=ml.after, gone=ml.gone
    ),
    "meeting_attendance": Adapter(m.MeetingAttendanceRow, ml.ATTENDANCE_COLUMNS),
    "meeting_decision": Adapter(m.MeetingDecisionRow, ml.DECISION_COLUMNS),
    "opinion": Adapter(
        m.Opinion,
        dict.fromkeys(
            ("record_type", "record_id", "author_id", "text", "created_at", "action", "role")
        ),
    ),
    "outdoc": Adapter(
        m.Document, DOC_COLUMNS, derived=_doc_row("out"), after=_doc_after, gone=_doc_gone
    ),
    "indoc": Adapter(
        m.Document, DOC_COLUMNS, derived=_doc_row("in"), after=_doc_after, gone=_doc_gone
    ),
    "exchange": Adapter(
        m.Exchange,
        dict.fromkeys(
            (
                "doc_id",
                "from_unit_id",
                "from_unit",
                "to_unit_id",
                "to_unit",
                "kind",
                "status",
                "title",
                "doc_number",
                "urgency",
                "sent_at",
                "reason",
                "reply",
                "indoc_id",
            )
        ),
    ),
    "phrase": Adapter(m.Phrase, dict.fromkeys(("owner_id", "text", "sort_order"))),
    "seal_key": Adapter(
        m.SealKey, dict.fromkeys(("unit_id", "unit_name", "public_key", "created_at", "revoked_at"))
    ),
    "conflict": Adapter(
        m.SyncConflict,
        {
            "record_type": None,
            "record_id": None,
            "field": None,
            "kept": lambda v: orjson.dumps(v).decode(),
            "lost": lambda v: orjson.dumps(v).decode(),
            "kept_by": None,
            "lost_by": None,
            "reason": None,
            "created_at": None,
            "resolved": bool,
        },
    ),
}


def adapter(type_name: str) -> Adapter:
    try:
        return _ADAPTERS[type_name]
    except KeyError:
        raise UserError(f"本版本不支持记录类型：{type_name}") from None


def known_type(type_name: str) -> bool:
    return type_name in _ADAPTERS


# --- local edits ---------------------------------------------------------------------------


def shadow_of(session: Session, rid: str) -> tuple[int, Data] | None:
    row = session.get(m.SyncShadow, rid)
    return (row.version, orjson.loads(row.data)) if row else None


def shadows_of(session: Session, ids: Iterable[str]) -> dict[str, tuple[int, Data] | None]:
    """``shadow_of`` for many records in a few queries (None where there is no shadow)."""
    wanted = list(dict.fromkeys(ids))
    out: dict[str, tuple[int, Data] | None] = dict.fromkeys(wanted)
    t = _table(m.SyncShadow)
    for i in range(0, len(wanted), 500):
        rows = session.execute(
            select(t.c.id, t.c.version, t.c.data).where(t.c.id.in_(wanted[i : i + 500]))
        )
        for rid, version, data in rows:
            out[rid] = (version, orjson.loads(data))
    return out


def local_actor(person_id: str, unit_id: str, grants: Iterable[RoleGrant]) -> Actor:
    return Actor(person_id, unit_id, tuple(grants))


def write(
    session: Session,
    *,
    actor: Actor,
    type_name: str,
    record_id: str,
    op: Op,
    fields: Data | None = None,
    action: str | None = None,
) -> Data:
    """Apply a local change and queue it for the server, in the caller's transaction.

    The same record-type rules the server runs are checked here first, so an edit the server
    would refuse is refused at once with its reason. Returns the record's local data.
    """
    rt = record_type(type_name)
    fields = dict(fields or {})
    shadow = shadow_of(session, record_id)
    base = shadow[0] if shadow else 0
    current = local_data(session, type_name, record_id, shadow)
    if op is Op.CREATE:
        data = rt.on_create(actor, rt.clean(fields, creating=True))
        rt.authorize(actor, "create", None, data)
        adapter(type_name).upsert(session, [(record_id, data)])
        payload = data
    elif current is None:
        raise UserError(f"{rt.label}不存在")
    elif op is Op.UPDATE:
        clean = rt.clean(fields, creating=False)
        rt.authorize(actor, "update", current, {**current, **clean})
        adapter(type_name).patch(session, record_id, clean)
        payload, data = clean, {**current, **clean}
    elif op is Op.DELETE:
        rt.authorize(actor, "delete", current, current)
        adapter(type_name).delete(session, [record_id])
        payload, data = {}, current
    else:
        rt.authorize(actor, "act", current, current)
        rt.action(action or "")  # unknown actions fail here, before anything is queued
        payload, data = fields, current
    session.add(
        m.OutboxEntry(
            record_type=type_name,
            record_id=record_id,
            op=op.value,
            action=action,
            payload=orjson.dumps(payload).decode(),
            base=base,
        )
    )
    session.flush()
    return data


def local_data(
    session: Session, type_name: str, rid: str, shadow: tuple[int, Data] | None = None
) -> Data | None:
    """The record as this client currently has it: the shadow plus pending local fields."""
    shadow = shadow if shadow is not None else shadow_of(session, rid)
    data: Data | None = dict(shadow[1]) if shadow else None
    for op, payload in session.execute(
        select(m.OutboxEntry.op, m.OutboxEntry.payload)
        .where(m.OutboxEntry.record_id == rid, m.OutboxEntry.acked_at.is_(None))
        .order_by(m.OutboxEntry.mutation_id)
    ):
        if op == Op.CREATE:
            data = {**(data or {}), **orjson.loads(payload)}
        elif op == Op.UPDATE and data is not None:
            data.update(orjson.loads(payload))
        elif op == Op.DELETE:
            data = None
    return data


# --- server state ----------------------------------------------------------------------------


def put_server_state(
    session: Session, items: list[tuple[str, str, int, bool, Data]], gen: int
) -> None:
    """Make (id, type, version, deleted, data) the server's state here, typed rows included."""
    shadows: list[Row] = []
    gone: list[str] = []
    by_type: dict[str, list[tuple[str, Data]]] = {}
    dead: dict[str, list[str]] = {}
    for rid, rtype, version, deleted, data in items:
        if not known_type(rtype):
            continue  # a newer server's type: ignored until this client learns it
        if deleted:
            gone.append(rid)
            dead.setdefault(rtype, []).append(rid)
        else:
            shadows.append(
                {
                    "id": rid,
                    "type": rtype,
                    "version": version,
                    "gen": gen,
                    "data": orjson.dumps(data).decode(),
                }
            )
            by_type.setdefault(rtype, []).append((rid, data))
    for rtype, ids in dead.items():
        adapter(rtype).delete(session, ids)
    if gone:
        for i in range(0, len(gone), 500):
            session.execute(delete(m.SyncShadow).where(m.SyncShadow.id.in_(gone[i : i + 500])))
    # Parents before children: the org tree arrives in any order within a page.
    for rtype in sorted(
        by_type, key=lambda t: ("unit", "person").index(t) if t in ("unit", "person") else 2
    ):
        adapter(rtype).upsert(session, by_type[rtype])
    _upsert_shadows(session, shadows)


def _upsert_shadows(session: Session, shadows: list[Row]) -> None:
    if shadows:
        keys = ("data", "gen", "id", "type", "version")
        executemany(session, _upsert(_table(m.SyncShadow), keys), shadows)


def upsert_shadow_rows(session: Session, rows: list[Row]) -> None:
    """Shadow rows as they are stored: id, type, version, gen and data (JSON text)."""
    _upsert_shadows(session, rows)


def put_shadow_only(
    session: Session, items: list[tuple[str, str, int, bool, Data]], gen: int
) -> None:
    """Record the server's state when the local rows already hold it (an applied edit)."""
    _upsert_shadows(
        session,
        [
            {"id": rid, "type": t, "version": v, "gen": gen, "data": orjson.dumps(d).decode()}
            for rid, t, v, _deleted, d in items
        ],
    )


def drop_shadows(session: Session, ids: Sequence[str]) -> None:
    for i in range(0, len(ids), 500):
        session.execute(delete(m.SyncShadow).where(m.SyncShadow.id.in_(ids[i : i + 500])))


def pending_ids(session: Session, ids: Iterable[str] | None = None) -> set[str]:
    stmt = select(m.OutboxEntry.record_id).where(m.OutboxEntry.acked_at.is_(None)).distinct()
    if ids is None:
        return set(session.scalars(stmt))
    # Only the ids asked about (by the record_id index): a backlog of 50k pending entries is
    # not read again for every page applied.
    if session.scalar(stmt.limit(1)) is None:
        return set()  # nothing pending at all (a client that only pulls)
    # (The pending test is applied here, not in SQL: with it SQLite would walk the pending index
    # instead, i.e. the whole backlog again per chunk.)
    wanted = list(dict.fromkeys(ids))
    found: set[str] = set()
    for i in range(0, len(wanted), 500):
        rows = session.execute(
            select(m.OutboxEntry.record_id, m.OutboxEntry.acked_at).where(
                m.OutboxEntry.record_id.in_(wanted[i : i + 500])
            )
        )
        found.update(rid for rid, acked_at in rows if acked_at is None)
    return found


def rebase(session: Session, ids: Iterable[str]) -> None:
    """Re-apply pending local edits of ``ids`` on top of the server state just put in place."""
    for rid in ids:
        entries = session.execute(
            select(m.OutboxEntry.record_type, m.OutboxEntry.op, m.OutboxEntry.payload)
            .where(m.OutboxEntry.record_id == rid, m.OutboxEntry.acked_at.is_(None))
            .order_by(m.OutboxEntry.mutation_id)
        ).all()
        for rtype, op, payload in entries:
            if not known_type(rtype):
                continue
            fields = orjson.loads(payload)
            if op == Op.CREATE:
                adapter(rtype).upsert(session, [(rid, fields)])
            elif op == Op.UPDATE:
                adapter(rtype).patch(session, rid, fields)
            elif op == Op.DELETE:
                adapter(rtype).delete(session, [rid])


def drop(session: Session, ids: Sequence[str]) -> None:
    """Remove records this client may no longer see (typed rows and shadows)."""
    if not ids:
        return
    rows = session.execute(
        select(m.SyncShadow.id, m.SyncShadow.type).where(m.SyncShadow.id.in_(ids))
    )
    types: dict[str, str] = {row[0]: row[1] for row in rows}
    by_type: dict[str, list[str]] = {}
    for rid, rtype in types.items():
        by_type.setdefault(rtype, []).append(rid)
    for rtype, rids in by_type.items():
        if known_type(rtype):
            adapter(rtype).delete(session, rids)
    session.execute(delete(m.SyncShadow).where(m.SyncShadow.id.in_(list(types))))
