"""Real servers and real client profiles for the sync tests and benchmarks.

``running_server`` starts ``python -m server init --demo`` and ``serve`` as a child process, on
SQLite in a temporary folder or on a PostgreSQL URL. ``SyncClient`` is one desktop installation:
its own profile folder, device id and outbox, syncing over HTTP exactly as the app does. Tokens
are kept in memory here; the keyring path has its own tests.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import func, select, text

from app.db import models as m
from app.db.engine import transaction
from app.profile import Profile
from app.services.demo import DEMO_PASSWORD
from app.services.login import REMEMBERED_KEY
from app.services.workbench import get_meta
from app.sync import client as sync_client
from app.sync.engine import SyncEngine, SyncSummary
from app.sync.transport import MemoryTokens, Transport

ROOT = Path(__file__).resolve().parents[1]
FAST_ARGON2 = {
    "ZT_ARGON2_TIME_COST": "1",
    "ZT_ARGON2_MEMORY_COST": "8",
    "ZT_ARGON2_PARALLELISM": "1",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    url: str
    data_dir: Path
    env: dict[str, str]
    proc: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=15)
            self.proc = None

    def start(self) -> None:
        port = int(self.url.rsplit(":", 1)[1])
        assert self.log is not None
        out = self.log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--host", "127.0.0.1", "--port", str(port)]
            + (["--workers", self.env["ZT_TEST_WORKERS"]] if "ZT_TEST_WORKERS" in self.env else []),
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(self.log.read_text(errors="replace")[-4000:])
            time.sleep(0.05)

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
    data_dir: Path, database_url: str | None = None, **env_extra: str
) -> Iterator[Server]:
    env = {**os.environ, **FAST_ARGON2, "ZT_DATA_DIR": str(data_dir), **env_extra}
    env.pop("ZT_DATABASE_URL", None)
    if database_url:
        env["ZT_DATABASE_URL"] = database_url
    subprocess.run(
        [sys.executable, "-m", "server", "init", "--demo"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
    )
    server = Server(f"http://127.0.0.1:{free_port()}", data_dir, env, log=data_dir / "server.log")
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
