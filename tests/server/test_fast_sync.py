"""The no-op sync path (server/fast_sync.py): a sync with nothing to push and nothing new is
answered below FastAPI with the bytes the route gives; everything else reaches the route and gets
its full answer (a page, a reset, 401, 426, 422)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, update

from app.sync.protocol import SyncRequest
from server import auth, db, releases
from server import sync as sync_service
from server.app import create_app
from server.config import Settings
from server.models import Person, PersonRole
from tests.server.conftest import FakeClock, bearer, login
from tests.server.test_client_versions import RELEASES


class Route:
    """Counts the requests the sync route answered (``server.sync.handle``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self.original: Callable[..., bytes] = sync_service.handle

        def counted(*args: Any, **kwargs: Any) -> bytes:
            self.calls += 1
            return self.original(*args, **kwargs)

        monkeypatch.setattr(sync_service, "handle", counted)


@pytest.fixture
def route(monkeypatch: pytest.MonkeyPatch) -> Route:
    return Route(monkeypatch)


def _body(cursor: int | None = None, epoch: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"protocol": 1, "schema_version": 1, "client_version": "0.3.0"}
    if epoch is not None:
        body.update(epoch=epoch, cursor=cursor)
    return {**body, **extra}


def _caught_up(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    """Sync until the device holds the head of the log; the no-op request it would send next."""
    body = _body()
    while True:
        r = client.post("/api/v1/sync", json=body, headers=headers)
        assert r.status_code == 200, r.text
        reply = r.json()
        body = _body(reply["cursor"], reply["epoch"])
        if not reply["has_more"]:
            return body


def _route_bytes(client: TestClient, route: Route, token: str, raw: bytes) -> bytes:
    """What the route's own code answers for this no-op request."""
    zt = client.app.state.zt  # type: ignore[attr-defined]
    update_ = releases.announcement(zt.settings)
    with db.read_transaction(zt.sessions) as session:
        caller = auth.authenticate(session, settings=zt.settings, token=token, now=zt.clock())
        return route.original(
            session,
            caller=caller,
            request=SyncRequest.model_validate_json(raw),
            request_digest=hashlib.sha256(raw).hexdigest(),
            now=zt.clock(),
            read_only=True,
            client_update=update_.model_dump() if update_ is not None else None,
        )


@pytest.fixture(params=["plain", "announcing"])
def server(
    request: pytest.FixtureRequest, settings: Settings, clock: FakeClock
) -> Iterator[TestClient]:
    extra = RELEASES if request.param == "announcing" else {}
    app = create_app(replace(settings, **extra), clock=clock)
    with TestClient(app) as c:
        yield c
    app.state.zt.engine.dispose()


def test_a_no_op_sync_gets_the_routes_answer_without_the_route(
    server: TestClient, route: Route
) -> None:
    me = login(server)
    noop = _caught_up(server, bearer(me))
    calls = route.calls
    raw = orjson.dumps(noop)
    r = server.post(
        "/api/v1/sync", content=raw, headers={**bearer(me), "Content-Type": "application/json"}
    )
    assert r.status_code == 200
    assert route.calls == calls  # answered in front of the route
    assert r.content == _route_bytes(server, route, me["access_token"], raw)
    reply = r.json()
    assert reply["changes"] == [] and reply["reset"] == "none" and not reply["has_more"]
    assert reply["cursor"] == noop["cursor"]


def test_changes_since_the_cursor_go_to_the_route_and_arrive(
    client: TestClient, route: Route
) -> None:
    me, other = login(client), login(client, "zhanghs")
    noop = _caught_up(client, bearer(me))
    rid = str(uuid.uuid4())
    push = _body(
        mutations=[
            {
                "id": 1,
                "type": "notice",
                "record_id": rid,
                "op": "create",
                "fields": {"title": "通知"},
            }
        ]
    )
    assert client.post("/api/v1/sync", json=push, headers=bearer(other)).status_code == 200
    calls = route.calls
    r = client.post("/api/v1/sync", json=noop, headers=bearer(me))
    assert r.status_code == 200 and route.calls == calls + 1
    assert [c["id"] for c in r.json()["changes"]] == [rid]


def test_a_revoked_device_or_an_inactive_person_is_refused(
    client: TestClient, settings: Settings
) -> None:
    me = login(client)
    noop = _caught_up(client, bearer(me))
    engine = db.make_engine(settings.database_url)
    with db.transaction(db.make_sessionmaker(engine)) as session:
        person_id = session.scalar(select(Person.id).where(Person.username == "zhanghs"))
        session.execute(update(Person).where(Person.id == person_id).values(active=False))
    r = client.post("/api/v1/sync", json=noop, headers=bearer(me))
    assert r.status_code == 401 and r.json()["detail"] == auth.SESSION_EXPIRED
    with db.transaction(db.make_sessionmaker(engine)) as session:
        session.execute(update(Person).where(Person.id == person_id).values(active=True))
    assert client.post("/api/v1/sync", json=noop, headers=bearer(me)).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=bearer(me)).status_code == 204
    r = client.post("/api/v1/sync", json=noop, headers=bearer(me))
    assert r.status_code == 401 and r.json()["detail"] == auth.SESSION_EXPIRED
    engine.dispose()


def test_a_client_below_the_minimum_is_refused_even_with_nothing_to_do(
    settings: Settings, clock: FakeClock
) -> None:
    app = create_app(replace(settings, **RELEASES), clock=clock)
    with TestClient(app) as c:
        me = login(c)
        noop = _caught_up(c, bearer(me))
        r = c.post("/api/v1/sync", json={**noop, "client_version": "0.1.0"}, headers=bearer(me))
        assert r.status_code == 426 and "过旧" in r.json()["detail"]
    app.state.zt.engine.dispose()


def test_another_epoch_or_a_changed_scope_resets(client: TestClient, settings: Settings) -> None:
    me = login(client)
    noop = _caught_up(client, bearer(me))
    r = client.post("/api/v1/sync", json={**noop, "epoch": "restored"}, headers=bearer(me))
    assert r.status_code == 200 and r.json()["reset"] == "replace"
    noop = _caught_up(client, bearer(me))
    # Roles changed in the database directly: nothing was logged, the scope still differs.
    engine = db.make_engine(settings.database_url)
    with db.transaction(db.make_sessionmaker(engine)) as session:
        person_id = session.scalar(select(Person.id).where(Person.username == "zhanghs"))
        session.execute(delete(PersonRole).where(PersonRole.person_id == person_id))
    engine.dispose()
    r = client.post("/api/v1/sync", json=noop, headers=bearer(me))
    assert r.status_code == 200 and r.json()["reset"] == "replace"


def test_bad_requests_get_the_routes_errors(client: TestClient) -> None:
    me = login(client)
    noop = _caught_up(client, bearer(me))
    assert client.post("/api/v1/sync", json=noop).status_code == 401
    bad = client.post("/api/v1/sync", json={**noop, "schema_version": 0}, headers=bearer(me))
    assert bad.status_code == 400
    garbled = client.post(
        "/api/v1/sync",
        content=b"{not json",
        headers={**bearer(me), "Content-Type": "application/json"},
    )
    assert garbled.status_code == 400
    wrong = client.post("/api/v1/sync", json=noop, headers={"Authorization": "Bearer x.y"})
    assert wrong.status_code == 401
