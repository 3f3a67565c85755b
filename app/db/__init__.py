"""Local SQLite store: engine, typed models, Alembic migrations."""
