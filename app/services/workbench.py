"""The 工作台 counts and the profile status shown in the status bar and by ``main.py status``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Meeting, MeetingAttendee, Meta, OutboxEntry, WorkItem

LAST_SYNC_KEY = "sync.last_success"


@dataclass(frozen=True, slots=True)
class WorkbenchCounts:
    todo: int
    to_read: int
    meetings_today: int
    unread_notices: int


def _utc_naive(moment: datetime) -> datetime:
    # SQLite keeps timestamps as naive UTC text; compare in the same form.
    return moment.astimezone(UTC).replace(tzinfo=None)


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC instants at which ``day`` starts and ends on this computer's clock."""
    start = datetime.combine(day, time.min).astimezone()
    return _utc_naive(start), _utc_naive(start + timedelta(days=1))


def workbench_counts(session: Session, *, person_id: str, today: date) -> WorkbenchCounts:
    def open_items(kind: str) -> int:
        return (
            session.scalar(
                select(func.count())
                .select_from(WorkItem)
                .where(
                    WorkItem.person_id == person_id,
                    WorkItem.kind == kind,
                    WorkItem.done_at.is_(None),
                )
            )
            or 0
        )

    start, end = local_day_bounds(today)
    meetings = (
        session.scalar(
            select(func.count())
            .select_from(Meeting)
            .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
            .where(
                MeetingAttendee.person_id == person_id,
                Meeting.cancelled.is_(False),
                Meeting.starts_at < end,
                Meeting.ends_at > start,
            )
        )
        or 0
    )
    from app.services.notice_queries import unread_count  # (it imports the sync layer)

    unread = unread_count(session, person_id=person_id)
    return WorkbenchCounts(open_items("todo"), open_items("read"), meetings, unread)


@dataclass(frozen=True, slots=True)
class SyncStatus:
    pending_changes: int
    last_sync: datetime | None  # aware, UTC


def sync_status(session: Session) -> SyncStatus:
    # Acknowledged entries stay in the outbox for a while (resent after a server restore).
    pending = (
        session.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.acked_at.is_(None))
        )
        or 0
    )
    raw = session.get(Meta, LAST_SYNC_KEY)
    last = datetime.fromisoformat(raw.value) if raw else None
    return SyncStatus(pending, last)


def get_meta(session: Session, key: str) -> str | None:
    row = session.get(Meta, key)
    return row.value if row else None


def set_meta(session: Session, key: str, value: str | None) -> None:
    row = session.get(Meta, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value
