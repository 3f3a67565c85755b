"""The server's engine (SQLite with WAL, or PostgreSQL) and its Alembic migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from app.db.engine import make_engine as make_sqlite_engine
from app.db.engine import make_sessionmaker, transaction

__all__ = ["MIGRATIONS_DIR", "make_engine", "make_sessionmaker", "ping", "transaction", "upgrade"]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def make_engine(url: str) -> Engine:
    """SQLite files reuse the client's engine set-up (WAL, foreign keys, busy timeout)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise ValueError("the server needs a SQLite file, not an in-memory database")
        engine = make_sqlite_engine(Path(parsed.database))
        event.listen(engine, "connect", _autocommit_driver)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _autocommit_driver(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (below).
    dbapi_conn.isolation_level = None


def _begin_immediate(conn: Connection) -> None:
    # Every server transaction takes SQLite's write lock up front. A deferred transaction that
    # reads and then writes fails with "database is locked" when another writer got in between,
    # instead of waiting; with IMMEDIATE, concurrent requests queue on the busy timeout.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the database to ``target`` (creating every table in a new one)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
