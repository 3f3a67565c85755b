"""One window per profile: a second start asks the running instance to come to the front.

The profile's file lock decides who owns the profile; this local socket only carries the polite
"raise your window" request, so a crashed instance can never keep anyone out.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"
CONNECT_TIMEOUT_MS = 1000


def server_name(folder: Path) -> str:
    """A socket name unique to the profile folder (short: Unix socket paths are ~100 bytes max)."""
    digest = hashlib.sha1(str(folder.expanduser().resolve()).encode()).hexdigest()[:16]
    return f"zhengtong-{digest}"


def notify_running(folder: Path, timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
    """Ask the instance holding ``folder`` to raise its window; False when none is listening.

    Runs on the GUI thread of the *second* process before any window exists, so the short
    blocking waits freeze nothing the user can see. It does not wait for an answer: the request
    is delivered once written, and waiting would deadlock when both ends share a thread (tests).
    """
    socket = QLocalSocket()
    socket.connectToServer(server_name(folder))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(RAISE)
    delivered = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return delivered


class InstanceServer(QObject):
    """Listens for raise requests from later starts on the same profile (GUI thread)."""

    raise_requested = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(folder)
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_connection)

    def listen(self) -> bool:
        # We hold the profile lock, so a socket file left under this name belongs to a crashed
        # instance and is safe to remove.
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    @Slot()
    def _on_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            # Slots found via sender(), not lambdas holding the socket: a Python reference kept
            # in a connection makes PySide delete the socket twice when it is destroyed.
            socket.readyRead.connect(self._on_ready_read)
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket)

    @Slot()
    def _on_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            if bytes(socket.readLine().data()) == RAISE:
                self.raise_requested.emit()
