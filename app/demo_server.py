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
from collections.abc import Iterator, Mapping, Sequence
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
    """A server child process (the demo's, or a test's); ``url`` is set once it answers /healthz.

    ``env`` adds to (or overrides) the demo settings — a test passes ZT_DATABASE_URL, lighter
    argon2 or smaller limits; ``serve_args`` go to ``serve`` (``--workers``, ``--ssl-*``), and
    ``ca_bundle`` is what the health check trusts when the server speaks HTTPS.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        env: Mapping[str, str] | None = None,
        serve_args: Sequence[str] = (),
        ca_bundle: str | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.extra_env = dict(env or {})
        self.serve_args = list(serve_args)
        self.ca_bundle = ca_bundle
        self.url = ""
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir / "server.log"

    @property
    def env(self) -> dict[str, str]:
        env = {**os.environ, **DEMO_ARGON2, "ZT_DATA_DIR": str(self.data_dir)}
        env.pop("ZT_DATABASE_URL", None)  # the demo's own SQLite file unless told otherwise
        env.update(self.extra_env)
        return env

    def start(self) -> str:
        """Initialise (first time: create and seed) and serve; returns the URL. Blocks until
        the server answers, so call it off the GUI thread."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        init = subprocess.run(
            [sys.executable, "-m", "server", "init", "--demo"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if init.returncode != 0:
            raise UserError("演示服务器初始化失败：" + (init.stderr or init.stdout).strip())
        return self.serve()

    def serve(self) -> str:
        """Start the server process (again, after ``stop``: on the same port)."""
        import requests

        self.port = self.port or free_port()
        serve = ["serve", "--host", "127.0.0.1", "--port", str(self.port), *self.serve_args]
        with self.log_path.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "server", *serve],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        scheme = "https" if "--ssl-certfile" in self.serve_args else "http"
        url = f"{scheme}://127.0.0.1:{self.port}"
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                health = requests.get(url + "/healthz", timeout=1, verify=self.ca_bundle or True)
                if health.status_code == 200:
                    break
            except requests.RequestException:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = self.log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise UserError(f"演示服务器未能启动（日志 {self.log_path}）：\n{tail}")
            time.sleep(0.05)
        self.url = url
        log.info("server at %s, data in %s", url, self.data_dir)
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
        log.info("server stopped")


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
