"""The server's engine (SQLite with WAL, or PostgreSQL) and its Alembic migrations."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from app.db.engine import WAL_LIMIT_BYTES, make_sessionmaker, transaction
from app.db.engine import make_engine as make_sqlite_engine

__all__ = [
    "MIGRATIONS_DIR",
    "at_head",
    "current_revision",
    "head_revisions",
    "make_engine",
    "make_sessionmaker",
    "ping",
    "read_connection",
    "read_transaction",
    "transaction",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_CACHE_KIB = 65536
PG_POOL_SIZE = 20  # per worker process; with the overflow, 2 workers stay under 100
READ_ONLY = "zt_read_only"
PING_AFTER_IDLE_S = 5.0
# The server's WAL is copied back by ``Checkpointer``, off the request path; a connection does it
# itself (inside some request's commit) only if the WAL ever grows this large (of 4 KiB pages):
# when the thread is not running (a test's server without its lifespan) or cannot keep up.
SQLITE_BACKSTOP_PAGES = 65536
CHECKPOINT_INTERVAL_S = 1.0

log = logging.getLogger(__name__)


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
    # Sync requests run in the thread pool: keep enough pooled connections for all of them
    # (overflow connections are closed on return, and opening a PostgreSQL connection costs more
    # than a whole no-op sync).
    engine = create_engine(url, pool_size=PG_POOL_SIZE, max_overflow=10)
    event.listen(engine, "checkin", _checked_in)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


def _checked_in(_dbapi_conn: Any, record: ConnectionPoolEntry) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_conn: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
    """``pool_pre_ping``, but only for a connection that sat idle (a database restart or a
    firewall's idle timeout shows there): a busy server does not pay a round trip per request.
    A dead connection is replaced transparently (DisconnectionError makes the pool retry)."""
    if time.monotonic() - record.info.get("idle_since", 0.0) < PING_AFTER_IDLE_S:
        return
    try:
        cursor = dbapi_conn.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        if not getattr(dbapi_conn, "autocommit", False):
            dbapi_conn.rollback()
    except Exception as exc:
        raise DisconnectionError(str(exc)) from exc


def _autocommit_driver(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (below).
    dbapi_conn.isolation_level = None
    # A sync push writes thousands of records and their index entries in one transaction:
    # SQLite's default 2 MB page cache makes that spill and re-read pages. 64 MB per connection.
    dbapi_conn.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    dbapi_conn.execute(f"PRAGMA wal_autocheckpoint={SQLITE_BACKSTOP_PAGES}")


def _begin_immediate(conn: Connection) -> None:
    # Every server transaction takes SQLite's write lock up front. A deferred transaction that
    # reads and then writes fails with "database is locked" when another writer got in between,
    # instead of waiting; with IMMEDIATE, concurrent requests queue on the busy timeout.
    # ``read_transaction`` (reads only: authentication, no-op syncs) runs beside them in WAL.
    read_only = conn.get_execution_options().get(READ_ONLY, False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


@contextmanager
def read_transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that only reads; it must not write. On SQLite a deferred transaction: it takes
    no write lock, so it neither waits for writers nor holds them up. On PostgreSQL each
    statement runs on its own (autocommit), which spares the BEGIN and COMMIT round trips: the
    readers (authentication, no-op syncs) need no snapshot across statements, because a change
    log position they read is only ever published together with everything at or below it."""
    with factory() as session, session.begin():
        session.connection(execution_options=_read_options(session.get_bind()))
        yield session


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A Core connection that only reads, like ``read_transaction`` (for the no-op sync path,
    which spares the ORM session too)."""
    with engine.connect() as conn:
        yield conn.execution_options(**_read_options(engine))


def _read_options(bind: Engine | Connection) -> dict[str, Any]:
    options: dict[str, Any] = {READ_ONLY: True}
    if bind.dialect.name != "sqlite":
        options["isolation_level"] = "AUTOCOMMIT"
    return options


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


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at; None for a database never initialised."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)


def head_revisions() -> tuple[str, ...]:
    """The revisions this program's migrations end at (one, unless branches were left open)."""
    from alembic.script import ScriptDirectory

    return tuple(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())


def at_head(engine: Engine) -> bool:
    """Whether the database is migrated to what this program expects (``init`` gets it there)."""
    return current_revision(engine) in head_revisions()


class Checkpointer:
    """Copies a SQLite server's WAL back into the database file from a thread of its own.

    Left to SQLite, the commit that fills the WAL past its limit does the copying: that sync
    request waits a third of a second for it. Here a thread looks at the WAL's size once a
    second and, past the same limit, runs a passive checkpoint: it never blocks readers or the
    writer and leaves alone what a reader still needs (the next one takes it). The WAL file
    never shrinks below the limit once it reached it (``journal_size_limit``), so "larger than
    the limit" means that much written since the last reset. PostgreSQL: nothing to do."""

    def __init__(
        self,
        engine: Engine,
        interval_s: float = CHECKPOINT_INTERVAL_S,
        wal_bytes: int = WAL_LIMIT_BYTES,
    ) -> None:
        self.engine = engine
        self.interval_s = interval_s
        self.wal_bytes = wal_bytes
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.runs = 0  # checkpoints made (the tests read it)

    def start(self) -> None:
        if self.engine.dialect.name != "sqlite" or self._thread is not None:
            return
        wal = Path(f"{self.engine.url.database}-wal")
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(wal,), name="zt-checkpoint", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join()
        self._thread = None

    def _run(self, wal: Path) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                if wal.stat().st_size <= self.wal_bytes:
                    continue
                # The driver's own connection: outside any transaction (a Connection would
                # begin one, and IMMEDIATE at that: the write lock a checkpoint must not hold).
                raw = self.engine.raw_connection()
                try:
                    raw.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)")  # type: ignore[union-attr]
                finally:
                    raw.close()
                self.runs += 1
            except FileNotFoundError:
                continue  # no WAL yet
            except Exception:  # the next round tries again; the backstop still holds
                log.exception("WAL checkpoint failed")
