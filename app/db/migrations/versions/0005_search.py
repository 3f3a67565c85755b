"""Full-text search over 公文: the search index tables.

The index is keyed by the document id and kept apart from the document tables (app.search):
``search_docs`` holds one small row per document, its integer ``key`` ordering results newest
first; two contentless FTS5 tables on that key hold pre-split tokens (the tokenizer only splits
at blanks and keeps every other character: the categories below) — ``search_grams`` the
2-character grams of each field with their positions, ``search_chars`` each document's distinct
characters without; ``search_texts`` keeps the normalised body, compressed in pieces of at most
1,000 bytes (four fill a page), to take a document's tokens out again.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TOKENIZE = "tokenize=\"unicode61 remove_diacritics 0 categories 'L* M* N* P* S* C*'\""


def upgrade() -> None:
    op.execute(
        "CREATE TABLE search_docs ("
        " key INTEGER PRIMARY KEY,"
        " doc_id VARCHAR(64) NOT NULL UNIQUE,"
        " direction VARCHAR(3) NOT NULL,"
        " doc_type VARCHAR(4) NOT NULL,"
        " doc_date DATE,"
        " title TEXT NOT NULL,"
        " num TEXT NOT NULL,"
        " unit TEXT NOT NULL)"
    )
    # Lists by type (newest first: index order is key order within a type), and counts by type
    # and direction without reading the rows.
    op.execute("CREATE INDEX ix_search_docs_type ON search_docs (doc_type)")
    op.execute("CREATE INDEX ix_search_docs_type_direction ON search_docs (doc_type, direction)")
    op.execute("CREATE TABLE search_texts (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")
    op.execute(
        "CREATE VIRTUAL TABLE search_grams USING fts5(body, title, num, unit,"
        f" content='', columnsize=0, detail=full, {_TOKENIZE})"
    )
    op.execute(
        "CREATE VIRTUAL TABLE search_chars USING fts5(chars,"
        f" content='', columnsize=0, detail=none, {_TOKENIZE})"
    )


def downgrade() -> None:
    for table in ("search_chars", "search_grams", "search_texts", "search_docs"):
        op.execute(f"DROP TABLE {table}")
