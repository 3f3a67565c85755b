"""会议 record types: ``room`` (会议室, kept by 会议管理员) and ``meeting``.

The room a meeting holds is decided by the server. A client creates or edits a meeting (its
time and room are ordinary fields, so an offline edit is never lost) and queues the ``book``
action after it; the server runs ``book`` against the confirmed bookings it holds and sets the
state: 已确认 (the slot is copied into ``booked``, which alone feeds the server's room_bookings
index), 未通过 (with the reason and the meeting it clashed with), or 待审批 for rooms that need
approval. Two offline clients booking one slot: the first to arrive is confirmed, the second is
refused, and both keep everything they typed.
"""

from __future__ import annotations

from typing import Any

from app.domain import meeting as rules
from app.domain.meeting import MeetingState as State
from app.domain.org import Permission, Role, permissions_of
from app.errors import PermissionDeniedError, UserError
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
from app.sync.scoping import role_key
from app.sync.types import agency_of

T, S = FieldKind.TEXT, FieldKind.SERVER

# --- 会议室 -----------------------------------------------------------------------------------

ROOM_FIELDS = (
    "name",
    "building",
    "location",
    "capacity",
    "equipment",  # ["投影", "视频会议", …]
    "needs_approval",
    "approver_ids",  # who approves bookings (besides 会议管理员)
    "active",
    "sort_order",
)


def may_manage(actor: Actor) -> bool:
    return Permission.MANAGE_MEETINGS in permissions_of(actor.grants)


def _room_authorize(actor: Actor, op: str, old: Data | None, new: Data) -> None:
    if not may_manage(actor):
        raise PermissionDeniedError("只有会议管理员可以维护会议室")
    if op == "delete":
        return
    name = new.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 60:
        raise UserError("会议室名称应为 1–60 字")
    capacity = new.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or not 0 < capacity <= 5000):
        raise UserError("会议室容量应为 1–5000 人")
    approvers = new.get("approver_ids")
    if approvers is not None and not isinstance(approvers, list):
        raise UserError("审批人格式不正确")
    if new.get("needs_approval") and not approvers:
        raise UserError("需要审批的会议室请指定审批人")


register(
    RecordType(
        name="room",
        label="会议室",
        fields=dict.fromkeys(ROOM_FIELDS, T),
        required=frozenset({"name"}),
        authorize=_room_authorize,
        scopes=lambda data, lookup: {EVERYONE},
        on_create=lambda actor, data: {
            "equipment": [],
            "needs_approval": False,
            "approver_ids": [],
            "active": True,
            **data,
        },
    )
)


# --- 会议 ------------------------------------------------------------------------------------

SLOT_FIELDS = ("room_id", "start", "end", "tz", "recurrence", "exceptions")
MEETING_TEXT = (
    "title",
    "kind",  # 常务会议 / 专题会议 / 工作会议 / 培训 / 其他
    "host_unit_id",
    *SLOT_FIELDS,
    "place",  # an outside place or a video link, when no room is booked
    "description",
    "attendee_person_ids",
    "attendee_unit_ids",
    "observer_ids",  # 列席
    "agenda",  # [{title, presenter, minutes, attachments}]
    "reply_deadline",  # 参会回执 deadline (ISO)
    "series_id",  # the series a "this and following" split came from
)
MEETING_SERVER = (
    "organizer_id",
    "state",
    "booked",  # the slot the server confirmed (what room_bookings holds), or None
    "reason",  # why it was refused
    "conflict",  # {meeting_id, title, start, end} it clashed with
    "decided_at",
    "decided_by",
    "notice_id",  # the 会议通知 sent for it ([4] notices)
    "created_at",
)


def _meeting_scopes(data: Data, lookup: Lookup) -> set[str]:
    keys = {person_key(str(data["organizer_id"]))}
    keys |= {person_key(p) for p in data.get("attendee_person_ids") or ()}
    keys |= {person_key(p) for p in data.get("observer_ids") or ()}
    keys |= {unit_key(u) for u in data.get("attendee_unit_ids") or ()}
    host = data.get("host_unit_id")
    agency = agency_of(str(host), lookup) if host else None
    if agency is not None:
        keys.add(role_key(Role.MEETING_ADMIN, agency))
    if data.get("state") == State.PENDING and data.get("room_id"):
        room = lookup.get(str(data["room_id"])) or {}
        keys |= {person_key(p) for p in room.get("approver_ids") or ()}
    return keys


def _organizer_or_admin(actor: Actor, data: Data) -> None:
    if actor.person_id != data.get("organizer_id") and not may_manage(actor):
        raise PermissionDeniedError("只有会议组织者或会议管理员可以修改此会议")


def _meeting_authorize(actor: Actor, op: str, old: Data | None, new: Data) -> None:
    if op == "act":
        return  # each action checks its own rule
    if old is not None:
        _organizer_or_admin(actor, old)
        if op == "update" and old.get("state") == State.CANCELLED:
            raise UserError("会议已取消，不能再修改")
    if op != "delete":
        rules.check_fields(new)


def _meeting_create(actor: Actor, data: Data) -> Data:
    return {
        "kind": "工作会议",
        "tz": rules.DEFAULT_TZ,
        "attendee_person_ids": [],
        "attendee_unit_ids": [],
        "observer_ids": [],
        "agenda": [],
        "exceptions": [],
        **data,
        "organizer_id": actor.person_id,
        "state": State.PROVISIONAL.value,
        "booked": None,
    }


def _refused(reason: str, conflict: Data | None, ctx: ActionContext, actor: Actor) -> Data:
    return {
        "state": State.REFUSED.value,
        "booked": None,
        "reason": reason,
        "conflict": conflict,
        "decided_at": ctx.now,
        "decided_by": actor.person_id,
    }


def decide_slot(data: Data, ctx: ActionContext, actor: Actor) -> tuple[Data | None, Data | None]:
    """(booking to confirm, refusal) for the meeting's current slot: exactly one is set."""
    slot = rules.slot_of(data)
    occurrences = slot.occurrences()
    if not occurrences:
        raise UserError("该会议没有任何一次（所有日期都已排除）")
    if slot.room_id is None:
        return slot.dump(), None
    room = ctx.lookup.get(slot.room_id)
    # (Every room has needs_approval, set at creation: a unit or person id is no room.)
    if room is None or "needs_approval" not in room or room.get("active") is False:
        return None, _refused("会议室不存在或已停用", None, ctx, actor)
    whole = rules.span(occurrences)
    assert whole is not None
    taken = ctx.lookup.bookings(slot.room_id, whole.start, whole.end, ctx.record_id)
    clash = rules.first_conflict(occurrences, taken)
    if clash is None:
        return slot.dump(), None
    _occ, booking = clash
    other = ctx.lookup.get(booking.meeting_id) or {}
    title = str(other.get("title") or "另一会议")
    reason = rules.conflict_reason(str(room.get("name") or ""), title, booking, slot.tz)
    conflict = {
        "meeting_id": booking.meeting_id,
        "title": title,
        "start": rules.utc_iso(booking.start),
        "end": rules.utc_iso(booking.end),
    }
    return None, _refused(reason, conflict, ctx, actor)


def _is_approver(actor: Actor, room: Data) -> bool:
    return actor.person_id in (room.get("approver_ids") or ()) or may_manage(actor)


def _book(actor: Actor, data: Data, ctx: ActionContext) -> Data:
    """Decide the meeting's current slot: confirmed, refused (with the clash) or 待审批."""
    _organizer_or_admin(actor, data)
    if data.get("state") == State.CANCELLED:
        raise UserError("会议已取消，不能再预订")
    booked, refusal = decide_slot(data, ctx, actor)
    if refusal is not None:
        return refusal
    room = ctx.lookup.get(str(data["room_id"])) if data.get("room_id") else None
    if room is not None and room.get("needs_approval") and not _is_approver(actor, room):
        out: Data = {"state": State.PENDING.value, "booked": None}
        return {**out, "reason": None, "conflict": None}
    return {
        "state": State.CONFIRMED.value,
        "booked": booked,
        "reason": None,
        "conflict": None,
        "decided_at": ctx.now,
        "decided_by": actor.person_id,
    }


def _approver_only(actor: Actor, data: Data, ctx: ActionContext) -> None:
    if data.get("state") != State.PENDING:
        raise UserError("此会议不在待审批状态")
    room = ctx.lookup.get(str(data.get("room_id"))) or {}
    if not _is_approver(actor, room):
        raise PermissionDeniedError("只有该会议室的审批人可以审批")


def _approve(actor: Actor, data: Data, ctx: ActionContext) -> Data:
    """审批通过: checked again against what was confirmed while it waited."""
    _approver_only(actor, data, ctx)
    booked, refusal = decide_slot(data, ctx, actor)
    if refusal is not None:
        return refusal
    out: Data = {"state": State.CONFIRMED.value, "booked": booked, "reason": None}
    return {**out, "conflict": None, "decided_at": ctx.now, "decided_by": actor.person_id}


def _reject(actor: Actor, data: Data, ctx: ActionContext) -> Data:
    _approver_only(actor, data, ctx)
    reason: Any = ctx.args.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise UserError("请填写不同意的理由")
    return _refused(f"审批未通过：{reason.strip()[:200]}", None, ctx, actor)


def _cancel(actor: Actor, data: Data, ctx: ActionContext) -> Data:
    """取消: the room is freed; the record stays (attendees are told, minutes keep the link)."""
    _organizer_or_admin(actor, data)
    if data.get("state") == State.CANCELLED:
        return {}
    reason: Any = ctx.args.get("reason") or ""
    return {
        "state": State.CANCELLED.value,
        "booked": None,
        "reason": str(reason)[:200] or None,
        "decided_at": ctx.now,
        "decided_by": actor.person_id,
    }


register(
    RecordType(
        name="meeting",
        label="会议",
        fields={**dict.fromkeys(MEETING_TEXT, T), **dict.fromkeys(MEETING_SERVER, S)},
        required=frozenset({"title", "start", "end"}),
        authorize=_meeting_authorize,
        scopes=_meeting_scopes,
        on_create=_meeting_create,
        actions={"book": _book, "approve": _approve, "reject": _reject, "cancel": _cancel},
    )
)
