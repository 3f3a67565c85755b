"""What the document window reads and does besides workflow steps: its detail in one read, the
rule for editing the 正文, the attachments, the PDFs it previews and prints, the seal check, and
已读 when a 传阅 reader opens the document.

Whether the text may be edited now is the record type's own ``update`` rule (the one the local
write and the server apply: 发文 until 签发, by the drafter or the current handler; 收文 while at
登记/初审), asked here rather than restated, so a button is never offered for an edit that would
be refused. Files are stored with ``BlobStore`` (content-addressed, synced separately) before
the record names them.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.config import DocumentFonts
from app.db import models as m
from app.domain import incoming
from app.domain.org import Role
from app.errors import UserError
from app.services import documents
from app.services.actors import actor_of
from app.services.documents import ActionChoice
from app.services.workbench import get_meta
from app.sync import attachments
from app.sync.attachments import Attachment
from app.sync.blobs import BlobStore
from app.sync.local import local_data
from app.sync.records import Data, record_type

# The attachment limit the server advertised (bytes), kept in the profile's meta table; the
# default applies until a server has said otherwise (ZT_MAX_ATTACHMENT_BYTES on the server).
MAX_ATTACHMENT_KEY = attachments.LIMIT_KEY
NOT_HERE = "附件“{name}”尚未下载到本机，请联网同步后再试"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _type_and_data(session: Session, doc_id: str) -> tuple[str, Data]:
    direction = session.scalar(select(m.Document.direction).where(m.Document.id == doc_id))
    type_name = documents.DIRECTIONS.get(direction or "")
    data = local_data(session, type_name, doc_id) if type_name else None
    if type_name is None or data is None:
        raise UserError("公文不存在或尚未同步到本机")
    return type_name, data


def edit_refusal(session: Session, *, person_id: str, doc_id: str) -> str | None:
    """Why this person may not change the 正文 and attachments now; None when they may."""
    type_name, data = _type_and_data(session, doc_id)
    try:
        record_type(type_name).authorize(actor_of(session, person_id), "update", data, data)
    except UserError as exc:
        return str(exc)
    return None


def attachment_limit(session: Session) -> int:
    raw = get_meta(session, MAX_ATTACHMENT_KEY)
    try:
        value = int(raw) if raw else 0
    except ValueError:
        value = 0
    return value if value > 0 else attachments.DEFAULT_MAX_ATTACHMENT_BYTES


# --- attachments ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileRow:
    sha256: str
    name: str
    size: int
    present: bool  # the file is on this machine (else it downloads with the next sync)

    @property
    def ref(self) -> Attachment:
        return Attachment(sha256=self.sha256, name=self.name, size=self.size)


def file_rows(
    folder: Path, sessions: sessionmaker[Session], data: Mapping[str, Any]
) -> list[FileRow]:
    """The document's files and whether each is here. A malformed entry is left out rather
    than keeping the whole window from opening."""
    store = BlobStore(folder, sessions)
    raw = data.get(attachments.FIELD)
    rows = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict) and attachments.is_sha256(item.get("sha256")):
            sha = str(item["sha256"])
            size = item.get("size")
            rows.append(
                FileRow(
                    sha,
                    str(item.get("name") or "附件"),
                    size if isinstance(size, int) else 0,
                    store.has(sha),
                )
            )
    return rows


def add_attachments(
    session: Session,
    *,
    folder: Path,
    sessions: sessionmaker[Session],
    person_id: str,
    doc_id: str,
    paths: Sequence[Path],
    max_bytes: int | None = None,
) -> list[Attachment]:
    """Store ``paths`` and add them to the document's attachments (database worker).

    Every file is checked before any is stored: one too large, missing or over the count
    refuses them all and nothing changes. A file already attached is not added twice.
    """
    refusal = edit_refusal(session, person_id=person_id, doc_id=doc_id)
    if refusal is not None:
        raise UserError(refusal)
    limit = max_bytes or attachment_limit(session)
    for path in paths:
        if not path.is_file():
            raise UserError(f"文件不存在或无法读取：{path}")
        if path.stat().st_size > limit:
            raise UserError(f"“{path.name}”{attachments.too_large(limit)}")
    _type, data = _type_and_data(session, doc_id)
    current = attachments.parse(data.get(attachments.FIELD))
    if len(current) + len(paths) > attachments.MAX_ATTACHMENTS:
        raise UserError(f"每件公文最多 {attachments.MAX_ATTACHMENTS} 个附件")
    # The store commits its own rows; this session has only read so far, so no lock is held.
    store = BlobStore(folder, sessions, max_bytes=limit)
    added = [store.add_file(path) for path in paths]
    known = {a["sha256"] for a in current}
    merged = list(current)
    for ref in added:
        if ref["sha256"] not in known:
            known.add(ref["sha256"])
            merged.append(ref)
    documents.update_document(
        session, person_id=person_id, doc_id=doc_id, attachments=[dict(a) for a in merged]
    )
    return added


def remove_attachment(session: Session, *, person_id: str, doc_id: str, sha256: str) -> None:
    refusal = edit_refusal(session, person_id=person_id, doc_id=doc_id)
    if refusal is not None:
        raise UserError(refusal)
    _type, data = _type_and_data(session, doc_id)
    current = attachments.parse(data.get(attachments.FIELD))
    kept = [dict(a) for a in current if a["sha256"] != sha256]
    if len(kept) == len(current):
        raise UserError("该附件已不在公文中（可能已被删除）")
    documents.update_document(session, person_id=person_id, doc_id=doc_id, attachments=kept)


def save_copy(
    folder: Path, sessions: sessionmaker[Session], ref: Mapping[str, Any], target: Path
) -> Path:
    """Copy the stored file to ``target`` through a temporary file (never half a file)."""
    source = BlobStore(folder, sessions).path(str(ref["sha256"]))
    if not source.exists():
        raise UserError(NOT_HERE.format(name=ref.get("name", "")))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=".zt-copy-")
    os.close(fd)
    try:
        shutil.copyfile(source, name)
        os.replace(name, target)
    except OSError as exc:
        Path(name).unlink(missing_ok=True)
        raise UserError(f"无法保存到 {target}：{exc.strerror or exc}") from None
    return target


def safe_name(name: str) -> str:
    """A file name any system accepts, keeping the Chinese name people recognise."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    return cleaned[: attachments.MAX_NAME] or "附件"


def open_copy(folder: Path, sessions: sessionmaker[Session], ref: Mapping[str, Any]) -> Path:
    """A copy under its real name in a temp folder, for the system's viewer (the store's own
    file is named by its hash and must not be edited in place)."""
    sha = str(ref["sha256"])
    target = Path(tempfile.gettempdir()) / "zhengtong-open" / sha[:16] / safe_name(str(ref["name"]))
    if target.exists() and target.stat().st_size == int(ref.get("size") or -1):
        return target
    return save_copy(folder, sessions, ref, target)


# --- preview and print -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PreviewPdf:
    data: bytes
    title: str  # the document's title, for the dialog and the file name offered
    note: str  # what the pages are: the sealed copy or the text as it stands


def document_pdf(
    session: Session,
    *,
    folder: Path,
    sessions: sessionmaker[Session],
    doc_id: str,
    fonts: DocumentFonts | None = None,
) -> PreviewPdf:
    """The sealed PDF when there is one here, else the document typeset now without a seal
    (database worker: reportlab takes a moment)."""
    from app.render.document import render_document
    from app.services.sealing import render_spec

    type_name, data = _type_and_data(session, doc_id)
    title = str(data.get("title") or "公文")
    sealed = data.get(attachments.SEALED)
    if isinstance(sealed, dict) and attachments.is_sha256(sealed.get("sha256")):
        path = BlobStore(folder, sessions).path(str(sealed["sha256"]))
        if path.exists():
            return PreviewPdf(path.read_bytes(), title, "盖章版")
        note = "盖章后的 PDF 尚未下载到本机，以下为按当前内容排版的未盖章版"
    else:
        note = "按当前内容排版（未盖章）"
    spec = render_spec(session, data)
    if type_name == "indoc" and data.get("from_unit"):
        # render_spec names the record's own unit; a 收文 was issued by the sender.
        spec["issuers"] = [str(data["from_unit"])]
        spec["printer"] = ""
    out = io.BytesIO()
    render_document(spec, out, fonts=fonts)
    return PreviewPdf(out.getvalue(), title, note)


def form_pdf(session: Session, *, doc_id: str, fonts: DocumentFonts | None = None) -> PreviewPdf:
    """The 收文处理单 with every opinion so far (database worker)."""
    from app.render.form import render_processing_form
    from app.services.processing_form import form_data

    _type, data = _type_and_data(session, doc_id)
    out = io.BytesIO()
    render_processing_form(form_data(session, doc_id, data), out, fonts=fonts)
    return PreviewPdf(out.getvalue(), f"{data.get('title') or '公文'}（办理单）", "收文处理单")


# --- the seal ---------------------------------------------------------------------------------

VALID, TAMPERED, UNKNOWN, MISSING = "valid", "tampered", "unknown", "missing"


@dataclass(frozen=True, slots=True)
class SealCheck:
    state: str  # valid | tampered | unknown | missing (the file is not here yet)
    unit_name: str  # the signing unit when the key is trusted
    detail: str  # one line saying why, for the tooltip


def check_seal(
    session: Session, *, folder: Path, sessions: sessionmaker[Session], doc_id: str
) -> SealCheck | None:
    """The seal verdict of the document's sealed PDF against the keys synced to this machine;
    None when the document is not sealed (database worker: reads the file and the keys)."""
    from app.security.pdfsign import SealStatus, verify_pdf
    from app.security.seal_keys import trusted_keys

    _type, data = _type_and_data(session, doc_id)
    sealed = data.get(attachments.SEALED)
    if not isinstance(sealed, dict) or not attachments.is_sha256(sealed.get("sha256")):
        return None
    path = BlobStore(folder, sessions).path(str(sealed["sha256"]))
    if not path.exists():
        return SealCheck(MISSING, "", "盖章后的 PDF 将在下次同步时下载")
    try:
        verdict = verify_pdf(path.read_bytes(), trusted_keys(session))
    except UserError as exc:
        return SealCheck(TAMPERED, "", str(exc))
    if verdict.status is SealStatus.VALID:
        return SealCheck(VALID, verdict.unit_name, verdict.summary())
    if verdict.status is SealStatus.UNKNOWN:
        return SealCheck(UNKNOWN, "", verdict.summary())
    # A sealed copy whose signature is gone was changed as surely as one whose bytes were.
    return SealCheck(TAMPERED, "", verdict.summary())


# --- 传阅: 已读 on opening -----------------------------------------------------------------------


def open_as_reader(session: Session, *, person_id: str, doc_id: str) -> bool:
    """Queue 已读 ("open") when a 传阅 reader still marked 未读 opens the document; once only,
    as the mark shows here only after the server has applied it. True when queued."""
    _type, data = _type_and_data(session, doc_id)
    mine = (data.get("readers") or {}).get(person_id) or {}
    if mine.get("state") != incoming.UNREAD:
        return False
    queued = session.scalar(
        select(m.OutboxEntry.mutation_id)
        .where(m.OutboxEntry.record_id == doc_id, m.OutboxEntry.action == "open")
        .limit(1)
    )
    if queued is not None:
        return False
    documents.act(session, person_id=person_id, doc_id=doc_id, action="open")
    return True


# --- everything the window shows ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OpinionRow:
    author: str
    role: str
    action: str
    text: str
    at: str | None  # None: written here, not yet synced


@dataclass
class DocDetail:
    """Everything the window shows, read in one go on the database worker."""

    doc_id: str
    direction: str
    data: dict[str, Any]
    actions: list[ActionChoice]
    opinions: list[OpinionRow]
    names: dict[str, str] = field(default_factory=dict)  # person and unit ids -> names
    files: list[FileRow] = field(default_factory=list)
    refusal: str | None = None  # why the 正文 and 附件 may not be changed now (None: they may)

    def name(self, key: str | None) -> str:
        """A person id or a scope key (``person:<id>``, ``role:<role>:<unit>``) as text."""
        if not key:
            return ""
        if key.startswith("person:"):
            return self.names.get(key[7:], key[7:])
        if key.startswith("role:"):
            _, role, unit = [*key.split(":"), "", ""][:3]
            try:
                label = Role(role).short_label
            except ValueError:
                label = role
            return f"{self.names.get(unit, '')}{label}"
        return self.names.get(key, key)


def load_detail(
    session: Session,
    *,
    person_id: str,
    doc_id: str,
    folder: Path,
    sessions: sessionmaker[Session],
) -> DocDetail:
    """The document, this person's allowed actions, its opinions, its files and the names it
    mentions (database worker)."""
    data = documents.document(session, doc_id)
    direction = session.scalar(select(m.Document.direction).where(m.Document.id == doc_id))
    actions = documents.allowed_actions(session, person_id=person_id, doc_id=doc_id)
    rows = documents.opinions_of(session, doc_id)
    ids: set[str] = {r.author_id for r in rows}
    ids |= {str(e.get("by")) for e in data.get("log") or []}
    ids |= set((data.get("readers") or {}).keys())
    ids |= {str(data.get(k)) for k in ("drafter_id", "host", "created_by") if data.get(k)}
    ids |= {str(h) for h in data.get("helpers") or []}
    keys = list(data.get("handlers") or [])
    for e in data.get("log") or []:
        keys += list(e.get("handlers") or [])
    for key in keys:
        parts = str(key).split(":")
        ids.add(parts[-1])
    ids |= {str(u) for u in [*(data.get("main_units") or []), *(data.get("cc_units") or [])]}
    names: dict[str, str] = {}
    wanted = list(ids)
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        for model in (m.Person, m.Unit):
            rows_ = session.execute(select(model.id, model.name).where(model.id.in_(chunk)))
            names.update({str(k): str(v) for k, v in rows_})
    opinions = [
        OpinionRow(names.get(r.author_id, r.author_id), r.role, r.action, r.text, r.created_at)
        for r in rows
    ]
    return DocDetail(
        doc_id,
        direction or "out",
        data,
        actions,
        opinions,
        names,
        file_rows(folder, sessions, data),
        edit_refusal(session, person_id=person_id, doc_id=doc_id),
    )
