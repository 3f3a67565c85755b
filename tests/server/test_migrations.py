"""The server's models and its Alembic migrations describe the same schema."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from server import db
from server.models import Base

ROOT = Path(__file__).resolve().parents[2]


def _diff(url: str, metadata: sa.MetaData) -> list[object]:
    engine = db.make_engine(url)
    try:
        db.upgrade(engine)
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    assert _diff(f"sqlite:///{tmp_path / 'a.sqlite3'}", Base.metadata) == []


def test_the_comparison_notices_a_drift(tmp_path: Path) -> None:
    drifted = sa.MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(drifted)
    sa.Table("devices", drifted, sa.Column("platform", sa.String(20)), extend_existing=True)
    diffs = _diff(f"sqlite:///{tmp_path / 'b.sqlite3'}", drifted)
    assert any(d[0] == "add_column" and d[3].name == "platform" for d in diffs)  # type: ignore[index]


def test_upgrade_is_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    engine = db.make_engine(url)
    db.upgrade(engine)
    db.upgrade(engine)
    with engine.connect() as conn:
        head = max(p.name[:4] for p in (ROOT / "server/migrations/versions").glob("0*.py"))
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == head
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()
