"""公文 as the client handles them: drafts, paper registration, workflow steps, lists.

Every change goes through the sync outbox (app.sync.local.write) in the caller's transaction; the
server judges each step again with the same rules. A step taken offline is checked here first, so
a step this person may not take is refused at once with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, exists, or_, select
from sqlalchemy.orm import Session

from app.db import models as m
from app.domain import incoming, outgoing
from app.domain import workflow as wf
from app.domain.org import permissions_of
from app.errors import UserError
from app.ids import new_id
from app.services.actors import actor_of
from app.services.opinions import add_opinion
from app.sync.local import local_data, write
from app.sync.protocol import Op
from app.sync.records import Data

MACHINES = {"outdoc": outgoing.MACHINE, "indoc": incoming.MACHINE}
DIRECTIONS = {"out": "outdoc", "in": "indoc"}


def _type_of(session: Session, doc_id: str) -> str:
    direction = session.scalar(select(m.Document.direction).where(m.Document.id == doc_id))
    if direction is None:
        raise UserError("公文不存在或尚未同步到本机")
    return DIRECTIONS[direction]


def _create(
    session: Session, type_name: str, person_id: str, doc_id: str | None, fields: Data
) -> str:
    doc_id = doc_id or new_id()
    write(
        session,
        actor=actor_of(session, person_id),
        type_name=type_name,
        record_id=doc_id,
        op=Op.CREATE,
        fields=fields,
    )
    return doc_id


def create_draft(
    session: Session, *, person_id: str, doc_id: str | None = None, **fields: Any
) -> str:
    """A new 发文 draft (拟稿) by ``person_id``."""
    return _create(session, "outdoc", person_id, doc_id, fields)


def register_paper(
    session: Session, *, person_id: str, doc_id: str | None = None, **fields: Any
) -> str:
    """A paper 收文 entered by hand (登记 without exchange)."""
    return _create(session, "indoc", person_id, doc_id, fields)


def update_document(session: Session, *, person_id: str, doc_id: str, **fields: Any) -> None:
    write(
        session,
        actor=actor_of(session, person_id),
        type_name=_type_of(session, doc_id),
        record_id=doc_id,
        op=Op.UPDATE,
        fields=fields,
    )


def act(
    session: Session,
    *,
    person_id: str,
    doc_id: str,
    action: str,
    opinion: str = "",
    record_type: str | None = None,
    **args: Any,
) -> None:
    """One workflow step with its opinion (kept as its own append-only record, so a step the
    server refuses never loses what was written)."""
    type_name = record_type or _type_of(session, doc_id)
    actor = actor_of(session, person_id)
    data = local_data(session, type_name, doc_id)
    if data is None:
        raise UserError("公文不存在或尚未同步到本机")
    if type_name in MACHINES:
        MACHINES[type_name].check(
            action,
            data,
            keys=actor.keys,
            perms=permissions_of(actor.grants),
            person_id=actor.person_id,
            args=args,
        )
        label = MACHINES[type_name].transition(action).label
    else:
        label = action
    if opinion.strip():
        add_opinion(
            session,
            actor,
            record_type=type_name,
            record_id=doc_id,
            text=opinion.strip(),
            action=label,
            role=_role_label(actor.grants),
        )
    write(
        session,
        actor=actor,
        type_name=type_name,
        record_id=doc_id,
        op=Op.ACT,
        action=action,
        fields=args,
    )


def _role_label(grants: Any) -> str:
    return "、".join(dict.fromkeys(g.role.short_label for g in grants))


def sign_for(session: Session, *, person_id: str, exchange_id: str) -> None:
    """签收 an exchange copy: the server creates the 收文 at 待登记."""
    act(session, person_id=person_id, doc_id=exchange_id, action="sign_for", record_type="exchange")


def refuse(session: Session, *, person_id: str, exchange_id: str, reason: str) -> None:
    act(
        session,
        person_id=person_id,
        doc_id=exchange_id,
        action="refuse",
        record_type="exchange",
        reason=reason,
    )


@dataclass(frozen=True, slots=True)
class ActionChoice:
    action: str
    label: str
    needs_reason: bool
    needs_next: bool


def allowed_actions(session: Session, *, person_id: str, doc_id: str) -> list[ActionChoice]:
    """The buttons the document window shows: only transitions this person may take now."""
    type_name = _type_of(session, doc_id)
    data = local_data(session, type_name, doc_id) or {}
    actor = actor_of(session, person_id)
    return [
        ActionChoice(t.action, t.label, t.needs_reason, t.needs_next)
        for t in MACHINES[type_name].allowed(
            data, keys=actor.keys, perms=permissions_of(actor.grants), person_id=person_id
        )
    ]


# --- lists ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocRow:
    id: str
    direction: str
    state: str
    state_label: str
    doc_type: str
    title: str
    doc_number: str
    from_unit: str
    urgency: str
    deadline: str | None
    doc_date: str | None
    overdue: bool


LISTS = ("todo", "doing", "done", "all")  # 待办 / 在办 / 已办 / 全部


def list_documents(
    session: Session,
    *,
    person_id: str,
    direction: str,
    which: str = "todo",
    today: date | None = None,
    limit: int = 200,
    offset: int = 0,
    doc_type: str = "",
    text: str = "",
) -> list[DocRow]:
    """收文 or 发文 lists: 待办 (mine to act on), 在办 (I took part, still moving), 已办 (I acted),
    全部; newest first. Overdue: a 时限 passed while the document is still being handled.
    ``doc_type`` keeps one 文种; ``text`` a part of the title or 文号 (case-insensitive)."""
    if which not in LISTS:
        raise UserError("列表类型不正确")
    machine = MACHINES[DIRECTIONS[direction]]
    actor = actor_of(session, person_id)
    d, k = m.Document, m.DocumentKey
    query = select(d).where(d.direction == direction)
    mine = exists().where(k.doc_id == d.id, k.kind == "handler", k.key.in_(actor.keys))
    acted = exists().where(k.doc_id == d.id, k.kind == "actor", k.key == f"person:{person_id}")
    if which == "todo":
        query = query.where(mine)
    elif which == "doing":
        query = query.where(~mine, acted, d.state.not_in(machine.done))
    elif which == "done":
        query = query.where(acted)
    if doc_type:
        query = query.where(d.doc_type == doc_type)
    needle = text.strip()
    if needle:
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        number = case((d.doc_number == "", d.register_number), else_=d.doc_number)
        query = query.where(
            or_(d.title.like(pattern, escape="\\"), number.like(pattern, escape="\\"))
        )
    query = query.order_by(d.doc_date.desc().nulls_first(), d.id).limit(limit).offset(offset)
    day = (today or date.today()).isoformat()
    return [
        _row(r, machine, day, r.doc_number or r.register_number) for r in session.scalars(query)
    ]


def _row(r: m.Document, machine: wf.Machine, day: str, number: str) -> DocRow:
    return DocRow(
        r.id,
        r.direction,
        r.state,
        machine.label_of(r.state),
        r.doc_type,
        r.title,
        number,
        r.from_unit,
        r.urgency,
        r.deadline,
        r.doc_date,
        wf.is_overdue({"deadline": r.deadline, "state": r.state}, machine, day),
    )


MEETING = "meeting"  # the direction of a 纪要's 议定事项 in the 督办 list


def supervision_list(session: Session, *, today: date | None = None) -> list[DocRow]:
    """督办: every 收文 with a 时限 still being handled and every open 议定事项 of a 会议纪要
    (direction ``meeting``: the id is the item's, the number its meeting's title), most
    urgent first."""
    day = (today or date.today()).isoformat()
    machine = incoming.MACHINE
    d = m.Document
    rows = session.scalars(
        select(d)
        .where(d.direction == "in", d.deadline.is_not(None), d.state.not_in(machine.done))
        .order_by(d.deadline, d.id)
    )
    out = [_row(r, machine, day, r.register_number or r.doc_number) for r in rows]
    t = m.MeetingDecisionRow
    for r in session.scalars(select(t).where(t.state == "open")):
        out.append(
            DocRow(
                id=r.id,
                direction=MEETING,
                state=r.state,
                state_label="办理中",
                doc_type="会议纪要",
                title=r.item,
                doc_number=r.meeting_title,
                from_unit="",
                urgency="",
                deadline=r.deadline,
                doc_date=None,
                overdue=r.deadline < day,  # wf.is_overdue's rule: past and still open
            )
        )
    return sorted(out, key=lambda r: (r.deadline or "", r.id))


@dataclass(frozen=True, slots=True)
class OpinionEntry:
    author_id: str
    role: str
    action: str
    text: str
    created_at: str | None


def opinions_of(session: Session, doc_id: str) -> list[OpinionEntry]:
    """The opinions on a document, oldest first (unsynced ones, with no time yet, last)."""
    o = m.Opinion
    rows = session.execute(
        select(o.author_id, o.role, o.action, o.text, o.created_at)
        .where(o.record_id == doc_id)
        .order_by(o.created_at.is_(None), o.created_at, o.id)
    )
    return [
        OpinionEntry(a, role or "", action or "", text, at) for a, role, action, text, at in rows
    ]


def phrases_of(session: Session, *, person_id: str) -> list[str]:
    """This person's 常用意见, in their order."""
    rows = session.scalars(
        select(m.Phrase.text)
        .where(m.Phrase.owner_id == person_id)
        .order_by(m.Phrase.sort_order, m.Phrase.text)
    )
    return list(rows)


def pending_exchanges(session: Session, *, person_id: str) -> list[Data]:
    """Copies waiting for 签收 at units where this person is the 收发员. A copy already signed
    for or refused here, with the step not yet synced, is no longer waiting."""
    actor = actor_of(session, person_id)
    units = [k.split(":")[2] for k in actor.keys if k.startswith("role:clerk:")]
    e, o = m.Exchange, m.OutboxEntry
    queued = exists().where(o.record_id == e.id, o.acked_at.is_(None))
    rows = session.scalars(
        select(e)
        .where(e.to_unit_id.in_(units), e.status == "sent", ~queued)
        .order_by(e.sent_at.desc())
    )
    cols = ("id", "doc_id", "from_unit", "to_unit", "kind", "title", "doc_number", "urgency")
    return [{c: getattr(r, c) for c in (*cols, "sent_at")} for r in rows]


def document(session: Session, doc_id: str) -> Data:
    """The full record as this client has it (server state plus pending local edits)."""
    data = local_data(session, _type_of(session, doc_id), doc_id)
    if data is None:
        raise UserError("公文不存在或尚未同步到本机")
    return data
