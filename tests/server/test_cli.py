"""``python -m server init/admin`` in-process; errors are one line with a non-zero exit."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from server import db
from server.cli import main
from server.config import DB_FILE
from tests.server.conftest import FAST_ARGON2


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ZT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ZT_DATABASE_URL", raising=False)
    for key, value in FAST_ARGON2.items():
        monkeypatch.setenv(key, value)
    return tmp_path


def _dump(data_dir: Path) -> list[tuple[object, ...]]:
    engine = db.make_engine(f"sqlite:///{data_dir / DB_FILE}")
    with engine.connect() as conn:
        rows = [
            tuple(row)
            for table in ("units", "people", "person_roles", "devices")
            for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))
        ]
    engine.dispose()
    return rows


def test_init_demo_twice_changes_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "--demo"]) == 0
    assert "新增 47 条" in capsys.readouterr().out
    before = _dump(data_dir)
    assert main(["init", "--demo"]) == 0
    assert "新增 0 条" in capsys.readouterr().out
    assert _dump(data_dir) == before


def test_admin_commands(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["init", "--demo"]) == 0
    assert (
        main(
            [
                "admin",
                "add-unit",
                "--name",
                "塔山市水利局",
                "--level",
                "county",
                "--parent",
                "塔政",
                "--code-prefix",
                "塔水",
            ]
        )
        == 0
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO("water-2026-pass\n"))
    assert (
        main(
            [
                "admin",
                "add-person",
                "--username",
                "qians",
                "--name",
                "钱森",
                "--unit-code-or-name",
                "塔水",
                "--role",
                "clerk",
                "--password-stdin",
            ]
        )
        == 0
    )
    assert main(["admin", "grant", "qians", "archivist"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("another-pass-1\n"))
    assert main(["admin", "set-password", "qians"]) == 0
    capsys.readouterr()
    assert main(["admin", "list-devices"]) == 0
    assert capsys.readouterr().out == ""
    roles = [r for r in _dump(data_dir) if "archivist" in r or "clerk" in r]
    assert len(roles) >= 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["admin", "grant", "nobody", "clerk"], "用户“nobody”不存在"),
        (["admin", "revoke-device", "nope"], "设备不存在"),
        (
            [
                "admin",
                "add-unit",
                "--name",
                "某局",
                "--level",
                "county",
                "--parent",
                "不存在的单位",
            ],
            "找不到单位",
        ),
        (
            ["admin", "add-unit", "--name", "某科", "--level", "county", "--kind", "department"],
            "内设机构必须隶属于一个单位",
        ),
    ],
)
def test_admin_errors_are_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["init", "--demo"]) == 0
    capsys.readouterr()
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_admin_before_init_says_what_to_do(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "list-devices"]) == 1
    assert "python -m server init" in capsys.readouterr().err


def test_short_password_from_stdin_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["init", "--demo"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert main(["admin", "set-password", "zhanghs"]) == 1
    assert "密码至少需要 8 位" in capsys.readouterr().err
