"""N new records from client A through a real server to client B, over loopback.

A real server process (``python -m server serve``, SQLite by default or a private PostgreSQL
cluster with ``--db postgres``) and two real client profiles of the same person on two devices
(as the Anki peer syncs one account to two collections). Set-up, not timed: both clients log in
and sync the org tree, then A creates N notices offline (~20-character Chinese title and
~200-character body, like ../shared/peers/anki_sync_peer.py) — written in bulk with the same
record-type rules ``app.sync.local.write`` applies, because going through the service one at a
time would take longer than the sync being measured. Timed: A syncs (push_s), then B syncs
(pull_s). B must end up with the same N records (count and checksum).

    python bench/sync.py 10000 [--db sqlite|postgres] [--profile-client OUT.prof]

Prints one JSON line: n, push_s, pull_s, total_s, requests, bytes_up / bytes_down (on the wire,
gzip), raw_json_bytes (the same messages uncompressed) and compression (raw / wire).
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import hashlib
import json
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402
import requests  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from app.db import models as m  # noqa: E402
from app.db.engine import transaction  # noqa: E402
from app.ids import new_id  # noqa: E402
from app.services.actors import actor_of  # noqa: E402
from app.sync import local  # noqa: E402
from app.sync.protocol import Op  # noqa: E402
from app.sync.records import record_type  # noqa: E402
from tests.sync_harness import SyncClient, running_server  # noqa: E402

USER = "liuf"  # 刘芳, 秘书科科员: may draft notices


def notice_fields(i: int) -> dict[str, Any]:
    return {
        "title": f"关于做好第{i}号文件办理工作的通知",
        "body": "各乡镇人民政府，市直各单位：" + "现将有关事项通知如下。" * 20,
        "urgency": "普通",
        "recipient_unit_ids": [],
        "recipient_person_ids": [],
    }


def create_offline(client: SyncClient, n: int) -> None:
    """N notice drafts and their outbox entries, exactly as ``local.write`` makes them."""
    rt = record_type("notice")
    adapter = local.adapter("notice")
    with transaction(client.sessions) as session:
        actor = actor_of(session, client.person_id)
        for start in range(0, n, 5000):
            items: list[tuple[str, dict[str, Any]]] = []
            for i in range(start, min(n, start + 5000)):
                data = rt.on_create(actor, rt.clean(notice_fields(i), creating=True))
                rt.authorize(actor, "create", None, data)
                items.append((new_id(), data))
            adapter.upsert(session, items)
            session.execute(
                insert(m.OutboxEntry),
                [
                    {
                        "record_type": "notice",
                        "record_id": rid,
                        "op": Op.CREATE.value,
                        "action": None,
                        "payload": orjson.dumps(data).decode(),
                        "base": 0,
                    }
                    for rid, data in items
                ],
            )


def notices_digest(client: SyncClient) -> tuple[int, str]:
    h = hashlib.sha256()
    with client.sessions() as session:
        rows = session.execute(
            select(m.Notice.id, m.Notice.title, m.Notice.body, m.Notice.state).order_by(m.Notice.id)
        ).all()
    for row in rows:
        h.update("\x1f".join(str(v) for v in row).encode() + b"\x1e")
    return len(rows), h.hexdigest()


class WireCounter:
    """Bytes on the wire (gzip both ways) and what they inflate to, per HTTP exchange."""

    def __init__(self) -> None:
        self.bodies_up: list[bytes] = []
        self.wire_down = 0
        self.raw_down = 0
        self.requests = 0

    def hook(self, resp: requests.Response, *args: Any, **kwargs: Any) -> None:
        self.requests += 1
        body = resp.request.body
        if isinstance(body, bytes):
            self.bodies_up.append(body)
        self.raw_down += len(resp.content)
        self.wire_down += int(resp.headers.get("Content-Length", len(resp.content)))

    def attach(self, client: SyncClient) -> None:
        client.transport.http.hooks["response"].append(self.hook)

    def totals(self) -> dict[str, int]:
        wire_up = sum(len(b) for b in self.bodies_up)
        raw_up = sum(
            len(gzip.decompress(b)) if b[:2] == b"\x1f\x8b" else len(b) for b in self.bodies_up
        )
        return {
            "requests": self.requests,
            "bytes_up": wire_up,
            "bytes_down": self.wire_down,
            "raw_json_bytes": raw_up + self.raw_down,
        }


def sync_times(log: Path, start: int) -> list[float]:
    """Milliseconds the server spent on each sync request (its access log), from ``start``."""
    out: list[float] = []
    with log.open("rb") as fh:
        fh.seek(start)
        for line in fh:
            if line.startswith(b"{") and b'"/api/v1/sync"' in line:
                out.append(float(json.loads(line)["ms"]))
    return out


def run(n: int, db: str, profile_out: Path | None) -> dict[str, Any]:
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="zt-bench-sync-")))
        url = None
        if db == "postgres":
            from tests.postgres_server import postgres_cluster

            url = stack.enter_context(postgres_cluster())
        server = stack.enter_context(running_server(tmp / "server", url))
        a = SyncClient(tmp / "a", server.url, USER)
        b = SyncClient(tmp / "b", server.url, USER)
        stack.callback(a.close)
        stack.callback(b.close)
        a.login()  # each login syncs the org tree: only the N notices move below
        b.login()
        create_offline(a, n)
        assert a.pending() == n

        log_from = server.log_path.stat().st_size
        counter = WireCounter()
        counter.attach(a)
        counter.attach(b)
        prof = cProfile.Profile() if profile_out else None
        if prof:
            prof.enable()
        t0 = time.perf_counter()
        pushed = a.sync()
        t1 = time.perf_counter()
        pulled = b.sync()
        t2 = time.perf_counter()
        if prof:
            prof.disable()
            assert profile_out is not None
            prof.dump_stats(str(profile_out))

        assert a.pending() == 0, "A still has unacknowledged entries"
        assert pushed.pushed == n and pushed.rejected == 0, pushed
        count_a, sum_a = notices_digest(a)
        count_b, sum_b = notices_digest(b)
        assert count_b == n == count_a, (count_a, count_b)
        assert sum_a == sum_b, "B's notices differ from A's"
        totals = counter.totals()
        server_ms = sync_times(server.log_path, log_from)
        wire = totals["bytes_up"] + totals["bytes_down"]
        return {
            "n": n,
            "db": db,
            "push_s": round(t1 - t0, 3),
            "pull_s": round(t2 - t1, 3),
            "total_s": round(t2 - t0, 3),
            **totals,
            "compression": round(totals["raw_json_bytes"] / max(1, wire), 1),
            "push_requests": pushed.requests,
            "pull_requests": pulled.requests,
            "server_ms": round(sum(server_ms)),
            "server_ms_each": [round(x) for x in server_ms],
            "b_records": count_b,
            "checksum_ok": sum_a == sum_b,
        }
    raise AssertionError("unreachable")  # pragma: no cover


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=10000)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--profile-client", type=Path, help="cProfile both clients' syncs here")
    args = parser.parse_args()
    print(json.dumps(run(args.n, args.db, args.profile_client)))


if __name__ == "__main__":
    main()
