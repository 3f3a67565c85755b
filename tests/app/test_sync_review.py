"""同步冲突与被拒绝的更改 against a real server: listing them and each way of resolving them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db import models as m
from app.errors import UserError
from app.services.demo import DEMO_USER
from app.services.notices import create_notice, update_notice
from app.services.sync_review import (
    ConflictRow,
    discard_rejected,
    list_conflicts,
    list_rejected,
    resolve_conflict,
    retry_rejected,
    review_counts,
)
from tests.sync_harness import Server, SyncClient, running_server
from tests.sync_review_scenario import Scenario, build


def of(rows: list[ConflictRow], record_id: str) -> list[ConflictRow]:
    """The server is shared by the module and every test is the same person: pick this test's."""
    return [r for r in rows if r.record_id == record_id]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("srv")) as srv:
        yield srv


@pytest.fixture
def scenario(server: Server, tmp_path: Path) -> Iterator[Scenario]:
    sc = build(server, tmp_path)
    yield sc
    sc.close()


def test_lists_show_both_values_who_and_the_servers_reason(scenario: Scenario) -> None:
    a, b = scenario.a, scenario.b
    (conflict,) = of(a.do(list_conflicts), scenario.notice_id)
    assert conflict.record_id == scenario.notice_id
    assert (conflict.field, conflict.field_label) == ("title", "标题")
    assert conflict.kept == "乙电脑改的标题" and conflict.lost == "甲电脑改的标题"
    assert conflict.kept_by == conflict.lost_by == "张华生"
    assert conflict.reason and conflict.type_label == "通知"
    assert a.do(review_counts).conflicts >= 1

    (rejected,) = b.do(list_rejected)
    assert rejected.record_id == scenario.notice_id
    assert "正文" in rejected.attempted and "补充值班表" in rejected.attempted
    assert "不能再修改" in rejected.error
    assert rejected.record_title == "乙电脑改的标题"
    assert b.do(review_counts).rejected == 1
    # The server's value is back in place locally: the refused body is not shown as saved.
    body = b.rows("SELECT body FROM notices WHERE id = :id", id=scenario.notice_id)
    assert body[0][0] != "补充值班表"


def test_discarding_a_rejection_removes_it_and_queues_nothing(scenario: Scenario) -> None:
    b = scenario.b
    (rejected,) = b.do(list_rejected)
    before = b.pending()
    b.do(discard_rejected, mutation_id=rejected.mutation_id)
    assert b.do(list_rejected) == []
    assert b.pending() == before


def test_retrying_a_rejection_queues_it_again_and_the_server_decides_again(
    scenario: Scenario,
) -> None:
    a, b = scenario.a, scenario.b
    (rejected,) = b.do(list_rejected)
    # Still submitted: the same rule the server applied refuses the retry here, nothing queued.
    with pytest.raises(UserError, match="不能再修改"):
        b.do(retry_rejected, person_id=b.person_id, mutation_id=rejected.mutation_id)
    assert len(b.do(list_rejected)) == 1 and b.pending() == 0
    b.do(discard_rejected, mutation_id=rejected.mutation_id)

    # A refusal that no longer holds (say a rule was fixed on the server): retrying sends it anew.
    nid = b.do(create_notice, person_id=b.person_id, title="关于节前安全检查的通知")
    b.sync()
    with b.sessions() as session, session.begin():
        session.add(
            m.SyncRejected(
                mutation_id=10_000,
                record_type="notice",
                record_id=nid,
                op="update",
                payload='{"body": "请各单位于周五前完成自查"}',
                error="服务器暂时无法处理",
            )
        )
    b.do(retry_rejected, person_id=b.person_id, mutation_id=10_000)
    assert b.do(list_rejected) == []
    assert b.pending() == 1
    summary = b.sync()
    assert summary.rejected == 0 and summary.pushed == 1
    a.sync()
    body = a.rows("SELECT body FROM notices WHERE id = :id", id=nid)
    assert body[0][0] == "请各单位于周五前完成自查"


def test_marking_a_conflict_handled_syncs_to_the_server(scenario: Scenario) -> None:
    a, b = scenario.a, scenario.b
    (conflict,) = of(a.do(list_conflicts), scenario.notice_id)
    a.do(resolve_conflict, person_id=a.person_id, conflict_id=conflict.id)
    assert of(a.do(list_conflicts), scenario.notice_id) == []
    assert a.sync().rejected == 0
    # The other computer of the same person sees it handled too.
    b.sync()
    assert of(b.do(list_conflicts), scenario.notice_id) == []
    assert len(of(b.do(list_conflicts, include_resolved=True), scenario.notice_id)) == 1


def test_taking_the_lost_value_is_refused_locally_when_the_record_cannot_change(
    scenario: Scenario,
) -> None:
    a = scenario.a
    (conflict,) = of(a.do(list_conflicts), scenario.notice_id)
    # The notice is submitted now: the same rule the server applies refuses the edit here.
    with pytest.raises(UserError, match="不能再修改"):
        a.do(resolve_conflict, person_id=a.person_id, conflict_id=conflict.id, use_lost=True)
    assert len(of(a.do(list_conflicts), scenario.notice_id)) == 1


def test_taking_the_lost_value_updates_the_record_everywhere(
    server: Server, tmp_path: Path
) -> None:
    a = SyncClient(tmp_path / "a", server.url, DEMO_USER)
    b = SyncClient(tmp_path / "b", server.url, DEMO_USER)
    try:
        a.login()
        b.login()
        nid = a.do(create_notice, person_id=a.person_id, title="原标题")
        a.sync()
        b.sync()
        a.do(update_notice, person_id=a.person_id, notice_id=nid, title="甲的标题")
        b.do(update_notice, person_id=b.person_id, notice_id=nid, title="乙的标题")
        a.sync()
        b.sync()
        a.sync()
        (conflict,) = of(a.do(list_conflicts), nid)
        a.do(resolve_conflict, person_id=a.person_id, conflict_id=conflict.id, use_lost=True)
        assert a.rows("SELECT title FROM notices WHERE id = :id", id=nid)[0][0] == "甲的标题"
        assert a.sync().rejected == 0
        b.sync()
        assert b.rows("SELECT title FROM notices WHERE id = :id", id=nid)[0][0] == "甲的标题"
        with b.sessions() as session:
            assert session.get(m.SyncConflict, conflict.id).resolved  # type: ignore[union-attr]
    finally:
        a.close()
        b.close()
