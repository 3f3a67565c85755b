"""通知 record types: ``notice``, ``notice_receipt`` (one per recipient) and ``contact_group``.

Publishing fans a notice out on the server: its action side-writes one receipt per recipient
(the people of the addressed units and their 科室, plus the people addressed), so the sender's
statistics count everyone, including people who never opened the client. A receipt's id is
derived from (notice, person): whichever path makes it — publish, approval, the server's release
of a scheduled notice, a person joining a unit later — it exists once. Recipients record 送达,
阅读 and 回执 on their receipt by actions, offline like everything else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from app.domain import notice as rules
from app.domain import receipt_form
from app.domain.org import Permission, permissions_of
from app.errors import PermissionDeniedError, UserError
from app.sync import attachments
from app.sync.records import (
    ActionContext,
    Actor,
    Data,
    FieldKind,
    Lookup,
    RecordType,
    SideWrite,
    person_key,
    register,
    unit_key,
)
from app.sync.scoping import reviewer_key
from app.sync.types import agency_of

T, S = FieldKind.TEXT, FieldKind.SERVER
State = rules.NoticeState

NOTICE_TEXT = (
    "title",
    "body",  # plain text (search, previews); the rich text is body_html
    "body_html",
    "urgency",
    "classification",
    "recipient_unit_ids",
    "recipient_person_ids",
    "recipient_group_ids",  # shown only: groups are expanded into units and people on compose
    "attachments",  # [{sha256, name, size}] (app/sync/attachments.py)
    "publish_at",
    "expires_at",
    "receipt",  # 回执 form (app/domain/receipt_form.py) or None
)
NOTICE_SERVER = (
    "sender_id",
    "state",
    "published_at",
    "reviewer_id",
    "withdrawn_at",
    "withdrawn_by",
    "withdraw_reason",
    "reminders",  # [{at, by, only, count}] of each 催办
    "sms",  # {sent, failed, errors} for urgent notices (server/notice_sms.py)
)


def moment(ctx: ActionContext) -> datetime:
    return datetime.fromisoformat(ctx.now)


def _notice_scopes(data: Data, lookup: Lookup) -> set[str]:
    keys = {person_key(data["sender_id"])}
    state = data.get("state", State.DRAFT)
    if state == State.PENDING:
        sender = lookup.get(data["sender_id"])
        agency = agency_of(sender.get("unit_id") if sender else None, lookup)
        if agency is not None:
            keys.add(reviewer_key(agency))
    elif state in (State.PUBLISHED, State.WITHDRAWN):
        keys |= {unit_key(u) for u in data.get("recipient_unit_ids") or ()}
        keys |= {person_key(p) for p in data.get("recipient_person_ids") or ()}
    return keys


def _notice_authorize(actor: Actor, op: str, old: Data | None, new: Data) -> None:
    if op == "act":
        return  # each action checks its own rule
    if op == "create":
        if not permissions_of(actor.grants) & {Permission.SEND_NOTICE, Permission.DRAFT}:
            raise PermissionDeniedError("没有起草通知的权限")
    elif old is not None and old.get("sender_id") != actor.person_id:
        raise PermissionDeniedError("只能修改自己起草的通知")
    state = (old or new).get("state", State.DRAFT)
    if op == "update" and state != State.DRAFT:
        raise UserError("通知已提交或发布，不能再修改；如需修改请先撤回或由审核人退回")
    if op == "delete" and state not in (State.DRAFT, State.WITHDRAWN):
        raise UserError("已提交或发布的通知不能删除，请先撤回")
    if op == "delete":
        return
    rules.check_fields(new, actor.ceiling)
    if "attachments" in new:
        attachments.parse(new["attachments"])  # shape only; the server checks the blobs exist


def _notice_create(actor: Actor, data: Data) -> Data:
    return {
        "urgency": "普通",
        "body": "",
        **data,
        "sender_id": actor.person_id,
        "state": State.DRAFT.value,
    }


# --- fan-out ---------------------------------------------------------------------------------


def recipients_of(data: Data, lookup: Lookup) -> list[tuple[str, str]]:
    """(person id, unit id) of everyone ``data`` reaches now: the active people of its units
    and their 科室, and the active people it names; each once."""
    pairs = lookup.members(list(data.get("recipient_unit_ids") or []))
    named = list(data.get("recipient_person_ids") or [])
    for pid, person in lookup.get_many(named).items():
        if person is not None and person.get("active") is not False and person.get("unit_id"):
            pairs.append((pid, str(person["unit_id"])))
    return rules.dedupe(pairs)


def new_receipt(notice_id: str, person_id: str, unit_id: str, sender_id: str) -> Data:
    """A recipient's receipt as publishing makes it: nothing delivered, read or answered yet."""
    return {
        "notice_id": notice_id,
        "person_id": person_id,
        "unit_id": unit_id,
        "sender_id": sender_id,
        "delivered_at": None,
        "read_at": None,
        "acked_at": None,
        "answers": {},
        "reminded_at": None,
        "reminders": 0,
    }


def receipt_writes(
    notice_id: str, data: Data, pairs: list[tuple[str, str]], lookup: Lookup, now: str
) -> list[SideWrite]:
    """New receipts for ``pairs`` (person, unit) who have none for this notice yet; an existing
    receipt is never written again (its 送达/已读/回执 stay as they are)."""
    ids = {rules.receipt_id(notice_id, p): (p, u) for p, u in pairs}
    existing = lookup.get_many(list(ids))  # one read for all (the server caches them)
    return [
        SideWrite(
            "notice_receipt",
            rid,
            {**new_receipt(notice_id, person_id, unit_id, data["sender_id"]), "created_at": now},
            create=True,
        )
        for rid, (person_id, unit_id) in ids.items()
        if existing.get(rid) is None
    ]


def _publish(name: str) -> Callable[[Actor, Data, ActionContext], Data]:
    """publish / approve (a sender or reviewer), release (the server, at a scheduled time)."""

    def act(actor: Actor, data: Data, ctx: ActionContext) -> Data:
        rules.check_may_act(
            name, grants=actor.grants, person_id=actor.person_id, sender_id=data["sender_id"]
        )
        rules.next_state(name, State(data.get("state", "draft")))
        out: Data = {"reviewer_id": actor.person_id} if name == "approve" else {}
        if name != "release":
            rules.check_recipients(
                actor,
                list(data.get("recipient_unit_ids") or []),
                list(data.get("recipient_person_ids") or []),
                ctx.lookup,
            )
            if rules.check_times(data, moment(ctx)) is not None:
                return {**out, "state": State.SCHEDULED.value}
        writes = receipt_writes(
            ctx.record_id, data, recipients_of(data, ctx.lookup), ctx.lookup, ctx.now
        )
        if not writes and name != "release":
            raise UserError("所选单位中没有可以接收通知的人员")
        ctx.writes.extend(writes)
        return {**out, "state": State.PUBLISHED.value, "published_at": ctx.now}

    return act


def _transition(name: str) -> Callable[[Actor, Data, ActionContext], Data]:
    """submit, return, unschedule: a state change and nothing else."""

    def act(actor: Actor, data: Data, ctx: ActionContext) -> Data:
        rules.check_may_act(
            name, grants=actor.grants, person_id=actor.person_id, sender_id=data["sender_id"]
        )
        target = rules.next_state(name, State(data.get("state", "draft")))
        out: Data = {"state": target.value}
        if name == "return":
            out["reviewer_id"] = actor.person_id
        return out

    return act


def _withdraw(actor: Actor, data: Data, ctx: ActionContext) -> Data:
    """撤回: recipients keep the notice, marked 已撤回 with the reason; nothing is deleted."""
    rules.check_may_act(
        "withdraw", grants=actor.grants, person_id=actor.person_id, sender_id=data["sender_id"]
    )
    target = rules.next_state("withdraw", State(data.get("state", "draft")))
    return {
        "state": target.value,
        "withdrawn_at": ctx.now,
        "withdrawn_by": actor.person_id,
        "withdraw_reason": rules.check_reason(ctx.args.get("reason")),
    }


REMIND_WHO = {"unread": "未读", "unacked": "未回执"}


def _remind(actor: Actor, data: Data, ctx: ActionContext) -> Data:
    """催办: a reminder on each receipt still unread (or, ``only=unacked``, not yet answered)."""
    rules.check_may_act(
        "remind", grants=actor.grants, person_id=actor.person_id, sender_id=data["sender_id"]
    )
    if data.get("state") != State.PUBLISHED:
        raise UserError("只能催办已发布的通知")
    if rules.expired(data, moment(ctx)):
        raise UserError("通知已过期，不能再催办")
    only = ctx.args.get("only") or "unread"
    if only not in REMIND_WHO:
        raise UserError("催办对象应为未读或未回执人员")
    if only == "unacked" and receipt_form.parse_form(data.get("receipt")) is None:
        raise UserError("此通知不需要回执，请催办未读人员")
    field = "read_at" if only == "unread" else "acked_at"
    ids = [rules.receipt_id(ctx.record_id, p) for p, _ in recipients_of(data, ctx.lookup)]
    count = 0
    for rid, receipt in ctx.lookup.get_many(ids).items():
        if receipt is None or receipt.get(field):
            continue
        count += 1
        reminders = int(receipt.get("reminders") or 0) + 1
        ctx.write("notice_receipt", rid, {"reminded_at": ctx.now, "reminders": reminders})
    entry = {"at": ctx.now, "by": actor.person_id, "only": only, "count": count}
    return {"reminders": [*(data.get("reminders") or []), entry]}


register(
    RecordType(
        name="notice",
        label="通知",
        fields={**dict.fromkeys(NOTICE_TEXT, T), **dict.fromkeys(NOTICE_SERVER, S)},
        required=frozenset({"title"}),
        authorize=_notice_authorize,
        scopes=_notice_scopes,
        on_create=_notice_create,
        actions={
            "submit": _transition("submit"),
            "return": _transition("return"),
            "unschedule": _transition("unschedule"),
            "publish": _publish("publish"),
            "approve": _publish("approve"),
            "release": _publish("release"),
            "withdraw": _withdraw,
            "remind": _remind,
        },
    )
)


# --- 回执 (one per recipient, made by the server) ---------------------------------------------

RECEIPT_FIELDS = (
    "notice_id",
    "person_id",
    "unit_id",
    "sender_id",
    "created_at",
    "delivered_at",  # 已送达: the recipient's client received it
    "read_at",  # 已读: opened
    "acked_at",  # 已回执: the form submitted
    "answers",  # form field id -> value
    "reminded_at",
    "reminders",
)


def _receipt_authorize(actor: Actor, op: str, old: Data | None, new: Data) -> None:
    if op != "act":
        raise PermissionDeniedError("回执记录由服务器生成，不能直接修改")


def _recipient_only(actor: Actor, data: Data) -> None:
    if actor.person_id != data.get("person_id"):
        raise PermissionDeniedError("只有接收人本人可以签收、阅读或回执")


def _seen(data: Data, now: str, *, read: bool) -> Data:
    """Set 送达 (and 已读) where still missing: a second deliver or read changes nothing."""
    out: Data = {}
    if not data.get("delivered_at"):
        out["delivered_at"] = now
    if read and not data.get("read_at"):
        out["read_at"] = now
    return out


def _deliver(actor: Actor, data: Data, ctx: ActionContext) -> Data:
    _recipient_only(actor, data)
    return _seen(data, ctx.now, read=False)


def _read(actor: Actor, data: Data, ctx: ActionContext) -> Data:
    _recipient_only(actor, data)
    return _seen(data, ctx.now, read=True)


def _ack(actor: Actor, data: Data, ctx: ActionContext) -> Data:
    """回执: answers checked against the form, before the deadline by the server's clock. It may
    be sent again before the deadline to correct the answers."""
    _recipient_only(actor, data)
    form = rules.check_ack(ctx.lookup.get(str(data.get("notice_id"))), moment(ctx))
    answers = receipt_form.validate_answers(
        form, ctx.args.get("answers") or {}, person_id=actor.person_id
    )
    return {**_seen(data, ctx.now, read=True), "answers": answers, "acked_at": ctx.now}


def _receipt_scopes(data: Data, lookup: Lookup) -> set[str]:
    return {person_key(str(data["person_id"])), person_key(str(data["sender_id"]))}


register(
    RecordType(
        name="notice_receipt",
        label="通知回执",
        fields=dict.fromkeys(RECEIPT_FIELDS, S),
        client_writable=False,
        authorize=_receipt_authorize,
        scopes=_receipt_scopes,
        actions={"deliver": _deliver, "read": _read, "ack": _ack},
    )
)


# --- 常用分组 (a person's saved recipient groups) ------------------------------------------------

MAX_GROUP_NAME = 40


def _group_authorize(actor: Actor, op: str, old: Data | None, new: Data) -> None:
    if old is not None and old.get("owner_id") != actor.person_id:
        raise PermissionDeniedError("只能修改自己的常用分组")
    if op == "delete":
        return
    name: Any = new.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_GROUP_NAME:
        raise UserError(f"分组名称应为 1–{MAX_GROUP_NAME} 字")
    rules.check_ids(new.get("unit_ids"), "分组中的单位")
    rules.check_ids(new.get("person_ids"), "分组中的人员")


register(
    RecordType(
        name="contact_group",
        label="常用分组",
        fields={"name": T, "unit_ids": T, "person_ids": T, "owner_id": S},
        required=frozenset({"name"}),
        authorize=_group_authorize,
        scopes=lambda data, lookup: {person_key(str(data["owner_id"]))},
        on_create=lambda actor, data: {
            "unit_ids": [],
            "person_ids": [],
            **data,
            "owner_id": actor.person_id,
        },
    )
)
