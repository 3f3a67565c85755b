"""Every 发文 and 收文 transition and guard (app/domain/outgoing.py, incoming.py), and the effects
the record types add (app/sync/doc_types.py), decided as the server decides them — no I/O."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from app.domain import document as rules
from app.domain import incoming as inc
from app.domain import outgoing as out
from app.domain.org import Permission, Role, RoleGrant
from app.domain.workflow import Machine
from app.errors import PermissionDeniedError, UserError
from app.sync.merge import State, decide
from app.sync.protocol import Mutation, Op, Status
from app.sync.records import Actor, Data, Lookup, record_type
from app.sync.scoping import actor_keys

MACHINES = [out.MACHINE, inc.MACHINE]
ALL_PERMS = frozenset(Permission)
ME = "person:me"
ARGS = {"reason": "理由", "next": ["p2"]}


def cases() -> list[tuple[Machine, str, str]]:
    return [
        (mach, action, state)
        for mach in MACHINES
        for action, state in itertools.product(mach.transitions, mach.states)
        if action != "withdraw"
    ]


@pytest.mark.parametrize(("machine", "action", "state"), cases())
def test_each_transition_only_from_its_states(machine: Machine, action: str, state: str) -> None:
    t = machine.transition(action)
    data = {"state": state, "handlers": [ME]}
    check = lambda: machine.check(  # noqa: E731
        action, data, keys={ME}, perms=ALL_PERMS, person_id="me", args=ARGS
    )
    if state in t.sources:
        assert check() is t
    else:
        with pytest.raises(UserError, match="不能"):
            check()


def each(kind: str) -> list[tuple[Machine, str]]:
    out_: list[tuple[Machine, str]] = []
    for mach in MACHINES:
        for t in mach.transitions.values():
            if (kind == "handler" and t.by_handler) or (kind == "perm" and t.permission):
                out_.append((mach, t.action))
            if (kind == "reason" and t.needs_reason) or (kind == "next" and t.needs_next):
                out_.append((mach, t.action))
    return out_


def source(machine: Machine, action: str) -> str:
    return sorted(machine.transition(action).sources)[0]


@pytest.mark.parametrize(("machine", "action"), each("handler"))
def test_only_a_current_handler_may_act(machine: Machine, action: str) -> None:
    data = {"state": source(machine, action), "handlers": ["person:someone-else"]}
    with pytest.raises(PermissionDeniedError, match="不由您办理"):
        machine.check(action, data, keys={ME}, perms=ALL_PERMS, person_id="me", args=ARGS)


@pytest.mark.parametrize(("machine", "action"), each("perm"))
def test_the_step_needs_its_permission(machine: Machine, action: str) -> None:
    t = machine.transition(action)
    data = {"state": source(machine, action), "handlers": [ME]}
    perms = ALL_PERMS - {t.permission}
    with pytest.raises(
        PermissionDeniedError, match=str(t.permission.value if t.permission else "")
    ):
        machine.check(action, data, keys={ME}, perms=perms, person_id="me", args=ARGS)


@pytest.mark.parametrize(("machine", "action"), each("reason"))
def test_returning_needs_a_reason(machine: Machine, action: str) -> None:
    data = {"state": source(machine, action), "handlers": [ME]}
    with pytest.raises(UserError, match="理由"):
        machine.check(
            action, data, keys={ME}, perms=ALL_PERMS, person_id="me", args={"reason": " "}
        )


@pytest.mark.parametrize(("machine", "action"), each("next"))
def test_forwarding_needs_the_next_handler(machine: Machine, action: str) -> None:
    data = {"state": source(machine, action), "handlers": [ME]}
    with pytest.raises(UserError, match="下一步办理人"):
        machine.check(action, data, keys={ME}, perms=ALL_PERMS, person_id="me", args={})


def test_the_sequential_mode_lets_only_the_first_act() -> None:
    data = {"state": out.COUNTERSIGN, "handlers": ["person:a", ME], "mode": "seq"}
    with pytest.raises(PermissionDeniedError):
        out.MACHINE.check("countersign", data, keys={ME}, perms=ALL_PERMS, person_id="me", args={})


# --- decided as the server decides: a little county in memory --------------------------------

UNITS = {
    "gov": {"name": "塔山市人民政府", "kind": "agency", "parent_id": None},
    "edu": {"name": "塔山市教育局", "kind": "agency", "parent_id": "gov"},
    "town": {"name": "西岭乡人民政府", "kind": "agency", "parent_id": "gov"},
    "dept": {"name": "秘书科", "kind": "department", "parent_id": "edu"},
}
PEOPLE = {
    "drafter": ("edu", [Role.HANDLER]),
    "reviewer": ("edu", [Role.REVIEWER]),
    "leader": ("edu", [Role.LEADER]),
    "c1": ("edu", [Role.HANDLER]),
    "c2": ("edu", [Role.HANDLER]),
    "clerk": ("dept", [Role.CLERK, Role.SEAL_KEEPER, Role.ARCHIVIST]),
    "director": ("edu", [Role.OFFICE_DIRECTOR]),
    "tclerk": ("town", [Role.CLERK]),
}


class County(Lookup):
    def __init__(self) -> None:
        self.records: dict[str, Data] = {k: dict(v) for k, v in UNITS.items()}
        for pid, (unit, _roles) in PEOPLE.items():
            self.records[pid] = {"username": pid, "name": pid, "unit_id": unit, "active": True}
        self.counters: dict[str, int] = {}

    def get(self, record_id: str) -> Data | None:
        return self.records.get(record_id)

    def scopes(self, record_id: str) -> set[str]:
        return set()

    def allocate(self, series: str) -> int:
        self.counters[series] = self.counters.get(series, 0) + 1
        return self.counters[series]


def actor(pid: str, ceiling: str = "内部") -> Actor:
    unit, roles = PEOPLE[pid]
    grants = tuple(RoleGrant(r, unit) for r in roles)
    units = {k: (v["parent_id"], v["kind"]) for k, v in UNITS.items()}
    return Actor(pid, unit, grants, actor_keys(pid, unit, grants, units), ceiling)


class Doc:
    """One 发文 on a simulated server: each call is one mutation decided on the state held."""

    def __init__(self, lookup: County | None = None, **fields: Any) -> None:
        self.lookup = lookup or County()
        self.state: State | None = None
        self.n = 0
        self.writes: list[Any] = []
        fields.setdefault("title", "关于做好冬季学校安全工作的通知")
        fields.setdefault("code", "塔教发")
        self.decide("drafter", Op.CREATE, fields=fields)

    def decide(self, who: str, op: Op, action: str | None = None, **fields: Any) -> Any:
        self.n += 1
        m = Mutation(
            id=self.n,
            type="outdoc",
            record_id="doc1",
            op=op,
            action=action,
            fields=fields.pop("fields", fields),
            base=self.state.version if self.state else 0,
        )
        result = decide(
            self.state,
            m,
            record_type("outdoc"),
            actor=actor(who),
            device_id=who,
            now="2026-07-04T09:00:00+00:00",
            lookup=self.lookup,
        )
        if result.status is Status.REJECTED:
            raise UserError(result.error)
        if result.state is not None:
            self.state = result.state
        self.writes += result.writes
        return result

    def act(self, who: str, action: str, **args: Any) -> None:
        self.decide(who, Op.ACT, action, fields=args)

    @property
    def data(self) -> Data:
        assert self.state is not None
        return self.state.data


def to_sign(doc: Doc) -> None:
    doc.act("drafter", "submit", next=["reviewer"])
    doc.act("reviewer", "review_pass", next=["leader"])


def test_the_whole_outgoing_flow_numbers_seals_and_dispatches() -> None:
    doc = Doc(main_units=["town"], cc_units=["gov"])
    to_sign(doc)
    assert doc.data["state"] == out.SIGN and doc.data["handlers"] == ["person:leader"]
    doc.act("leader", "sign")
    assert doc.data["sign_date"] == "2026-07-04" and len(doc.data["snapshots"]) == 2
    assert doc.data["handlers"] == ["role:office_director:edu", "role:reviewer:edu"]
    doc.act("director", "recheck_pass")
    assert doc.data["handlers"] == ["role:clerk:edu"]  # the 收发员 of the 教育局, in its 秘书科
    doc.act("clerk", "number")
    assert doc.data["doc_number"] == "塔教发〔2026〕1号"
    with pytest.raises(UserError, match="PDF"):
        doc.act("clerk", "seal")
    pdf = {"sha256": "a" * 64, "name": "塔教发〔2026〕1号.pdf", "size": 10}
    doc.act("clerk", "seal", attachments=[pdf], key_id="k1")
    doc.act("clerk", "dispatch")
    copies = {w.fields["to_unit_id"]: w.fields for w in doc.writes if w.type == "exchange"}
    assert {u: c["kind"] for u, c in copies.items()} == {"town": "主送", "gov": "抄送"}
    assert all(c["sealed_pdf"] == pdf and c["status"] == "sent" for c in copies.values())
    doc.act("clerk", "archive", retention="永久")
    assert doc.data["archive"]["number"] == "2026-永久-0001"
    assert [e["label"] for e in doc.data["log"]] == [
        "送核稿",
        "核稿通过",
        "签发",
        "复核通过",
        "编号",
        "用印",
        "分发",
        "归档",
    ]


def test_the_text_is_locked_after_signing_and_returns_go_back_with_reasons() -> None:
    doc = Doc()
    doc.act("drafter", "submit", next=["reviewer"])
    doc.decide("reviewer", Op.UPDATE, fields={"body": "核稿时修改"})  # the reviewer may edit
    with pytest.raises(UserError, match="只有拟稿人或当前办理人"):
        doc.decide("c1", Op.UPDATE, fields={"body": "旁人修改"})
    doc.act("reviewer", "review_pass", next=["leader"])
    doc.act("leader", "return", reason="请补充依据")
    assert doc.data["state"] == out.DRAFT and doc.data["handlers"] == ["person:drafter"]
    assert doc.data["log"][-1]["reason"] == "请补充依据"
    to_sign(doc)
    doc.act("leader", "sign")
    with pytest.raises(UserError, match="锁定"):
        doc.decide("drafter", Op.UPDATE, fields={"body": "签发后再改"})
    doc.act("director", "return_to_signer", reason="需要实质修改")
    assert doc.data["state"] == out.SIGN and doc.data["handlers"] == ["person:leader"]


def test_countersigning_in_parallel_needs_everyone_and_in_order_keeps_the_order() -> None:
    doc = Doc(countersigners=["c1", "c2"])
    to_sign(doc)
    assert doc.data["state"] == out.COUNTERSIGN
    doc.act("c2", "countersign")
    assert doc.data["state"] == out.COUNTERSIGN and doc.data["handlers"] == ["person:c1"]
    doc.act("c1", "countersign")
    assert doc.data["state"] == out.SIGN and doc.data["handlers"] == ["person:leader"]

    ordered = Doc(countersigners=["c1", "c2"], countersign_mode="ordered")
    to_sign(ordered)
    with pytest.raises(UserError, match="不由您办理"):
        ordered.act("c2", "countersign")
    ordered.act("c1", "countersign")
    ordered.act("c2", "countersign")
    assert ordered.data["state"] == out.SIGN


def test_withdraw_only_before_the_next_person_acts() -> None:
    doc = Doc()
    doc.act("drafter", "submit", next=["reviewer"])
    with pytest.raises(UserError, match="撤回"):
        doc.act("reviewer", "withdraw")
    doc.act("drafter", "withdraw")
    assert doc.data["state"] == out.DRAFT and doc.data["handlers"] == ["person:drafter"]
    to_sign(doc)
    with pytest.raises(UserError, match="撤回"):
        doc.act("drafter", "withdraw")  # the reviewer has acted since


def test_transfer_and_added_signer() -> None:
    doc = Doc()
    doc.act("drafter", "submit", next=["reviewer"])
    doc.act("reviewer", "transfer", next=["director"])
    assert doc.data["handlers"] == ["person:director"]
    with pytest.raises(UserError, match="不由您办理"):
        doc.act("reviewer", "review_pass", next=["leader"])
    doc.act("director", "add_handler", next=["reviewer"])
    doc.act("director", "review_pass", next=["leader"])
    assert doc.data["state"] == out.REVIEW  # the added 核稿人 has still to act
    doc.act("reviewer", "review_pass", next=["leader"])
    assert doc.data["state"] == out.SIGN


def test_unknown_next_people_and_non_agency_recipients_are_refused() -> None:
    doc = Doc(main_units=["dept"])
    with pytest.raises(UserError, match="通讯录"):
        doc.act("drafter", "submit", next=["nobody"])


def test_the_classification_ceiling_is_enforced() -> None:
    with pytest.raises(UserError, match="不得在政务外网"):
        Doc(classification="秘密", classification_period="10年")
    with pytest.raises(UserError, match="保密期限"):
        Doc(classification="内部", classification_period="10年")
    assert rules.check_classification("机密", "绝密") == "机密"


def test_doc_numbers_format_and_parse() -> None:
    assert rules.format_doc_number("塔政发", 2026, 12) == "塔政发〔2026〕12号"
    assert rules.parse_doc_number("塔政发〔2026〕12号") == ("塔政发", 2026, 12)
    for bad in ("塔政发[2026]12号", "塔政发〔2026〕012号", "塔政发〔2026〕第12号"):
        with pytest.raises(UserError):
            rules.parse_doc_number(bad)


def test_incoming_readers_and_supervision() -> None:
    data = {"state": inc.HANDLING, "handlers": ["person:x"], "readers": {}}
    t = inc.MACHINE.check(
        "urge", data, keys={ME}, perms={Permission.SUPERVISE}, person_id="me", args={}
    )
    assert t.label == "催办"
    with pytest.raises(PermissionDeniedError):
        inc.MACHINE.check("urge", data, keys={ME}, perms=set(), person_id="me", args={})
