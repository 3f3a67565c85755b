"""ICS export (RFC 5545), validated by parsing it back with ``icalendar`` and expanding the
recurrences with dateutil as a calendar program would: the same instants as ours."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import Calendar

from app.domain import ics
from app.domain import meeting as rules

BJ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def event(uid: str, title: str, start: datetime, end: datetime, **kw: Any) -> ics.Event:
    slot_fields = {k: kw.pop(k) for k in ("recurrence", "exceptions", "tz") if k in kw}
    slot = rules.slot_of({"start": start.isoformat(), "end": end.isoformat(), **slot_fields})
    return ics.Event(uid=uid, title=title, slot=slot, state=kw.pop("state", "confirmed"), **kw)


def parse(raw: bytes) -> list[Any]:
    cal = Calendar.from_ical(raw)
    return list(cal.walk("VEVENT"))


def expand(vevent: Any) -> list[int]:
    """Every start the event describes (RRULE/RDATE minus EXDATE), in epoch seconds."""
    start = vevent.decoded("DTSTART")
    starts = {start}
    if "RRULE" in vevent:
        text = vevent["RRULE"].to_ical().decode()
        starts = set(rrulestr(text, dtstart=start))
    for key in ("RDATE",):
        values = vevent.get(key)
        for v in values if isinstance(values, list) else [values] if values else []:
            starts |= {d.dt for d in v.dts}
    values = vevent.get("EXDATE")
    for v in values if isinstance(values, list) else [values] if values else []:
        starts -= {d.dt for d in v.dts}
    return sorted(int(s.timestamp()) for s in starts)


def test_a_single_meeting_round_trips_with_escaping_and_folding() -> None:
    title = "关于做好2027年春节期间安全生产工作的专题会议；请各单位主要负责人参加，不得缺席\\代会"
    raw = ics.calendar(
        [
            event(
                "m1@zhengtong",
                title,
                datetime(2027, 1, 20, 9, tzinfo=BJ),
                datetime(2027, 1, 20, 11, 30, tzinfo=BJ),
                location="市政府大楼 3 楼,第一会议室",
                description="1. 通报情况\n2. 部署工作",
            )
        ],
        now=NOW,
    )
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\r\n " in raw  # the long Chinese summary was folded
    raw.decode("utf-8")  # folding never split a character
    (vevent,) = parse(raw)
    assert str(vevent["UID"]) == "m1@zhengtong"
    assert str(vevent["SUMMARY"]) == title
    assert str(vevent["LOCATION"]) == "市政府大楼 3 楼,第一会议室"
    assert str(vevent["DESCRIPTION"]) == "1. 通报情况\n2. 部署工作"
    assert vevent.decoded("DTSTART") == datetime(2027, 1, 20, 1, tzinfo=UTC)
    assert vevent.decoded("DTEND") == datetime(2027, 1, 20, 3, 30, tzinfo=UTC)
    assert vevent.decoded("DTSTAMP") == NOW
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert b"DTSTART:20270120T010000Z\r\n" in raw


def test_weekly_series_with_an_exception_is_rrule_and_exdate() -> None:
    e = event(
        "s1",
        "周例会",
        datetime(2027, 3, 1, 9, tzinfo=BJ),
        datetime(2027, 3, 1, 10, tzinfo=BJ),
        recurrence={"freq": "weekly", "interval": 2, "until": "2027-05-31"},
        exceptions=[datetime(2027, 3, 29, 9, tzinfo=BJ).isoformat()],
    )
    raw = ics.calendar([e], now=NOW)
    (vevent,) = parse(raw)
    assert "RRULE" in vevent and "RDATE" not in vevent
    assert vevent["RRULE"]["FREQ"] == ["WEEKLY"] and vevent["RRULE"]["INTERVAL"] == [2]
    assert b"EXDATE:20270329T010000Z\r\n" in raw
    assert expand(vevent) == [o.start for o in e.slot.occurrences()]
    assert len(expand(vevent)) == 6  # 1, 15, (29 off), 12 Apr, 26 Apr, 10 May, 24 May


def test_series_a_utc_rule_cannot_describe_is_listed_as_rdate() -> None:
    # 09:00 New York across the end of DST: a UTC RRULE would move it to 08:00.
    ny = ZoneInfo("America/New_York")
    dst = event(
        "s2",
        "跨时区会商",
        datetime(2026, 10, 19, 9, tzinfo=ny),
        datetime(2026, 10, 19, 10, tzinfo=ny),
        tz="America/New_York",
        recurrence={"freq": "weekly", "count": 4},
    )
    # 07:00 Beijing on the 31st is 23:00 UTC on the 30th: a UTC monthly rule drifts.
    monthly = event(
        "s3",
        "月度早会",
        datetime(2027, 1, 31, 7, tzinfo=BJ),
        datetime(2027, 1, 31, 8, tzinfo=BJ),
        recurrence={"freq": "monthly", "count": 5},
    )
    raw = ics.calendar([dst, monthly], now=NOW)
    for vevent, e in zip(parse(raw), (dst, monthly), strict=True):
        assert "RRULE" not in vevent
        assert expand(vevent) == [o.start for o in e.slot.occurrences()]
    assert [datetime.fromtimestamp(s, ny).hour for s in expand(parse(raw)[0])] == [9, 9, 9, 9]


def test_cancelled_and_provisional_status() -> None:
    start, end = datetime(2027, 2, 1, 9, tzinfo=BJ), datetime(2027, 2, 1, 10, tzinfo=BJ)
    raw = ics.calendar(
        [
            event("a", "甲", start, end, state="cancelled"),
            event("b", "乙", start, end, state="provisional"),
        ],
        now=NOW,
    )
    assert [str(v["STATUS"]) for v in parse(raw)] == ["CANCELLED", "TENTATIVE"]


def test_escape() -> None:
    assert ics.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
