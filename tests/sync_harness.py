"""Real servers and real client profiles for the sync tests and benchmarks.

``running_server`` starts ``python -m server init --demo`` and ``serve`` as a child process, on
SQLite in a temporary folder or on a PostgreSQL URL. ``SyncClient`` is one desktop installation
(app.sync.headless), plus what the tests look at in its database.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from app.db import models as m
from app.demo_server import DemoServer, free_port
from app.sync.headless import HeadlessClient
from tests.server.conftest import FAST_ARGON2

ROOT = Path(__file__).resolve().parents[1]
__all__ = ["FAST_ARGON2", "ROOT", "Server", "SyncClient", "free_port", "running_server"]


class Server(DemoServer):
    """A real server process for tests (app.demo_server's), plus its admin command line."""

    def admin(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "server", "admin", *args],
            check=False,
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


@contextmanager
def running_server(
    data_dir: Path, database_url: str | None = None, *, workers: int = 1, **env_extra: str
) -> Iterator[Server]:
    env = {**FAST_ARGON2, **env_extra}
    if database_url:
        env["ZT_DATABASE_URL"] = database_url
    server = Server(data_dir, env=env, serve_args=["--workers", str(workers)])
    server.start()
    try:
        yield server
    finally:
        server.stop()


class SyncClient(HeadlessClient):
    """One installation of the desktop app, with what the tests look at in its database."""

    def pending(self) -> int:
        with self.sessions() as session:
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(m.OutboxEntry)
                    .where(m.OutboxEntry.acked_at.is_(None))
                )
                or 0
            )

    def rows(self, sql: str, **params: Any) -> list[Any]:
        with self.sessions() as session:
            return list(session.execute(text(sql), params).all())
