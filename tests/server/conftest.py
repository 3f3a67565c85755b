"""Server fixtures: a migrated SQLite server database with the demo county, a TestClient on it,
and a clock the tests move instead of sleeping."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.services.demo import DEMO_PASSWORD
from server import db, services
from server.app import create_app
from server.config import DB_FILE, Settings
from server.security import Passwords

# argon2 is slow by design; the tests use the cheapest parameters through the same settings.
FAST_ARGON2 = {
    "ZT_ARGON2_TIME_COST": "1",
    "ZT_ARGON2_MEMORY_COST": "8",
    "ZT_ARGON2_PARALLELISM": "1",
}


def make_settings(data_dir: Path, **overrides: Any) -> Settings:
    base = Settings(
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir / DB_FILE}",
        secret=b"test-secret-" + b"x" * 32,
        argon2_time_cost=1,
        argon2_memory_cost=8,
        argon2_parallelism=1,
    )
    return replace(base, **overrides)


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 7, 4, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def demo_server_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated server database holding the demo county, built once and copied per test."""
    folder = tmp_path_factory.mktemp("server-template")
    settings = make_settings(folder)
    engine = db.make_engine(settings.database_url)
    db.upgrade(engine)
    with db.transaction(db.make_sessionmaker(engine)) as session:
        services.seed_demo(session, hash_password=Passwords(settings).hash)
    engine.dispose()
    return folder / DB_FILE


@pytest.fixture
def settings(demo_server_db: Path, tmp_path: Path) -> Settings:
    data_dir = tmp_path / "server-data"
    data_dir.mkdir()
    shutil.copy(demo_server_db, data_dir / DB_FILE)
    return make_settings(data_dir)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(settings: Settings, clock: FakeClock) -> Iterator[TestClient]:
    app = create_app(settings, clock=clock)
    with TestClient(app) as c:
        yield c
    app.state.zt.engine.dispose()


def login(
    client: TestClient,
    username: str = "zhanghs",
    password: str = DEMO_PASSWORD,
    device_id: str | None = None,
) -> dict[str, Any]:
    """Log in and return the reply (with ``device_id`` added); asserts success."""
    device_id = device_id or str(uuid.uuid4())
    r = client.post(
        "/api/v1/auth/login",
        json={
            "username": username,
            "password": password,
            "device_id": device_id,
            "device_name": "测试机",
        },
    )
    assert r.status_code == 200, r.text
    reply: dict[str, Any] = r.json()
    reply["device_id"] = device_id
    return reply


def bearer(reply: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {reply['access_token']}"}
