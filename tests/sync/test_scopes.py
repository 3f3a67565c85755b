"""Cross-unit access over real sync: a person never receives a record outside their scope, a
narrowing makes their client drop it, a widening delivers it (specs/sync.md §7).

Each check compares a real client's replica with what the server's scopes allow that person
(``assert_replica_matches``), besides naming the records that must or must not be there.
"""

from __future__ import annotations

from collections.abc import Callable

from app.services.notices import act_on_notice
from tests.sync.helpers import (
    ServerHandle,
    assert_replica_matches,
    new_notice,
    notice,
    notice_ids,
)
from tests.sync_harness import SyncClient

MakeClient = Callable[..., SyncClient]


def _sync_all(clients: dict[str, SyncClient]) -> None:
    for _ in range(2):
        for c in clients.values():
            c.sync()


def test_drafts_stay_with_their_sender(server: ServerHandle, make_client: MakeClient) -> None:
    people = {u: make_client(u) for u in ("zhanghs", "chenj", "wangjg", "caoj")}
    other_device = make_client("zhanghs")
    draft = new_notice(people["zhanghs"], "草稿只给起草人", body="机密草稿")
    _sync_all({**people, "zhanghs-2": other_device})
    assert draft in notice_ids(other_device)
    for u in ("chenj", "wangjg", "caoj"):
        assert draft not in notice_ids(people[u]), u
    for u, c in people.items():
        assert_replica_matches(server, c, u)


def test_pending_reaches_leaders_of_the_senders_agency(
    server: ServerHandle, make_client: MakeClient
) -> None:
    sender_name = server.new_person("塔政", ["handler"])
    people = {u: make_client(u) for u in (sender_name, "wangjg", "liwd", "caoj", "maxd")}
    rid = new_notice(people[sender_name], "待审核", recipient_unit_ids=[server.unit_id("东湖政")])
    sender = people[sender_name]
    sender.do(act_on_notice, person_id=sender.person_id, notice_id=rid, action="submit")
    _sync_all(people)
    # 市政府's leaders review it; the leaders of 东湖镇 and 教育局 do not see it (yet).
    assert notice(people["wangjg"], rid)["state"] == "pending"  # type: ignore[index]
    assert rid in notice_ids(people["liwd"])
    assert rid not in notice_ids(people["caoj"]) | notice_ids(people["maxd"])
    for u, c in people.items():
        assert_replica_matches(server, c, u)

    # Narrowing: returned to draft, the notice leaves the leaders' replicas (with its opinion).
    li = people["liwd"]
    li.do(act_on_notice, person_id=li.person_id, notice_id=rid, action="return", opinion="请补充")
    _sync_all(people)
    assert rid not in notice_ids(people["wangjg"]) | notice_ids(li)
    assert li.rows("SELECT count(*) FROM opinions WHERE record_id = :i", i=rid) == [(0,)]
    assert notice(sender, rid)["state"] == "draft"  # type: ignore[index]
    assert sender.rows("SELECT text FROM opinions WHERE record_id = :i", i=rid) == [("请补充",)]
    for u, c in people.items():
        assert_replica_matches(server, c, u)

    # Widening: published, it reaches 东湖镇 (addressed), with the opinion, and nobody else new.
    sender.do(act_on_notice, person_id=sender.person_id, notice_id=rid, action="submit")
    _sync_all(people)
    wang = people["wangjg"]
    wang.do(act_on_notice, person_id=wang.person_id, notice_id=rid, action="approve")
    _sync_all(people)
    assert notice(people["caoj"], rid)["state"] == "published"  # type: ignore[index]
    assert people["caoj"].rows("SELECT text FROM opinions WHERE record_id = :i", i=rid) == [
        ("请补充",)
    ]
    assert rid not in notice_ids(wang) | notice_ids(people["maxd"])
    for u, c in people.items():
        assert_replica_matches(server, c, u)


def test_published_reaches_only_the_addressed(
    server: ServerHandle, make_client: MakeClient
) -> None:
    names = ("zhanghs", "caoj", "pengw", "maxd", "hul", "linh", "liuf")
    people = {u: make_client(u) for u in names}
    z = people["zhanghs"]
    rid = new_notice(
        z,
        "发给东湖镇和马局长",
        recipient_unit_ids=[server.unit_id("东湖政")],
        recipient_person_ids=[server.person_id("maxd")],
    )
    z.do(act_on_notice, person_id=z.person_id, notice_id=rid, action="publish")
    to_office = new_notice(z, "发给市府办", recipient_unit_ids=[server.unit_id("塔政办")])
    z.do(act_on_notice, person_id=z.person_id, notice_id=to_office, action="publish")
    _sync_all(people)
    for u in ("caoj", "pengw", "maxd"):
        assert rid in notice_ids(people[u]), u
    for u in ("hul", "linh", "liuf"):
        assert rid not in notice_ids(people[u]), u
    # A unit's notice reaches its 科室 too (秘书科 is part of 市府办), not other agencies.
    assert to_office in notice_ids(people["liuf"])
    assert to_office not in notice_ids(people["caoj"])
    # Withdrawn stays with those who had it (marked withdrawn), still nobody else.
    z.do(act_on_notice, person_id=z.person_id, notice_id=rid, action="withdraw", reason="发错了")
    _sync_all(people)
    assert notice(people["pengw"], rid)["state"] == "withdrawn"  # type: ignore[index]
    assert rid not in notice_ids(people["hul"])
    for u, c in people.items():
        assert_replica_matches(server, c, u)


def test_role_change_narrows_then_widens(server: ServerHandle, make_client: MakeClient) -> None:
    sender_name = server.new_person("塔教", ["handler"])
    reviewer_name = server.new_person("塔教", ["leader"])
    people = {u: make_client(u) for u in (sender_name, reviewer_name, "maxd")}
    sender = people[sender_name]
    rid = new_notice(sender, "教育局待审", recipient_unit_ids=[server.unit_id("塔教")])
    sender.do(act_on_notice, person_id=sender.person_id, notice_id=rid, action="submit")
    _sync_all(people)
    reviewer = people[reviewer_name]
    assert rid in notice_ids(reviewer) and rid in notice_ids(people["maxd"])
    # The administrator takes the leader role away: the replacement sync drops the review queue.
    server.set_roles(reviewer_name, ["handler"])
    summary = reviewer.sync()
    assert summary.replaced and summary.dropped >= 1
    assert rid not in notice_ids(reviewer)
    assert_replica_matches(server, reviewer, reviewer_name)
    # …and gives it back: the queue is delivered again.
    server.admin("grant", reviewer_name, "leader")
    reviewer.sync()
    assert notice(reviewer, rid)["state"] == "pending"  # type: ignore[index]
    for u, c in people.items():
        c.sync()
        assert_replica_matches(server, c, u)
