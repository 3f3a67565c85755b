"""Qt fixtures: a synchronous task manager (deterministic tests) and an AppContext."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest

from app.profile import Profile
from app.services.demo import DEMO_USER
from app.services.org import person_by_username
from ui.context import AppContext
from ui.taskman import TaskManager, install_taskman


class SyncTaskManager(TaskManager):
    """Runs work at once on the calling thread and calls back immediately."""

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        fn: Callable[[], Any],
        on_done: Callable[[Future[Any]], None],
    ) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn())
        except Exception as exc:
            future.set_exception(exc)
        on_done(future)
        return future


@pytest.fixture
def taskman(qapp: Any, demo_profile: Profile) -> Iterator[TaskManager]:
    tm = SyncTaskManager(demo_profile.store())
    install_taskman(tm)
    yield tm
    install_taskman(None)
    tm.shutdown()


@pytest.fixture
def ctx(demo_profile: Profile, taskman: TaskManager) -> AppContext:
    with demo_profile.store()() as session:
        user = person_by_username(session, username=DEMO_USER)
    assert user is not None
    return AppContext(profile=demo_profile, user=user, taskman=taskman)
