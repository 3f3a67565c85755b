"""会议 rules with no I/O: time slots, recurrence, the overlap rule, states and validation.

Times are stored as ISO datetimes with their offset and an IANA time zone name (the wall clock a
weekly meeting keeps); every comparison is made in UTC epoch seconds. One overlap rule serves the
server's booking decision, the client's preview and the calendar: [start, end) intervals, so a
meeting ending at 10:00 and one starting at 10:00 do not clash.
"""

from __future__ import annotations

import bisect
import calendar
import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain import receipt_form
from app.errors import UserError

DEFAULT_TZ = "Asia/Shanghai"
MAX_OCCURRENCES = 520  # a weekly meeting for ten years; bounds every expansion
HORIZON = timedelta(days=2 * 366)  # an open-ended series is booked this far ahead
MAX_DURATION = timedelta(days=7)  # one occurrence; lets the booking query bound its range scan
MAX_TITLE = 200

KINDS = ("常务会议", "专题会议", "工作会议", "培训", "其他")


class MeetingState(StrEnum):
    PROVISIONAL = "provisional"  # made here, the server has not decided yet
    CONFIRMED = "confirmed"
    REFUSED = "refused"
    PENDING = "pending"  # the room needs approval
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    MeetingState.PROVISIONAL: "待确认",
    MeetingState.CONFIRMED: "已确认",
    MeetingState.REFUSED: "未通过",
    MeetingState.PENDING: "待审批",
    MeetingState.CANCELLED: "已取消",
}


# --- time ----------------------------------------------------------------------------------


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(f"未知的时区：{name}") from None


def parse_time(value: Any, what: str = "时间") -> datetime:
    """An aware datetime from an ISO string or datetime; a naive one is taken as Beijing time."""
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            raise UserError(f"{what}格式不正确：{value}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone(DEFAULT_TZ))


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def utc_iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat()


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """[start, end) in UTC epoch seconds."""

    start: int
    end: int

    def overlaps(self, other: Interval) -> bool:
        return overlaps(self.start, self.end, other.start, other.end)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """The one overlap rule: half-open intervals, so touching ones do not overlap."""
    return a_start < b_end and b_start < a_end


# --- recurrence ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recurrence:
    freq: str  # "weekly" | "monthly" (same weekday / same day of the month as the first)
    interval: int = 1
    until: date | None = None  # last day an occurrence may start on (local date), inclusive
    count: int | None = None

    @classmethod
    def parse(cls, raw: Any) -> Recurrence | None:
        if raw in (None, {}, ""):
            return None
        if not isinstance(raw, dict):
            raise UserError("重复规则格式不正确")
        freq = raw.get("freq")
        if freq not in ("weekly", "monthly"):
            raise UserError("重复周期只能是每周或每月")
        interval = raw.get("interval", 1)
        if not isinstance(interval, int) or not 1 <= interval <= 12:
            raise UserError("重复间隔应为 1–12")
        count = raw.get("count")
        if count is not None and (not isinstance(count, int) or not 1 <= count <= MAX_OCCURRENCES):
            raise UserError(f"重复次数应为 1–{MAX_OCCURRENCES}")
        until = raw.get("until")
        try:
            until_day = date.fromisoformat(str(until)[:10]) if until else None
        except ValueError:
            raise UserError(f"重复截止日期格式不正确：{until}") from None
        return cls(freq, interval, until_day, count)

    def dump(self) -> dict[str, Any]:
        out: dict[str, Any] = {"freq": self.freq, "interval": self.interval}
        if self.until is not None:
            out["until"] = self.until.isoformat()
        if self.count is not None:
            out["count"] = self.count
        return out


def _add_months(day: date, months: int) -> date | None:
    """The same day ``months`` later, or None where that month is too short (31st, 29 Feb)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    if day.day > calendar.monthrange(year, month)[1]:
        return None
    return day.replace(year=year, month=month)


@dataclass(frozen=True, slots=True)
class Slot:
    """When and where a meeting is held: what the server books."""

    room_id: str | None
    start: datetime
    end: datetime
    tz: str
    rule: Recurrence | None = None
    exceptions: tuple[str, ...] = ()  # ISO starts of cancelled occurrences (EXDATE)

    def occurrences(self, horizon_from: datetime | None = None) -> list[Interval]:
        """Every occurrence in UTC, exceptions left out; an open series stops at HORIZON after
        ``horizon_from`` (default: its start) and at MAX_OCCURRENCES."""
        length = epoch(self.end) - epoch(self.start)
        skipped = {epoch(parse_time(x)) for x in self.exceptions}
        if self.rule is None:
            s0 = epoch(self.start)
            return [] if s0 in skipped else [Interval(s0, s0 + length)]
        tz = zone(self.tz)
        local = self.start.astimezone(tz)
        stop = (horizon_from or self.start) + HORIZON
        out: list[Interval] = []
        n = 0
        for i in range(MAX_OCCURRENCES * 5):  # monthly skips short months
            if self.rule.freq == "weekly":
                day: date | None = local.date() + timedelta(weeks=i * self.rule.interval)
            else:
                day = _add_months(local.date(), i * self.rule.interval)
            if day is None:
                continue
            begin = datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=tz)
            if self.rule.until is not None and day > self.rule.until:
                break
            if begin > stop or n >= MAX_OCCURRENCES:
                break
            n += 1
            if self.rule.count is not None and n > self.rule.count:
                break
            s = epoch(begin)
            if s not in skipped:
                out.append(Interval(s, s + length))
        return out

    def dump(self) -> dict[str, Any]:
        return {
            "room_id": self.room_id,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "tz": self.tz,
            "recurrence": self.rule.dump() if self.rule else None,
            "exceptions": list(self.exceptions),
        }


def slot_of(data: dict[str, Any]) -> Slot:
    """The slot a meeting's fields (or a stored ``booked`` snapshot) describe; validated."""
    if not data.get("start") or not data.get("end"):
        raise UserError("请填写会议的开始和结束时间")
    start = parse_time(data["start"], "开始时间")
    end = parse_time(data["end"], "结束时间")
    if end <= start:
        raise UserError("结束时间必须晚于开始时间")
    if end - start > MAX_DURATION:
        raise UserError("单次会议时长不能超过 7 天")
    tz = str(data.get("tz") or DEFAULT_TZ)
    zone(tz)
    exceptions = data.get("exceptions") or []
    if not isinstance(exceptions, list):
        raise UserError("例外日期格式不正确")
    for x in exceptions:
        parse_time(x, "例外日期")
    room = data.get("room_id") or None
    return Slot(
        str(room) if room else None,
        start,
        end,
        tz,
        Recurrence.parse(data.get("recurrence")),
        tuple(str(x) for x in exceptions),
    )


def split_series(
    data: dict[str, Any], occurrence_start: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """ "This and following": the series' fields ending before ``occurrence_start`` and the new
    series' slot fields starting there (same length, rule and remaining count)."""
    slot = slot_of(data)
    if slot.rule is None:
        raise UserError("只有重复会议可以修改“此次及以后”")
    at = epoch(parse_time(occurrence_start, "拆分日期"))
    starts = [o.start for o in Slot(None, slot.start, slot.end, slot.tz, slot.rule).occurrences()]
    if at not in starts or at == starts[0]:
        raise UserError("所选日期不是该重复会议的一次（首次请直接修改整个系列）")
    index = starts.index(at)
    tz = zone(slot.tz)
    first = datetime.fromtimestamp(at, UTC).astimezone(tz)
    before = first.date() - timedelta(days=1)
    old_rule = Recurrence(slot.rule.freq, slot.rule.interval, before, None)
    remaining = slot.rule.count - index if slot.rule.count is not None else None
    new_rule = Recurrence(slot.rule.freq, slot.rule.interval, slot.rule.until, remaining)
    length = slot.end - slot.start
    keep = [x for x in slot.exceptions if epoch(parse_time(x)) < at]
    moved = [x for x in slot.exceptions if epoch(parse_time(x)) >= at]
    head = {"recurrence": old_rule.dump(), "exceptions": keep}
    tail = {
        "start": first.isoformat(),
        "end": (first + length).isoformat(),
        "tz": slot.tz,
        "recurrence": new_rule.dump(),
        "exceptions": moved,
    }
    return head, tail


# --- conflicts -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Booking:
    """An occurrence of a confirmed meeting holding a room."""

    meeting_id: str
    start: int
    end: int


def first_conflict(
    occurrences: Sequence[Interval], bookings: Iterable[Booking]
) -> tuple[Interval, Booking] | None:
    """The earliest (occurrence, booking) pair that overlaps, by a sweep over sorted starts."""
    taken = sorted(bookings, key=lambda b: b.start)
    starts = [b.start for b in taken]
    longest = max((b.end - b.start for b in taken), default=0)
    for occ in sorted(occurrences):
        # Only bookings starting before occ.end, and not longer ago than the longest booking.
        hi = bisect.bisect_left(starts, occ.end)
        lo = bisect.bisect_left(starts, occ.start - longest)
        for b in taken[lo:hi]:
            if overlaps(occ.start, occ.end, b.start, b.end):
                return occ, b
    return None


def span(occurrences: Sequence[Interval]) -> Interval | None:
    if not occurrences:
        return None
    return Interval(min(o.start for o in occurrences), max(o.end for o in occurrences))


def fmt_local(seconds: int, tz: str = DEFAULT_TZ) -> str:
    return datetime.fromtimestamp(seconds, UTC).astimezone(zone(tz)).strftime("%Y-%m-%d %H:%M")


def conflict_reason(room_name: str, title: str, booking: Booking, tz: str = DEFAULT_TZ) -> str:
    when = f"{fmt_local(booking.start, tz)}–{fmt_local(booking.end, tz)[11:]}"
    return f"会议室“{room_name}”在 {when} 已被“{title}”占用"


# --- validation ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Check:
    """What the person booking is told: errors stop the booking, warnings do not."""

    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def check_fields(data: dict[str, Any]) -> None:
    """Shape of the client-writable fields (both sides, before anything is stored)."""
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise UserError("请填写会议名称")
    if len(title) > MAX_TITLE:
        raise UserError(f"会议名称不能超过 {MAX_TITLE} 字")
    kind = data.get("kind")
    if kind not in (None, "") and kind not in KINDS:
        raise UserError(f"会议类型应为：{'、'.join(KINDS)}")
    for key, what in (
        ("attendee_person_ids", "参会人员"),
        ("attendee_unit_ids", "参会单位"),
        ("observer_ids", "列席人员"),
    ):
        value = data.get(key)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(x, str) and x for x in value)
        ):
            raise UserError(f"{what}格式不正确")
    agenda = data.get("agenda")
    if agenda is not None:
        if not isinstance(agenda, list) or not all(
            isinstance(a, dict) and str(a.get("title") or "").strip() for a in agenda
        ):
            raise UserError("议程每一项都需要填写议题")
    if data.get("start") or data.get("end"):
        slot_of(data)
    if not data.get("room_id") and not str(data.get("place") or "").strip() and data.get("start"):
        raise UserError("请选择会议室，或填写会议地点/视频会议链接")


def warnings_for(
    *,
    capacity: int | None,
    headcount: int,
    busy_people: Sequence[tuple[str, str]],
) -> tuple[str, ...]:
    """Over capacity and attendees already in another meeting then: warnings, not errors.
    ``busy_people``: (name, title of the other meeting)."""
    out: list[str] = []
    if capacity and headcount > capacity:
        out.append(f"参会人数 {headcount} 人，超过会议室容量 {capacity} 人")
    for name, title in busy_people:
        out.append(f"{name} 在此时间已有会议“{title}”")
    return tuple(out)


# --- 参会回执, 签到, 议定事项 ------------------------------------------------------------------

REPLY_RULE = "meeting_reply"
ATTEND, LEAVE, DELEGATE = "参加", "请假", "委派他人参会"
REPLY_CHOICES = (ATTEND, LEAVE, DELEGATE)
# field ids of the 会议回执 form (a [4] 回执 form with the rule below)
REPLY_FIELD, REASON_FIELD, DELEGATE_FIELD = "attend", "reason", "delegate"


def reply_form(deadline: str) -> dict[str, Any]:
    """The 回执 form a 会议通知 carries (app/domain/receipt_form.py shape)."""
    return {
        "deadline": deadline,
        "rule": REPLY_RULE,
        "fields": [
            {
                "id": REPLY_FIELD,
                "label": "参会情况",
                "kind": "single",
                "options": list(REPLY_CHOICES),
                "required": True,
            },
            {"id": REASON_FIELD, "label": "请假理由", "kind": "text"},
            {"id": DELEGATE_FIELD, "label": "委派参会人", "kind": "person"},
        ],
    }


def check_reply(answers: Mapping[str, Any], person_id: str | None) -> None:
    """请假 needs a reason; 委派 needs a delegate who is someone else."""
    choice = answers.get(REPLY_FIELD)
    if choice == LEAVE and not str(answers.get(REASON_FIELD) or "").strip():
        raise UserError("请假请填写理由")
    if choice == DELEGATE:
        delegate = answers.get(DELEGATE_FIELD)
        if not delegate:
            raise UserError("委派他人参会请选择参会人")
        if person_id is not None and delegate == person_id:
            raise UserError("不能委派本人参会，请选择其他人员或选择“参加”")


receipt_form.RULES[REPLY_RULE] = check_reply

CODE_DIGITS = 6


def attendance_code(meeting_id: str, person_id: str) -> str:
    """The attendee's 签到码: six digits derived from (meeting, person), so the organizer's laptop
    can check it offline and the attendee sees the same code in the meeting view."""
    digest = hashlib.sha256(f"zt-signin:{meeting_id}:{person_id}".encode()).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 10**CODE_DIGITS:0{CODE_DIGITS}d}"


def attendance_id(meeting_id: str, person_id: str) -> str:
    """One 签到 record per (meeting, person), whoever makes it and however often."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"zt:meeting_attendance:{meeting_id}:{person_id}"))


def occurrence_at(slot: Slot, moment: datetime) -> Interval | None:
    """The occurrence a sign-in at ``moment`` belongs to: the one under way, or the next one
    starting within 12 hours, else the most recent one before; None for no occurrence."""
    at = epoch(moment)
    occurrences = slot.occurrences()
    for o in occurrences:
        if o.start - 12 * 3600 <= at < o.end:
            return o
    before = [o for o in occurrences if o.start <= at]
    return before[-1] if before else (occurrences[0] if occurrences else None)


def is_late(slot: Slot, signed_at: datetime) -> bool:
    """Late: signed in after the start of the occurrence it belongs to."""
    o = occurrence_at(slot, signed_at)
    return o is not None and epoch(signed_at) > o.start


MAX_DECISIONS = 100


def check_decisions(items: Any) -> list[dict[str, Any]]:
    """议定事项: [{id, item, owner_id, deadline}] — each with the matter, an owner and a 时限."""
    if not isinstance(items, list) or len(items) > MAX_DECISIONS:
        raise UserError(f"议定事项格式不正确（最多 {MAX_DECISIONS} 项）")
    out = []
    for n, raw in enumerate(items, 1):
        if not isinstance(raw, Mapping):
            raise UserError("议定事项格式不正确")
        text = str(raw.get("item") or "").strip()
        if not text or len(text) > 1000:
            raise UserError(f"第 {n} 项议定事项请填写内容（不超过 1000 字）")
        owner = raw.get("owner_id")
        if not isinstance(owner, str) or not owner:
            raise UserError(f"第 {n} 项议定事项请指定责任人")
        try:
            deadline = date.fromisoformat(str(raw.get("deadline") or "")[:10]).isoformat()
        except ValueError:
            raise UserError(f"第 {n} 项议定事项请填写办结时限") from None
        rid = raw.get("id")
        if not isinstance(rid, str) or not rid:
            raise UserError("议定事项缺少编号")
        out.append({"id": rid, "item": text, "owner_id": owner, "deadline": deadline})
    return out
