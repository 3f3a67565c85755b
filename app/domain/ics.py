"""RFC 5545 (iCalendar) export of meetings: VCALENDAR with one VEVENT per meeting.

Times are written in UTC (``…Z``). A series is written as RRULE + EXDATE when the rule, read
in UTC as every calendar program reads it, yields exactly our occurrences; where it would not
(a wall clock kept across a DST change, a monthly day that falls on another date in UTC) the
occurrences are listed as RDATE instead, so no program shows a meeting at the wrong time.
Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.domain import meeting as rules

PRODID = "-//ZhengTong//ZhengTong Office//ZH"
STATUS = {
    rules.MeetingState.CONFIRMED: "CONFIRMED",
    rules.MeetingState.CANCELLED: "CANCELLED",
}


@dataclass(frozen=True, slots=True)
class Event:
    uid: str
    title: str
    slot: rules.Slot
    state: str
    location: str = ""
    description: str = ""


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> bytes:
    """One content line, folded so no physical line exceeds 75 octets (§3.1)."""
    out: list[bytes] = []
    current = b""
    limit = 75
    for ch in line:
        b = ch.encode()
        if len(current) + len(b) > limit:
            out.append(current)
            current = b" "
            limit = 75
        current += b
    out.append(current)
    return b"\r\n".join(out) + b"\r\n"


def _utc(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y%m%dT%H%M%SZ")


def _rrule(slot: rules.Slot) -> str | None:
    """The RRULE text when, read in UTC, it gives exactly the series' occurrences."""
    rule = slot.rule
    assert rule is not None
    parts = [f"FREQ={rule.freq.upper()}"]
    if rule.interval != 1:
        parts.append(f"INTERVAL={rule.interval}")
    until: int | None = None
    if rule.count is not None:
        parts.append(f"COUNT={rule.count}")
    elif rule.until is not None:
        last = datetime.combine(rule.until + timedelta(days=1), datetime.min.time())
        until = rules.epoch(last.replace(tzinfo=rules.zone(slot.tz))) - 1
        parts.append(f"UNTIL={_utc(until)}")
    as_utc = rules.Slot(
        None,
        slot.start.astimezone(UTC),
        slot.end.astimezone(UTC),
        "UTC",
        rules.Recurrence(rule.freq, rule.interval, None, rule.count),
    )
    theirs = [o for o in as_utc.occurrences(slot.start) if until is None or o.start <= until]
    ours = rules.Slot(None, slot.start, slot.end, slot.tz, rule).occurrences()
    if rule.until is None and rule.count is None:
        theirs = theirs[: len(ours)]  # both bounded the same way; the RRULE itself is open
    return ";".join(parts) if theirs == ours else None


def _event(e: Event, stamp: str) -> list[str]:
    occurrences = e.slot.occurrences()
    first = rules.Slot(None, e.slot.start, e.slot.end, e.slot.tz, e.slot.rule).occurrences()
    start = (
        first[0] if first else rules.Interval(rules.epoch(e.slot.start), rules.epoch(e.slot.end))
    )
    lines = [
        "BEGIN:VEVENT",
        f"UID:{e.uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_utc(start.start)}",
        f"DTEND:{_utc(start.end)}",
        f"SUMMARY:{escape(e.title)}",
    ]
    if e.location:
        lines.append(f"LOCATION:{escape(e.location)}")
    if e.description:
        lines.append(f"DESCRIPTION:{escape(e.description)}")
    lines.append(f"STATUS:{STATUS.get(rules.MeetingState(e.state), 'TENTATIVE')}")
    if e.slot.rule is not None:
        rrule = _rrule(e.slot)
        if rrule is not None:
            lines.append(f"RRULE:{rrule}")
            held = {o.start for o in occurrences}
            lines += [f"EXDATE:{_utc(o.start)}" for o in first if o.start not in held]
        else:
            lines += [f"RDATE:{_utc(o.start)}" for o in occurrences if o.start != start.start]
            if start.start not in {o.start for o in occurrences}:
                lines.append(f"EXDATE:{_utc(start.start)}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    events: Sequence[Event], *, name: str = "我的会议", now: datetime | None = None
) -> bytes:
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for e in events:
        lines += _event(e, stamp)
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)
