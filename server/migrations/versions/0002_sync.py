"""The sync change log: records, scopes, drops, the log counter and per-device state.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sync_records",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("meta", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("parent_id", sa.String(36), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_sync_records_seq", "sync_records", ["seq"], unique=True)
    op.create_index("ix_sync_records_parent_id", "sync_records", ["parent_id"])
    op.create_table(
        "sync_scopes",
        sa.Column(
            "record_id",
            sa.String(36),
            sa.ForeignKey("sync_records.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("key", sa.String(80), primary_key=True),
    )
    op.create_table(
        "sync_drops",
        sa.Column("seq", sa.BigInteger(), primary_key=True),
        sa.Column("record_id", sa.String(36), primary_key=True),
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("created_at", TS, nullable=False),
    )
    log = op.create_table(
        "sync_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("epoch", sa.String(64), nullable=False),
        sa.Column("purged_seq", sa.BigInteger(), nullable=False),
    )
    op.bulk_insert(log, [{"id": 1, "seq": 0, "epoch": str(uuid.uuid4()), "purged_seq": 0}])
    op.create_table(
        "sync_clients",
        sa.Column("device_id", sa.String(36), sa.ForeignKey("devices.id"), primary_key=True),
        sa.Column("last_mutation_id", sa.BigInteger(), nullable=False),
        sa.Column("scope_digest", sa.String(64), nullable=True),
        sa.Column("last_request", sa.String(64), nullable=True),
        sa.Column("last_reply", sa.LargeBinary(), nullable=True),
        sa.Column("updated_at", TS, nullable=True),
    )


def downgrade() -> None:
    for table in ("sync_clients", "sync_log", "sync_drops", "sync_scopes", "sync_records"):
        op.drop_table(table)
