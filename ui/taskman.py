"""Background work (after Anki's taskman): one worker owns the database, a pool does network I/O.

Work functions run off the GUI thread; their completion callbacks are delivered on the GUI thread
through a queued signal, so views never wait on the database or the network.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot
from sqlalchemy.orm import Session, sessionmaker

from app.changes import Changes

log = logging.getLogger(__name__)
T = TypeVar("T")


class TaskManager(QObject):
    """Runs work in the background and calls back on the GUI thread."""

    # (changes, initiator): emitted on the GUI thread after an operation that changed data.
    changes_applied = Signal(object, object)
    _deliver = Signal(object)

    def __init__(self, sessions: sessionmaker[Session], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sessions = sessions
        # A single worker serialises every write: SQLite allows one writer, and ordering edits
        # with their outbox entries is what the sync engine relies on.
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zt-db")
        self._net = ThreadPoolExecutor(max_workers=4, thread_name_prefix="zt-net")
        self._deliver.connect(self._on_deliver, Qt.ConnectionType.QueuedConnection)

    def run_db(self, fn: Callable[[Session], T], on_done: Callable[[Future[T]], None]) -> Future[T]:
        """Run ``fn(session)`` in one transaction on the database worker thread."""

        def work() -> T:
            with self.sessions() as session, session.begin():
                return fn(session)

        return self._submit(self._db, work, on_done)

    def run_net(self, fn: Callable[[], T], on_done: Callable[[Future[T]], None]) -> Future[T]:
        """Run ``fn()`` on the network pool (it must not touch the database directly)."""
        return self._submit(self._net, fn, on_done)

    def _submit(
        self, pool: ThreadPoolExecutor, fn: Callable[[], T], on_done: Callable[[Future[T]], None]
    ) -> Future[T]:
        future = pool.submit(fn)
        future.add_done_callback(lambda f: self._deliver.emit((on_done, f)))
        return future

    @Slot(object)
    def _on_deliver(self, item: tuple[Callable[[Future[Any]], None], Future[Any]]) -> None:
        on_done, future = item
        try:
            on_done(future)
        except Exception:  # a broken callback must not kill the event loop
            log.exception("completion callback failed")

    def broadcast(self, changes: Changes, initiator: object | None = None) -> None:
        if changes.any():
            self.changes_applied.emit(changes, initiator)

    def shutdown(self) -> None:
        """Finish queued database work (nothing half-written), drop pending network work."""
        self._net.shutdown(wait=False, cancel_futures=True)
        self._db.shutdown(wait=True)


class ImmediateTaskManager(TaskManager):
    """Runs work at once on the calling thread and calls back immediately.

    For tests and the screenshot tool, where deterministic order matters more than a responsive
    window; never used by the running application.
    """

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        fn: Callable[[], T],
        on_done: Callable[[Future[T]], None],
    ) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn())
        except Exception as exc:
            future.set_exception(exc)
        on_done(future)
        return future


_current: TaskManager | None = None


def install_taskman(taskman: TaskManager | None) -> None:
    """Make ``taskman`` the one operations use (tests install a synchronous one)."""
    global _current  # noqa: PLW0603 - one task manager per running application
    _current = taskman


def current_taskman() -> TaskManager:
    if _current is None:
        raise RuntimeError("no task manager installed")
    return _current
