"""会议 (issue [5]): meetings become synced records (room, state and the whole record on the
existing ``meetings`` rows, which keep their columns so the 工作台 counts read them as before);
rooms; every occurrence for the calendars; the confirmed room bookings this client sees.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ID = sa.String(36)


def upgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("room_id", ID, nullable=True))
        batch.add_column(
            sa.Column("state", sa.String(16), nullable=False, server_default="provisional")
        )
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default=""))
        batch.add_column(sa.Column("host_unit_id", ID, nullable=True))
        batch.add_column(sa.Column("data", sa.Text(), nullable=False, server_default="{}"))
    op.create_index("ix_meetings_room_id", "meetings", ["room_id"])
    op.create_table(
        "rooms",
        sa.Column("id", ID, primary_key=True),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("building", sa.String(60), nullable=False, server_default=""),
        sa.Column("location", sa.String(120), nullable=False, server_default=""),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("equipment", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("needs_approval", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("approver_ids", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("sort_order", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "meeting_occurrences",
        sa.Column(
            "meeting_id", ID, sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("occurrence_start", sa.Integer(), primary_key=True),
        sa.Column("occurrence_end", sa.Integer(), nullable=False),
        sa.Column("room_id", ID, nullable=True),
    )
    op.create_index("ix_meeting_occurrences_start", "meeting_occurrences", ["occurrence_start"])
    op.create_table(
        "room_bookings",
        sa.Column("meeting_id", ID, primary_key=True),
        sa.Column("occurrence_start", sa.Integer(), primary_key=True),
        sa.Column("occurrence_end", sa.Integer(), nullable=False),
        sa.Column("room_id", ID, nullable=False),
    )
    op.create_index("ix_room_bookings_room_start", "room_bookings", ["room_id", "occurrence_start"])


def downgrade() -> None:
    op.drop_table("room_bookings")
    op.drop_table("meeting_occurrences")
    op.drop_table("rooms")
    op.drop_index("ix_meetings_room_id", "meetings")
    with op.batch_alter_table("meetings") as batch:
        for name in ("data", "host_unit_id", "kind", "state", "room_id"):
            batch.drop_column(name)
