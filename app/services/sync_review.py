"""同步冲突与被拒绝的更改: what the server refused or overwrote, and what the user does about it.

Every resolution is an ordinary local change through ``app.sync.local.write`` (so it syncs like
any edit and the server checks it again): a retried change becomes a new outbox entry, taking a
lost value back is a new update of the record, and "handled" is the conflict record's
``resolved`` field. Runs on the database worker; returns plain dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import models as m
from app.domain.notice import ACTION_LABELS
from app.errors import UserError
from app.services.actors import actor_of
from app.sync import local
from app.sync.protocol import Op
from app.sync.records import record_type

OP_LABELS = {"create": "新建", "update": "修改", "delete": "删除", "act": "操作"}
FIELD_LABELS = {
    "title": "标题",
    "body": "正文",
    "urgency": "紧急程度",
    "recipient_unit_ids": "收件单位",
    "recipient_person_ids": "收件人",
    "text": "内容",
    "resolved": "已处理",
    "name": "名称",
}


@dataclass(frozen=True, slots=True)
class ReviewCounts:
    rejected: int
    conflicts: int  # unresolved

    @property
    def total(self) -> int:
        return self.rejected + self.conflicts


@dataclass(frozen=True, slots=True)
class RejectedRow:
    mutation_id: int
    record_type: str
    type_label: str
    record_id: str
    record_title: str
    op: str
    attempted: str  # 修改：标题 → “…” (what the user tried, in words)
    payload: dict[str, Any]
    error: str  # the server's reason
    created_at: str


@dataclass(frozen=True, slots=True)
class ConflictRow:
    id: str
    record_type: str
    type_label: str
    record_id: str
    record_title: str
    field: str
    field_label: str
    kept: Any
    lost: Any
    kept_by: str  # names, not ids
    lost_by: str
    reason: str
    created_at: str
    resolved: bool


def _label(type_name: str) -> str:
    try:
        return record_type(type_name).label
    except UserError:
        return type_name


def _title(session: Session, type_name: str, record_id: str) -> str:
    data = local.local_data(session, type_name, record_id) if local.known_type(type_name) else None
    if not data:
        return ""
    return str(data.get("title") or data.get("name") or "")


def value_text(value: Any) -> str:
    """A field value as a person reads it (lists joined, nothing as 空)."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _attempted(op: str, action: str | None, payload: dict[str, Any]) -> str:
    if op == Op.ACT:
        return ACTION_LABELS.get(action or "", action or "")
    words = OP_LABELS.get(op, op)
    if op == Op.UPDATE and payload:
        parts = [f"{FIELD_LABELS.get(k, k)} → {value_text(v)}" for k, v in payload.items()]
        return words + "：" + "；".join(parts)
    return words


def _names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    stmt = select(m.Person.id, m.Person.name).where(m.Person.id.in_(ids))
    return {row.id: row.name for row in session.execute(stmt)}


def review_counts(session: Session) -> ReviewCounts:
    rejected = session.scalar(select(func.count()).select_from(m.SyncRejected)) or 0
    conflicts = (
        session.scalar(
            select(func.count())
            .select_from(m.SyncConflict)
            .where(m.SyncConflict.resolved.is_(False))
        )
        or 0
    )
    return ReviewCounts(int(rejected), int(conflicts))


def list_rejected(session: Session) -> list[RejectedRow]:
    rows = session.scalars(select(m.SyncRejected).order_by(m.SyncRejected.mutation_id)).all()
    out = []
    for r in rows:
        payload = orjson.loads(r.payload or "{}")
        out.append(
            RejectedRow(
                mutation_id=r.mutation_id,
                record_type=r.record_type,
                type_label=_label(r.record_type),
                record_id=r.record_id,
                record_title=_title(session, r.record_type, r.record_id)
                or str(payload.get("title") or ""),
                op=r.op,
                attempted=_attempted(r.op, r.action, payload),
                payload=payload,
                error=r.error,
                created_at=r.created_at.isoformat() if r.created_at else "",
            )
        )
    return out


def list_conflicts(session: Session, *, include_resolved: bool = False) -> list[ConflictRow]:
    stmt = select(m.SyncConflict).order_by(m.SyncConflict.created_at)
    if not include_resolved:
        stmt = stmt.where(m.SyncConflict.resolved.is_(False))
    rows = session.scalars(stmt).all()
    names = _names(session, {p for r in rows for p in (r.kept_by, r.lost_by) if p})
    return [
        ConflictRow(
            id=r.id,
            record_type=r.record_type,
            type_label=_label(r.record_type),
            record_id=r.record_id,
            record_title=_title(session, r.record_type, r.record_id),
            field=r.field,
            field_label=FIELD_LABELS.get(r.field, r.field),
            kept=orjson.loads(r.kept) if r.kept else None,
            lost=orjson.loads(r.lost) if r.lost else None,
            kept_by=names.get(r.kept_by or "", ""),
            lost_by=names.get(r.lost_by or "", ""),
            reason=r.reason,
            created_at=r.created_at or "",
            resolved=bool(r.resolved),
        )
        for r in rows
    ]


def _changes_for(type_name: str) -> Changes:
    return Changes(outbox=True, sync_state=True, notices=type_name == "notice", work_items=True)


def retry_rejected(session: Session, *, person_id: str, mutation_id: int) -> Changes:
    """Queue the refused change again as a new outbox entry (checked locally first)."""
    row = session.get(m.SyncRejected, mutation_id)
    if row is None:
        raise UserError("该更改已处理")
    payload = orjson.loads(row.payload or "{}")
    op = Op(row.op)
    if op is Op.CREATE and local.local_data(session, row.record_type, row.record_id) is not None:
        op = Op.UPDATE  # the record exists again (the server kept it): send the fields as an edit
    local.write(
        session,
        actor=actor_of(session, person_id),
        type_name=row.record_type,
        record_id=row.record_id,
        op=op,
        fields=payload,
        action=row.action,
    )
    session.delete(row)
    session.flush()
    return _changes_for(row.record_type)


def discard_rejected(session: Session, *, mutation_id: int) -> Changes:
    """Give up the refused change: the record already holds the server's value."""
    session.execute(delete(m.SyncRejected).where(m.SyncRejected.mutation_id == mutation_id))
    return Changes(sync_state=True)


def resolve_conflict(
    session: Session, *, person_id: str, conflict_id: str, use_lost: bool = False
) -> Changes:
    """Mark the conflict handled; with ``use_lost`` first put the overwritten value back."""
    row = session.get(m.SyncConflict, conflict_id)
    if row is None:
        raise UserError("冲突记录不存在，请先同步")
    actor = actor_of(session, person_id)
    changes = Changes(outbox=True, sync_state=True)
    if use_lost:
        if local.local_data(session, row.record_type, row.record_id) is None:
            raise UserError(f"该{_label(row.record_type)}已被删除，无法恢复被覆盖的值")
        local.write(
            session,
            actor=actor,
            type_name=row.record_type,
            record_id=row.record_id,
            op=Op.UPDATE,
            fields={row.field: orjson.loads(row.lost) if row.lost else None},
        )
        changes = changes | _changes_for(row.record_type)
    local.write(
        session,
        actor=actor,
        type_name="conflict",
        record_id=conflict_id,
        op=Op.UPDATE,
        fields={"resolved": True},
    )
    return changes
