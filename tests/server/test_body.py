"""Request size cap, gzip both ways, damaged gzip: clear answers, never a 500."""

from __future__ import annotations

import asyncio
import gzip
import json
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.types import Message

from server.app import create_app
from server.config import Settings
from server.middleware import BodyLimitMiddleware
from tests.server.conftest import FakeClock, bearer, login

CAP = 64 * 1024


@pytest.fixture
def small(settings: Settings, clock: FakeClock) -> Iterator[TestClient]:
    app = create_app(replace(settings, max_body_bytes=CAP), clock=clock)
    with TestClient(app) as c:
        yield c
    app.state.zt.engine.dispose()


def _login_body(**extra: Any) -> dict[str, Any]:
    return {"username": "zhanghs", "password": "demo2026", "device_id": str(uuid.uuid4()), **extra}


def test_a_body_over_the_cap_gets_413_in_chinese(small: TestClient) -> None:
    r = small.post("/api/v1/auth/login", json=_login_body(device_name="x" * CAP))
    assert r.status_code == 413
    assert "请求内容过大" in r.json()["detail"]


def test_a_chunked_body_over_the_cap_gets_413(small: TestClient) -> None:
    def chunks() -> Any:
        for _ in range(5):
            yield b" " * (CAP // 2)

    r = small.post(
        "/api/v1/auth/login", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413


def test_a_lying_content_length_is_still_capped() -> None:
    """The declared length says small, the stream keeps coming: counted bytes decide."""
    reached: list[bool] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        reached.append(True)

    sent: list[Message] = []
    messages = [{"type": "http.request", "body": b"x" * 1000, "more_body": True}] * 100

    async def receive() -> Message:
        return messages.pop()

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"content-length", b"10")]}
    asyncio.run(BodyLimitMiddleware(app, max_bytes=CAP)(scope, receive, send))
    assert sent[0]["status"] == 413
    assert not reached


def test_gzip_request_round_trip_and_gzip_response(client: TestClient) -> None:
    raw = json.dumps(_login_body()).encode()
    r = client.post(
        "/api/v1/auth/login",
        content=gzip.compress(raw),
        headers={
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            "Accept-Encoding": "gzip",
        },
    )
    assert r.status_code == 200, r.text
    reply = r.json()
    # The org listing is large: it comes back compressed when the client accepts gzip.
    org = client.get("/api/v1/org", headers={**bearer(reply), "Accept-Encoding": "gzip"})
    assert org.headers["content-encoding"] == "gzip"
    assert len(org.json()["people"]) == 35
    plain = client.get("/api/v1/org", headers={**bearer(reply), "Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers


def test_a_gzip_bomb_is_stopped_at_the_inflated_cap(small: TestClient) -> None:
    bomb = gzip.compress(b"{" + b" " * (CAP * 50) + b"}")
    assert len(bomb) < CAP  # small on the wire, 50x the cap once inflated
    r = small.post(
        "/api/v1/auth/login",
        content=bomb,
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert r.status_code == 413


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda z: z[: len(z) // 2], "不完整"),
        (lambda z: z[:10] + b"\x00garbage\xff" * 4 + z[40:], "已损坏"),
        (lambda z: b"not gzip at all", "已损坏"),
    ],
)
def test_damaged_gzip_is_a_clear_400(client: TestClient, damage: Any, message: str) -> None:
    body = damage(gzip.compress(json.dumps(_login_body(device_name="设备" * 200)).encode()))
    r = client.post(
        "/api/v1/auth/login",
        content=body,
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert r.status_code == 400
    assert message in r.json()["detail"]


def test_unknown_content_encoding_is_refused(client: TestClient) -> None:
    r = client.post(
        "/api/v1/auth/login",
        content=b"{}",
        headers={"Content-Encoding": "br", "Content-Type": "application/json"},
    )
    assert r.status_code == 415


def test_requests_are_logged_as_json_lines(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="zhengtong.server.access")
    reply = login(client)
    client.get("/api/v1/me", headers=bearer(reply))
    client.get("/api/v1/me")
    lines = [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "zhengtong.server.access"
    ]
    assert [(x["method"], x["path"], x["status"]) for x in lines] == [
        ("POST", "/api/v1/auth/login", 200),
        ("GET", "/api/v1/me", 200),
        ("GET", "/api/v1/me", 401),
    ]
    assert lines[0]["person"] == lines[1]["person"] == reply["person"]["id"]
    assert lines[2]["person"] is None
    assert all(isinstance(x["ms"], float) for x in lines)
