"""Secrets live in the real OS keyring (gnome-keyring over D-Bus), never in profile files."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import ProfileConfig
from app.errors import UserError
from app.security.credentials import Credentials
from tests import keyring_service

pytestmark = pytest.mark.skipif(
    keyring_service.available() is not None, reason=str(keyring_service.available())
)


def test_a_secret_round_trips_through_gnome_keyring(real_keyring: None, tmp_path: Path) -> None:
    creds = Credentials("zhanghs@oa.tashan.gov.cn")
    creds.save("refresh-token", "rt-秘密-123")
    assert creds.load("refresh-token") == "rt-秘密-123"
    # Another profile does not see it.
    assert Credentials("liuf@oa.tashan.gov.cn").load("refresh-token") is None
    # And it is not in any profile file.
    ProfileConfig(server_url="https://oa.tashan.gov.cn", username="zhanghs").save(tmp_path)
    assert all(b"rt-" not in p.read_bytes() for p in tmp_path.iterdir())


def test_delete_is_idempotent(real_keyring: None) -> None:
    creds = Credentials("p1")
    creds.save("k", "v")
    creds.delete("k")
    assert creds.load("k") is None
    creds.delete("k")  # already gone: no error


def test_no_keyring_gives_a_clear_error() -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(UserError, match="系统密钥环不可用"):
            Credentials("p").save("k", "v")
    finally:
        keyring.set_keyring(previous)
