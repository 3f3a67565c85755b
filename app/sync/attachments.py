"""Attachment references inside records (pure: no I/O), shared by the client and the server.

A record names its attachments in an ``attachments`` field: a list of
``{"sha256": <64 hex>, "name": <file name>, "size": <bytes>}``. The bytes travel separately,
content-addressed by sha256, uploaded in resumable chunks (specs/sync.md §9; app/sync/blobs.py
on the client, server/blobs.py on the server).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any, TypedDict

from app.errors import UserError

MIB = 1024 * 1024
DEFAULT_MAX_ATTACHMENT_BYTES = 100 * MIB  # the server advertises its own (ZT_MAX_ATTACHMENT_BYTES)
LIMIT_KEY = "max_attachment_bytes"  # client meta: the limit the server gave at login
DEFAULT_CHUNK_BYTES = 256 * 1024
MAX_ATTACHMENTS = 50  # per record
MAX_NAME = 255
FIELD = "attachments"
SEALED = "sealed_pdf"  # one file: the 公文 as sealed and signed at 用印

_SHA = re.compile(r"^[0-9a-f]{64}$")


class Attachment(TypedDict):
    sha256: str
    name: str
    size: int


def is_sha256(value: object) -> bool:
    return isinstance(value, str) and _SHA.match(value) is not None


def too_large(limit: int) -> str:
    return f"附件过大：最大 {limit / MIB:g} MB"


def parse(value: Any) -> list[Attachment]:
    """The attachments of a record, validated; UserError naming what is wrong."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_ATTACHMENTS:
        raise UserError(f"附件列表格式不正确（最多 {MAX_ATTACHMENTS} 个）")
    out: list[Attachment] = []
    for item in value:
        if not isinstance(item, dict):
            raise UserError("附件列表格式不正确")
        sha, name, size = item.get("sha256"), item.get("name"), item.get("size")
        if not is_sha256(sha):
            raise UserError("附件的 sha256 校验值格式不正确")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            raise UserError(f"附件名称不能为空，且不超过 {MAX_NAME} 个字符")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise UserError("附件大小格式不正确")
        out.append(Attachment(sha256=str(sha), name=name, size=size))
    return out


def hashes(fields: Any) -> list[str]:
    """The sha256 values a record's fields refer to (malformed references are skipped)."""
    if not isinstance(fields, dict):
        return []
    value = fields.get(FIELD)
    items = list(value) if isinstance(value, list) else []
    items.append(fields.get(SEALED))  # the sealed PDF of a 公文 travels like an attachment
    found = [item.get("sha256") for item in items if isinstance(item, dict)]
    return list(dict.fromkeys(str(s) for s in found if is_sha256(s)))


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read in 1 MiB pieces (attachments may be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while piece := fh.read(1024 * 1024):
            digest.update(piece)
    return digest.hexdigest()


def fsync_dir(folder: Path) -> None:
    """Make a rename into ``folder`` durable (POSIX; Windows cannot open a directory)."""
    if os.name != "posix":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
