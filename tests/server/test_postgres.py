"""The server on a real PostgreSQL cluster started by the test run (skipped, with the reason,
only where the PostgreSQL binaries are absent; .ci/run installs them)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text

from app.services.demo import DEMO_PASSWORD, PEOPLE, UNITS
from server import db, services
from server.app import create_app
from server.security import Passwords
from tests import postgres_server
from tests.server.conftest import FakeClock, bearer, login, make_settings

pytestmark = pytest.mark.skipif(
    postgres_server.unavailable_reason() is not None,
    reason=str(postgres_server.unavailable_reason()),
)


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres_server.postgres_cluster() as url:
        yield url


@pytest.fixture
def pg_client(pg_url: str, tmp_path: Path) -> Iterator[TestClient]:
    settings = make_settings(tmp_path, database_url=pg_url)
    engine = db.make_engine(pg_url)
    with engine.begin() as conn:  # a clean database for every test
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db.upgrade(engine)
    with db.transaction(db.make_sessionmaker(engine)) as session:
        services.seed_demo(session, hash_password=Passwords(settings).hash)
    engine.dispose()
    app = create_app(settings, clock=FakeClock())
    with TestClient(app) as client:
        yield client
    app.state.zt.engine.dispose()


def test_migrations_and_demo_seed_on_postgresql(pg_url: str, pg_client: TestClient) -> None:
    engine = db.make_engine(pg_url)
    try:
        assert {"units", "people", "devices", "refresh_tokens"} <= set(
            inspect(engine).get_table_names()
        )
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM units")).scalar() == len(UNITS)
            assert conn.execute(text("SELECT count(*) FROM people")).scalar() == len(PEOPLE)
    finally:
        engine.dispose()
    health = pg_client.get("/healthz").json()
    assert health["status"] == "ok" and health["db"] == "postgresql"


def test_login_refresh_and_admin_on_postgresql(pg_client: TestClient) -> None:
    me = login(pg_client, "zhanghs", DEMO_PASSWORD)
    assert pg_client.get("/api/v1/me", headers=bearer(me)).json()["name"] == "张华生"
    refreshed = pg_client.post(
        "/api/v1/auth/refresh",
        json={"refresh_token": me["refresh_token"], "device_id": me["device_id"]},
    )
    assert refreshed.status_code == 200
    # A non-admin is refused; the 系统管理员 may add a unit, validated by the domain rules.
    body = {"name": "塔山市审计局", "level": "county", "kind": "agency", "code_prefix": "塔审"}
    assert pg_client.post("/api/v1/admin/units", json=body, headers=bearer(me)).status_code == 403
    admin = login(pg_client, "wul", DEMO_PASSWORD)
    created = pg_client.post("/api/v1/admin/units", json=body, headers=bearer(admin))
    assert created.status_code in (200, 201), created.text
    dup = pg_client.post("/api/v1/admin/units", json=body, headers=bearer(admin))
    assert dup.status_code == 400 and "塔审" in dup.json()["detail"]
