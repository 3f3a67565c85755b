"""Attachments on the client: a content-addressed store, resumable uploads, Range downloads.

Files live in the profile folder under ``blobs/<sha256[:2]>/<sha256>`` and are indexed in the
``blobs`` table with their upload state. A record names its attachments by hash
(app/sync/attachments.py); before each push ``upload_pending`` sends every file a pending outbox
entry names (create → resume offset → chunks → verify, server/blobs.py) and ``hold_back`` keeps
entries whose files are not on the server yet out of the push — with every later entry of the
same record, so per-record order holds — while other records keep moving (specs/sync.md §9,
faults 18–19). Held entries are moved behind the ones sent (new mutation ids): the server skips
ids at or below the last it applied, so a held entry must never be overtaken under its old id.

An upload cut at any byte resumes from the server's offset: a chunk is applied whole or not at
all, so at most the chunk in flight is sent again (``BlobStats`` counts it for the benchmarks).
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import orjson
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.db import models as m
from app.db.engine import transaction
from app.errors import UserError
from app.sync import attachments
from app.sync.attachments import Attachment
from app.sync.transport import RefusedError, Transport

UPLOADS = "/api/v1/blobs/uploads"
DOWNLOAD_PIECE = 4 * 1024 * 1024  # bytes per Range request: bounds memory, resumes cheaply
LOCAL, UPLOADED, BROKEN = "local", "uploaded", "broken"
OCTETS = {"Content-Type": "application/octet-stream"}


@dataclass
class BlobStats:
    """What went over the wire for attachments (keep one across syncs to measure resends)."""

    chunks_sent: int = 0  # PUTs the server accepted
    bytes_sent: int = 0  # chunk bytes put on the wire, transport retries included
    bytes_resent: int = 0  # of those, bytes already sent before (the cost of interruptions)
    committed: int = 0  # uploads the server verified and stored
    deduped: int = 0  # files the server already had: nothing sent
    resumed: int = 0  # uploads continued from a server offset above zero
    downloaded: int = 0  # bytes received by downloads
    high_water: dict[str, int] = field(default_factory=dict)  # sha256 -> bytes sent so far

    def account(self, sha256: str, offset: int, length: int, wire: int) -> None:
        if wire <= 0:
            return
        mark = self.high_water.get(sha256, 0)
        new = max(0, offset + length - max(offset, mark))
        self.bytes_sent += wire
        self.bytes_resent += max(0, wire - new)
        self.high_water[sha256] = max(mark, offset + length)


def _now() -> datetime:
    return datetime.now(UTC)


class BlobStore:
    def __init__(
        self,
        folder: Path,
        sessions: sessionmaker[Session],
        *,
        max_bytes: int = attachments.DEFAULT_MAX_ATTACHMENT_BYTES,
    ) -> None:
        self.root = folder / "blobs"
        self.sessions = sessions
        self.max_bytes = max_bytes

    def path(self, sha256: str) -> Path:
        if not attachments.is_sha256(sha256):
            raise UserError("附件的 sha256 校验值格式不正确")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    # -- adding ---------------------------------------------------------------------------------

    def add_file(self, source: Path, name: str | None = None) -> Attachment:
        """Copy ``source`` into the store (hashing as it goes); the reference to put in a
        record's ``attachments``. UserError for files over the limit."""
        name = (name or source.name).strip()[: attachments.MAX_NAME] or "附件"
        if source.stat().st_size > self.max_bytes:
            raise UserError(attachments.too_large(self.max_bytes))
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".incoming-{uuid.uuid4().hex}"
        digest, size = hashlib.sha256(), 0
        try:
            with source.open("rb") as src, tmp.open("wb") as out:
                while piece := src.read(1024 * 1024):
                    size += len(piece)
                    if size > self.max_bytes:
                        raise UserError(attachments.too_large(self.max_bytes))
                    digest.update(piece)
                    out.write(piece)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            self._install(tmp, sha)
        finally:
            tmp.unlink(missing_ok=True)
        with transaction(self.sessions) as session:
            if session.get(m.LocalBlob, sha) is None:
                session.add(m.LocalBlob(sha256=sha, size=size, name=name, state=LOCAL))
        return Attachment(sha256=sha, name=name, size=size)

    def _install(self, tmp: Path, sha: str) -> None:
        target = self.path(sha)
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, target)
        attachments.fsync_dir(target.parent)

    # -- uploading ------------------------------------------------------------------------------

    def waiting(self) -> list[m.LocalBlob]:
        """Files named by pending outbox entries that the server does not have yet."""
        with self.sessions() as session:
            shas = {s for _mid, _rid, shas in _referencing(session) for s in shas}
            if not shas:
                return []
            rows = session.scalars(
                select(m.LocalBlob).where(m.LocalBlob.sha256.in_(shas), m.LocalBlob.state == LOCAL)
            ).all()
            session.expunge_all()
            return list(rows)

    def upload_pending(self, transport: Transport, stats: BlobStats | None = None) -> int:
        """Upload every waiting file; returns how many the server now has. Refusals are kept on
        the file's row (``error``); network failures propagate (resumed next time)."""
        stats = stats or BlobStats()
        done = 0
        for row in self.waiting():
            if self._upload(transport, row, stats):
                done += 1
        return done

    def _set(self, sha: str, **values: object) -> None:
        with transaction(self.sessions) as session:
            session.execute(update(m.LocalBlob).where(m.LocalBlob.sha256 == sha).values(**values))

    def _upload(self, transport: Transport, row: m.LocalBlob, stats: BlobStats) -> bool:
        sha, path = row.sha256, self.path(row.sha256)
        if not path.exists():
            self._set(sha, state=BROKEN, error="本机附件文件丢失，请重新添加附件")
            return False
        upload_id = row.upload_id
        for _ in range(3):  # an upload the server lost (expired, lost reply) starts over
            if upload_id is None:
                body = orjson.dumps({"sha256": sha, "size": row.size, "name": row.name})
                try:
                    reply = orjson.loads(transport.post(UPLOADS, body))
                except RefusedError as exc:
                    if exc.status in (400, 413):
                        self._set(sha, error=str(exc))
                        return False
                    raise
                if reply.get("exists"):
                    stats.deduped += 1
                    self._set(sha, state=UPLOADED, upload_id=None, error=None, uploaded_at=_now())
                    return True
                upload_id = str(reply["upload_id"])
                self._set(sha, upload_id=upload_id)
            else:
                try:
                    reply = transport.send("GET", f"{UPLOADS}/{upload_id}").json()
                except RefusedError as exc:
                    if exc.status != 404:
                        raise
                    upload_id = None
                    self._set(sha, upload_id=None)
                    continue
            offset, chunk = int(reply["offset"]), int(reply["chunk_size"])
            if offset > 0:
                stats.resumed += 1
            outcome = self._send_chunks(
                transport,
                sha=sha,
                path=path,
                upload_id=upload_id,
                offset=offset,
                chunk=chunk,
                stats=stats,
            )
            if outcome == "gone":
                upload_id = None
                self._set(sha, upload_id=None)
                continue
            return self._complete(transport, sha, path, upload_id, stats)
        return False

    def _send_chunks(
        self,
        transport: Transport,
        *,
        sha: str,
        path: Path,
        upload_id: str,
        offset: int,
        chunk: int,
        stats: BlobStats,
    ) -> str:
        size = path.stat().st_size
        budget = 3 * (size // max(chunk, 1)) + 10  # 409s move the offset; never loop forever
        with path.open("rb") as fh:
            while offset < size and budget > 0:
                budget -= 1
                fh.seek(offset)
                data = fh.read(chunk)
                before = transport.stats.bytes_up
                headers = {**OCTETS, "Upload-Offset": str(offset)}
                try:
                    reply = transport.send("PUT", f"{UPLOADS}/{upload_id}", data, headers)
                except RefusedError as exc:
                    if exc.status == 409 and "offset" in exc.body:
                        offset = int(exc.body["offset"])  # the server's position wins
                        continue
                    if exc.status == 404:
                        return "gone"
                    raise
                finally:
                    stats.account(sha, offset, len(data), transport.stats.bytes_up - before)
                stats.chunks_sent += 1
                offset = int(reply.json()["offset"])
        return "sent"

    def _complete(
        self, transport: Transport, sha: str, path: Path, upload_id: str, stats: BlobStats
    ) -> bool:
        try:
            transport.post(f"{UPLOADS}/{upload_id}/complete", b"{}")
        except RefusedError as exc:
            if exc.status == 422:
                broken = attachments.file_sha256(path) != sha
                self._set(
                    sha,
                    upload_id=None,
                    state=BROKEN if broken else LOCAL,
                    error="本机附件文件已损坏，请重新添加附件" if broken else str(exc),
                )
                return False
            if exc.status in (404, 409):
                self._set(sha, upload_id=None)  # expired or incomplete: next sync starts over
                return False
            raise
        stats.committed += 1
        self._set(sha, state=UPLOADED, upload_id=None, error=None, uploaded_at=_now())
        return True

    # -- downloading ----------------------------------------------------------------------------

    def download(
        self,
        transport: Transport,
        ref: Attachment,
        *,
        stats: BlobStats | None = None,
        piece: int = DOWNLOAD_PIECE,
    ) -> Path:
        """The attachment's file, fetched with Range requests into a ``.part`` file that a later
        call resumes; verified against its sha256 before it enters the store."""
        sha = ref["sha256"]
        target = self.path(sha)
        if target.exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(f"{sha}.part")
        total: int | None = None
        with part.open("ab") as out:
            have = out.tell()
            while total is None or have < total:
                headers = {"Range": f"bytes={have}-{have + piece - 1}"}
                try:
                    resp = transport.send("GET", f"/api/v1/blobs/{sha}", headers=headers)
                except RefusedError as exc:
                    if exc.status != 416:
                        raise
                    total = int(exc.body.get("size", -1))
                    if have > total:  # a stale part file longer than the blob: start over
                        out.truncate(0)
                        out.seek(0)
                        have, total = 0, None
                        continue
                    break
                if resp.status_code == 200:  # the server ignored the range: the whole file
                    out.truncate(0)
                    out.seek(0)
                    have = 0
                    total = len(resp.content)
                else:
                    total = int(resp.headers["Content-Range"].rsplit("/", 1)[1])
                out.write(resp.content)
                have += len(resp.content)
                if stats is not None:
                    stats.downloaded += len(resp.content)
                if not resp.content and have < total:
                    raise UserError("附件下载中断，请稍后重试")
            out.flush()
            os.fsync(out.fileno())
        if attachments.file_sha256(part) != sha:
            part.unlink(missing_ok=True)
            raise UserError(f"附件“{ref['name']}”校验失败：下载的内容与校验值不符，请重试")
        os.replace(part, target)
        attachments.fsync_dir(target.parent)
        with transaction(self.sessions) as session:
            if session.get(m.LocalBlob, sha) is None:
                session.add(
                    m.LocalBlob(
                        sha256=sha,
                        size=ref["size"],
                        name=ref["name"],
                        state=UPLOADED,
                        uploaded_at=_now(),
                    )
                )
        return target


# --- holding records back until their files are on the server --------------------------------


def reupload_pending(session: Session) -> None:
    """Files named by pending entries go up again: after a restore from backup the server may
    have lost files it once confirmed, and it refuses a record whose file it lacks. A file it
    still has costs one request (it answers that it exists)."""
    shas = {sha for _mid, _rid, found in _referencing(session) for sha in found}
    if shas:
        session.execute(
            update(m.LocalBlob)
            .where(m.LocalBlob.sha256.in_(shas), m.LocalBlob.state == UPLOADED)
            .values(state=LOCAL)
        )


def _referencing(session: Session) -> list[tuple[int, str, list[str]]]:
    """(mutation id, record id, hashes) of pending entries that name attachments."""
    rows = session.execute(
        select(m.OutboxEntry.mutation_id, m.OutboxEntry.record_id, m.OutboxEntry.payload)
        .where(
            m.OutboxEntry.acked_at.is_(None),
            m.OutboxEntry.payload.contains(f'"{attachments.FIELD}"'),
        )
        .order_by(m.OutboxEntry.mutation_id)
    ).all()
    out = []
    for mid, rid, payload in rows:
        shas = attachments.hashes(orjson.loads(payload))
        if shas:
            out.append((mid, rid, shas))
    return out


def held_entries(session: Session) -> list[int]:
    """Pending entries that wait for a file (a local one the server does not have), and every
    later entry of the same record. A hash with no local file is not held: the server decides."""
    refs = _referencing(session)
    if not refs:
        return []
    shas = {s for _mid, _rid, found in refs for s in found}
    waiting = set(
        session.scalars(
            select(m.LocalBlob.sha256).where(
                m.LocalBlob.sha256.in_(shas), m.LocalBlob.state != UPLOADED
            )
        )
    )
    first: dict[str, int] = {}
    for mid, rid, found in refs:
        if rid not in first and waiting.intersection(found):
            first[rid] = mid
    if not first:
        return []
    rows = session.execute(
        select(m.OutboxEntry.mutation_id, m.OutboxEntry.record_id).where(
            m.OutboxEntry.acked_at.is_(None), m.OutboxEntry.record_id.in_(list(first))
        )
    ).all()
    return sorted(mid for mid, rid in rows if mid >= first[rid])


def hold_back(sessions: sessionmaker[Session]) -> list[int]:
    """The mutation ids to leave out of the next push. If anything pending comes after them,
    they are first moved to the end of the outbox (new ids), so what is sent now never
    overtakes them: the server takes an id at or below its last applied one as a duplicate."""
    with sessions() as session:
        held = held_entries(session)
        if not held:
            return []
        last = session.scalar(
            select(func.max(m.OutboxEntry.mutation_id)).where(
                m.OutboxEntry.acked_at.is_(None), m.OutboxEntry.mutation_id.not_in(held)
            )
        )
    if last is None or last < held[0]:
        return held
    with transaction(sessions) as session:
        moved: list[int] = []
        for entry in session.scalars(
            select(m.OutboxEntry)
            .where(m.OutboxEntry.mutation_id.in_(held))
            .order_by(m.OutboxEntry.mutation_id)
        ).all():
            copy = m.OutboxEntry(
                record_type=entry.record_type,
                record_id=entry.record_id,
                op=entry.op,
                action=entry.action,
                payload=entry.payload,
                base=entry.base,
                created_at=entry.created_at,
            )
            session.delete(entry)
            session.add(copy)
            session.flush()  # AUTOINCREMENT: above every id ever used
            moved.append(copy.mutation_id)
    return moved
