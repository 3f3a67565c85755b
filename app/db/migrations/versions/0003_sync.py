"""Sync state: outbox with base versions and acknowledgements, server shadows, rejected edits,
conflicts, opinions; notice workflow fields.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # The outbox is rebuilt (AUTOINCREMENT cannot be added in place); pending entries are kept.
    op.rename_table("outbox", "outbox_0002")
    op.create_table(
        "outbox",
        sa.Column("mutation_id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("record_type", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("op", sa.String(16), nullable=False),
        sa.Column("action", sa.String(32), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("base", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("acked_at", TS, nullable=True),
        sqlite_autoincrement=True,
    )
    op.execute(
        "INSERT INTO outbox (mutation_id, record_type, record_id, op, payload, created_at) "
        "SELECT mutation_id, record_type, record_id, op, payload, created_at FROM outbox_0002"
    )
    op.drop_table("outbox_0002")
    op.create_index("ix_outbox_pending", "outbox", ["acked_at", "mutation_id"])
    op.create_index("ix_outbox_record_id", "outbox", ["record_id"])
    op.create_table(
        "sync_shadow",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("gen", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index("ix_sync_shadow_type", "sync_shadow", ["type"])
    op.create_table(
        "sync_rejected",
        sa.Column("mutation_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("record_type", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("op", sa.String(16), nullable=False),
        sa.Column("action", sa.String(32), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("record_type", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("kept", sa.Text(), nullable=False),
        sa.Column("lost", sa.Text(), nullable=False),
        sa.Column("kept_by", sa.String(36), nullable=True),
        sa.Column("lost_by", sa.String(36), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_sync_conflicts_record_id", "sync_conflicts", ["record_id"])
    op.create_table(
        "opinions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("record_type", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("author_id", sa.String(36), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=True),
    )
    op.create_index("ix_opinions_record_id", "opinions", ["record_id"])
    with op.batch_alter_table("notices") as batch:
        batch.add_column(sa.Column("state", sa.String(16), nullable=False, server_default="draft"))
        batch.add_column(
            sa.Column("recipient_unit_ids", sa.Text(), nullable=False, server_default="[]")
        )
        batch.add_column(
            sa.Column("recipient_person_ids", sa.Text(), nullable=False, server_default="[]")
        )
        batch.add_column(sa.Column("reviewer_id", sa.String(36), nullable=True))
