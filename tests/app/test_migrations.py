"""Schema migrations: a database from the first release upgrades to head with nothing lost."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import inspect

from app.db.engine import make_engine
from app.db.migrate import MIGRATIONS_DIR, current_revision, head_revision, upgrade
from app.errors import UserError
from app.profile import DB_NAME, Profile

N_UNITS, N_PEOPLE = 120, 3000


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchall()


def make_first_release_db(folder: Path) -> Path:
    """A database at migration 0001, full of data written as that release wrote it."""
    db = folder / DB_NAME
    engine = make_engine(db)
    upgrade(engine, db, target="0001")
    engine.dispose()
    with closing(sqlite3.connect(db)) as conn, conn:
        ts = "2025-03-01 08:00:00.000000"
        conn.execute("INSERT INTO meta VALUES ('login.remembered', 'u0')")
        conn.execute(
            "INSERT INTO units VALUES ('root', NULL, '塔山市人民政府', NULL, 'county', 'agency',"
            " '塔政', 0, ?)",
            (ts,),
        )
        conn.executemany(
            "INSERT INTO units VALUES (?, 'root', ?, ?, 'township', 'agency', NULL, ?, ?)",
            [(f"u{i}", f"第{i}乡人民政府", f"{i}乡", i, ts) for i in range(N_UNITS)],
        )
        conn.executemany(
            "INSERT INTO people VALUES (?, ?, ?, ?, '科员', ?, 'x', 'x', ?, ?, ?)",
            [
                (
                    f"p{i}",
                    f"u{i % N_UNITS}",
                    f"user{i}",
                    f"人员{i}",
                    f"139{i:08d}",
                    i,
                    i % 7 != 0,
                    ts,
                )
                for i in range(N_PEOPLE)
            ],
        )
        conn.executemany(
            "INSERT INTO person_roles VALUES (?, ?, ?)",
            [
                (f"p{i}", role, f"u{i % N_UNITS}")
                for i in range(N_PEOPLE)
                for role in ("clerk", "handler")
            ],
        )
    return db


def test_upgrade_from_first_release_keeps_every_row(tmp_path: Path) -> None:
    db = make_first_release_db(tmp_path)
    before = {
        table: sorted(rows(db, f"SELECT * FROM {table}"), key=repr)
        for table in ("meta", "units", "people", "person_roles")
    }
    assert len(before["person_roles"]) == 2 * N_PEOPLE

    profile = Profile.open(tmp_path)
    profile.store()  # migrates at start-up
    profile.close()

    assert rows(db, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    # Old columns, values and row counts intact (new columns appended at the end).
    for table, old in before.items():
        width = len(old[0])
        new = sorted((r[:width] for r in rows(db, f"SELECT * FROM {table}")), key=repr)
        if table in ("units", "people"):
            # Compare by column name: the rebuild may place the new column anywhere.
            cols = [c[1] for c in rows(db, f"PRAGMA table_info({table})")]
            keep = [c for c in cols if c != "version"]
            new = sorted(rows(db, f"SELECT {', '.join(keep)} FROM {table}"), key=repr)
        assert new == old, f"{table} changed in the upgrade"
    # Foreign keys still hold and the new columns have their defaults.
    assert rows(db, "PRAGMA foreign_key_check") == []
    assert rows(db, "SELECT DISTINCT version FROM people") == [(0,)]
    tables = set(inspect(make_engine(db)).get_table_names())
    assert {"outbox", "work_items", "meetings", "notices", "notice_recipients"} <= tables


def test_a_backup_is_taken_before_migrating(tmp_path: Path) -> None:
    make_first_release_db(tmp_path)
    profile = Profile.open(tmp_path)
    profile.store()
    profile.close()
    (backup,) = (tmp_path / "backups").glob("*.sqlite3")
    assert "before-0001" in backup.name
    assert rows(backup, "SELECT version_num FROM alembic_version") == [("0001",)]
    assert rows(backup, "SELECT count(*) FROM people") == [(N_PEOPLE,)]


def test_no_backup_and_no_work_when_already_at_head(tmp_path: Path) -> None:
    profile = Profile.open(tmp_path)
    profile.store()
    profile.close()
    profile = Profile.open(tmp_path)
    profile.store()
    profile.close()
    assert not (tmp_path / "backups").exists()


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    db = make_first_release_db(tmp_path)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = db.read_bytes()
    engine = make_engine(db)
    with pytest.raises(UserError, match="比本程序新"):
        upgrade(engine, db)
    engine.dispose()
    assert current_revision(make_engine(db)) == "9999"
    assert rows(db, "SELECT count(*) FROM people") == [(N_PEOPLE,)]
    assert len(db.read_bytes()) == len(before)


def test_head_revision_matches_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_current_head() == head_revision()


def test_pragmas_are_set(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "x.sqlite3")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
