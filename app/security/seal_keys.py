"""Unit seal keys: the private key in this workstation's OS keyring, public keys from sync.

A unit has one key pair at a time, held on the seal administrator's (印章管理员) workstation. A
renewed key gets a new key id; old public keys stay in ``seal_keys`` (revoked or not) so that
documents sealed with them keep verifying. Key ids are fingerprints of the public key
(``sm2.key_fingerprint``), so lookups never depend on how the server numbers its rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.errors import UserError
from app.security import sm2
from app.security.credentials import Credentials
from app.security.pdfsign import TrustedKey

# Keyring entries are named ``seal/<key id>``: per workstation, not per profile, because the
# key belongs to the unit's seal, whoever is logged in.
KEYRING_NAMESPACE = "seal"
NO_LOCAL_KEY = "本机没有该单位的印章密钥，请在持有印章的计算机上用印"

_SEAL_KEYS = sa.table(
    "seal_keys",
    sa.column("id"),
    sa.column("unit_id"),
    sa.column("unit_name"),
    sa.column("public_key"),
    sa.column("created_at"),
    sa.column("revoked_at"),
)


@dataclass(frozen=True)
class SealKeyPair:
    key_id: str
    public_key_hex: str


def _keyring() -> Credentials:
    return Credentials(KEYRING_NAMESPACE)


def generate_unit_key(unit_id: str, unit_name: str) -> SealKeyPair:
    """A new key pair for the unit; the private key goes into the OS keyring only.

    The caller publishes the public key (sync); until then no one else can verify it.
    """
    if not unit_id or not unit_name:
        raise UserError("生成印章密钥需要单位")
    private_key = sm2.generate_private_key()
    public_key = sm2.public_key_from_private(private_key)
    key_id = sm2.key_fingerprint(public_key)
    entry = {
        "private_key": private_key,
        "unit_id": unit_id,
        "unit_name": unit_name,
        "created_at": datetime.now(UTC).isoformat(),
    }
    _keyring().save(key_id, json.dumps(entry, ensure_ascii=False))
    return SealKeyPair(key_id=key_id, public_key_hex=public_key)


def private_key_for(key_id: str) -> str:
    """The private key (hex) of ``key_id`` from this workstation's keyring."""
    stored = _keyring().load(key_id)
    if stored is None:
        raise UserError(NO_LOCAL_KEY)
    try:
        private_key = str(json.loads(stored)["private_key"])
        matches = sm2.key_fingerprint(sm2.public_key_from_private(private_key)) == key_id
    except (ValueError, KeyError, TypeError):
        matches = False
    if not matches:
        raise UserError("本机密钥环中的印章密钥已损坏，请联系管理员重新生成印章密钥")
    return private_key


def _parse_time(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)  # stored as UTC


def _index(keys: Iterable[TrustedKey]) -> dict[str, TrustedKey]:
    """Keys by key id; the same key listed twice keeps its earliest revocation."""
    out: dict[str, TrustedKey] = {}
    for key in keys:
        seen = out.get(key.key_id)
        if seen is not None and seen.revoked_at is not None:
            if key.revoked_at is None or seen.revoked_at <= key.revoked_at:
                continue
        out[key.key_id] = key
    return out


def trusted_keys(session: Session) -> dict[str, TrustedKey]:
    """Every seal public key in the local ``seal_keys`` table, by key id, revoked ones too.

    A row whose public key or revocation time does not parse is left out: a document sealed
    with it then reads as 未知签章单位 rather than breaking every other check.
    """
    rows = session.execute(
        sa.select(
            _SEAL_KEYS.c.unit_id,
            _SEAL_KEYS.c.unit_name,
            _SEAL_KEYS.c.public_key,
            _SEAL_KEYS.c.revoked_at,
        )
    ).all()
    keys = []
    for unit_id, unit_name, public_key, revoked_at in rows:
        try:
            keys.append(TrustedKey(unit_id, unit_name, public_key, _parse_time(revoked_at)))
        except ValueError:
            continue
    return _index(keys)


def trusted_keys_from_json(text: str) -> dict[str, TrustedKey]:
    """Keys from a JSON list of ``{unit_id, unit_name, public_key[, revoked_at]}``."""
    try:
        items = json.loads(text)
    except ValueError as exc:
        raise UserError(f"密钥文件不是有效的 JSON：{exc}") from None
    if not isinstance(items, list):
        raise UserError("密钥文件应为列表：[{unit_id, unit_name, public_key}, …]")
    keys = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, Mapping) or not all(
            isinstance(item.get(f), str) and item.get(f) for f in ("unit_id", "unit_name")
        ):
            raise UserError(f"密钥文件第 {n} 项缺少 unit_id 或 unit_name")
        try:
            keys.append(
                TrustedKey(
                    item["unit_id"],
                    item["unit_name"],
                    str(item.get("public_key", "")),
                    _parse_time(item.get("revoked_at")),
                )
            )
        except ValueError:
            raise UserError(f"密钥文件第 {n} 项的公钥或吊销时间无效") from None
    return _index(keys)
