"""The server's SQLite WAL is copied back into the database file by a thread of its own
(server/db.py ``Checkpointer``), not inside whichever sync request's commit fills it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text

from server import db
from server.app import create_app
from server.config import Settings


def wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_commits_leave_the_wal_and_the_checkpointer_copies_it_back(tmp_path: Path) -> None:
    path = tmp_path / "server.db"
    engine = db.make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x TEXT)"))
    checkpointer = db.Checkpointer(engine, interval_s=0.05, wal_bytes=4_000_000)
    rows = [{"x": f"{i:06d}" + "公文" * 500} for i in range(600)]  # ~2 MB
    try:
        checkpointer.start()
        with engine.begin() as conn:
            base = path.stat().st_size
            conn.execute(text("INSERT INTO t (x) VALUES (:x)"), rows)
        # Below its limit the WAL is left as it is; the commit itself copied nothing back (the
        # connections' own limit is far above).
        time.sleep(0.3)
        assert path.stat().st_size == base and checkpointer.runs == 0
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t (x) VALUES (:x)"), rows)
        assert wait_for(lambda: checkpointer.runs >= 1)
        assert path.stat().st_size > base + 3_000_000
    finally:
        checkpointer.stop()
        engine.dispose()
    # Copied back whole: the file alone, without its WAL, holds every row.
    (tmp_path / "server.db-wal").unlink(missing_ok=True)
    (tmp_path / "server.db-shm").unlink(missing_ok=True)
    again = db.make_engine(f"sqlite:///{path}")
    with again.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 1200
    again.dispose()


def test_the_running_server_checkpoints_after_writes(settings: Settings) -> None:
    application = create_app(settings)
    zt = application.state.zt
    zt.checkpointer.interval_s = 0.05
    zt.checkpointer.wal_bytes = 0  # any write at all
    with TestClient(application) as client:
        assert client.get("/healthz").status_code == 200
        reply = client.post(
            "/api/v1/auth/login",
            json={"username": "liuf", "password": "demo2026", "device_id": "d" * 32},
        )
        assert reply.status_code == 200, reply.text
        assert wait_for(lambda: zt.checkpointer.runs >= 1)
    before = zt.checkpointer.runs
    time.sleep(0.2)
    assert zt.checkpointer.runs == before  # stopped with the server
