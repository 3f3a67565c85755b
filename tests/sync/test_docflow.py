"""公文流转 end to end through a real server: 发文 at the 教育局 → 分发 → 签收 and 收文 at two
townships → 办结 → 答复 → 归档, with steps taken offline, a race on one step, a 退回 with its
reason seen by the sender, and 文号 allocation from three offline clients."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.errors import PermissionDeniedError, UserError
from app.search import DocQuery, search_documents
from app.services import documents as docs
from app.sync.blobs import BlobStore
from tests.sync.helpers import ServerHandle
from tests.sync_harness import SyncClient

Make = Callable[..., SyncClient]


def pid(server: ServerHandle, username: str) -> str:
    return server.person_id(username)


def step(c: SyncClient, doc_id: str, action: str, *, sync: bool = True, **args: Any) -> None:
    c.sync()  # see the document as it stands
    c.do(docs.act, person_id=c.person_id, doc_id=doc_id, action=action, **args)
    if sync:
        c.sync()


def doc(c: SyncClient, doc_id: str) -> dict[str, Any]:
    c.sync()
    with c.sessions() as session:
        return docs.document(session, doc_id)


def rejected(c: SyncClient) -> list[str]:
    return [r[0] for r in c.rows("SELECT error FROM sync_rejected")]


def sealed_pdf(c: SyncClient, tmp_path: Path) -> dict[str, Any]:
    pdf = tmp_path / "sealed.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% a sealed document stands in here\n%%EOF\n")
    return dict(BlobStore(c.folder, c.sessions).add_file(pdf, "塔教发.pdf"))


def draft_to_number(
    server: ServerHandle, make: Make, title: str, *, clients: dict[str, SyncClient]
) -> str:
    """A 教育局 发文 taken from 拟稿 to 待编号 by its drafter, reviewer, leader and office."""

    def client(name: str) -> SyncClient:
        if name not in clients:
            clients[name] = make(name)
        return clients[name]

    heyf, hul, maxd = client("heyf"), client("hul"), client("maxd")
    xiling, donghu = server.unit_id("西岭政"), server.unit_id("东湖政")
    doc_id: str = heyf.do(
        docs.create_draft,
        person_id=heyf.person_id,
        title=title,
        body="一、总体要求\n各乡镇要高度重视。",
        code="塔教发",
        doc_type="通知",
        main_units=[xiling],
        cc_units=[donghu],
    )
    heyf.sync()
    step(heyf, doc_id, "submit", next=[pid(server, "hul")])
    step(hul, doc_id, "review_pass", next=[pid(server, "maxd")], opinion="同意，请马局长签发")
    step(maxd, doc_id, "sign", opinion="同意")
    step(hul, doc_id, "recheck_pass")
    return doc_id


def test_full_journey_between_two_units(  # noqa: PLR0915 - one journey, read top to bottom
    server: ServerHandle, make_client: Make, tmp_path: Path
) -> None:
    clients: dict[str, SyncClient] = {}
    doc_id = draft_to_number(server, make_client, "关于做好冬季学校安全工作的通知", clients=clients)
    heyf, maxd = clients["heyf"], clients["maxd"]
    d = doc(heyf, doc_id)
    assert d["state"] == "number" and d["doc_number"] == ""  # 待编号 until the server numbers it
    assert [s["stage"] for s in d["snapshots"]] == ["核稿", "签发"]
    assert d["signed_by"] == pid(server, "maxd") and d["sign_date"]
    # After 签发 the text is locked.
    with pytest.raises(UserError, match="锁定"):
        heyf.do(docs.update_document, person_id=heyf.person_id, doc_id=doc_id, body="改")

    guoy = make_client("guoy")  # 收发员, 印章管理员 and 档案员 of the 教育局
    # The step is not the drafter's: refused on the client at once, nothing queued.
    with pytest.raises(PermissionDeniedError):
        heyf.do(docs.act, person_id=heyf.person_id, doc_id=doc_id, action="number")
    step(guoy, doc_id, "number")
    assert doc(guoy, doc_id)["doc_number"] == f"塔教发〔{doc(guoy, doc_id)['sign_date'][:4]}〕1号"
    # 用印 with the sealed PDF: the file goes up before the step that names it.
    step(guoy, doc_id, "seal", attachments=[sealed_pdf(guoy, tmp_path)], key_id="k1")
    step(guoy, doc_id, "dispatch")
    d = doc(heyf, doc_id)
    assert d["state"] == "dispatched" and len(d["exchanges"]) == 2

    # At 西岭乡 the clerk sees the copy waiting for 签收; 东湖镇 sends its copy back.
    tianj, shanlp = make_client("tianj"), make_client("shanlp")
    with tianj.sessions() as session:
        waiting = docs.pending_exchanges(session, person_id=tianj.person_id)
    assert [w["title"] for w in waiting] == ["关于做好冬季学校安全工作的通知"]
    assert waiting[0]["kind"] == "主送"
    with shanlp.sessions() as session:
        (cc,) = docs.pending_exchanges(session, person_id=shanlp.person_id)
    assert cc["kind"] == "抄送"
    shanlp.do(docs.refuse, person_id=shanlp.person_id, exchange_id=cc["id"], reason="非我镇职责")
    shanlp.sync()
    tianj.do(docs.sign_for, person_id=tianj.person_id, exchange_id=waiting[0]["id"])
    tianj.sync()
    heyf.sync()
    assert rejected(tianj) == rejected(shanlp) == []
    status = dict(heyf.rows("SELECT to_unit, status || ':' || coalesce(reason, '') FROM exchanges"))
    assert status == {"西岭乡人民政府": "signed:", "东湖镇人民政府": "returned:非我镇职责"}

    (row,) = tianj.rows("SELECT id, state, doc_number FROM documents WHERE direction = 'in'")
    in_id = row[0]
    assert row[1] == "register" and row[2] == "塔教发〔2026〕1号".replace(
        "2026", doc(heyf, doc_id)["sign_date"][:4]
    )
    step(tianj, in_id, "register")
    assert doc(tianj, in_id)["register_number"].startswith("收〔")
    # The 收文 is searchable at once, by one, two or more characters, and by 文号.
    with tianj.sessions() as session:
        for query in ("冬", "学校", "安全工作", "塔教发"):
            found = search_documents(session, DocQuery(text=query)).ids
            assert found == [in_id], query
        assert search_documents(session, DocQuery(text="汛期")).ids == []

    # A race on 初审: the clerk passes it and the office director returns it, both offline.
    caix = make_client("caix")
    caix.sync()
    tianj.do(
        docs.act,
        person_id=tianj.person_id,
        doc_id=in_id,
        action="precheck_pass",
        opinion="符合要求",
    )
    caix.do(
        docs.act,
        person_id=caix.person_id,
        doc_id=in_id,
        action="reject",
        reason="缺少附件",
        opinion="请补充附件后重发",
    )
    tianj.sync()
    caix.sync()
    assert doc(caix, in_id)["state"] == "propose"
    assert any("不能退回来文单位" in r for r in rejected(caix))
    texts = {o["text"] for o in server.opinions_for(in_id)}
    assert {"符合要求", "请补充附件后重发"} <= texts  # both opinions kept

    jiangs, pand = make_client("jiangs"), make_client("pand")
    step(caix, in_id, "propose", next=[pid(server, "jiangs")], opinion="请蒋乡长阅示")
    # The leader instructs while offline; his step is queued and judged at sync.
    step(
        jiangs,
        in_id,
        "instruct",
        sync=False,
        next=[pid(server, "pand")],
        deadline="2026-12-01",
        opinion="请潘东同志牵头办理",
    )
    record = server.record(in_id)
    assert record is not None and record[2]["state"] == "instruct"  # queued, not yet judged
    jiangs.sync()
    d = doc(pand, in_id)
    assert d["state"] == "handling" and d["host"] == pand.person_id
    with pand.sessions() as session:
        todo = docs.list_documents(session, person_id=pand.person_id, direction="in")
    assert [r.id for r in todo] == [in_id] and todo[0].deadline == "2026-12-01"

    step(pand, in_id, "circulate", readers=[pid(server, "tianj")], purpose="请阅知")
    step(tianj, in_id, "open")
    step(tianj, in_id, "mark_read", comment="已阅")
    assert doc(pand, in_id)["readers"][tianj.person_id]["state"] == "read"
    step(pand, in_id, "reply", text="我乡已完成排查，无安全隐患。")
    step(pand, in_id, "finish")
    step(tianj, in_id, "archive", retention="30年")
    d = doc(tianj, in_id)
    assert d["state"] == "archived" and d["archive"]["number"].endswith("-30年-0001")

    # The reply flowed back to the sender; the sender archives the original.
    heyf.sync()
    assert heyf.rows("SELECT reply FROM exchanges WHERE status = 'replied'") == [
        ("我乡已完成排查，无安全隐患。",)
    ]
    step(guoy, doc_id, "archive", retention="永久")
    assert doc(maxd, doc_id)["state"] == "archived"
    with pytest.raises(UserError):
        heyf.do(docs.update_document, person_id=heyf.person_id, doc_id=doc_id, title="改")


def test_three_offline_clients_number_without_gaps_or_duplicates(
    server: ServerHandle, make_client: Make
) -> None:
    clients: dict[str, SyncClient] = {}
    ids = [draft_to_number(server, make_client, f"编号测试{i}", clients=clients) for i in range(3)]
    clerks = [make_client("guoy")]
    clerks += [make_client(server.new_person("塔教", ["clerk"], f"收发员{i}")) for i in range(2)]
    for c in clerks:
        c.sync()
    for c, doc_id in zip(clerks, ids, strict=True):  # all three offline at 编号
        c.do(docs.act, person_id=c.person_id, doc_id=doc_id, action="number")
    for c in clerks:
        c.sync()
    numbers = sorted(doc(clerks[0], i)["doc_number"] for i in ids)
    year = doc(clerks[0], ids[0])["sign_date"][:4]
    already = server.query(
        "SELECT value FROM number_series WHERE series = :s", s=f"docno:塔教发:{year}"
    )[0][0]
    # Numbers continue the 教育局's series for the year: consecutive, unique, no gaps.
    expected = [f"塔教发〔{year}〕{n}号" for n in range(already - 2, already + 1)]
    assert sorted(numbers, key=lambda s: int(s.split("〕")[1][:-1])) == expected
