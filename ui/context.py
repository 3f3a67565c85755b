"""What every view needs, handed down explicitly (no global main-window singleton)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.profile import Profile
from app.services.org import PersonRow
from ui.taskman import TaskManager

if TYPE_CHECKING:
    from app.sync.transport import Tokens, Transport


@dataclass
class AppContext:
    profile: Profile
    user: PersonRow
    taskman: TaskManager
    # None: tokens live in the OS keyring. A demo session on a machine without a keyring (and
    # the tests) hand in MemoryTokens, shared by login, sync and the admin pages.
    tokens: Tokens | None = None

    def transport(self) -> Transport:
        """A transport to this profile's server (network thread: it may read the keyring)."""
        from app.sync.client import transport_for

        return transport_for(self.profile, self.tokens)
