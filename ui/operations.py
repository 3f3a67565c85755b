"""Operations started by views: ``DbOp(parent, fn).success(cb).with_progress(label).run()``.

``fn(session)`` runs in one transaction on the database worker. When it returns a ``Changes``
(or a value with a ``changes`` attribute), the task manager broadcasts it after ``success``.
Errors a user can fix (UserError) are shown as a warning in Chinese; nothing was changed.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from sqlalchemy.orm import Session

from app.changes import Changes
from app.errors import UserError
from app.progress import Cancelled, Progress
from ui.taskman import TaskManager, current_taskman

T = TypeVar("T")
PROGRESS_DELAY_MS = 600


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, UserError):
        QMessageBox.warning(
            parent, QCoreApplication.translate("Operations", "无法完成操作"), str(exc)
        )
    else:
        QMessageBox.critical(
            parent,
            QCoreApplication.translate("Operations", "出错了"),
            QCoreApplication.translate("Operations", "操作失败，数据未作改动：") + f"{exc}",
        )


class _Op(Generic[T]):
    def __init__(self, parent: QWidget | None) -> None:
        self._parent = parent
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._label: str | None = None
        self._taskman: TaskManager | None = None
        self.progress = Progress()
        self._dialog: QProgressDialog | None = None
        self._timer: QTimer | None = None

    def success(self, cb: Callable[[T], None]) -> _Op[T]:
        self._on_success = cb
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> _Op[T]:
        self._on_failure = cb
        return self

    def with_progress(self, label: str) -> _Op[T]:
        """Show a progress dialog (with cancel) if the work takes longer than ~600 ms."""
        self._label = label
        return self

    def using(self, taskman: TaskManager) -> _Op[T]:
        self._taskman = taskman
        return self

    def run(self) -> None:
        tm = self._taskman or current_taskman()
        self._taskman = tm
        if self._label is not None:
            self._start_progress()
        self._submit(tm)

    def _submit(self, tm: TaskManager) -> None:
        raise NotImplementedError

    def _start_progress(self) -> None:
        clock = QElapsedTimer()
        clock.start()
        timer = QTimer()
        timer.setInterval(100)

        def tick() -> None:
            state = self.progress.state
            if self._dialog is None:
                if clock.elapsed() < PROGRESS_DELAY_MS:
                    return
                dialog = QProgressDialog(
                    self._label or "",
                    QCoreApplication.translate("Operations", "取消"),
                    0,
                    0,
                    self._parent,
                )
                dialog.setWindowTitle(QCoreApplication.translate("Operations", "请稍候"))
                dialog.setMinimumDuration(0)
                dialog.canceled.connect(self.progress.cancel)
                dialog.show()
                self._dialog = dialog
            if state.total:
                self._dialog.setMaximum(state.total)
                self._dialog.setValue(min(state.done, state.total))
            if state.label:
                self._dialog.setLabelText(state.label)

        timer.timeout.connect(tick)
        timer.start()
        self._timer = timer

    def _finish(self, future: Future[T]) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.deleteLater()
            self._dialog = None
        exc = future.exception()
        if isinstance(exc, Cancelled):
            return
        if exc is not None:
            if self._on_failure is not None:
                self._on_failure(exc)
            else:
                show_error(self._parent, exc)
            return
        result = future.result()
        if self._on_success is not None:
            self._on_success(result)
        changes = result if isinstance(result, Changes) else getattr(result, "changes", None)
        if isinstance(changes, Changes) and self._taskman is not None:
            self._taskman.broadcast(changes, self._parent)


class DbOp(_Op[T]):
    """Work on the local database, in one transaction on the database worker thread."""

    def __init__(self, parent: QWidget | None, fn: Callable[[Session], T]) -> None:
        super().__init__(parent)
        self._fn = fn

    def _submit(self, tm: TaskManager) -> None:
        tm.run_db(self._fn, self._finish)


class NetOp(_Op[T]):
    """Network work on the network pool; it must not touch the database."""

    def __init__(self, parent: QWidget | None, fn: Callable[[], T]) -> None:
        super().__init__(parent)
        self._fn = fn

    def _submit(self, tm: TaskManager) -> None:
        tm.run_net(self._fn, self._finish)
