"""The client sync loop: push the outbox, pull pages, each reply applied in one local transaction.

Invariants (specs/sync.md): an outbox entry is marked acknowledged only in the transaction that
applies the server's answer to it; the cursor moves only with the page it belongs to; a failed
request changes nothing here. A profile syncs one at a time (a file lock), whichever instance or
command started it.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from app import versions
from app.db import models as m
from app.db.engine import transaction
from app.errors import UserError
from app.profile import try_lock_file, unlock_file
from app.services.workbench import LAST_SYNC_KEY, get_meta, set_meta
from app.sync import local
from app.sync.blobs import BlobStats, BlobStore, held_entries, hold_back, reupload_pending
from app.sync.protocol import (
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
    Op,
    Status,
)
from app.sync.shadows import ReplyShadows
from app.sync.transport import RefusedError, Transport, TransportError

CURSOR, EPOCH, ACKED, GEN, REPLACING = (
    "sync.cursor",
    "sync.epoch",
    "sync.acked",
    "sync.gen",
    "sync.replacing",
)
MAX_PUSH_BYTES = 4 * 1024 * 1024  # raw JSON per request, well under the server's body cap
# Batches and pages well below the protocol's limits: with one request in flight while the last
# reply is applied (``_ahead``), smaller rounds keep both sides busy; the first build and the
# last apply, which nothing overlaps, stay short. (bench/sync.py 10000: 2,000 beat 5,000.)
PUSH_BATCH = 2000
PULL_PAGE_ROWS = 2000
# A push of more than one batch starts and ends with a short one: nothing overlaps building the
# first request, nor applying the last reply (bench/sync.py: ~0.1 s of 1.3 s at 10k). Pages are
# not shortened: the puller cannot tell a large pull from a small one, and on a township link
# an extra round trip costs more than the LAN gains.
FIRST_ROUND = 250
LAST_BATCH = 250
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
    uploaded: int = 0  # attachment files the server now has
    held: int = 0  # entries still waiting for their attachments to upload

    def line(self) -> str:
        parts = [f"上传 {self.pushed} 条", f"下载 {self.pulled} 条"]
        if self.rejected:
            parts.append(f"被拒绝 {self.rejected} 条")
        if self.conflicts:
            parts.append(f"冲突 {self.conflicts} 条")
        if self.dropped:
            parts.append(f"移除 {self.dropped} 条")
        if self.held:
            parts.append(f"{self.held} 条等待附件上传")
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


@contextmanager
def _gc_deferred() -> Iterator[None]:
    """No cyclic collection while a batch is built or a reply parsed and applied: thousands of
    rows pass through there, and the collector would walk every live object again and again.
    Reference counting still frees what is not a cycle; the collector resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
        max_batch: int = PUSH_BATCH,
        blob_stats: BlobStats | None = None,
    ) -> None:
        self.sessions = sessions
        self.transport = transport
        self.folder = folder
        self.progress = progress or (lambda phase, n, b: None)
        self.max_batch = max_batch
        self._restored = False  # set when the server turns out restored from a backup
        # The batch after the one in flight, read while the server works on it (``_rounds``):
        # (the last id it follows, its entries, their encoded mutations).
        self._prefetched: tuple[int, list[_Entry], bytes] | None = None
        self.blob_stats = blob_stats or BlobStats()

    def sync(self) -> SyncSummary:
        summary = SyncSummary()
        stats = self.transport.stats
        start = (stats.requests, stats.bytes_up, stats.bytes_down)
        with sync_lock(self.folder):
            try:
                self._attachments(summary)
                self._loop(summary)
            finally:
                summary.requests = stats.requests - start[0]
                summary.bytes_up = stats.bytes_up - start[1]
                summary.bytes_down = stats.bytes_down - start[2]
        return summary

    def _attachments(self, summary: SyncSummary) -> None:
        """Files go up before the records naming them (specs/sync.md §9): an entry whose file is
        not on the server yet is held back by ``_build``; the other records keep moving."""
        if self.folder is None:
            return
        store = BlobStore(self.folder, self.sessions)
        try:
            summary.uploaded = store.upload_pending(self.transport, self.blob_stats)
        except TransportError:
            pass  # resumed from the server's offset next time
        finally:
            with self.sessions() as session:
                summary.held = len(held_entries(session))

    def _loop(self, summary: SyncSummary) -> None:
        # One request may be in flight while a reply is applied (``_ahead``): the server works
        # on the next batch or page while this side writes the last one.
        with ThreadPoolExecutor(1, thread_name_prefix="zt-sync-ahead") as sender:
            self._rounds(summary, sender)

    def _rounds(self, summary: SyncSummary, sender: ThreadPoolExecutor) -> None:
        garbled = 0
        ahead: tuple[list[_Entry], Future[bytes]] | None = None
        for _ in range(100_000):  # bounded: a server that always says has_more cannot hang us
            if ahead is None and self._restored:
                # The server was restored from a backup: the files it lost go up again first,
                # so the records naming them are resent in this sync, not held to the next.
                self._restored = False
                self._attachments(summary)
            try:
                if ahead is None:
                    self._prefetched = None  # read before a retry or a resend: read again
                    with _gc_deferred():
                        batch, request = self._build()
                    ahead = (batch, sender.submit(self._post, request))
                (batch, sent), ahead = ahead, None
                if batch:  # the server is busy with this batch: read the next one meanwhile
                    with _gc_deferred():
                        self._prefetch(after=batch[-1].id)
                raw = sent.result()
            except RefusedError as exc:
                if exc.status == 409 and "last_mutation_id" in exc.body:
                    self._requeue(int(exc.body["last_mutation_id"]))
                    continue
                if exc.status == 413 and len(batch) > 1:
                    self.max_batch = max(1, len(batch) // 2)
                    continue
                if exc.status == 426 and "client_update" in exc.body:
                    # Below the required version: nothing was applied; keep the announcement
                    # so the window can say which version to install and where.
                    with transaction(self.sessions) as session:
                        versions.remember(session, exc.body["client_update"])
                raise
            try:
                with _gc_deferred():
                    reply = orjson.loads(raw)
            except orjson.JSONDecodeError:
                # A body cut short that still ends in a brace passes the transport's checks:
                # nothing was applied here, so ask again (the server repeats a cached answer).
                garbled += 1
                if garbled < self.transport.attempts:
                    self.transport.stats.retries += 1
                    continue
                raise TransportError("服务器回复不完整，请稍后重试（本地数据未改变）") from None
            with _gc_deferred():
                following = self._ahead(batch, reply)
                if following is not None:
                    ahead = (following[0], sender.submit(self._post, following[1]))
                more = self._apply(batch, reply, summary)
            self.progress("sync", summary.pushed + summary.pulled, self.transport.stats.bytes_down)
            if ahead is None and not more and not self._restored:
                with transaction(self.sessions) as session:
                    set_meta(session, LAST_SYNC_KEY, datetime.now(UTC).isoformat())
                    _purge_acked(session)
                return
        raise UserError("同步未能完成：服务器持续返回更多数据")

    def _post(self, request: bytes) -> bytes:
        return self.transport.post("/api/v1/sync", request)

    def _build(self) -> tuple[list[_Entry], bytes]:
        with self.sessions() as session:
            cursor = int(get_meta(session, CURSOR) or 0)
            epoch = get_meta(session, EPOCH)
            prev = int(get_meta(session, ACKED) or 0)
        batch = self._batch(after=0, first=True)
        return batch, self._request(_mutations(batch), cursor, epoch, prev)

    def _prefetch(self, *, after: int) -> None:
        batch = self._batch(after=after)
        self._prefetched = (after, batch, _mutations(batch))

    def _following(self, after: int) -> tuple[list[_Entry], bytes]:
        """The entries after ``after`` and their mutations: as prefetched while the last request
        was in flight (the reply applied before then has rebased whatever it touched, and
        ``_ahead`` checks the one being answered now), or read afresh."""
        found, self._prefetched = self._prefetched, None
        if found is not None and found[0] == after:
            return found[1], found[2]
        batch = self._batch(after=after)
        return batch, _mutations(batch)

    def _ahead(
        self, batch: list[_Entry], reply: dict[str, Any]
    ) -> tuple[list[_Entry], bytes] | None:
        """The request that follows ``reply``, built before the reply is applied, when applying
        it cannot change that request: the same cursor, epoch and acknowledgement the reply
        sets, and the entries after ``batch`` provided none of them is about a record the reply
        touches (applying it rebases such entries). None when the reply ends the sync, starts a
        replacement, or shows a restored server: those go the ordinary way."""
        server_last = int(reply["last_mutation_id"])
        if self._restored or reply.get("reset") != "none" or (batch and server_last < batch[-1].id):
            return None
        with self.sessions() as session:
            if server_last < int(get_meta(session, ACKED) or 0):
                return None
        following, mutations = self._following(batch[-1].id if batch else 0)
        if not following and not reply["has_more"]:
            return None
        touched = {e.record_id for e in batch} | {c["id"] for c in reply["changes"]}
        touched.update(reply["drops"])
        if any(e.record_id in touched for e in following):
            return None
        return following, self._request(mutations, reply["cursor"], reply["epoch"], server_last)

    def _batch(self, *, after: int, first: bool = False) -> list[_Entry]:
        """Unacknowledged entries above ``after`` in order, up to the batch limits. When they
        take more than one batch, the first batch is short and the last ``LAST_BATCH`` entries
        are left for a short batch of their own; fewer go in one (on a township link every
        extra round trip costs a third of a second)."""
        held = hold_back(self.sessions)  # entries whose attachments are not uploaded yet
        with self.sessions() as session:
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
                .where(
                    m.OutboxEntry.acked_at.is_(None),
                    m.OutboxEntry.mutation_id > after,
                    m.OutboxEntry.mutation_id.not_in(held),
                )
                .order_by(m.OutboxEntry.mutation_id)
                .limit(self.max_batch + LAST_BATCH)
            ).all()
        if first:
            rows = rows[: min(FIRST_ROUND, self.max_batch) if len(rows) > self.max_batch else None]
        elif len(rows) > LAST_BATCH:
            rows = rows[: min(self.max_batch, len(rows) - LAST_BATCH)]
        else:
            rows = rows[: self.max_batch]
        batch: list[_Entry] = []
        size = 0
        for row in rows:
            entry = _Entry(*row)
            size += len(entry.payload) + 160
            if batch and size > MAX_PUSH_BYTES:
                break
            batch.append(entry)
        return batch

    @staticmethod
    def _request(mutations: bytes, cursor: int, epoch: str | None, prev: int) -> bytes:
        head = orjson.dumps(
            {
                "protocol": PROTOCOL_VERSION,
                "schema_version": SCHEMA_VERSION,
                "epoch": epoch,
                "cursor": cursor,
                "prev_mutation_id": prev,
                "client_version": versions.client_version(),
                "page_rows": PULL_PAGE_ROWS,
            }
        )
        return head[:-1] + b',"mutations":[' + mutations + b"]}"

    def _requeue(self, server_last: int) -> None:
        """The server lacks acknowledged entries after ``server_last`` (restored from a backup):
        send them again, in order, under their original ids."""
        with transaction(self.sessions) as session:
            _unack_after(session, server_last)
            set_meta(session, ACKED, str(server_last))
        self._restored = True

    def _apply(self, batch: list[_Entry], reply: dict[str, Any], summary: SyncSummary) -> bool:
        entries = {e.id: e for e in batch}
        now = datetime.now(UTC)
        with transaction(self.sessions) as session:
            session.execute(_defer_fk)
            newest = session.scalar(select(func.max(m.OutboxEntry.mutation_id)))
            touched: set[str] = set()
            acked = int(get_meta(session, ACKED) or 0)
            server_last = int(reply["last_mutation_id"])
            if server_last < acked:
                # Restored server: what it lost is still in our acknowledged log; resend it.
                _unack_after(session, server_last)
                self._restored = True
            # The hot path (thousands of applied results) is batched: shadows are read in one
            # query and written, like the acknowledgements, with a few statements at the end.
            shadows = ReplyShadows(session, _gen(session), [e.record_id for e in batch])
            acks: list[int] = []
            rewritten: dict[str, str] = {}
            for result in reply["results"]:
                entry = entries.get(result["id"])
                if entry is None:
                    continue
                touched.add(entry.record_id)
                self._result(session, entry, result, summary, shadows)
                acks.append(entry.id)
                if result.get("record") is not None or result["status"] == Status.REJECTED:
                    rewritten[entry.record_id] = entry.type
            shadows.flush()
            _settle_rows(session, rewritten)
            for i in range(0, len(acks), 500):
                session.execute(
                    update(m.OutboxEntry)
                    .where(m.OutboxEntry.mutation_id.in_(acks[i : i + 500]))
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
            versions.remember(session, reply.get("client_update"))
            if not reply["has_more"] and get_meta(session, REPLACING):
                summary.dropped += _finish_replacement(session, gen)
                set_meta(session, REPLACING, None)
            local.rebase(session, local.pending_ids(session, touched))
            pending = session.scalar(
                select(func.count())
                .select_from(m.OutboxEntry)
                .where(m.OutboxEntry.acked_at.is_(None))
            )
            # Applying the page queued changes of its own (送达 of a notice that just arrived):
            # send them in this same sync, so the sender sees them without waiting for the next.
            queued = session.scalar(select(func.max(m.OutboxEntry.mutation_id))) != newest
        return bool(reply["has_more"]) or bool(pending and (batch or queued)) or server_last < acked

    def _result(
        self,
        session: Session,
        entry: _Entry,
        result: dict[str, Any],
        summary: SyncSummary,
        shadows: ReplyShadows,
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
            if record is None and shadows.get(entry.record_id) is None:
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
            shadows.forget(entry.record_id, record["id"])
            local.put_server_state(session, [state], shadows.gen)
            return
        if status is Status.REJECTED:
            shadow = shadows.get(entry.record_id)
            if shadow is not None and local.known_type(entry.type):
                local.adapter(entry.type).upsert(session, [(entry.record_id, shadow[1])])
            return
        if status is not Status.APPLIED:
            return
        if entry.op == Op.DELETE:
            shadows.delete(entry.record_id)
            return
        if entry.op == Op.CREATE:
            # The server's copy is what was sent: the payload's JSON is the shadow as it is.
            shadows.put_json(entry.record_id, entry.type, int(result["version"]), entry.payload)
            return
        fields = orjson.loads(entry.payload)
        shadow = shadows.get(entry.record_id)
        data = {**(shadow[1] if shadow else {}), **fields}
        shadows.put((entry.record_id, entry.type, int(result["version"]), False, data))


def _mutations(batch: list[_Entry]) -> bytes:
    """The entries as the request's mutation list (without its brackets); payloads are JSON
    already and go in as they are."""
    return b",".join(
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
    )


def _settle_rows(session: Session, rewritten: dict[str, str]) -> None:
    """A result that carried the server's record (or restored it after a refusal) rewrote the
    typed row mid-batch, while later results of the same record in that batch only move its
    shadow: a delete acknowledged after a refused action left the row behind, an edit
    acknowledged after it left the row stale. Make each such row its final shadow (or remove
    it); still-pending local edits are re-applied by the rebase that follows."""
    for rid, rtype in rewritten.items():
        if not local.known_type(rtype):
            continue
        shadow = local.shadow_of(session, rid)
        if shadow is None:
            local.adapter(rtype).delete(session, [rid])
        else:
            local.adapter(rtype).upsert(session, [(rid, shadow[1])])


def _unack_after(session: Session, server_last: int) -> None:
    """Make acknowledged entries after ``server_last`` pending again (the server lost them),
    with the files they name."""
    session.execute(
        update(m.OutboxEntry).where(m.OutboxEntry.mutation_id > server_last).values(acked_at=None)
    )
    reupload_pending(session)


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
