"""通知 end to end through a real server (SQLite and PostgreSQL): a notice to three townships with
50 people, some of them on clients that sync often, one offline for a while, most never opening
the app — each reached exactly once, the sender's statistics exact at every step; 回执 answers
back to the sender and out to CSV/XLSX; 催办 to the unread only; a person who joins later; 撤回;
scheduled publishing by the server; expiry; and bad input refused with nothing sent."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from openpyxl import load_workbook

from app.db import models as m
from app.domain import notice as rules
from app.errors import UserError
from app.services import notice_queries as nq
from app.services import notices as ns
from app.services.workbench import workbench_counts
from app.sync.protocol import Op
from tests.sync.helpers import ServerHandle, assert_replica_matches, inject
from tests.sync_harness import SyncClient

Make = Callable[..., SyncClient]
TOWNS = ("东湖政", "西岭政", "南河办")


def form(**delta: float) -> dict[str, Any]:
    return {
        "deadline": datetime.now(UTC) + timedelta(**(delta or {"days": 2})),
        "fields": [
            {"id": "name", "label": "参训人员", "kind": "text", "required": True},
            {"id": "meal", "label": "是否就餐", "kind": "single", "options": ["是", "否"]},
            {"id": "count", "label": "人数", "kind": "number", "required": True},
        ],
    }


def server_receipts(server: ServerHandle, notice_id: str) -> dict[str, dict[str, Any]]:
    """person id -> receipt, as the server holds them."""
    rows = server.query(
        "SELECT id, data FROM sync_records WHERE type = 'notice_receipt' AND NOT deleted"
    )
    out: dict[str, dict[str, Any]] = {}
    for rid, raw in rows:
        data = orjson.loads(raw)
        if data["notice_id"] == notice_id:
            assert data["person_id"] not in out, "two receipts for one person"
            assert rid == rules.receipt_id(notice_id, data["person_id"])
            out[data["person_id"]] = data
    return out


def people_in(server: ServerHandle, codes: tuple[str, ...]) -> set[str]:
    units = [server.unit_id(c) for c in codes]
    marks = ", ".join(f":u{i}" for i in range(len(units)))
    rows = server.query(
        f"SELECT id FROM people WHERE active AND unit_id IN ({marks})",
        **{f"u{i}": u for i, u in enumerate(units)},
    )
    return {r[0] for r in rows}


def assert_stats_exact(sender: SyncClient, server: ServerHandle, notice_id: str) -> nq.NoticeStats:
    """The sender's statistics after a sync equal the server's receipts, count for count."""
    sender.sync()
    truth = server_receipts(server, notice_id)
    got = sender.do(nq.stats, notice_id=notice_id)
    expected = tuple(
        sum(1 for r in truth.values() if r[k]) for k in ("delivered_at", "read_at", "acked_at")
    )
    assert (got.total, got.delivered, got.read, got.acked) == (len(truth), *expected)
    assert sum(u.total for u in got.by_unit) == got.total
    assert {p.person_id for p in got.unread_people} == {
        p for p, r in truth.items() if not r["read_at"]
    }
    return got


def raw_entry(
    c: SyncClient, type_: str, rid: str, op: Op, payload: dict[str, Any], *, action: str = ""
) -> None:
    """An outbox entry as a client that skips its own checks would queue it."""
    with c.sessions() as session, session.begin():
        session.add(
            m.OutboxEntry(
                record_type=type_,
                record_id=rid,
                op=op.value,
                action=action or None,
                payload=orjson.dumps(payload).decode(),
            )
        )


def inbox_ids(c: SyncClient, **kw: Any) -> list[str]:
    return [r.id for r in c.do(nq.inbox, person_id=c.person_id, **kw)]


def test_a_notice_to_three_townships_reaches_fifty_people_once(  # noqa: PLR0915 - one journey
    server: ServerHandle, make_client: Make, tmp_path: Path
) -> None:
    towns = [server.unit_id(c) for c in TOWNS]
    for i in range(50 - len(people_in(server, TOWNS))):
        server.new_person(TOWNS[i % 3], ["handler"], name=f"干部{i}")
    everyone = people_in(server, TOWNS)
    assert len(everyone) == 50

    sender = make_client("zhanghs")
    caoj, tianj, xuefm = make_client("caoj"), make_client("tianj"), make_client("xuefm")
    pengw = make_client("pengw")  # signed in once, then offline for a while
    nid = sender.do(
        ns.create_notice,
        person_id=sender.person_id,
        title="关于开展防汛应急培训的通知",
        body_html=(
            "<p>各乡镇：</p><p>请<b>于本周五前</b>报名，"
            '<span style="color:#c00000">逾期不候</span>。</p>'
        ),
        urgency="紧急",
        recipient_unit_ids=towns,
        expires_at=datetime.now(UTC) + timedelta(days=7),
        receipt=form(),
    )
    assert sender.do(ns.publish_notice, person_id=sender.person_id, notice_id=nid) == "published"
    inject(sender, ["dup"])  # the publishing request reaches the server twice at once
    sender.sync()
    receipts = server_receipts(server, nid)
    assert set(receipts) == everyone  # each of the 50 exactly once, nobody else
    assert {r["unit_id"] for r in receipts.values()} == set(towns)
    stats = assert_stats_exact(sender, server, nid)
    assert (stats.total, stats.delivered, stats.read) == (50, 0, 0)
    assert [u.total for u in stats.by_unit] == [
        len(people_in(server, (c,))) for c in TOWNS
    ]  # in address-book order

    # Online recipients: the notice arrives once, and its arrival is recorded (已送达).
    for c in (caoj, tianj, xuefm):
        c.sync()
        assert inbox_ids(c) == [nid]
        (row,) = c.do(nq.inbox, person_id=c.person_id)
        assert not row.read and row.needs_ack and row.urgency == "紧急"
    assert assert_stats_exact(sender, server, nid).delivered == 3

    # 曹军 opens it (已读, once); 田静 sends the 回执; 徐芳敏 does nothing yet.
    assert caoj.do(ns.open_notice, person_id=caoj.person_id, notice_id=nid) is True
    assert caoj.do(ns.open_notice, person_id=caoj.person_id, notice_id=nid) is False
    assert inbox_ids(caoj, which="unread") == []  # shown read at once, before any sync
    answers = {"name": "田静、潘东", "meal": "是", "count": "2"}
    tianj.do(ns.acknowledge, person_id=tianj.person_id, notice_id=nid, answers=answers)
    caoj.sync()
    tianj.sync()
    stats = assert_stats_exact(sender, server, nid)
    assert (stats.delivered, stats.read, stats.acked) == (3, 2, 1)
    assert len(stats.unacked_people) == 49
    assert server_receipts(server, nid)[tianj.person_id]["answers"] == {
        "name": "田静、潘东",
        "meal": "是",
        "count": 2,
    }
    detail = tianj.do(nq.notice_detail, notice_id=nid, person_id=tianj.person_id)
    assert detail.mine is not None and detail.mine.acked_at is not None
    assert "<b>于本周五前</b>" in detail.body_html and "于本周五前报名" in detail.body

    # The 回执 table, as the sender exports it.
    sender.do(nq.export_answers, notice_id=nid, path=tmp_path / "回执.csv")
    with (tmp_path / "回执.csv").open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    assert (tmp_path / "回执.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it
    assert table[0] == ["单位", "姓名", "状态", "时间", "参训人员", "是否就餐", "人数"]
    assert len(table) == 51
    (row,) = [r for r in table if r[1] == "田静"]
    assert (
        row[0] == "西岭乡人民政府" and row[2] == "已回执" and row[4:] == ["田静、潘东", "是", "2"]
    )
    assert sender.do(nq.export_answers, notice_id=nid, path=tmp_path / "回执.xlsx") == 50
    sheet = load_workbook(tmp_path / "回执.xlsx").active
    assert sheet is not None
    cells = [[c.value for c in r] for r in sheet.iter_rows()]
    assert cells[0] == table[0] and ["西岭乡人民政府", "田静", "已回执"] in [c[:3] for c in cells]

    # The offline client reads it without a connection; the sender learns when it syncs.
    pengw.sync()
    pengw.do(ns.open_notice, person_id=pengw.person_id, notice_id=nid)
    assert assert_stats_exact(sender, server, nid).read == 2
    pengw.sync()
    assert assert_stats_exact(sender, server, nid).read == 3

    # 催办 reaches only the unread.
    sender.do(ns.remind_notice, person_id=sender.person_id, notice_id=nid)
    sender.sync()
    reminded = {p for p, r in server_receipts(server, nid).items() if r["reminders"]}
    assert reminded == everyone - {caoj.person_id, tianj.person_id, pengw.person_id}
    xuefm.sync()
    caoj.sync()
    assert xuefm.do(nq.notice_detail, notice_id=nid, person_id=xuefm.person_id).mine.reminders == 1  # type: ignore[union-attr]
    assert caoj.do(nq.notice_detail, notice_id=nid, person_id=caoj.person_id).mine.reminders == 0  # type: ignore[union-attr]
    counts = xuefm.do(workbench_counts, person_id=xuefm.person_id, today=datetime.now().date())
    assert counts.unread_notices == 1

    # A person who joins a township later receives the still-open notice.
    newcomer = make_client(server.new_person("东湖政", ["handler"], name="新同事"))
    assert inbox_ids(newcomer) == [nid]
    assert newcomer.person_id in server_receipts(server, nid)
    assert assert_stats_exact(sender, server, nid).total == 51

    # 撤回: everyone keeps it, marked with the reason; nothing is deleted.
    with pytest.raises(UserError, match="须填写理由"):
        sender.do(ns.withdraw_notice, person_id=sender.person_id, notice_id=nid, reason=" ")
    sender.do(ns.withdraw_notice, person_id=sender.person_id, notice_id=nid, reason="培训改期")
    sender.sync()
    for c in (caoj, tianj, xuefm, pengw, newcomer):
        c.sync()
        (row,) = c.do(nq.inbox, person_id=c.person_id)
        assert row.withdrawn and row.withdraw_reason == "培训改期" and not row.pinned
        assert (
            c.do(
                workbench_counts, person_id=c.person_id, today=datetime.now().date()
            ).unread_notices
            == 0
        )
    with pytest.raises(UserError, match="通知已撤回"):
        xuefm.do(ns.acknowledge, person_id=xuefm.person_id, notice_id=nid, answers=answers)
    assert len(server_receipts(server, nid)) == 51
    late = make_client(server.new_person("西岭政", ["handler"], name="撤回后加入"))
    assert inbox_ids(late) == []
    sender.sync()
    for c in (sender, caoj, tianj, xuefm, pengw, newcomer):
        c.sync()
        assert_replica_matches(server, c, c.username)


def test_bad_input_is_refused_and_nothing_is_sent(
    server: ServerHandle, make_client: Make, tmp_path: Path
) -> None:
    guoy, caoj = make_client("guoy"), make_client("caoj")
    donghu = server.unit_id("东湖政")

    made: list[str] = []

    def draft(c: SyncClient, **fields: Any) -> str:
        rid: str = c.do(ns.create_notice, person_id=c.person_id, title="测试通知", **fields)
        made.append(rid)
        return rid

    def refused(c: SyncClient, nid: str, message: str, exc: type[Exception] = UserError) -> None:
        """Refused at once on the client with ``message`` (nothing queued), and by the server
        when a client that does not check sends it anyway."""
        before = c.pending()
        with pytest.raises(exc, match=message):
            c.do(ns.publish_notice, person_id=c.person_id, notice_id=nid)
        assert c.pending() == before
        c.do(ns.act_on_notice, person_id=c.person_id, notice_id=nid, action="publish")
        c.sync()
        errors = [
            r[0] for r in c.rows("SELECT error FROM sync_rejected WHERE record_id = :i", i=nid)
        ]
        assert errors and message in errors[-1], errors
        assert server_receipts(server, nid) == {}
        assert server.record(nid)[2]["state"] == "draft"  # type: ignore[index]

    refused(guoy, draft(guoy), "请选择通知的接收单位或人员")
    refused(guoy, draft(guoy, recipient_unit_ids=[donghu]), "不在您可以发送通知的范围内")
    refused(
        guoy,
        draft(guoy, recipient_unit_ids=[server.unit_id("塔教")], receipt=form(hours=-1)),
        "回执截止时间已过",
    )
    past = datetime.now(UTC) - timedelta(minutes=5)
    refused(
        guoy,
        draft(guoy, recipient_unit_ids=[server.unit_id("塔教")], publish_at=past),
        "定时发布时间已过",
    )
    caoj.sync()
    assert not set(inbox_ids(caoj)) & set(made)

    # An oversized attachment: refused before anything is stored.
    big = tmp_path / "方案.pdf"
    big.write_bytes(b"x" * 4096)
    with pytest.raises(UserError, match="附件过大"):
        guoy.do(
            ns.store_attachments,
            folder=guoy.folder,
            sessions=guoy.sessions,
            paths=[big],
            max_bytes=1024,
        )
    assert guoy.rows("SELECT count(*) FROM blobs") == [(0,)]
    assert not (guoy.folder / "blobs").exists() or not any((guoy.folder / "blobs").rglob("*"))

    # Malformed content from a client that skips its own checks: the server refuses it whole.
    for bad, message in [
        ({"receipt": {"deadline": "下周", "fields": []}}, "回执截止时间格式不正确"),
        ({"body_html": "<p onclick='steal()'>正文</p>"}, "正文格式不正确"),
        ({"classification": "机密"}, "不得在政务外网上传输"),
    ]:
        rid = f"bad{time.monotonic_ns()}"[:36]
        raw_entry(guoy, "notice", rid, Op.CREATE, {"title": "坏数据", **bad})
        guoy.sync()
        (error,) = guoy.rows("SELECT error FROM sync_rejected WHERE record_id = :i", i=rid)
        assert message in error[0]
        assert server.record(rid) is None


def test_scheduled_notice_is_published_by_the_server(
    server: ServerHandle, make_client: Make
) -> None:
    sender, caoj = make_client("zhanghs"), make_client("caoj")
    nid = sender.do(
        ns.create_notice,
        person_id=sender.person_id,
        title="定时通知",
        urgency="紧急",
        recipient_unit_ids=[server.unit_id("东湖政")],
        publish_at=datetime.now(UTC) + timedelta(seconds=3),
    )
    assert sender.do(ns.publish_notice, person_id=sender.person_id, notice_id=nid) == "scheduled"
    sender.sync()
    caoj.sync()
    assert server.record(nid)[2]["state"] == "scheduled"  # type: ignore[index]
    assert nid not in inbox_ids(caoj) and server_receipts(server, nid) == {}
    sent = sender.do(nq.sent, person_id=sender.person_id)
    assert [(r.id, r.state_label) for r in sent if r.id == nid] == [(nid, "定时待发")]
    # The server's own check (at start and every 15 s) publishes it when its time has come.
    deadline = time.monotonic() + 30
    while server.record(nid)[2]["state"] != "published":  # type: ignore[index]
        assert time.monotonic() < deadline, "the scheduled notice was not released"
        time.sleep(0.5)
    assert set(server_receipts(server, nid)) == people_in(server, ("东湖政",))
    caoj.sync()
    assert inbox_ids(caoj)[0] == nid  # unread, newest: on top
    assert assert_stats_exact(sender, server, nid).delivered == 1
    # Urgent: SMS went to the recipients with a phone (no gateway here: the log-only one), and
    # the outcome comes back to the sender; landline numbers are reported, not sent.
    while "sms" not in server.record(nid)[2]:  # type: ignore[index]
        assert time.monotonic() < deadline + 15, "no SMS outcome on the notice"
        time.sleep(0.2)
    sender.sync()
    sms = sender.do(nq.notice_detail, notice_id=nid, person_id=sender.person_id).sms
    assert sms is not None and (sms["sent"], sms["failed"]) == (2, 2)
    assert all("不是手机号码" in e for e in sms["errors"])


def test_an_urgent_notice_published_by_a_sync_is_texted(
    server: ServerHandle, make_client: Make
) -> None:
    sender = make_client("zhanghs")
    ids = {}
    for urgency in ("特急", "普通"):
        ids[urgency] = sender.do(
            ns.create_notice,
            person_id=sender.person_id,
            title=f"{urgency}：今晚八点停电检修",
            urgency=urgency,
            recipient_unit_ids=[server.unit_id("东湖政")],
        )
        sender.do(ns.publish_notice, person_id=sender.person_id, notice_id=ids[urgency])
    sender.sync()
    deadline = time.monotonic() + 20
    while "sms" not in server.record(ids["特急"])[2]:  # type: ignore[index]
        assert time.monotonic() < deadline, "no SMS outcome on the urgent notice"
        time.sleep(0.2)
    sender.sync()
    sms = sender.do(nq.notice_detail, notice_id=ids["特急"], person_id=sender.person_id).sms
    assert sms is not None and (sms["sent"], sms["failed"]) == (2, 2)
    assert "sms" not in server.record(ids["普通"])[2]  # type: ignore[index]


def test_expired_notice_stops_pinning_and_takes_no_late_joiners_or_receipts(
    server: ServerHandle, make_client: Make
) -> None:
    sender, caoj = make_client("zhanghs"), make_client("caoj")
    nid = sender.do(
        ns.create_notice,
        person_id=sender.person_id,
        title="特急：今晚停电",
        urgency="特急",
        recipient_unit_ids=[server.unit_id("东湖政")],
        expires_at=datetime.now(UTC) + timedelta(seconds=3),
        receipt=form(seconds=2),
    )
    sender.do(ns.publish_notice, person_id=sender.person_id, notice_id=nid)
    sender.sync()
    caoj.sync()
    (row,) = [r for r in caoj.do(nq.inbox, person_id=caoj.person_id) if r.id == nid]
    assert row.pinned and not row.read
    time.sleep(3.5)
    (row,) = [r for r in caoj.do(nq.inbox, person_id=caoj.person_id) if r.id == nid]
    assert row.expired and not row.pinned and not row.needs_ack
    with pytest.raises(UserError, match="通知已过期"):
        caoj.do(ns.acknowledge, person_id=caoj.person_id, notice_id=nid, answers={})
    # A client that does not check: the server refuses the 回执 by its own clock.
    answers = {"answers": {"name": "曹军", "count": 1}}
    raw_entry(
        caoj, "notice_receipt", rules.receipt_id(nid, caoj.person_id), Op.ACT, answers, action="ack"
    )
    caoj.sync()
    assert "通知已过期" in caoj.rows("SELECT error FROM sync_rejected")[-1][0]
    newcomer = server.new_person("东湖政", ["handler"], name="过期后加入")
    assert server.person_id(newcomer) not in server_receipts(server, nid)


def test_saved_groups_follow_their_owner_only(server: ServerHandle, make_client: Make) -> None:
    a, b, other = make_client("zhanghs"), make_client("zhanghs"), make_client("chenj")
    towns = [server.unit_id(c) for c in TOWNS]
    gid = a.do(
        ns.create_group,
        person_id=a.person_id,
        name="三个乡镇",
        unit_ids=towns,
        person_ids=[server.person_id("maxd")],
    )
    a.sync()
    b.sync()
    other.sync()
    assert [g.name for g in b.do(nq.groups, person_id=b.person_id)] == ["三个乡镇"]
    assert other.do(nq.groups, person_id=other.person_id) == []
    units, people = b.do(nq.expand_groups, person_id=b.person_id, group_ids=[gid])
    assert units == towns and people == [server.person_id("maxd")]
    b.do(ns.update_group, person_id=b.person_id, group_id=gid, name="乡镇（三）")
    b.sync()
    a.sync()
    assert [g.name for g in a.do(nq.groups, person_id=a.person_id)] == ["乡镇（三）"]
    with pytest.raises(UserError, match="分组名称"):
        a.do(ns.update_group, person_id=a.person_id, group_id=gid, name=" ")
    with pytest.raises(UserError, match="不存在"):  # another person's group is not theirs to change
        other.do(ns.update_group, person_id=other.person_id, group_id=gid, name="抢")
    a.do(ns.delete_group, person_id=a.person_id, group_id=gid)
    a.sync()
    b.sync()
    assert b.do(nq.groups, person_id=b.person_id) == []
