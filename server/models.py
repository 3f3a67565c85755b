"""Typed SQLAlchemy 2 models of the central server's database.

Units, people and roles carry the same fields as the client's store (app/db/models.py) so synced
rows map one to one; the server adds credentials, devices and refresh tokens. Every schema change
is an Alembic migration under server/migrations/versions; a test keeps the two in step.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.ids import new_id


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out — SQLite otherwise hands back naive ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored in a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Unit(Base):
    __tablename__ = "units"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str | None] = mapped_column(String(60))
    level: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    code_prefix: Mapped[str | None] = mapped_column(String(16), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Person(Base):
    __tablename__ = "people"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    title: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(32))
    pinyin_initials: Mapped[str] = mapped_column(String(120), default="")
    pinyin_full: Mapped[str] = mapped_column(String(400), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Server only: never leaves the server (responses are built from explicit fields).
    password_hash: Mapped[str | None] = mapped_column(String(255))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PersonRole(Base):
    __tablename__ = "person_roles"
    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), primary_key=True)


class Device(Base):
    """A client installation (its profile's client id), registered at its first login."""

    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Access tokens carry the generation they were issued in; logout and revocation bump it, so
    # outstanding access tokens stop working at once instead of at their expiry.
    token_generation: Mapped[int] = mapped_column(Integer, default=0)


class RefreshToken(Base):
    """Only the sha256 of a refresh token is stored; the token itself exists on the client only."""

    __tablename__ = "refresh_tokens"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when rotated: presenting a replaced token again is the theft signal.
    replaced_by: Mapped[str | None] = mapped_column(String(36))


# --- sync (migration 0002) -------------------------------------------------------------------


class SyncRecord(Base):
    """Every synced record as JSON, with its place in the change log (``seq``).

    The change log is this table ordered by ``seq``: a record appears once, at its latest change
    (compacted per record). Deleted records stay as tombstones for the retention period.
    """

    __tablename__ = "sync_records"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    type: Mapped[str] = mapped_column(String(32), index=True)  # migration 0005
    data: Mapped[str] = mapped_column(Text)  # JSON object, spliced into replies as is
    meta: Mapped[str] = mapped_column(Text, default="{}")  # field -> [version, device, person]
    version: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    # The record whose scopes this one shares (an opinion's document), per RecordType.parent_field
    parent_id: Mapped[str | None] = mapped_column(String(36), index=True)
    seq: Mapped[int] = mapped_column(BigInteger, index=True, unique=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SyncScope(Base):
    """Who may see a record: scope keys such as ``all``, ``unit:<id>``, ``person:<id>``."""

    __tablename__ = "sync_scopes"
    record_id: Mapped[str] = mapped_column(
        ForeignKey("sync_records.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(80), primary_key=True)


class RoomBooking(Base):
    """One occurrence of a confirmed meeting holding a room (UTC epoch seconds, [start, end)),
    kept by server/meetings.py from the meeting's ``booked`` slot."""

    __tablename__ = "room_bookings"
    __table_args__ = (Index("ix_room_bookings_room_start", "room_id", "occurrence_start"),)
    meeting_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    occurrence_start: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    occurrence_end: Mapped[int] = mapped_column(BigInteger)
    room_id: Mapped[str] = mapped_column(String(36))


class SyncDrop(Base):
    """A scope key a record lost at ``seq``: clients holding that key are told to drop it."""

    __tablename__ = "sync_drops"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SyncLog(Base):
    """The single row holding the change-log counter, the epoch and the retention horizon.

    ``seq`` is advanced by ``UPDATE ... RETURNING`` at the end of each writing transaction: the
    row lock is held until commit, so sequence order is commit order and a reader never sees a
    gap that fills in later (specs/sync.md §1).
    """

    __tablename__ = "sync_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    epoch: Mapped[str] = mapped_column(String(64))
    purged_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class SyncClient(Base):
    """Per device: the last mutation applied (idempotency) and the last reply (lost replies)."""

    __tablename__ = "sync_clients"
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    last_mutation_id: Mapped[int] = mapped_column(BigInteger, default=0)
    scope_digest: Mapped[str | None] = mapped_column(String(64))
    last_request: Mapped[str | None] = mapped_column(String(64))
    last_reply: Mapped[bytes | None] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NumberSeries(Base):
    """The last number given in a series (``docno:塔政发:2026``). Taken by an upsert whose row lock
    is held until the deciding transaction commits: numbers have no gaps and no duplicates, even
    when several offline clients reach 编号 at once (app/domain/document.py names the series)."""

    __tablename__ = "number_series"
    series: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


# --- attachments (migration 0003) --------------------------------------------------------------


class Blob(Base):
    """A committed attachment: its bytes are in data_dir/blobs/<sha256[:2]>/<sha256>."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(36))  # person id


class BlobOwner(Base):
    """People who sent a blob's bytes (proved they hold them): they may read and reference it."""

    __tablename__ = "blob_owners"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BlobRef(Base):
    """A synced record that names a blob in its ``attachments``: whoever sees it may read it."""

    __tablename__ = "blob_refs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)


class Upload(Base):
    """An upload in progress; its bytes so far are in data_dir/uploads/<id>.part."""

    __tablename__ = "uploads"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    name: Mapped[str | None] = mapped_column(String(255))
    person_id: Mapped[str] = mapped_column(String(36), index=True)
    device_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
