"""Sign-in, lockout, token rotation and theft detection, sign-out and revocation."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select

from server import db
from server.config import Settings
from server.models import Person
from server.security import Passwords
from tests.server.conftest import FakeClock, bearer, login


def _attempt(client: TestClient, password: str, username: str = "zhanghs") -> tuple[int, str]:
    r = client.post(
        "/api/v1/auth/login",
        json={"username": username, "password": password, "device_id": str(uuid.uuid4())},
    )
    return r.status_code, r.json()["detail"] if r.status_code != 200 else ""


def test_login_returns_tokens_and_the_person(client: TestClient) -> None:
    reply = login(client)
    assert reply["person"]["username"] == "zhanghs"
    assert reply["person"]["unit_name"] == "塔山市人民政府办公室"
    assert {r["role"] for r in reply["person"]["roles"]} == {"office_director", "reviewer"}
    assert reply["expires_in"] == 900
    me = client.get("/api/v1/me", headers=bearer(reply))
    assert me.status_code == 200
    assert me.json()["name"] == "张华生"


def test_wrong_password_and_unknown_user_get_the_same_chinese_answer(client: TestClient) -> None:
    assert _attempt(client, "wrong-password") == (401, "用户名或密码不正确")
    assert _attempt(client, "demo2026", username="nobody") == (401, "用户名或密码不正确")


def test_lockout_after_repeated_failures_then_unlock_after_the_period(
    client: TestClient, clock: FakeClock
) -> None:
    for _ in range(4):
        assert _attempt(client, "wrong")[0] == 401
    status, detail = _attempt(client, "wrong")
    assert status == 423
    assert "15 分钟" in detail
    # Locked: even the right password is refused, without being checked.
    status, detail = _attempt(client, "demo2026")
    assert status == 423 and "锁定" in detail
    clock.advance(minutes=14)
    assert _attempt(client, "demo2026")[0] == 423
    clock.advance(minutes=1, seconds=1)
    assert _attempt(client, "demo2026") == (200, "")
    # The count starts afresh after a success.
    for _ in range(4):
        assert _attempt(client, "wrong")[0] == 401
    assert _attempt(client, "demo2026")[0] == 200


def test_other_accounts_are_not_locked(client: TestClient) -> None:
    for _ in range(5):
        _attempt(client, "wrong")
    assert _attempt(client, "demo2026", username="wul") == (200, "")


def test_refresh_rotates_and_reuse_revokes_the_device(client: TestClient) -> None:
    first = login(client)
    device = first["device_id"]
    r = client.post(
        "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"], "device_id": device}
    )
    assert r.status_code == 200
    second = r.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert client.get("/api/v1/me", headers=bearer(second)).status_code == 200
    r = client.post(
        "/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"], "device_id": device}
    )
    third = r.json()
    # The first token, replaced twice over, shows up again: someone else holds a copy.
    r = client.post(
        "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"], "device_id": device}
    )
    assert r.status_code == 401
    assert "停用" in r.json()["detail"]
    # Every session of the device is over, including the newest pair.
    assert client.get("/api/v1/me", headers=bearer(third)).status_code == 401
    r = client.post(
        "/api/v1/auth/refresh", json={"refresh_token": third["refresh_token"], "device_id": device}
    )
    assert r.status_code == 401
    r = client.post(
        "/api/v1/auth/login",
        json={"username": "zhanghs", "password": "demo2026", "device_id": device},
    )
    assert r.status_code == 403


def test_a_retried_refresh_whose_reply_was_lost_is_not_theft(
    client: TestClient, clock: FakeClock
) -> None:
    first = login(client)
    body = {"refresh_token": first["refresh_token"], "device_id": first["device_id"]}
    lost = client.post("/api/v1/auth/refresh", json=body)
    assert lost.status_code == 200  # ... but the reply never reached the client
    clock.advance(seconds=5)
    retry = client.post("/api/v1/auth/refresh", json=body)
    assert retry.status_code == 200
    # The token the client never saw is dead; the one it holds now works.
    r = client.post(
        "/api/v1/auth/refresh",
        json={"refresh_token": lost.json()["refresh_token"], "device_id": first["device_id"]},
    )
    assert r.status_code == 401
    fresh = login(client)  # a different device is unaffected either way
    assert client.get("/api/v1/me", headers=bearer(fresh)).status_code == 200


def test_refresh_token_is_bound_to_its_device_and_expires(
    client: TestClient, clock: FakeClock
) -> None:
    reply = login(client)
    other = {"refresh_token": reply["refresh_token"], "device_id": str(uuid.uuid4())}
    assert client.post("/api/v1/auth/refresh", json=other).status_code == 401
    clock.advance(days=31)
    own = {"refresh_token": reply["refresh_token"], "device_id": reply["device_id"]}
    r = client.post("/api/v1/auth/refresh", json=own)
    assert r.status_code == 401
    assert r.json()["detail"] == "登录已失效，请重新登录"


def test_access_token_expires(client: TestClient, clock: FakeClock) -> None:
    reply = login(client)
    clock.advance(seconds=899)
    assert client.get("/api/v1/me", headers=bearer(reply)).status_code == 200
    clock.advance(seconds=2)
    assert client.get("/api/v1/me", headers=bearer(reply)).status_code == 401


def test_logout_ends_access_and_refresh_tokens_at_once(client: TestClient) -> None:
    reply = login(client)
    assert client.post("/api/v1/auth/logout", headers=bearer(reply)).status_code == 204
    assert client.get("/api/v1/me", headers=bearer(reply)).status_code == 401
    r = client.post(
        "/api/v1/auth/refresh",
        json={"refresh_token": reply["refresh_token"], "device_id": reply["device_id"]},
    )
    assert r.status_code == 401
    # Signing in again on the same device works.
    again = login(client, device_id=reply["device_id"])
    assert client.get("/api/v1/me", headers=bearer(again)).status_code == 200


def test_admin_revoking_a_device_ends_its_sessions(client: TestClient) -> None:
    user = login(client)
    admin = login(client, "wul")
    r = client.post(f"/api/v1/admin/devices/{user['device_id']}/revoke", headers=bearer(admin))
    assert r.status_code == 200
    assert r.json()["revoked_at"] is not None
    assert client.get("/api/v1/me", headers=bearer(user)).status_code == 401
    devices = client.get("/api/v1/admin/devices", headers=bearer(admin)).json()
    assert {d["username"] for d in devices} == {"zhanghs", "wul"}


def test_password_reset_signs_the_person_out_and_the_new_password_works(
    client: TestClient,
) -> None:
    user = login(client)
    admin = login(client, "wul")
    pid = user["person"]["id"]
    r = client.post(
        f"/api/v1/admin/people/{pid}/password", json={"password": "short"}, headers=bearer(admin)
    )
    assert r.status_code == 400 and "8 位" in r.json()["detail"]
    r = client.post(
        f"/api/v1/admin/people/{pid}/password",
        json={"password": "新密码-2026-abc"},
        headers=bearer(admin),
    )
    assert r.status_code == 204
    assert client.get("/api/v1/me", headers=bearer(user)).status_code == 401
    assert _attempt(client, "demo2026")[0] == 401
    login(client, password="新密码-2026-abc", device_id=user["device_id"])


def test_a_weaker_stored_hash_is_upgraded_at_login(client: TestClient, settings: Settings) -> None:
    stronger = Passwords(settings.__class__(**{**_fields(settings), "argon2_time_cost": 2}))
    client.app.state.zt.passwords = stronger  # type: ignore[attr-defined]
    login(client)
    engine = client.app.state.zt.engine  # type: ignore[attr-defined]
    with db.transaction(db.make_sessionmaker(engine)) as session:
        stored = session.scalar(select(Person.password_hash).where(Person.username == "zhanghs"))
    assert stored is not None and "t=2" in stored
    assert not stronger.needs_rehash(stored)


def _fields(settings: Settings) -> dict[str, object]:
    return {f: getattr(settings, f) for f in settings.__dataclass_fields__}
