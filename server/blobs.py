"""Attachments on the server: content-addressed blobs, resumable chunked uploads, Range reads.

Protocol (specs/sync.md §9), every call authenticated:

- ``POST /api/v1/blobs/uploads`` {sha256, size, name?} → 201 {upload_id, offset, chunk_size}
  (an unfinished upload of the same file by the same person is resumed, not restarted), or
  200 {exists: true} when the caller may already read that blob (nothing is sent again);
  413 above ``max_attachment_bytes``.
- ``GET /api/v1/blobs/uploads/{id}`` → {offset, size, chunk_size}: where to resume.
- ``PUT /api/v1/blobs/uploads/{id}`` with ``Upload-Offset: N`` and raw bytes: appended when N is
  the current offset; otherwise 409 with the current offset. A chunk is applied whole or not at
  all (the body is read completely before the handler runs), so a cut connection costs at most
  the chunk in flight.
- ``POST /api/v1/blobs/uploads/{id}/complete`` → the assembled file's sha256 is checked; a
  mismatch is 422 and the upload is discarded; otherwise the blob is committed (temp file,
  fsync, rename) and the caller recorded as an owner.
- ``GET /api/v1/blobs/{sha256}`` with optional ``Range: bytes=a-b`` → 200/206, 416 when the
  range cannot be satisfied.

Who may read a blob: its owners (people who sent its bytes), and anyone who can see a live synced
record whose ``attachments`` name it (the ``blob_refs`` index, joined with the record's scopes).
Dedupe follows the same rule: the server answers "exists" only to someone who may already read the
blob; anyone else sends the bytes (proving they hold them) and the copy is then discarded. So
knowing a hash never grants access. A mutation may reference only a blob its author may read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session, sessionmaker

from app.ids import new_id
from app.sync import attachments
from app.sync.merge import State
from server import db
from server.auth import Caller
from server.config import Settings
from server.models import Blob, BlobOwner, BlobRef, SyncRecord, SyncScope, Upload

STALE_UPLOAD = timedelta(days=7)
READ_PIECE = 64 * 1024
NOT_FOUND = "附件不存在或无权查看"
UPLOAD_GONE = "上传任务不存在或已过期，请重新上传"
MISMATCH = "附件校验失败：收到的内容与校验值不符，请重新上传"


class BlobError(Exception):
    """A refusal: HTTP status, Chinese message, extra reply fields."""

    def __init__(self, status: int, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.extra = extra


@dataclass(frozen=True, slots=True)
class Who:
    person_id: str
    device_id: str
    keys: frozenset[str]  # scope keys the person reads under (server/sync.py actor_for)


# --- files ------------------------------------------------------------------------------------


def blob_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / "blobs" / sha256[:2] / sha256


def part_path(data_dir: Path, upload_id: str) -> Path:
    return data_dir / "uploads" / f"{upload_id}.part"


def _commit_file(part: Path, target: Path) -> None:
    """Move a verified part file into the store (its bytes were fsynced as they arrived)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{new_id()}.tmp")
    os.replace(part, tmp)
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    attachments.fsync_dir(target.parent)


# --- permissions ------------------------------------------------------------------------------


def readable(session: Session, who: Who, sha256: str) -> bool:
    owner = session.get(BlobOwner, (sha256, who.person_id))
    if owner is not None:
        return True
    if not who.keys:
        return False
    visible = select(BlobRef.record_id).where(
        BlobRef.sha256 == sha256,
        exists().where(SyncRecord.id == BlobRef.record_id, SyncRecord.deleted.is_(False)),
        exists().where(SyncScope.record_id == BlobRef.record_id, SyncScope.key.in_(who.keys)),
    )
    return session.scalar(visible.limit(1)) is not None


def check_refs(session: Session, fields: dict[str, Any], who: Who) -> str | None:
    """Why a mutation's attachments may not be stored (None when they may): each must name a
    committed blob the author may read. The client holds such records back until their blobs
    are uploaded; this is the safety net."""
    if attachments.FIELD not in fields:
        return None
    try:
        items = attachments.parse(fields[attachments.FIELD])
    except Exception as exc:
        return str(exc)
    for item in items:
        if session.get(Blob, item["sha256"]) is None or not readable(session, who, item["sha256"]):
            return f"附件“{item['name']}”尚未上传到服务器，请先同步附件"
    return None


def index_refs(session: Session, states: Iterable[State]) -> None:
    """Keep ``blob_refs`` in step with the records being written in this transaction."""
    for state in states:
        if state.deleted or not (
            attachments.FIELD in state.data or attachments.SEALED in state.data
        ):
            # A deleted record keeps its refs but grants nothing (see ``readable``); a record
            # that never had the field never had refs (fields are set, never removed).
            continue
        wanted = set(attachments.hashes(state.data))
        have = set(session.scalars(select(BlobRef.sha256).where(BlobRef.record_id == state.id)))
        if wanted == have:
            continue
        if have - wanted:
            session.execute(
                delete(BlobRef).where(
                    BlobRef.record_id == state.id, BlobRef.sha256.in_(have - wanted)
                )
            )
        session.add_all(BlobRef(sha256=s, record_id=state.id) for s in wanted - have)
    session.flush()


# --- uploads ----------------------------------------------------------------------------------


def _upload(session: Session, who: Who, upload_id: str, *, lock: bool = False) -> Upload:
    stmt = select(Upload).where(Upload.id == upload_id, Upload.person_id == who.person_id)
    row = session.scalar(stmt.with_for_update() if lock else stmt)
    if row is None:
        raise BlobError(404, UPLOAD_GONE)
    return row


def _sync_offset(settings: Settings, row: Upload) -> int:
    """The offset the part file really backs (a crash may have lost unflushed bytes)."""
    part = part_path(settings.data_dir, row.id)
    size = part.stat().st_size if part.exists() else 0
    row.offset = min(row.offset, size)
    return row.offset


def create_upload(
    session: Session,
    *,
    settings: Settings,
    who: Who,
    sha256: str,
    size: int,
    name: str | None,
    now: datetime,
) -> tuple[int, dict[str, Any]]:
    if not attachments.is_sha256(sha256):
        raise BlobError(400, "附件的 sha256 校验值格式不正确（64 位小写十六进制）")
    if size < 0:
        raise BlobError(400, "附件大小不能为负数")
    if size > settings.max_attachment_bytes:
        raise BlobError(
            413,
            attachments.too_large(settings.max_attachment_bytes),
            max_bytes=settings.max_attachment_bytes,
        )
    blob = session.get(Blob, sha256)
    if blob is not None and readable(session, who, sha256):
        return 200, {"exists": True, "sha256": sha256, "size": blob.size}
    _purge_stale(session, settings, who, now)
    chunk = min(settings.blob_chunk_bytes, settings.max_body_bytes // 2)
    row = session.scalar(
        select(Upload)
        .where(Upload.person_id == who.person_id, Upload.sha256 == sha256, Upload.size == size)
        .order_by(Upload.created_at)
        .limit(1)
    )
    if row is None:
        row = Upload(
            id=new_id(),
            sha256=sha256,
            size=size,
            offset=0,
            name=(name or "")[: attachments.MAX_NAME] or None,
            person_id=who.person_id,
            device_id=who.device_id,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        part = part_path(settings.data_dir, row.id)
        part.parent.mkdir(parents=True, exist_ok=True)
        part.touch()
    offset = _sync_offset(settings, row)
    return 201, {"upload_id": row.id, "offset": offset, "size": size, "chunk_size": chunk}


def _purge_stale(session: Session, settings: Settings, who: Who, now: datetime) -> None:
    """Uploads this person left unfinished for a week are dropped (their part files too)."""
    stale = list(
        session.scalars(
            select(Upload.id).where(
                Upload.person_id == who.person_id, Upload.updated_at < now - STALE_UPLOAD
            )
        )
    )
    if stale:
        session.execute(delete(Upload).where(Upload.id.in_(stale)))
        for upload_id in stale:
            part_path(settings.data_dir, upload_id).unlink(missing_ok=True)


def upload_state(
    session: Session, *, settings: Settings, who: Who, upload_id: str
) -> dict[str, Any]:
    row = _upload(session, who, upload_id, lock=True)
    chunk = min(settings.blob_chunk_bytes, settings.max_body_bytes // 2)
    return {
        "upload_id": row.id,
        "offset": _sync_offset(settings, row),
        "size": row.size,
        "chunk_size": chunk,
    }


def append(
    session: Session,
    *,
    settings: Settings,
    who: Who,
    upload_id: str,
    offset: int,
    data: bytes,
    now: datetime,
) -> dict[str, Any]:
    """Write ``data`` at ``offset`` if that is where the upload stands (under the row lock)."""
    row = _upload(session, who, upload_id, lock=True)
    current = _sync_offset(settings, row)
    if offset != current:
        raise BlobError(409, f"上传位置不一致：服务器已收到 {current} 字节", offset=current)
    if current + len(data) > row.size:
        raise BlobError(400, "上传内容超出了声明的附件大小", offset=current)
    part = part_path(settings.data_dir, row.id)
    with part.open("r+b") as fh:
        fh.seek(current)
        fh.write(data)
        fh.truncate()
        fh.flush()
        os.fsync(fh.fileno())
    row.offset = current + len(data)
    row.updated_at = now
    return {"offset": row.offset, "size": row.size}


def complete(
    sessions: sessionmaker[Session],
    *,
    settings: Settings,
    who: Who,
    upload_id: str,
    now: datetime,
) -> dict[str, Any]:
    """Verify and commit. The hash is computed outside any transaction: once every byte has
    arrived the part file cannot change (a PUT past the declared size is refused)."""
    with db.transaction(sessions) as session:
        row = _upload(session, who, upload_id)
        if _sync_offset(settings, row) != row.size:
            raise BlobError(
                409, f"附件尚未传完：已收到 {row.offset} / {row.size} 字节", offset=row.offset
            )
        sha256, size = row.sha256, row.size
    part = part_path(settings.data_dir, upload_id)
    try:
        actual = attachments.file_sha256(part)
    except FileNotFoundError:  # a concurrent completion of the same upload took it
        raise BlobError(404, UPLOAD_GONE) from None
    with db.transaction(sessions) as session:
        row = _upload(session, who, upload_id, lock=True)
        session.delete(row)
        if actual != sha256:
            part.unlink(missing_ok=True)
            # The refusal must not roll the deletion back: committed here, raised after.
        elif session.get(Blob, sha256) is None:
            _commit_file(part, blob_path(settings.data_dir, sha256))
            session.add(Blob(sha256=sha256, size=size, created_at=now, created_by=who.person_id))
        else:
            part.unlink(missing_ok=True)  # another upload of the same bytes won the race
        if actual == sha256 and session.get(BlobOwner, (sha256, who.person_id)) is None:
            session.add(BlobOwner(sha256=sha256, person_id=who.person_id, created_at=now))
    if actual != sha256:
        raise BlobError(422, MISMATCH)
    return {"sha256": sha256, "size": size}


# --- reads ------------------------------------------------------------------------------------

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(start, end inclusive) for a single byte range, None for the whole file; BlobError 416
    when the range is malformed or cannot be satisfied."""
    if header is None or not header.strip():
        return None
    match = _RANGE.match(header.strip().replace(" ", ""))
    refused = BlobError(416, "请求的附件范围无效", size=size)
    if match is None:
        raise refused
    first, last = match.groups()
    if first == "":
        if last == "" or int(last) == 0 or size == 0:
            raise refused
        return max(0, size - int(last)), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if start >= size or (last != "" and int(last) < start):
        raise refused
    return start, end


def open_blob(session: Session, *, settings: Settings, who: Who, sha256: str) -> tuple[Path, int]:
    """The file and size of a blob the caller may read; BlobError 404 otherwise (the same
    answer whether it is missing or forbidden, so hashes cannot be probed)."""
    if not attachments.is_sha256(sha256):
        raise BlobError(404, NOT_FOUND)
    blob = session.get(Blob, sha256)
    if blob is None or not readable(session, who, sha256):
        raise BlobError(404, NOT_FOUND)
    return blob_path(settings.data_dir, sha256), blob.size


def read_range(path: Path, start: int, end: int) -> Iterator[bytes]:
    with path.open("rb") as fh:
        fh.seek(start)
        left = end - start + 1
        while left > 0:
            piece = fh.read(min(READ_PIECE, left))
            if not piece:
                return
            left -= len(piece)
            yield piece


class UploadCreate(BaseModel):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of the whole file, hex")
    size: int = Field(ge=0, description="bytes")
    name: str | None = Field(default=None, max_length=attachments.MAX_NAME)


def who_for(session: Session, caller: Caller) -> Who:
    from server.sync import actor_for  # server.sync imports this module

    return Who(caller.person_id, caller.device_id, actor_for(session, caller).keys)
