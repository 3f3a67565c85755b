"""Explicit workflow state machines: named states, transitions, guards saying who may act.

A document record carries its workflow as plain fields, so the same rules run on a client (to
offer only the allowed buttons and refuse early) and on the server (to judge every synced
action on the state it holds — of two people acting on the same step offline, the first to
arrive wins and the other is told why):

- ``state``: the step the document is at;
- ``handlers``: who may act on it now, as scope keys (``person:<id>`` or ``role:<role>:<机关>``),
  so whoever must act can also see the document;
- ``mode``: ``any`` (one handler completes the step), ``all`` (each must act: parallel 会签,
  加签) or ``seq`` (in order: ordered 会签);
- ``after``: the handlers of the next step when a multi-person step completes;
- ``participants``: every key that ever held the document (they keep seeing it);
- ``log``: the 流转记录 (who did what, when, from which step to which);
- ``undo``: what 撤回 restores, kept until the next person acts.

Effects that need the server (numbers, copies for other units) are named by the transition and
carried out by the record type (app/sync/doc_types.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.org import Permission
from app.errors import PermissionDeniedError, UserError

Data = dict[str, Any]

ANY, ALL, SEQ = "any", "all", "seq"


@dataclass(frozen=True, slots=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: the step stays (transfer, 加签, reader marks …)
    permission: Permission | None = None
    by_handler: bool = True  # only a current handler may act
    needs_reason: bool = False  # 退回 must say why
    needs_next: bool = False  # the actor names who acts next
    effect: str | None = None  # a named effect the record type carries out


def transition(
    action: str, label: str, sources: set[str] | frozenset[str], target: str | None, **kw: Any
) -> Transition:
    return Transition(action, label, frozenset(sources), target, **kw)


@dataclass(frozen=True, slots=True)
class Machine:
    name: str
    label: str
    states: Mapping[str, str]  # key -> Chinese label
    transitions: Mapping[str, Transition]
    done: frozenset[str]  # states where nothing is pending (no overdue marking)

    def label_of(self, state: str) -> str:
        return self.states.get(state, state)

    def transition(self, action: str) -> Transition:
        t = self.transitions.get(action)
        if t is None:
            raise UserError(f"{self.label}没有“{action}”操作")
        return t

    def allowed(
        self,
        data: Mapping[str, Any],
        *,
        keys: Iterable[str],
        perms: Iterable[Permission],
        person_id: str,
    ) -> list[Transition]:
        """The transitions this person may take now (the document window's buttons)."""
        out = []
        for t in self.transitions.values():
            try:
                self.check(t.action, data, keys=keys, perms=perms, person_id=person_id, args=None)
            except UserError:
                continue
            out.append(t)
        return out

    def check(
        self,
        action: str,
        data: Mapping[str, Any],
        *,
        keys: Iterable[str],
        perms: Iterable[Permission],
        person_id: str,
        args: Mapping[str, Any] | None,
    ) -> Transition:
        """The transition ``action`` if this person may take it on ``data`` now; raises otherwise.
        ``args`` None checks only the guards (for offering buttons)."""
        t = self.transition(action)
        state = str(data.get("state") or "")
        if action == "withdraw":
            undo = data.get("undo") or {}
            if not undo or undo.get("by") != person_id or undo.get("state") != state:
                raise UserError("只能撤回自己刚办理、下一位办理人尚未处理的公文")
            return t
        if state not in t.sources:
            raise UserError(
                f"公文当前为“{self.label_of(state)}”，不能{t.label}（可能已由他人处理）"
            )
        if t.by_handler and not set(current_handlers(data)) & set(keys):
            raise PermissionDeniedError(f"该公文的“{self.label_of(state)}”环节不由您办理")
        if t.permission is not None and t.permission not in set(perms):
            raise PermissionDeniedError(f"没有“{t.permission.value}”的权限")
        if args is not None:
            if t.needs_reason and not str(args.get("reason") or "").strip():
                raise UserError(f"{t.label}须填写理由")
            if t.needs_next and not next_handlers(args):
                raise UserError("请选择下一步办理人")
        return t


def current_handlers(data: Mapping[str, Any]) -> list[str]:
    handlers = list(data.get("handlers") or [])
    if data.get("mode") == SEQ:
        return handlers[:1]
    return handlers


def next_handlers(args: Mapping[str, Any]) -> list[str]:
    """The ``next`` people an actor chose, as ``person:`` keys (order kept, no repeats)."""
    raw = args.get("next") or []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(p, str) and p for p in raw):
        raise UserError("下一步办理人格式不正确")
    return [f"person:{p}" for p in dict.fromkeys(raw)]


def move(
    data: Mapping[str, Any],
    t: Transition,
    *,
    actor_key: str,
    actor_keys: Iterable[str],
    person_id: str,
    now: str,
    handlers: Sequence[str] | None,
    mode: str = ANY,
    after: Sequence[str] = (),
    args: Mapping[str, Any] | None = None,
) -> Data:
    """The field changes for taking ``t``: state, handlers, participants, log and undo.

    ``handlers`` are the next step's (None: the step's handlers stay as they are). In an ``all``
    or ``seq`` step only the actor's own key is removed, and the step moves on when none is left.
    """
    args = args or {}
    state = str(data.get("state") or "")
    before = list(data.get("handlers") or [])
    keys = set(actor_keys)
    target = t.target
    if t.target is not None and data.get("mode") in (ALL, SEQ) and t.target != state:
        mine = [k for k in current_handlers(data) if k in keys]
        left = [k for k in before if k not in mine[:1]]
        if left and not t.needs_reason:  # someone else still has to act on this step
            target, handlers, mode = state, left, str(data.get("mode"))
            after = list(data.get("after") or [])
        elif not left and data.get("after") and handlers is None:
            handlers = list(data.get("after") or [])
    out: Data = {}
    if target is not None and target != state:
        out["state"] = target
    if handlers is not None:
        out["handlers"] = list(handlers)
        out["mode"] = mode
        out["after"] = list(after)
        participants = list(data.get("participants") or [])
        out["participants"] = participants + [h for h in handlers if h not in participants]
        if actor_key not in out["participants"]:
            out["participants"].append(actor_key)
    entry: Data = {
        "at": now,
        "by": person_id,
        "action": t.action,
        "label": t.label,
        "from": state,
        "to": out.get("state", state),
    }
    for key in ("reason", "purpose"):
        if args.get(key):
            entry[key] = str(args[key])
    if handlers is not None:
        entry["handlers"] = list(handlers)
    out["log"] = [*(data.get("log") or []), entry]
    # 撤回 is possible until the next person acts: remember what to restore.
    out["undo"] = (
        {
            "by": person_id,
            "state": out.get("state", state),
            "restore": {
                "state": state,
                "handlers": before,
                "mode": data.get("mode") or ANY,
                "after": list(data.get("after") or []),
            },
        }
        if t.target is not None and t.action != "withdraw"
        else None
    )
    return out


def withdraw(data: Mapping[str, Any], t: Transition, *, person_id: str, now: str) -> Data:
    """Undo this person's last step (checked by ``Machine.check``)."""
    restore = dict((data.get("undo") or {}).get("restore") or {})
    entry = {
        "at": now,
        "by": person_id,
        "action": t.action,
        "label": t.label,
        "from": data.get("state"),
        "to": restore.get("state"),
    }
    return {**restore, "undo": None, "log": [*(data.get("log") or []), entry]}


def is_overdue(data: Mapping[str, Any], machine: Machine, today: str) -> bool:
    """A deadline (ISO date) passed while the document is still being handled."""
    deadline = data.get("deadline")
    return bool(deadline) and str(data.get("state")) not in machine.done and str(deadline) < today
