"""会议 flow (issue [5]): 签到 records and the 纪要's 议定事项 (督办 items) held here.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ID = sa.String(36)


def upgrade() -> None:
    op.create_table(
        "meeting_attendance",
        sa.Column("id", ID, primary_key=True),
        sa.Column("meeting_id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("delegate_id", ID, nullable=True),
        sa.Column("signed_at", sa.String(40), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("method", sa.String(8), nullable=False, server_default="tick"),
    )
    op.create_index("ix_meeting_attendance_meeting_id", "meeting_attendance", ["meeting_id"])
    op.create_table(
        "meeting_decisions",
        sa.Column("id", ID, primary_key=True),
        sa.Column("meeting_id", ID, nullable=False),
        sa.Column("meeting_title", sa.String(200), nullable=False, server_default=""),
        sa.Column("item", sa.Text(), nullable=False, server_default=""),
        sa.Column("owner_id", ID, nullable=False),
        sa.Column("deadline", sa.String(10), nullable=False),
        sa.Column("state", sa.String(12), nullable=False, server_default="open"),
    )
    op.create_index("ix_meeting_decisions_meeting_id", "meeting_decisions", ["meeting_id"])
    op.create_index("ix_meeting_decisions_owner_id", "meeting_decisions", ["owner_id"])


def downgrade() -> None:
    op.drop_table("meeting_decisions")
    op.drop_table("meeting_attendance")
