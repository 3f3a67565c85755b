"""``main.py verify``: check the electronic seal (SM2 signature) of a PDF.

The exit code is the verdict: 0 有效, 1 已篡改, 2 未知签章单位, 3 未签章. Bad input (a missing
file, a broken key file, no profile) exits 4, not the CLI's usual 2, which here means
未知签章单位; so this command reports its own UserErrors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from app.cli import command, resolve_profile_dir
from app.errors import UserError
from app.security.pdfsign import SealStatus, TrustedKey, Verdict, verify_pdf

EXIT_CODES = {
    SealStatus.VALID: 0,
    SealStatus.TAMPERED: 1,
    SealStatus.UNKNOWN: 2,
    SealStatus.UNSIGNED: 3,
}
EXIT_BAD_INPUT = 4


def _verify_args(p: argparse.ArgumentParser) -> None:
    def usage_error(message: str) -> NoReturn:
        # argparse exits 2 on a usage error, which would read as 未知签章单位.
        p.print_usage(sys.stderr)
        p.exit(EXIT_BAD_INPUT, f"错误：{message}\n")

    p.error = usage_error  # type: ignore[method-assign]
    p.add_argument("file", metavar="FILE.pdf", type=Path, help="要检查的 PDF 文件")
    p.add_argument(
        "--keys",
        metavar="KEYS.json",
        type=Path,
        help="可信印章公钥列表 [{unit_id, unit_name, public_key}]，代替配置文件中同步来的公钥",
    )


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{what}不存在：{path}") from None
    except OSError as exc:
        raise UserError(f"无法读取{what} {path}：{exc.strerror or exc}") from None


def _trusted(args: argparse.Namespace) -> dict[str, TrustedKey]:
    from app.security.seal_keys import trusted_keys_from_json

    if args.keys is not None:
        raw = _read(args.keys, "密钥文件")
        try:
            return trusted_keys_from_json(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise UserError(f"密钥文件不是 UTF-8 文本：{args.keys}") from None
    folder = resolve_profile_dir(args)
    if not folder.is_dir():
        raise UserError(f"配置文件夹不存在：{folder}")
    return _profile_keys(folder)


def _profile_keys(folder: Path) -> dict[str, TrustedKey]:
    """The profile's seal_keys, read-only: verify never migrates, locks or writes a profile
    (a window may have it open; SQLite's WAL lets us read beside it)."""
    import sqlite3

    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.orm import Session

    from app.profile import DB_NAME
    from app.security.seal_keys import trusted_keys

    db = (folder / DB_NAME).resolve()
    if not db.is_file():
        raise UserError(f"配置文件夹中没有数据库：{db}")
    uri = f"{db.as_uri()}?mode=ro"
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    try:
        with Session(engine) as session:
            return trusted_keys(session)
    except DBAPIError as exc:
        raise UserError(
            "无法读取配置文件中的印章公钥（数据库版本较旧或已损坏）："
            "请先打开政通办公同步一次，或用 --keys 指定公钥文件"
        ) from exc
    finally:
        engine.dispose()


def verify_file(args: argparse.Namespace) -> Verdict:
    data = _read(args.file, "文件")
    return verify_pdf(data, _trusted(args))


@command(
    "verify",
    "检查 PDF 的电子印章签名 (verify the seal; exit 0 有效, 1 已篡改, 2 未知签章单位, "
    "3 未签章, 4 输入错误)",
    _verify_args,
)
def cmd_verify(args: argparse.Namespace) -> int:
    try:
        verdict = verify_file(args)
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(verdict.summary())
    return EXIT_CODES[verdict.status]
