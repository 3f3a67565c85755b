"""The real task manager: work runs off the GUI thread and the event loop never stops ticking."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.changes import Changes
from app.db.models import OutboxEntry
from app.errors import UserError
from app.profile import Profile
from ui.operations import DbOp, NetOp
from ui.taskman import TaskManager


@pytest.fixture
def real_taskman(qapp: QApplication, demo_profile: Profile) -> Iterator[TaskManager]:
    tm = TaskManager(demo_profile.store())
    yield tm
    tm.shutdown()


def count_outbox(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxEntry)) or 0


def test_a_slow_operation_never_blocks_the_gui_thread(
    qtbot: QtBot, real_taskman: TaskManager
) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    gui_thread = threading.get_ident()
    seen: dict[str, Any] = {}

    def slow(session: Session) -> int:
        seen["worker"] = threading.get_ident()
        time.sleep(1.5)  # a long query or a big import
        session.add(OutboxEntry(record_type="unit", record_id="x", op="update"))
        return 42

    def done(value: int) -> None:
        seen["result"] = value
        seen["callback_thread"] = threading.get_ident()

    DbOp(None, slow).success(done).using(real_taskman).run()
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    timer.stop()

    assert seen["result"] == 42
    assert seen["worker"] != gui_thread
    assert seen["callback_thread"] == gui_thread  # results arrive on the GUI thread
    # The event loop kept ticking through the 1.5 s of work: no gap longer than a few frames.
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) >= 40
    assert max(gaps) < 0.25, f"GUI thread stalled for {max(gaps):.3f} s"
    with real_taskman.sessions() as s:
        assert count_outbox(s) == 1  # the transaction was committed


def test_progress_appears_after_600ms_and_cancel_rolls_back(
    qtbot: QtBot, real_taskman: TaskManager
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    op: DbOp[int]
    outcome: dict[str, Any] = {}

    def long_import(session: Session) -> int:
        for i in range(200):
            session.add(OutboxEntry(record_type="unit", record_id=f"r{i}", op="create"))
            session.flush()
            op.progress.update(i, 200, f"正在导入第 {i} 条")
            time.sleep(0.02)
        return 200

    op = DbOp(parent, long_import)
    op.success(lambda v: outcome.setdefault("done", v)).with_progress("正在导入").using(
        real_taskman
    )
    op.run()

    def dialog() -> QProgressDialog | None:
        found = parent.findChildren(QProgressDialog)
        return found[0] if found and found[0].isVisible() else None

    qtbot.wait(300)
    assert dialog() is None  # quick work never flashes a dialog
    qtbot.waitUntil(lambda: dialog() is not None, timeout=2000)
    dlg = dialog()
    assert dlg is not None and dlg.maximum() == 200
    qtbot.waitUntil(lambda: dlg.value() > 0, timeout=2000)
    dlg.cancel()
    qtbot.waitUntil(lambda: dialog() is None, timeout=5000)
    qtbot.wait(100)
    assert "done" not in outcome  # cancelled: no success callback
    with real_taskman.sessions() as s:
        assert count_outbox(s) == 0  # and nothing half-written


def test_changes_are_broadcast_after_success(qtbot: QtBot, real_taskman: TaskManager) -> None:
    received: list[Changes] = []
    real_taskman.changes_applied.connect(lambda ch, _who: received.append(ch))
    DbOp(None, lambda _s: Changes(org=True)).using(real_taskman).run()
    DbOp(None, lambda _s: Changes()).using(real_taskman).run()  # nothing changed: no broadcast
    qtbot.waitUntil(lambda: bool(received), timeout=3000)
    qtbot.wait(100)
    assert received == [Changes(org=True)]


def test_user_errors_reach_the_failure_callback_and_roll_back(
    qtbot: QtBot, real_taskman: TaskManager
) -> None:
    errors: list[BaseException] = []

    def bad(session: Session) -> None:
        session.add(OutboxEntry(record_type="unit", record_id="x", op="update"))
        session.flush()
        raise UserError("结束时间早于开始时间")

    DbOp(None, bad).failure(errors.append).using(real_taskman).run()
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], UserError)
    with real_taskman.sessions() as s:
        assert count_outbox(s) == 0


def test_database_work_is_serialised_on_one_thread(qtbot: QtBot, real_taskman: TaskManager) -> None:
    threads: set[int] = set()
    order: list[int] = []
    for i in range(20):

        def work(_s: Session, i: int = i) -> None:
            threads.add(threading.get_ident())
            order.append(i)

        DbOp(None, work).using(real_taskman).run()
    qtbot.waitUntil(lambda: len(order) == 20, timeout=5000)
    assert len(threads) == 1
    assert order == list(range(20))


def test_network_work_runs_in_its_own_pool_beside_a_busy_database(
    qtbot: QtBot, real_taskman: TaskManager
) -> None:
    names: list[str] = []
    DbOp(None, lambda _s: time.sleep(1.0)).using(real_taskman).run()  # the DB worker is busy
    started = time.monotonic()
    NetOp(None, lambda: threading.current_thread().name).success(names.append).using(
        real_taskman
    ).run()
    qtbot.waitUntil(lambda: bool(names), timeout=3000)
    assert names[0].startswith("zt-net")
    assert time.monotonic() - started < 0.5  # did not queue behind the database work
