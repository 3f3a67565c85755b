"""参会回执 and 签到: who replied what to the 会议通知, and who came.

Replies are the [4] notice's receipts (answers checked by the meeting reply rule on both sides);
``reply_summary`` reads them as this client holds them. 签到 is queued as the meeting's
``sign_in`` action by the organizer or 会议管理员, on a laptop that may be offline: the record is
built here by the same function the server runs (app/sync/meeting_types.py) and shown at once,
with the laptop's time, which the server keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import models as m
from app.domain import meeting as rules
from app.errors import PermissionDeniedError, UserError
from app.services.actors import actor_of
from app.services.meeting_notice import meeting_data
from app.services.meetings import queue_step
from app.sync.local import adapter, shadows_of
from app.sync.meeting_types import expected_people, may_manage, sign_in_record
from app.sync.notice_local import LocalLookup
from app.sync.records import Data

NO_REPLY = "未回复"


@dataclass(frozen=True, slots=True)
class Reply:
    person_id: str
    name: str
    choice: str  # 参加 / 请假 / 委派他人参会 / 未回复
    reason: str = ""
    delegate_id: str = ""
    delegate_name: str = ""


@dataclass(frozen=True, slots=True)
class ReplySummary:
    attend: list[Reply]
    leave: list[Reply]
    delegate: list[Reply]
    none: list[Reply]  # 未回复

    @property
    def counts(self) -> dict[str, int]:
        return {
            rules.ATTEND: len(self.attend),
            rules.LEAVE: len(self.leave),
            rules.DELEGATE: len(self.delegate),
            NO_REPLY: len(self.none),
        }


def _names(session: Session, ids: set[str]) -> dict[str, str]:
    rows = session.execute(select(m.Person.id, m.Person.name).where(m.Person.id.in_(ids)))
    return {str(i): str(n) for i, n in rows}


def _replies(session: Session, data: Data) -> dict[str, Data]:
    """person -> the answers of their 回执 to the meeting's notice (only those sent)."""
    if not data.get("notice_id"):
        return {}
    r = m.NoticeReceipt
    rows = session.execute(
        select(r.person_id, r.answers).where(
            r.notice_id == data["notice_id"], r.acked_at.is_not(None)
        )
    )
    return {str(p): orjson.loads(a or "{}") for p, a in rows}


def reply_summary(session: Session, *, meeting_id: str) -> ReplySummary:
    """参加 / 请假 / 委派 / 未回复 of everyone the 会议通知 asked (attendees and 列席), with the
    reasons and delegates' names, in the meeting's order of people."""
    data = meeting_data(session, meeting_id)
    lookup = LocalLookup(session)
    people = list(
        dict.fromkeys(expected_people(data, lookup) + list(data.get("observer_ids") or []))
    )
    answers = _replies(session, data)
    delegates = {str(a.get(rules.DELEGATE_FIELD)) for a in answers.values() if a.get("delegate")}
    names = _names(session, set(people) | delegates)
    out: dict[str, list[Reply]] = {c: [] for c in (*rules.REPLY_CHOICES, NO_REPLY)}
    for p in people:
        a = answers.get(p) or {}
        choice = str(a.get(rules.REPLY_FIELD) or NO_REPLY)
        delegate = str(a.get(rules.DELEGATE_FIELD) or "") if choice == rules.DELEGATE else ""
        reason = str(a.get(rules.REASON_FIELD) or "") if choice == rules.LEAVE else ""
        reply = Reply(p, names.get(p, ""), choice, reason, delegate, names.get(delegate, ""))
        out.setdefault(choice, []).append(reply)
    return ReplySummary(out[rules.ATTEND], out[rules.LEAVE], out[rules.DELEGATE], out[NO_REPLY])


def remind_unreplied(session: Session, *, person_id: str, meeting_id: str) -> int:
    """一键催办 those who have not sent their 参会回执 (the notice's 未回执); how many."""
    from app.services.notices import remind_notice

    data = meeting_data(session, meeting_id)
    if not data.get("notice_id"):
        raise UserError("尚未发送会议通知")
    return remind_notice(
        session, person_id=person_id, notice_id=str(data["notice_id"]), only="unacked"
    )


# --- 签到 ---------------------------------------------------------------------------------------


def _check_operator(session: Session, person_id: str, data: Data) -> None:
    actor = actor_of(session, person_id)
    if actor.person_id != data.get("organizer_id") and not may_manage(actor):
        raise PermissionDeniedError("只有会议组织者或会议管理员可以办理签到")


def sign_in(
    session: Session,
    *,
    person_id: str,
    meeting_id: str,
    attendee_id: str,
    signed_at: datetime | None = None,
    method: str = "tick",
    code: str | None = None,
    for_person_id: str | None = None,
) -> Data:
    """签到 ``attendee_id`` (an attendee, 列席, or a delegate named in a 回执, who is signed in
    for the one who delegated them — ``for_person_id`` names that attendee on a laptop that does
    not hold the 回执) at ``signed_at`` (now, by this laptop's clock). Shown here at once and
    queued for the server; a second sign-in of the same person keeps the first. The record's
    fields (late or not, for whom)."""
    data = meeting_data(session, meeting_id)
    _check_operator(session, person_id, data)
    moment = (signed_at or datetime.now(UTC)).astimezone(UTC)
    args: Data = {"person_id": attendee_id, "signed_at": moment.isoformat(), "method": method}
    if code is not None:
        args["code"] = code
    if for_person_id:
        args["for_person_id"] = for_person_id
    rid, fields = sign_in_record(meeting_id, data, args, LocalLookup(session))
    held = _signed(session, meeting_id).get(str(fields["person_id"]))
    if held is not None:
        return {**fields, "signed_at": held.signed_at, "late": held.late}
    queue_step(session, person_id=person_id, meeting_id=meeting_id, action="sign_in", args=args)
    adapter("meeting_attendance").upsert(session, [(rid, fields)])
    return fields


def sign_in_by_code(
    session: Session,
    *,
    person_id: str,
    meeting_id: str,
    code: str,
    signed_at: datetime | None = None,
) -> Data:
    """签到 by the 6-digit code an attendee shows (their meeting view has it)."""
    data = meeting_data(session, meeting_id)
    code = code.strip()
    people = expected_people(data, LocalLookup(session)) + list(data.get("observer_ids") or [])
    match = [p for p in people if rules.attendance_code(meeting_id, p) == code]
    if len(code) != rules.CODE_DIGITS or not code.isdigit() or not match:
        raise UserError("签到码不正确，请核对后重新输入")
    return sign_in(
        session,
        person_id=person_id,
        meeting_id=meeting_id,
        attendee_id=match[0],
        signed_at=signed_at,
        method="code",
        code=code,
    )


def my_attendance_code(session: Session, *, person_id: str, meeting_id: str) -> str:
    """The 签到码 an attendee (or 列席) shows at the venue."""
    data = meeting_data(session, meeting_id)
    people = expected_people(data, LocalLookup(session)) + list(data.get("observer_ids") or [])
    if person_id not in people:
        raise UserError("您不在此会议的参会名单中")
    return rules.attendance_code(meeting_id, person_id)


@dataclass(frozen=True, slots=True)
class Attendee:
    person_id: str
    name: str
    signed_at: datetime | None = None
    late: bool = False
    delegate_name: str = ""  # who came in their place
    leave: bool = False  # absent with a 请假 回执
    reason: str = ""


@dataclass(frozen=True, slots=True)
class AttendanceStats:
    expected: int
    present: list[Attendee]  # signed in (themselves or by their delegate), by time
    late: list[Attendee]
    absent: list[Attendee]  # not signed in; ``leave`` marks those who asked leave
    observers: list[Attendee]  # 列席 who signed in


def _signed(session: Session, meeting_id: str) -> dict[str, m.MeetingAttendanceRow]:
    """attendee -> their 签到 row: those the server confirmed, and — while sign-ins made here
    are still on their way — those shown at once. A sign-in the server refused (its row never
    confirmed) drops out once nothing is pending."""
    a = m.MeetingAttendanceRow
    rows = list(session.scalars(select(a).where(a.meeting_id == meeting_id)))
    o = m.OutboxEntry
    pending = session.scalar(
        select(o.mutation_id)
        .where(o.record_id == meeting_id, o.action == "sign_in", o.acked_at.is_(None))
        .limit(1)
    )
    if pending is None:
        confirmed = shadows_of(session, [r.id for r in rows])
        rows = [r for r in rows if confirmed[r.id] is not None]
    return {r.person_id: r for r in rows}


def attendance_stats(session: Session, *, meeting_id: str) -> AttendanceStats:
    """出席 / 迟到 / 缺席 (请假 marked) of the attendees, and the 列席 present."""
    data = meeting_data(session, meeting_id)
    expected = expected_people(data, LocalLookup(session))
    observers = [p for p in data.get("observer_ids") or () if p not in expected]
    signed = _signed(session, meeting_id)
    answers = _replies(session, data)
    ids = set(expected) | set(observers) | {r.delegate_id for r in signed.values() if r.delegate_id}
    names = _names(session, ids)

    def row(p: str) -> Attendee:
        r = signed.get(p)
        if r is None:
            reply = answers.get(p) or {}
            leave = reply.get(rules.REPLY_FIELD) == rules.LEAVE
            reason = str(reply.get(rules.REASON_FIELD) or "") if leave else ""
            return Attendee(p, names.get(p, ""), leave=leave, reason=reason)
        at = rules.parse_time(r.signed_at)
        delegate = names.get(r.delegate_id, "") if r.delegate_id else ""
        return Attendee(p, names.get(p, ""), at, r.late, delegate)

    rows = [row(p) for p in expected]
    present = sorted((x for x in rows if x.signed_at), key=lambda x: x.signed_at or 0)
    return AttendanceStats(
        expected=len(expected),
        present=present,
        late=[x for x in present if x.late],
        absent=[x for x in rows if x.signed_at is None],
        observers=[row(p) for p in observers if p in signed],
    )
