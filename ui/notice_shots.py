"""Screenshots of the 通知 section: the inbox of 张华生 (政府办主任), the compose dialog, the
statistics of a notice he sent to three townships and the 教育局, and the pop-up of a 特急 notice.

Notices and receipts are put in place as a sync leaves them; times are counted from now, so the
回执 deadlines are always still open.

QT_QPA_PLATFORM=offscreen python -m ui.notice_shots /tmp/shots
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import models as m
from app.db.engine import transaction
from app.domain.notice import receipt_id
from app.services.demo import DEMO_USER
from app.sync.local import put_server_state
from app.sync.notice_types import new_receipt
from ui.notice_compose import ComposeDialog
from ui.notice_popup import NoticePopup
from ui.notice_stats import NoticeStatsWindow
from ui.notices import NoticesView
from ui.shot_kit import demo_profile, open_window, run_alone, save

Item = tuple[str, str, int, bool, dict[str, Any]]

FORM = {
    "fields": [
        {"id": "f1", "label": "值班人员", "kind": "text", "options": [], "required": True},
        {"id": "f2", "label": "联系电话", "kind": "text", "options": [], "required": True},
        {
            "id": "f3",
            "label": "是否参加培训",
            "kind": "single",
            "options": ["参加", "不参加"],
            "required": True,
        },
        {"id": "f4", "label": "参训人数", "kind": "number", "options": [], "required": False},
    ]
}

# title, sender username, urgency, hours ago, read, acked, withdraw reason, form
INBOX: list[tuple[str, str, str, float, bool, bool, str, bool]] = [
    ("关于立即开展汛期地质灾害隐患排查的紧急通知", "xieh", "特急", 0.5, False, False, "", False),
    ("关于报送2026年第三季度安全生产检查情况的通知", "linh", "紧急", 3, False, False, "", True),
    ("关于做好国庆节期间值班值守工作的通知", "wangjg", "普通", 20, False, False, "", False),
    ("关于召开全市教育工作推进会的通知", "maxd", "普通", 28, True, True, "", True),
    ("关于开展2026年度财政资金绩效自评工作的通知", "luoq", "普通", 50, True, False, "", False),
    (
        "关于调整市政府常务会议时间的通知",
        "liwd",
        "普通",
        70,
        True,
        False,
        "会议时间另行通知，请以新通知为准",
        False,
    ),
    ("关于做好秋季学期学校食品安全工作的通知", "fengy", "普通", 96, True, False, "", False),
]

SENT_TITLE = "关于做好汛期值班值守工作的通知"
SENT_UNITS = ("东湖镇人民政府", "西岭乡人民政府", "南河街道办事处", "塔山市教育局")
SENT_BODY = (
    "<p>各乡镇人民政府、街道办事处，市教育局：</p>"
    "<p>入汛以来，我市降雨偏多，防汛形势严峻。为切实做好汛期值班值守工作，现就有关事项通知如下：</p>"
    "<ol><li><b>严格执行24小时值班制度</b>，主要负责同志带班。</li>"
    '<li>值班人员要保持通讯畅通，<span style="color:#c0392b">不得擅自离岗</span>。</li>'
    "<li>遇有重大险情，须在30分钟内报告市防汛办。</li></ol>"
    "<p>请于回执截止前填报值班人员和联系电话。</p>"
)


def _ids(session: Session, usernames: list[str]) -> dict[str, Any]:
    rows = session.execute(
        select(m.Person.username, m.Person.id, m.Person.unit_id).where(
            m.Person.username.in_(usernames)
        )
    )
    return {u: (pid, unit) for u, pid, unit in rows}


def _notice(
    sender: str, title: str, urgency: str, published: datetime, units: list[str], **more: Any
) -> dict[str, Any]:
    return {
        "title": title,
        "body": more.pop("body", f"{title}，请按要求抓好落实。"),
        "urgency": urgency,
        "sender_id": sender,
        "state": "published",
        "published_at": published.isoformat(),
        "recipient_unit_ids": units,
        "recipient_person_ids": [],
        **more,
    }


def _receipt(nid: str, person: str, unit: str, sender: str, **marks: Any) -> Item:
    data = {**new_receipt(nid, person, unit, sender), **marks}
    return (receipt_id(nid, person), "notice_receipt", 1, False, data)


def seed(session: Session, now: datetime) -> str:
    """The inbox of 张华生 and one notice he sent (its id), as a sync leaves them."""
    people = _ids(session, [DEMO_USER, *(row[1] for row in INBOX)])
    me, my_unit = people[DEMO_USER]
    deadline = (now + timedelta(days=2)).isoformat()
    items: list[Item] = []
    for i, (title, sender, urgency, hours, read, acked, reason, form) in enumerate(INBOX):
        nid = f"in-{i}"
        at = now - timedelta(hours=hours)
        extra: dict[str, Any] = {}
        if form:
            extra["receipt"] = {**FORM, "deadline": deadline}
        if reason:
            extra |= {"state": "withdrawn", "withdraw_reason": reason}
        sender_id = people[sender][0]
        items.append((nid, "notice", 1, False, _notice(sender_id, title, urgency, at, [my_unit])))
        items[-1][4].update(extra)
        marks: dict[str, Any] = {"delivered_at": (at + timedelta(minutes=5)).isoformat()}
        if read:
            marks["read_at"] = (at + timedelta(hours=1)).isoformat()
        if acked:
            marks["acked_at"] = (at + timedelta(hours=2)).isoformat()
            marks["answers"] = {"f1": "张华生", "f2": "0901-6222001", "f3": "参加"}
        items.append(_receipt(nid, me, my_unit, sender_id, **marks))

    # The notice he sent: people in three townships and the 教育局, at every stage.
    units = dict(
        session.execute(select(m.Unit.name, m.Unit.id).where(m.Unit.name.in_(SENT_UNITS))).all()
    )
    sent_at = now - timedelta(hours=26)
    nid = "sent-1"
    notice = _notice(
        me,
        SENT_TITLE,
        "紧急",
        sent_at,
        [units[name] for name in SENT_UNITS],
        body_html=SENT_BODY,
        receipt={**FORM, "deadline": deadline},
        reminders=[{"at": (now - timedelta(hours=3)).isoformat(), "by": me, "count": 4}],
        sms={"sent": 9, "failed": 1, "errors": ["13909016201：网关超时"]},
    )
    items.append((nid, "notice", 1, False, notice))
    recipients = session.execute(
        select(m.Person.id, m.Person.unit_id, m.Person.name)
        .where(m.Person.unit_id.in_(list(units.values())))
        .order_by(m.Person.sort_order)
    ).all()
    for n, (pid, unit, name) in enumerate(recipients):
        stage = n % 4  # 0 未送达 · 1 已送达 · 2 已读 · 3 已回执
        marks = {}
        if stage >= 1:
            marks["delivered_at"] = (sent_at + timedelta(minutes=3 + n)).isoformat()
        if stage >= 2:
            marks["read_at"] = (sent_at + timedelta(hours=1, minutes=n)).isoformat()
        if stage == 3:
            marks["acked_at"] = (sent_at + timedelta(hours=2, minutes=n)).isoformat()
            marks["answers"] = {"f1": name, "f2": f"0901-62310{n:02d}", "f3": "参加", "f4": 2}
        if stage < 2:
            marks["reminders"] = 1
        items.append(_receipt(nid, pid, unit, me, **marks))
    put_server_state(session, items, 1)
    return nid


def notice_shots(out: Path) -> None:
    """docs-notices-inbox.png, docs-notice-compose.png, docs-notice-stats.png and
    docs-notice-popup.png."""
    with demo_profile("zt-noticeshots-") as (profile, taskman, tmp):
        with transaction(profile.store()) as session:
            sent_id = seed(session, datetime.now(UTC))
        window = open_window(profile, taskman)
        page = window.show_section("notices")
        assert isinstance(page, NoticesView)
        page.pages["inbox"].table.selectRow(3)
        save(window, out, "docs-notices-inbox")

        compose = page.new_notice()
        assert isinstance(compose, ComposeDialog)
        fill_compose(compose)
        table = tmp / "2026年秋冬季森林防火值班安排表.xlsx"
        table.write_bytes(b"0" * 23_000)
        compose.add_file(table)
        save(compose, out, "docs-notice-compose")
        compose.reject()

        stats = page.open_stats(sent_id)
        assert isinstance(stats, NoticeStatsWindow)
        stats.resize(1000, 720)
        save(stats, out, "docs-notice-stats")
        stats.close()

        popup = NoticePopup(auto_hide_ms=0)
        rows = page.inbox_model
        first = rows.row(0)
        assert first is not None and first.urgency == "特急"
        popup.show_notice(first, more=2)
        save(popup, out, "docs-notice-popup")
        popup.close()
        window.close()


def fill_compose(compose: ComposeDialog) -> None:
    """A notice being written: body with formatting, three townships, a 回执 with fields."""
    compose.title.setText("关于报送2026年秋冬季森林防火值班安排的通知")
    compose.urgency.setCurrentIndex(compose.urgency.findData("紧急"))
    compose.body.set_content(
        "<p>各乡镇人民政府、街道办事处：</p>"
        "<p>秋冬季是森林火灾易发期，为做好森林防火工作，请各单位于<b>11月28日前</b>"
        "报送值班安排，<span style='color:#c0392b'>逾期未报的将予以通报</span>。</p>"
        "<ol><li>明确带班领导和值班人员；</li><li>保持24小时通讯畅通。</li></ol>",
        "",
    )
    for unit in ("东湖镇人民政府", "西岭乡人民政府", "南河街道办事处"):
        compose.recipients.choose_unit(unit)
    compose.use_expiry.setChecked(True)
    compose.need_receipt.setChecked(True)
    compose.receipt.add_field("带班领导", "text", required=True)
    compose.receipt.add_field("值班电话", "text", required=True)
    compose.receipt.add_field("值班方式", "single", ["24小时专人值守", "领导带班+专人值守"])


if __name__ == "__main__":
    run_alone(notice_shots)
