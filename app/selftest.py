"""``zhengtong --self-test``: the Qt-free half of the installation check.

An administrator who installs the client (or CI, after installing the .deb) runs one command
and learns whether this computer can run it: fonts to typeset with, a keyring to hold the login,
a database that migrates, a PDF that renders and a seal that verifies. Each check either returns
a short detail or raises; ``run_checks`` prints one line per check and never stops at the first
failure, so the administrator sees everything that is wrong at once. ``ui/selftest.py`` adds the
Qt checks in front of these.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

SELFTEST_SERVICE = "zhengtong-selftest"


@dataclass(frozen=True)
class Check:
    name: str  # Chinese, names what failed in the summary line
    run: Callable[[], str]  # a detail for the ✓ line, or raises


def check_keyring() -> str:
    """The keyring the app itself uses (``app.security.credentials``: same service, same rule
    for acceptable backends) stores, returns and deletes a secret."""
    import keyring

    from app.errors import UserError
    from app.security.credentials import Credentials

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    probe = Credentials(f"{SELFTEST_SERVICE}-{datetime.now(UTC):%Y%m%d%H%M%S%f}")
    try:
        probe.save("probe", "政通办公")
        try:
            if probe.load("probe") != "政通办公":
                raise RuntimeError(f"密钥环（{name}）存入的内容读不回来")
        finally:
            probe.delete("probe")
    except UserError as exc:
        raise RuntimeError(f"没有可用的系统密钥环（{name}）：{exc}") from None
    return name


def check_database(folder: Path) -> str:
    """A new profile database is created and migrated to the newest schema."""
    from sqlalchemy import text

    from app.db.migrate import current_revision, head_revision
    from app.profile import Profile

    profile = Profile.open(folder / "profile")
    try:
        sessions = profile.store()
        engine = sessions.kw["bind"]
        revision = current_revision(engine)
        if revision != head_revision():
            raise RuntimeError(f"数据库版本 {revision}，应为 {head_revision()}")
        with sessions() as session:
            session.execute(text("SELECT count(*) FROM outbox")).scalar_one()
    finally:
        profile.close()
    return f"迁移至 {revision}"


def check_pdf(folder: Path) -> str:
    """A two-font 公文 renders with embedded CJK fonts; sealed with a fresh SM2 key it verifies,
    and one changed byte shows as tampered."""
    from app.render.document import render_document
    from app.render.fonts import resolve_fonts
    from app.security import sm2
    from app.security.pdfsign import SealStatus, TrustedKey, sign_pdf, verify_pdf

    fonts = resolve_fonts(None)
    out = folder / "selftest.pdf"
    pages = render_document(
        {
            "issuers": ["政通办公自检"],
            "title": "关于安装自检的通知",
            "body": ["各单位：", "本文件由安装自检生成，用于检查排版与电子印章。"],
            "signature_units": ["政通办公自检"],
            "date": "2026-11-21",
        },
        out,
    )
    data = out.read_bytes()
    if not data.startswith(b"%PDF-") or pages < 1:
        raise RuntimeError("生成的文件不是 PDF")
    private = sm2.generate_private_key()
    key = TrustedKey("selftest", "政通办公自检", sm2.public_key_from_private(private))
    sealed = sign_pdf(
        data,
        unit_id=key.unit_id,
        unit_name=key.unit_name,
        key_id=key.key_id,
        private_key_hex=private,
        public_key_hex=key.public_key,
        signed_at=datetime.now(UTC),
    )
    trusted = {key.key_id: key}
    verdict = verify_pdf(sealed, trusted)
    if verdict.status is not SealStatus.VALID:
        raise RuntimeError(f"签章验证失败：{verdict.summary()}")
    middle = len(data) // 2
    tampered = sealed[:middle] + bytes([sealed[middle] ^ 0x01]) + sealed[middle + 1 :]
    if verify_pdf(tampered, trusted).status is not SealStatus.TAMPERED:
        raise RuntimeError("改动过的文件没有被识别为已篡改")
    roles = (fonts.title, fonts.body, fonts.heiti, fonts.kaiti)
    families = sorted({face.family for face in roles})
    return f"{pages} 页，字体 {'、'.join(families)}；SM2 签章验证通过"


def core_checks(folder: Path) -> list[Check]:
    return [
        Check("密钥环", check_keyring),
        Check("数据库", lambda: check_database(folder)),
        Check("PDF 排版与签章验证", lambda: check_pdf(folder)),
    ]


def run_checks(checks: Iterable[Check], out: TextIO = sys.stdout) -> list[str]:
    """Run every check, print ``✓ name：detail`` or ``✗ name：reason``; return the failed names."""
    failed: list[str] = []
    for check in checks:
        try:
            detail = check.run()
        except Exception as exc:  # every failure is reported, none stops the others
            failed.append(check.name)
            reason = str(exc) or type(exc).__name__
            out.write(f"✗ {check.name}：{reason}\n")
            if not isinstance(exc, RuntimeError):
                # Unexpected errors (a missing module in a bundle) need the traceback to fix.
                out.write("".join(traceback.format_exception(exc, limit=-3)))
        else:
            out.write(f"✓ {check.name}：{detail}\n")
        out.flush()
    return failed


def summarize(failed: list[str], out: TextIO = sys.stdout) -> int:
    if failed:
        out.write(f"自检失败：{'、'.join(failed)}\n")
        return 1
    out.write("自检通过\n")
    return 0


def run_core(out: TextIO = sys.stdout) -> int:
    """The checks without Qt (a server or a console without Qt libraries)."""
    with tempfile.TemporaryDirectory(prefix="zt-selftest-") as tmp:
        return summarize(run_checks(core_checks(Path(tmp)), out), out)
