"""One notice to 5,000 recipients through a real server: fan-out time and the sender's statistics.

A real server process (PostgreSQL when its binaries are here, else SQLite; ``--db`` chooses);
5,000 people bulk-inserted into three townships and published in the address book (not timed);
the sender (张华生, 政府办) signs in on a fresh profile and pulls the address book; then:

- ``fanout_s``: the round trip of the sync request that carries the publish — the server checks
  the notice, finds the 5,000 recipients and writes one receipt each (with their scopes), and
  answers with the first page of them;
- ``pull_s``: the rest of that sync — the client storing the 5,000 receipts (and any further
  page); ``sync_s`` is the whole sync;
- ``stats_ms``: the median of 20 calls of app.services.notice_queries.stats on the sender's
  profile (counts per unit, the unread list).

    python bench/notices.py [--db postgres|sqlite] [--recipients 5000]

Prints one JSON line: {"recipients", "fanout_s", "stats_ms", "db", "pull_s", ...}.
Targets (issue [4]): fan-out ≤ 1 s, statistics ≤ 200 ms.
"""

from __future__ import annotations

import argparse
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

from sqlalchemy import insert, select  # noqa: E402

from app.domain.pinyin import search_keys  # noqa: E402
from app.services import notice_queries, notices  # noqa: E402
from app.sync.merge import State  # noqa: E402
from server import db  # noqa: E402
from server.models import Person, Unit, utcnow  # noqa: E402
from server.sync_log import DbLookup, RecordWriter, sa_table  # noqa: E402
from tests import postgres_server  # noqa: E402
from tests.sync_harness import SyncClient, running_server  # noqa: E402

TOWNS = ("东湖政", "西岭政", "南河办")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def add_people(database_url: str, n: int) -> list[str]:
    """``n`` active people spread over the townships, published in the change log like any
    address-book change (one bulk write, not n requests); the unit ids."""
    engine = db.make_engine(database_url)
    try:
        with db.transaction(db.make_sessionmaker(engine)) as session:
            units = [
                session.scalar(select(Unit.id).where(Unit.code_prefix == code)) for code in TOWNS
            ]
            run = uuid.uuid4().hex[:6]
            rows: list[dict[str, Any]] = []
            for i in range(n):
                name = SURNAMES[i % 20] + GIVEN[(i // 20) % 20] + GIVEN[(i // 400) % 20]
                initials, full = search_keys(name)
                rows.append(
                    {
                        "id": str(uuid.uuid4()),
                        "unit_id": units[i % len(units)],
                        "username": f"b{run}{i:05d}",
                        "name": name,
                        "pinyin_initials": initials,
                        "pinyin_full": full,
                        "sort_order": 1000 + i,
                        "active": True,
                        "version": 0,
                        "failed_logins": 0,
                        "updated_at": utcnow(),
                    }
                )
            session.execute(insert(sa_table(Person)), rows)
            writer = RecordWriter(session, utcnow())
            for r in rows:
                data = {k: r.get(k) for k in ("unit_id", "username", "name", "sort_order")}
                data.update(title=None, phone=None, active=True, roles=[])
                writer.stage(State(r["id"], "person", data, 1), existed=False)
            writer.flush(DbLookup(session, {}))
            return [str(u) for u in units]
    finally:
        engine.dispose()


class TimedPosts:
    """Wraps the client's transport: the duration of each sync request."""

    def __init__(self, client: SyncClient) -> None:
        self.times: list[float] = []
        real = client.transport.post

        def post(path: str, body: bytes) -> bytes:
            start = time.perf_counter()
            try:
                return real(path, body)
            finally:
                self.times.append(time.perf_counter() - start)

        client.transport.post = post  # type: ignore[method-assign]


def run(db_kind: str, recipients: int) -> dict[str, Any]:
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="zt-bench-notices-")))
        database_url = None
        if db_kind == "postgres":
            database_url = stack.enter_context(postgres_server.postgres_cluster())
        server = stack.enter_context(running_server(tmp / "server", database_url))
        url = database_url or f"sqlite:///{tmp / 'server' / 'server.sqlite3'}"
        towns = add_people(url, recipients - _town_people(url))
        sender = SyncClient(tmp / "sender", server.url, "zhanghs")
        stack.callback(sender.close)
        sender.login()  # pulls the address book, the 5,000 included
        nid = sender.do(
            notices.create_notice,
            person_id=sender.person_id,
            title="关于做好汛期安全工作的通知",
            body="各乡镇：请做好汛期安全工作。",
            urgency="紧急",
            recipient_unit_ids=towns,
        )
        sender.do(notices.publish_notice, person_id=sender.person_id, notice_id=nid)
        timed = TimedPosts(sender)
        start = time.perf_counter()
        summary = sender.sync()
        sync_s = time.perf_counter() - start
        fanout_s = timed.times[0]
        made = sender.rows("SELECT count(*) FROM notice_receipts WHERE notice_id = :n", n=nid)
        if made != [(recipients,)]:
            raise SystemExit(f"expected {recipients} receipts, the sender holds {made}")
        runs = []
        with sender.sessions() as session:
            notice_queries.stats(session, notice_id=nid)  # warm the page cache once
            for _ in range(20):
                t0 = time.perf_counter()
                counts = notice_queries.stats(session, notice_id=nid)
                runs.append(time.perf_counter() - t0)
        assert counts.total == recipients and len(counts.unread_people) == recipients
        return {
            "recipients": recipients,
            "fanout_s": round(fanout_s, 3),
            "stats_ms": round(statistics.median(runs) * 1000, 2),
            "db": "postgresql" if db_kind == "postgres" else "sqlite",
            "pull_s": round(sync_s - fanout_s, 3),
            "sync_s": round(sync_s, 3),
            "requests": summary.requests,
            "stats_max_ms": round(max(runs) * 1000, 2),
        }
    raise AssertionError("unreachable")  # pragma: no cover


def _town_people(database_url: str) -> int:
    """The demo county's own people in the townships (they are recipients too)."""
    engine = db.make_engine(database_url)
    try:
        with db.transaction(db.make_sessionmaker(engine)) as session:
            towns = select(Unit.id).where(Unit.code_prefix.in_(TOWNS))
            found = session.scalars(select(Person.id).where(Person.unit_id.in_(towns))).all()
            return len(found)
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = "sqlite" if postgres_server.unavailable_reason() else "postgres"
    parser.add_argument("--db", default=default, choices=("postgres", "sqlite"))
    parser.add_argument("--recipients", type=int, default=5000)
    args = parser.parse_args()
    print(json.dumps(run(args.db, args.recipients), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
