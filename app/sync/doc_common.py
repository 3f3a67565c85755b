"""What the 发文 and 收文 record types share: who acts next, the generic step actions, checks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from app.domain import document as rules
from app.domain import workflow as wf
from app.domain.org import Role, permissions_of
from app.errors import PermissionDeniedError, UserError
from app.sync import attachments
from app.sync.records import ActionContext, Actor, Data, Lookup, person_key
from app.sync.scoping import role_key
from app.sync.types import agency_of

# The fields a workflow keeps on its record (app/domain/workflow.py), decided by the server only.
WORKFLOW_FIELDS = ("state", "handlers", "mode", "after", "participants", "log", "undo")

Effect = Callable[[Actor, Data, ActionContext, wf.Transition], "Step"]


class Step:
    """What an effect decides: the next handlers (None: keep), mode, and extra field changes."""

    def __init__(
        self,
        handlers: Sequence[str] | None = None,
        *,
        mode: str = wf.ANY,
        after: Sequence[str] = (),
        extra: Data | None = None,
        transition: wf.Transition | None = None,
    ) -> None:
        self.handlers = list(handlers) if handlers is not None else None
        self.mode = mode
        self.after = list(after)
        self.extra = extra or {}
        self.transition = transition


def agency(data: Data, lookup: Lookup) -> str:
    found = agency_of(data.get("unit_id"), lookup)
    if found is None:
        raise UserError("找不到公文所属机关，请联系管理员检查单位设置")
    return found


def role_keys(roles: Sequence[Role], agency_id: str) -> list[str]:
    return [role_key(r, agency_id) for r in roles]


def chosen(ctx: ActionContext) -> list[str]:
    """The people named as next handlers, checked to exist in the address book."""
    keys = wf.next_handlers(ctx.args)
    for key in keys:
        person = ctx.lookup.get(key.removeprefix("person:"))
        if person is None or "username" not in person:
            raise UserError("所选办理人不在通讯录中")
        if person.get("active") is False:
            raise UserError(f"“{person.get('name')}”已停用，请另选办理人")
    return keys


def next_or_default(
    ctx: ActionContext, state: str | None, step_roles: dict[str, tuple[Role, ...]], agency_id: str
) -> list[str]:
    if ctx.args.get("next"):
        return chosen(ctx)
    roles = step_roles.get(state or "", ())
    return role_keys(roles, agency_id) if roles else []


def generic_step(name: str, actor: Actor, data: Data, ctx: ActionContext) -> Step | None:
    """转交 and 加签, the same for every workflow."""
    mine = person_key(actor.person_id)
    if name == "transfer":
        people = chosen(ctx)
        current = wf.current_handlers(data)
        held = [k for k in current if k in actor.keys][:1] or [mine]
        handlers = [k for k in data.get("handlers") or [] if k not in held]
        handlers[0:0] = [p for p in people if p not in handlers]
        return Step(handlers, mode=str(data.get("mode") or wf.ANY), after=data.get("after") or [])
    if name == "add_handler":
        people = chosen(ctx)
        handlers = list(data.get("handlers") or [])
        handlers += [p for p in people if p not in handlers]
        mode = wf.ALL if (data.get("mode") or wf.ANY) == wf.ANY else str(data["mode"])
        return Step(handlers, mode=mode, after=data.get("after") or [])
    return None


def run_action(
    machine: wf.Machine, name: str, effects: dict[str, Effect]
) -> Callable[[Actor, Data, ActionContext], Data]:
    def act(actor: Actor, data: Data, ctx: ActionContext) -> Data:
        t = machine.check(
            name,
            data,
            keys=actor.keys,
            perms=permissions_of(actor.grants),
            person_id=actor.person_id,
            args=ctx.args,
        )
        if name == "withdraw":
            return wf.withdraw(data, t, person_id=actor.person_id, now=ctx.now)
        step = generic_step(name, actor, data, ctx)
        if step is None:
            step = effects[name](actor, data, ctx, t) if name in effects else Step()
        t = step.transition or t
        out = wf.move(
            data,
            t,
            actor_key=person_key(actor.person_id),
            actor_keys=actor.keys,
            person_id=actor.person_id,
            now=ctx.now,
            handlers=step.handlers,
            mode=step.mode,
            after=step.after,
            args=ctx.args,
        )
        if t.target is None and name not in ("transfer", "add_handler"):
            out.pop("undo", None)  # a reader's mark or a 催办 does not end anyone's 撤回
        return {**out, **step.extra}

    return act


def retarget(t: wf.Transition, target: str) -> wf.Transition:
    return replace(t, target=target)


def allocate(ctx: ActionContext, series: str) -> int:
    number = ctx.lookup.allocate(series)
    if number is None:
        raise UserError("编号由服务器统一分配，联网同步后生效")
    return number


def year_of(ctx: ActionContext) -> int:
    return int(ctx.now[:4])


def check_document_fields(actor: Actor, new: Data) -> None:
    rules.check_text_fields(new)
    level = rules.check_classification(new.get("classification"), actor.ceiling)
    rules.check_period(level, new.get("classification_period"))
    if attachments.FIELD in new:
        attachments.parse(new[attachments.FIELD])


def require_handler_or(actor: Actor, data: Data, *owners: Any) -> None:
    if actor.person_id in owners:
        return
    if set(wf.current_handlers(data)) & actor.keys:
        return
    raise PermissionDeniedError("只有拟稿人或当前办理人可以修改公文")
