"""Electronic seal signatures in PDF files: sign at 用印, verify when a document opens.

The signature is an incremental update appended to the PDF: one signature dictionary object, a
cross-reference section for it and a trailer chained to the previous one with /Prev, so every
viewer still opens the file and the original bytes stay as they were. ``/ByteRange`` covers
every byte of the signed file except the hex digits of ``/Contents`` (the signature value
itself). The layout is fixed (see docs/seal.md) and the verifier accepts only that layout:
a file that parses differently was not written by ``sign_pdf``.

Pure functions over bytes; they run on any thread (the GUI calls them on a worker).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from functools import partial

from app.errors import UserError
from app.security import sm2

FILTER = b"ZhengTong.SM2"
SUBFILTER = b"ZT.sm2sm3"
_CONTENTS_DIGITS = 2 * sm2.SIGNATURE_SIZE
_OFFSET_DIGITS = 10  # fixed-width ByteRange numbers, so their values never move the layout

# Any of these in a file means it carries (or carried) a seal. Several disjoint markers, so a
# single changed byte cannot make a signed file look unsigned.
_SEAL_MARKERS = (b"/ZhengTong.SM2", b"/ZT.sm2sm3", b"/ZT.KeyId", b"/ZT.PublicKey")

_SIG_DICT = re.compile(
    rb"<< /Type /Sig /Filter /ZhengTong\.SM2 /SubFilter /ZT\.sm2sm3"
    rb" /ByteRange \[(\d{10}) (\d{10}) (\d{10}) (\d{10})\]"
    rb" /Contents (<[0-9a-f]{128}>)"
    rb" /Name <FEFF((?:[0-9A-F]{4})+)>"
    rb" /M \(D:(\d{14})([+-])(\d{2})'(\d{2})'\)"
    rb" /ZT\.UnitId <FEFF((?:[0-9A-F]{4})+)>"
    rb" /ZT\.KeyId \(([0-9a-f]{32})\)"
    rb" /ZT\.PublicKey <(04[0-9a-f]{128})> >>"
)


class SealStatus(StrEnum):
    VALID = "有效"
    TAMPERED = "已篡改"
    UNKNOWN = "未知签章单位"
    UNSIGNED = "未签章"


@dataclass(frozen=True)
class TrustedKey:
    """A unit's seal public key as distributed by sync; ``key_id`` is derived from the key."""

    unit_id: str
    unit_name: str
    public_key: str
    revoked_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "public_key", sm2.normalize_public_key(self.public_key))
        if self.revoked_at is not None and self.revoked_at.tzinfo is None:
            raise ValueError("revoked_at must be timezone-aware")

    @property
    def key_id(self) -> str:
        return sm2.key_fingerprint(self.public_key)


@dataclass(frozen=True)
class Verdict:
    """What ``verify_pdf`` found. ``unit_name``/``unit_id`` come from the trusted key when the
    signer is known, else from the file (a claim nobody vouched for)."""

    status: SealStatus
    unit_name: str = ""
    unit_id: str = ""
    signed_at: datetime | None = None
    key_id: str = ""
    reason: str = ""  # why TAMPERED or UNKNOWN, one Chinese phrase

    def summary(self) -> str:
        """One line for people, e.g. ``有效：某某县人民政府办公室 于 2026年7月4日 10:30 签章``."""
        from app.cli import format_date

        if self.status is SealStatus.VALID:
            at = self.signed_at
            when = f" 于 {format_date(at.date())} {at:%H:%M}" if at is not None else ""
            return f"有效：{self.unit_name}{when} 签章"
        if self.status is SealStatus.TAMPERED:
            unit = f"（签章单位：{self.unit_name}）" if self.unit_name else ""
            return f"已篡改：{self.reason}{unit}"
        if self.status is SealStatus.UNKNOWN:
            return f"未知签章单位：{self.unit_name}" + (f"（{self.reason}）" if self.reason else "")
        return "未签章：文件中没有电子印章签名"


# --- signing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Trailer:
    startxref: int
    size: int
    entries: bytes  # /Root, /Info and /ID copied into the new trailer (PDF 32000-1 §7.5.6)
    xref_stream: bool


def _last_trailer(data: bytes) -> _Trailer:
    base = max(0, len(data) - 2048)
    tail = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*\Z", data[base:])
    if tail is None:
        raise UserError("PDF 文件不完整：文件末尾没有 startxref / %%EOF")
    start = int(tail.group(1))
    section = data[start : base + tail.start()]
    stream_at = section.find(b"stream")
    if section.startswith(b"xref") and b"trailer" in section:
        trailer, xref_stream = section[section.index(b"trailer") :], False
    elif (
        stream_at > 0
        and re.match(rb"\d+\s+\d+\s+obj\s*<<", section)
        and b"/XRef" in section[:stream_at]
    ):
        trailer, xref_stream = section[:stream_at], True
    else:
        raise UserError("PDF 文件结构无法识别：startxref 没有指向交叉引用表")
    if b"/Encrypt" in trailer:
        raise UserError("加密的 PDF 文件不能用印，请先解除加密")
    size = re.search(rb"/Size\s+(\d+)", trailer)
    root = re.search(rb"/Root\s+\d+\s+\d+\s+R", trailer)
    if size is None or root is None:
        raise UserError("PDF 文件结构无法识别：trailer 缺少 /Size 或 /Root")
    entries = [root.group(0)]
    info = re.search(rb"/Info\s+\d+\s+\d+\s+R", trailer)
    if info is not None:
        entries.append(info.group(0))
    ids = re.search(rb"/ID\s*\[\s*<[0-9A-Fa-f\s]*>\s*<[0-9A-Fa-f\s]*>\s*\]", trailer)
    if ids is not None:
        entries.append(ids.group(0))
    return _Trailer(start, int(size.group(1)), b" ".join(entries), xref_stream)


def _pdf_text(text: str) -> bytes:
    """A PDF text string as hex UTF-16BE with BOM: any character, nothing to escape."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _pdf_date(when: datetime) -> bytes:
    offset = when.utcoffset()
    if offset is None:
        raise ValueError("signed_at must be timezone-aware")
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hh, mm = divmod(abs(minutes), 60)
    return f"(D:{when:%Y%m%d%H%M%S}{sign}{hh:02d}'{mm:02d}')".encode()


def _sig_object(
    number: int,
    byte_range: tuple[int, int, int, int],
    *,
    unit_id: str,
    unit_name: str,
    key_id: str,
    public_key: str,
    signed_at: datetime,
) -> bytes:
    numbers = b" ".join(b"%0*d" % (_OFFSET_DIGITS, n) for n in byte_range)
    return b"".join(
        (
            b"%d 0 obj\n" % number,
            b"<< /Type /Sig /Filter /" + FILTER + b" /SubFilter /" + SUBFILTER,
            b" /ByteRange [" + numbers + b"]",
            b" /Contents <" + b"0" * _CONTENTS_DIGITS + b">",
            b" /Name " + _pdf_text(unit_name),
            b" /M " + _pdf_date(signed_at),
            b" /ZT.UnitId " + _pdf_text(unit_id),
            b" /ZT.KeyId (" + key_id.encode() + b")",
            b" /ZT.PublicKey <" + public_key.encode() + b"> >>\nendobj\n",
        )
    )


def _xref_and_trailer(trailer: _Trailer, number: int, obj_at: int, xref_at: int) -> bytes:
    """The new cross-reference section (same kind as the file's last one) and trailer."""
    if not trailer.xref_stream:
        return (
            b"xref\n%d 1\n%010d 00000 n\r\n" % (number, obj_at)
            + b"trailer\n<< /Size %d " % (number + 1)
            + trailer.entries
            + b" /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (trailer.startxref, xref_at)
        )
    # A file whose last section is a cross-reference stream gets one too: the stream object is
    # number + 1 and lists itself, uncompressed (/W [1 4 2]: type, offset, generation).
    rows = b"".join(b"\x01" + at.to_bytes(4, "big") + b"\x00\x00" for at in (obj_at, xref_at))
    return (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%d 2] "
        % (number + 1, number + 2, number)
        + trailer.entries
        + b" /Prev %d /Length %d >>\nstream\n" % (trailer.startxref, len(rows))
        + rows
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    )


def sign_pdf(
    data: bytes,
    *,
    unit_id: str,
    unit_name: str,
    key_id: str,
    private_key_hex: str,
    public_key_hex: str,
    signed_at: datetime,
) -> bytes:
    """``data`` with the unit's SM2 seal signature appended as an incremental update.

    ``signed_at`` must be timezone-aware. Raises UserError for a file that is not a PDF, is
    encrypted or already sealed, or when the key pair does not belong together.
    """
    if not data.startswith(b"%PDF-"):
        raise UserError("不是 PDF 文件")
    if any(m in data for m in _SEAL_MARKERS):
        raise UserError("该文件已经用印，不能再次签章")
    if not unit_id or not unit_name:
        raise UserError("用印需要签章单位")
    public_key = sm2.normalize_public_key(public_key_hex)
    if sm2.public_key_from_private(private_key_hex) != public_key:
        raise UserError("印章私钥与公钥不匹配")
    if sm2.key_fingerprint(public_key) != key_id:
        raise UserError("印章密钥编号与公钥不符")
    trailer = _last_trailer(data)
    number = trailer.size
    head = data if data.endswith((b"\n", b"\r")) else data + b"\n"
    if len(head) + 4096 >= 10**_OFFSET_DIGITS:
        raise UserError("PDF 文件过大，不能用印")
    layout = partial(
        _sig_object,
        number,
        unit_id=unit_id,
        unit_name=unit_name,
        key_id=key_id,
        public_key=public_key,
        signed_at=signed_at.replace(microsecond=0),
    )
    # Lay out once with zeros to learn the offsets; the fixed-width numbers keep the length.
    draft = layout((0, 0, 0, 0))
    obj_at = len(head)
    gap_start = obj_at + draft.index(b"/Contents <") + len(b"/Contents ")
    gap_end = gap_start + _CONTENTS_DIGITS + 2
    xref_at = obj_at + len(draft)
    tail = _xref_and_trailer(trailer, number, obj_at, xref_at)
    total = xref_at + len(tail)
    byte_range = (0, gap_start, gap_end, total - gap_end)
    signed = bytearray(head + layout(byte_range) + tail)
    e = sm2.message_digest(public_key, _covered(signed, gap_start, gap_end))
    signature = sm2.sign_digest(private_key_hex, e)
    signed[gap_start + 1 : gap_end - 1] = signature.hex().encode()
    return bytes(signed)


def _covered(data: bytes | bytearray, gap_start: int, gap_end: int) -> list[memoryview]:
    view = memoryview(data)
    return [view[:gap_start], view[gap_end:]]


# --- verifying -------------------------------------------------------------------------------


def _parse_date(digits: bytes, sign: bytes, hh: bytes, mm: bytes) -> datetime:
    offset = timedelta(hours=int(hh), minutes=int(mm))
    tz = timezone(-offset if sign == b"-" else offset)
    return datetime.strptime(digits.decode(), "%Y%m%d%H%M%S").replace(tzinfo=tz)


def _text(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode()).decode("utf-16-be")


_DAMAGED = "签章数据已损坏或被改动"


def _claims(data: bytes) -> tuple[Verdict, re.Match[bytes]] | None:
    """What the one seal dictionary in ``data`` says (status still TAMPERED), or None when
    there is not exactly one well-formed seal dictionary."""
    matches = list(_SIG_DICT.finditer(data))
    if len(matches) != 1 or any(data.count(m) != 1 for m in _SEAL_MARKERS):
        return None
    m = matches[0]
    try:
        claimed = Verdict(
            SealStatus.TAMPERED,
            unit_name=_text(m.group(6)),
            unit_id=_text(m.group(11)),
            signed_at=_parse_date(m.group(7), m.group(8), m.group(9), m.group(10)),
            key_id=m.group(12).decode(),
        )
    except ValueError:  # UnicodeDecodeError is a ValueError too
        return None
    return claimed, m


def _layout_problem(data: bytes, m: re.Match[bytes], key_id: str) -> str | None:
    """Why the seal cannot cover exactly this file, if it cannot."""
    # The key id names the embedded key: a changed byte in either shows here, before the key id
    # is looked up (else it would read as an unknown unit instead of a changed file).
    try:
        if sm2.key_fingerprint(m.group(13).decode()) != key_id:
            return _DAMAGED
    except ValueError:
        return _DAMAGED
    start, gap_start, gap_end, tail = (int(m.group(i)) for i in range(1, 5))
    if (start, gap_start, gap_end) != (0, m.start(5), m.end(5)):
        return "签章覆盖范围与文件不符"
    if gap_end + tail < len(data):
        return "签章后文件末尾被追加了内容"
    if gap_end + tail > len(data):
        return "签章后文件被截短"
    return None


def _check_signer(
    data: bytes, m: re.Match[bytes], claimed: Verdict, trusted: Mapping[str, TrustedKey]
) -> Verdict:
    key = trusted.get(claimed.key_id)
    if key is None or key.key_id != claimed.key_id:
        return replace(claimed, status=SealStatus.UNKNOWN)
    e = sm2.message_digest(key.public_key, _covered(data, m.start(5), m.end(5)))
    if not sm2.verify_digest(key.public_key, e, bytes.fromhex(m.group(5)[1:-1].decode())):
        return replace(claimed, reason="签名与文件内容不符")
    if key.unit_id != claimed.unit_id:
        # Signed with unit A's key while claiming unit B: only A's key holder can do that.
        return replace(claimed, reason=f"文件声称的签章单位与密钥所属单位（{key.unit_name}）不符")
    signed_at = claimed.signed_at
    if key.revoked_at is not None and signed_at is not None and key.revoked_at <= signed_at:
        revoked = key.revoked_at.astimezone(signed_at.tzinfo)
        return replace(
            claimed,
            status=SealStatus.UNKNOWN,
            unit_name=key.unit_name,
            reason=f"该印章密钥已于 {revoked:%Y-%m-%d %H:%M} 吊销",
        )
    return replace(claimed, status=SealStatus.VALID, unit_name=key.unit_name)


def verify_pdf(data: bytes, trusted: Mapping[str, TrustedKey]) -> Verdict:
    """Check the seal of a PDF against the trusted keys (``TrustedKey.key_id`` → key).

    The signature is checked with the trusted key's public key, never with the key written in
    the file. Raises UserError only for data that is no PDF and carries no seal.
    """
    if not any(m in data for m in _SEAL_MARKERS):
        if not data.startswith(b"%PDF-"):
            raise UserError("不是 PDF 文件")
        return Verdict(SealStatus.UNSIGNED)
    found = _claims(data)
    if found is None:
        return Verdict(SealStatus.TAMPERED, reason=_DAMAGED)
    claimed, m = found
    problem = _layout_problem(data, m, claimed.key_id)
    if problem is not None:
        return replace(claimed, reason=problem)
    return _check_signer(data, m, claimed, trusted)
