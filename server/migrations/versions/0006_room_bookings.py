"""会议: the room bookings index (one row per occurrence of a confirmed meeting).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "room_bookings",
        sa.Column("meeting_id", sa.String(36), primary_key=True),
        sa.Column("occurrence_start", sa.BigInteger(), primary_key=True),
        sa.Column("occurrence_end", sa.BigInteger(), nullable=False),
        sa.Column("room_id", sa.String(36), nullable=False),
    )
    op.create_index("ix_room_bookings_room_start", "room_bookings", ["room_id", "occurrence_start"])


def downgrade() -> None:
    op.drop_table("room_bookings")
