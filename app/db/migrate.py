"""Bring a profile's database to the newest schema at start-up, taking a backup first.

Alembic is imported only when an upgrade is due: the usual start-up (database already at head)
reads one row and costs a few milliseconds.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from app.errors import UserError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_REVISION_RE = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_RE = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.MULTILINE)


@cache
def _revision_parents() -> dict[str, str | None]:
    """revision → down_revision, read from the scripts without importing Alembic (start-up cost)."""
    parents: dict[str, str | None] = {}
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        src = script.read_text(encoding="utf-8")
        rev, down = _REVISION_RE.search(src), _DOWN_RE.search(src)
        if rev and down:
            parents[rev.group(1)] = down.group(1)
    return parents


def head_revision() -> str:
    parents = _revision_parents()
    heads = set(parents) - {p for p in parents.values() if p}
    if len(heads) != 1:
        raise RuntimeError(f"migration scripts must form one line, found heads {sorted(heads)}")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup(db_path: Path, label: str) -> Path:
    """A consistent copy of the database (SQLite online backup) in ``backups/`` beside it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dest = db_path.parent / "backups" / f"{db_path.stem}-{label}-{stamp}.sqlite3"
    dest.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(db_path)) as src, closing(sqlite3.connect(dest)) as dst:
        src.backup(dst)
    return dest


def upgrade(engine: Engine, db_path: Path, target: str = "head") -> Path | None:
    """Upgrade to ``target``; returns the backup taken first (None for a new, empty database)."""
    current = current_revision(engine)
    if current is not None and current == head_revision() and target == "head":
        return None
    if current is not None and current not in _revision_parents():
        raise UserError(
            f"本地数据库版本 {current} 比本程序新，请升级政通办公后再打开（数据未作任何改动）"
        )
    saved = backup(db_path, f"before-{current}") if current is not None else None
    if saved:
        log.info("database backed up to %s before migrating from %s", saved, current)

    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as conn:
        # Batch migrations rebuild tables (copy, drop, rename). With foreign keys on, dropping a
        # parent table would cascade-delete child rows, so they are off during the upgrade and
        # checked afterwards. The PRAGMA only takes effect outside a transaction.
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left dangling references: {broken[:5]}")
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()
    return saved
