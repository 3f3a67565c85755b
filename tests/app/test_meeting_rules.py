"""会议 rules: the overlap rule (touching intervals allowed), recurrence with exceptions and
"this and following" splits, time zones compared in UTC, and bad input refused in Chinese."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.domain import meeting as rules
from app.domain.meeting import Booking, Interval
from app.errors import UserError

BJ = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BJ)


def slot(**kw: Any) -> rules.Slot:
    data = {"start": at(7, 9).isoformat(), "end": at(7, 10).isoformat(), **kw}
    return rules.slot_of(data)


def one(start: datetime, end: datetime) -> Interval:
    return Interval(rules.epoch(start), rules.epoch(end))


def booking(start: datetime, end: datetime, mid: str = "x") -> Booking:
    return Booking(mid, rules.epoch(start), rules.epoch(end))


def test_touching_intervals_do_not_overlap_but_any_shared_minute_does() -> None:
    nine_ten = one(at(7, 9), at(7, 10))
    assert not nine_ten.overlaps(one(at(7, 10), at(7, 11)))
    assert not nine_ten.overlaps(one(at(7, 8), at(7, 9)))
    assert nine_ten.overlaps(one(at(7, 9, 59), at(7, 11)))
    assert nine_ten.overlaps(one(at(7, 9, 15), at(7, 9, 30)))  # inside
    assert nine_ten.overlaps(one(at(7, 8), at(7, 12)))  # around


def test_time_zones_are_compared_in_utc() -> None:
    # 09:00 in Beijing is 01:00 UTC: the same instant written two ways clashes.
    beijing = slot()
    utc_written = rules.slot_of(
        {"start": "2026-12-07T01:00:00+00:00", "end": "2026-12-07T01:30:00Z"}
    )
    assert beijing.occurrences()[0].overlaps(utc_written.occurrences()[0])
    # 10:00 Beijing = 02:00 UTC: touching, so no clash.
    later = rules.slot_of(
        {"start": "2026-12-07T02:00:00+00:00", "end": "2026-12-07T03:00:00+00:00"}
    )
    assert not beijing.occurrences()[0].overlaps(later.occurrences()[0])
    # A naive time is taken as Beijing time.
    naive = rules.slot_of({"start": "2026-12-07T09:00", "end": "2026-12-07T10:00"})
    assert naive.occurrences() == beijing.occurrences()


def test_weekly_series_keeps_its_wall_clock_across_dst() -> None:
    # A New York meeting at 09:00 keeps 09:00 local when DST ends (1 Nov 2026): UTC shifts.
    ny = ZoneInfo("America/New_York")
    s = rules.slot_of(
        {
            "start": datetime(2026, 10, 26, 9, tzinfo=ny).isoformat(),
            "end": datetime(2026, 10, 26, 10, tzinfo=ny).isoformat(),
            "tz": "America/New_York",
            "recurrence": {"freq": "weekly", "count": 2},
        }
    )
    first, second = s.occurrences()
    assert second.start - first.start == 7 * 86400 + 3600
    assert datetime.fromtimestamp(second.start, ny).hour == 9


def test_weekly_interval_count_until_and_exceptions() -> None:
    s = slot(recurrence={"freq": "weekly", "interval": 2, "count": 4})
    starts = [datetime.fromtimestamp(o.start, BJ).date() for o in s.occurrences()]
    assert starts == [date(2026, 12, 7), date(2026, 12, 21), date(2027, 1, 4), date(2027, 1, 18)]
    until = slot(recurrence={"freq": "weekly", "until": "2026-12-21"})
    assert len(until.occurrences()) == 3  # 7, 14, 21 December (until is inclusive)
    skipped = slot(recurrence={"freq": "weekly", "count": 3}, exceptions=[at(14, 9).isoformat()])
    days = [datetime.fromtimestamp(o.start, BJ).day for o in skipped.occurrences()]
    assert days == [7, 21]  # as RFC 5545: COUNT makes the set, EXDATE takes one out


def test_monthly_series_skips_months_without_the_day() -> None:
    s = rules.slot_of(
        {
            "start": datetime(2027, 1, 31, 15, tzinfo=BJ).isoformat(),
            "end": datetime(2027, 1, 31, 16, tzinfo=BJ).isoformat(),
            "recurrence": {"freq": "monthly", "count": 4},
        }
    )
    months = [datetime.fromtimestamp(o.start, BJ).month for o in s.occurrences()]
    assert months == [1, 3, 5, 7]  # no 31 Feb, 31 Apr, 31 Jun


def test_open_series_is_bounded() -> None:
    s = slot(recurrence={"freq": "weekly"})
    occurrences = s.occurrences()
    assert 100 < len(occurrences) <= rules.MAX_OCCURRENCES
    assert occurrences[-1].start - occurrences[0].start <= rules.HORIZON.total_seconds()


def test_recurring_conflicts_find_the_first_clash() -> None:
    series = slot(recurrence={"freq": "weekly", "count": 10}).occurrences()
    taken = [booking(at(8, 9), at(8, 10)), booking(at(21, 9, 30), at(21, 11), "other")]
    clash = rules.first_conflict(series, taken)
    assert clash is not None
    assert clash[1].meeting_id == "other"
    assert clash[0] == one(at(21, 9), at(21, 10))
    # Back to back with every occurrence: no clash.
    edges = [booking(at(d, 10), at(d, 11)) for d in (7, 14, 21)]
    edges += [booking(at(d, 8), at(d, 9)) for d in (7, 14, 21)]
    assert rules.first_conflict(series, edges) is None
    # A long booking starting well before is still found.
    assert rules.first_conflict(series, [booking(at(13, 8), at(14, 9, 30))]) is not None


def test_this_and_following_split() -> None:
    data = {
        "start": at(7, 9).isoformat(),
        "end": at(7, 10).isoformat(),
        "recurrence": {"freq": "weekly", "count": 6},
        "exceptions": [
            at(14, 9).isoformat(),
            at(4, 9, month=1).isoformat().replace("2026", "2027"),
        ],
    }
    head, tail = rules.split_series(data, at(28, 9).isoformat())
    old = rules.slot_of({**data, **head}).occurrences()
    new = rules.slot_of({**data, **tail}).occurrences()
    assert [datetime.fromtimestamp(o.start, BJ).day for o in old] == [7, 21]
    assert [datetime.fromtimestamp(o.start, BJ).date() for o in new] == [
        date(2026, 12, 28),
        date(2027, 1, 11),
    ]  # 3 left of 6: 28 Dec, (4 Jan excepted), 11 Jan
    assert old + new == rules.slot_of(data).occurrences()
    with pytest.raises(UserError, match="不是该重复会议的一次"):
        rules.split_series(data, at(29, 9).isoformat())
    with pytest.raises(UserError, match="只有重复会议"):
        rules.split_series({"start": data["start"], "end": data["end"]}, at(7, 9))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"end": at(7, 8).isoformat()}, "结束时间必须晚于开始时间"),
        ({"end": at(7, 9).isoformat()}, "结束时间必须晚于开始时间"),
        ({"end": (at(7, 9) + timedelta(days=8)).isoformat()}, "不能超过 7 天"),
        ({"start": "明天上午"}, "开始时间格式不正确"),
        ({"tz": "Mars/Olympus"}, "未知的时区"),
        ({"recurrence": {"freq": "daily"}}, "每周或每月"),
        ({"recurrence": {"freq": "weekly", "interval": 0}}, "重复间隔"),
        ({"recurrence": {"freq": "weekly", "count": 9999}}, "重复次数"),
        ({"title": " "}, "请填写会议名称"),
        ({"kind": "茶话"}, "会议类型应为"),
        ({"room_id": None, "place": ""}, "请选择会议室"),
        ({"agenda": [{"title": ""}]}, "议程"),
    ],
)
def test_bad_input_is_refused_in_chinese(fields: dict[str, Any], message: str) -> None:
    data = {
        "title": "周例会",
        "start": at(7, 9).isoformat(),
        "end": at(7, 10).isoformat(),
        "room_id": "r1",
        **fields,
    }
    with pytest.raises(UserError, match=message):
        rules.check_fields(data)


def test_capacity_and_busy_attendees_are_warnings() -> None:
    warnings = rules.warnings_for(capacity=10, headcount=12, busy_people=[("王芳", "预算会")])
    assert warnings == ("参会人数 12 人，超过会议室容量 10 人", "王芳 在此时间已有会议“预算会”")
    assert rules.warnings_for(capacity=12, headcount=12, busy_people=[]) == ()


def test_conflict_reason_names_room_meeting_and_local_time() -> None:
    reason = rules.conflict_reason("第一会议室", "常务会", booking(at(7, 9), at(7, 10)))
    assert reason == "会议室“第一会议室”在 2026-12-07 09:00–10:00 已被“常务会”占用"
