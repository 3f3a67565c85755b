"""Opinions (意见): each kept as its own append-only record, apart from the step it was given
with, so a step the server refuses never loses what was written."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.ids import new_id
from app.sync.local import write
from app.sync.protocol import Op
from app.sync.records import Actor


def add_opinion(
    session: Session, actor: Actor, *, record_type: str, record_id: str, text: str, **context: str
) -> None:
    """Queue ``text`` as ``actor``'s opinion on a record; ``context``: the step and role it was
    given at (``action``, ``role``), where the record has them."""
    write(
        session,
        actor=actor,
        type_name="opinion",
        record_id=new_id(),
        op=Op.CREATE,
        fields={"record_type": record_type, "record_id": record_id, "text": text, **context},
    )
