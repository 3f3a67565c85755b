"""The record types this version syncs. Modules add theirs here as they arrive.

- ``unit`` / ``person``: the org tree, written by administrators on the server, seen by everyone.
- ``notice``: 通知, drafted on a client; published ones reach the units and people addressed.
- ``opinion``: 意见 on any record (append-only; seen by whoever sees the record).
- ``conflict``: made by the server when a concurrent edit lost; seen by the people involved.
"""

from __future__ import annotations

from app.domain import notice as rules
from app.domain.org import Permission, permissions_of
from app.errors import PermissionDeniedError, UserError
from app.sync import attachments
from app.sync.records import (
    EVERYONE,
    ActionContext,
    Actor,
    Data,
    FieldKind,
    Lookup,
    RecordType,
    person_key,
    register,
    unit_key,
)
from app.sync.scoping import reviewer_key

T, S = FieldKind.TEXT, FieldKind.SERVER

ORG_ONLY = "通讯录由系统管理员维护，不能在此修改"


def _server_only(actor: Actor, op: str, old: Data | None, new: Data) -> None:
    raise PermissionDeniedError(ORG_ONLY)


register(
    RecordType(
        name="unit",
        label="单位",
        fields=dict.fromkeys(
            ("parent_id", "name", "short_name", "level", "kind", "code_prefix", "sort_order"), S
        ),
        client_writable=False,
        authorize=_server_only,
    )
)
register(
    RecordType(
        name="person",
        label="人员",
        fields=dict.fromkeys(
            ("unit_id", "username", "name", "title", "phone", "sort_order", "active", "roles"),
            S,
        ),
        client_writable=False,
        authorize=_server_only,
    )
)


# --- 通知 ------------------------------------------------------------------------------------


def agency_of(unit_id: str | None, lookup: Lookup) -> str | None:
    """The nearest 机关 at or above ``unit_id`` (a 科室's notices are reviewed by its 局)."""
    seen: set[str] = set()
    while unit_id is not None and unit_id not in seen:
        seen.add(unit_id)
        unit = lookup.get(unit_id)
        if unit is None:
            return None
        if unit.get("kind") == "agency":
            return unit_id
        unit_id = unit.get("parent_id")
    return None


def _notice_scopes(data: Data, lookup: Lookup) -> set[str]:
    keys = {person_key(data["sender_id"])}
    state = data.get("state", rules.NoticeState.DRAFT)
    if state == rules.NoticeState.PENDING:
        sender = lookup.get(data["sender_id"])
        agency = agency_of(sender.get("unit_id") if sender else None, lookup)
        if agency is not None:
            keys.add(reviewer_key(agency))
    elif state in (rules.NoticeState.PUBLISHED, rules.NoticeState.WITHDRAWN):
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
    state = (old or new).get("state", rules.NoticeState.DRAFT)
    if op == "update" and state != rules.NoticeState.DRAFT:
        raise UserError("通知已提交或发布，不能再修改；如需修改请先撤回或由审核人退回")
    if op == "delete" and state not in (rules.NoticeState.DRAFT, rules.NoticeState.WITHDRAWN):
        raise UserError("已提交或发布的通知不能删除，请先撤回")
    if "urgency" in new:
        rules.check_urgency(new["urgency"])
    # Text must be text: a list or object here would be stored on every recipient's client,
    # whose typed table cannot hold it, and block their sync.
    if not isinstance(new.get("title", ""), str) or not isinstance(new.get("body") or "", str):
        raise UserError("通知标题和正文应为文字")
    for key in ("recipient_unit_ids", "recipient_person_ids"):
        value = new.get(key)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            raise UserError("收件范围格式不正确")
    if "attachments" in new:
        attachments.parse(new["attachments"])  # shape only; the server checks the blobs exist


def _notice_create(actor: Actor, data: Data) -> Data:
    return {
        "urgency": "普通",
        "body": "",
        **data,
        "sender_id": actor.person_id,
        "state": rules.NoticeState.DRAFT.value,
    }


def _notice_action(name: str):  # type: ignore[no-untyped-def]
    def act(actor: Actor, data: Data, ctx: ActionContext) -> Data:
        rules.check_may_act(
            name, grants=actor.grants, person_id=actor.person_id, sender_id=data["sender_id"]
        )
        target = rules.next_state(name, rules.NoticeState(data.get("state", "draft")))
        out: Data = {"state": target.value}
        if target is rules.NoticeState.PUBLISHED:
            if not (data.get("recipient_unit_ids") or data.get("recipient_person_ids")):
                raise UserError("请先选择通知的接收单位或人员")
            out["published_at"] = ctx.now
        if name in ("approve", "return"):
            out["reviewer_id"] = actor.person_id
        return out

    return act


register(
    RecordType(
        name="notice",
        label="通知",
        fields={
            "title": T,
            "body": T,
            "urgency": T,
            "recipient_unit_ids": T,
            "recipient_person_ids": T,
            "attachments": T,  # [{sha256, name, size}] (app/sync/attachments.py)
            "sender_id": S,
            "state": S,
            "published_at": S,
            "reviewer_id": S,
        },
        required=frozenset({"title"}),
        authorize=_notice_authorize,
        scopes=_notice_scopes,
        on_create=_notice_create,
        actions={name: _notice_action(name) for name in rules.TRANSITIONS},
    )
)


# --- 意见 (append-only) ------------------------------------------------------------------------


def _opinion_authorize(actor: Actor, op: str, old: Data | None, new: Data) -> None:
    if op != "create":
        raise UserError("意见提交后不能修改或删除")
    if not all(
        isinstance(new.get(k) or "", str)
        for k in ("text", "record_id", "record_type", "action", "role")
    ):
        raise UserError("意见内容格式不正确")
    text = str(new.get("text") or "").strip()
    if not text:
        raise UserError("意见内容不能为空")
    if len(text) > 2000:
        raise UserError("意见不能超过 2000 字")


register(
    RecordType(
        name="opinion",
        label="意见",
        fields={
            "record_type": T,
            "record_id": T,
            "text": T,
            "action": T,  # the step it was given at (核稿通过, 批办 …)
            "role": T,  # the author's role then (领导, 办公室主任 …)
            "author_id": S,
            "created_at": S,
        },
        required=frozenset({"record_id", "text"}),
        append_only=True,
        parent_field="record_id",
        authorize=_opinion_authorize,
        scopes=lambda data, lookup: lookup.scopes(str(data.get("record_id"))),
        on_create=lambda actor, data: {**data, "author_id": actor.person_id},
    )
)


# --- 同步冲突 (made by the server) -------------------------------------------------------------


def _conflict_authorize(actor: Actor, op: str, old: Data | None, new: Data) -> None:
    if op != "update" or old is None or actor.person_id not in old.get("person_ids", ()):
        raise PermissionDeniedError("同步冲突记录由服务器生成，只能由相关人员标记为已处理")


register(
    RecordType(
        name="conflict",
        label="同步冲突",
        fields={
            "resolved": T,
            "record_type": S,
            "record_id": S,
            "field": S,
            "kept": S,  # the value the record now has (None when it was deleted)
            "lost": S,  # the value that lost; kept here so nobody's text is ever gone
            "kept_by": S,
            "lost_by": S,
            "reason": S,
            "person_ids": S,
            "created_at": S,
        },
        authorize=_conflict_authorize,
        scopes=lambda data, lookup: {person_key(p) for p in data.get("person_ids", ())},
    )
)

# 公文 types register themselves on import (they use agency_of above).
from app.sync import doc_types, indoc_type  # noqa: E402, F401

__all__ = ["EVERYONE", "agency_of", "reviewer_key"]
