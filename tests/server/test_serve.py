"""The real thing: ``python -m server init --demo`` then ``serve`` under uvicorn, used over HTTP."""

from __future__ import annotations

import gzip
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.sync_harness import running_server


@pytest.fixture
def server_url(tmp_path: Path) -> Iterator[str]:
    data = tmp_path / "data"
    with running_server(data, ZT_MAX_BODY_BYTES=str(64 * 1024)) as server:
        yield server.url
    access = [
        json.loads(line)
        for line in (data / "server.log").read_text().splitlines()
        if line.startswith("{")
    ]
    assert any(a["path"] == "/api/v1/me" and a["status"] == 200 and a["person"] for a in access)


def test_a_real_server_logs_in_over_http(server_url: str) -> None:
    with requests.Session() as http:
        health = http.get(f"{server_url}/healthz", timeout=5).json()
        assert health["status"] == "ok" and health["db"] == "sqlite"
        body = {"username": "wul", "password": "demo2026", "device_id": str(uuid.uuid4())}
        r = http.post(
            f"{server_url}/api/v1/auth/login",
            data=gzip.compress(json.dumps(body).encode()),
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
            timeout=5,
        )
        assert r.status_code == 200, r.text
        token = r.json()["access_token"]
        me = http.get(
            f"{server_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=5
        )
        assert me.json()["name"] == "吴磊"
        org = http.get(
            f"{server_url}/api/v1/org", headers={"Authorization": f"Bearer {token}"}, timeout=5
        )
        assert org.headers["Content-Encoding"] == "gzip"  # requests asks for gzip by default
        assert len(org.json()["people"]) == 35
        # A chunked upload (no Content-Length) past the cap is cut off with 413.
        big = (b" " * 8192 for _ in range(20))
        r = http.post(
            f"{server_url}/api/v1/auth/login",
            data=big,
            headers={"Content-Type": "application/json"},
            timeout=5,
        )
        assert r.status_code == 413
        assert "请求内容过大" in r.json()["detail"]
