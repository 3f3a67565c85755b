"""Password hashing (argon2id), signed access tokens and opaque refresh tokens.

Access tokens are ``base64url(json payload) "." base64url(HMAC-SHA256)``: small, self-contained,
checked without a database read; the device's token generation in the payload lets logout and
revocation end them early. Refresh tokens are random strings of which the server keeps only the
sha256, so a copy of the database cannot be used to sign in.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from server.config import Settings


class TokenError(Exception):
    """The access token is malformed, forged or expired."""


@dataclass(frozen=True, slots=True)
class AccessClaims:
    person_id: str
    device_id: str
    generation: int
    expires: int


class Passwords:
    """argon2id hashing with the server's cost parameters."""

    def __init__(self, settings: Settings) -> None:
        self._hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_cost,
            parallelism=settings.argon2_parallelism,
            hash_len=32,
            salt_len=16,
            type=Type.ID,
        )

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        """Constant work whether or not ``stored`` exists, so timing does not reveal usernames."""
        try:
            return self._hasher.verify(stored or self._dummy, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        return self._hasher.check_needs_rehash(stored)

    @cached_property
    def _dummy(self) -> str:
        return self._hasher.hash(secrets.token_urlsafe(16))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, body: str) -> str:
    return _b64(hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest())


def issue_access_token(
    secret: bytes, *, person_id: str, device_id: str, generation: int, now: datetime, ttl_s: int
) -> str:
    payload = {
        "sub": person_id,
        "dev": device_id,
        "gen": generation,
        "exp": int(now.timestamp()) + ttl_s,
    }
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    return f"{body}.{_sign(secret, body)}"


def verify_access_token(secret: bytes, token: str, *, now: datetime) -> AccessClaims:
    body, sep, signature = token.partition(".")
    if not sep or not body.isascii() or not signature.isascii():
        raise TokenError("malformed token")
    if not hmac.compare_digest(_sign(secret, body), signature):
        raise TokenError("bad signature")
    try:
        payload = json.loads(_unb64(body))
        claims = AccessClaims(
            str(payload["sub"]), str(payload["dev"]), int(payload["gen"]), int(payload["exp"])
        )
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise TokenError("malformed payload") from exc
    if claims.expires <= now.timestamp():
        raise TokenError("expired")
    return claims


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
