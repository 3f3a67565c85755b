"""``python -m server check``: one ✓/✗ line per check, exit 0 only when all pass; each failure an
administrator meets (wrong database URL, database not migrated, data folder not writable by the
service account, missing or mismatched certificate) named in Chinese."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from server import db
from server.check import Result, run_checks
from server.config import DB_FILE
from tests.sync_harness import ROOT


def self_signed(folder: Path, name: str, *, days: int = 30) -> tuple[Path, Path]:
    """A certificate and key (PEM) for 127.0.0.1; ``days`` < 0 makes one already expired."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    start, end = (now - timedelta(days=1), now + timedelta(days=days))
    if days < 0:
        start, end = now + timedelta(days=days - 30), now + timedelta(days=days)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("check-template")
    engine = db.make_engine(f"sqlite:///{folder / DB_FILE}")
    db.upgrade(engine)
    engine.dispose()
    return folder / DB_FILE


@pytest.fixture
def data_dir(migrated: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(migrated, folder / DB_FILE)
    return folder


def by_name(results: list[Result]) -> dict[str, Result]:
    return {r.name: r for r in results}


def check_cli(env: dict[str, str], *args: str, unprivileged: bool = False) -> tuple[int, str]:
    cmd = [sys.executable, "-m", "server", "check", *args]
    if unprivileged and os.geteuid() == 0:
        # root ignores file modes; without these capabilities it obeys them like the service.
        cmd = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--", *cmd]
    done = subprocess.run(
        cmd,
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_all_good_passes_with_a_tick_per_line(data_dir: Path, tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path / "tls", "server")
    code, out = check_cli(
        {"ZT_DATA_DIR": str(data_dir), "ZT_SSL_CERTFILE": str(cert), "ZT_SSL_KEYFILE": str(key)}
    )
    assert code == 0, out
    lines = out.strip().splitlines()
    assert lines[-1] == "全部检查通过"
    assert all(line.startswith("✓") for line in lines[:-1]), out
    for name in ("配置", "数据库连接", "数据库版本", "数据目录", "附件库", "TLS 证书"):
        assert f"✓ {name}：" in out
    assert "有效期至" in out


def test_an_unreachable_database_is_named_without_showing_the_password(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    url = f"postgresql+psycopg://zhengtong:geheim-2026@127.0.0.1:{port}/zhengtong"
    code, out = check_cli({"ZT_DATA_DIR": str(tmp_path / "d"), "ZT_DATABASE_URL": url})
    assert code == 1
    assert "✗ 数据库连接：无法连接 postgresql+psycopg://zhengtong:***@127.0.0.1" in out
    assert "geheim" not in out
    assert "– 数据库版本：跳过（数据库无法连接）" in out
    assert out.strip().endswith("有 1 项检查未通过")


def test_a_database_not_migrated_or_too_old_or_too_new(data_dir: Path, tmp_path: Path) -> None:
    env = {"ZT_DATA_DIR": str(data_dir)}
    (data_dir / DB_FILE).unlink()
    missing = by_name(run_checks(env))
    assert missing["数据库连接"].ok is False and "数据库文件不存在" in missing["数据库连接"].message
    assert not (data_dir / DB_FILE).exists()  # the check made no empty database

    (data_dir / DB_FILE).touch()
    empty = by_name(run_checks(env))["数据库版本"]
    assert empty.ok is False and "尚未初始化" in empty.message and "server init" in empty.message

    (data_dir / DB_FILE).unlink()
    engine = db.make_engine(f"sqlite:///{data_dir / DB_FILE}")
    db.upgrade(engine, "0005")
    old = by_name(run_checks(env))["数据库版本"]
    assert old.ok is False and "过旧（0005" in old.message
    db.upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    new = by_name(run_checks(env))["数据库版本"]
    assert new.ok is False and "9999 比本程序新" in new.message


def test_a_data_folder_the_service_account_cannot_write(data_dir: Path) -> None:
    """The usual mistake: the folder is not writable by the account the service runs as."""
    env = {"ZT_DATA_DIR": str(data_dir), "ZT_SECRET": "s" * 40}
    database = data_dir.parent / "db"
    database.mkdir()
    shutil.move(data_dir / DB_FILE, database / DB_FILE)
    env["ZT_DATABASE_URL"] = f"sqlite:///{database / DB_FILE}"
    data_dir.chmod(0o555)
    try:
        code, out = check_cli(env, unprivileged=True)
    finally:
        data_dir.chmod(0o755)
    assert code == 1, out
    assert "✓ 数据库版本：" in out
    assert f"✗ 数据目录：{data_dir} 不可写：Permission denied" in out
    assert f"✗ 附件库：{data_dir / 'blobs'} 不可写" in out
    assert out.strip().endswith("有 3 项检查未通过")


def test_certificate_problems_are_named(data_dir: Path, tmp_path: Path) -> None:
    env = {"ZT_DATA_DIR": str(data_dir)}
    cert, key = self_signed(tmp_path, "a")
    _other_cert, other_key = self_signed(tmp_path, "b")
    expired, expired_key = self_signed(tmp_path, "old", days=-2)

    def tls(certfile: str | None, keyfile: str | None) -> Result:
        return by_name(run_checks(env, certfile=certfile, keyfile=keyfile))["TLS 证书"]

    assert tls(None, None).ok is None  # behind nginx: nothing to check
    assert tls(str(cert), str(key)).ok is True
    gone = tls(str(tmp_path / "无此文件.pem"), str(key))
    assert gone.ok is False and gone.message.startswith("证书文件不存在：")
    assert "须同时指定" in tls(str(cert), None).message
    mismatch = tls(str(cert), str(other_key))
    assert mismatch.ok is False and "证书与私钥不匹配" in mismatch.message
    old = tls(str(expired), str(expired_key))
    assert old.ok is False and "过期" in old.message
    code, out = check_cli(env, "--ssl-certfile", str(cert), "--ssl-keyfile", str(other_key))
    assert code == 1 and "✗ TLS 证书：证书与私钥不匹配" in out


def test_bad_settings_and_sms_ca_bundle(data_dir: Path, tmp_path: Path) -> None:
    (bad,) = run_checks({"ZT_DATA_DIR": str(data_dir), "ZT_MAX_BODY_BYTES": "很多"})
    assert bad.ok is False and bad.line().startswith("✗ 配置：环境变量有误：")
    assert "ZT_MAX_BODY_BYTES" in bad.message

    not_pem = tmp_path / "ca.txt"
    not_pem.write_text("这不是证书", encoding="utf-8")
    env = {"ZT_DATA_DIR": str(data_dir), "ZT_SMS_CA_BUNDLE": str(not_pem)}
    ca = by_name(run_checks(env))["短信网关 CA 证书"]
    assert ca.ok is False and "不是有效的 PEM 证书文件" in ca.message
    cert, _key = self_signed(tmp_path, "ca")
    env["ZT_SMS_CA_BUNDLE"] = str(cert)
    assert by_name(run_checks(env))["短信网关 CA 证书"].ok is True
    assert "短信网关 CA 证书" not in by_name(run_checks({"ZT_DATA_DIR": str(data_dir)}))
