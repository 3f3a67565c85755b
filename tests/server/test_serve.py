"""The real thing: ``python -m server init --demo`` then ``serve`` under uvicorn, used over HTTP."""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.server.conftest import FAST_ARGON2

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def server_url(tmp_path: Path) -> Iterator[str]:
    env = {
        **os.environ,
        **FAST_ARGON2,
        "ZT_DATA_DIR": str(tmp_path / "data"),
        "ZT_MAX_BODY_BYTES": str(64 * 1024),
    }
    env.pop("ZT_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "server", "init", "--demo"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
    )
    port = _free_port()
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((tmp_path / "server.log").read_text(errors="replace"))
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
    access = [
        json.loads(line)
        for line in (tmp_path / "server.log").read_text().splitlines()
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
