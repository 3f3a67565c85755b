"""What every view needs, handed down explicitly (no global main-window singleton)."""

from __future__ import annotations

from dataclasses import dataclass

from app.profile import Profile
from app.services.org import PersonRow
from ui.taskman import TaskManager


@dataclass
class AppContext:
    profile: Profile
    user: PersonRow
    taskman: TaskManager
