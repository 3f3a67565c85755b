"""Notices (通知) as the client edits and acts on them: every change goes through the sync outbox.

Keyword-only functions on the database worker, one transaction each (the caller's). Each checks
here first, by the same rules the server runs (app/domain/notice.py, the record types), so a bad
input is refused at once with its Chinese reason and nothing is queued; the server decides again
when the change arrives. Reads (inbox, statistics, export) are in app/services/notice_queries.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.db import models as m
from app.domain import notice as rules
from app.domain import receipt_form, rich_text
from app.errors import UserError
from app.ids import new_id
from app.services.actors import actor_of
from app.services.opinions import add_opinion
from app.sync import attachments
from app.sync.attachments import Attachment
from app.sync.blobs import BlobStore
from app.sync.local import local_data, write
from app.sync.notice_local import LocalLookup, mark_receipt
from app.sync.notice_types import REMIND_WHO, recipients_of
from app.sync.protocol import Op
from app.sync.records import Data

# Fields a sender writes; datetimes may be given as datetime (a naive one is local time).
_MOMENTS = ("publish_at", "expires_at")


def _iso(value: object) -> object:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.astimezone()  # naive: this computer's time
        return aware.astimezone(UTC).isoformat()
    return value


def _clean(fields: dict[str, Any]) -> Data:
    """What the UI passes, in the record's form: times as ISO text, the rich text sanitized
    (the record refuses anything else), the plain body derived from it when not given."""
    out: Data = dict(fields)
    for key in _MOMENTS:
        if key in out:
            out[key] = _iso(out[key]) or None
    if isinstance(out.get("receipt"), dict):
        out["receipt"] = {**out["receipt"], "deadline": _iso(out["receipt"].get("deadline"))}
    if isinstance(out.get("title"), str):
        out["title"] = out["title"].strip()
    if isinstance(out.get("body_html"), str):
        out["body_html"] = rich_text.sanitize(out["body_html"])
        if not out.get("body"):
            out["body"] = rich_text.plain_text(out["body_html"])
    for key in ("recipient_unit_ids", "recipient_person_ids", "recipient_group_ids"):
        if key in out and out[key] is not None:
            out[key] = list(dict.fromkeys(out[key]))
    return out


def create_notice(
    session: Session,
    *,
    person_id: str,
    title: str,
    body: str = "",
    body_html: str = "",
    urgency: str = "普通",
    classification: str = "",
    recipient_unit_ids: Sequence[str] | None = None,
    recipient_person_ids: Sequence[str] | None = None,
    recipient_group_ids: Sequence[str] | None = None,
    publish_at: datetime | str | None = None,
    expires_at: datetime | str | None = None,
    receipt: dict[str, Any] | None = None,
    attachments: Sequence[Attachment] = (),
    notice_id: str | None = None,
) -> str:
    """A new draft; its id. ``receipt``: the 回执 form (app/domain/receipt_form.py) or None."""
    notice_id = notice_id or new_id()
    optional = {
        "body_html": body_html,
        "classification": classification,
        "recipient_group_ids": list(recipient_group_ids or []),
        "publish_at": publish_at,
        "expires_at": expires_at,
        "receipt": receipt,
        "attachments": list(attachments),
    }
    fields = _clean(
        {
            "title": title,
            "body": body,
            "urgency": urgency,
            "recipient_unit_ids": list(recipient_unit_ids or []),
            "recipient_person_ids": list(recipient_person_ids or []),
            # Only what was given: an unset field stays out of the record, as it did before
            # these fields existed (older clients and the tests read records that way).
            **{k: v for k, v in optional.items() if v},
        }
    )
    actor = actor_of(session, person_id)
    write(
        session, actor=actor, type_name="notice", record_id=notice_id, op=Op.CREATE, fields=fields
    )
    return notice_id


def update_notice(session: Session, *, person_id: str, notice_id: str, **fields: Any) -> None:
    """Change a draft's fields (any of create_notice's)."""
    actor = actor_of(session, person_id)
    write(
        session,
        actor=actor,
        type_name="notice",
        record_id=notice_id,
        op=Op.UPDATE,
        fields=_clean(fields),
    )


def delete_notice(session: Session, *, person_id: str, notice_id: str) -> None:
    actor = actor_of(session, person_id)
    write(session, actor=actor, type_name="notice", record_id=notice_id, op=Op.DELETE)


def store_attachments(
    session: Session,
    *,
    folder: Path,
    sessions: sessionmaker[Session],
    paths: Sequence[Path],
    max_bytes: int | None = None,
) -> list[Attachment]:
    """Copy files into the profile's store for a notice being composed (database worker); the
    references to pass as ``attachments``. Every file is checked first: one missing or over the
    server's limit refuses them all and nothing is stored."""
    from app.services.doc_files import attachment_limit

    limit = max_bytes or attachment_limit(session)
    if len(paths) > attachments.MAX_ATTACHMENTS:
        raise UserError(f"每条通知最多 {attachments.MAX_ATTACHMENTS} 个附件")
    for path in paths:
        if not path.is_file():
            raise UserError(f"文件不存在或无法读取：{path}")
        if path.stat().st_size > limit:
            raise UserError(f"“{path.name}”{attachments.too_large(limit)}")
    store = BlobStore(folder, sessions, max_bytes=limit)
    return [store.add_file(path) for path in paths]


# --- actions -----------------------------------------------------------------------------------


def _notice(session: Session, notice_id: str) -> Data:
    data = local_data(session, "notice", notice_id)
    if data is None:
        raise UserError("通知不存在或尚未同步到本机")
    return data


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def act_on_notice(
    session: Session,
    *,
    person_id: str,
    notice_id: str,
    action: str,
    opinion: str = "",
    reason: str = "",
    only: str = "",
) -> None:
    """Queue a step on a notice for the server to decide, checking only who may act (the record
    type's rule). The views use ``notice_step``, which checks everything first; this is the raw
    path, as a client that is behind would send it. An opinion, when given, is kept as its own
    append-only record."""
    actor = actor_of(session, person_id)
    args: Data = {}
    if reason.strip():
        args["reason"] = reason.strip()
    if only:
        args["only"] = only
    if opinion.strip():
        add_opinion(session, actor, record_type="notice", record_id=notice_id, text=opinion.strip())
    write(
        session,
        actor=actor,
        type_name="notice",
        record_id=notice_id,
        op=Op.ACT,
        action=action,
        fields=args,
    )


def notice_step(
    session: Session,
    *,
    person_id: str,
    notice_id: str,
    action: str,
    opinion: str = "",
    reason: str = "",
    only: str = "",
    now: datetime | None = None,
) -> str:
    """A step on a notice (submit, approve, return, publish, withdraw, unschedule, remind),
    checked here as the server will check it — who may, the state it is in, recipients within
    the sender's reach and not empty, no time already past, a withdrawal's reason — then
    queued. Returns the state the notice will have ("scheduled" for a publish whose time is
    still to come; unchanged for a 催办)."""
    actor = actor_of(session, person_id)
    data = _notice(session, notice_id)
    state = rules.NoticeState(data.get("state", "draft"))
    rules.check_may_act(
        action, grants=actor.grants, person_id=person_id, sender_id=str(data.get("sender_id"))
    )
    target = state
    if action == "remind":
        if state is not rules.NoticeState.PUBLISHED:
            raise UserError("只能催办已发布的通知")
        if rules.expired(data, _now(now)):
            raise UserError("通知已过期，不能再催办")
        if (only or "unread") not in REMIND_WHO:
            raise UserError("催办对象应为未读或未回执人员")
        if only == "unacked" and receipt_form.parse_form(data.get("receipt")) is None:
            raise UserError("此通知不需要回执，请催办未读人员")
    else:
        target = rules.next_state(action, state)
    if action in ("publish", "approve"):
        lookup = LocalLookup(session)
        rules.check_recipients(
            actor,
            list(data.get("recipient_unit_ids") or []),
            list(data.get("recipient_person_ids") or []),
            lookup,
        )
        if rules.check_times(data, _now(now)) is not None:
            target = rules.NoticeState.SCHEDULED
        elif not recipients_of(data, lookup):
            raise UserError("所选单位中没有可以接收通知的人员")
    if action == "withdraw":
        reason = rules.check_reason(reason)
    act_on_notice(
        session,
        person_id=person_id,
        notice_id=notice_id,
        action=action,
        opinion=opinion,
        reason=reason,
        only=only,
    )
    return target.value


def publish_notice(
    session: Session, *, person_id: str, notice_id: str, now: datetime | None = None
) -> str:
    """发布 now, or at the notice's ``publish_at`` (then "scheduled"); the resulting state."""
    return notice_step(session, person_id=person_id, notice_id=notice_id, action="publish", now=now)


def submit_notice(session: Session, *, person_id: str, notice_id: str) -> str:
    """提交审核 (for a sender without the 发送通知 permission)."""
    return notice_step(session, person_id=person_id, notice_id=notice_id, action="submit")


def withdraw_notice(session: Session, *, person_id: str, notice_id: str, reason: str) -> None:
    """撤回 with a reason: recipients keep it, marked 已撤回 with the reason."""
    notice_step(session, person_id=person_id, notice_id=notice_id, action="withdraw", reason=reason)


def remind_notice(session: Session, *, person_id: str, notice_id: str, only: str = "unread") -> int:
    """一键催办 the unread (or, ``only="unacked"``, those who have not sent their 回执); how many
    this client counts now (the server reminds whoever is still unread when it arrives)."""
    from app.services.notice_queries import stats

    notice_step(session, person_id=person_id, notice_id=notice_id, action="remind", only=only)
    counts = stats(session, notice_id=notice_id)
    return len(counts.unread_people if only == "unread" else counts.unacked_people)


# --- a recipient's marks ------------------------------------------------------------------------


def _my_receipt(session: Session, person_id: str, notice_id: str) -> tuple[str, Data]:
    rid = rules.receipt_id(notice_id, person_id)
    data = local_data(session, "notice_receipt", rid)
    if data is None:
        raise UserError("您不是此通知的接收人，或通知尚未同步到本机")
    return rid, data


def _mark(session: Session, person_id: str, rid: str, action: str, args: Data) -> None:
    actor = actor_of(session, person_id)
    write(
        session,
        actor=actor,
        type_name="notice_receipt",
        record_id=rid,
        op=Op.ACT,
        action=action,
        fields=args,
    )
    mark_receipt(session, rid, action, args.get("answers"), datetime.now(UTC))


def open_notice(session: Session, *, person_id: str, notice_id: str) -> bool:
    """The recipient opened the notice: 已读 is queued the first time (True), never again.
    Opening a notice one is not a recipient of (the sender's own) records nothing."""
    rid = rules.receipt_id(notice_id, person_id)
    data = local_data(session, "notice_receipt", rid)
    if data is None or data.get("read_at") or _pending(session, rid, ("read", "ack")):
        return False
    _mark(session, person_id, rid, "read", {})
    return True


def acknowledge(
    session: Session,
    *,
    person_id: str,
    notice_id: str,
    answers: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """回执: the answers checked against the form and the deadline now (the server checks again
    by its clock); the cleaned answers that were queued. May be sent again before the deadline
    to correct them."""
    rid, _ = _my_receipt(session, person_id, notice_id)
    form = rules.check_ack(local_data(session, "notice", notice_id), _now(now))
    cleaned = receipt_form.validate_answers(form, answers or {}, person_id=person_id)
    _mark(session, person_id, rid, "ack", {"answers": cleaned})
    return cleaned


def _pending(session: Session, rid: str, actions: tuple[str, ...]) -> bool:
    found = session.scalar(
        select(m.OutboxEntry.mutation_id)
        .where(
            m.OutboxEntry.record_id == rid,
            m.OutboxEntry.acked_at.is_(None),
            m.OutboxEntry.action.in_(actions),
        )
        .limit(1)
    )
    return found is not None


def queue_deliveries(session: Session, *, person_id: str) -> int:
    """Queue 送达 for this person's receipts that have none yet and none on its way; how many.
    Receipts arriving by sync are marked by themselves (app/sync/notice_local.py); this covers
    a profile that could not tell who its person was when they arrived."""
    ids = session.scalars(
        select(m.NoticeReceipt.id).where(
            m.NoticeReceipt.person_id == person_id, m.NoticeReceipt.delivered_at.is_(None)
        )
    ).all()
    queued = 0
    for rid in ids:
        if not _pending(session, rid, ("deliver", "read", "ack")):
            _mark(session, person_id, rid, "deliver", {})
            queued += 1
    return queued


# --- 常用分组 ------------------------------------------------------------------------------------


def create_group(
    session: Session,
    *,
    person_id: str,
    name: str,
    unit_ids: Sequence[str] = (),
    person_ids: Sequence[str] = (),
) -> str:
    group_id = new_id()
    write(
        session,
        actor=actor_of(session, person_id),
        type_name="contact_group",
        record_id=group_id,
        op=Op.CREATE,
        fields={
            "name": name.strip(),
            "unit_ids": list(dict.fromkeys(unit_ids)),
            "person_ids": list(dict.fromkeys(person_ids)),
        },
    )
    return group_id


def update_group(
    session: Session,
    *,
    person_id: str,
    group_id: str,
    name: str | None = None,
    unit_ids: Sequence[str] | None = None,
    person_ids: Sequence[str] | None = None,
) -> None:
    """Rename a group or replace its members (only what is given changes)."""
    fields: Data = {}
    if name is not None:
        fields["name"] = name.strip()
    if unit_ids is not None:
        fields["unit_ids"] = list(dict.fromkeys(unit_ids))
    if person_ids is not None:
        fields["person_ids"] = list(dict.fromkeys(person_ids))
    write(
        session,
        actor=actor_of(session, person_id),
        type_name="contact_group",
        record_id=group_id,
        op=Op.UPDATE,
        fields=fields,
    )


def delete_group(session: Session, *, person_id: str, group_id: str) -> None:
    write(
        session,
        actor=actor_of(session, person_id),
        type_name="contact_group",
        record_id=group_id,
        op=Op.DELETE,
    )
