"""The documents ``make run`` opens on: walked through a real server by the people who take each
step, and found by 张华生 (the demo user) where he would look for them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.services import documents as docs
from app.services.demo import DEMO_USER
from app.services.demo_docs import seed_demo_documents
from tests.sync_harness import Server, SyncClient, running_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with running_server(tmp_path / "server") as srv:
        yield srv


def client(server: Server, folder: Path, username: str) -> SyncClient:
    c = SyncClient(folder, server.url, username)
    c.login()
    c.sync()
    return c


def test_the_demo_user_finds_work_in_every_list(server: Server, tmp_path: Path) -> None:
    clients = tmp_path / "walk"
    assert seed_demo_documents(clients, server.url, seal=False)
    assert not seed_demo_documents(clients, server.url, seal=False)  # once per demo server
    for folder in clients.iterdir():
        if folder.is_dir():  # every step the walk took was accepted by the server
            c = SyncClient(folder, server.url, folder.name)
            assert c.rows("SELECT error FROM sync_rejected") == []
            c.close()

    me = client(server, tmp_path / "me", DEMO_USER)
    with me.sessions() as session:
        incoming = docs.list_documents(session, person_id=me.person_id, direction="in")
        outgoing = docs.list_documents(session, person_id=me.person_id, direction="out")
        doing = docs.list_documents(session, person_id=me.person_id, direction="in", which="doing")
        overdue = docs.supervision_list(session, today=date.today())
    assert [(r.title, r.state) for r in incoming] == [
        ("关于做好2026年冬季森林防火工作的通知", "propose")
    ]
    assert incoming[0].doc_date == date.today().isoformat()  # the day it was received
    assert [(r.title, r.state) for r in outgoing] == [
        ("关于开展第四季度重点工作专项督查的通知", "review")
    ]
    assert [r.title for r in doing] == ["关于报送第三季度安全生产工作情况的通知"]
    assert [(r.title, r.overdue) for r in overdue] == [
        ("关于报送第三季度安全生产工作情况的通知", True)
    ]
    me.close()

    clerk = client(server, tmp_path / "guoy", "guoy")  # the 教育局 report waits at 用印
    with clerk.sessions() as session:
        (report,) = docs.list_documents(session, person_id=clerk.person_id, direction="out")
    assert report.state == "seal" and report.doc_number.startswith("塔教发〔")
    clerk.close()


@pytest.mark.usefixtures("real_keyring")
def test_with_a_keyring_the_report_is_sealed_and_waits_for_sign_for(
    server: Server, tmp_path: Path
) -> None:
    assert seed_demo_documents(tmp_path / "walk", server.url, seal=True)
    clerk = client(server, tmp_path / "liuf", "liuf")  # 收发员 of the 政府办
    with clerk.sessions() as session:
        waiting = docs.pending_exchanges(session, person_id=clerk.person_id)
    assert [(w["title"], w["from_unit"]) for w in waiting] == [
        ("关于2026年冬季学校安全工作情况的报告", "塔山市教育局")
    ]
    clerk.close()
