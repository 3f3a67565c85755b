"""SM2 signatures over SM3 digests (GB/T 32918.2, GM/T 0009), on gmssl's curve arithmetic.

gmssl supplies the point arithmetic and the signing equation. This module adds what gmssl gets
wrong or leaves out for our use:

- the random k comes from ``secrets`` (gmssl's own ``func.random_hex`` uses ``random``);
- Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA) for any user id and curve (gmssl's
  ``sign_with_sm3`` hard-codes the default id and the recommended curve's table);
- e = SM3(Z || M) with the C implementation in ``cryptography``: gmssl's pure-Python SM3 takes
  seconds on a few megabytes of PDF;
- public keys are checked to lie on the curve, and r, s to lie in [1, n-1], before verifying
  (gmssl checks neither and raises TypeError when the sum of points is at infinity);
- gmssl's constructor strips public keys with ``lstrip("04")``, which also eats leading 0 and 4
  digits of x, so the key is always assigned after construction.

Keys are hex text: private keys 64 digits, public keys ``04 || x || y`` (130 digits, lowercase).
Signatures are the raw 64 bytes r || s.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from gmssl import sm2 as gmssl_sm2

# GM/T 0009-2012 §10: the id used when the parties agreed on none.
DEFAULT_USER_ID = b"1234567812345678"
SIGNATURE_SIZE = 64
FINGERPRINT_BYTES = 16


@dataclass(frozen=True)
class Curve:
    """A short-Weierstrass curve y² = x³ + ax + b over GF(p) with base point G of order n."""

    p: int
    a: int
    b: int
    gx: int
    gy: int
    n: int

    def gmssl_table(self) -> dict[str, str]:
        return {
            "n": f"{self.n:064X}",
            "p": f"{self.p:064X}",
            "g": f"{self.gx:064x}{self.gy:064x}",
            "a": f"{self.a:064X}",
            "b": f"{self.b:064X}",
        }

    def contains(self, x: int, y: int) -> bool:
        if not (0 <= x < self.p and 0 <= y < self.p):
            return False
        return (y * y - (x * x * x + self.a * x + self.b)) % self.p == 0


# GB/T 32918.5-2017: the recommended 256-bit curve, the only one real keys use.
SM2_CURVE = Curve(
    p=0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_FFFFFFFF_00000000_FFFFFFFF_FFFFFFFF,
    a=0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_FFFFFFFF_00000000_FFFFFFFF_FFFFFFFC,
    b=0x28E9FA9E_9D9F5E34_4D5A9E4B_CF6509A7_F39789F5_15AB8F92_DDBCBD41_4D940E93,
    gx=0x32C4AE2C_1F198119_5F990446_6A39C994_8FE30BBF_F2660BE1_715A4589_334C74C7,
    gy=0xBC3736A2_F4F6779C_59BDCEE3_6B692153_D0A9877C_C62A4740_02DF32E5_2139F0A0,
    n=0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_7203DF6B_21C6052B_53BBF409_39D54123,
)


def sm3_hasher() -> hashes.Hash:
    """An incremental SM3 (GB/T 32905) hasher."""
    return hashes.Hash(hashes.SM3())


def sm3(data: bytes) -> bytes:
    h = sm3_hasher()
    h.update(data)
    return h.finalize()


def _engine(curve: Curve, *, private_key: int = 0, point: tuple[int, int] | None = None) -> Any:
    engine = gmssl_sm2.CryptSM2(
        private_key=f"{private_key:064x}", public_key="", ecc_table=curve.gmssl_table()
    )
    if point is not None:
        engine.public_key = f"{point[0]:064x}{point[1]:064x}"  # see the module docstring
    return engine


def _private_int(private_key_hex: str, curve: Curve) -> int:
    try:
        d = int(private_key_hex, 16)
    except ValueError:
        raise ValueError("SM2 private key must be hex") from None
    if len(private_key_hex) != 64 or not 1 <= d <= curve.n - 2:
        raise ValueError("SM2 private key out of range")
    return d


def _mul_base(k: int, curve: Curve) -> tuple[int, int]:
    engine = _engine(curve)
    xy: str = engine._kg(k, engine.ecc_table["g"])  # gmssl's scalar multiplication
    return int(xy[:64], 16), int(xy[64:], 16)


def generate_private_key(curve: Curve = SM2_CURVE) -> str:
    """A new private key d in [1, n-2] (GB/T 32918.1 §6.1), as 64 hex digits."""
    return f"{secrets.randbelow(curve.n - 2) + 1:064x}"


def encode_point(x: int, y: int) -> str:
    return f"04{x:064x}{y:064x}"


def public_key_from_private(private_key_hex: str, curve: Curve = SM2_CURVE) -> str:
    return encode_point(*_mul_base(_private_int(private_key_hex, curve), curve))


def parse_public_key(text: str, curve: Curve = SM2_CURVE) -> tuple[int, int]:
    """The point of an SM2 public key in hex: ``04||x||y``, bare ``x||y``, or ``02/03||x``.

    Raises ValueError unless the point lies on ``curve``; a key that is not on the curve would
    let a forger choose the answer of the verification equation.
    """
    s = text.strip().lower()
    if s.startswith("0x"):
        s = s[2:]
    try:
        raw = bytes.fromhex(s)
    except ValueError:
        raise ValueError("SM2 public key must be hex") from None
    if len(raw) == 65 and raw[0] == 4:
        raw = raw[1:]
    if len(raw) == 64:
        x, y = int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
    elif len(raw) == 33 and raw[0] in (2, 3):
        x = int.from_bytes(raw[1:], "big")
        # p ≡ 3 (mod 4) for the SM2 curve, so a square root is one exponentiation.
        y = pow((x * x * x + curve.a * x + curve.b) % curve.p, (curve.p + 1) // 4, curve.p)
        if y % 2 != raw[0] % 2:
            y = curve.p - y
    else:
        raise ValueError("SM2 public key has the wrong length")
    if not curve.contains(x, y):
        raise ValueError("SM2 public key is not a point on the curve")
    return x, y


def normalize_public_key(text: str, curve: Curve = SM2_CURVE) -> str:
    """The canonical form ``04||x||y`` (lowercase hex) of a valid public key."""
    return encode_point(*parse_public_key(text, curve))


def key_fingerprint(public_key_hex: str) -> str:
    """The key id: the first 16 bytes of SM3(04||x||y), as 32 hex digits.

    Derived from the key itself, so a file naming a key id and a table row holding the key agree
    without either trusting the other's bookkeeping.
    """
    point = bytes.fromhex(normalize_public_key(public_key_hex))
    return sm3(point)[:FINGERPRINT_BYTES].hex()


def z_value(
    public_key_hex: str, user_id: bytes = DEFAULT_USER_ID, curve: Curve = SM2_CURVE
) -> bytes:
    """Z_A = SM3(ENTL_A || ID_A || a || b || xG || yG || xA || yA) (GB/T 32918.2 §5.5)."""
    bits = len(user_id) * 8
    if bits > 0xFFFF:
        raise ValueError("SM2 user id longer than 8191 bytes")
    x, y = parse_public_key(public_key_hex, curve)
    fields = (curve.a, curve.b, curve.gx, curve.gy, x, y)
    return sm3(bits.to_bytes(2, "big") + user_id + b"".join(v.to_bytes(32, "big") for v in fields))


def message_digest(
    public_key_hex: str,
    chunks: Iterable[bytes | memoryview],
    user_id: bytes = DEFAULT_USER_ID,
    curve: Curve = SM2_CURVE,
) -> bytes:
    """e = SM3(Z_A || M) where M is the concatenation of ``chunks`` (never copied whole)."""
    h = sm3_hasher()
    h.update(z_value(public_key_hex, user_id, curve))
    for chunk in chunks:
        h.update(chunk)
    return h.finalize()


def _sign_digest_with_k(private_key_hex: str, e: bytes, k: int, curve: Curve) -> bytes | None:
    """One signing attempt with a given k; None when k must be redrawn (GB/T 32918.2 §6.1).

    Only tests pass k (to reproduce the standard's example); everything else goes through
    ``sign_digest``, which draws k from ``secrets``.
    """
    if not 1 <= k <= curve.n - 1:
        raise ValueError("k out of range")
    engine = _engine(curve, private_key=_private_int(private_key_hex, curve))
    rs: str | None = engine.sign(e, f"{k:064x}")
    return bytes.fromhex(rs) if rs is not None else None


def sign_digest(private_key_hex: str, e: bytes, curve: Curve = SM2_CURVE) -> bytes:
    """The signature r || s (64 bytes) of the digest ``e`` (from ``message_digest``)."""
    while True:
        signature = _sign_digest_with_k(
            private_key_hex, e, secrets.randbelow(curve.n - 1) + 1, curve
        )
        if signature is not None:
            return signature


def verify_digest(
    public_key_hex: str, e: bytes, signature: bytes, curve: Curve = SM2_CURVE
) -> bool:
    """Whether ``signature`` (r || s) is valid for digest ``e`` under the public key."""
    if len(signature) != SIGNATURE_SIZE:
        return False
    r = int.from_bytes(signature[:32], "big")
    s = int.from_bytes(signature[32:], "big")
    if not (1 <= r < curve.n and 1 <= s < curve.n) or (r + s) % curve.n == 0:
        return False
    try:
        point = parse_public_key(public_key_hex, curve)
    except ValueError:
        return False
    engine = _engine(curve, point=point)
    try:
        return bool(engine.verify(signature.hex(), e))
    except TypeError:
        return False  # gmssl: s·G + t·P is the point at infinity, so no x1 to compare


def sign(
    private_key_hex: str,
    message: bytes,
    *,
    public_key_hex: str | None = None,
    user_id: bytes = DEFAULT_USER_ID,
    curve: Curve = SM2_CURVE,
) -> bytes:
    """Sign ``message`` (Z and e computed here); the public key is derived when not given."""
    public = public_key_hex or public_key_from_private(private_key_hex, curve)
    return sign_digest(private_key_hex, message_digest(public, [message], user_id, curve), curve)


def verify(
    public_key_hex: str,
    message: bytes,
    signature: bytes,
    *,
    user_id: bytes = DEFAULT_USER_ID,
    curve: Curve = SM2_CURVE,
) -> bool:
    try:
        e = message_digest(public_key_hex, [message], user_id, curve)
    except ValueError:
        return False
    return verify_digest(public_key_hex, e, signature, curve)
