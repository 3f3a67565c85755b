"""The server's decision on one mutation (app/sync/merge.py), without any I/O."""

from __future__ import annotations

from app.domain.org import Role, RoleGrant
from app.sync.merge import LOST_TO_DELETE, LOST_TO_EDIT, State, decide
from app.sync.protocol import Mutation, Op, Status
from app.sync.records import Actor, Data, Lookup, record_type

DRAFTER = Actor("p-drafter", "u-office", (RoleGrant(Role.CLERK, "u-office"),))
LEADER_A = Actor("p-leader-a", "u-gov", (RoleGrant(Role.LEADER, "u-gov"),))
LEADER_B = Actor("p-leader-b", "u-gov", (RoleGrant(Role.LEADER, "u-gov"),))


class NoLookup(Lookup):
    def get(self, record_id: str) -> Data | None:
        return None

    def scopes(self, record_id: str) -> set[str]:
        return set()


def run(current: State | None, m: Mutation, actor: Actor = DRAFTER, device: str = "d1"):  # type: ignore[no-untyped-def]
    return decide(
        current,
        m,
        record_type(m.type),
        actor=actor,
        device_id=device,
        now="2026-07-04T09:00:00+00:00",
        lookup=NoLookup(),
    )


def created() -> State:
    m = Mutation(id=1, type="notice", record_id="n1", op=Op.CREATE, fields={"title": "原标题"})
    out = run(None, m)
    assert out.status is Status.APPLIED and out.state is not None
    return out.state


def test_create_fills_server_fields_and_ignores_client_attempts_at_them() -> None:
    m = Mutation(
        id=1,
        type="notice",
        record_id="n1",
        op=Op.CREATE,
        fields={"title": "通知", "state": "published", "sender_id": "someone-else", "x": 1},
    )
    out = run(None, m)
    assert out.state is not None
    assert out.state.data["state"] == "draft"
    assert out.state.data["sender_id"] == DRAFTER.person_id
    assert "x" not in out.state.data


def test_different_fields_merge_without_conflict() -> None:
    state = created()
    a = run(
        state,
        Mutation(
            id=2, type="notice", record_id="n1", op=Op.UPDATE, fields={"title": "新标题"}, base=1
        ),
        device="d1",
    )
    assert a.status is Status.APPLIED and a.state is not None
    b = run(
        a.state,
        Mutation(
            id=1, type="notice", record_id="n1", op=Op.UPDATE, fields={"body": "正文"}, base=1
        ),
        device="d2",
    )
    assert b.status is Status.MERGED and b.state is not None
    assert b.state.data["title"] == "新标题" and b.state.data["body"] == "正文"
    assert not b.conflicts


def test_same_field_later_arrival_wins_and_the_loser_is_kept() -> None:
    state = created()
    a = run(
        state,
        Mutation(
            id=2, type="notice", record_id="n1", op=Op.UPDATE, fields={"title": "甲的标题"}, base=1
        ),
        device="d1",
    )
    assert a.state is not None
    b = run(
        a.state,
        Mutation(
            id=1, type="notice", record_id="n1", op=Op.UPDATE, fields={"title": "乙的标题"}, base=1
        ),
        device="d2",
    )
    assert b.status is Status.CONFLICT and b.state is not None
    assert b.state.data["title"] == "乙的标题"
    (note,) = b.conflicts
    assert (note.field, note.kept, note.lost, note.reason) == (
        "title",
        "乙的标题",
        "甲的标题",
        LOST_TO_EDIT,
    )


def test_own_consecutive_edits_never_conflict_with_each_other() -> None:
    state = created()
    a = run(
        state,
        Mutation(id=2, type="notice", record_id="n1", op=Op.UPDATE, fields={"title": "一"}, base=1),
    )
    assert a.state is not None
    b = run(
        a.state,
        Mutation(id=3, type="notice", record_id="n1", op=Op.UPDATE, fields={"title": "二"}, base=1),
    )
    assert b.status is not Status.CONFLICT and not b.conflicts


def test_edit_after_delete_is_kept_as_a_conflict_and_changes_nothing() -> None:
    state = created()
    gone = run(state, Mutation(id=2, type="notice", record_id="n1", op=Op.DELETE, base=1))
    assert gone.state is not None and gone.state.deleted
    late = run(
        gone.state,
        Mutation(
            id=1,
            type="notice",
            record_id="n1",
            op=Op.UPDATE,
            fields={"title": "迟到的修改"},
            base=1,
        ),
        device="d2",
    )
    assert late.status is Status.CONFLICT and late.state is None
    assert late.conflicts[0].lost == "迟到的修改" and late.conflicts[0].reason == LOST_TO_DELETE


def test_two_leaders_acting_on_the_same_step_first_arrival_wins() -> None:
    state = created()
    sub = run(state, Mutation(id=2, type="notice", record_id="n1", op=Op.ACT, action="submit"))
    assert sub.state is not None and sub.state.data["state"] == "pending"
    first = run(
        sub.state,
        Mutation(id=1, type="notice", record_id="n1", op=Op.ACT, action="return"),
        actor=LEADER_A,
        device="da",
    )
    assert first.state is not None and first.state.data["state"] == "draft"
    second = run(
        first.state,
        Mutation(id=1, type="notice", record_id="n1", op=Op.ACT, action="approve"),
        actor=LEADER_B,
        device="db",
    )
    assert second.status is Status.REJECTED and second.state is None
    assert "不能审核通过" in (second.error or "")


def test_only_the_drafter_edits_a_notice_and_server_only_types_refuse_clients() -> None:
    state = created()
    other = run(
        state,
        Mutation(
            id=1, type="notice", record_id="n1", op=Op.UPDATE, fields={"title": "篡改"}, base=1
        ),
        actor=LEADER_A,
        device="dx",
    )
    assert other.status is Status.REJECTED and "自己起草" in (other.error or "")
    org = run(
        None, Mutation(id=1, type="unit", record_id="u1", op=Op.CREATE, fields={"name": "假单位"})
    )
    assert org.status is Status.REJECTED


def test_append_only_opinions_cannot_be_edited_or_deleted() -> None:
    m = Mutation(
        id=1,
        type="opinion",
        record_id="o1",
        op=Op.CREATE,
        fields={"record_type": "notice", "record_id": "n1", "text": "同意"},
    )
    out = run(None, m)
    # The server stamps its own time on the opinion, so the record goes back to the client.
    assert out.status is Status.MERGED and out.state is not None
    assert out.state.data["created_at"] == "2026-07-04T09:00:00+00:00"
    again = run(out.state, m)
    assert again.status is Status.DUPLICATE
    edit = run(
        out.state,
        Mutation(
            id=2, type="opinion", record_id="o1", op=Op.UPDATE, fields={"text": "不同意"}, base=1
        ),
    )
    assert edit.status is Status.REJECTED
    delete = run(out.state, Mutation(id=3, type="opinion", record_id="o1", op=Op.DELETE, base=1))
    assert delete.status is Status.REJECTED
