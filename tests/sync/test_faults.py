"""The 25 faults of specs/sync.md, each a named test, each against a SQLite and a PostgreSQL server.

Real server processes and real client profiles throughout; a fault-injecting requests adapter
(tests/sync/helpers.py) loses, duplicates, truncates and garbles replies on the wire. Every test
checks what a user would notice: nothing lost, nothing applied twice, replicas equal.
"""

from __future__ import annotations

import hashlib
import http.server
import random
import shutil
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import orjson
import pytest
import requests
from requests.adapters import HTTPAdapter

from app.db import models as m
from app.db.engine import transaction
from app.services.notices import (
    act_on_notice,
    create_notice,
    delete_notice,
    update_notice,
)
from app.sync import engine as sync_engine
from app.sync.blobs import BlobStats, BlobStore
from app.sync.engine import ACKED, CURSOR, EPOCH, SyncEngine
from app.sync.transport import AuthError, MemoryTokens, OfflineError, RefusedError, Transport
from tests import postgres_server
from tests.sync.helpers import (
    ServerHandle,
    inject,
    meta,
    new_notice,
    notice,
    notice_ids,
)
from tests.sync_harness import ROOT, SyncClient, running_server

MakeClient = Callable[..., SyncClient]


def unit_of(server: ServerHandle, code: str) -> str:
    return server.unit_id(code)


def converge(*clients: SyncClient) -> None:
    """Quiescence: everyone syncs twice (the second round carries what the first one made)."""
    for _ in range(2):
        for c in clients:
            c.sync()


# --- 1–7: the wire and the client's own crash points ------------------------------------------


def test_fault_01_reply_lost_after_commit(server: ServerHandle, make_client: MakeClient) -> None:
    a = make_client()
    rid = new_notice(a, "回复丢失")
    a.do(update_notice, person_id=a.person_id, notice_id=rid, body="正文一")
    # Every attempt of this sync reaches the server and commits, but no reply comes back.
    faults = inject(a, ["drop", "drop", "drop"])
    with pytest.raises(OfflineError):
        a.sync()
    assert faults.forwarded == 3
    assert a.pending() == 2, "nothing may leave the outbox without an acknowledgement"
    assert server.record(rid)[0] == 2  # type: ignore[index]
    # The retry (same request) gets the cached answer: applied once, acknowledged now.
    a.sync()
    assert a.pending() == 0
    version, deleted, data = server.record(rid)  # type: ignore[misc]
    assert (version, deleted, data["body"]) == (2, False, "正文一")
    assert server.last_mutation_id(a.transport.tokens.device_id) == int(meta(a, ACKED) or 0)
    # A lost reply in the middle of an incremental sync with new work: still once.
    a.do(update_notice, person_id=a.person_id, notice_id=rid, title="回复丢失（改）")
    inject(a, ["drop"])
    a.sync()
    assert server.record(rid)[0] == 3  # type: ignore[index]
    assert notice(a, rid) == {
        "title": "回复丢失（改）",
        "body": "正文一",
        "urgency": "普通",
        "state": "draft",
    }
    assert not server.conflicts_for(rid)


def test_fault_02_same_push_twice_at_once(server: ServerHandle, make_client: MakeClient) -> None:
    a = make_client()
    rid = new_notice(a, "重复推送", body="甲")
    for i in range(3):
        a.do(update_notice, person_id=a.person_id, notice_id=rid, body=f"甲{i}")
    a.sync()
    # A retry overlapping a slow original: the same bytes twice at the same moment.
    a.do(update_notice, person_id=a.person_id, notice_id=rid, title="重复推送（改）")
    faults = inject(a, ["dup"])
    a.sync()
    assert faults.forwarded == 2
    version, _, data = server.record(rid)  # type: ignore[misc]
    assert version == 5 and data["title"] == "重复推送（改）" and data["body"] == "甲2"
    assert not server.conflicts_for(rid), "a duplicate must not look like a concurrent edit"
    assert a.pending() == 0
    b = make_client()
    assert notice(b, rid) == notice(a, rid)


def test_fault_03_batches_reordered(server: ServerHandle, make_client: MakeClient) -> None:
    a = make_client()
    a.sync()
    ids = [new_notice(a, f"乱序{i}") for i in range(3)]
    # The batch holding mutation 3 overtakes the one holding 1–2: the server refuses the gap.
    engine = SyncEngine(a.sessions, a.transport, folder=a.folder)
    batch, body = engine._build()
    request = orjson.loads(body)
    first = int(meta(a, ACKED) or 0)
    late = {**request, "prev_mutation_id": first + 2, "mutations": request["mutations"][2:]}
    with pytest.raises(RefusedError) as refused:
        a.transport.post("/api/v1/sync", orjson.dumps(late))
    assert refused.value.status == 409
    assert refused.value.body["last_mutation_id"] == first
    assert all(server.record(r) is None for r in ids), "nothing applied out of order"
    # The client believes 1–2 were acknowledged (their ack overtook them): the 409 makes it
    # resend them in order, then the rest. Nothing lost, nothing twice.
    with transaction(a.sessions) as session:
        session.execute(
            m.OutboxEntry.__table__.update()  # type: ignore[attr-defined]
            .where(m.OutboxEntry.mutation_id <= batch[1].id)
            .values(acked_at=datetime.now(UTC))
        )
        sync_engine.set_meta(session, ACKED, str(batch[1].id))
    a.sync()
    assert a.pending() == 0
    assert [server.record(r)[0] for r in ids] == [1, 1, 1]  # type: ignore[index]
    assert set(ids) <= notice_ids(a)


def test_fault_04_client_killed_after_page_before_cursor(
    server: ServerHandle, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = make_client(), make_client()
    rid = new_notice(a, "页面已应用，游标未保存")
    a.sync()
    cursor = meta(b, CURSOR)
    real = sync_engine.set_meta

    def killed(session: Any, key: str, value: str | None) -> None:
        if key == CURSOR:
            raise KeyboardInterrupt("power cut before the cursor was saved")
        real(session, key, value)

    monkeypatch.setattr(sync_engine, "set_meta", killed)
    with pytest.raises(KeyboardInterrupt):
        b.sync()
    monkeypatch.setattr(sync_engine, "set_meta", real)
    # The page and its cursor are one local transaction: neither is there.
    assert meta(b, CURSOR) == cursor and rid not in notice_ids(b)
    folder = b.folder
    b.close()
    b2 = make_client(folder=folder, login=False)
    b2.transport.tokens = b.transport.tokens
    b2.person_id = b.person_id
    b2.sync()
    assert notice(b2, rid) == notice(a, rid)
    # Applying the same page twice is harmless: replay from an older cursor.
    with transaction(b2.sessions) as session:
        sync_engine.set_meta(session, CURSOR, cursor)
    b2.sync()
    assert b2.rows("SELECT count(*) FROM notices WHERE id = :i", i=rid) == [(1,)]
    assert notice(b2, rid) == notice(a, rid)


POWER_CUT = textwrap.dedent(
    """
    import os, sys
    from app.db.engine import transaction
    from app.profile import Profile
    from app.services.notices import create_notice
    profile = Profile.open(__import__("pathlib").Path(sys.argv[1]), exclusive=False)
    sessions = profile.store()
    session = sessions()
    session.begin()
    create_notice(session, person_id=sys.argv[2], title=sys.argv[3], notice_id=sys.argv[3])
    session.flush()
    if sys.argv[4] == "commit":
        session.commit()
    os._exit(9)  # the power goes: no clean shutdown, no rollback
    """
)


def test_fault_05_power_loss_during_local_commit(
    server: ServerHandle, make_client: MakeClient
) -> None:
    a = make_client()
    folder, person = str(a.folder), a.person_id
    lost, kept = f"n{uuid.uuid4().hex[:8]}", f"n{uuid.uuid4().hex[:8]}"
    for rid, how in ((lost, "cut"), (kept, "commit")):
        done = subprocess.run(
            [sys.executable, "-c", POWER_CUT, folder, person, rid, how],
            cwd=ROOT,
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 9, done.stderr.decode()
    outbox = {r[0] for r in a.rows("SELECT record_id FROM outbox")}
    # The cut transaction left neither the notice nor its outbox entry; the committed one both.
    assert lost not in notice_ids(a) and lost not in outbox
    assert kept in notice_ids(a) and kept in outbox
    a.sync()
    assert server.record(lost) is None
    assert server.record(kept)[0] == 1  # type: ignore[index]
    # And an exception inside the service's transaction is the same all-or-nothing.
    with pytest.raises(RuntimeError), transaction(a.sessions) as session:
        create_notice(session, person_id=person, title="半途", notice_id="half-way")
        raise RuntimeError("crash before commit")
    assert "half-way" not in notice_ids(a) and a.pending() == 0


def test_fault_06_edit_between_push_and_ack_stays_pending(
    server: ServerHandle, make_client: MakeClient
) -> None:
    a = make_client()
    rid = new_notice(a, "推送中", body="第一版")
    a.sync()
    a.do(update_notice, person_id=a.person_id, notice_id=rid, body="第二版")

    def edit_meanwhile(_: requests.PreparedRequest) -> None:
        # The user types while the push is on the wire (another connection to the profile).
        with transaction(a.sessions) as session:
            update_notice(session, person_id=a.person_id, notice_id=rid, title="推送中（新）")

    inject(a, [edit_meanwhile, "refuse", "refuse", "refuse"])
    with pytest.raises(OfflineError):
        a.sync()
    # The reply acknowledged the body only; the title made meanwhile is still queued and shown.
    assert a.pending() == 1
    assert notice(a, rid)["title"] == "推送中（新）"  # type: ignore[index]
    assert notice(a, rid)["body"] == "第二版"  # type: ignore[index]
    assert server.record(rid)[2]["title"] == "推送中"  # type: ignore[index]
    a.sync()
    assert a.pending() == 0
    assert server.record(rid)[2]["title"] == "推送中（新）"  # type: ignore[index]
    assert notice(a, rid)["title"] == "推送中（新）"  # type: ignore[index]


def test_fault_07_timeout_mid_sync(server: ServerHandle, make_client: MakeClient) -> None:
    a, b = make_client(), make_client()
    for i in range(4):
        new_notice(b, f"超时前{i}")
    b.sync()
    rid = new_notice(a, "超时")
    before = (meta(a, CURSOR), meta(a, ACKED), meta(a, EPOCH))
    faults = inject(a, ["timeout", "timeout", "timeout"])
    with pytest.raises(OfflineError):
        a.sync()
    assert faults.forwarded == 3
    # The server committed, but without an answer nothing here moves.
    assert (meta(a, CURSOR), meta(a, ACKED), meta(a, EPOCH)) == before
    assert a.pending() == 1
    a.do(update_notice, person_id=a.person_id, notice_id=rid, body="慢")
    a.sync()
    assert a.pending() == 0
    assert server.record(rid)[0] == 2  # type: ignore[index]
    assert int(meta(a, CURSOR) or 0) > int(before[0] or 0)


# --- 8–14: concurrent edits, history and time -------------------------------------------------


def test_fault_08_different_fields_both_survive(
    server: ServerHandle, make_client: MakeClient
) -> None:
    a1, a2 = make_client(), make_client()  # the same person on two computers
    rid = new_notice(a1, "两处编辑", body="原文")
    converge(a1, a2)
    a1.do(update_notice, person_id=a1.person_id, notice_id=rid, title="标题由一号机改")
    a2.do(update_notice, person_id=a2.person_id, notice_id=rid, body="正文由二号机改")
    converge(a1, a2)
    want = {
        "title": "标题由一号机改",
        "body": "正文由二号机改",
        "urgency": "普通",
        "state": "draft",
    }
    assert notice(a1, rid) == notice(a2, rid) == want
    assert server.record(rid)[2]["title"] == want["title"]  # type: ignore[index]
    assert not server.conflicts_for(rid)


def test_fault_09_same_field_one_winner_loser_recorded(
    server: ServerHandle, make_client: MakeClient
) -> None:
    a1, a2, a3 = make_client(), make_client(), make_client()
    rid = new_notice(a1, "同一字段")
    converge(a1, a2, a3)
    a1.do(update_notice, person_id=a1.person_id, notice_id=rid, body="一号机的正文")
    a2.do(update_notice, person_id=a2.person_id, notice_id=rid, body="二号机的正文")
    a1.sync()
    a2.sync()  # arrives later: wins
    converge(a1, a2, a3)
    assert {notice(c, rid)["body"] for c in (a1, a2, a3)} == {"二号机的正文"}  # type: ignore[index]
    notes = server.conflicts_for(rid)
    assert [(n["field"], n["kept"], n["lost"]) for n in notes] == [
        ("body", "二号机的正文", "一号机的正文")
    ]
    # Every replica holds the conflict record, so the losing text is reviewable everywhere.
    for c in (a1, a2, a3):
        rows = c.rows("SELECT lost FROM sync_conflicts WHERE record_id = :i", i=rid)
        assert [orjson.loads(r[0]) for r in rows] == ["一号机的正文"]


def test_fault_10_edit_vs_delete_both_orders_and_recreate(
    server: ServerHandle, make_client: MakeClient
) -> None:
    a1, a2 = make_client(), make_client()
    first = new_notice(a1, "先删后改")
    second = new_notice(a1, "先改后删")
    converge(a1, a2)
    # Order 1: the delete arrives first; the edit arrives on a tombstone and is kept as a conflict.
    a1.do(delete_notice, person_id=a1.person_id, notice_id=first)
    a2.do(update_notice, person_id=a2.person_id, notice_id=first, body="删后到达的修改")
    a1.sync()
    a2.sync()
    # Order 2: the edit arrives first; the delete still wins and the edit is kept as a conflict.
    a2.do(update_notice, person_id=a2.person_id, notice_id=second, body="删前到达的修改")
    a1.do(delete_notice, person_id=a1.person_id, notice_id=second)
    a2.sync()
    a1.sync()
    converge(a1, a2)
    for rid, text_ in ((first, "删后到达的修改"), (second, "删前到达的修改")):
        assert server.record(rid)[1] is True  # type: ignore[index]
        assert rid not in notice_ids(a1) | notice_ids(a2)
        lost = [n["lost"] for n in server.conflicts_for(rid)]
        assert text_ in lost, (rid, server.conflicts_for(rid))
    # Delete then re-create under the same id: a new life, seen by both.
    a1.do(create_notice, person_id=a1.person_id, title="重新创建", notice_id=first)
    converge(a1, a2)
    assert notice(a1, first) == notice(a2, first)
    assert notice(a2, first)["title"] == "重新创建"  # type: ignore[index]
    assert server.record(first)[1] is False  # type: ignore[index]
    assert a1.pending() == a2.pending() == 0


def test_fault_11_offline_past_tombstone_retention(
    server: ServerHandle, make_client: MakeClient
) -> None:
    a1, a2 = make_client(), make_client()
    gone = new_notice(a1, "将被删除")
    stays = new_notice(a1, "保留")
    converge(a1, a2)
    # a2 goes offline with unsent work; meanwhile the notice is deleted and, much later, the
    # tombstone is purged (retention 0 days here instead of 180).
    mine = new_notice(a2, "离线期间起草", body="离线内容")
    a2.do(update_notice, person_id=a2.person_id, notice_id=stays, body="离线修改")
    a1.do(delete_notice, person_id=a1.person_id, notice_id=gone)
    a1.sync()
    out = server.admin("purge", "--days", "0")
    assert "已清理" in out
    assert server.record(gone) is None
    purged = server.query("SELECT purged_seq FROM sync_log")[0][0]
    assert int(meta(a2, CURSOR) or 0) < purged
    summary = a2.sync()
    assert summary.replaced, "a cursor older than the retention horizon must reset"
    # The reset kept the outbox: both offline changes reached the server.
    assert a2.pending() == 0
    assert server.record(mine)[2]["body"] == "离线内容"  # type: ignore[index]
    assert server.record(stays)[2]["body"] == "离线修改"  # type: ignore[index]
    # And the deletion it could no longer be told about is applied by the replacement.
    assert gone not in notice_ids(a2)
    converge(a1, a2)
    assert notice_ids(a1) == notice_ids(a2)
    assert notice(a1, stays) == notice(a2, stays)
    # The purge command's default keeps 180 days: a fresh tombstone survives it.
    a1.do(delete_notice, person_id=a1.person_id, notice_id=mine)
    a1.sync()
    server.admin("purge")
    assert server.record(mine) is not None and server.record(mine)[1] is True  # type: ignore[index]


def _snapshot(server: ServerHandle, dest: Path) -> None:
    server.dispose()
    if server.backend == "sqlite":
        shutil.copy(server.srv.data_dir / "server.sqlite3", dest)
    else:
        subprocess.run(
            [_pg_tool("pg_dump"), "-Fc", "-f", str(dest), _libpq(server.database_url)],
            check=True,
            capture_output=True,
        )


def _restore(server: ServerHandle, src: Path) -> None:
    server.dispose()
    if server.backend == "sqlite":
        db_file = server.srv.data_dir / "server.sqlite3"
        for suffix in ("-wal", "-shm"):
            Path(str(db_file) + suffix).unlink(missing_ok=True)
        shutil.copy(src, db_file)
    else:
        subprocess.run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "-d",
                _libpq(server.database_url),
                str(src),
            ],
            check=True,
            capture_output=True,
        )


def _pg_tool(name: str) -> str:
    found = postgres_server.bin_dir()
    assert found is not None
    return str(found / name)


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def test_fault_12_server_restored_from_backup(
    server: ServerHandle, make_client: MakeClient, tmp_path: Path
) -> None:
    a, b = make_client(), make_client()
    before = new_notice(a, "备份前")
    converge(a, b)
    server.srv.stop()
    _snapshot(server, tmp_path / "backup")
    server.srv.serve()
    # After the backup: acknowledged work that the restore will lose.
    after = new_notice(a, "备份后", body="已确认但将丢失")
    a.do(update_notice, person_id=a.person_id, notice_id=before, body="备份后的修改")
    a.sync()
    assert a.pending() == 0
    b.sync()
    assert notice(b, after) is not None
    old_epoch = meta(a, EPOCH)
    # The disk dies; the administrator restores last night's backup and starts a new epoch.
    server.srv.stop()
    _restore(server, tmp_path / "backup")
    epoch = server.admin("new-epoch").strip()
    assert epoch and epoch != old_epoch
    server.srv.serve()
    assert server.record(after) is None
    # a is behind nothing it knows of; its next sync detects the new epoch, resyncs and resends.
    summary = a.sync()
    assert summary.replaced
    assert meta(a, EPOCH) == epoch
    assert server.record(after)[2]["body"] == "已确认但将丢失"  # type: ignore[index]
    assert server.record(before)[2]["body"] == "备份后的修改"  # type: ignore[index]
    converge(a, b)
    assert notice(b, after) == notice(a, after)
    assert notice(b, before) == notice(a, before)
    assert a.pending() == b.pending() == 0


def test_fault_13_commits_out_of_sequence_order(
    server: ServerHandle, make_client: MakeClient
) -> None:
    office = unit_of(server, "塔政办")
    writers = [make_client() for _ in range(3)]
    puller = make_client("chenj")  # 陈静 of the same office: receives the published notices
    puller.sync()
    stop = threading.Event()
    cursors: list[int] = []
    made: list[str] = []
    lock = threading.Lock()

    def write(c: SyncClient, n: int) -> None:
        for i in range(n):
            rid = new_notice(c, f"并发{i}", recipient_unit_ids=[office])
            c.do(act_on_notice, person_id=c.person_id, notice_id=rid, action="publish")
            with lock:
                made.append(rid)
            c.sync()

    def pull() -> None:
        while not stop.is_set():
            puller.sync()
            cursors.append(int(meta(puller, CURSOR) or 0))

    reader = threading.Thread(target=pull)
    reader.start()
    try:
        with ThreadPoolExecutor(len(writers)) as pool:
            list(pool.map(lambda c: write(c, 6), writers))
    finally:
        stop.set()
        reader.join()
    puller.sync()  # incremental: a row skipped during the race would never come back
    assert cursors == sorted(cursors), "the cursor only moves forward"
    assert set(made) <= notice_ids(puller)
    assert all(notice(puller, r)["state"] == "published" for r in made)  # type: ignore[index]


def test_fault_14_client_clock_off_by_days(
    server: ServerHandle, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    a1, a2 = make_client(), make_client()
    rid = new_notice(a1, "时钟")
    converge(a1, a2)

    class Skewed(datetime):
        offset = timedelta(0)

        @classmethod
        def now(cls, tz: Any = None) -> Any:  # type: ignore[override]
            return datetime.now(tz) + cls.offset

    monkeypatch.setattr(sync_engine, "datetime", Skewed)
    # a1's clock is ten days ahead, a2's three days behind and in another timezone.
    a1.do(update_notice, person_id=a1.person_id, notice_id=rid, body="时钟超前的一号机")
    a2.do(update_notice, person_id=a2.person_id, notice_id=rid, body="时钟落后的二号机")
    Skewed.offset = timedelta(days=10)
    a1.sync()
    Skewed.offset = timedelta(days=-3)
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        a2.sync()
        converge(a1, a2)
    finally:
        monkeypatch.undo()
        time.tzset()
    # The later arrival won although its clock said it was written a fortnight earlier.
    assert notice(a1, rid)["body"] == notice(a2, rid)["body"] == "时钟落后的二号机"  # type: ignore[index]
    # Server-decided times come from the server clock, never a client's.
    a1.do(
        update_notice,
        person_id=a1.person_id,
        notice_id=rid,
        recipient_unit_ids=[unit_of(server, "塔政办")],
    )
    a1.do(act_on_notice, person_id=a1.person_id, notice_id=rid, action="publish")
    a1.sync()
    published = datetime.fromisoformat(server.record(rid)[2]["published_at"])  # type: ignore[index]
    assert abs(published - datetime.now(UTC)) < timedelta(minutes=5)
    assert a1.pending() == 0


# --- 15–17: auth, permissions, bad items ------------------------------------------------------


@pytest.fixture(scope="module")
def short_ttl_server(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerHandle]:
    from tests.sync.conftest import fresh_database

    url = fresh_database(request, backend)
    with running_server(tmp_path_factory.mktemp("ttl"), url, ZT_ACCESS_TTL_S="2") as srv:
        handle = ServerHandle(srv, backend)
        yield handle
        handle.dispose()


def test_fault_15_token_expires_mid_sync_and_revoked(
    short_ttl_server: ServerHandle, tmp_path: Path
) -> None:
    server = short_ttl_server
    a = SyncClient(tmp_path / "a", server.url, "zhanghs")
    try:
        a.login()
        ids = [new_notice(a, f"令牌{i}") for i in range(3)]
        tokens = a.transport.tokens
        assert isinstance(tokens, MemoryTokens)
        first = tokens.access()

        def expire(_: requests.PreparedRequest) -> None:
            time.sleep(2.2)  # the access token expires between two requests of one sync

        inject(a, ["slow", expire])
        a.sync(max_batch=1)
        assert a.pending() == 0
        assert all(server.record(r) is not None for r in ids)
        assert tokens.access() != first, "the expired token was refreshed and the sync went on"
        # Offline past expiry: the next sync refreshes first.
        new_notice(a, "离线后")
        time.sleep(2.2)
        a.sync()
        assert a.pending() == 0
        # A revoked device: the sync stops with AuthError and the outbox stays whole.
        pending = [new_notice(a, f"停用后{i}") for i in range(2)]
        server.admin("revoke-device", tokens.device_id)
        with pytest.raises(AuthError):
            a.sync()
        assert a.pending() == 2
        assert set(pending) <= notice_ids(a)
        assert all(server.record(r) is None for r in pending)
    finally:
        a.close()


def test_fault_16_permission_revoked_with_pending_edits(
    server: ServerHandle, make_client: MakeClient
) -> None:
    username = server.new_person("塔教", ["clerk", "handler"])
    c = make_client(username)
    kept = new_notice(c, "权限收回前已同步")
    c.sync()
    # Offline, the clerk drafts a new notice and edits the synced one; meanwhile the
    # administrator takes away every role that allows drafting.
    refused = new_notice(c, "权限收回后起草")
    c.do(update_notice, person_id=c.person_id, notice_id=kept, body="权限收回后修改")
    server.set_roles(username, ["archivist"])
    c.sync()
    # The create is refused and shown; the queue moved on (the edit of an own draft applied).
    rejected = c.rows("SELECT record_id, error FROM sync_rejected")
    assert [r[0] for r in rejected] == [refused]
    assert "权限" in rejected[0][1]
    assert c.pending() == 0
    assert server.record(refused) is None
    assert refused not in notice_ids(c), "the refused draft no longer pretends to exist"
    assert server.record(kept)[2]["body"] == "权限收回后修改"  # type: ignore[index]
    # Later work still flows.
    c.do(update_notice, person_id=c.person_id, notice_id=kept, title="之后的修改")
    c.sync()
    assert server.record(kept)[2]["title"] == "之后的修改"  # type: ignore[index]


def test_fault_17_one_invalid_mutation_in_batch(
    server: ServerHandle, make_client: MakeClient
) -> None:
    a = make_client()
    good1 = new_notice(a, "好的一")
    # Entries an old buggy version queued: an impossible urgency, an unknown record type, an
    # edit of a notice that does not exist. (Written straight into the outbox.)
    bad = [
        ("notice", good1, "update", '{"urgency":"超级急"}'),
        ("memo", str(uuid.uuid4()), "create", '{"title":"未知类型"}'),
        ("notice", str(uuid.uuid4()), "update", '{"title":"不存在"}'),
        # A title that is not text would poison every recipient's replica: refused here.
        ("notice", good1, "update", '{"title":{"zh":"对象"}}'),
    ]
    with transaction(a.sessions) as session:
        for rtype, rid, op, payload in bad:
            session.add(m.OutboxEntry(record_type=rtype, record_id=rid, op=op, payload=payload))
    good2 = new_notice(a, "好的二")
    a.do(update_notice, person_id=a.person_id, notice_id=good2, body="之后的修改")
    summary = a.sync()
    assert summary.rejected == 4
    errors = [r[0] for r in a.rows("SELECT error FROM sync_rejected ORDER BY mutation_id")]
    assert len(errors) == 4 and all(errors)
    assert "紧急程度" in errors[0] and "memo" in errors[1] and "文字" in errors[3]
    assert a.pending() == 0
    assert server.record(good1)[2]["urgency"] == "普通"  # type: ignore[index]
    assert server.record(good2)[2]["body"] == "之后的修改"  # type: ignore[index]
    # The refused value no longer shows locally, and the record takes edits again.
    assert notice(a, good1)["urgency"] == "普通"  # type: ignore[index]
    a.do(update_notice, person_id=a.person_id, notice_id=good1, urgency="紧急")
    a.sync()
    assert server.record(good1)[2]["urgency"] == "紧急"  # type: ignore[index]


# --- 18–19: attachments -----------------------------------------------------------------------


class ChunkCut(HTTPAdapter):
    """Cuts attachment uploads: the chunk holding byte ``cut_at`` reaches the server only up to
    that byte and the connection drops; the next ``refuse`` chunk PUTs never arrive."""

    def __init__(self, cut_at: int | None = None, refuse: int = 0) -> None:
        super().__init__()
        self.cut_at, self.refuse = cut_at, refuse

    def send(self, request: requests.PreparedRequest, **kw: Any) -> requests.Response:  # type: ignore[override]
        if request.method != "PUT" or "/blobs/uploads/" not in (request.url or ""):
            return super().send(request, **kw)
        if self.cut_at is None:
            if self.refuse > 0:
                self.refuse -= 1
                raise requests.ConnectionError("link down (injected)")
            return super().send(request, **kw)
        offset = int(request.headers["Upload-Offset"])
        body = request.body
        assert isinstance(body, bytes)
        if offset < self.cut_at < offset + len(body):
            part = request.copy()
            part.body = body[: self.cut_at - offset]
            part.headers["Content-Length"] = str(self.cut_at - offset)
            super().send(part, **kw).close()
            self.cut_at = None
            raise requests.ConnectionError("connection cut mid-chunk (injected)")
        return super().send(request, **kw)


def _random_file(path: Path, size: int, seed: int) -> bytes:
    data = random.Random(seed).randbytes(size)
    path.write_bytes(data)
    return data


def test_fault_18_attachment_cut_resume_hash_dedupe(
    server: ServerHandle, make_client: MakeClient, tmp_path: Path
) -> None:
    a, other = make_client(), make_client()
    payload = _random_file(tmp_path / "report.bin", 1_300_000, seed=18)
    ref = BlobStore(a.folder, a.sessions).add_file(tmp_path / "report.bin", "调研报告.bin")
    rid = new_notice(a, "带附件的通知")
    a.do(update_notice, person_id=a.person_id, notice_id=rid, attachments=[ref])
    cut_at = random.Random(server.backend).randrange(1, len(payload) - 1)
    # The link drops in the middle of a chunk and stays down for the rest of this sync.
    a.transport.http.mount("http://", ChunkCut(cut_at, refuse=a.transport.attempts - 1))
    first = a.sync()
    assert first.held == 1 and a.pending() == 1
    assert not server.record(rid)[2].get("attachments")  # type: ignore[index]
    # The next sync resumes from the server's offset: only the missing bytes go up.
    a.transport.http.mount("http://", HTTPAdapter())
    stats = BlobStats()
    SyncEngine(a.sessions, a.transport, folder=a.folder, blob_stats=stats).sync()
    assert stats.committed == 1 and a.pending() == 0
    assert stats.resumed == 1
    assert stats.bytes_sent == len(payload) - cut_at
    assert server.record(rid)[2]["attachments"] == [ref]  # type: ignore[index]
    other.sync()
    store = BlobStore(other.folder, other.sessions)
    assert store.download(other.transport, ref).read_bytes() == payload
    # A duplicate of the same bytes is not sent again.
    again = BlobStore(other.folder, other.sessions).add_file(tmp_path / "report.bin", "副本.bin")
    copy = new_notice(other, "同一附件")
    other.do(update_notice, person_id=other.person_id, notice_id=copy, attachments=[again])
    dedupe = BlobStats()
    SyncEngine(other.sessions, other.transport, folder=other.folder, blob_stats=dedupe).sync()
    assert dedupe.chunks_sent == 0 and other.pending() == 0
    assert server.record(copy)[2]["attachments"][0]["sha256"] == ref["sha256"]  # type: ignore[index]
    # Bytes that do not match the declared hash are refused at verification.
    claimed = hashlib.sha256(b"the real thing").hexdigest()
    up = orjson.loads(
        a.transport.post(
            "/api/v1/blobs/uploads",
            orjson.dumps({"sha256": claimed, "size": 14, "name": "x"}),
        )
    )
    a.transport.send(
        "PUT",
        f"/api/v1/blobs/uploads/{up['upload_id']}",
        b"something else",
        {"Content-Type": "application/octet-stream", "Upload-Offset": "0"},
    )
    with pytest.raises(RefusedError) as mismatch:
        a.transport.post(f"/api/v1/blobs/uploads/{up['upload_id']}/complete", b"{}")
    assert mismatch.value.status == 422
    assert server.query("SELECT count(*) FROM blobs WHERE sha256 = :s", s=claimed) == [(0,)]


def test_fault_19_record_references_uploading_attachment(
    server: ServerHandle, make_client: MakeClient, tmp_path: Path
) -> None:
    a, b = make_client(), make_client()
    _random_file(tmp_path / "plan.bin", 700_000, seed=19)
    ref = BlobStore(a.folder, a.sessions).add_file(tmp_path / "plan.bin", "方案.bin")
    held = new_notice(a, "附件上传中")
    a.do(update_notice, person_id=a.person_id, notice_id=held, attachments=[ref])
    a.do(update_notice, person_id=a.person_id, notice_id=held, title="附件上传中（改）")
    free = new_notice(a, "不带附件")
    a.transport.http.mount("http://", ChunkCut(refuse=10**6))
    summary = a.sync()
    # The record waits for its file, with its later edit (per-record order); the rest moved on.
    assert summary.held == 2
    assert server.record(free) is not None
    version, _, data = server.record(held)  # type: ignore[misc]
    assert data["title"] == "附件上传中" and not data.get("attachments")
    assert notice(a, held)["title"] == "附件上传中（改）"  # type: ignore[index]
    # The server's safety net: a record naming a file it does not have is refused per item.
    rogue = make_client()
    reply = orjson.loads(
        rogue.transport.post(
            "/api/v1/sync",
            orjson.dumps(
                {
                    "protocol": 1,
                    "schema_version": 1,
                    "epoch": meta(rogue, EPOCH),
                    "cursor": int(meta(rogue, CURSOR) or 0),
                    "mutations": [
                        {
                            "id": 1,
                            "type": "notice",
                            "record_id": str(uuid.uuid4()),
                            "op": "create",
                            "fields": {
                                "title": "无附件",
                                "attachments": [{**ref, "sha256": "ab" * 32}],
                            },
                        }
                    ],
                }
            ),
        )
    )
    assert reply["results"][0]["status"] == "rejected" and reply["results"][0]["error"]
    # Back online: the file goes up, then the held edits, in order.
    a.transport.http.mount("http://", HTTPAdapter())
    a.sync()
    assert a.pending() == 0
    version2, _, data = server.record(held)  # type: ignore[misc]
    assert data["title"] == "附件上传中（改）" and data["attachments"] == [ref]
    assert version2 == version + 2
    b.sync()
    assert notice(b, held) == notice(a, held)


# --- 20–25 ------------------------------------------------------------------------------------


def test_fault_20_backlog_of_10k_mutations(server: ServerHandle, make_client: MakeClient) -> None:
    # A person of their own: their 10k drafts are seen by them only (other tests stay small).
    username = server.new_person("塔财", ["clerk"])
    a, b = make_client(username), make_client(username)
    n = 10_000
    started = time.monotonic()
    with transaction(a.sessions) as session:
        ids = [
            create_notice(session, person_id=a.person_id, title=f"积压{i}", body="内" * 40)
            for i in range(n)
        ]
    started = time.monotonic()
    a.sync()
    push_s = time.monotonic() - started
    assert a.pending() == 0
    assert server.query(
        "SELECT count(*) FROM sync_records WHERE id IN (:a, :b)", a=ids[0], b=ids[-1]
    ) == [(2,)]
    # The first 5000-mutation batch inflates past the server's 1 MiB cap: 413, halved, resent.
    assert a.transport.stats.requests >= 4
    started = time.monotonic()
    b.sync()
    pull_s = time.monotonic() - started
    assert set(ids) <= notice_ids(b)
    assert push_s < 120 and pull_s < 120


def test_fault_21_truncated_partial_and_html_replies(
    server: ServerHandle, make_client: MakeClient
) -> None:
    a, b = make_client(), make_client()
    rid = new_notice(a, "截断的回复")
    faults_ = ("cut", "cutgzip", "cutjson", "cutbrace", "html502", "html200")
    for fault in faults_:
        for i in range(10):  # each reply carries a page big enough to be gzipped
            new_notice(b, f"截断{fault}{i}", body="正文" * 20)
        b.sync()
        a.do(update_notice, person_id=a.person_id, notice_id=rid, body=f"经历{fault}")
        retries = a.transport.stats.retries
        faults = inject(a, [fault])
        a.sync()
        assert faults.seen == [fault]
        assert a.transport.stats.retries == retries + 1, fault
        assert a.pending() == 0, fault
        assert notice(a, rid)["body"] == f"经历{fault}"  # type: ignore[index]
    # Each edit applied exactly once: a create plus one edit per fault.
    assert server.record(rid)[0] == 1 + len(faults_)  # type: ignore[index]
    b.sync()
    assert notice_ids(a) == notice_ids(b)
    assert notice(b, rid) == notice(a, rid)


def test_fault_22_old_client_new_server_and_reverse(
    server: ServerHandle, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = make_client()
    rid = new_notice(a, "版本")
    # A client newer than the server: refused whole with a clear message; nothing lost.
    monkeypatch.setattr(sync_engine, "PROTOCOL_VERSION", 99)
    with pytest.raises(RefusedError) as newer:
        a.sync()
    assert newer.value.status == 426 and "服务器版本较旧" in str(newer.value)
    # A client older than the server supports.
    monkeypatch.setattr(sync_engine, "PROTOCOL_VERSION", 0)
    with pytest.raises(RefusedError) as older:
        a.sync()
    assert older.value.status == 426 and "客户端版本过旧" in str(older.value)
    monkeypatch.undo()
    assert a.pending() == 1 and server.record(rid) is None
    # A newer client's unknown fields are dropped by the server, the rest applied.
    with transaction(a.sessions) as session:
        session.add(
            m.OutboxEntry(
                record_type="notice",
                record_id=rid,
                op="update",
                payload='{"body":"新版本客户端","color":"red"}',
                base=0,
            )
        )
    a.sync()
    assert a.pending() == 0
    assert server.record(rid)[2]["body"] == "新版本客户端"  # type: ignore[index]
    assert "color" not in server.record(rid)[2]  # type: ignore[index]
    # A newer server sends a record type and a field this client does not know: ignored.
    seq = server.query("UPDATE sync_log SET seq = seq + 2 WHERE id = 1 RETURNING seq")[0][0]
    memo = str(uuid.uuid4())
    data = {**server.record(rid)[2], "body": "新字段", "color": "blue"}  # type: ignore[index]
    server.query(
        "INSERT INTO sync_records (id, type, data, meta, version, deleted, seq, updated_at) "
        "VALUES (:i, 'memo', :d, '{}', 1, :f, :s, :t)",
        i=memo,
        d='{"x": 1}',
        f=False,
        s=seq - 1,
        t=datetime.now(UTC).replace(tzinfo=None),
    )
    server.query("INSERT INTO sync_scopes (record_id, key) VALUES (:i, 'all')", i=memo)
    server.query(
        "UPDATE sync_records SET data = :d, version = version + 1, seq = :s WHERE id = :i",
        d=orjson.dumps(data).decode(),
        s=seq,
        i=rid,
    )
    a.sync()
    assert notice(a, rid)["body"] == "新字段"  # type: ignore[index]
    assert a.rows("SELECT count(*) FROM sync_shadow WHERE id = :i", i=memo) == [(0,)]


def test_fault_23_two_instances_same_profile(server: ServerHandle, make_client: MakeClient) -> None:
    a = make_client()
    twin = make_client(folder=a.folder, login=False)
    twin.transport.tokens = a.transport.tokens  # the same keyring entry
    twin.person_id = a.person_id
    ids = [new_notice(a, f"实例一{i}") for i in range(5)] + [
        new_notice(twin, f"实例二{i}") for i in range(5)
    ]
    a.do(update_notice, person_id=a.person_id, notice_id=ids[0], body="实例一修改")
    twin.do(update_notice, person_id=a.person_id, notice_id=ids[5], body="实例二修改")
    barrier = threading.Barrier(2)

    def run(c: SyncClient) -> None:
        barrier.wait()
        c.sync()

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(run, [a, twin]))
    assert a.pending() == 0
    assert [server.record(r)[0] for r in ids] == [2] + [1] * 4 + [2] + [1] * 4  # type: ignore[index]
    assert not any(server.conflicts_for(r) for r in ids)
    assert a.rows("SELECT count(*) FROM sync_rejected") == [(0,)]


class _Busy(http.server.BaseHTTPRequestHandler):
    answers: ClassVar[list[tuple[int, dict[str, str]]]] = []
    hits: ClassVar[list[float]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        _Busy.hits.append(time.monotonic())
        status, headers = _Busy.answers.pop(0) if _Busy.answers else (200, {})
        body = b'{"ok":true}' if status == 200 else b'{"detail":"busy"}'
        self.send_response(status)
        for k, v in {**headers, "Content-Type": "application/json"}.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_fault_24_outage_then_reconnect_backoff(
    server: ServerHandle, make_client: MakeClient
) -> None:
    # The real server goes down: the sync fails cleanly, the outbox stays, it resumes after.
    a = make_client()
    rid = new_notice(a, "停机")
    server.srv.stop()
    try:
        with pytest.raises(OfflineError):
            a.sync()
        assert a.pending() == 1
    finally:
        server.srv.serve()
    a.sync()
    assert a.pending() == 0 and server.record(rid) is not None
    # 429/503 with Retry-After are honoured; without it, full jitter spreads the retries.
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Busy)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        slept: list[float] = []
        t = Transport(
            f"http://127.0.0.1:{httpd.server_address[1]}",
            MemoryTokens("dev", "tok", "ref"),
            sleep=slept.append,
            attempts=5,
        )
        _Busy.answers = [(503, {"Retry-After": "7"}), (429, {"Retry-After": "3"}), (503, {})]
        assert orjson.loads(t.post("/api/v1/sync", b"{}")) == {"ok": True}
        assert slept[0] >= 7 and slept[1] >= 3 and slept[2] <= t.backoff_base * 4
        assert t.stats.retries == 3
        # Thousands of clients reconnecting: their delays spread over the whole window.
        waits = [t._backoff(4, None) for _ in range(2000)]
        ceiling = min(t.backoff_cap, t.backoff_base * 2**4)
        assert all(0 <= w <= ceiling for w in waits)
        buckets = [0] * 8
        for w in waits:
            buckets[min(7, int(w / ceiling * 8))] += 1
        assert min(buckets) > 150, buckets  # roughly uniform, no thundering herd
        # An outage longer than the attempts: OfflineError, with the data kept message.
        _Busy.answers = [(503, {})] * 5
        with pytest.raises(OfflineError, match="数据已保留"):
            t.post("/api/v1/sync", b"{}")
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fault_25_workflow_race_two_leaders(server: ServerHandle, make_client: MakeClient) -> None:
    gov = unit_of(server, "塔政")
    sender = make_client(server.new_person("塔政", ["handler"]))
    rid = new_notice(sender, "请审核", recipient_unit_ids=[gov])
    sender.do(act_on_notice, person_id=sender.person_id, notice_id=rid, action="submit")
    sender.sync()
    wang, li = make_client("wangjg"), make_client("liwd")
    assert notice(wang, rid)["state"] == notice(li, rid)["state"] == "pending"  # type: ignore[index]
    # Offline, both leaders act on the same step.
    li.do(
        act_on_notice, person_id=li.person_id, notice_id=rid, action="approve", opinion="同意发布"
    )
    wang.do(
        act_on_notice, person_id=wang.person_id, notice_id=rid, action="return", opinion="请修改"
    )
    li.sync()
    wang.sync()
    # The server accepted the first; the second was told why, and nothing blocked its queue.
    assert server.record(rid)[2]["state"] == "published"  # type: ignore[index]
    told = wang.rows("SELECT action, error FROM sync_rejected WHERE record_id = :i", i=rid)
    assert len(told) == 1 and told[0][0] == "return" and "已发布" in told[0][1]
    assert wang.pending() == 0
    # Both opinions are kept and reach everyone who sees the notice.
    assert sorted(o["text"] for o in server.opinions_for(rid)) == ["同意发布", "请修改"]
    converge(sender, wang, li)
    for c in (sender, wang, li):
        assert notice(c, rid)["state"] == "published"  # type: ignore[index]
        texts = sorted(
            r[0] for r in c.rows("SELECT text FROM opinions WHERE record_id = :i", i=rid)
        )
        assert texts == ["同意发布", "请修改"]
