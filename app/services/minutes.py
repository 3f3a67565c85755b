"""会议纪要: the draft prefilled from 签到 and 回执, the saved 纪要 with its 议定事项, each of
which becomes a 督办 item (a ``meeting_decision`` record, listed with the 收文 in the same
督办 list: app/services/documents.py supervision_list), and the 纪要 as a renderer spec.

The 纪要 is a field of the meeting (organizer or 会议管理员 edit it); saving queues the
meeting's ``decide`` action, which writes the 议定事项 records on the server — the same
function (app/sync/meeting_types.py decision_records) shows them here at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db import models as m
from app.domain import meeting as rules
from app.errors import UserError
from app.ids import new_id
from app.services import meetings as ms
from app.services.actors import actor_of
from app.services.meeting_attendance import attendance_stats, reply_summary
from app.services.meeting_notice import issuer_of, meeting_data, when_text, where_text
from app.sync.local import adapter, local_data, write
from app.sync.meeting_types import DONE, OPEN, decision_records
from app.sync.notice_local import LocalLookup
from app.sync.protocol import Op


@dataclass(frozen=True, slots=True)
class MinutesDraft:
    title: str
    text: str
    attendees: list[str]  # 出席
    absent: list[str]  # 请假
    observers: list[str]  # 列席
    missing: list[str] = field(default_factory=list)  # absent without a 请假 回执 (for the editor)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    saved_at: str | None = None


def _prefill(
    session: Session, meeting_id: str
) -> tuple[list[str], list[str], list[str], list[str]]:
    """(出席, 请假, 列席, 缺席) from 签到 when anyone signed in, else from the 回执."""
    stats = attendance_stats(session, meeting_id=meeting_id)
    if stats.present or stats.observers:
        present = [
            f"{a.delegate_name}（代{a.name}）" if a.delegate_name else a.name for a in stats.present
        ]
        leave = [a.name for a in stats.absent if a.leave]
        missing = [a.name for a in stats.absent if not a.leave]
        return present, leave, [a.name for a in stats.observers], missing
    replies = reply_summary(session, meeting_id=meeting_id)
    data = meeting_data(session, meeting_id)
    observer_ids = set(data.get("observer_ids") or ())
    present = [r.name for r in replies.attend if r.person_id not in observer_ids]
    present += [f"{r.delegate_name}（代{r.name}）" for r in replies.delegate]
    observers = [r.name for r in replies.attend if r.person_id in observer_ids]
    return present, [r.name for r in replies.leave], observers, []


def minutes_draft(session: Session, meeting_id: str) -> MinutesDraft:
    """The 纪要 editor's content: what was saved, else a draft whose 出席 / 请假 / 列席 come
    from 签到 (or the 回执 before anyone signed in)."""
    data = meeting_data(session, meeting_id)
    saved = data.get("minutes") or {}
    present, leave, observers, missing = _prefill(session, meeting_id)
    title = f"{data.get('title')}纪要"
    if saved:
        return MinutesDraft(
            title,
            str(saved.get("text") or ""),
            list(saved.get("attendees") or present),
            list(saved.get("absent") or leave),
            list(saved.get("observers") or observers),
            missing,
            list(saved.get("decisions") or []),
            saved.get("saved_at"),
        )
    place = where_text(session, data)
    text = f"{when_text(data)}，在{place}召开{data.get('title')}。"
    return MinutesDraft(title, text, present, leave, observers, missing)


def save_minutes(
    session: Session,
    *,
    person_id: str,
    meeting_id: str,
    text: str,
    decisions: Sequence[dict[str, Any]] = (),
    attendees: Sequence[str] | None = None,
    absent: Sequence[str] | None = None,
    observers: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Save the 纪要 and turn its 议定事项 ({item, owner_id, deadline}, an ``id`` kept from an
    earlier save) into 督办 items. Checked first — content, each item's owner and 时限 — and
    refused in Chinese with nothing stored. The items as saved (with their ids)."""
    if not text.strip():
        raise UserError("纪要正文不能为空")
    data = meeting_data(session, meeting_id)
    if data.get("state") in (rules.MeetingState.CANCELLED, rules.MeetingState.REFUSED):
        raise UserError("会议已取消或未通过预订，不能保存纪要")
    items = rules.check_decisions([{"id": new_id(), **d} for d in decisions])
    owners = {d["owner_id"] for d in items}
    known = set(session.scalars(select(m.Person.id).where(m.Person.id.in_(owners))))
    if owners - known:
        raise UserError("议定事项的责任人不在通讯录中")
    draft = minutes_draft(session, meeting_id)
    minutes = {
        "text": text.strip(),
        "decisions": items,
        "attendees": list(attendees if attendees is not None else draft.attendees),
        "absent": list(absent if absent is not None else draft.absent),
        "observers": list(observers if observers is not None else draft.observers),
        "saved_at": datetime.now(UTC).isoformat(),
    }
    ms.update_meeting(session, person_id=person_id, meeting_id=meeting_id, minutes=minutes)
    ms.queue_step(session, person_id=person_id, meeting_id=meeting_id, action="decide")
    # Shown in the 督办 list here at once (the server's records replace these rows).
    merged = {**data, "minutes": minutes}
    written = decision_records(meeting_id, merged, LocalLookup(session))
    adapter("meeting_decision").upsert(session, written)
    return items


def finish_decision(session: Session, *, person_id: str, decision_id: str, note: str = "") -> None:
    """办结 a 议定事项 (its owner or the meeting's organizer); it leaves the 督办 list."""
    current = local_data(session, "meeting_decision", decision_id)
    if current is None:
        raise UserError("议定事项不存在或尚未同步到本机")
    if person_id not in (current.get("owner_id"), current.get("organizer_id")):
        raise UserError("只有责任人或会议组织者可以办结此事项")
    if current.get("state") != OPEN:
        raise UserError("此事项已办结或已撤销")
    write(
        session,
        actor=actor_of(session, person_id),
        type_name="meeting_decision",
        record_id=decision_id,
        op=Op.ACT,
        action="finish",
        fields={"note": note.strip()} if note.strip() else None,
    )
    t = m.MeetingDecisionRow
    session.execute(update(t).where(t.id == decision_id).values(state=DONE))


def minutes_spec(session: Session, meeting_id: str) -> dict[str, Any]:
    """The 纪要 as the renderer's input (docs/render.md, ``minutes`` layout)."""
    data = meeting_data(session, meeting_id)
    draft = minutes_draft(session, meeting_id)
    names = dict(session.execute(select(m.Person.id, m.Person.name)).all())
    body = [line for line in draft.text.splitlines() if line.strip()]
    if draft.decisions:
        body.append("会议议定事项如下：")
    for n, d in enumerate(draft.decisions, 1):
        deadline = date.fromisoformat(str(d["deadline"]))
        owner = names.get(d["owner_id"], "")
        body.append(
            f"{n}. {d['item']}（责任人：{owner}，"
            f"{deadline.year}年{deadline.month}月{deadline.day}日前完成）"
        )
    issuer = issuer_of(session, data)
    day = rules.slot_of(data).start.astimezone(rules.zone(data.get("tz"))).date().isoformat()
    return {
        "layout": "minutes",
        "issuers": [issuer] if issuer else [],
        "title": draft.title,
        "body": body,
        "date": day,
        "attendees": draft.attendees,
        "absent": draft.absent,
        "observers": draft.observers,
    }
