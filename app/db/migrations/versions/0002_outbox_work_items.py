"""Outbox and record versions for sync; 待办/待阅 work items, meetings, notices (工作台 counts).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Base versions for field-level merge (specs/sync.md), and the enumerations enforced by the
    # database too. Adding CHECK constraints makes batch mode rebuild both tables on SQLite
    # (copy, drop, rename); the upgrade test checks that every row, and every role row hanging
    # off people by ON DELETE CASCADE, survives the rebuild.
    with op.batch_alter_table("units") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
        batch.create_check_constraint(
            "ck_units_level", "level IN ('province', 'city', 'county', 'township')"
        )
        batch.create_check_constraint("ck_units_kind", "kind IN ('agency', 'department')")
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
        batch.create_check_constraint("ck_people_username", "username = lower(username)")
    op.create_table(
        "outbox",
        sa.Column("mutation_id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("record_type", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("op", sa.String(16), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "work_items",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("people.id"), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("record_type", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("due_at", TS, nullable=True),
        sa.Column("done_at", TS, nullable=True),
    )
    op.create_index("ix_work_items_open", "work_items", ["person_id", "kind", "done_at"])
    op.create_table(
        "meetings",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("organizer_id", sa.String(36), sa.ForeignKey("people.id"), nullable=False),
        sa.Column("starts_at", TS, nullable=False),
        sa.Column("ends_at", TS, nullable=False),
        sa.Column("place", sa.String(200), nullable=True),
        sa.Column("cancelled", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_meetings_starts_at", "meetings", ["starts_at"])
    op.create_table(
        "meeting_attendees",
        sa.Column(
            "meeting_id",
            sa.String(36),
            sa.ForeignKey("meetings.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("people.id"), primary_key=True),
    )
    op.create_index("ix_meeting_attendees_person_id", "meeting_attendees", ["person_id"])
    op.create_table(
        "notices",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("sender_id", sa.String(36), sa.ForeignKey("people.id"), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False, server_default=""),
        sa.Column("urgency", sa.String(8), nullable=False, server_default="普通"),
        sa.Column("published_at", TS, nullable=True),
        sa.Column("withdrawn_at", TS, nullable=True),
    )
    op.create_table(
        "notice_recipients",
        sa.Column(
            "notice_id",
            sa.String(36),
            sa.ForeignKey("notices.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("people.id"), primary_key=True),
        sa.Column("delivered_at", TS, nullable=True),
        sa.Column("read_at", TS, nullable=True),
        sa.Column("acked_at", TS, nullable=True),
    )
    op.create_index("ix_notice_recipients_person_id", "notice_recipients", ["person_id"])
