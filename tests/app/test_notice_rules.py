"""通知 rules without a server: rich text, 回执 forms, times, who may be addressed, and the record
type's actions (fan-out, 催办, 撤回, 送达/阅读/回执) run against an in-memory demo county."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import notice as rules
from app.domain import receipt_form
from app.domain.org import Role, RoleGrant
from app.domain.rich_text import plain_text, sanitize
from app.errors import PermissionDeniedError, UserError
from app.profile import Profile
from app.services.demo import PEOPLE, UNITS
from app.sync.members import with_departments
from app.sync.records import ActionContext, Actor, Data, Lookup, record_type

NOW = datetime(2026, 7, 4, 9, 0, tzinfo=UTC)


def iso(**delta: float) -> str:
    return (NOW + timedelta(**delta)).isoformat()


# --- rich text --------------------------------------------------------------------------------


def test_sanitize_keeps_the_basic_formatting_and_nothing_else() -> None:
    dirty = (
        '<p class="x" onclick="evil()">甲<b>乙</b><strong>丙</strong><i>丁</i><em>戊</em>'
        '<u>己</u><br/><a href="http://x">链接</a><img src=x onerror=alert(1)></p>'
        "<script>alert('x')</script><style>p{}</style><ul><li>一</li></ul><ol><li>二</li></ol>"
        '<span style="color: #F00; background: url(x)">红</span><iframe src=x></iframe>'
    )
    assert sanitize(dirty) == (
        "<p>甲<b>乙</b><b>丙</b><i>丁</i><i>戊</i><u>己</u><br>链接</p>"
        '<ul><li>一</li></ul><ol><li>二</li></ol><span style="color:#ff0000">红</span>'
    )


def test_qt_editor_html_becomes_the_basic_tags() -> None:
    qt = (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN"><html><head><meta name="qrichtext" />'
        '<style type="text/css">p, li { white-space: pre-wrap; }</style></head>'
        '<body style=" font-family:\'Noto Sans CJK SC\';"><p style=" margin-top:0px;">'
        '<span style=" font-weight:700;">加粗</span><span style=" font-style:italic;">斜体</span>'
        '<span style=" text-decoration: underline; color:#0000ff;">蓝色下划线</span></p>'
        "</body></html>"
    )
    assert sanitize(qt) == (
        '<p><b>加粗</b><i>斜体</i><u><span style="color:#0000ff">蓝色下划线</span></u></p>'
    )


def test_text_is_escaped_and_unclosed_tags_are_closed() -> None:
    assert sanitize("a < b & c <b>粗") == "a &lt; b &amp; c <b>粗</b>"
    assert sanitize("</p>孤立的结束标签</b>") == "孤立的结束标签"
    assert plain_text("<p>第一段</p><p>第二段<br>换行</p><ul><li>甲</li></ul>") == (
        "第一段\n第二段\n换行\n甲"
    )


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>", "</p>", "<b>", "</b>", "<i>", "</em>", "<u>", "<br>", "<ul>", "<li>",
                "</li>", "</ul>", '<span style="color:#abc">', "</span>", "<script>", "</script>",
                "<a href='x'>", "&amp;", "&lt;", "<", ">", "&", "文字", " ", "\n", '"',
                "<!-- c -->", '<span style="font-weight:bold">',
            ]
        ),
        max_size=30,
    )
)  # fmt: skip
def test_sanitize_is_canonical(parts: list[str]) -> None:
    once = sanitize("".join(parts))
    assert sanitize(once) == once
    assert "<script" not in once and "<a " not in once


# --- 回执 forms ---------------------------------------------------------------------------------

FORM: dict[str, Any] = {
    "deadline": iso(days=2),
    "fields": [
        {"id": "name", "label": "参训人员", "kind": "text", "required": True},
        {"id": "meal", "label": "是否就餐", "kind": "single", "options": ["是", "否"]},
        {"id": "topics", "label": "关注内容", "kind": "multi", "options": ["甲", "乙", "丙"]},
        {"id": "count", "label": "人数", "kind": "number", "required": True},
    ],
}


def test_answers_are_checked_and_cleaned() -> None:
    form = receipt_form.parse_form(FORM)
    assert form is not None and [f.kind for f in form.fields] == [
        "text",
        "single",
        "multi",
        "number",
    ]
    got = receipt_form.validate_answers(
        form, {"name": " 张三、李四 ", "meal": "是", "topics": ["丙", "甲"], "count": "2"}
    )
    assert got == {"name": "张三、李四", "meal": "是", "topics": ["甲", "丙"], "count": 2}
    bad = [
        ({"count": 1}, "请填写“参训人员”"),
        ({"name": "甲", "count": 1, "meal": "也许"}, "“是否就餐”请从选项中选择一项"),
        ({"name": "甲", "count": 1, "topics": ["丁"]}, "“关注内容”请从选项中选择"),
        ({"name": "甲", "count": "两个"}, "“人数”应填写数字"),
        ({"name": "甲", "count": 1, "other": "x"}, "表单中没有的项目"),
    ]
    for answers, message in bad:
        with pytest.raises(UserError, match=message):
            receipt_form.validate_answers(form, answers)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"deadline": None}, "须设置回执截止时间"),
        ({"deadline": "明天"}, "回执截止时间格式不正确"),
        ({"fields": [{"id": "a", "label": "甲", "kind": "single", "options": ["一"]}]}, "2–50"),
        ({"fields": [{"id": "a", "label": "甲", "kind": "date"}]}, "类型应为"),
        ({"fields": [{"id": "a", "label": "甲", "kind": "text"}] * 2}, "编号不正确或重复"),
        ({"fields": [{"id": "a", "label": "", "kind": "text"}]}, "都要有名称"),
    ],
)
def test_malformed_forms_are_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(UserError, match=message):
        receipt_form.parse_form({**FORM, **change})


def test_times_past_by_the_deciding_clock_are_refused() -> None:
    assert rules.check_times({"publish_at": iso(hours=1)}, NOW) == NOW + timedelta(hours=1)
    assert rules.check_times({"publish_at": None}, NOW) is None
    for data, message in [
        ({"publish_at": iso(minutes=-1)}, "定时发布时间已过"),
        ({"expires_at": iso(minutes=-1)}, "有效期已过"),
        ({"receipt": {**FORM, "deadline": iso(minutes=-1)}}, "回执截止时间已过"),
    ]:
        with pytest.raises(UserError, match=message):
            rules.check_times(data, NOW)
    with pytest.raises(UserError, match="回执截止时间不能晚于通知有效期"):
        rules.check_fields({"title": "t", "receipt": FORM, "expires_at": iso(days=1)}, "内部")
    with pytest.raises(UserError, match="有效期应晚于发布时间"):
        rules.check_fields({"title": "t", "publish_at": iso(days=2), "expires_at": iso(days=1)}, "")
    with pytest.raises(UserError, match="不得在政务外网上传输"):
        rules.check_fields({"title": "t", "classification": "秘密"}, "内部")
    with pytest.raises(UserError, match="正文格式不正确"):
        rules.check_fields({"title": "t", "body_html": "<p onclick='x'>甲</p>"}, "内部")
    with pytest.raises(UserError, match="不能超过 20000 字"):
        rules.check_fields({"title": "t", "body": "字" * 20_001}, "内部")


# --- the demo county in memory --------------------------------------------------------------


class County(Lookup):
    """Units by key, people by username, and any records a test adds."""

    def __init__(self) -> None:
        self.records: dict[str, Data] = {}
        for u in UNITS:
            self.records[u.key] = {
                "parent_id": u.parent,
                "name": u.name,
                "level": u.level.value,
                "kind": u.kind.value,
            }
        for username, name, unit, _title, _phone, roles in PEOPLE:
            self.records[username] = {
                "unit_id": unit,
                "username": username,
                "name": name,
                "active": True,
                "roles": [{"role": r.value, "unit_id": unit} for r in roles],
            }

    def get(self, record_id: str) -> Data | None:
        return self.records.get(record_id)

    def members(self, unit_ids: list[str]) -> list[tuple[str, str]]:
        tree = {u.key: (u.parent, u.kind.value) for u in UNITS}
        units = set(with_departments(unit_ids, tree))
        return [
            (pid, str(p["unit_id"]))
            for pid, p in self.records.items()
            if "username" in p and p["active"] and p["unit_id"] in units
        ]


def actor(username: str) -> Actor:
    person = County().records[username]
    grants = tuple(RoleGrant(Role(g["role"]), g["unit_id"]) for g in person["roles"])
    return Actor(username, str(person["unit_id"]), grants)


def test_reach_own_agency_or_county_wide() -> None:
    county = County()

    def check(who: str, units: list[str], people: list[str] = ()) -> None:  # type: ignore[assignment]
        rules.check_recipients(actor(who), units, list(people), county)

    # 政府办 and the 局长 speak county-wide; a 局's clerk only within the 局.
    check("zhanghs", ["donghu", "edu"], ["maxd"])
    check("maxd", ["donghu", "xiling", "nanhe"])
    check("guoy", ["edu"], ["heyf"])
    # A role in the top unit (the 市政府 itself) reaches everyone.
    check("wangjg", ["finance"])
    with pytest.raises(PermissionDeniedError, match="“东湖镇人民政府”不在您可以发送通知的范围内"):
        check("guoy", ["donghu"])
    with pytest.raises(PermissionDeniedError, match="“曹军”不在您可以发送通知的范围内"):
        check("guoy", [], ["caoj"])
    # A township's leader: the township only (its own agency), not its neighbour.
    check("caoj", ["donghu"], ["pengw"])
    with pytest.raises(PermissionDeniedError):
        check("caoj", ["xiling"])
    # 秘书科 is within the 政府办: its clerk may address the 办 and its 科室.
    check("liuf", ["office", "general"])
    with pytest.raises(UserError, match="请选择通知的接收单位或人员"):
        check("zhanghs", [])
    with pytest.raises(UserError, match="接收单位不在通讯录中"):
        check("zhanghs", ["nowhere"])
    county.records["pengw"]["active"] = False
    with pytest.raises(UserError, match="“彭伟”已停用"):
        rules.check_recipients(actor("zhanghs"), [], ["pengw"], county)


# --- the record types' actions -------------------------------------------------------------


def run(
    type_: str, action: str, who: str, data: Data, lookup: Lookup, *, rid: str = "n1", **args: Any
) -> tuple[Data, ActionContext]:
    ctx = ActionContext(args, NOW.isoformat(), lookup, rid)
    return record_type(type_).action(action)(actor(who), data, ctx), ctx


def notice(**fields: Any) -> Data:
    return {"title": "关于防汛值班的通知", "sender_id": "zhanghs", "state": "draft", **fields}


def test_publish_fans_out_once_per_person() -> None:
    county = County()
    data = notice(recipient_unit_ids=["office", "donghu"], recipient_person_ids=["caoj", "maxd"])
    out, ctx = run("notice", "publish", "zhanghs", data, county)
    assert out == {"state": "published", "published_at": NOW.isoformat()}
    people = [w.fields["person_id"] for w in ctx.writes]
    # 市府办 with its three 科室 (9 people), 东湖镇 (4), 马局长; 曹军 counted once.
    assert len(people) == len(set(people)) == 14
    assert {"liuf", "zengzw", "caoj", "maxd"} <= set(people) and "hul" not in people
    assert {w.record_id for w in ctx.writes} == {rules.receipt_id("n1", p) for p in people}
    receipt = next(w for w in ctx.writes if w.fields["person_id"] == "liuf")
    assert receipt.create and receipt.fields["unit_id"] == "secretariat"
    assert receipt.fields["sender_id"] == "zhanghs" and receipt.fields["read_at"] is None
    # A receipt that exists is never written again (its marks stay).
    county.records[rules.receipt_id("n1", "caoj")] = {"read_at": iso()}
    _, again = run("notice", "publish", "zhanghs", data, county)
    assert len(again.writes) == 13


def test_publish_at_a_later_time_is_scheduled_and_released_by_the_server_only() -> None:
    county = County()
    data = notice(recipient_unit_ids=["donghu"], publish_at=iso(hours=2))
    out, ctx = run("notice", "publish", "zhanghs", data, county)
    assert out == {"state": "scheduled"} and ctx.writes == []
    scheduled = {**data, **out}
    with pytest.raises(PermissionDeniedError, match="由服务器按时发布"):
        run("notice", "release", "zhanghs", scheduled, county)
    system = Actor(rules.SYSTEM_ID, "", ())
    ctx = ActionContext({}, iso(hours=2), county, "n1")
    released = record_type("notice").action("release")(system, scheduled, ctx)
    assert released["state"] == "published" and len(ctx.writes) == 4


@pytest.mark.parametrize(
    ("who", "fields", "message"),
    [
        ("zhanghs", {}, "请选择通知的接收单位或人员"),
        ("guoy", {"recipient_unit_ids": ["donghu"]}, "不在您可以发送通知的范围内"),
        (
            "zhanghs",
            {"recipient_unit_ids": ["donghu"], "expires_at": iso(seconds=-1)},
            "有效期已过",
        ),
        ("heyf", {"recipient_unit_ids": ["edu"]}, "没有“发送通知”的权限"),
    ],
)
def test_bad_publishes_send_nothing(who: str, fields: Data, message: str) -> None:
    with pytest.raises(UserError, match=message):
        run("notice", "publish", who, notice(sender_id=who, **fields), County())


def test_withdraw_needs_a_reason_and_remind_reaches_the_unread_only() -> None:
    county = County()
    data = notice(state="published", recipient_unit_ids=["donghu"], receipt=FORM)
    with pytest.raises(UserError, match="须填写理由"):
        run("notice", "withdraw", "zhanghs", data, county, reason="  ")
    out, _ = run("notice", "withdraw", "zhanghs", data, county, reason="时间有变")
    assert out["state"] == "withdrawn" and out["withdraw_reason"] == "时间有变"

    receipts = {p: rules.receipt_id("n1", p) for p in ("caoj", "yuanl", "shanlp", "pengw")}
    county.records[receipts["caoj"]] = {"read_at": iso(), "acked_at": iso(), "reminders": 0}
    county.records[receipts["yuanl"]] = {"read_at": iso(), "acked_at": None, "reminders": 0}
    county.records[receipts["shanlp"]] = {"read_at": None, "acked_at": None, "reminders": 1}
    county.records[receipts["pengw"]] = {"read_at": None, "acked_at": None, "reminders": 0}
    out, ctx = run("notice", "remind", "zhanghs", data, county)
    assert {w.record_id: w.fields["reminders"] for w in ctx.writes} == {
        receipts["shanlp"]: 2,
        receipts["pengw"]: 1,
    }
    assert out["reminders"][-1]["count"] == 2
    _, ctx = run("notice", "remind", "zhanghs", data, county, only="unacked")
    assert {w.record_id for w in ctx.writes} == {receipts[p] for p in ("yuanl", "shanlp", "pengw")}
    with pytest.raises(PermissionDeniedError):
        run("notice", "remind", "caoj", data, county)


def test_receipt_marks_are_the_recipients_own_and_idempotent() -> None:
    county = County()
    county.records["n1"] = notice(state="published", recipient_unit_ids=["donghu"], receipt=FORM)
    receipt: Data = {"notice_id": "n1", "person_id": "caoj", "sender_id": "zhanghs"}
    rid = rules.receipt_id("n1", "caoj")
    with pytest.raises(PermissionDeniedError, match="只有接收人本人"):
        run("notice_receipt", "read", "pengw", receipt, county, rid=rid)
    out, _ = run("notice_receipt", "deliver", "caoj", receipt, county, rid=rid)
    assert out == {"delivered_at": NOW.isoformat()}
    receipt.update(out)
    out, _ = run("notice_receipt", "deliver", "caoj", receipt, county, rid=rid)
    assert out == {}  # a second 送达 is a no-op, not an error
    out, _ = run("notice_receipt", "read", "caoj", receipt, county, rid=rid)
    assert out == {"read_at": NOW.isoformat()}
    answers = {"name": "曹军", "count": 1}
    out, _ = run("notice_receipt", "ack", "caoj", receipt, county, rid=rid, answers=answers)
    assert out["answers"] == answers and out["acked_at"] == NOW.isoformat()
    with pytest.raises(UserError, match="请填写“人数”"):
        run("notice_receipt", "ack", "caoj", receipt, county, rid=rid, answers={"name": "曹军"})
    for change, message in [
        ({"state": "withdrawn"}, "通知已撤回"),
        ({"expires_at": iso(seconds=-1)}, "通知已过期"),
        ({"receipt": {**FORM, "deadline": iso(seconds=-1)}}, "回执已截止"),
        ({"receipt": None}, "不需要回执"),
    ]:
        county.records["n1"] = {**county.records["n1"], **change}
        with pytest.raises(UserError, match=message):
            run("notice_receipt", "ack", "caoj", receipt, county, rid=rid, answers=answers)
        county.records["n1"] = notice(
            state="published", recipient_unit_ids=["donghu"], receipt=FORM
        )
    # Receipts are made by the server only.
    with pytest.raises(PermissionDeniedError):
        record_type("notice_receipt").authorize(actor("caoj"), "create", None, receipt)


def test_receipt_ids_are_stable() -> None:
    assert rules.receipt_id("n1", "p1") == rules.receipt_id("n1", "p1")
    assert rules.receipt_id("n1", "p1") != rules.receipt_id("n1", "p2")


# --- the inbox order, on a real profile ------------------------------------------------------


def test_inbox_pins_unread_urgent_then_unread_then_newest(demo_profile: Profile) -> None:
    from app.db import models as m
    from app.db.engine import transaction
    from app.services import notice_queries as nq
    from app.services.org import person_by_username

    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    with transaction(demo_profile.store()) as session:
        me = person_by_username(session, username="zhanghs")
        boss = person_by_username(session, username="wangjg")
        assert me is not None and boss is not None
        # key: (urgency, state, hours ago, read, expired)
        plan = {
            "B": ("特急", "published", 5, False, False),
            "A": ("普通", "published", 4, False, False),
            "E": ("普通", "published", 2, False, False),
            "C": ("紧急", "published", 1, True, False),
            "D": ("特急", "published", 3, True, False),
            "F": ("普通", "withdrawn", 0.5, False, False),
            "G": ("特急", "published", 6, False, True),
        }
        for key, (urgency, state, ago, read, expired) in plan.items():
            session.add(
                m.Notice(
                    id=key,
                    sender_id=boss.id,
                    title=f"通知{key}" + ("：今晚停电" if key == "E" else ""),
                    urgency=urgency,
                    state=state,
                    published_at=now - timedelta(hours=ago),
                    expires_at=now - timedelta(minutes=1) if expired else None,
                )
            )
            session.add(
                m.NoticeReceipt(
                    id=f"r{key}", notice_id=key, person_id=me.id, read_at=now if read else None
                )
            )
        # Someone else's receipt never shows in my inbox.
        session.add(m.Notice(id="X", sender_id=boss.id, title="别人的", state="published"))
        session.add(m.NoticeReceipt(id="rX", notice_id="X", person_id=boss.id))
    with demo_profile.store()() as session:
        rows = nq.inbox(session, person_id=me.id)
        assert [r.id for r in rows] == ["B", "E", "A", "F", "C", "D", "G"]
        assert [r.id for r in rows if r.pinned] == ["B"]
        assert rows[-1].expired and not rows[-1].pinned
        assert [r.id for r in nq.inbox(session, person_id=me.id, which="unread")] == ["B", "E", "A"]
        assert [r.id for r in nq.inbox(session, person_id=me.id, text="停电")] == ["E"]
        assert [r.id for r in nq.inbox(session, person_id=me.id, text="王建国")][:2] == ["B", "E"]
        assert [r.id for r in nq.inbox(session, person_id=me.id, limit=2, offset=1)] == ["E", "A"]
        assert nq.unread_count(session, person_id=me.id) == 3
        assert rows[0].sender_name == "王建国" and rows[0].sender_unit == "塔山市人民政府"
