"""Notices: records found by type (the server's scheduled release and late joiners read the
notices among millions of receipts and other records).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_sync_records_type", "sync_records", ["type"])


def downgrade() -> None:
    op.drop_index("ix_sync_records_type", "sync_records")
