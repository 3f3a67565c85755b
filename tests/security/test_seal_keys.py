"""Seal keys: private keys in the real OS keyring, public keys from a profile's seal_keys table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.db.engine import transaction
from app.errors import UserError
from app.profile import Profile
from app.security import sm2
from app.security.pdfsign import SealStatus, sign_pdf, verify_pdf
from app.security.seal_keys import (
    NO_LOCAL_KEY,
    generate_unit_key,
    private_key_for,
    trusted_keys,
    trusted_keys_from_json,
)
from tests import keyring_service
from tests.security.conftest import SIGNED_AT, UNIT_ID, UNIT_NAME, new_unit_key, reportlab_pdf

needs_keyring = pytest.mark.skipif(
    keyring_service.available() is not None, reason=str(keyring_service.available())
)


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Profile]:
    """A freshly migrated profile database (the seal_keys table comes from migration 0006)."""
    p = Profile.open(tmp_path / "profile")
    p.store()
    yield p
    p.close()


def _add_rows(profile: Profile, *rows: dict[str, str | None]) -> None:
    with transaction(profile.store()) as session:
        for n, row in enumerate(rows):
            session.execute(
                sa.text(
                    "INSERT INTO seal_keys (id, unit_id, unit_name, public_key, created_at,"
                    " revoked_at) VALUES (:id, :unit_id, :unit_name, :public_key,"
                    " :created_at, :revoked_at)"
                ),
                {"id": f"row-{n}", "created_at": "2026-01-01T00:00:00+00:00", "revoked_at": None}
                | row,
            )


@needs_keyring
def test_generated_key_lives_in_the_keyring_and_signs(real_keyring: None, tmp_path: Path) -> None:
    import keyring

    pair = generate_unit_key(UNIT_ID, UNIT_NAME)
    assert pair.key_id == sm2.key_fingerprint(pair.public_key_hex)
    private = private_key_for(pair.key_id)
    assert sm2.public_key_from_private(private) == pair.public_key_hex
    # Stored under a name that carries the key id, in the Secret Service itself.
    stored = keyring.get_password("zhengtong", f"seal/{pair.key_id}")
    assert stored is not None and json.loads(stored)["unit_id"] == UNIT_ID
    # A second key for the same unit (renewal) does not replace the first.
    renewed = generate_unit_key(UNIT_ID, UNIT_NAME)
    assert renewed.key_id != pair.key_id
    assert private_key_for(pair.key_id) == private
    sealed = sign_pdf(
        reportlab_pdf(),
        unit_id=UNIT_ID,
        unit_name=UNIT_NAME,
        key_id=pair.key_id,
        private_key_hex=private,
        public_key_hex=pair.public_key_hex,
        signed_at=SIGNED_AT,
    )
    trusted = trusted_keys_from_json(
        json.dumps(
            [{"unit_id": UNIT_ID, "unit_name": UNIT_NAME, "public_key": pair.public_key_hex}]
        )
    )
    assert verify_pdf(sealed, trusted).status is SealStatus.VALID


@needs_keyring
def test_missing_key_says_to_seal_on_the_holders_computer(real_keyring: None) -> None:
    with pytest.raises(UserError) as err:
        private_key_for("0" * 32)
    assert str(err.value) == NO_LOCAL_KEY == "本机没有该单位的印章密钥，请在持有印章的计算机上用印"


@needs_keyring
def test_a_damaged_keyring_entry_is_reported(real_keyring: None) -> None:
    import keyring

    pair = generate_unit_key(UNIT_ID, UNIT_NAME)
    other = sm2.generate_private_key()
    keyring.set_password("zhengtong", f"seal/{pair.key_id}", json.dumps({"private_key": other}))
    with pytest.raises(UserError, match="已损坏"):
        private_key_for(pair.key_id)


def test_no_keyring_gives_a_clear_error() -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(UserError, match="系统密钥环不可用"):
            generate_unit_key(UNIT_ID, UNIT_NAME)
    finally:
        keyring.set_keyring(previous)


def test_trusted_keys_from_the_profile_table(profile: Profile) -> None:
    current, old, broken = new_unit_key(), new_unit_key(), new_unit_key()
    _add_rows(
        profile,
        {"unit_id": UNIT_ID, "unit_name": UNIT_NAME, "public_key": current.public_key.upper()},
        {
            "unit_id": UNIT_ID,
            "unit_name": UNIT_NAME,
            "public_key": old.public_key,
            "revoked_at": "2026-03-01T08:00:00",
        },
        {"unit_id": "u2", "unit_name": "乙单位", "public_key": broken.public_key[:-2] + "00"},
    )
    with profile.store()() as session:
        keys = trusted_keys(session)
    assert set(keys) == {current.key_id, old.key_id}  # the malformed row is left out
    assert keys[current.key_id].revoked_at is None
    assert keys[old.key_id].revoked_at == datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    assert keys[current.key_id].unit_name == UNIT_NAME


def test_json_keys_are_checked() -> None:
    key = new_unit_key()
    good = {"unit_id": "u", "unit_name": "单位", "public_key": key.public_key}
    assert set(trusted_keys_from_json(json.dumps([good]))) == {key.key_id}
    for bad, message in (
        ("{not json", "不是有效的 JSON"),
        ('{"unit_id": "u"}', "应为列表"),
        (json.dumps([good | {"unit_name": ""}]), "第 1 项缺少"),
        (json.dumps([good, good | {"public_key": "04abc"}]), "第 2 项的公钥"),
        (json.dumps([good | {"revoked_at": "yesterday"}]), "吊销时间"),
    ):
        with pytest.raises(UserError, match=message):
            trusted_keys_from_json(bad)
