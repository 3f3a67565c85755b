"""Progress reporting and cancellation for long operations, usable from any thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass


class Cancelled(Exception):
    """The user cancelled the operation; the transaction it ran in is rolled back."""


@dataclass(frozen=True, slots=True)
class ProgressState:
    done: int = 0
    total: int = 0  # 0: unknown
    label: str = ""


class Progress:
    """Written by the worker (``update``), read by the GUI (``state``); ``cancel`` from the GUI."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = ProgressState()
        self._cancelled = threading.Event()

    def update(self, done: int, total: int = 0, label: str = "") -> None:
        """Record progress; raises Cancelled if the user asked to stop (call it in loops)."""
        with self._lock:
            self._state = ProgressState(done, total, label or self._state.label)
        if self._cancelled.is_set():
            raise Cancelled

    @property
    def state(self) -> ProgressState:
        with self._lock:
            return self._state

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()
