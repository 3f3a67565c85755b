"""``main.py verify`` as a user runs it: one line, and the verdict as the exit code."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.db.engine import transaction
from app.profile import DB_NAME, Profile
from tests.security.conftest import UNIT_NAME, UnitKey, new_unit_key, reportlab_pdf

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", "verify", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=60,
        check=False,
    )


@pytest.fixture
def files(tmp_path: Path, unit_key: UnitKey) -> dict[str, Path]:
    sealed = unit_key.sign(reportlab_pdf())
    paths = {
        "sealed": tmp_path / "发文-已用印.pdf",
        "tampered": tmp_path / "tampered.pdf",
        "unsigned": tmp_path / "unsigned.pdf",
        "keys": tmp_path / "keys.json",
        "strangers": tmp_path / "strangers.json",
    }
    paths["sealed"].write_bytes(sealed)
    changed = bytearray(sealed)
    changed[len(changed) // 3] ^= 0x01
    paths["tampered"].write_bytes(bytes(changed))
    paths["unsigned"].write_bytes(reportlab_pdf())
    entry = {"unit_id": unit_key.unit_id, "unit_name": UNIT_NAME, "public_key": unit_key.public_key}
    paths["keys"].write_text(json.dumps([entry], ensure_ascii=False), encoding="utf-8")
    stranger = new_unit_key("u-x", "别的单位")
    entry = {"unit_id": "u-x", "unit_name": "别的单位", "public_key": stranger.public_key}
    paths["strangers"].write_text(json.dumps([entry], ensure_ascii=False), encoding="utf-8")
    return paths


def test_verdicts_and_exit_codes(files: dict[str, Path]) -> None:
    keys = files["keys"]
    valid = run(files["sealed"], "--keys", keys)
    assert (valid.returncode, valid.stdout) == (
        0,
        f"有效：{UNIT_NAME} 于 2026年7月4日 10:30 签章\n",
    )
    tampered = run(files["tampered"], "--keys", keys)
    assert tampered.returncode == 1 and tampered.stdout.startswith("已篡改：")
    unknown = run(files["sealed"], "--keys", files["strangers"])
    assert (unknown.returncode, unknown.stdout) == (2, f"未知签章单位：{UNIT_NAME}\n")
    unsigned = run(files["unsigned"], "--keys", keys)
    assert (unsigned.returncode, unsigned.stdout) == (3, "未签章：文件中没有电子印章签名\n")


def test_bad_input_exits_4_with_one_error_line(files: dict[str, Path], tmp_path: Path) -> None:
    missing = run(tmp_path / "没有.pdf", "--keys", files["keys"])
    assert missing.returncode == 4
    assert missing.stderr.strip().startswith("错误：文件不存在") and missing.stdout == ""
    broken_keys = tmp_path / "broken.json"
    broken_keys.write_text("[{", encoding="utf-8")
    assert run(files["sealed"], "--keys", broken_keys).returncode == 4
    not_pdf = tmp_path / "note.pdf"
    not_pdf.write_bytes(b"just text")
    out = run(not_pdf, "--keys", files["keys"])
    assert (out.returncode, out.stderr.strip()) == (4, "错误：不是 PDF 文件")
    no_args = run()
    assert no_args.returncode == 4 and "错误：" in no_args.stderr
    no_profile = run(files["sealed"], "--profile", tmp_path / "no-such-profile")
    assert no_profile.returncode == 4 and "配置文件夹不存在" in no_profile.stderr


def test_keys_from_the_profile_table(
    files: dict[str, Path], tmp_path: Path, unit_key: UnitKey
) -> None:
    profile = Profile.open(tmp_path / "profile")
    with transaction(profile.store()) as session:
        session.execute(
            sa.text(
                "INSERT INTO seal_keys (id, unit_id, unit_name, public_key, created_at)"
                " VALUES (:id, :unit_id, :unit_name, :public_key, :created_at)"
            ),
            {
                "id": unit_key.key_id,
                "unit_id": unit_key.unit_id,
                "unit_name": UNIT_NAME,
                "public_key": unit_key.public_key,
                "created_at": "2026-01-01T00:00:00+00:00",
            },
        )
    # The window may stay open: verify reads without taking the instance lock.
    try:
        out = run(files["sealed"], "--profile", profile.folder)
        assert out.returncode == 0, out.stderr
        assert out.stdout.startswith(f"有效：{UNIT_NAME}")
        assert run(files["tampered"], "--profile", profile.folder).returncode == 1
    finally:
        profile.close()
    # And it changes nothing in the profile.
    before = {p.name: p.read_bytes() for p in profile.folder.iterdir() if p.is_file()}
    assert run(files["sealed"], "--profile", profile.folder).returncode == 0
    after = {p.name: p.read_bytes() for p in profile.folder.iterdir() if p.is_file()}
    assert {k: v for k, v in after.items() if not k.endswith(("-wal", "-shm"))} == before


def test_profile_without_the_seal_keys_table_is_bad_input(
    files: dict[str, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "old-profile"
    folder.mkdir()
    with closing(sqlite3.connect(folder / DB_NAME)) as db:
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        db.execute("INSERT INTO alembic_version VALUES ('0005')")
        db.commit()
    out = run(files["sealed"], "--profile", folder)
    assert out.returncode == 4 and "--keys" in out.stderr
    with closing(sqlite3.connect(folder / DB_NAME)) as db:  # not migrated behind the user's back
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("0005",)]
