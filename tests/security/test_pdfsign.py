"""Sealed PDFs: they still open, they verify, and any change to them shows."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import UserError
from app.security import sm2
from app.security.pdfsign import SealStatus, TrustedKey, Verdict, verify_pdf
from tests.security.conftest import (
    PAGE_TEXTS,
    SIGNED_AT,
    UNIT_NAME,
    UnitKey,
    new_unit_key,
    reportlab_pdf,
    xref_stream_pdf,
)


@cache
def _sealed() -> tuple[bytes, UnitKey]:
    key = new_unit_key()
    return key.sign(reportlab_pdf()), key


def _byte_range(data: bytes) -> list[int]:
    found = re.search(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]", data)
    assert found is not None
    return [int(g) for g in found.groups()]


def _flip(data: bytes, at: int, mask: int) -> bytes:
    changed = bytearray(data)
    changed[at] ^= mask
    return bytes(changed)


def _pages_and_text(data: bytes) -> tuple[int, list[str]]:
    import pdfplumber
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        count = len(pdf)
    finally:
        pdf.close()
    with pdfplumber.open(io.BytesIO(data)) as doc:
        texts = [(page.extract_text() or "").strip() for page in doc.pages]
    return count, texts


def _strict_xrefs(data: bytes) -> list[str]:
    """The kinds of cross-reference sections pdfminer read, refusing its repair fallback."""
    from pdfminer.pdfdocument import PDFDocument, PDFXRefFallback
    from pdfminer.pdfparser import PDFParser

    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    assert not any(isinstance(x, PDFXRefFallback) for x in doc.xrefs)
    return [type(x).__name__ for x in doc.xrefs]


def test_sealed_pdf_verifies_with_unit_and_time() -> None:
    data, key = _sealed()
    verdict = verify_pdf(data, key.trusted())
    assert verdict == Verdict(
        SealStatus.VALID,
        unit_name=UNIT_NAME,
        unit_id=key.unit_id,
        signed_at=SIGNED_AT,
        key_id=key.key_id,
    )
    assert verdict.summary() == f"有效：{UNIT_NAME} 于 2026年7月4日 10:30 签章"


def test_sealed_pdf_opens_with_the_same_pages_and_text() -> None:
    original = reportlab_pdf()
    data, _ = _sealed()
    assert data.startswith(original)  # an incremental update: the original bytes are untouched
    assert _pages_and_text(data) == _pages_and_text(original) == (2, list(PAGE_TEXTS))
    # The appended section is a real cross-reference table chained to the original one.
    assert _strict_xrefs(data) == ["PDFXRef", "PDFXRef"]


def test_signature_covers_every_byte_but_its_own_value() -> None:
    data, _ = _sealed()
    start, gap_start, gap_end, tail = _byte_range(data)
    assert start == 0 and gap_end + tail == len(data)
    assert re.fullmatch(rb"<[0-9a-f]{128}>", data[gap_start:gap_end])


def test_pdf_with_a_cross_reference_stream_is_sealed_with_one() -> None:
    original = xref_stream_pdf()
    assert _pages_and_text(original) == (1, ["Xref stream file"])
    key = new_unit_key()
    data = key.sign(original)
    assert _pages_and_text(data) == (1, ["Xref stream file"])
    assert _strict_xrefs(data) == ["PDFXRefStream", "PDFXRefStream"]
    assert verify_pdf(data, key.trusted()).status is SealStatus.VALID
    assert verify_pdf(_flip(data, 40, 0x01), key.trusted()).status is SealStatus.TAMPERED


def _spread(length: int, count: int) -> list[int]:
    return sorted({0, length - 1, *(i * (length - 1) // (count - 1) for i in range(count))})


def test_any_single_changed_byte_is_tampered() -> None:
    data, key = _sealed()
    trusted = key.trusted()
    _, gap_start, gap_end, _ = _byte_range(data)
    positions = _spread(len(data), 200)
    # The seal's own object, xref and trailer (the last ~700 bytes) in full, gap included.
    positions += range(len(data) - 800, len(data))
    masks = (0x01, 0x20, 0x80, 0xFF)
    for n, at in enumerate(sorted(set(positions))):
        verdict = verify_pdf(_flip(data, at, masks[n % len(masks)]), trusted)
        assert verdict.status is SealStatus.TAMPERED, (at, gap_start, gap_end, verdict)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_hypothesis_changed_byte_is_tampered(draw: st.DataObject) -> None:
    data, key = _sealed()
    at = draw.draw(st.integers(0, len(data) - 1))
    mask = draw.draw(st.integers(1, 255))
    assert verify_pdf(_flip(data, at, mask), key.trusted()).status is SealStatus.TAMPERED


def test_signature_value_case_change_is_tampered() -> None:
    # a → A leaves r and s unchanged, but the signed file is no longer byte-identical.
    data, key = _sealed()
    _, gap_start, gap_end, _ = _byte_range(data)
    value = data[gap_start + 1 : gap_end - 1]
    at = gap_start + 1 + re.search(rb"[a-f]", value).start()  # type: ignore[union-attr]
    changed = data[:at] + data[at : at + 1].upper() + data[at + 1 :]
    assert verify_pdf(changed, key.trusted()).status is SealStatus.TAMPERED


@pytest.mark.parametrize("extra", [b"\n", b"%", b" " * 10, b"x" * 5000])
def test_appended_bytes_are_tampered(extra: bytes) -> None:
    data, key = _sealed()
    verdict = verify_pdf(data + extra, key.trusted())
    assert verdict.status is SealStatus.TAMPERED
    assert verdict.summary().startswith("已篡改：签章后文件末尾被追加了内容")


def test_a_later_incremental_update_is_tampered() -> None:
    """Someone appends a revision that replaces page 1's text: viewers show the new text."""
    data, key = _sealed()
    content = b"BT /F1 24 Tf 72 700 Td (FORGED) Tj ET"
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    obj_at = len(data)
    update = b"99 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (
        len(content),
        content,
    )
    xref_at = obj_at + len(update)
    update += (
        b"xref\n99 1\n%010d 00000 n\r\ntrailer\n<< /Size 100 /Root 9 0 R /Prev %d >>\n"
        b"startxref\n%d\n%%%%EOF\n" % (obj_at, prev, xref_at)
    )
    assert verify_pdf(data + update, key.trusted()).status is SealStatus.TAMPERED


def test_changed_or_shifted_byte_range_is_tampered() -> None:
    data, key = _sealed()
    start, gap_start, gap_end, tail = _byte_range(data)
    old = b"/ByteRange [%010d %010d %010d %010d]" % (start, gap_start, gap_end, tail)
    for new in (
        (0, gap_start, gap_end, tail - 1),  # leave the last byte uncovered
        (0, gap_start - 1, gap_end, tail),  # leave the '<' uncovered
        (1, gap_start, gap_end, tail),
    ):
        forged = data.replace(old, b"/ByteRange [%010d %010d %010d %010d]" % new)
        assert len(forged) == len(data) and forged != data
        assert verify_pdf(forged, key.trusted()).status is SealStatus.TAMPERED
    # Prepending or cutting bytes moves everything.
    assert verify_pdf(b" " + data, key.trusted()).status is SealStatus.TAMPERED
    assert verify_pdf(data[:-1], key.trusted()).status is SealStatus.TAMPERED


def test_seal_copied_onto_another_document_is_tampered() -> None:
    data, key = _sealed()
    original = reportlab_pdf()
    other = original.replace(b"/Producer", b"/Producex")
    assert len(other) == len(original) and other != original
    assert verify_pdf(other + data[len(original) :], key.trusted()).status is (SealStatus.TAMPERED)


def test_unknown_key_is_unknown_unit_named_from_the_file() -> None:
    data, _ = _sealed()
    stranger = new_unit_key("other-unit", "别的单位")
    verdict = verify_pdf(data, stranger.trusted())
    assert verdict.status is SealStatus.UNKNOWN
    assert verdict.summary() == f"未知签章单位：{UNIT_NAME}"
    assert verify_pdf(data, {}).status is SealStatus.UNKNOWN


def test_forger_naming_a_trusted_key_id_is_tampered() -> None:
    """A forger signs with their own key but writes a trusted unit's key id and public key:
    the signature is sound for the forger's key, the trusted key rejects it."""
    _, key = _sealed()
    forger = new_unit_key()
    forged = forger.sign(reportlab_pdf())
    forged = forged.replace(forger.key_id.encode(), key.key_id.encode())
    forged = forged.replace(forger.public_key.encode(), key.public_key.encode())
    _, gap_start, gap_end, _ = _byte_range(forged)
    covered = [forged[:gap_start], forged[gap_end:]]
    e = sm2.message_digest(key.public_key, covered)
    signature = sm2.sign_digest(forger.private_key, e)
    assert sm2.verify_digest(forger.public_key, e, signature)
    forged = forged[: gap_start + 1] + signature.hex().encode() + forged[gap_end - 1 :]
    assert verify_pdf(forged, key.trusted()).status is SealStatus.TAMPERED


def test_key_of_another_unit_claiming_this_unit_is_tampered() -> None:
    insider = new_unit_key("unit-b", "乙单位")
    data = insider.sign(reportlab_pdf(), unit_id="unit-a", unit_name="甲单位")
    verdict = verify_pdf(data, insider.trusted())
    assert verdict.status is SealStatus.TAMPERED
    assert "乙单位" in verdict.summary()


def test_revocation_before_signing_makes_the_unit_unknown_after_keeps_it_valid() -> None:
    data, key = _sealed()
    before = key.trusted(revoked_at=SIGNED_AT - timedelta(minutes=1))
    verdict = verify_pdf(data, before)
    assert verdict.status is SealStatus.UNKNOWN
    assert "吊销" in verdict.summary()
    after = key.trusted(revoked_at=SIGNED_AT + timedelta(days=30))
    assert verify_pdf(data, after).status is SealStatus.VALID


def test_renewed_key_keeps_old_documents_valid() -> None:
    old_data, old_key = _sealed()
    new_key = new_unit_key()
    trusted = old_key.trusted(revoked_at=SIGNED_AT + timedelta(days=1)) | new_key.trusted()
    new_data = new_key.sign(reportlab_pdf(), signed_at=SIGNED_AT + timedelta(days=2))
    assert verify_pdf(old_data, trusted).status is SealStatus.VALID
    assert verify_pdf(new_data, trusted).status is SealStatus.VALID


def test_unsigned_pdf_is_unsigned_and_non_pdf_is_an_error() -> None:
    verdict = verify_pdf(reportlab_pdf(), {})
    assert verdict.status is SealStatus.UNSIGNED
    assert verdict.summary() == "未签章：文件中没有电子印章签名"
    with pytest.raises(UserError, match="不是 PDF"):
        verify_pdf(b"PK\x03\x04 a zip file", {})


def test_sign_refuses_bad_input(unit_key: UnitKey) -> None:
    sealed, _ = _sealed()
    with pytest.raises(UserError, match="已经用印"):
        unit_key.sign(sealed)
    with pytest.raises(UserError, match="不是 PDF"):
        unit_key.sign(b"hello")
    with pytest.raises(UserError, match="不完整"):
        unit_key.sign(reportlab_pdf()[:-200])
    other = new_unit_key()
    with pytest.raises(UserError, match="不匹配"):
        unit_key.sign(reportlab_pdf(), public_key_hex=other.public_key)
    with pytest.raises(UserError, match="编号"):
        unit_key.sign(reportlab_pdf(), key_id=other.key_id)
    with pytest.raises(ValueError):
        unit_key.sign(reportlab_pdf(), signed_at=datetime(2026, 7, 4, 10, 30))


def test_encrypted_pdf_is_refused(unit_key: UnitKey) -> None:
    original = reportlab_pdf()
    at = original.rindex(b"trailer")
    encrypted = original[:at] + original[at:].replace(b"/Root", b"/Encrypt 99 0 R /Root", 1)
    with pytest.raises(UserError, match="加密"):
        unit_key.sign(encrypted)


def test_trusted_key_id_is_derived_from_the_public_key(unit_key: UnitKey) -> None:
    key = TrustedKey("u", "单位", unit_key.public_key.upper())
    assert key.public_key == unit_key.public_key
    assert key.key_id == unit_key.key_id
    with pytest.raises(ValueError):
        TrustedKey("u", "单位", "04" + "00" * 64)
