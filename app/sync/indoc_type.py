"""The ``indoc`` (收文) record type: the machine of app/domain/incoming.py plus its effects.

A 收文 is made by 签收 of an exchange copy, or by hand for a paper document (登记 without
exchange). 初审 退回 and 答复 report back on the sender's exchange copy.
"""

from __future__ import annotations

from datetime import date

from app.domain import document as rules
from app.domain import incoming as inc
from app.domain import workflow as wf
from app.domain.org import Permission, permissions_of
from app.errors import PermissionDeniedError, UserError
from app.sync.doc_common import (
    WORKFLOW_FIELDS,
    Step,
    agency,
    allocate,
    check_document_fields,
    chosen,
    next_or_default,
    require_handler_or,
    retarget,
    role_keys,
    run_action,
    year_of,
)
from app.sync.doc_types import archive_step, workflow_scopes
from app.sync.records import ActionContext, Actor, Data, FieldKind, RecordType, person_key, register

T, S = FieldKind.TEXT, FieldKind.SERVER

IN_TEXT = (
    "title",
    "body",
    "doc_type",
    "doc_number",  # 来文字号
    "from_unit",  # 来文单位 (name; a paper document's sender may not be in the address book)
    "classification",
    "classification_period",
    "urgency",
    "copies",
    "attachments",
    "received_date",
    "note",
    "deadline",  # 时限 (ISO date): given at paper 登记, or set later by 批办/督办
)
IN_SERVER = (
    "unit_id",
    "created_by",
    "source",  # exchange | paper
    "exchange_id",
    "from_unit_id",
    "sealed_pdf",
    "sign_date",
    *WORKFLOW_FIELDS,
    "received_at",
    "register_number",
    "host",  # 主办
    "helpers",  # 协办
    "supervisor_id",  # 督办人
    "urges",
    "readers",  # person id -> {state, purpose, at, by, comment}
    "reply",
    "replied_at",
    "finished_at",
    "archive",
)


def _in_authorize(actor: Actor, op: str, old: Data | None, new: Data) -> None:
    if op == "act":
        return
    check_document_fields(actor, new)
    _deadline(new.get("deadline"))
    if op == "create":
        if Permission.RECEIVE_DOCUMENT not in permissions_of(actor.grants):
            raise PermissionDeniedError("没有登记收文的权限")
        return
    assert old is not None
    if old.get("state") not in (inc.REGISTER, inc.PRECHECK):
        raise UserError("收文已进入办理，来文信息不能再修改")
    if op == "delete" and (old.get("source") != "paper" or old.get("state") != inc.REGISTER):
        raise UserError("只能删除尚未登记的纸质来文")
    require_handler_or(actor, old, old.get("created_by"))


def _in_create(actor: Actor, data: Data) -> Data:
    """A paper document, registered by hand by the 收发员 who received it."""
    me = person_key(actor.person_id)
    return {
        "doc_type": "通知",
        "classification": "",
        "urgency": "",
        "copies": 1,
        **data,
        "created_by": actor.person_id,
        "unit_id": actor.unit_id,
        "source": "paper",
        "state": inc.REGISTER,
        "handlers": [me],
        "mode": wf.ANY,
        "after": [],
        "participants": [me],
        "log": [],
        "register_number": "",
        "readers": {},
        "urges": [],
    }


def _default(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    return Step(next_or_default(ctx, t.target, inc.STEP_ROLES, agency(data, ctx.lookup)))


def _register(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    year = year_of(ctx)
    seq = allocate(ctx, rules.register_series(agency(data, ctx.lookup), year))
    step = _default(actor, data, ctx, t)
    step.extra = {"register_number": rules.format_register_number(year, seq)}
    return step


def _reject(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    """初审 退回: the sender sees 已退回 with the reason on its exchange copy."""
    if data.get("exchange_id"):
        reason = str(ctx.args.get("reason") or "").strip()
        ctx.write(
            "exchange",
            str(data["exchange_id"]),
            {
                "status": "returned",
                "reason": reason,
                "returned_at": ctx.now,
                "returned_by": actor.person_id,
            },
        )
    return Step([])


def _deadline(value: object) -> str | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise UserError("办理时限应为日期，如 2026-07-04") from None


def _readers(data: Data, ctx: ActionContext, actor: Actor) -> Data:
    if not ctx.args.get("readers"):
        raise UserError("请选择传阅人员")
    people = chosen(_with_next(ctx, "readers"))
    readers = dict(data.get("readers") or {})
    purpose = str(ctx.args.get("purpose") or "").strip()
    if not purpose:
        raise UserError("传阅须说明目的（如：请阅知、请提出意见）")
    for key in people:
        pid = key.removeprefix("person:")
        if pid not in readers:
            readers[pid] = {
                "state": inc.UNREAD,
                "purpose": purpose,
                "at": ctx.now,
                "by": actor.person_id,
            }
    return readers


def _with_next(ctx: ActionContext, field: str) -> ActionContext:
    return ActionContext({"next": ctx.args.get(field) or []}, ctx.now, ctx.lookup, ctx.record_id)


def _instruct(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    """批办: 承办 by a 主办 (``next``) with 协办 and a 时限, or 传阅 only (``readers``)."""
    deadline = _deadline(ctx.args.get("deadline"))
    extra: Data = {"deadline": deadline} if deadline else {}
    if ctx.args.get("next"):
        host = chosen(ctx)
        helpers = chosen(_with_next(ctx, "helpers")) if ctx.args.get("helpers") else []
        extra |= {
            "host": host[0].removeprefix("person:"),
            "helpers": [h.removeprefix("person:") for h in helpers],
        }
        participants = list(data.get("participants") or [])
        extra["participants"] = participants + [h for h in helpers if h not in participants]
        step = Step(host[:1], extra=extra)
        if len(host) > 1:
            raise UserError("主办人只能选一位，其余请选为协办")
        return step
    if ctx.args.get("readers"):
        extra["readers"] = _readers(data, ctx, actor)
        # The office that proposed it follows the 传阅 and closes it.
        office = role_keys(inc.STEP_ROLES[inc.PROPOSE], agency(data, ctx.lookup))
        return Step(office, extra=extra, transition=retarget(t, inc.READING))
    raise UserError("请选择主办人（承办），或选择传阅人员（阅知）")


def _circulate(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    return Step(extra={"readers": _readers(data, ctx, actor)})


def _reader(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    readers = dict(data.get("readers") or {})
    mine = readers.get(actor.person_id)
    if mine is None:
        raise PermissionDeniedError("您不在该公文的传阅范围内")
    mine = dict(mine)
    if t.action == "open":
        if mine.get("state") == inc.UNREAD:
            mine |= {"state": inc.OPENED, "opened_at": ctx.now}
    else:
        mine |= {"state": inc.READ, "read_at": ctx.now}
        comment = str(ctx.args.get("comment") or "").strip()
        if comment:
            mine["comment"] = comment[:500]
    readers[actor.person_id] = mine
    return Step(extra={"readers": readers})


def _reply(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    text = str(ctx.args.get("text") or "").strip()
    if not text:
        raise UserError("答复内容不能为空")
    if data.get("exchange_id"):
        ctx.write(
            "exchange",
            str(data["exchange_id"]),
            {
                "status": "replied",
                "reply": text,
                "replied_at": ctx.now,
                "replied_by": actor.person_id,
            },
        )
    return Step(extra={"reply": text, "replied_at": ctx.now})


def _finish(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    step = _default(actor, data, ctx, t)
    step.extra = {"finished_at": ctx.now}
    return step


def _urge(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    note = {"at": ctx.now, "by": actor.person_id, "text": str(ctx.args.get("text") or "请抓紧办理")}
    return Step(extra={"urges": [*(data.get("urges") or []), note]})


def _supervise(actor: Actor, data: Data, ctx: ActionContext, t: wf.Transition) -> Step:
    extra: Data = {"supervisor_id": actor.person_id}
    deadline = _deadline(ctx.args.get("deadline"))
    if deadline:
        extra["deadline"] = deadline
    participants = list(data.get("participants") or [])
    me = person_key(actor.person_id)
    if me not in participants:
        extra["participants"] = [*participants, me]
    return Step(extra=extra)


register(
    RecordType(
        name="indoc",
        label="收文",
        fields={**dict.fromkeys(IN_TEXT, T), **dict.fromkeys(IN_SERVER, S)},
        required=frozenset({"title"}),
        authorize=_in_authorize,
        scopes=lambda data, lookup: (
            workflow_scopes(data) | {person_key(p) for p in data.get("readers") or {}}
        ),
        on_create=_in_create,
        actions={
            name: run_action(
                inc.MACHINE,
                name,
                {
                    "register": _register,
                    "precheck_pass": _default,
                    "reject": _reject,
                    "propose": lambda a, d, c, t: Step(chosen(c)),
                    "instruct": _instruct,
                    "circulate": _circulate,
                    "open": _reader,
                    "mark_read": _reader,
                    "reply": _reply,
                    "finish": _finish,
                    "urge": _urge,
                    "supervise": _supervise,
                    "archive": archive_step,
                },
            )
            for name in inc.MACHINE.transitions
        },
    )
)
