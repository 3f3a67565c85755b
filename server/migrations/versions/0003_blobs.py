"""Attachments: committed blobs, their owners and referencing records, uploads in progress.

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
SHA = sa.String(64)
ID = sa.String(36)


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", SHA, primary_key=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("created_by", ID, nullable=False),
    )
    op.create_table(
        "blob_owners",
        sa.Column("sha256", SHA, primary_key=True),
        sa.Column("person_id", ID, primary_key=True),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "blob_refs",
        sa.Column("sha256", SHA, primary_key=True),
        sa.Column("record_id", ID, primary_key=True),
    )
    op.create_index("ix_blob_refs_record_id", "blob_refs", ["record_id"])
    op.create_table(
        "uploads",
        sa.Column("id", ID, primary_key=True),
        sa.Column("sha256", SHA, nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(255), nullable=True),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("device_id", ID, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_uploads_sha256", "uploads", ["sha256"])
    op.create_index("ix_uploads_person_id", "uploads", ["person_id"])


def downgrade() -> None:
    for table in ("uploads", "blob_refs", "blob_owners", "blobs"):
        op.drop_table(table)
