"""What the notice views read: the inbox, the sender's lists, one notice in full, the sender's
statistics, the 回执 export and the saved groups. All run on the database worker thread and
return plain data.

Statistics come from this client's copy of the receipts (the server sends a sender every receipt
of their notices, and each change to one), so they are exact as of the last sync and cost one
grouped query however many recipients there are.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.db import models as m
from app.domain import notice as rules
from app.domain import receipt_form
from app.domain.receipt_form import FormField, ReceiptForm
from app.errors import UserError
from app.sync import attachments
from app.sync.attachments import Attachment
from app.sync.local import local_data

Receipt, Notice, Person, Unit = m.NoticeReceipt, m.Notice, m.Person, m.Unit


def _naive_utc(moment: datetime) -> datetime:
    # The local store keeps times as naive UTC text; compare in that form.
    return moment.astimezone(UTC).replace(tzinfo=None)


def _aware(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=UTC)


# --- the inbox --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoticeRow:
    id: str
    title: str
    urgency: str  # 普通 | 紧急 | 特急
    state: str  # published | withdrawn
    sender_name: str
    sender_unit: str
    published_at: datetime | None  # aware, UTC
    expires_at: datetime | None
    deadline: datetime | None  # 回执截止
    read: bool
    acked: bool
    needs_ack: bool  # a 回执 is asked and not sent yet (and still possible)
    withdrawn: bool
    withdraw_reason: str | None
    pinned: bool  # 特急 and unread (until it expires)
    expired: bool
    attachments: int


INBOX_WHICH = ("all", "unread")


def _like(text: str) -> str:
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def inbox(
    session: Session,
    *,
    person_id: str,
    which: str = "all",
    text: str = "",
    limit: int | None = None,
    offset: int = 0,
    now: datetime | None = None,
) -> list[NoticeRow]:
    """The notices ``person_id`` received: 特急 still unread pinned on top, then the unread,
    then the rest, newest first in each. ``which="unread"``: the unread only. ``text`` matches
    the title, the body or the sender's name. Withdrawn ones stay, marked with the reason."""
    if which not in INBOX_WHICH:
        raise UserError("通知列表只能显示全部或未读")
    at = _naive_utc(now or datetime.now(UTC))
    sender = aliased(Person)
    live = and_(
        Notice.state == "published", or_(Notice.expires_at.is_(None), Notice.expires_at > at)
    )
    unread = and_(live, Receipt.read_at.is_(None))
    pinned = and_(unread, Notice.urgency == "特急")
    stmt = (
        select(
            Notice,
            Receipt.read_at,
            Receipt.acked_at,
            sender.name,
            Unit.name,
            case((pinned, 1), else_=0).label("pinned"),
            case((unread, 1), else_=0).label("unread"),
        )
        .join(Receipt, and_(Receipt.notice_id == Notice.id, Receipt.person_id == person_id))
        .outerjoin(sender, sender.id == Notice.sender_id)
        .outerjoin(Unit, Unit.id == sender.unit_id)
        .where(Notice.state.in_(("published", "withdrawn")))
        .order_by(
            case((pinned, 1), else_=0).desc(),
            case((unread, 1), else_=0).desc(),
            Notice.published_at.desc(),
            Notice.id,
        )
        .offset(offset)
    )
    if which == "unread":
        stmt = stmt.where(unread)
    if text.strip():
        pattern = _like(text)
        stmt = stmt.where(
            or_(
                Notice.title.like(pattern, escape="\\"),
                Notice.body.like(pattern, escape="\\"),
                sender.name.like(pattern, escape="\\"),
            )
        )
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = []
    for n, read_at, acked_at, sender_name, unit_name, pin, _unread in session.execute(stmt):
        expired = n.expires_at is not None and n.expires_at <= at
        open_form = n.receipt is not None and n.state == "published" and not expired
        rows.append(
            NoticeRow(
                id=n.id,
                title=n.title,
                urgency=n.urgency,
                state=n.state,
                sender_name=sender_name or "",
                sender_unit=unit_name or "",
                published_at=_aware(n.published_at),
                expires_at=_aware(n.expires_at),
                deadline=_aware(n.deadline),
                read=read_at is not None,
                acked=acked_at is not None,
                needs_ack=open_form
                and acked_at is None
                and (n.deadline is None or n.deadline > at),
                withdrawn=n.state == "withdrawn",
                withdraw_reason=n.withdraw_reason,
                pinned=bool(pin),
                expired=expired,
                attachments=len(orjson.loads(n.attachments or "[]")),
            )
        )
    return rows


def unread_count(session: Session, *, person_id: str, now: datetime | None = None) -> int:
    """Published, not withdrawn, not expired, and not yet opened by ``person_id``."""
    at = _naive_utc(now or datetime.now(UTC))
    return int(
        session.scalar(
            select(func.count())
            .select_from(Receipt)
            .join(Notice, Notice.id == Receipt.notice_id)
            .where(
                Receipt.person_id == person_id,
                Receipt.read_at.is_(None),
                Notice.state == "published",
                or_(Notice.expires_at.is_(None), Notice.expires_at > at),
            )
        )
        or 0
    )


# --- the sender's lists -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentRow:
    id: str
    title: str
    urgency: str
    state: str
    state_label: str  # 草稿 / 待审核 / 定时待发 / 已发布 / 已撤回
    published_at: datetime | None
    publish_at: datetime | None  # 定时发布
    total: int
    delivered: int
    read: int
    acked: int
    needs_ack: bool  # a 回执 form is attached


def _sent(session: Session, person_id: str, states: Sequence[str], text: str) -> list[SentRow]:
    counts = (
        select(
            Receipt.notice_id.label("nid"),
            func.count().label("total"),
            func.count(Receipt.delivered_at).label("delivered"),
            func.count(Receipt.read_at).label("read"),
            func.count(Receipt.acked_at).label("acked"),
        )
        .group_by(Receipt.notice_id)
        .subquery()
    )
    stmt = (
        select(Notice, counts.c.total, counts.c.delivered, counts.c.read, counts.c.acked)
        .outerjoin(counts, counts.c.nid == Notice.id)
        .where(Notice.sender_id == person_id, Notice.state.in_(list(states)))
        .order_by(func.coalesce(Notice.published_at, Notice.publish_at).desc(), Notice.title)
    )
    if text.strip():
        stmt = stmt.where(Notice.title.like(_like(text), escape="\\"))
    return [
        SentRow(
            id=n.id,
            title=n.title,
            urgency=n.urgency,
            state=n.state,
            state_label=rules.NoticeState(n.state).label,
            published_at=_aware(n.published_at),
            publish_at=_aware(n.publish_at),
            total=total or 0,
            delivered=delivered or 0,
            read=read or 0,
            acked=acked or 0,
            needs_ack=n.receipt is not None,
        )
        for n, total, delivered, read, acked in session.execute(stmt)
    ]


def sent(session: Session, *, person_id: str, text: str = "") -> list[SentRow]:
    """What ``person_id`` sent or submitted (待审核, 定时待发, 已发布, 已撤回), newest first."""
    return _sent(session, person_id, ("pending", "scheduled", "published", "withdrawn"), text)


def drafts(session: Session, *, person_id: str, text: str = "") -> list[SentRow]:
    return _sent(session, person_id, ("draft",), text)


# --- one notice -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MyReceipt:
    delivered_at: datetime | None
    read_at: datetime | None
    acked_at: datetime | None
    answers: dict[str, Any]
    reminded_at: datetime | None
    reminders: int


@dataclass(frozen=True, slots=True)
class NoticeDetail:
    id: str
    title: str
    body: str
    body_html: str  # sanitized basic rich text ("" when the notice is plain text)
    urgency: str
    classification: str
    state: str
    state_label: str
    sender_id: str
    sender_name: str
    sender_unit: str
    published_at: datetime | None
    publish_at: datetime | None
    expires_at: datetime | None
    expired: bool
    attachments: list[Attachment]
    form: ReceiptForm | None
    unit_ids: list[str]
    person_ids: list[str]
    group_ids: list[str]
    recipients: list[str]  # names: units first, then people
    withdraw_reason: str | None
    mine: MyReceipt | None  # this person's receipt, when they are a recipient
    ack_refusal: str | None  # why a 回执 cannot be sent now (None: it can)
    is_sender: bool
    sms: dict[str, Any] | None  # {sent, failed, errors} of an urgent notice's SMS
    reminders: list[dict[str, Any]]  # each 催办: {at, by, only, count}


def _names(session: Session, model: type[m.Unit] | type[m.Person], ids: list[str]) -> list[str]:
    if not ids:
        return []
    found = dict(session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())
    return [found.get(i, "（未同步）") for i in ids]


def _receipt_of(session: Session, notice_id: str, person_id: str) -> MyReceipt | None:
    r = session.get(Receipt, rules.receipt_id(notice_id, person_id))
    if r is None:
        return None
    return MyReceipt(
        _aware(r.delivered_at),
        _aware(r.read_at),
        _aware(r.acked_at),
        orjson.loads(r.answers or "{}"),
        _aware(r.reminded_at),
        r.reminders,
    )


def notice_detail(
    session: Session, *, notice_id: str, person_id: str, now: datetime | None = None
) -> NoticeDetail:
    """Everything the notice window shows, as ``person_id`` sees it."""
    data = local_data(session, "notice", notice_id)
    if data is None:
        raise UserError("通知不存在或尚未同步到本机")
    at = (now or datetime.now(UTC)).astimezone(UTC)
    sender = session.get(Person, str(data.get("sender_id")))
    unit = session.get(Unit, sender.unit_id) if sender else None
    mine = _receipt_of(session, notice_id, person_id)
    refusal: str | None = None
    try:
        rules.check_ack(data, at)
        if mine is None:
            refusal = "您不是此通知的接收人"
    except UserError as exc:
        refusal = str(exc)
    units = list(data.get("recipient_unit_ids") or [])
    people = list(data.get("recipient_person_ids") or [])
    return NoticeDetail(
        id=notice_id,
        title=str(data.get("title") or ""),
        body=str(data.get("body") or ""),
        body_html=str(data.get("body_html") or ""),
        urgency=str(data.get("urgency") or "普通"),
        classification=str(data.get("classification") or ""),
        state=str(data.get("state") or "draft"),
        state_label=rules.NoticeState(data.get("state") or "draft").label,
        sender_id=str(data.get("sender_id") or ""),
        sender_name=sender.name if sender else "",
        sender_unit=unit.name if unit else "",
        published_at=receipt_form.parse_moment(data.get("published_at"), "发布时间"),
        publish_at=receipt_form.parse_moment(data.get("publish_at"), "定时发布时间"),
        expires_at=receipt_form.parse_moment(data.get("expires_at"), "有效期"),
        expired=rules.expired(data, at),
        attachments=attachments.parse(data.get("attachments")),
        form=receipt_form.parse_form(data.get("receipt")),
        unit_ids=units,
        person_ids=people,
        group_ids=list(data.get("recipient_group_ids") or []),
        recipients=_names(session, Unit, units) + _names(session, Person, people),
        withdraw_reason=data.get("withdraw_reason"),
        mine=mine,
        ack_refusal=refusal,
        is_sender=data.get("sender_id") == person_id,
        sms=data.get("sms"),
        reminders=list(data.get("reminders") or []),
    )


# --- the sender's statistics ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitStats:
    unit_id: str
    unit_name: str
    total: int
    delivered: int
    read: int
    acked: int


@dataclass(frozen=True, slots=True)
class PersonRef:
    person_id: str
    name: str
    unit_name: str
    reminders: int  # 催办 received so far


@dataclass(frozen=True, slots=True)
class NoticeStats:
    total: int
    delivered: int
    read: int
    acked: int
    by_unit: list[UnitStats]
    unread_people: list[PersonRef]
    unacked_people: list[PersonRef]  # empty when no 回执 is asked
    has_form: bool


def _people_where(session: Session, notice_id: str, missing: Any) -> list[PersonRef]:
    stmt = (
        select(Receipt.person_id, Person.name, Unit.name, Receipt.reminders)
        .outerjoin(Person, Person.id == Receipt.person_id)
        .outerjoin(Unit, Unit.id == Receipt.unit_id)
        .where(Receipt.notice_id == notice_id, missing.is_(None))
        .order_by(Unit.sort_order, Unit.name, Person.sort_order, Person.name)
    )
    return [
        PersonRef(pid, name or "（未同步）", unit or "", reminders or 0)
        for pid, name, unit, reminders in session.execute(stmt)
    ]


def stats(session: Session, *, notice_id: str) -> NoticeStats:
    """Counts per unit (one grouped query) and who has not read / not sent their 回执."""
    rows = session.execute(
        select(
            Receipt.unit_id,
            Unit.name,
            func.count(),
            func.count(Receipt.delivered_at),
            func.count(Receipt.read_at),
            func.count(Receipt.acked_at),
        )
        .outerjoin(Unit, Unit.id == Receipt.unit_id)
        .where(Receipt.notice_id == notice_id)
        .group_by(Receipt.unit_id, Unit.name, Unit.sort_order)
        .order_by(Unit.sort_order, Unit.name)
    ).all()
    by_unit = [UnitStats(u or "", name or "（未同步）", t, d, r, a) for u, name, t, d, r, a in rows]
    has_form = session.scalar(select(Notice.receipt).where(Notice.id == notice_id)) is not None
    return NoticeStats(
        total=sum(u.total for u in by_unit),
        delivered=sum(u.delivered for u in by_unit),
        read=sum(u.read for u in by_unit),
        acked=sum(u.acked for u in by_unit),
        by_unit=by_unit,
        unread_people=_people_where(session, notice_id, Receipt.read_at),
        unacked_people=_people_where(session, notice_id, Receipt.acked_at) if has_form else [],
        has_form=has_form,
    )


# --- 回执 export --------------------------------------------------------------------------------

EXPORT_HEAD = ("单位", "姓名", "状态", "时间")


def _local_text(value: datetime | None) -> str:
    return (
        "" if value is None else value.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    )


def answer_rows(session: Session, *, notice_id: str) -> tuple[list[str], list[list[str]]]:
    """The 回执 table: a header (单位, 姓名, 状态, 时间, then one column per form field) and one
    row per recipient, by unit and name."""
    data = local_data(session, "notice", notice_id)
    if data is None:
        raise UserError("通知不存在或尚未同步到本机")
    form = receipt_form.parse_form(data.get("receipt"))
    fields: Sequence[FormField] = form.fields if form else ()
    stmt = (
        select(Receipt, Person.name, Unit.name)
        .outerjoin(Person, Person.id == Receipt.person_id)
        .outerjoin(Unit, Unit.id == Receipt.unit_id)
        .where(Receipt.notice_id == notice_id)
        .order_by(Unit.sort_order, Unit.name, Person.sort_order, Person.name)
    )
    out: list[list[str]] = []
    for r, name, unit in session.execute(stmt):
        if r.acked_at is not None:
            status, when = "已回执", r.acked_at
        elif r.read_at is not None:
            status, when = "已读", r.read_at
        elif r.delivered_at is not None:
            status, when = "已送达", r.delivered_at
        else:
            status, when = "未送达", None
        answers = orjson.loads(r.answers or "{}")
        cells = [unit or "", name or "", status, _local_text(when)]
        out.append(cells + [receipt_form.format_answer(f, answers.get(f.id)) for f in fields])
    return [*EXPORT_HEAD, *(f.label for f in fields)], out


def export_answers(session: Session, *, notice_id: str, path: Path) -> int:
    """Write the 回执 table to ``path`` (.csv in UTF-8 with BOM, so Excel reads the Chinese; or
    .xlsx); how many recipients it lists."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UserError("导出文件应为 .csv 或 .xlsx")
    head, rows = answer_rows(session, notice_id=notice_id)
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(head)
            writer.writerows(rows)
        return len(rows)
    from openpyxl import Workbook  # only when exporting: it is slow to import

    book = Workbook(write_only=True)
    sheet = book.create_sheet("回执")
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return len(rows)


# --- 常用分组 ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupRow:
    id: str
    name: str
    unit_ids: list[str]
    person_ids: list[str]


def groups(session: Session, *, person_id: str) -> list[GroupRow]:
    stmt = (
        select(m.ContactGroup)
        .where(m.ContactGroup.owner_id == person_id)
        .order_by(m.ContactGroup.name)
    )
    return [
        GroupRow(g.id, g.name, orjson.loads(g.unit_ids), orjson.loads(g.person_ids))
        for g in session.scalars(stmt)
    ]


def expand_groups(
    session: Session, *, person_id: str, group_ids: Sequence[str]
) -> tuple[list[str], list[str]]:
    """The units and people of the chosen groups (each once, in order): what a notice
    addressed to them is sent to."""
    chosen = {g.id: g for g in groups(session, person_id=person_id)}
    units: dict[str, None] = {}
    people: dict[str, None] = {}
    for gid in group_ids:
        g = chosen.get(gid)
        if g is None:
            raise UserError("常用分组不存在")
        units.update(dict.fromkeys(g.unit_ids))
        people.update(dict.fromkeys(g.person_ids))
    return list(units), list(people)
