"""A real Secret Service for tests: a private D-Bus session with gnome-keyring-daemon on it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager


def available() -> str | None:
    """None when the daemons can run here, else the reason to skip."""
    missing = [b for b in ("dbus-daemon", "gnome-keyring-daemon") if shutil.which(b) is None]
    return f"not installed: {', '.join(missing)} (.ci/run installs them)" if missing else None


@contextmanager
def secret_service() -> Iterator[dict[str, str]]:
    """Start dbus + an unlocked gnome-keyring; yield the environment that points at them."""
    runtime = tempfile.mkdtemp(prefix="zt-keyring-")
    env = dict(os.environ, XDG_RUNTIME_DIR=runtime, HOME=runtime)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    out = subprocess.run(
        ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.split()
    address, dbus_pid = out[0], int(out[1])
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    keyring_proc = subprocess.run(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets", "--daemonize"],
        input="zt-test-keyring-password",
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    pid_line = [
        ln for ln in keyring_proc.stdout.splitlines() if ln.startswith("GNOME_KEYRING_PID=")
    ]
    keyring_pid = int(pid_line[0].split("=", 1)[1]) if pid_line else None
    time.sleep(0.2)  # the daemon claims its bus name asynchronously
    try:
        yield {k: env[k] for k in ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "HOME")}
    finally:
        for pid in (keyring_pid, dbus_pid):
            if pid:
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        shutil.rmtree(runtime, ignore_errors=True)
