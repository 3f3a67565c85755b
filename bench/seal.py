"""Seal signing and verification (SM2 over SM3) on a 2-page and a ~10 MB PDF.

Prints one JSON line: per size the best of 5 sign and verify times in ms, and one SM2 scalar
multiplication. Run: ``python bench/seal.py``.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.pdfgen import canvas

from app.security import sm2
from app.security.pdfsign import SealStatus, TrustedKey, sign_pdf, verify_pdf


def make_pdf(pages: int, noise_kb: int) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pageCompression=0)
    for i in range(pages):
        c.drawString(72, 700, f"page {i}")
        c.drawString(72, 680, os.urandom(noise_kb * 512).hex())  # incompressible bulk
        c.showPage()
    c.save()
    return buf.getvalue()


def main() -> None:
    d = sm2.generate_private_key()
    pub = sm2.public_key_from_private(d)
    kid = sm2.key_fingerprint(pub)
    trusted = {kid: TrustedKey("u", "单位", pub)}
    when = datetime(2026, 7, 4, 10, 30, tzinfo=timezone(timedelta(hours=8)))
    out: dict[str, object] = {}
    for name, data in (("2_pages", make_pdf(2, 1)), ("10mb", make_pdf(20, 500))):
        best_sign = best_verify = float("inf")
        for _ in range(5):
            t = time.perf_counter()
            signed = sign_pdf(
                data,
                unit_id="u",
                unit_name="单位",
                key_id=kid,
                private_key_hex=d,
                public_key_hex=pub,
                signed_at=when,
            )
            best_sign = min(best_sign, time.perf_counter() - t)
            t = time.perf_counter()
            verdict = verify_pdf(signed, trusted)
            best_verify = min(best_verify, time.perf_counter() - t)
            assert verdict.status is SealStatus.VALID
        out[name] = {
            "bytes": len(data),
            "sign_ms": round(best_sign * 1000, 1),
            "verify_ms": round(best_verify * 1000, 1),
        }
    t = time.perf_counter()
    for _ in range(20):
        sm2.public_key_from_private(d)
    out["scalar_mult_ms"] = round((time.perf_counter() - t) / 20 * 1000, 2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
