"""What the notice views read besides the inbox and the statistics (app/services/notice_queries.py):
the choices the compose dialog offers, the sender's lists with steps still waiting for a sync, and
the notices waiting for a leader's review.

Queries only, on the database worker; plain data back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.db import models as m
from app.domain import notice as rules
from app.domain.org import Permission, permissions_of
from app.errors import PermissionDeniedError, UserError
from app.services.actors import actor_of
from app.services.doc_queries import form_choices
from app.services.notice_queries import GroupRow, SentRow, drafts, groups, sent
from app.sync.notice_local import LocalLookup


@dataclass(frozen=True, slots=True)
class UnitChoice:
    id: str
    parent_id: str | None  # the nearest unit above that is offered too (None: a root here)
    name: str
    kind: str  # agency | department


@dataclass(frozen=True, slots=True)
class ComposeChoices:
    levels: tuple[str, ...]  # 密级 this deployment carries: "" (非密) first
    units: tuple[UnitChoice, ...]  # those this sender may address, parents before children
    groups: tuple[GroupRow, ...]  # the sender's 常用分组
    may_publish: bool  # 发送通知 permission: publish, else 提交审核


def _reachable(session: Session, person_id: str) -> list[m.Unit]:
    """The units ``person_id`` may address, by the one rule client and server share."""
    actor = actor_of(session, person_id)
    lookup = LocalLookup(session)
    units = session.scalars(select(m.Unit).order_by(m.Unit.sort_order, m.Unit.name)).all()
    out = []
    for unit in units:
        try:
            rules.check_recipients(actor, [unit.id], [], lookup)
        except (PermissionDeniedError, UserError):
            continue
        out.append(unit)
    return out


def compose_choices(session: Session, *, person_id: str) -> ComposeChoices:
    units = _reachable(session, person_id)
    offered = {u.id for u in units}
    by_id = {u.id: u for u in session.scalars(select(m.Unit))}

    def shown_parent(unit: m.Unit) -> str | None:
        # A unit whose parent is out of reach hangs at the top of the tree.
        parent = unit.parent_id
        while parent is not None and parent not in offered:
            above = by_id.get(parent)
            parent = above.parent_id if above else None
        return parent

    actor = actor_of(session, person_id)
    return ComposeChoices(
        levels=form_choices(session, person_id=person_id).levels,
        units=tuple(UnitChoice(u.id, shown_parent(u), u.name, u.kind) for u in units),
        groups=tuple(groups(session, person_id=person_id)),
        may_publish=Permission.SEND_NOTICE in permissions_of(actor.grants),
    )


@dataclass(frozen=True, slots=True)
class ReviewRow:
    id: str
    title: str
    urgency: str
    sender_name: str
    sender_unit: str


def review_list(session: Session, *, person_id: str) -> list[ReviewRow]:
    """Notices submitted for review (待审核) that this leader may approve or return: what the
    server sent them by their 机关's reviewer scope, never their own."""
    actor = actor_of(session, person_id)
    if Permission.SIGN_ISSUE not in permissions_of(actor.grants):
        return []
    sender = aliased(m.Person)
    rows = session.execute(
        select(m.Notice.id, m.Notice.title, m.Notice.urgency, sender.name, m.Unit.name)
        .outerjoin(sender, sender.id == m.Notice.sender_id)
        .outerjoin(m.Unit, m.Unit.id == sender.unit_id)
        .where(m.Notice.state == rules.NoticeState.PENDING, m.Notice.sender_id != person_id)
        .order_by(m.Notice.title)
    )
    return [ReviewRow(i, t, u or "普通", s or "", n or "") for i, t, u, s, n in rows]


# A 发布 or 提交审核 queued here is decided by the server at the next sync; until then the notice
# is still a draft locally. The sender sees it among what they sent, marked as waiting.
QUEUED_LABELS = {"publish": "待同步发布", "submit": "待同步提交", "withdraw": "待同步撤回"}


def queued_steps(session: Session, *, notice_ids: list[str] | None = None) -> dict[str, str]:
    """notice id -> the latest of its steps in ``QUEUED_LABELS`` not yet confirmed by the server."""
    stmt = (
        select(m.OutboxEntry.record_id, m.OutboxEntry.action)
        .where(
            m.OutboxEntry.record_type == "notice",
            m.OutboxEntry.acked_at.is_(None),
            m.OutboxEntry.action.in_(list(QUEUED_LABELS)),
        )
        .order_by(m.OutboxEntry.mutation_id)
    )
    if notice_ids is not None:
        stmt = stmt.where(m.OutboxEntry.record_id.in_(notice_ids))
    return {rid: str(action) for rid, action in session.execute(stmt)}


def sent_list(session: Session, *, person_id: str, text: str = "") -> list[SentRow]:
    """我发出的: what the server has (newest first), after the drafts whose 发布 or 提交 waits
    for the next sync; a queued 撤回 shows on its row."""
    queued = queued_steps(session)
    waiting = [
        replace(row, state_label=QUEUED_LABELS[queued[row.id]])
        for row in drafts(session, person_id=person_id, text=text)
        if row.id in queued
    ]
    rows = [
        replace(row, state_label=QUEUED_LABELS["withdraw"])
        if queued.get(row.id) == "withdraw" and row.state == rules.NoticeState.PUBLISHED
        else row
        for row in sent(session, person_id=person_id, text=text)
    ]
    return waiting + rows


def draft_list(session: Session, *, person_id: str, text: str = "") -> list[SentRow]:
    """草稿: drafts with no 发布 or 提交 on its way."""
    queued = queued_steps(session)
    return [r for r in drafts(session, person_id=person_id, text=text) if r.id not in queued]
