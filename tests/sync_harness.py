"""Real servers and real client profiles for the sync tests and benchmarks.

``running_server`` starts ``python -m server init --demo`` and ``serve`` as a child process, on
SQLite in a temporary folder or on a PostgreSQL URL. ``SyncClient`` is one desktop installation:
its own profile folder, device id and outbox, syncing over HTTP exactly as the app does. Tokens
are kept in memory here; the keyring path has its own tests.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from app.db import models as m
from app.db.engine import transaction
from app.demo_server import DemoServer, free_port
from app.profile import Profile
from app.services.demo import DEMO_PASSWORD
from app.services.login import REMEMBERED_KEY
from app.services.workbench import get_meta
from app.sync import client as sync_client
from app.sync.engine import SyncEngine, SyncSummary
from app.sync.transport import MemoryTokens, Transport
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


@dataclass
class SyncClient:
    """One installation of the desktop app (its own profile, device and outbox)."""

    folder: Path
    server_url: str
    username: str
    profile: Profile = field(init=False)
    transport: Transport = field(init=False)
    person_id: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.profile = Profile.open(self.folder, exclusive=False)
        self.profile.config.server_url = self.server_url
        self.profile.save_config()
        tokens = MemoryTokens(sync_client.device_id(self.profile.store()))
        self.transport = sync_client.transport_for(self.profile, tokens)
        self.transport.attempts = 3
        self.transport.backoff_base = 0.01

    @property
    def sessions(self) -> Any:
        return self.profile.store()

    def login(self, password: str = DEMO_PASSWORD) -> None:
        sync_client.login(
            self.profile,
            server_url=self.server_url,
            username=self.username,
            password=password,
            tokens=self.transport.tokens,
        )
        with self.sessions() as session:
            me = get_meta(session, REMEMBERED_KEY)
            self.person_id = session.scalar(select(m.Person.id).where(m.Person.username == me))

    def sync(self, **kwargs: Any) -> SyncSummary:
        return SyncEngine(self.sessions, self.transport, folder=self.folder, **kwargs).sync()

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

    def do(self, fn: Any, **kwargs: Any) -> Any:
        """Run a service function in one local transaction (as the app's DB worker does)."""
        with transaction(self.sessions) as session:
            return fn(session, **kwargs)

    def close(self) -> None:
        self.profile.close()
