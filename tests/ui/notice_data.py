"""Notices and receipts for the 通知 UI tests, put in place as a sync leaves them
(``put_server_state``), and what the views queued, read back from the outbox."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.db import models as m
from app.db.engine import transaction
from app.domain.notice import receipt_id
from app.services.org import person_by_username
from app.sync.local import put_server_state
from app.sync.notice_types import new_receipt
from ui.context import AppContext
from ui.notices import NoticesView

FORM_FIELDS = [
    {"id": "f1", "label": "值班人员", "kind": "text", "options": [], "required": True},
    {"id": "f2", "label": "是否参加", "kind": "single", "options": ["参加", "不参加"]},
    {"id": "f3", "label": "参训人数", "kind": "number", "options": [], "required": False},
]


def now() -> datetime:
    return datetime.now(UTC)


def person(ctx: AppContext, username: str) -> tuple[str, str]:
    with ctx.profile.store()() as session:
        found = person_by_username(session, username=username)
    assert found is not None
    return found.id, found.unit_id


def as_user(ctx: AppContext, username: str) -> AppContext:
    with ctx.profile.store()() as session:
        user = person_by_username(session, username=username)
    assert user is not None
    return replace(ctx, user=user)


def unit_id(ctx: AppContext, name: str) -> str:
    with ctx.profile.store()() as session:
        found = session.scalar(select(m.Unit.id).where(m.Unit.name == name))
    assert found is not None
    return found


def receipt(nid: str, person: str, unit: str, sender: str, **marks: Any) -> tuple[Any, ...]:
    data = {**new_receipt(nid, person, unit, sender), **marks}
    return (receipt_id(nid, person), "notice_receipt", 1, False, data)


def received(
    ctx: AppContext,
    nid: str,
    title: str,
    *,
    urgency: str = "普通",
    hours_ago: float = 1,
    read: bool = False,
    form: bool = False,
    **more: Any,
) -> None:
    """A notice from 王建国 to this person's unit, with this person's receipt."""
    sender, _ = person(ctx, "wangjg")
    at = now() - timedelta(hours=hours_ago)
    data: dict[str, Any] = {
        "title": title,
        "body": f"{title}的正文。",
        "urgency": urgency,
        "sender_id": sender,
        "state": "published",
        "published_at": at.isoformat(),
        "recipient_unit_ids": [ctx.user.unit_id],
        "recipient_person_ids": [],
        **more,
    }
    if form:
        data["receipt"] = {
            "deadline": (now() + timedelta(days=2)).isoformat(),
            "fields": FORM_FIELDS,
        }
    marks = {"read_at": at.isoformat(), "delivered_at": at.isoformat()} if read else {}
    items = [
        (nid, "notice", 1, False, data),
        receipt(nid, ctx.user.id, ctx.user.unit_id, sender, **marks),
    ]
    with transaction(ctx.profile.store()) as session:
        put_server_state(session, items, 1)


def outbox(ctx: AppContext) -> list[tuple[str, str | None, str, dict[str, Any]]]:
    with ctx.profile.store()() as session:
        rows = session.execute(
            select(
                m.OutboxEntry.record_type,
                m.OutboxEntry.action,
                m.OutboxEntry.op,
                m.OutboxEntry.payload,
            ).order_by(m.OutboxEntry.mutation_id)
        ).all()
    return [(t, a, o, orjson.loads(p)) for t, a, o, p in rows if a != "deliver"]


def column(view: NoticesView, which: str, header: str) -> list[str]:
    model = view.model_of(which)
    col = model.column_of(header)
    return [model.index(r, col).data() for r in range(model.rowCount())]


def sent_notice(ctx: AppContext, *, form: bool = True) -> tuple[str, dict[str, str]]:
    """A notice this person sent to 东湖镇 and 西岭乡 (8 people): two read and answered, one
    read, one delivered, four not yet delivered. Returns its id and names -> person ids."""
    me = ctx.user.id
    units = [unit_id(ctx, "东湖镇人民政府"), unit_id(ctx, "西岭乡人民政府")]
    at = now() - timedelta(hours=5)
    data: dict[str, Any] = {
        "title": "关于做好汛期值班值守工作的通知",
        "body": "请严格值班。",
        "urgency": "紧急",
        "sender_id": me,
        "state": "published",
        "published_at": at.isoformat(),
        "recipient_unit_ids": units,
    }
    if form:
        data["receipt"] = {
            "deadline": (now() + timedelta(days=1)).isoformat(),
            "fields": FORM_FIELDS,
        }
    items: list[Any] = [("s1", "notice", 1, False, data)]
    with ctx.profile.store()() as session:
        people = session.execute(
            select(m.Person.name, m.Person.id, m.Person.unit_id)
            .where(m.Person.unit_id.in_(units))
            .order_by(m.Person.sort_order)
        ).all()
    assert len(people) == 8
    stamp = at.isoformat()
    for n, (name, pid, unit) in enumerate(people):
        marks: dict[str, Any] = {}
        if n < 4:
            marks["delivered_at"] = stamp
        if n < 3:
            marks["read_at"] = stamp
        if n < 2:
            marks["acked_at"] = stamp
            marks["answers"] = {"f1": name, "f2": "参加", "f3": 2}
        items.append(receipt("s1", pid, unit, me, **marks))
    with transaction(ctx.profile.store()) as session:
        put_server_state(session, items, 1)
    return "s1", {name: pid for name, pid, _ in people}


@pytest.fixture
def close_notice_windows() -> Iterator[None]:
    """Notice windows are top-level and non-modal: close what a test left open."""
    yield
    from ui.notice_compose import ComposeDialog
    from ui.notice_stats import NoticeStatsWindow
    from ui.notice_window import NoticeWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, NoticeWindow | NoticeStatsWindow | ComposeDialog):
            widget.close()
