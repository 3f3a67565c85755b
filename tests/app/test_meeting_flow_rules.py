"""会议 flow rules with no server: the 会议回执 form and its rule inside the [4] 回执 validation,
the 签到码, lateness, and the 议定事项 checks."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain import meeting as rules
from app.domain import receipt_form
from app.errors import UserError

BJ = ZoneInfo("Asia/Shanghai")
FORM = receipt_form.parse_form(rules.reply_form("2027-03-05T18:00:00+08:00"))


def answers(**kw: object) -> dict[str, receipt_form.Answer]:
    assert FORM is not None
    return receipt_form.validate_answers(FORM, kw, person_id="me")


def test_reply_form_round_trips_with_its_rule() -> None:
    assert FORM is not None and FORM.rule == rules.REPLY_RULE
    assert [f.kind for f in FORM.fields] == ["single", "text", "person"]
    assert receipt_form.parse_form(FORM.as_data()) == FORM


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"attend": "参加"}, {"attend": "参加"}),
        ({"attend": "请假", "reason": " 出差 "}, {"attend": "请假", "reason": "出差"}),
        (
            {"attend": "委派他人参会", "delegate": "p2"},
            {"attend": "委派他人参会", "delegate": "p2"},
        ),
    ],
)
def test_good_replies_are_cleaned(given: dict[str, object], expected: dict[str, object]) -> None:
    assert answers(**given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({}, "请填写“参会情况”"),
        ({"attend": "也许"}, "请从选项中选择"),
        ({"attend": "请假"}, "请假请填写理由"),
        ({"attend": "请假", "reason": "   "}, "请假请填写理由"),
        ({"attend": "委派他人参会"}, "请选择参会人"),
        ({"attend": "委派他人参会", "delegate": "me"}, "不能委派本人参会"),
        ({"attend": "委派他人参会", "delegate": 7}, "请选择一位人员"),
    ],
)
def test_bad_replies_are_refused_in_chinese(given: dict[str, object], message: str) -> None:
    with pytest.raises(UserError, match=message):
        answers(**given)


def test_an_unknown_rule_is_refused_and_plain_forms_are_unchanged() -> None:
    with pytest.raises(UserError, match="校验规则不存在"):
        receipt_form.parse_form({"deadline": "2027-01-01T00:00:00+00:00", "rule": "nope"})
    plain = receipt_form.parse_form(
        {
            "deadline": "2027-01-01T00:00:00+00:00",
            "fields": [{"id": "n", "label": "人数", "kind": "number"}],
        }
    )
    assert plain is not None and plain.rule is None and "rule" not in plain.as_data()
    assert receipt_form.validate_answers(plain, {"n": "3"}) == {"n": 3}


def test_person_fields_take_no_options() -> None:
    with pytest.raises(UserError, match="不能设置选项"):
        receipt_form.parse_form(
            {
                "deadline": "2027-01-01T00:00:00+00:00",
                "fields": [{"id": "d", "label": "代表", "kind": "person", "options": ["a", "b"]}],
            }
        )


def test_attendance_code_is_six_stable_digits_per_person() -> None:
    a = rules.attendance_code("m1", "p1")
    assert len(a) == 6 and a.isdigit()
    assert a == rules.attendance_code("m1", "p1")
    codes = {rules.attendance_code("m1", f"p{i}") for i in range(200)}
    assert len(codes) > 195  # distinct enough to tell a room of people apart
    assert rules.attendance_id("m1", "p1") == rules.attendance_id("m1", "p1")
    assert rules.attendance_id("m1", "p1") != rules.attendance_id("m1", "p2")


def test_late_is_after_the_start_of_the_occurrence_signed_for() -> None:
    slot = rules.slot_of(
        {
            "start": "2027-03-01T09:00:00+08:00",
            "end": "2027-03-01T10:00:00+08:00",
            "recurrence": {"freq": "weekly", "count": 3},
        }
    )
    assert not rules.is_late(slot, datetime(2027, 3, 8, 8, 59, tzinfo=BJ))
    assert not rules.is_late(slot, datetime(2027, 3, 8, 9, 0, tzinfo=BJ))  # on the minute
    assert rules.is_late(slot, datetime(2027, 3, 8, 9, 1, tzinfo=BJ))
    assert rules.is_late(slot, datetime(2027, 3, 1, 9, 30, tzinfo=BJ))


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"id": "d1", "owner_id": "p", "deadline": "2027-03-01"}, "请填写内容"),
        ({"id": "d1", "item": "排查", "deadline": "2027-03-01"}, "请指定责任人"),
        ({"id": "d1", "item": "排查", "owner_id": "p", "deadline": "下周"}, "请填写办结时限"),
        ({"item": "排查", "owner_id": "p", "deadline": "2027-03-01"}, "缺少编号"),
    ],
)
def test_bad_decisions_are_refused(item: dict[str, object], message: str) -> None:
    with pytest.raises(UserError, match=message):
        rules.check_decisions([item])


def test_decisions_are_cleaned() -> None:
    got = rules.check_decisions(
        [{"id": "d1", "item": " 排查 ", "owner_id": "p", "deadline": "2027-03-01T00:00:00"}]
    )
    assert got == [{"id": "d1", "item": "排查", "owner_id": "p", "deadline": "2027-03-01"}]
