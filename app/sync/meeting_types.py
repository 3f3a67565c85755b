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
from app.domain.notice import receipt_id
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
    "notice_id",  # the 会议通知 sent for it ([4] notices; app/services/meeting_notice.py)
    "minutes",  # 纪要: {text, decisions: [{id, item, owner_id, deadline}], saved_at}
)
MEETING_SERVER = (
    "organizer_id",
    "state",
    "booked",  # the slot the server confirmed (what room_bookings holds), or None
    "reason",  # why it was refused
    "conflict",  # {meeting_id, title, start, end} it clashed with
    "decided_at",
    "decided_by",
    "decision_ids",  # the 议定事项 records the last ``decide`` wrote
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


# --- 签到 ---------------------------------------------------------------------------------------

ATTENDANCE_FIELDS = (
    "meeting_id",
    "person_id",  # the attendee expected (the one who delegated, when a delegate came)
    "delegate_id",  # who came in their place, or None
    "signed_at",  # the signing laptop's clock (offline sign-ins keep their time)
    "late",
    "method",  # tick | code
    "signed_by",
    "created_at",
)
METHODS = {"tick": "点名", "code": "签到码"}


def expected_people(data: Data, lookup: Lookup) -> list[str]:
    """Those asked to attend: the people named and the members of the units named, each once."""
    people = list(data.get("attendee_person_ids") or [])
    people += [p for p, _u in lookup.members(list(data.get("attendee_unit_ids") or []))]
    return list(dict.fromkeys(people))


def delegates_of(data: Data, people: list[str], lookup: Lookup) -> tuple[dict[str, str], bool]:
    """(delegate -> the attendee who delegated them, from the 会议通知's 回执; whether the 回执
    are held here at all — the server holds them, a 会议管理员's laptop may not)."""
    notice_id = data.get("notice_id")
    if not notice_id:
        return {}, True
    ids = {receipt_id(str(notice_id), p): p for p in people}
    out: dict[str, str] = {}
    receipts = lookup.get_many(list(ids))
    for rid, receipt in receipts.items():
        answers = (receipt or {}).get("answers") or {}
        if receipt and receipt.get("acked_at") and answers.get(rules.REPLY_FIELD) == rules.DELEGATE:
            out.setdefault(str(answers.get(rules.DELEGATE_FIELD)), ids[rid])
    return out, any(r is not None for r in receipts.values())


def sign_in_record(meeting_id: str, data: Data, args: Data, lookup: Lookup) -> tuple[str, Data]:
    """The 签到 record (id, fields) for ``args`` {person_id, signed_at, method, code,
    for_person_id}; the same on the organizer's laptop (shown at once, offline) and on the
    server (authoritative). A delegate is signed in for the attendee whose 回执 names them
    (``for_person_id`` says whom, where the 回执 are not held here; the server checks it)."""
    if data.get("state") in (State.CANCELLED, State.REFUSED):
        raise UserError("会议已取消或未通过预订，不能签到")
    who = str(args.get("person_id") or "")
    method = args.get("method") or "tick"
    if method not in METHODS:
        raise UserError("签到方式不正确")
    signed_at = rules.parse_time(args.get("signed_at"), "签到时间")
    if method == "code" and args.get("code") != rules.attendance_code(meeting_id, who):
        raise UserError("签到码不正确")
    expected = expected_people(data, lookup)
    observers = list(data.get("observer_ids") or [])
    person, delegate = who, None
    if who not in expected and who not in observers:
        delegated, held = delegates_of(data, expected, lookup)
        named = str(args.get("for_person_id") or "")
        if who in delegated and named in ("", delegated[who]):
            person = delegated[who]
        elif not held and named in expected:
            person = named
        else:
            raise UserError("此人不在参会名单中，也不是参会人委派的代表")
        delegate = who
    fields: Data = {
        "meeting_id": meeting_id,
        "person_id": person,
        "delegate_id": delegate,
        "signed_at": signed_at.isoformat(),
        "late": rules.is_late(rules.slot_of(data), signed_at),
        "method": method,
    }
    return rules.attendance_id(meeting_id, person), fields


def _sign_in(actor: Actor, data: Data, ctx: ActionContext) -> Data:
    """签到 by the organizer or 会议管理员: writes the attendee's record once (a second sign-in of
    the same person keeps the first, with its time)."""
    _organizer_or_admin(actor, data)
    rid, fields = sign_in_record(ctx.record_id, data, ctx.args, ctx.lookup)
    if ctx.lookup.get(rid) is None:
        fields = {**fields, "signed_by": actor.person_id, "created_at": ctx.now}
        ctx.write("meeting_attendance", rid, fields, create=True)
    return {}


def _child_authorize(actor: Actor, op: str, old: Data | None, new: Data) -> None:
    if op != "act":
        raise PermissionDeniedError("此记录由服务器根据会议生成，不能直接修改")


register(
    RecordType(
        name="meeting_attendance",
        label="会议签到",
        fields=dict.fromkeys(ATTENDANCE_FIELDS, S),
        client_writable=False,
        parent_field="meeting_id",
        authorize=_child_authorize,
        scopes=lambda data, lookup: lookup.scopes(str(data["meeting_id"])),
    )
)


# --- 纪要的议定事项 → 督办 ----------------------------------------------------------------

DECISION_FIELDS = (
    "meeting_id",
    "meeting_title",
    "item",
    "owner_id",  # 主办: who carries it out
    "deadline",  # 时限 (ISO date)
    "state",  # open | done | withdrawn (removed from the 纪要)
    "organizer_id",
    "done_at",
    "done_by",
    "done_note",
    "created_at",
)
OPEN, DONE, WITHDRAWN = "open", "done", "withdrawn"


def decision_records(meeting_id: str, data: Data, lookup: Lookup) -> list[tuple[str, Data]]:
    """The 议定事项 records the meeting's 纪要 asks for: new or changed ones open (one already 办结
    stays so), ones dropped from the 纪要 withdrawn."""
    minutes = data.get("minutes") or {}
    items = rules.check_decisions(minutes.get("decisions") or [])
    ids = [d["id"] for d in items]
    dropped = [i for i in data.get("decision_ids") or [] if i not in ids]
    existing = lookup.get_many(ids + dropped)
    out: list[tuple[str, Data]] = []
    for d in items:
        old = existing.get(d["id"])
        if old is not None and old.get("meeting_id") != meeting_id:
            raise UserError("议定事项编号与其他会议重复")
        state = str(old.get("state")) if old and old.get("state") == DONE else OPEN
        fields = {k: v for k, v in d.items() if k != "id"}
        out.append(
            (
                d["id"],
                {
                    **fields,
                    "meeting_id": meeting_id,
                    "meeting_title": data.get("title") or "",
                    "organizer_id": data.get("organizer_id"),
                    "state": state,
                },
            )
        )
    out += [(i, {"state": WITHDRAWN}) for i in dropped if existing.get(i) is not None]
    return out


def _decide(actor: Actor, data: Data, ctx: ActionContext) -> Data:
    """议定事项 of the saved 纪要 become 督办 items (records the owner sees and closes)."""
    _organizer_or_admin(actor, data)
    written = decision_records(ctx.record_id, data, ctx.lookup)
    for rid, fields in written:
        new = ctx.lookup.get(rid) is None
        ctx.write(
            "meeting_decision",
            rid,
            {**fields, "created_at": ctx.now} if new else fields,
            create=new,
        )
    return {"decision_ids": [rid for rid, f in written if f.get("state") != WITHDRAWN]}


def _finish(actor: Actor, data: Data, ctx: ActionContext) -> Data:
    """办结 by the owner (or the meeting's organizer)."""
    if actor.person_id not in (data.get("owner_id"), data.get("organizer_id")):
        raise PermissionDeniedError("只有责任人或会议组织者可以办结此事项")
    if data.get("state") != OPEN:
        raise UserError("此事项已办结或已撤销")
    note = str(ctx.args.get("note") or "").strip()[:500]
    return {"state": DONE, "done_at": ctx.now, "done_by": actor.person_id, "done_note": note}


register(
    RecordType(
        name="meeting_decision",
        label="议定事项",
        fields=dict.fromkeys(DECISION_FIELDS, S),
        client_writable=False,
        parent_field="meeting_id",
        authorize=_child_authorize,
        scopes=lambda data, lookup: (
            lookup.scopes(str(data["meeting_id"])) | {person_key(str(data["owner_id"]))}
        ),
        actions={"finish": _finish},
    )
)


register(
    RecordType(
        name="meeting",
        label="会议",
        fields={**dict.fromkeys(MEETING_TEXT, T), **dict.fromkeys(MEETING_SERVER, S)},
        required=frozenset({"title", "start", "end"}),
        authorize=_meeting_authorize,
        scopes=_meeting_scopes,
        on_create=_meeting_create,
        actions={
            "book": _book,
            "approve": _approve,
            "reject": _reject,
            "cancel": _cancel,
            "sign_in": _sign_in,
            "decide": _decide,
        },
    )
)
