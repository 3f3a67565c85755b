"""``main.py login`` and ``main.py sync`` against a real server process, tokens in a real
gnome-keyring: what an administrator scripting a township workstation would run."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.demo import DEMO_PASSWORD
from tests import keyring_service
from tests.sync_harness import ROOT, Server, running_server

pytestmark = pytest.mark.skipif(
    keyring_service.available() is not None, reason=str(keyring_service.available())
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("srv")) as srv:
        yield srv


def zt(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args],
        check=False,
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_login_then_sync_keeps_tokens_in_the_keyring_only(
    server: Server, keyring_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**os.environ, **keyring_env}
    env.pop("ZT_PASSWORD", None)
    profile = tmp_path / "township"
    done = zt(
        env,
        "login",
        "--server",
        server.url,
        "--user",
        "caoj",
        "--profile",
        str(profile),
        stdin=DEMO_PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert "已登录：曹军" in done.stdout

    # No token in any file of the profile; the keyring has them.
    for f in profile.rglob("*"):
        if f.is_file() and f.suffix in {".json", ".ini", ""}:
            assert b"refresh" not in f.read_bytes().lower() or f.name == "sync.lock"
    done = zt(env, "sync", "--profile", str(profile))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("同步完成") and "1 次请求" in done.stdout

    status = zt(env, "status", "--profile", str(profile))
    assert "待同步更改：0" in status.stdout and "从未同步" not in status.stdout


def test_bad_password_and_dead_server_fail_with_one_clear_line(
    server: Server, keyring_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**os.environ, **keyring_env, "ZT_PASSWORD": "wrong-password"}
    profile = tmp_path / "p"
    done = zt(env, "login", "--server", server.url, "--user", "caoj", "--profile", str(profile))
    assert done.returncode == 2
    assert done.stderr.strip() == "错误：用户名或密码不正确"

    env["ZT_PASSWORD"] = DEMO_PASSWORD
    assert (
        zt(
            env, "login", "--server", server.url, "--user", "caoj", "--profile", str(profile)
        ).returncode
        == 0
    )
    dead = {**env}
    # Point the profile at a port nobody listens on: the sync fails, nothing changes.
    cfg = profile / "profile.json"
    text = cfg.read_text(encoding="utf-8")
    port = server.url.rsplit(":", 1)[1]
    cfg.write_text(text.replace(f":{port}", ":9"), encoding="utf-8")
    done = zt(dead, "sync", "--profile", str(profile))
    assert done.returncode == 2
    assert "无法连接服务器" in done.stderr and len(done.stderr.strip().splitlines()) == 1
