"""``make run``: a private demo server (SQLite, 127.0.0.1, a free port) seeded with the demo county.

``python -m server init --demo`` (idempotent) then ``serve`` as a child process; ``stop()`` ends
it when the client quits. Data stays in the folder given (``.demo-server/`` for ``make run``), so
what was done in one demo session is there in the next.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import UserError

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 60.0
# The demo passwords are public: a lighter argon2 cost keeps the first start (29 hashes) quick.
DEMO_ARGON2 = {"ZT_ARGON2_TIME_COST": "1", "ZT_ARGON2_MEMORY_COST": "19456"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class DemoServer:
    """A demo server child process; ``url`` is set once it answers /healthz."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.url = ""
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir / "server.log"

    def _env(self) -> dict[str, str]:
        env = {**os.environ, **DEMO_ARGON2, "ZT_DATA_DIR": str(self.data_dir)}
        env.pop("ZT_DATABASE_URL", None)  # always the demo's own SQLite file
        return env

    def start(self) -> str:
        """Initialise (first time: create and seed) and start; returns the URL. Blocks until
        the server answers, so call it off the GUI thread."""
        import requests

        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = self._env()
        init = subprocess.run(
            [sys.executable, "-m", "server", "init", "--demo"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if init.returncode != 0:
            raise UserError("演示服务器初始化失败：" + (init.stderr or init.stdout).strip())
        port = free_port()
        serve = ["serve", "--host", "127.0.0.1", "--port", str(port)]
        with self.log_path.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "server", *serve],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                if requests.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = self.log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise UserError(f"演示服务器未能启动（日志 {self.log_path}）：\n{tail}")
            time.sleep(0.1)
        self.url = url
        log.info("demo server at %s, data in %s", url, self.data_dir)
        return url

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.info("demo server stopped")


@contextmanager
def demo_server(data_dir: Path) -> Iterator[DemoServer]:
    server = DemoServer(data_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def keyring_usable() -> bool:
    """Whether tokens can go to the OS keyring here (a dev machine often has none)."""
    from app.security.credentials import _backend

    try:
        _backend()
    except (UserError, ImportError):
        return False
    return True
