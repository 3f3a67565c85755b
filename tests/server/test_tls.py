"""HTTPS on the extranet: the server's certificate comes from a private CA that the client is
told about (设置 → 服务器 → CA 证书). Without it the client refuses, with a clear message."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.demo_server import DemoServer
from app.errors import UserError
from tests.sync_harness import FAST_ARGON2, SyncClient


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    d = tmp_path_factory.mktemp("tls")
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=塔山市政务外网测试CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        cwd=d,
    )
    _openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        cwd=d,
    )
    (d / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    _openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "san.ext",
        "-out",
        "server.pem",
        cwd=d,
    )
    server = DemoServer(
        d / "data",
        env=FAST_ARGON2,
        serve_args=[
            "--ssl-certfile",
            str(d / "server.pem"),
            "--ssl-keyfile",
            str(d / "server.key"),
        ],
        ca_bundle=str(d / "ca.pem"),
    )
    server.start()
    try:
        yield server.url, d / "ca.pem"
    finally:
        server.stop()


def test_client_trusting_the_extranet_ca_logs_in_and_syncs(
    tls_server: tuple[str, Path], tmp_path: Path
) -> None:
    url, ca = tls_server
    client = SyncClient(tmp_path / "a", url, "caoj")
    client.profile.config.ca_bundle = str(ca)
    client.transport.ca_bundle = str(ca)
    client.login()
    assert client.person_id
    assert client.sync().line().startswith("同步完成")
    client.close()


def test_client_without_the_ca_refuses_at_once_with_a_clear_message(
    tls_server: tuple[str, Path], tmp_path: Path
) -> None:
    url, _ = tls_server
    client = SyncClient(tmp_path / "b", url, "caoj")
    started = time.monotonic()
    with pytest.raises(UserError, match="无法验证服务器证书"):
        client.login()
    assert time.monotonic() - started < 5  # no retry loop: retrying cannot fix trust
    client.close()
