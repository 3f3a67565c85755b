"""app/db/bulk.py ``executemany`` stores exactly what ``session.execute(stmt, rows)`` would,
without SQLAlchemy's per-row work when the columns left out have constant defaults."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.db.bulk import executemany
from app.db.engine import make_engine, make_sessionmaker, transaction

meta = MetaData()
items = Table(
    "items",
    meta,
    Column("id", String(36), primary_key=True),
    Column("title", String(50)),
    Column("state", String(16), default="draft"),
    Column("labels", String(50), default="[]"),
    Column("count", Integer, default=0),
    Column("at", DateTime(timezone=True)),
)
stamped = Table(
    "stamped",
    meta,
    Column("id", String(36), primary_key=True),
    Column("made", String(40), default=lambda: datetime.now(UTC).isoformat()),
)

AT = datetime(2026, 7, 4, 9, 30, tzinfo=UTC)
ROWS: list[dict[str, Any]] = [
    {"id": f"r{i}", "title": f"第{i}号", "at": AT if i % 2 else None} for i in range(50)
]


def stored(session: Session, table: Table) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in session.execute(select(table).order_by(table.c.id))]


@pytest.fixture
def two(tmp_path: Path) -> Iterator[tuple[Any, Any]]:
    makers = []
    for name in ("bulk", "orm"):
        engine = make_engine(tmp_path / f"{name}.db")
        meta.create_all(engine)
        makers.append(make_sessionmaker(engine))
    yield makers[0], makers[1]
    for maker in makers:
        maker.kw["bind"].dispose()


def test_constant_defaults_are_filled_in_without_the_slow_path(
    two: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk, orm = two
    with transaction(orm) as session:
        session.execute(insert(items), ROWS)
    with transaction(bulk) as session:
        with monkeypatch.context() as patch:  # the per-row path must not be taken
            patch.setattr(Session, "execute", lambda *a, **k: pytest.fail("slow path taken"))
            executemany(session, insert(items), ROWS)
    with bulk() as b, orm() as o:
        assert stored(b, items) == stored(o, items)
        first = stored(b, items)[1]
    assert first[2:5] == ("draft", "[]", 0)


def test_an_upsert_keeps_what_the_rows_leave_out(two: tuple[Any, Any]) -> None:
    bulk, orm = two
    base = sqlite_insert(items)
    upsert = base.on_conflict_do_update(index_elements=["id"], set_={"title": base.excluded.title})
    changed = [{"id": r["id"], "title": r["title"] + "（改）"} for r in ROWS[:10]]
    for maker, run in ((bulk, executemany), (orm, None)):
        with transaction(maker) as session:
            session.execute(insert(items), [{**r, "state": "sent", "count": 3} for r in ROWS])
            if run is None:
                session.execute(upsert, changed)
            else:
                run(session, upsert, changed)
    with bulk() as b, orm() as o:
        assert stored(b, items) == stored(o, items)
        assert stored(b, items)[0][1:5] == ("第0号（改）", "sent", "[]", 3)


def test_a_default_computed_per_row_still_gets_one_per_row(two: tuple[Any, Any]) -> None:
    bulk, _ = two
    with transaction(bulk) as session:
        executemany(session, insert(stamped), [{"id": f"s{i}"} for i in range(5)])
    with bulk() as session:
        made = [r[1] for r in stored(session, stamped)]
    assert all(m and m.startswith("20") for m in made)
