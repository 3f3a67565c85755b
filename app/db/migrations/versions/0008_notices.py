"""通知 (issue [4]): rich text, 密级, schedule, expiry and 回执 form on notices; per-recipient
receipts (synced records made by the server); saved recipient groups. ``notice_recipients`` is
left as it was (no longer used) so no profile loses a row in the upgrade.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ID = sa.String(36)
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.add_column(sa.Column("body_html", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("classification", sa.String(8), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("recipient_group_ids", sa.Text(), nullable=False, server_default="[]")
        )
        batch.add_column(sa.Column("publish_at", TS, nullable=True))
        batch.add_column(sa.Column("expires_at", TS, nullable=True))
        batch.add_column(sa.Column("receipt", sa.Text(), nullable=True))
        batch.add_column(sa.Column("deadline", TS, nullable=True))
        batch.add_column(sa.Column("withdraw_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("sms", sa.Text(), nullable=True))
    op.create_index("ix_notices_sender", "notices", ["sender_id", "state"])
    op.create_table(
        "notice_receipts",
        sa.Column("id", ID, primary_key=True),
        sa.Column("notice_id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=True),
        sa.Column("sender_id", ID, nullable=True),
        sa.Column("delivered_at", TS, nullable=True),
        sa.Column("read_at", TS, nullable=True),
        sa.Column("acked_at", TS, nullable=True),
        sa.Column("answers", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("reminded_at", TS, nullable=True),
        sa.Column("reminders", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index("ix_notice_receipts_notice_id", "notice_receipts", ["notice_id"])
    op.create_index("ix_notice_receipts_person_id", "notice_receipts", ["person_id"])
    op.create_table(
        "contact_groups",
        sa.Column("id", ID, primary_key=True),
        sa.Column("owner_id", ID, nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("unit_ids", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("person_ids", sa.Text(), nullable=False, server_default="[]"),
    )
    op.create_index("ix_contact_groups_owner_id", "contact_groups", ["owner_id"])


def downgrade() -> None:
    op.drop_table("contact_groups")
    op.drop_table("notice_receipts")
    op.drop_index("ix_notices_sender", "notices")
    with op.batch_alter_table("notices") as batch:
        for name in (
            "sms",
            "withdraw_reason",
            "deadline",
            "receipt",
            "expires_at",
            "publish_at",
            "recipient_group_ids",
            "classification",
            "body_html",
        ):
            batch.drop_column(name)
