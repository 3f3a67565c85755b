"""Screenshots of what starts from the 公文 lists: 新建拟稿, 待签收, 督办 and 公文检索.

The documents are put in place as a sync would leave them; 时限 are counted from today, so the
督办 list always shows items overdue, due soon and on time.

QT_QPA_PLATFORM=offscreen python -m ui.doc_list_shots /tmp/shots
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import models as m
from app.db.engine import transaction
from app.services.demo import DEMO_USER
from app.sync.local import put_server_state
from ui.doc_dialogs import CC_COL, NewDraftDialog
from ui.doc_lists import SupervisionView, ToSignView
from ui.doc_search import SearchDialog
from ui.documents import DocumentsView
from ui.shot_kit import demo_profile, open_window, run_alone, save

BODY = (
    "各乡镇人民政府、街道办事处，市直各有关单位：\n\n    为切实做好2026年汛期安全防范工作，"
    "确保人民群众生命财产安全，现就有关事项通知如下：\n\n    一、高度重视，压实责任。……"
)

# title, 来文单位, 文号, 缓急, days from today to the 时限 (None: no 时限), 主办 username, 催办
INCOMING: list[tuple[str, str, str, str, int | None, str, int]] = [
    (
        "关于做好2026年汛期安全防范工作的紧急通知",
        "塔山市应急管理局",
        "塔应急发〔2026〕15号",
        "特急",
        -4,
        "zengzw",
        2,
    ),
    (
        "关于报送上半年重点工作完成情况的通知",
        "塔山市发展和改革局",
        "塔发改〔2026〕31号",
        "加急",
        -1,
        "zhengt",
        1,
    ),
    (
        "关于开展汛前地质灾害隐患排查的通知",
        "塔山市自然资源局",
        "塔自然资发〔2026〕8号",
        "",
        0,
        "zengzw",
        0,
    ),
    (
        "关于开展农村人居环境整治专项督查的通知",
        "塔山市农业农村局",
        "塔农发〔2026〕22号",
        "",
        3,
        "zhengt",
        0,
    ),
    (
        "关于征求《城市更新实施方案》意见的函",
        "塔山市住房和城乡建设局",
        "塔住建函〔2026〕9号",
        "",
        12,
        "",
        0,
    ),
    (
        "关于做好2026年高考服务保障工作的函",
        "塔山市教育局",
        "塔教函〔2026〕18号",
        "加急",
        None,
        "",
        0,
    ),
]

# title, 来文单位, 文号, 缓急, 主送/抄送, hours ago
COPIES = [
    ("关于做好秋季学期开学准备工作的通知", "塔山市教育局", "塔教发〔2026〕41号", "加急", "主送", 2),
    (
        "关于下达2026年第二批财政衔接资金的通知",
        "塔山市财政局",
        "塔财农〔2026〕17号",
        "",
        "主送",
        20,
    ),
    (
        "关于开展卫生城市复审迎检工作的通知",
        "塔山市卫生健康委员会",
        "塔卫健发〔2026〕12号",
        "",
        "抄送",
        27,
    ),
]


def _ids(session: Session, usernames: list[str]) -> dict[str, str]:
    rows = session.execute(
        select(m.Person.username, m.Person.id).where(m.Person.username.in_(usernames))
    )
    return dict(rows.all())


def _body(unit: str, title: str, *, flood: bool) -> str:
    ask = "请结合汛期工作安排，按要求抓好落实。" if flood else "请按要求办理。"
    return f"{unit}：\n\n    为{title[2:].removesuffix('的通知').removesuffix('的函')}，{ask}"


def seed(session: Session, today: date) -> None:
    """收文 at the 政府办 (some under 督办), and 分发 copies waiting there for 签收."""
    people = _ids(session, ["liuf", DEMO_USER, "zengzw", "zhengt"])
    office = session.scalar(select(m.Unit.id).where(m.Unit.name == "塔山市人民政府办公室"))
    edu = session.scalar(select(m.Unit.id).where(m.Unit.name == "塔山市教育局"))
    items: list[tuple[str, str, int, bool, dict[str, Any]]] = []
    for i, (title, unit, number, urgency, due, host, urges) in enumerate(INCOMING):
        received = today - timedelta(days=14 + 3 * i)
        data: dict[str, Any] = {
            "doc_type": "函" if title.endswith("函") else "通知",
            "title": title,
            "from_unit": unit,
            "doc_number": number,
            "register_number": f"收〔2026〕{140 - i}号",
            "urgency": urgency,
            "classification": "",
            "state": "handling" if host else "propose",
            "received_at": f"{received.isoformat()}T09:{10 + i}:00+08:00",
            "handlers": [f"person:{people[host or DEMO_USER]}"],
            "log": [],
            "body": BODY if i == 0 else _body(unit, title, flood=i in (2, 3)),
            "urges": [
                {"at": f"{today.isoformat()}T08:30:00+08:00", "by": people[DEMO_USER], "text": ""}
            ]
            * urges,
        }
        if due is not None:
            data["deadline"] = (today + timedelta(days=due)).isoformat()
        if host:
            data["host"] = people[host]
        items.append((f"in-{i}", "indoc", 3, False, data))
    for i, (title, unit, number, urgency, kind, hours) in enumerate(COPIES):
        sent = (datetime.combine(today, time(10, 30)) - timedelta(hours=hours)).isoformat()
        copy = {
            "doc_id": f"out-{i}",
            "from_unit_id": edu,
            "from_unit": unit,
            "to_unit_id": office,
            "to_unit": "塔山市人民政府办公室",
            "kind": kind,
            "status": "sent",
            "sent_at": sent + "+08:00",
            "title": title,
            "doc_number": number,
            "urgency": urgency,
        }
        items.append((f"ex-{i}", "exchange", 1, False, copy))
    put_server_state(session, items, 1)


def list_shots(out: Path) -> None:
    """docs-new-draft.png, docs-to-sign.png, docs-supervision.png, docs-search.png."""
    with demo_profile("zt-listshots-") as (profile, taskman, _tmp):
        with transaction(profile.store()) as session:
            seed(session, date.today())
        window = open_window(profile, taskman, "liuf")  # 刘芳, 收发员: 待签收
        page = window.show_section("incoming")
        assert isinstance(page, DocumentsView)
        page.show_list("to_sign")
        to_sign = page.panels["to_sign"]
        assert isinstance(to_sign, ToSignView)
        to_sign.select(0)
        save(window, out, "docs-to-sign")
        window.close()

        window = open_window(profile, taskman)  # 张华生, 办公室主任: 督办, 拟稿, 检索
        page = window.show_section("incoming")
        assert isinstance(page, DocumentsView)
        page.show_list("supervision")
        supervision = page.panels["supervision"]
        assert isinstance(supervision, SupervisionView)
        supervision.select(2)  # the overdue rows above stay red
        save(window, out, "docs-supervision")

        search = page.open_search()
        assert isinstance(search, SearchDialog)
        search.text.setText("汛期")
        search.run_search()
        search.table.selectRow(0)
        save(search, out, "docs-search")
        search.close()

        outgoing = window.show_section("outgoing")
        assert isinstance(outgoing, DocumentsView)
        draft = outgoing.new_document()
        assert isinstance(draft, NewDraftDialog)
        draft.title.setText("关于进一步加强汛期值班值守工作的通知")
        for unit in ("东湖镇人民政府", "西岭乡人民政府", "南河街道办事处"):
            draft.units.choose(unit)
        draft.units.choose("塔山市教育局", CC_COL)
        draft.urgency.setCurrentIndex(draft.urgency.findData("加急"))
        draft.adjustSize()
        save(draft, out, "docs-new-draft")
        draft.close()
        window.close()


if __name__ == "__main__":
    run_alone(list_shots)
