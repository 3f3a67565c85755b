"""Notices (通知) as the client edits them: every change goes through the sync outbox.

Issue [4] builds the full module on these; the sync engine and its tests use them now.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.services.actors import actor_of
from app.sync.local import write
from app.sync.protocol import Op
from app.sync.records import Data


def create_notice(
    session: Session,
    *,
    person_id: str,
    title: str,
    body: str = "",
    urgency: str = "普通",
    recipient_unit_ids: list[str] | None = None,
    recipient_person_ids: list[str] | None = None,
    notice_id: str | None = None,
) -> str:
    notice_id = notice_id or str(uuid.uuid4())
    fields: Data = {
        "title": title.strip(),
        "body": body,
        "urgency": urgency,
        "recipient_unit_ids": list(recipient_unit_ids or []),
        "recipient_person_ids": list(recipient_person_ids or []),
    }
    actor = actor_of(session, person_id)
    write(
        session, actor=actor, type_name="notice", record_id=notice_id, op=Op.CREATE, fields=fields
    )
    return notice_id


def update_notice(session: Session, *, person_id: str, notice_id: str, **fields: object) -> None:
    actor = actor_of(session, person_id)
    write(
        session, actor=actor, type_name="notice", record_id=notice_id, op=Op.UPDATE, fields=fields
    )


def delete_notice(session: Session, *, person_id: str, notice_id: str) -> None:
    actor = actor_of(session, person_id)
    write(session, actor=actor, type_name="notice", record_id=notice_id, op=Op.DELETE)


def act_on_notice(
    session: Session, *, person_id: str, notice_id: str, action: str, opinion: str = ""
) -> None:
    """A workflow step (submit, approve, return, publish, withdraw); the server decides it.
    An opinion, when given, is kept as its own append-only record."""
    actor = actor_of(session, person_id)
    if opinion.strip():
        write(
            session,
            actor=actor,
            type_name="opinion",
            record_id=str(uuid.uuid4()),
            op=Op.CREATE,
            fields={"record_type": "notice", "record_id": notice_id, "text": opinion.strip()},
        )
    write(
        session,
        actor=actor,
        type_name="notice",
        record_id=notice_id,
        op=Op.ACT,
        action=action,
    )
