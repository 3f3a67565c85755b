"""Public keys of unit seals (SM2), synced from the server, used to verify sealed PDFs.

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
        "seal_keys",
        sa.Column("id", sa.String(36), primary_key=True),  # key id (a unit may renew its key)
        sa.Column("unit_id", sa.String(36), nullable=False, index=True),
        sa.Column("unit_name", sa.String(200), nullable=False),
        sa.Column("public_key", sa.String(200), nullable=False),  # SM2 point, hex, uncompressed
        sa.Column("created_at", sa.String(40), nullable=True),  # set by the server
        sa.Column("revoked_at", sa.String(40), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("seal_keys")
