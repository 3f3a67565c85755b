"""Read-side 公文 queries for the list pages: the 拟稿 form's choices, the 督办 rows with their
主办 and days left, and search results as rows with a snippet of the matched body.

All run on the database worker thread and return plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import models as m
from app.domain.document import CLASSIFICATION_LEVELS
from app.search import DocQuery, search_documents, snippet
from app.search.text import SNIPPET_CHARS
from app.services.actors import CEILING_KEY
from app.services.documents import DIRECTIONS, MEETING, DocRow, supervision_list
from app.services.workbench import get_meta
from app.sync.local import local_data
from app.sync.scoping import agency_in


@dataclass(frozen=True, slots=True)
class AgencyChoice:
    id: str
    parent_id: str | None  # the nearest 机关 above (None at the top)
    name: str


@dataclass(frozen=True, slots=True)
class FormChoices:
    """What the 拟稿 and 登记 forms offer: the 密级 this deployment carries, the 机关 that can
    be 主送/抄送 (分发 sends to 机关 only), and the writer's 机关代字 for a default 发文代字."""

    levels: tuple[str, ...]  # "" (非密) first, up to the ceiling
    agencies: tuple[AgencyChoice, ...]
    code_prefix: str


def form_choices(session: Session, *, person_id: str) -> FormChoices:
    ceiling = get_meta(session, CEILING_KEY) or "内部"
    top = CLASSIFICATION_LEVELS.get(ceiling, 1)
    levels = tuple(k for k, rank in CLASSIFICATION_LEVELS.items() if rank <= top)
    units = session.execute(
        select(m.Unit.id, m.Unit.parent_id, m.Unit.name, m.Unit.kind, m.Unit.code_prefix).order_by(
            m.Unit.sort_order, m.Unit.name
        )
    ).all()
    tree = {u.id: (u.parent_id, u.kind) for u in units}
    agencies = tuple(
        AgencyChoice(u.id, agency_in(u.parent_id, tree), u.name)
        for u in units
        if u.kind == "agency"
    )
    person = session.get(m.Person, person_id)
    own = agency_in(person.unit_id if person else None, tree)
    code = next((u.code_prefix or "" for u in units if u.id == own), "")
    return FormChoices(levels, agencies, code)


# --- 督办 ------------------------------------------------------------------------------------

_RECORD_TYPE = {MEETING: "meeting_decision"}


@dataclass(frozen=True, slots=True)
class SupervisedRow:
    doc: DocRow
    days_left: int  # negative: overdue by that many days
    host: str  # 主办's name ("" before 批办 names one)
    urges: int  # 催办 so far


def supervision_rows(session: Session, *, today: date | None = None) -> list[SupervisedRow]:
    """The 督办 list (every 收文 with a 时限 still being handled), most urgent first, with the
    主办 and the 催办 recorded on each (kept in the full record, not the list row)."""
    day = today or date.today()
    rows = supervision_list(session, today=day)
    # A 议定事项's 主办 is its owner (责任人); it has no 催办 of its own.
    records = {
        r.id: local_data(
            session, _RECORD_TYPE.get(r.direction, DIRECTIONS.get(r.direction, "")), r.id
        )
        or {}
        for r in rows
    }
    for data in records.values():
        if "owner_id" in data:
            data["host"] = data["owner_id"]
    hosts = {str(d.get("host")) for d in records.values() if d.get("host")}
    people = select(m.Person.id, m.Person.name).where(m.Person.id.in_(hosts))
    names: dict[str, str] = dict(session.execute(people).all())
    out = []
    for r in rows:
        data = records[r.id]
        assert r.deadline is not None  # supervision_list keeps only rows with a 时限
        left = (date.fromisoformat(r.deadline[:10]) - day).days
        host = names.get(str(data.get("host")), "") if data.get("host") else ""
        out.append(SupervisedRow(r, left, host, len(data.get("urges") or [])))
    return out


# --- 公文检索 ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    direction: str
    title: str
    doc_number: str
    from_unit: str
    doc_date: str | None
    snippet: str


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: list[SearchHit]
    total: int | None  # None: not counted (there may be more)
    more: bool  # another page may follow


def search_rows(
    session: Session,
    query: DocQuery,
    *,
    limit: int = 50,
    offset: int = 0,
    snippet_width: int = SNIPPET_CHARS,
) -> SearchResult:
    """One page of ``search_documents`` as list rows, newest first; the snippet shows about
    ``snippet_width`` characters of the body around the first full-text match (or the body's
    start when the match was elsewhere)."""
    page = search_documents(session, query, limit=limit, offset=offset)
    d = m.Document
    found = {r.id: r for r in session.scalars(select(d).where(d.id.in_(page.ids)))}
    hits = []
    for doc_id in page.ids:
        r = found.get(doc_id)
        if r is None:  # indexed but no longer held here: skip rather than show an empty row
            continue
        body = str((local_data(session, DIRECTIONS[r.direction], doc_id) or {}).get("body") or "")
        hits.append(
            SearchHit(
                r.id,
                r.direction,
                r.title,
                r.doc_number or r.register_number,
                r.from_unit,
                r.doc_date,
                snippet(body, query.text, width=snippet_width) if body else "",
            )
        )
    shown = offset + len(page.ids)
    more = len(page.ids) == limit and (page.total is None or page.total > shown)
    return SearchResult(hits, page.total, more)
