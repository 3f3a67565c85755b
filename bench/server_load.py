"""No-op syncs per second that one server sustains, on PostgreSQL and on SQLite (loopback only).

For each database: a real server process (``python -m server serve --workers 2``), K devices
logged in (each with its own token), each synced once so it holds a current cursor; then a light
load generator (asyncio, one keep-alive connection per device, requests prepared in advance)
sends no-op syncs — an empty outbox and the current cursor — for a fixed time, as many clients
with nothing to do would. Every answer must be a 200 with an empty page.

    python bench/server_load.py [--db postgres,sqlite] [--clients 32] [--seconds 10] [--workers 2]

Prints one JSON line per database: {"db", "clients", "workers", "rps", "p50_ms", "p99_ms", ...}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402
import requests  # noqa: E402

from app.services.demo import DEMO_PASSWORD, PEOPLE  # noqa: E402
from app.sync.protocol import PROTOCOL_VERSION, SCHEMA_VERSION  # noqa: E402
from tests.sync_harness import running_server  # noqa: E402


def device(url: str, username: str) -> tuple[str, bytes]:
    """Log a new device in and sync it once; returns its token and its no-op request body."""
    http = requests.Session()
    reply = http.post(
        f"{url}/api/v1/auth/login",
        json={
            "username": username,
            "password": DEMO_PASSWORD,
            "device_id": str(uuid.uuid4()),
            "device_name": "load",
        },
        timeout=30,
    )
    reply.raise_for_status()
    token = reply.json()["access_token"]
    body: dict[str, Any] = {"protocol": PROTOCOL_VERSION, "schema_version": SCHEMA_VERSION}
    while True:
        page = http.post(
            f"{url}/api/v1/sync",
            data=orjson.dumps(body),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            timeout=30,
        )
        page.raise_for_status()
        got = page.json()
        body = {**body, "epoch": got["epoch"], "cursor": got["cursor"]}
        if not got["has_more"]:
            return token, orjson.dumps(body)


def request_bytes(host: str, port: int, token: str, body: bytes) -> bytes:
    head = (
        f"POST /api/v1/sync HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"Accept-Encoding: gzip\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def one_connection(
    host: str, port: int, request: bytes, *, until: float, latencies: list[float], errors: list[str]
) -> tuple[int, int]:
    """Closed loop on one keep-alive connection; returns (bytes up, bytes down)."""
    reader, writer = await asyncio.open_connection(host, port)
    up = down = 0
    try:
        while time.perf_counter() < until:
            t0 = time.perf_counter()
            writer.write(request)
            up += len(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            body = await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            down += len(head) + length
            if not head.startswith(b"HTTP/1.1 200") or b'"changes":[]' not in body:
                errors.append(head.split(b"\r\n", 1)[0].decode() + " " + body[:200].decode())
    finally:
        writer.close()
    return up, down


async def load(
    url: str, requests_: list[bytes], seconds: float
) -> tuple[list[float], list[str], float, int, int]:
    host, port = url.split("//", 1)[1].rsplit(":", 1)
    latencies: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()
    until = start + seconds
    sizes = await asyncio.gather(
        *(
            one_connection(host, int(port), r, until=until, latencies=latencies, errors=errors)
            for r in requests_
        )
    )
    elapsed = time.perf_counter() - start
    return (
        latencies,
        errors,
        elapsed,
        sum(s[0] for s in sizes),
        sum(s[1] for s in sizes),
    )


def run(db: str, clients: int, seconds: float, workers: int) -> dict[str, Any]:
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="zt-bench-load-")))
        database_url = None
        if db == "postgres":
            from tests.postgres_server import postgres_cluster

            database_url = stack.enter_context(postgres_cluster())
        server = stack.enter_context(running_server(tmp / "server", database_url, workers=workers))
        host, port = server.url.split("//", 1)[1].rsplit(":", 1)
        users = [p[0] for p in PEOPLE]
        prepared = []
        for i in range(clients):
            token, body = device(server.url, users[i % len(users)])
            prepared.append(request_bytes(host, int(port), token, body))
        # Warm-up: every worker process and connection pool gets going.
        asyncio.run(load(server.url, prepared, 1.0))
        latencies, errors, elapsed, up, down = asyncio.run(load(server.url, prepared, seconds))
        if errors:
            raise SystemExit(f"{len(errors)} failed no-op syncs, first: {errors[0]}")
        latencies.sort()
        n = len(latencies)
        return {
            "db": db,
            "clients": clients,
            "workers": workers,
            "seconds": round(elapsed, 2),
            "requests": n,
            "rps": round(n / elapsed),
            "p50_ms": round(statistics.median(latencies) * 1000, 2),
            "p99_ms": round(latencies[min(n - 1, int(n * 0.99))] * 1000, 2),
            "max_ms": round(latencies[-1] * 1000, 2),
            "bytes_up_per_request": round(up / max(1, n)),
            "bytes_down_per_request": round(down / max(1, n)),
        }
    raise AssertionError("unreachable")  # pragma: no cover


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="postgres,sqlite", help="comma-separated: postgres,sqlite")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    for db in args.db.split(","):
        print(json.dumps(run(db.strip(), args.clients, args.seconds, args.workers)), flush=True)


if __name__ == "__main__":
    main()
