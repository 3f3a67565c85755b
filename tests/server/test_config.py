"""Settings from the environment; the signing secret is created once, private to the owner."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.errors import UserError
from server.config import Settings


def test_defaults_keep_data_under_the_data_dir(tmp_path: Path) -> None:
    s = Settings.from_env({"ZT_DATA_DIR": str(tmp_path)})
    assert s.database_url == f"sqlite:///{tmp_path / 'server.sqlite3'}"
    assert (s.db_kind, s.max_body_bytes, s.access_ttl_s, s.refresh_ttl_days) == (
        "sqlite",
        16 * 1024 * 1024,
        900,
        30,
    )
    assert (s.lockout_attempts, s.lockout_minutes, s.classification_ceiling) == (5, 15, "内部")
    assert s.argon2_memory_cost == 64 * 1024  # production cost unless told otherwise


def test_secret_is_generated_once_with_mode_0600(tmp_path: Path) -> None:
    first = Settings.from_env({"ZT_DATA_DIR": str(tmp_path)}).secret
    secret_file = tmp_path / "secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert Settings.from_env({"ZT_DATA_DIR": str(tmp_path)}).secret == first
    assert len(first) >= 32
    assert (
        Settings.from_env({"ZT_DATA_DIR": str(tmp_path), "ZT_SECRET": "s" * 40}).secret == b"s" * 40
    )


def test_postgresql_url_and_overrides(tmp_path: Path) -> None:
    s = Settings.from_env(
        {
            "ZT_DATA_DIR": str(tmp_path),
            "ZT_DATABASE_URL": "postgresql+psycopg://zt@db/zt",
            "ZT_LOCKOUT_ATTEMPTS": "3",
        }
    )
    assert (s.db_kind, s.lockout_attempts) == ("postgresql", 3)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ZT_MAX_BODY_BYTES": "lots"}, "ZT_MAX_BODY_BYTES 应为整数"),
        ({"ZT_ACCESS_TTL_S": "0"}, "ZT_ACCESS_TTL_S 不能小于 1"),
        ({"ZT_DATABASE_URL": "mysql://x"}, "ZT_DATABASE_URL 不受支持"),
    ],
)
def test_bad_settings_are_one_clear_error(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    with pytest.raises(UserError, match=message):
        Settings.from_env({"ZT_DATA_DIR": str(tmp_path), **env})
