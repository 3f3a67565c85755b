"""Fixtures for seal signatures: real PDFs from reportlab, fresh SM2 keys, a real keyring."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache

import pytest

from app.security import sm2
from app.security.pdfsign import TrustedKey, sign_pdf

CHINA = timezone(timedelta(hours=8))
SIGNED_AT = datetime(2026, 7, 4, 10, 30, tzinfo=CHINA)
UNIT_ID = "3f1c9a52-0d7e-4b8e-9c61-2a7d5e4f8b10"
UNIT_NAME = "塔山县人民政府办公室"
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
PAGE_TEXTS = ("关于做好2026年防汛工作的通知", "各乡镇人民政府，县直各单位：请认真贯彻落实。")


@dataclass(frozen=True)
class UnitKey:
    unit_id: str
    unit_name: str
    private_key: str
    public_key: str

    @property
    def key_id(self) -> str:
        return sm2.key_fingerprint(self.public_key)

    def trusted(self, revoked_at: datetime | None = None) -> dict[str, TrustedKey]:
        key = TrustedKey(self.unit_id, self.unit_name, self.public_key, revoked_at)
        return {key.key_id: key}

    def sign(self, data: bytes, signed_at: datetime = SIGNED_AT, **override: str) -> bytes:
        fields = {
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "key_id": self.key_id,
            "private_key_hex": self.private_key,
            "public_key_hex": self.public_key,
        } | override
        return sign_pdf(data, signed_at=signed_at, **fields)


def new_unit_key(unit_id: str = UNIT_ID, unit_name: str = UNIT_NAME) -> UnitKey:
    private = sm2.generate_private_key()
    return UnitKey(unit_id, unit_name, private, sm2.public_key_from_private(private))


@cache
def reportlab_pdf() -> bytes:
    """A two-page 公文-like PDF with Chinese text, as app/render writes them (reportlab)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("WQY-Seal", FONT, subfontIndex=0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for text in PAGE_TEXTS:
        c.setFont("WQY-Seal", 16)
        c.drawString(72, 700, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def xref_stream_pdf() -> bytes:
    """A one-page PDF 1.5 whose cross-reference is a stream (as Word and WPS export)."""
    content = b"BT /F1 24 Tf 72 700 Td (Xref stream file) Tj ET"
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at, xref_number = len(out), len(bodies) + 1
    rows = b"\x00\x00\x00\x00\x00\xff\xff" + b"".join(
        b"\x01" + at.to_bytes(4, "big") + b"\x00\x00" for at in [*offsets, xref_at]
    )
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % (xref_number, xref_number + 1, len(rows))
        + rows
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    )
    return bytes(out)


@pytest.fixture
def unit_key() -> UnitKey:
    return new_unit_key()
