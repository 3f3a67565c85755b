"""The 收文 办理单: every opinion on the document, in order, for the PDF (app/render/form.py).

Opinions are their own append-only records; 传阅 readers' marks and 催办 notes live on the
document. All of them go on the form, oldest first, so nothing written about the document is
left out of what is filed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import models as m
from app.domain import incoming
from app.sync.records import Data


def _moment(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _day(value: Any) -> date | None:
    moment = _moment(value)
    return moment.date() if moment else None


def form_data(session: Session, doc_id: str, data: Data) -> Any:
    from app.render.form import FormOpinion, ProcessingForm

    names = dict(session.execute(select(m.Person.id, m.Person.name)).all())
    entries: list[tuple[str, FormOpinion]] = []
    for o in session.scalars(select(m.Opinion).where(m.Opinion.record_id == doc_id)):
        at = _moment(o.created_at)
        entries.append(
            (
                o.created_at or "",
                FormOpinion(
                    o.role or "意见", names.get(o.author_id, ""), o.action or "", at, o.text
                ),
            )
        )
    for pid, reader in (data.get("readers") or {}).items():
        if reader.get("state") == incoming.READ:
            read_at = str(reader.get("read_at") or "")
            opinion = FormOpinion(
                "传阅", names.get(pid, ""), "已阅", _moment(read_at), reader.get("comment") or ""
            )
            entries.append((read_at, opinion))
    for urge in data.get("urges") or []:
        opinion = FormOpinion(
            "催办",
            names.get(urge.get("by"), ""),
            "催办",
            _moment(urge.get("at")),
            urge.get("text") or "",
        )
        entries.append((str(urge.get("at") or ""), opinion))
    entries.sort(key=lambda e: e[0])
    unit = session.get(m.Unit, data.get("unit_id") or "")
    return ProcessingForm(
        source_unit=data.get("from_unit") or "",
        doc_number=data.get("doc_number") or "",
        title=data.get("title") or "",
        received_date=_day(data.get("received_at")) or _day(data.get("received_date")),
        receipt_number=data.get("register_number") or "",
        classification=data.get("classification") or "",
        urgency=data.get("urgency") or "",
        copies=data.get("copies"),
        deadline=_day(data.get("deadline")),
        opinions=tuple(e[1] for e in entries),
        unit_name=unit.name if unit else "",
    )
