"""The deployment files in build/server/: nginx accepts its configuration (``nginx -t``, with a
generated certificate), systemd accepts the unit, the environment file documents every setting
the server reads with values the server accepts, and the shell scripts pass shellcheck."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from server.config import MIB, Settings
from tests.server.test_check import self_signed
from tests.sync_harness import ROOT

HERE = ROOT / "build" / "server"
ENV_EXAMPLE = HERE / "server.env.example"
VENV_PYTHON = "/opt/zhengtong-server/venv/bin/python"


def _tool(name: str) -> str:
    found = shutil.which(name) or (
        f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None
    )
    if found is None:
        pytest.skip(f"{name} not installed (.ci/run installs it)")
    return found


def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    nginx = _tool("nginx")
    cert, key = self_signed(tmp_path / "tls", "server")
    site = (HERE / "nginx-zhengtong.conf").read_text(encoding="utf-8")
    site = site.replace("/etc/zhengtong/tls/server.pem", str(cert))
    site = site.replace("/etc/zhengtong/tls/server.key", str(key))
    (tmp_path / "zhengtong.conf").write_text(site, encoding="utf-8")
    temp = {name: tmp_path / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\nhttp {{\n"
        f"    access_log off;\n    client_body_temp_path {temp['body']};\n"
        f"    proxy_temp_path {temp['proxy']};\n    fastcgi_temp_path {temp['fastcgi']};\n"
        f"    uwsgi_temp_path {temp['uwsgi']};\n    scgi_temp_path {temp['scgi']};\n"
        f"    include {tmp_path}/zhengtong.conf;\n}}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr
    assert "[warn]" not in done.stderr, done.stderr


def test_nginx_body_limit_matches_the_server_default() -> None:
    site = (HERE / "nginx-zhengtong.conf").read_text(encoding="utf-8")
    (size,) = re.findall(r"^\s*client_max_body_size (\d+)m;", site, re.M)
    default = Settings(data_dir=Path("."), database_url="sqlite:///x", secret=b"x").max_body_bytes
    assert int(size) * MIB == default
    assert "return 301 https://" in site and "ssl_protocols TLSv1.2 TLSv1.3;" in site
    assert "# ssl_verify_client on;" in site  # mutual TLS offered, left off


def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    analyze = _tool("systemd-analyze")
    unit = (HERE / "zhengtong-server.service").read_text(encoding="utf-8")
    assert "ExecStartPre=" + VENV_PYTHON + " -m server check" in unit
    assert re.search(
        r"^ExecStart=\S+ -m server serve --workers \d+ --host 127\.0\.0\.1 ", unit, re.M
    )
    for line in (
        "User=zhengtong",
        "EnvironmentFile=/etc/zhengtong/server.env",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/zhengtong",
        "PrivateTmp=yes",
        "Restart=on-failure",
    ):
        assert f"\n{line}\n" in unit, line
    # The venv is not installed here: point the unit at this Python so systemd can check the rest.
    (tmp_path / "zhengtong-server.service").write_text(
        unit.replace(VENV_PYTHON, sys.executable), encoding="utf-8"
    )
    done = subprocess.run(
        [analyze, "verify", "--man=no", str(tmp_path / "zhengtong-server.service")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Unknown" not in done.stderr and "Invalid" not in done.stderr, done.stderr


def _documented() -> dict[str, str]:
    """NAME -> example value of every ZT_* line in the example, commented out or not."""
    found = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^#?(ZT_[A-Z0-9_]+)=(.*)$", line)
        if match:
            found[match[1]] = match[2].strip('"')
    return found


def test_the_environment_file_documents_every_setting() -> None:
    sources = [
        ROOT / "server" / "config.py",
        ROOT / "server" / "cli.py",
        HERE / "lib.sh",
        HERE / "backup.sh",
    ]
    read = set()
    for source in sources:
        read |= set(re.findall(r"\b(ZT_[A-Z0-9_]*[A-Z0-9])\b", source.read_text(encoding="utf-8")))
    read -= {"ZT_SMS"}  # a prefix in a comment
    documented = _documented()
    assert read - set(documented) == set(), "not in server.env.example"
    assert set(documented) - read == set(), "documented but read nowhere"


def test_the_example_values_are_accepted_by_the_server(tmp_path: Path) -> None:
    ca, _key = self_signed(tmp_path, "sms-ca")
    env = {**_documented(), "ZT_DATA_DIR": str(tmp_path / "data"), "ZT_SMS_CA_BUNDLE": str(ca)}
    settings = Settings.from_env(env)
    assert settings.max_body_bytes == 16 * MIB and settings.sms_signature == "塔山市政府办"
    assert settings.db_kind == "postgresql"


def test_the_shell_scripts_pass_shellcheck() -> None:
    shellcheck = _tool("shellcheck")
    scripts = sorted(str(p) for p in HERE.glob("*.sh"))
    done = subprocess.run(
        [shellcheck, "-x", *scripts],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout
