"""A desktop installation without a window: its own profile folder, device id and outbox,
logging in and syncing over HTTP exactly as the app does.

The demo county's documents are walked through their workflows with these (app.services.
demo_docs), and the sync tests and benchmarks build on them (tests/sync_harness.py). Tokens are
kept in memory: the keyring path has its own tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.db import models as m
from app.db.engine import transaction
from app.profile import Profile
from app.services.demo import DEMO_PASSWORD
from app.services.login import REMEMBERED_KEY
from app.services.workbench import get_meta
from app.sync import client as sync_client
from app.sync.engine import SyncEngine, SyncSummary
from app.sync.transport import MemoryTokens, Transport


@dataclass
class HeadlessClient:
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

    def do(self, fn: Any, **kwargs: Any) -> Any:
        """Run a service function in one local transaction (as the app's DB worker does)."""
        with transaction(self.sessions) as session:
            return fn(session, **kwargs)

    def close(self) -> None:
        self.profile.close()
