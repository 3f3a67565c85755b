"""The 同步冲突与被拒绝的更改 window on real sync results: what it shows and what its buttons do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.services.org import person_by_username
from tests.sync_harness import Server, SyncClient, running_server
from tests.sync_review_scenario import Scenario, build
from ui.conflicts import ReviewDialog, ReviewView
from ui.context import AppContext
from ui.mainwindow import MainWindow
from ui.taskman import ImmediateTaskManager, TaskManager, install_taskman


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("srv")) as srv:
        yield srv


@pytest.fixture
def scenario(server: Server, tmp_path: Path) -> Iterator[Scenario]:
    sc = build(server, tmp_path)
    yield sc
    sc.close()


@pytest.fixture
def taskmen(qapp: Any) -> Iterator[list[TaskManager]]:
    made: list[TaskManager] = []
    yield made
    install_taskman(None)
    for tm in made:
        tm.shutdown()


def context_of(client: SyncClient, taskmen: list[TaskManager]) -> AppContext:
    tm = ImmediateTaskManager(client.sessions)
    taskmen.append(tm)
    install_taskman(tm)
    with client.sessions() as session:
        user = person_by_username(session, username=client.username)
    assert user is not None
    return AppContext(client.profile, user, tm, client.transport.tokens)


def cells(view: ReviewView, which: str) -> list[list[str]]:
    model = view.rejected if which == "rejected" else view.conflicts
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_a_rejected_change_shows_what_was_tried_and_why_and_can_be_dropped(
    qtbot: QtBot, scenario: Scenario, taskmen: list[TaskManager]
) -> None:
    b = scenario.b
    view = ReviewView(context_of(b, taskmen))
    qtbot.addWidget(view)
    ((record, attempted, reason),) = cells(view, "rejected")
    assert record == "通知《乙电脑改的标题》"
    assert "正文 → 补充值班表" in attempted
    assert "不能再修改" in reason
    assert "不能再修改" in view.detail.toPlainText()  # the selected row in full

    # Retrying now is refused by the same rule, inline, and nothing is queued.
    view.retry()
    assert "不能再修改" in view.message.text()
    assert b.pending() == 0 and len(cells(view, "rejected")) == 1

    view.discard()
    assert cells(view, "rejected") == []
    assert view.message.text() == "已放弃本机的更改"
    assert not view.retry_button.isEnabled()


def test_a_conflict_shows_both_values_and_who_and_can_be_marked_handled(
    qtbot: QtBot, scenario: Scenario, taskmen: list[TaskManager]
) -> None:
    a = scenario.a
    view = ReviewView(context_of(a, taskmen))
    qtbot.addWidget(view)

    # The module's server is shared and every test is 张华生: pick this test's notice.
    def mine() -> list[int]:
        rows = view.conflicts.rows
        return [i for i, c in enumerate(rows) if c.record_id == scenario.notice_id]

    (index,) = mine()
    record, field, kept, lost, who, reason = cells(view, "conflicts")[index]
    assert record == "通知《乙电脑改的标题》"
    assert field == "标题" and kept == "乙电脑改的标题" and lost == "甲电脑改的标题"
    assert "张华生" in who and reason
    view.conflicts_view.selectRow(index)
    assert "甲电脑改的标题" in view.detail.toPlainText()

    view.use_lost()  # the notice is submitted meanwhile: refused here with the reason
    assert "不能再修改" in view.message.text()

    view.conflicts_view.selectRow(mine()[0])
    view.mark_resolved()
    assert view.message.text() == "已标记为已处理"
    assert mine() == []
    assert a.pending() == 1  # the resolution syncs like any edit
    assert a.sync().rejected == 0


def test_the_status_bar_badge_counts_them_and_opens_the_window(
    qtbot: QtBot, scenario: Scenario, taskmen: list[TaskManager]
) -> None:
    window = MainWindow(context_of(scenario.b, taskmen))
    qtbot.addWidget(window)
    window.show()
    badge = window.status.review_badge
    assert badge.isVisible() and badge.text().startswith("冲突 ")
    badge.click()
    dialog = window._tool_windows["review"]
    assert isinstance(dialog, ReviewDialog) and dialog.isVisible() and not dialog.isModal()
    assert len(cells(dialog.view, "rejected")) == 1
    dialog.view.discard()
    # Count of what is left (other tests' conflicts of this person may remain on the server).
    assert "冲突" in badge.text() or not badge.isVisible()
    assert len(cells(dialog.view, "rejected")) == 0
