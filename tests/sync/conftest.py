"""Fixtures for the sync fault, scope and stateful tests: a real server per module and backend.

``backend`` is parametrized over SQLite and PostgreSQL (the latter skipped, with the reason,
only where the PostgreSQL binaries are absent). Each module gets its own server process on a
fresh database; clients are real profiles made per test by ``make_client``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests import postgres_server
from tests.sync.helpers import SERVER_ENV, ServerHandle
from tests.sync_harness import SyncClient, running_server

_PG_SKIP = postgres_server.unavailable_reason()

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql", marks=pytest.mark.skipif(_PG_SKIP is not None, reason=str(_PG_SKIP))
    ),
]


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[str]:
    with postgres_server.postgres_cluster() as url:
        yield url


def fresh_database(request: pytest.FixtureRequest, backend: str) -> str | None:
    """None for SQLite (the server makes its file); a new empty PostgreSQL database otherwise."""
    if backend == "sqlite":
        return None
    cluster: str = request.getfixturevalue("pg_cluster")
    name = f"zt_{uuid.uuid4().hex[:12]}"
    engine = create_engine(cluster, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return cluster.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerHandle]:
    url = fresh_database(request, backend)
    data_dir = tmp_path_factory.mktemp(f"server-{backend}")
    with running_server(data_dir, url, **SERVER_ENV) as srv:
        handle = ServerHandle(srv, backend)
        yield handle
        handle.dispose()


@pytest.fixture
def make_client(server: ServerHandle, tmp_path: Path) -> Iterator[Callable[..., SyncClient]]:
    made: list[SyncClient] = []

    def make(
        username: str = "zhanghs", *, login: bool = True, folder: Path | None = None
    ) -> SyncClient:
        c = SyncClient(folder or tmp_path / f"{username}-{len(made)}", server.url, username)
        made.append(c)
        if login:
            c.login()
        return c

    yield make
    for c in made:
        c.close()
