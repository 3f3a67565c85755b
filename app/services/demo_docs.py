"""The demo county's 公文, walked through their workflows on the demo server by the people who
would take each step, so ``make run`` opens on lists with work in them.

Every step goes through a real client (app.sync.headless) and is judged by the server exactly as
in use: numbers are allocated, opinions kept, the 流转记录 written. 张华生 (the demo user, 政府办
主任) finds a 收文 waiting for his 拟办, another one overdue in the 督办 list, and a 发文 waiting
for his 核稿. When the system keyring works, a 教育局 发文 is also sealed and sent to the 政府办,
where it waits for 签收; without one it stops at 用印 (the seal key must live in a keyring).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.db import models as m
from app.errors import UserError
from app.services import documents as docs
from app.sync.headless import HeadlessClient

log = logging.getLogger(__name__)

SEEDED = "documents.seeded"  # marker file in the clients' folder: seeded once per demo server

BODY_FIRE = (
    "各乡镇人民政府、街道办事处，市直各部门：\n"
    "当前已进入冬季森林防火紧要期，为切实做好防火工作，现就有关事项通知如下：\n"
    "一、提高思想认识\n"
    "各地各部门要充分认识森林防火工作的重要性，压紧压实属地责任。\n"
    "二、强化巡查管控\n"
    "（一）加强重点区域巡查。\n"
    "（二）严格野外火源管理。\n"
    "三、做好应急准备\n"
    "各地要完善应急预案，备足扑火物资，确保一旦发生火情能够迅速处置。"
)
BODY_SUPERVISION = (
    "各科室：\n"
    "为推动市政府第四季度重点工作落实，经研究，决定开展专项督查。\n"
    "一、督查内容\n"
    "市政府常务会议议定事项及重点民生实事的推进情况。\n"
    "二、时间安排\n"
    "12月1日至12月15日。\n"
    "三、工作要求\n"
    "各科室要如实报送进展情况，不得敷衍应付。"
)
BODY_SCHOOL = (
    "市人民政府办公室：\n"
    "现将我局2026年冬季学校安全工作开展情况报告如下：\n"
    "一、主要做法\n"
    "（一）开展校园安全隐患排查。\n"
    "（二）加强学生安全教育。\n"
    "二、存在问题\n"
    "个别农村学校取暖设施老化。\n"
    "三、下一步打算\n"
    "持续做好隐患整改，确保师生安全过冬。"
)


class _Walk:
    """One client per person, logged in on first use."""

    def __init__(self, folder: Path, url: str) -> None:
        self.folder, self.url = folder, url
        self.clients: dict[str, HeadlessClient] = {}

    def __call__(self, username: str) -> HeadlessClient:
        c = self.clients.get(username)
        if c is None:
            c = self.clients[username] = HeadlessClient(self.folder / username, self.url, username)
            c.login()
        return c

    def pid(self, username: str) -> str:
        return self(username).person_id

    def unit(self, name: str) -> str:
        c = next(iter(self.clients.values()))
        with c.sessions() as session:
            unit_id: str | None = session.scalar(select(m.Unit.id).where(m.Unit.name == name))
        if unit_id is None:
            raise UserError(f"演示单位不存在：{name}")
        return unit_id

    def step(self, username: str, doc_id: str, action: str, **args: Any) -> None:
        c = self(username)
        c.sync()
        c.do(docs.act, person_id=c.person_id, doc_id=doc_id, action=action, **args)
        c.sync()

    def create(self, username: str, fn: Any, **fields: Any) -> str:
        c = self(username)
        c.sync()
        doc_id: str = c.do(fn, person_id=c.person_id, **fields)
        c.sync()
        return doc_id

    def close(self) -> None:
        for c in self.clients.values():
            c.close()


@contextmanager
def _walk(folder: Path, url: str) -> Iterator[_Walk]:
    walk = _Walk(folder, url)
    try:
        yield walk
    finally:
        walk.close()


def seed_demo_documents(folder: Path, url: str, *, seal: bool) -> bool:
    """Walk the demo documents through the server at ``url`` once (clients live in ``folder``).
    ``seal``: the keyring can hold a seal key. Returns False when they were seeded before."""
    marker = folder / SEEDED
    if marker.exists():
        return False
    today = date.today()
    with _walk(folder, url) as walk:
        # 1. A paper 收文 at the 政府办, registered and checked by 刘芳, waiting for 张华生's 拟办.
        fire = walk.create(
            "liuf",
            docs.register_paper,
            title="关于做好2026年冬季森林防火工作的通知",
            from_unit="塔山市应急管理局",
            doc_number="塔应急发〔2026〕41号",
            doc_type="通知",
            urgency="特急",
            body=BODY_FIRE,
            received_date=today.isoformat(),
        )
        walk.step("liuf", fire, "register")
        walk.step("liuf", fire, "precheck_pass", opinion="来文齐全，请张主任拟办")

        # 2. One already instructed by the 市长, with 郑涛 (督查科) as 主办 and a 时限 that passed.
        report = walk.create(
            "liuf",
            docs.register_paper,
            title="关于报送第三季度安全生产工作情况的通知",
            from_unit="塔山市安全生产委员会办公室",
            doc_number="塔安委办〔2026〕18号",
            doc_type="通知",
            urgency="加急",
            received_date=(today - timedelta(days=20)).isoformat(),
        )
        walk.step("liuf", report, "register")
        walk.step("liuf", report, "precheck_pass")
        walk.step(
            "zhanghs",
            report,
            "propose",
            next=[walk.pid("wangjg")],
            opinion="建议由督查科牵头汇总，请王市长阅示",
        )
        walk.step(
            "wangjg",
            report,
            "instruct",
            next=[walk.pid("zhengt")],
            deadline=(today - timedelta(days=3)).isoformat(),
            opinion="同意，请督查科按时报送",
        )

        # 3. A 发文 drafted by 郑涛, waiting for 张华生's 核稿.
        supervision = walk.create(
            "zhengt",
            docs.create_draft,
            title="关于开展第四季度重点工作专项督查的通知",
            doc_type="通知",
            code="塔政办发",
            body=BODY_SUPERVISION,
        )
        walk.step("zhengt", supervision, "submit", next=[walk.pid("zhanghs")])

        # 4. A 教育局 报告 to the 政府办: drafted, checked, signed, numbered (and sent, if sealed).
        school = walk.create(
            "heyf",
            docs.create_draft,
            title="关于2026年冬季学校安全工作情况的报告",
            doc_type="报告",
            code="塔教发",
            body=BODY_SCHOOL,
            main_units=[walk.unit("塔山市人民政府办公室")],
        )
        walk.step("heyf", school, "submit", next=[walk.pid("hul")])
        walk.step(
            "hul", school, "review_pass", next=[walk.pid("maxd")], opinion="同意，请马局长签发"
        )
        walk.step("maxd", school, "sign", opinion="同意")
        walk.step("hul", school, "recheck_pass")
        walk.step("guoy", school, "number")
        if seal:
            _seal_and_send(walk, school)
    folder.mkdir(parents=True, exist_ok=True)
    marker.write_text("seeded\n", encoding="utf-8")
    return True


def _seal_and_send(walk: _Walk, doc_id: str) -> None:
    from app.services.sealing import register_seal_key, seal_document

    guoy = walk("guoy")
    key_id = guoy.do(register_seal_key, person_id=guoy.person_id, unit_id=walk.unit("塔山市教育局"))
    guoy.sync()
    guoy.do(
        seal_document,
        folder=guoy.folder,
        sessions=guoy.sessions,
        person_id=guoy.person_id,
        doc_id=doc_id,
        key_id=key_id,
    )
    guoy.sync()
    walk.step("guoy", doc_id, "dispatch")
