"""会议通知 → 参会回执 → 签到 → 纪要 → 督办 through a real server (SQLite and PostgreSQL).

The organizer sends the 会议通知; attendees get it and reply offline (参加, 请假 with a reason,
委派 a delegate), then sync: the organizer's summary is exact. A 请假 without a reason is refused
on the client and, sent raw, by the server. 签到 on the organizer's laptop while offline keeps the
laptop's times and flags the late; after sync the 会议管理员 sees the same statistics. The 纪要's
议定事项 reach their owner's 督办 list, overdue by the same rule, and leave it when 办结. Changing
the time and cancelling notify again. The 会议通知 and 纪要 render as PDFs whose text is checked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pdfplumber
import pytest

from app.domain import meeting as rules
from app.domain.notice import receipt_id
from app.errors import UserError
from app.render.document import render_document
from app.services import meeting_attendance as ma
from app.services import meeting_notice as mn
from app.services import meetings as ms
from app.services import minutes as mm
from app.services.actors import actor_of
from app.services.doc_queries import SupervisedRow, supervision_rows
from app.services.notices import acknowledge
from app.sync.local import write
from app.sync.protocol import Op
from tests.sync.helpers import notice, notice_ids
from tests.sync_harness import SyncClient

Make = Callable[..., SyncClient]
BJ = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=BJ)


def pid(c: SyncClient, username: str) -> str:
    return str(c.rows("SELECT id FROM people WHERE username = :u", u=username)[0][0])


def unit_of(c: SyncClient, username: str) -> str:
    return str(c.rows("SELECT unit_id FROM people WHERE username = :u", u=username)[0][0])


def pdf_text(spec: dict[str, object], out: Path) -> str:
    render_document(spec, out)
    with pdfplumber.open(out) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages).replace("\n", "")


def reply(c: SyncClient, notice_id: str, **answers: str) -> dict[str, object]:
    result: dict[str, object] = c.do(
        acknowledge, person_id=c.person_id, notice_id=notice_id, answers=answers
    )
    return result


def setup_meeting(make_client: Make) -> tuple[SyncClient, str, dict[str, SyncClient]]:
    """chenj (会议管理员) adds a room; zhanghs books a meeting with three attendees and one
    列席 and sends its 会议通知; everyone syncs."""
    admin, org = make_client("chenj"), make_client("zhanghs")
    room = admin.do(ms.create_room, person_id=admin.person_id, name="第三会议室", capacity=20)
    admin.sync()
    org.sync()
    people = {u: make_client(u) for u in ("caoj", "jiangs", "duq", "zhengt", "dingl")}
    booked: ms.Booked = org.do(
        ms.create_meeting,
        person_id=org.person_id,
        title="全市防汛工作调度会",
        start=at(8, 9),
        end=at(8, 11),
        room_id=room,
        host_unit_id=unit_of(org, "zhanghs"),
        attendee_person_ids=[pid(org, u) for u in ("caoj", "jiangs", "duq")],
        observer_ids=[pid(org, "zhengt")],
        agenda=[
            {"title": "通报汛情", "presenter": "郑涛"},
            {"title": "部署防汛准备工作", "presenter": "张华生"},
        ],
        reply_deadline=at(5, 18),
    )
    org.sync()
    people["chenj"] = admin
    return org, booked.meeting_id, people


def notice_and_replies(org: SyncClient, mid: str, people: dict[str, SyncClient]) -> str:
    """The 会议通知 reaches the attendees; their replies, made offline, sum up exactly."""
    nid: str = org.do(mn.send_meeting_notice, person_id=org.person_id, meeting_id=mid)
    org.sync()
    assert org.do(mn.meeting_data, meeting_id=mid)["notice_id"] == nid
    # Sending twice is refused, nothing queued.
    with pytest.raises(UserError, match="已发送过会议通知"):
        org.do(mn.send_meeting_notice, person_id=org.person_id, meeting_id=mid)

    caoj, jiangs, duq, zhengt, dingl = (
        people[u] for u in ("caoj", "jiangs", "duq", "zhengt", "dingl")
    )
    for c in (caoj, jiangs, duq, zhengt, dingl):
        c.sync()
    for c in (caoj, jiangs, duq, zhengt):
        got = notice(c, nid)
        assert got is not None and got["title"] == "关于召开全市防汛工作调度会的通知"
        assert "部署防汛准备工作（张华生）" in got["body"] and "第三会议室" in got["body"]
    assert nid not in notice_ids(dingl)  # the delegate-to-be is not addressed

    # Replies, all offline. Bad ones first: refused with the reason, nothing queued.
    before = jiangs.pending()
    with pytest.raises(UserError, match="请假请填写理由"):
        reply(jiangs, nid, attend=rules.LEAVE)
    with pytest.raises(UserError, match="不能委派本人"):
        reply(duq, nid, attend=rules.DELEGATE, delegate=duq.person_id)
    with pytest.raises(UserError, match="请选择参会人"):
        reply(duq, nid, attend=rules.DELEGATE)
    assert jiangs.pending() == before
    reply(caoj, nid, attend=rules.ATTEND)
    reply(jiangs, nid, attend=rules.LEAVE, reason="参加省防汛培训")
    reply(duq, nid, attend=rules.DELEGATE, delegate=pid(duq, "dingl"))
    # A client that skipped the check (sent raw): the server refuses the 回执 all the same.
    zhengt.do(
        lambda session: write(
            session,
            actor=actor_of(session, zhengt.person_id),
            type_name="notice_receipt",
            record_id=receipt_id(nid, zhengt.person_id),
            op=Op.ACT,
            action="ack",
            fields={"answers": {"attend": rules.LEAVE}},
        )
    )
    for c in (caoj, jiangs, duq, zhengt):
        c.sync()
    org.sync()

    summary: ma.ReplySummary = org.do(ma.reply_summary, meeting_id=mid)
    assert summary.counts == {"参加": 1, "请假": 1, "委派他人参会": 1, "未回复": 1}
    assert [r.name for r in summary.attend] == ["曹军"]
    assert [(r.name, r.reason) for r in summary.leave] == [("蒋森", "参加省防汛培训")]
    assert [(r.name, r.delegate_name) for r in summary.delegate] == [("杜强", "丁玲")]
    assert [r.name for r in summary.none] == ["郑涛"]  # the raw 请假 was refused by the server
    # 一键催办 the one who has not replied.
    assert org.do(ma.remind_unreplied, person_id=org.person_id, meeting_id=mid) == 1

    return nid


def sign_in_offline(org: SyncClient, mid: str, people: dict[str, SyncClient]) -> None:
    """签到 on the organizer's laptop while offline; the statistics before and after sync."""
    caoj, zhengt = people["caoj"], people["zhengt"]
    # 签到 on the organizer's laptop, offline: a tick, a code, the delegate for 杜强 (late).
    code = zhengt.do(ma.my_attendance_code, person_id=zhengt.person_id, meeting_id=mid)
    assert len(code) == 6 and code == rules.attendance_code(mid, zhengt.person_id)
    with pytest.raises(UserError, match="签到码不正确"):
        org.do(ma.sign_in_by_code, person_id=org.person_id, meeting_id=mid, code="000000x")
    with pytest.raises(UserError, match="不在参会名单"):
        org.do(
            ma.sign_in,
            person_id=org.person_id,
            meeting_id=mid,
            attendee_id=pid(org, "wangjg"),
            signed_at=at(8, 8, 50),
        )
    with pytest.raises(UserError, match="只有会议组织者或会议管理员"):
        caoj.do(ma.sign_in, person_id=caoj.person_id, meeting_id=mid, attendee_id=caoj.person_id)
    org.do(
        ma.sign_in,
        person_id=org.person_id,
        meeting_id=mid,
        attendee_id=pid(org, "caoj"),
        signed_at=at(8, 8, 50),
    )
    org.do(
        ma.sign_in_by_code,
        person_id=org.person_id,
        meeting_id=mid,
        code=code,
        signed_at=at(8, 8, 55),
    )
    org.do(
        ma.sign_in,
        person_id=org.person_id,
        meeting_id=mid,
        attendee_id=pid(org, "dingl"),
        signed_at=at(8, 9, 12),
    )

    def check(stats: ma.AttendanceStats, *, replies: bool = True) -> None:
        assert stats.expected == 3
        assert [(a.name, a.delegate_name, a.late) for a in stats.present] == [
            ("曹军", "", False),
            ("杜强", "丁玲", True),
        ]
        assert [a.name for a in stats.late] == ["杜强"]
        leave = (True, "参加省防汛培训") if replies else (False, "")
        assert [(a.name, a.leave, a.reason) for a in stats.absent] == [("蒋森", *leave)]
        assert [a.name for a in stats.observers] == ["郑涛"]
        assert stats.present[1].signed_at == at(8, 9, 12)  # the laptop's time, kept

    check(org.do(ma.attendance_stats, meeting_id=mid))  # offline, at once
    org.sync()
    check(org.do(ma.attendance_stats, meeting_id=mid))  # the server's records, the same
    admin = people["chenj"]
    admin.sync()
    # The 会议管理员 holds the 签到 records but not the 回执 (those stay with the sender).
    check(admin.do(ma.attendance_stats, meeting_id=mid), replies=False)
    assert len(org.rows("SELECT id FROM meeting_attendance WHERE meeting_id = :m", m=mid)) == 3


def minutes_to_supervision(org: SyncClient, mid: str, make_client: Make, tmp_path: Path) -> None:
    """The 纪要's 议定事项 in their owners' 督办 lists; the notice and 纪要 rendered."""
    # 纪要: prefilled from 签到; the 议定事项 become 督办 items of their owners.
    draft: mm.MinutesDraft = org.do(mm.minutes_draft, meeting_id=mid)
    assert draft.attendees == ["曹军", "丁玲（代杜强）"]
    assert draft.absent == ["蒋森"] and draft.observers == ["郑涛"]
    zengzw = make_client("zengzw")
    owner = pid(org, "zengzw")
    with pytest.raises(UserError, match="请指定责任人"):
        org.do(
            mm.save_minutes,
            person_id=org.person_id,
            meeting_id=mid,
            text="会议研究了防汛工作。",
            decisions=[{"item": "检查堤防", "deadline": "2027-03-20"}],
        )
    items = org.do(
        mm.save_minutes,
        person_id=org.person_id,
        meeting_id=mid,
        text=draft.text + "\n会议强调，各地要压实防汛责任。",
        decisions=[
            {"item": "组织开展汛前堤防隐患排查", "owner_id": owner, "deadline": "2027-03-20"},
            {"item": "修订防汛应急预案", "owner_id": pid(org, "caoj"), "deadline": "2027-04-30"},
        ],
    )
    org.sync()
    zengzw.sync()
    rows: list[SupervisedRow] = zengzw.do(supervision_rows, today=date(2027, 3, 21))
    mine = [r for r in rows if r.doc.direction == "meeting"]
    assert [(r.doc.title, r.host, r.doc.deadline, r.doc.overdue, r.days_left) for r in mine] == [
        ("组织开展汛前堤防隐患排查", "曾志伟", "2027-03-20", True, -1)
    ]
    assert mine[0].doc.doc_number == "全市防汛工作调度会"
    # 办结 by the owner: gone from the list; the organizer sees it done after sync.
    zengzw.do(mm.finish_decision, person_id=zengzw.person_id, decision_id=items[0]["id"])
    assert not [r for r in zengzw.do(supervision_rows) if r.doc.direction == "meeting"]
    zengzw.sync()
    org.sync()
    org_rows: list[SupervisedRow] = org.do(supervision_rows, today=date(2027, 3, 21))
    assert [(r.doc.title, r.host) for r in org_rows if r.doc.direction == "meeting"] == [
        ("修订防汛应急预案", "曹军")
    ]

    # The 会议通知 and the 纪要 as GB/T 9704 PDFs.
    text = pdf_text(org.do(mn.meeting_notice_spec, meeting_id=mid), tmp_path / "notice.pdf")
    assert "关于召开全市防汛工作调度会的通知" in text and "会议议程" in text
    assert "塔山市人民政府办公室文件" in text
    text = pdf_text(org.do(mm.minutes_spec, meeting_id=mid), tmp_path / "minutes.pdf")
    assert "纪要" in text and "出席" in text and "丁玲（代杜强）" in text and "请假" in text
    assert "组织开展汛前堤防隐患排查（责任人：曾志伟" in text


def test_notice_replies_sign_in_minutes_to_supervision(make_client: Make, tmp_path: Path) -> None:
    org, mid, people = setup_meeting(make_client)
    notice_and_replies(org, mid, people)
    sign_in_offline(org, mid, people)
    minutes_to_supervision(org, mid, make_client, tmp_path)


def test_change_and_cancel_notify_the_same_people(make_client: Make) -> None:
    org, mid, people = setup_meeting(make_client)
    # No notice yet: a change sends nothing.
    _b, none = org.do(mn.change_meeting, person_id=org.person_id, meeting_id=mid, place="x")
    assert none is None
    org.do(mn.send_meeting_notice, person_id=org.person_id, meeting_id=mid)
    _b, changed = org.do(
        mn.change_meeting, person_id=org.person_id, meeting_id=mid, start=at(9, 14), end=at(9, 16)
    )
    cancelled = org.do(
        mn.cancel_with_notice, person_id=org.person_id, meeting_id=mid, reason="防汛形势变化"
    )
    org.sync()
    caoj, zhengt = people["caoj"], people["zhengt"]
    for c in (caoj, zhengt):
        c.sync()
        got = notice(c, changed)
        assert got is not None and got["title"] == "会议变更通知：全市防汛工作调度会"
        assert "2027年3月9日 14:00—16:00" in got["body"]
        got = notice(c, cancelled)
        assert got is not None and got["title"] == "会议取消通知：全市防汛工作调度会"
        assert "防汛形势变化" in got["body"]
    assert changed not in notice_ids(people["dingl"])
    with pytest.raises(UserError, match="会议已取消"):
        org.do(mn.send_meeting_notice, person_id=org.person_id, meeting_id=mid)


def test_the_meeting_admin_signs_a_delegate_in_without_holding_the_replies(
    make_client: Make,
) -> None:
    org, mid, people = setup_meeting(make_client)
    nid: str = org.do(mn.send_meeting_notice, person_id=org.person_id, meeting_id=mid)
    org.sync()
    duq, admin = people["duq"], people["chenj"]
    duq.sync()
    reply(duq, nid, attend=rules.DELEGATE, delegate=pid(duq, "dingl"))
    duq.sync()
    admin.sync()
    dingl, jiangs = pid(admin, "dingl"), pid(admin, "jiangs")
    # The admin's laptop holds no 回执: it needs to be told whom 丁玲 stands in for.
    with pytest.raises(UserError, match="不在参会名单"):
        admin.do(ma.sign_in, person_id=admin.person_id, meeting_id=mid, attendee_id=dingl)
    kw = {"person_id": admin.person_id, "meeting_id": mid, "signed_at": at(8, 8, 40)}
    admin.do(ma.sign_in, attendee_id=dingl, for_person_id=pid(admin, "duq"), **kw)
    # 袁林 named no delegate: shown here, refused by the server (which holds the 回执).
    admin.do(ma.sign_in, attendee_id=pid(admin, "yuanl"), for_person_id=jiangs, **kw)
    admin.sync()
    org.sync()
    stats: ma.AttendanceStats = org.do(ma.attendance_stats, meeting_id=mid)
    assert [(a.name, a.delegate_name, a.late) for a in stats.present] == [("杜强", "丁玲", False)]
    # The refused one is no longer shown on the admin's laptop either.
    shown: ma.AttendanceStats = admin.do(ma.attendance_stats, meeting_id=mid)
    assert [a.name for a in shown.present] == ["杜强"]
