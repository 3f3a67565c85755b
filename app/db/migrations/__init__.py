"""Alembic migration scripts of the local store (applied at start-up by app.db.migrate)."""
