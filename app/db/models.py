"""Typed SQLAlchemy 2 models of the local store.

Primary keys are client-generated UUID strings so records created offline never collide
(specs/sync.md). Every schema change is an Alembic migration under app/db/migrations/versions.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.ids import new_id


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Small key/value facts about this profile (logged-in user, last sync, ...)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Unit(Base):
    __tablename__ = "units"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str | None] = mapped_column(String(60))
    level: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    code_prefix: Mapped[str | None] = mapped_column(String(16))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Person(Base):
    __tablename__ = "people"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    title: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(32))
    # Space-separated alternatives computed from the name at write time (app.domain.pinyin).
    pinyin_initials: Mapped[str] = mapped_column(String(120), default="")
    pinyin_full: Mapped[str] = mapped_column(String(400), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PersonRole(Base):
    __tablename__ = "person_roles"
    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), primary_key=True)


# --- added by migration 0002 -------------------------------------------------------------


class OutboxEntry(Base):
    """A local change, written in the same transaction as the edit (specs/sync.md §2).

    Pending until the server acknowledges it (``acked_at``). Acknowledged entries are kept for
    a while: if the server is restored from a backup that lacks them, they are sent again.
    AUTOINCREMENT: mutation ids never repeat, even after the newest entries are purged.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_pending", "acked_at", "mutation_id"),
        {"sqlite_autoincrement": True},
    )
    mutation_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(16))
    action: Mapped[str | None] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text, default="{}")  # the changed fields, JSON
    base: Mapped[int] = mapped_column(Integer, default=0)  # server version the edit was based on
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    acked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WorkItem(Base):
    """An entry of a person's 待办 (to act on) or 待阅 (to read) list, whatever module made it."""

    __tablename__ = "work_items"
    __table_args__ = (Index("ix_work_items_open", "person_id", "kind", "done_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(8))  # "todo" | "read"
    record_type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36))
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Meeting(Base):
    """A ``meeting`` record (app/sync/meeting_types.py); ``starts_at``/``ends_at`` are its first
    occurrence, every occurrence is in ``meeting_occurrences``."""

    __tablename__ = "meetings"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(200))
    organizer_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    place: Mapped[str | None] = mapped_column(String(200))
    # Not taking place: cancelled, or refused by the server (the 工作台 counts neither).
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    # added by migration 0009
    room_id: Mapped[str | None] = mapped_column(String(36), index=True)
    state: Mapped[str] = mapped_column(String(16), default="provisional")
    kind: Mapped[str] = mapped_column(String(16), default="")
    host_unit_id: Mapped[str | None] = mapped_column(String(36))
    data: Mapped[str] = mapped_column(Text, default="{}")  # the whole record, JSON


class Room(Base):
    __tablename__ = "rooms"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(60))
    building: Mapped[str] = mapped_column(String(60), default="")
    location: Mapped[str] = mapped_column(String(120), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    equipment: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    needs_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    approver_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class MeetingAttendanceRow(Base):
    """A ``meeting_attendance`` record (签到, one per meeting and attendee; migration 0010)."""

    __tablename__ = "meeting_attendance"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    meeting_id: Mapped[str] = mapped_column(String(36), index=True)
    person_id: Mapped[str] = mapped_column(String(36))
    delegate_id: Mapped[str | None] = mapped_column(String(36))
    signed_at: Mapped[str] = mapped_column(String(40))  # ISO, the signing laptop's clock
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    method: Mapped[str] = mapped_column(String(8), default="tick")


class MeetingDecisionRow(Base):
    """A ``meeting_decision`` record (纪要的议定事项, a 督办 item; migration 0010)."""

    __tablename__ = "meeting_decisions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    meeting_id: Mapped[str] = mapped_column(String(36), index=True)
    meeting_title: Mapped[str] = mapped_column(String(200), default="")
    item: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[str] = mapped_column(String(36), index=True)
    deadline: Mapped[str] = mapped_column(String(10))  # ISO date
    state: Mapped[str] = mapped_column(String(12), default="open")


class MeetingOccurrence(Base):
    """Each occurrence of every meeting held here (calendars read these, UTC epoch seconds)."""

    __tablename__ = "meeting_occurrences"
    __table_args__ = (Index("ix_meeting_occurrences_start", "occurrence_start"),)
    meeting_id: Mapped[str] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    occurrence_start: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurrence_end: Mapped[int] = mapped_column(Integer)
    room_id: Mapped[str | None] = mapped_column(String(36))


class RoomBooking(Base):
    """The server's bookings index, as far as this client sees confirmed meetings
    (app/sync/bookings.py: the same queries on both sides)."""

    __tablename__ = "room_bookings"
    __table_args__ = (Index("ix_room_bookings_room_start", "room_id", "occurrence_start"),)
    meeting_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    occurrence_start: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurrence_end: Mapped[int] = mapped_column(Integer)
    room_id: Mapped[str] = mapped_column(String(36))


class MeetingAttendee(Base):
    __tablename__ = "meeting_attendees"
    meeting_id: Mapped[str] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), primary_key=True, index=True)


class Notice(Base):
    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_sender", "sender_id", "state"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    sender_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    urgency: Mapped[str] = mapped_column(String(8), default="普通")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # added by migration 0003
    state: Mapped[str] = mapped_column(String(16), default="draft")
    recipient_unit_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    recipient_person_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    reviewer_id: Mapped[str | None] = mapped_column(String(36))
    # added by migration 0004: [{sha256, name, size}] (app/sync/attachments.py)
    attachments: Mapped[str] = mapped_column(Text, default="[]")
    # added by migration 0008 (issue [4])
    body_html: Mapped[str] = mapped_column(Text, default="")
    classification: Mapped[str] = mapped_column(String(8), default="")
    recipient_group_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    publish_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # 定时发布
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # 有效期
    receipt: Mapped[str | None] = mapped_column(Text)  # 回执 form, JSON (app/domain/receipt_form)
    deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # 回执截止
    withdraw_reason: Mapped[str | None] = mapped_column(Text)
    sms: Mapped[str | None] = mapped_column(Text)  # {sent, failed, errors}, JSON


class NoticeRecipient(Base):
    """Unused since migration 0008 (receipts are synced records: ``NoticeReceipt``); kept so a
    profile's data is never dropped by an upgrade."""

    __tablename__ = "notice_recipients"
    notice_id: Mapped[str] = mapped_column(
        ForeignKey("notices.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), primary_key=True, index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class NoticeReceipt(Base):
    """One recipient's 送达 / 已读 / 回执 of a notice (migration 0008), made by the server when
    the notice is published; this client holds its own, and all of those it sent."""

    __tablename__ = "notice_receipts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # No foreign keys: a receipt may arrive before its notice, or outlive this client's copy.
    notice_id: Mapped[str] = mapped_column(String(36), index=True)
    person_id: Mapped[str] = mapped_column(String(36), index=True)
    unit_id: Mapped[str | None] = mapped_column(String(36))
    sender_id: Mapped[str | None] = mapped_column(String(36))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answers: Mapped[str] = mapped_column(Text, default="{}")  # JSON: field id -> value
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminders: Mapped[int] = mapped_column(Integer, default=0)


class ContactGroup(Base):
    """A person's saved recipient group for notices (migration 0008)."""

    __tablename__ = "contact_groups"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(40))
    unit_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    person_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list


# --- added by migration 0003 -------------------------------------------------------------


class SyncShadow(Base):
    """The server's copy of each synced record as last received: the base of local edits, what a
    rejected edit falls back to, and what a replacement sync compares against (``gen``)."""

    __tablename__ = "sync_shadow"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)
    gen: Mapped[int] = mapped_column(Integer, default=0)


class SyncRejected(Base):
    """A local change the server refused, with its reason; kept until the user deals with it."""

    __tablename__ = "sync_rejected"
    mutation_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    record_type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(16))
    action: Mapped[str | None] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text)
    error: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SyncConflict(Base):
    """A value that lost a concurrent edit (made by the server, received by sync)."""

    __tablename__ = "sync_conflicts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    record_type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(64))
    kept: Mapped[str] = mapped_column(Text)  # JSON
    lost: Mapped[str] = mapped_column(Text)  # JSON
    kept_by: Mapped[str | None] = mapped_column(String(36))
    lost_by: Mapped[str | None] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class Opinion(Base):
    """意见 on any record: append-only, never edited."""

    __tablename__ = "opinions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    record_type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    author_id: Mapped[str] = mapped_column(String(36))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str | None] = mapped_column(String(40))
    action: Mapped[str | None] = mapped_column(String(40))  # the step it was given at (核稿 …)
    role: Mapped[str | None] = mapped_column(String(40))


# --- added by migration 0004 -------------------------------------------------------------


class LocalBlob(Base):
    """An attachment file in this profile's store (profile/blobs/<sha256[:2]>/<sha256>) and
    whether the server has it; ``upload_id`` resumes an interrupted upload (app/sync/blobs.py)."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(16), default="local")  # local | uploaded
    upload_id: Mapped[str | None] = mapped_column(String(36))
    error: Mapped[str | None] = mapped_column(Text)  # why the last upload failed
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    uploaded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# --- added by migration 0007: 公文 ------------------------------------------------------------


class Document(Base):
    """The list columns of a 发文 (``out``) or 收文 (``in``); the full record is its sync shadow
    plus pending local edits (app.sync.local.local_data)."""

    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))
    state: Mapped[str] = mapped_column(String(16))
    doc_type: Mapped[str] = mapped_column(String(8), default="通知")
    title: Mapped[str] = mapped_column(Text, default="")
    doc_number: Mapped[str] = mapped_column(String(80), default="")
    register_number: Mapped[str] = mapped_column(String(40), default="")
    from_unit: Mapped[str] = mapped_column(String(200), default="")
    unit_id: Mapped[str | None] = mapped_column(String(36))
    classification: Mapped[str] = mapped_column(String(8), default="")
    urgency: Mapped[str] = mapped_column(String(8), default="")
    deadline: Mapped[str | None] = mapped_column(String(10))
    doc_date: Mapped[str | None] = mapped_column(String(32))
    author_id: Mapped[str | None] = mapped_column(String(36))


class DocumentKey(Base):
    __tablename__ = "document_keys"
    doc_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)


class Exchange(Base):
    __tablename__ = "exchanges"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(36), index=True)
    from_unit_id: Mapped[str] = mapped_column(String(36))
    from_unit: Mapped[str] = mapped_column(String(200), default="")
    to_unit_id: Mapped[str] = mapped_column(String(36), index=True)
    to_unit: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(4))
    status: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(Text, default="")
    doc_number: Mapped[str] = mapped_column(String(80), default="")
    urgency: Mapped[str] = mapped_column(String(8), default="")
    sent_at: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    reply: Mapped[str | None] = mapped_column(Text)
    indoc_id: Mapped[str | None] = mapped_column(String(36))


class Phrase(Base):
    __tablename__ = "phrases"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(36), index=True)
    text: Mapped[str] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class SealKey(Base):
    """A unit seal's public key (migration 0006), synced from the server; verify trusts these."""

    __tablename__ = "seal_keys"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(36), index=True)
    unit_name: Mapped[str] = mapped_column(String(200))
    public_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[str | None] = mapped_column(String(40))
    revoked_at: Mapped[str | None] = mapped_column(String(40))
