"""Notice (通知) states, who may move a notice between them, and what a notice may contain.

A notice is drafted, submitted for review when its sender cannot publish alone, approved (and
published) or returned by a leader, and finally may be withdrawn. Publishing at a set time makes
it ``scheduled`` until the server releases it. Two leaders acting on the same submitted notice
while offline is decided by the server: the first arrival wins, the other is told who acted;
both opinions are kept (opinions are append-only records).

Every check here runs on the client (at once, with its message) and on the server (decisive);
times are compared with the caller's ``now`` — the server's clock when it decides.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from app.domain import receipt_form, rich_text
from app.domain.document import check_classification
from app.domain.org import Permission, Role, RoleGrant, permissions_of
from app.domain.receipt_form import ReceiptForm, parse_moment
from app.errors import PermissionDeniedError, UserError


class NoticeState(StrEnum):
    DRAFT = "draft"
    PENDING = "pending"  # 待审核
    SCHEDULED = "scheduled"  # 定时发布: published by the server at publish_at
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    NoticeState.DRAFT: "草稿",
    NoticeState.PENDING: "待审核",
    NoticeState.SCHEDULED: "定时待发",
    NoticeState.PUBLISHED: "已发布",
    NoticeState.WITHDRAWN: "已撤回",
}

URGENCIES = ("普通", "紧急", "特急")

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[NoticeState], NoticeState]] = {
    "submit": (frozenset({NoticeState.DRAFT}), NoticeState.PENDING),
    "approve": (frozenset({NoticeState.PENDING}), NoticeState.PUBLISHED),
    "return": (frozenset({NoticeState.PENDING}), NoticeState.DRAFT),
    "publish": (frozenset({NoticeState.DRAFT}), NoticeState.PUBLISHED),
    "withdraw": (frozenset({NoticeState.PUBLISHED}), NoticeState.WITHDRAWN),
    # The server's own step for a scheduled notice whose time has come.
    "release": (frozenset({NoticeState.SCHEDULED}), NoticeState.PUBLISHED),
    "unschedule": (frozenset({NoticeState.SCHEDULED}), NoticeState.DRAFT),
}

ACTION_LABELS = {
    "submit": "提交审核",
    "approve": "审核通过",
    "return": "退回",
    "publish": "发布",
    "withdraw": "撤回",
    "release": "定时发布",
    "unschedule": "取消定时发布",
    "remind": "催办",
}

# The server acting on its own (a scheduled notice's release): no client can sign in as this.
SYSTEM_ID = "system"

MAX_TITLE = 200
MAX_BODY = 20_000
MAX_HTML = 200_000  # markup around at most MAX_BODY characters of text
MAX_REASON = 500
MAX_RECIPIENT_IDS = 5_000
RECEIPT_NS = uuid.UUID("3f6c1b2e-5a0d-4c7e-9b8f-6d2e1a4c7b90")


def receipt_id(notice_id: str, person_id: str) -> str:
    """The one receipt of ``person_id`` for ``notice_id``: the same id however often, and by
    whichever path (publish, a late joiner), it is made."""
    return str(uuid.uuid5(RECEIPT_NS, f"{notice_id}:{person_id}"))


def next_state(action: str, current: NoticeState) -> NoticeState:
    """The state ``action`` leads to from ``current``; UserError when it cannot be taken now."""
    if action not in TRANSITIONS:
        raise UserError(f"通知没有“{action}”操作")
    sources, target = TRANSITIONS[action]
    if current not in sources:
        raise UserError(
            f"通知当前为“{current.label}”，不能{ACTION_LABELS[action]}（可能已由他人处理）"
        )
    return target


def check_may_act(
    action: str, *, grants: tuple[RoleGrant, ...], person_id: str, sender_id: str
) -> None:
    """Senders submit, publish (with 发送通知 permission), withdraw and remind; leaders review;
    only the server releases a scheduled notice."""
    if action == "release":
        if person_id != SYSTEM_ID:
            raise PermissionDeniedError("定时通知由服务器按时发布")
        return
    if action in ("approve", "return"):
        if Permission.SIGN_ISSUE not in permissions_of(grants):
            raise PermissionDeniedError("只有领导可以审核通知")
        return
    if person_id != sender_id:
        raise PermissionDeniedError("只有通知的起草人可以执行此操作")
    if action == "publish" and Permission.SEND_NOTICE not in permissions_of(grants):
        raise PermissionDeniedError("没有“发送通知”的权限，请提交审核")


def check_urgency(urgency: object) -> None:
    if urgency not in URGENCIES:
        raise UserError(f"紧急程度应为{'、'.join(URGENCIES)}之一")


# --- content ------------------------------------------------------------------------------------


def check_ids(value: object, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise UserError(f"{what}格式不正确")
    if len(value) > MAX_RECIPIENT_IDS:
        raise UserError(f"{what}过多（最多 {MAX_RECIPIENT_IDS} 个）")
    return list(value)


def check_fields(data: Mapping[str, Any], ceiling: str) -> None:
    """Shape and size of what a sender wrote; refused with the reason, nothing stored.

    Text must be text: a list or object here would be stored on every recipient's client,
    whose typed table cannot hold it, and block their sync."""
    title, body, html = data.get("title", ""), data.get("body") or "", data.get("body_html") or ""
    if not isinstance(title, str) or not isinstance(body, str) or not isinstance(html, str):
        raise UserError("通知标题和正文应为文字")
    if len(title) > MAX_TITLE:
        raise UserError(f"通知标题不能超过 {MAX_TITLE} 字")
    if len(body) > MAX_BODY:
        raise UserError(f"通知正文不能超过 {MAX_BODY} 字")
    if len(html) > MAX_HTML or rich_text.sanitize(html) != html:
        # A well-behaved client sanitizes before writing; anything else is not stored.
        raise UserError("通知正文格式不正确（只支持段落、加粗、斜体、下划线、列表和文字颜色）")
    if "urgency" in data:
        check_urgency(data["urgency"])
    check_classification(data.get("classification"), ceiling)
    check_ids(data.get("recipient_unit_ids"), "接收单位")
    check_ids(data.get("recipient_person_ids"), "接收人员")
    check_ids(data.get("recipient_group_ids"), "常用分组")
    publish_at = parse_moment(data.get("publish_at"), "定时发布时间")
    expires_at = parse_moment(data.get("expires_at"), "有效期")
    form = receipt_form.parse_form(data.get("receipt"))
    if publish_at and expires_at and expires_at <= publish_at:
        raise UserError("有效期应晚于发布时间")
    if form and expires_at and form.deadline > expires_at:
        raise UserError("回执截止时间不能晚于通知有效期")


def check_times(data: Mapping[str, Any], now: datetime) -> datetime | None:
    """At publishing: no time already past (by ``now``, the server's clock). Returns the
    scheduled time when it is in the future (None: publish now)."""
    publish_at = parse_moment(data.get("publish_at"), "定时发布时间")
    expires_at = parse_moment(data.get("expires_at"), "有效期")
    form = receipt_form.parse_form(data.get("receipt"))
    if publish_at is not None and publish_at <= now:
        raise UserError("定时发布时间已过，请重新设置或立即发布")
    if expires_at is not None and expires_at <= now:
        raise UserError("通知有效期已过，请重新设置")
    if form is not None and form.deadline <= now:
        raise UserError("回执截止时间已过，请重新设置")
    return publish_at


def expired(data: Mapping[str, Any], now: datetime) -> bool:
    expires_at = parse_moment(data.get("expires_at"), "有效期")
    return expires_at is not None and expires_at <= now


def is_open(data: Mapping[str, Any], now: datetime) -> bool:
    """Published, not withdrawn, not expired: still reaching people (late joiners, 回执)."""
    return data.get("state") == NoticeState.PUBLISHED and not expired(data, now)


def check_ack(notice: Mapping[str, Any] | None, now: datetime) -> ReceiptForm:
    """The form a 回执 may be submitted against now; UserError saying why not."""
    if notice is None:
        raise UserError("通知不存在或已无权访问")
    if notice.get("state") == NoticeState.WITHDRAWN:
        raise UserError("通知已撤回，不能再回执")
    if notice.get("state") != NoticeState.PUBLISHED:
        raise UserError("通知尚未发布")
    if expired(notice, now):
        raise UserError("通知已过期，不能再回执")
    form = receipt_form.parse_form(notice.get("receipt"))
    if form is None:
        raise UserError("此通知不需要回执")
    if form.deadline <= now:
        raise UserError("回执已截止")
    return form


def check_reason(reason: object) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise UserError("撤回通知须填写理由")
    if len(text) > MAX_REASON:
        raise UserError(f"撤回理由不能超过 {MAX_REASON} 字")
    return text


# --- who may be addressed ----------------------------------------------------------------------


class Records(Protocol):
    """Read access to units and people (the sync Lookup on either side)."""

    def get(self, record_id: str) -> Mapping[str, Any] | None: ...


class Sender(Protocol):
    @property
    def unit_id(self) -> str: ...

    @property
    def grants(self) -> tuple[RoleGrant, ...]: ...


def _chain(unit_id: str | None, records: Records) -> list[tuple[str, Mapping[str, Any]]]:
    """``unit_id`` and every unit above it, nearest first."""
    out: list[tuple[str, Mapping[str, Any]]] = []
    seen: set[str] = set()
    while unit_id and unit_id not in seen:
        seen.add(unit_id)
        unit = records.get(unit_id)
        if unit is None:
            break
        out.append((unit_id, unit))
        unit_id = unit.get("parent_id")
    return out


def _agency(unit_id: str | None, records: Records) -> str | None:
    return next((u for u, data in _chain(unit_id, records) if data.get("kind") == "agency"), None)


# Who speaks for a 机关 county-wide: its leaders and its office (the 政府办 sends most notices).
_WIDE_ROLES = frozenset({Role.LEADER, Role.OFFICE_DIRECTOR})


def reach(sender: Sender, records: Records) -> tuple[bool, set[str]]:
    """(may address any unit, the 机关 whose subtrees they may address).

    Anyone may address their own 机关 and what lies below it (and that of each unit they hold a
    role in). Any unit may be addressed by whoever holds a role in the top unit (the county
    government), and by the leaders and office directors of 机关 at the top level (局长, 政府办
    主任: they notify the townships)."""
    agencies: set[str] = set()
    wide = False
    for unit_id in [sender.unit_id, *(g.unit_id for g in sender.grants)]:
        agency = _agency(unit_id, records)
        if agency is not None:
            agencies.add(agency)
    for g in sender.grants:
        chain = _chain(g.unit_id, records)
        if not chain:
            continue
        top_level = chain[-1][1].get("level")
        if len(chain) == 1:
            wide = True  # a role in the top unit itself
        home = next((d for _, d in chain if d.get("kind") == "agency"), None)
        if g.role in _WIDE_ROLES and home is not None and home.get("level") == top_level:
            wide = True
    return wide, agencies


def _within(unit_id: str, agencies: set[str], records: Records) -> bool:
    return any(u in agencies for u, _ in _chain(unit_id, records))


def check_recipients(
    sender: Sender, unit_ids: Sequence[str], person_ids: Sequence[str], records: Records
) -> None:
    """Someone is addressed, everyone addressed is in the address book (people active), and
    everyone is within what ``sender`` may address (``reach``). UserError naming who is not."""
    if not unit_ids and not person_ids:
        raise UserError("请选择通知的接收单位或人员")
    wide, agencies = reach(sender, records)
    for unit_id in unit_ids:
        unit = records.get(unit_id)
        if unit is None or "kind" not in unit:
            raise UserError("接收单位不在通讯录中，请先同步通讯录")
        if not wide and not _within(unit_id, agencies, records):
            raise PermissionDeniedError(f"“{unit.get('name')}”不在您可以发送通知的范围内")
    for person_id in person_ids:
        person = records.get(person_id)
        if person is None or "username" not in person:
            raise UserError("接收人员不在通讯录中，请先同步通讯录")
        if person.get("active") is False:
            raise UserError(f"“{person.get('name')}”已停用，不能接收通知")
        if not wide and not _within(str(person.get("unit_id")), agencies, records):
            raise PermissionDeniedError(f"“{person.get('name')}”不在您可以发送通知的范围内")


def dedupe(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(person id, unit id) pairs, each person once, first occurrence kept."""
    seen: dict[str, tuple[str, str]] = {}
    for person_id, unit_id in pairs:
        seen.setdefault(person_id, (person_id, unit_id))
    return list(seen.values())
