"""Qt fixtures: a synchronous task manager (deterministic tests) and an AppContext."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.profile import Profile
from app.services.demo import DEMO_USER
from app.services.org import person_by_username
from ui.context import AppContext
from ui.taskman import ImmediateTaskManager, TaskManager, install_taskman


@pytest.fixture
def taskman(qapp: Any, demo_profile: Profile) -> Iterator[TaskManager]:
    tm = ImmediateTaskManager(demo_profile.store())
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
