"""The client's side of notice receipts: 送达 queued when a receipt of this profile's person
arrives, and this client's own 阅读/回执 shown at once until the server has them.

Hooked into app/sync/local.py's adapters (``notice`` and ``notice_receipt``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session

from app.db import models as m
from app.domain.receipt_form import parse_moment
from app.sync.members import unit_members
from app.sync.protocol import Op
from app.sync.records import Data, Lookup

NOTICE_PERSON_KEY = "notices.person_id"


def notice_row(data: Data) -> dict[str, Any]:
    if "receipt" not in data:
        return {}
    form = data["receipt"]
    deadline = form.get("deadline") if isinstance(form, dict) else None
    return {"deadline": parse_moment(deadline, "回执截止时间")}


def notice_person(session: Session) -> str | None:
    """The person whose receipts this profile marks 已送达: the signed-in user (remembered at
    the last server login; kept here too, as a login without 记住登录 clears that)."""
    from app.services.login import REMEMBERED_KEY
    from app.services.workbench import get_meta, set_meta

    username = get_meta(session, REMEMBERED_KEY)
    found = (
        session.scalar(select(m.Person.id).where(m.Person.username == username))
        if username
        else None
    )
    if found is None:
        return get_meta(session, NOTICE_PERSON_KEY)
    if get_meta(session, NOTICE_PERSON_KEY) != found:
        set_meta(session, NOTICE_PERSON_KEY, found)
    return str(found)


def mark_receipt(session: Session, rid: str, action: str, answers: Any, at: datetime) -> None:
    """Show a 送达/阅读/回执 on the local receipt at once, before the server confirms it (the
    server's record replaces it when the action comes back)."""
    r = m.NoticeReceipt.__table__
    assert isinstance(r, Table)
    values: dict[str, Any] = {"delivered_at": func.coalesce(r.c.delivered_at, at)}
    if action in ("read", "ack"):
        values["read_at"] = func.coalesce(r.c.read_at, at)
    if action == "ack":
        values["acked_at"] = func.coalesce(r.c.acked_at, at)  # the server's time once known
        values["answers"] = orjson.dumps(answers or {}).decode()
    session.execute(update(r).where(r.c.id == rid).values(**values))


def receipts_after(session: Session, items: list[tuple[str, Data]]) -> None:
    """A receipt of this profile's person arrived: queue 送达 once; and where a 阅读 or 回执 made
    here is still on its way, keep showing it over the older server copy."""
    me = notice_person(session)
    mine = [(rid, data) for rid, data in items if me is not None and data.get("person_id") == me]
    if not mine:
        return
    ids = [rid for rid, _ in mine]
    pending: dict[str, list[tuple[str, str, datetime]]] = {}
    for rid, action, payload, created in session.execute(
        select(
            m.OutboxEntry.record_id,
            m.OutboxEntry.action,
            m.OutboxEntry.payload,
            m.OutboxEntry.created_at,
        )
        .where(
            m.OutboxEntry.record_id.in_(ids),
            m.OutboxEntry.record_type == "notice_receipt",
            m.OutboxEntry.acked_at.is_(None),
        )
        .order_by(m.OutboxEntry.mutation_id)
    ):
        pending.setdefault(rid, []).append((str(action), payload, created))
    for rid, data in mine:
        marks = pending.get(rid)
        if marks:
            for action, payload, created in marks:
                answers = orjson.loads(payload).get("answers")
                mark_receipt(session, rid, action, answers, created)
        elif not data.get("delivered_at"):
            # Written directly (not through ``write``): the receipt's shadow is stored after
            # this hook, and no local rule applies to 送达.
            session.add(
                m.OutboxEntry(
                    record_type="notice_receipt", record_id=rid, op=Op.ACT.value, action="deliver"
                )
            )
    session.flush()


class LocalLookup(Lookup):
    """Units and people from the local address book, other records as this client holds them:
    the client's checks (who may be addressed, who a notice reaches) before anything is queued."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, record_id: str) -> Data | None:
        unit = self.session.get(m.Unit, record_id)
        if unit is not None:
            return {
                "parent_id": unit.parent_id,
                "name": unit.name,
                "level": unit.level,
                "kind": unit.kind,
                "code_prefix": unit.code_prefix,
            }
        person = self.session.get(m.Person, record_id)
        if person is not None:
            roles = self.session.execute(
                select(m.PersonRole.role, m.PersonRole.unit_id).where(
                    m.PersonRole.person_id == record_id
                )
            )
            return {
                "unit_id": person.unit_id,
                "username": person.username,
                "name": person.name,
                "active": person.active,
                "roles": [{"role": r, "unit_id": u} for r, u in roles],
            }
        from app.sync.local import local_data  # (local.py imports this module)

        return local_data(self.session, "", record_id)

    def members(self, unit_ids: list[str]) -> list[tuple[str, str]]:
        return unit_members(self.session, unit_ids)
