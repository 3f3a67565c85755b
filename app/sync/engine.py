"""The client sync loop: push the outbox, pull pages, each reply applied in one local transaction.

Invariants (specs/sync.md): an outbox entry is marked acknowledged only in the transaction that
applies the server's answer to it; the cursor moves only with the page it belongs to; a failed
request changes nothing here. A profile syncs one at a time (a file lock), whichever instance or
command started it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from app.db import models as m
from app.db.engine import transaction
from app.errors import UserError
from app.profile import try_lock_file, unlock_file
from app.services.workbench import LAST_SYNC_KEY, get_meta, set_meta
from app.sync import local
from app.sync.protocol import (
    MAX_MUTATIONS_PER_PUSH,
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
    Op,
    Status,
)
from app.sync.transport import RefusedError, Transport, TransportError

CURSOR, EPOCH, ACKED, GEN, REPLACING = (
    "sync.cursor",
    "sync.epoch",
    "sync.acked",
    "sync.gen",
    "sync.replacing",
)
MAX_PUSH_BYTES = 4 * 1024 * 1024  # raw JSON per request, well under the server's body cap
ACKED_KEEP_DAYS = 90  # acknowledged entries kept to re-send after a server restore

Progress = Callable[[str, int, int], None]  # (phase, records so far, bytes so far)


@dataclass
class SyncSummary:
    pushed: int = 0
    rejected: int = 0
    conflicts: int = 0
    pulled: int = 0
    dropped: int = 0
    requests: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    replaced: bool = False

    def line(self) -> str:
        parts = [f"上传 {self.pushed} 条", f"下载 {self.pulled} 条"]
        if self.rejected:
            parts.append(f"被拒绝 {self.rejected} 条")
        if self.conflicts:
            parts.append(f"冲突 {self.conflicts} 条")
        if self.dropped:
            parts.append(f"移除 {self.dropped} 条")
        parts.append(f"{self.requests} 次请求")
        return "同步完成：" + "，".join(parts)


@contextmanager
def sync_lock(folder: Path | None, wait_s: float = 600.0) -> Iterator[None]:
    """One sync per profile at a time: a second one waits for the first, then finds less to do."""
    if folder is None:
        yield
        return
    with open(folder / "sync.lock", "a+", encoding="utf-8") as fh:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                try_lock_file(fh)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise UserError("另一个同步长时间未结束，请稍后再试") from None
                time.sleep(0.1)
        try:
            yield
        finally:
            unlock_file(fh)


@dataclass
class _Entry:
    id: int
    type: str
    record_id: str
    op: str
    action: str | None
    payload: str
    base: int


class SyncEngine:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        transport: Transport,
        *,
        folder: Path | None = None,
        progress: Progress | None = None,
        max_batch: int = MAX_MUTATIONS_PER_PUSH,
    ) -> None:
        self.sessions = sessions
        self.transport = transport
        self.folder = folder
        self.progress = progress or (lambda phase, n, b: None)
        self.max_batch = max_batch

    def sync(self) -> SyncSummary:
        summary = SyncSummary()
        stats = self.transport.stats
        start = (stats.requests, stats.bytes_up, stats.bytes_down)
        with sync_lock(self.folder):
            try:
                self._loop(summary)
            finally:
                summary.requests = stats.requests - start[0]
                summary.bytes_up = stats.bytes_up - start[1]
                summary.bytes_down = stats.bytes_down - start[2]
        return summary

    def _loop(self, summary: SyncSummary) -> None:
        for _ in range(100_000):  # bounded: a server that always says has_more cannot hang us
            batch, request = self._build()
            try:
                raw = self.transport.post("/api/v1/sync", request)
            except RefusedError as exc:
                if exc.status == 409 and "last_mutation_id" in exc.body:
                    self._requeue(int(exc.body["last_mutation_id"]))
                    continue
                if exc.status == 413 and len(batch) > 1:
                    self.max_batch = max(1, len(batch) // 2)
                    continue
                raise
            try:
                reply = orjson.loads(raw)
            except orjson.JSONDecodeError:
                raise TransportError("服务器回复不完整，请稍后重试（本地数据未改变）") from None
            more = self._apply(batch, reply, summary)
            self.progress("sync", summary.pushed + summary.pulled, self.transport.stats.bytes_down)
            if not more:
                with transaction(self.sessions) as session:
                    set_meta(session, LAST_SYNC_KEY, datetime.now(UTC).isoformat())
                    _purge_acked(session)
                return
        raise UserError("同步未能完成：服务器持续返回更多数据")

    def _build(self) -> tuple[list[_Entry], bytes]:
        with self.sessions() as session:
            cursor = int(get_meta(session, CURSOR) or 0)
            epoch = get_meta(session, EPOCH)
            prev = int(get_meta(session, ACKED) or 0)
            rows = session.execute(
                select(
                    m.OutboxEntry.mutation_id,
                    m.OutboxEntry.record_type,
                    m.OutboxEntry.record_id,
                    m.OutboxEntry.op,
                    m.OutboxEntry.action,
                    m.OutboxEntry.payload,
                    m.OutboxEntry.base,
                )
                .where(m.OutboxEntry.acked_at.is_(None))
                .order_by(m.OutboxEntry.mutation_id)
                .limit(self.max_batch)
            ).all()
        batch: list[_Entry] = []
        size = 0
        for row in rows:
            entry = _Entry(*row)
            size += len(entry.payload) + 160
            if batch and size > MAX_PUSH_BYTES:
                break
            batch.append(entry)
        parts = [
            b'{"id":%d,"type":%s,"record_id":%s,"op":%s,"base":%d,"action":%s,"fields":%s}'
            % (
                e.id,
                orjson.dumps(e.type),
                orjson.dumps(e.record_id),
                orjson.dumps(e.op),
                e.base,
                orjson.dumps(e.action),
                e.payload.encode(),
            )
            for e in batch
        ]
        head = orjson.dumps(
            {
                "protocol": PROTOCOL_VERSION,
                "schema_version": SCHEMA_VERSION,
                "epoch": epoch,
                "cursor": cursor,
                "prev_mutation_id": prev,
            }
        )
        return batch, head[:-1] + b',"mutations":[' + b",".join(parts) + b"]}"

    def _requeue(self, server_last: int) -> None:
        """The server lacks acknowledged entries after ``server_last`` (restored from a backup):
        send them again, in order, under their original ids."""
        with transaction(self.sessions) as session:
            session.execute(
                update(m.OutboxEntry)
                .where(m.OutboxEntry.mutation_id > server_last)
                .values(acked_at=None)
            )
            set_meta(session, ACKED, str(server_last))

    def _apply(self, batch: list[_Entry], reply: dict[str, Any], summary: SyncSummary) -> bool:
        entries = {e.id: e for e in batch}
        now = datetime.now(UTC)
        with transaction(self.sessions) as session:
            session.execute(_defer_fk)
            touched: set[str] = set()
            acked = int(get_meta(session, ACKED) or 0)
            server_last = int(reply["last_mutation_id"])
            if server_last < acked:
                # Restored server: what it lost is still in our acknowledged log; resend it.
                session.execute(
                    update(m.OutboxEntry)
                    .where(m.OutboxEntry.mutation_id > server_last)
                    .values(acked_at=None)
                )
            for result in reply["results"]:
                entry = entries.get(result["id"])
                if entry is None:
                    continue
                touched.add(entry.record_id)
                self._result(session, entry, result, summary)
                session.execute(
                    update(m.OutboxEntry)
                    .where(m.OutboxEntry.mutation_id == entry.id)
                    .values(acked_at=now)
                )
            set_meta(session, ACKED, str(server_last))

            gen = int(get_meta(session, GEN) or 0)
            if reply.get("reset") == "replace":
                gen += 1
                set_meta(session, GEN, str(gen))
                set_meta(session, REPLACING, str(gen))
                summary.replaced = True
            changes = reply["changes"]
            local.put_server_state(
                session,
                [(c["id"], c["type"], c["version"], c["deleted"], c["data"]) for c in changes],
                gen,
            )
            summary.pulled += len(changes)
            touched.update(c["id"] for c in changes)
            if reply["drops"]:
                local.drop(session, reply["drops"])
                summary.dropped += len(reply["drops"])
                touched.update(reply["drops"])
            set_meta(session, CURSOR, str(reply["cursor"]))
            set_meta(session, EPOCH, reply["epoch"])
            if not reply["has_more"] and get_meta(session, REPLACING):
                summary.dropped += _finish_replacement(session, gen)
                set_meta(session, REPLACING, None)
            local.rebase(session, local.pending_ids(session, touched))
            pending = session.scalar(
                select(func.count())
                .select_from(m.OutboxEntry)
                .where(m.OutboxEntry.acked_at.is_(None))
            )
        return bool(reply["has_more"]) or bool(pending and batch) or server_last < acked

    def _result(
        self, session: Session, entry: _Entry, result: dict[str, Any], summary: SyncSummary
    ) -> None:
        status = Status(result["status"])
        record = result.get("record")
        if status is Status.REJECTED:
            summary.rejected += 1
            session.add(
                m.SyncRejected(
                    mutation_id=entry.id,
                    record_type=entry.type,
                    record_id=entry.record_id,
                    op=entry.op,
                    action=entry.action,
                    payload=entry.payload,
                    error=result.get("error") or "服务器拒绝了此更改",
                )
            )
            if record is None and local.shadow_of(session, entry.record_id) is None:
                if local.known_type(entry.type):
                    local.adapter(entry.type).delete(session, [entry.record_id])
                return
        else:
            summary.pushed += 1
        if status is Status.CONFLICT:
            summary.conflicts += 1
        if record is not None:
            state = (
                record["id"],
                record["type"],
                record["version"],
                record["deleted"],
                record["data"],
            )
            local.put_server_state(session, [state], _gen(session))
            return
        if status is Status.REJECTED:
            shadow = local.shadow_of(session, entry.record_id)
            if shadow is not None and local.known_type(entry.type):
                local.adapter(entry.type).upsert(session, [(entry.record_id, shadow[1])])
            return
        if status is not Status.APPLIED:
            return
        fields = orjson.loads(entry.payload)
        if entry.op == Op.DELETE:
            session.execute(delete(m.SyncShadow).where(m.SyncShadow.id == entry.record_id))
            return
        shadow = local.shadow_of(session, entry.record_id)
        data = {**(shadow[1] if shadow and entry.op != Op.CREATE else {}), **fields}
        state = (entry.record_id, entry.type, int(result["version"]), False, data)
        local.put_shadow_only(session, [state], _gen(session))


def _gen(session: Session) -> int:
    return int(get_meta(session, GEN) or 0)


def _finish_replacement(session: Session, gen: int) -> int:
    """After a replacement sync, drop what the server no longer sends us (except unsent work)."""
    stale = list(session.scalars(select(m.SyncShadow.id).where(m.SyncShadow.gen < gen)))
    keep = local.pending_ids(session, stale)
    gone = [rid for rid in stale if rid not in keep]
    local.drop(session, gone)
    return len(gone)


def _purge_acked(session: Session) -> None:
    cutoff = datetime.now(UTC).timestamp() - ACKED_KEEP_DAYS * 86400
    session.execute(
        delete(m.OutboxEntry).where(
            m.OutboxEntry.acked_at.is_not(None),
            m.OutboxEntry.acked_at < datetime.fromtimestamp(cutoff, UTC),
        )
    )


# A page may hold a notice before the person who sent it: check references at commit instead.
_defer_fk = text("PRAGMA defer_foreign_keys = ON")
