"""公文: 发文 and 收文 (one table), who may act on each, exchange copies, saved phrases, and the
action and role of each opinion.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ID = sa.String(36)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", ID, primary_key=True),
        sa.Column("direction", sa.String(3), nullable=False),  # out (发文) | in (收文)
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("doc_type", sa.String(8), nullable=False, server_default="通知"),
        sa.Column("title", sa.Text(), nullable=False, server_default=""),
        sa.Column("doc_number", sa.String(80), nullable=False, server_default=""),
        sa.Column("register_number", sa.String(40), nullable=False, server_default=""),
        sa.Column("from_unit", sa.String(200), nullable=False, server_default=""),
        sa.Column("unit_id", ID, nullable=True),
        sa.Column("classification", sa.String(8), nullable=False, server_default=""),
        sa.Column("urgency", sa.String(8), nullable=False, server_default=""),
        sa.Column("deadline", sa.String(10), nullable=True),
        sa.Column("doc_date", sa.String(32), nullable=True),  # 成文日期 / 收文时间, for sorting
        sa.Column("author_id", ID, nullable=True),  # drafter (发文) or registering clerk (收文)
    )
    op.create_index("ix_documents_list", "documents", ["direction", "state", "doc_date"])
    # Who may act now (handler) and who has acted (actor): the 待办 and 已办 lists.
    op.create_table(
        "document_keys",
        sa.Column("doc_id", ID, primary_key=True),
        sa.Column("kind", sa.String(8), primary_key=True),  # handler | actor
        sa.Column("key", sa.String(80), primary_key=True),
    )
    op.create_index("ix_document_keys_key", "document_keys", ["kind", "key"])
    op.create_table(
        "exchanges",
        sa.Column("id", ID, primary_key=True),
        sa.Column("doc_id", ID, nullable=False, index=True),
        sa.Column("from_unit_id", ID, nullable=False),
        sa.Column("from_unit", sa.String(200), nullable=False, server_default=""),
        sa.Column("to_unit_id", ID, nullable=False, index=True),
        sa.Column("to_unit", sa.String(200), nullable=False, server_default=""),
        sa.Column("kind", sa.String(4), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("title", sa.Text(), nullable=False, server_default=""),
        sa.Column("doc_number", sa.String(80), nullable=False, server_default=""),
        sa.Column("urgency", sa.String(8), nullable=False, server_default=""),
        sa.Column("sent_at", sa.String(40), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("indoc_id", ID, nullable=True),
    )
    op.create_table(
        "phrases",
        sa.Column("id", ID, primary_key=True),
        sa.Column("owner_id", ID, nullable=False, index=True),
        sa.Column("text", sa.String(200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False, server_default="0"),
    )
    with op.batch_alter_table("opinions") as batch:
        batch.add_column(sa.Column("action", sa.String(40), nullable=True))
        batch.add_column(sa.Column("role", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("opinions") as batch:
        batch.drop_column("role")
        batch.drop_column("action")
    for name in ("phrases", "exchanges", "document_keys", "documents"):
        op.drop_table(name)
