"""The record types this version syncs. Modules add theirs here as they arrive.

- ``unit`` / ``person``: the org tree, written by administrators on the server, seen by everyone.
- ``notice``, ``notice_receipt``, ``contact_group``: 通知 (app/sync/notice_types.py).
- ``opinion``: 意见 on any record (append-only; seen by whoever sees the record).
- ``conflict``: made by the server when a concurrent edit lost; seen by the people involved.
"""

from __future__ import annotations

from app.errors import PermissionDeniedError, UserError
from app.sync.records import (
    EVERYONE,
    Actor,
    Data,
    FieldKind,
    Lookup,
    RecordType,
    person_key,
    register,
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


# --- shared: the 机关 a unit belongs to ----------------------------------------------------------


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

# 公文, 通知 and 会议 types register themselves on import (they use agency_of above).
from app.sync import doc_types, indoc_type, meeting_types, notice_types  # noqa: E402, F401

__all__ = ["EVERYONE", "agency_of", "reviewer_key"]
