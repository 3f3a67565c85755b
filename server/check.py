"""``python -m server check``: is this installation ready to serve? One line per check, ✓ or ✗
with a Chinese message; exit 0 only when every check passed.

Run by systemd before each start (``ExecStartPre``), by restore.sh after a restore, and by the
administrator after editing the environment file: a mistake then shows as one clear line instead
of a traceback in the journal or a server that starts and fails on the first request.
"""

from __future__ import annotations

import os
import ssl
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from app.errors import UserError
from server import db
from server.config import Settings

PG_CONNECT_TIMEOUT_S = 5  # an unreachable host must not hang the service start
MARKS = {True: "✓", False: "✗", None: "–"}


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    ok: bool | None  # None: not checked (not configured, or an earlier check failed)
    message: str

    def line(self) -> str:
        return f"{MARKS[self.ok]} {self.name}：{self.message}"


def run_checks(
    env: Mapping[str, str] | None = None,
    *,
    certfile: str | None = None,
    keyfile: str | None = None,
) -> list[Result]:
    return list(_checks(env, certfile, keyfile))


def _checks(
    env: Mapping[str, str] | None, certfile: str | None, keyfile: str | None
) -> Iterator[Result]:
    try:
        settings = Settings.from_env(env)
    except (UserError, OSError) as exc:
        yield Result("配置", False, f"环境变量有误：{_reason(exc)}")
        return
    kind = "PostgreSQL" if settings.db_kind == "postgresql" else "SQLite"
    yield Result("配置", True, f"已读取（{kind} 数据库，数据目录 {settings.data_dir}）")
    yield from _database(settings)
    for name, path in (
        ("数据目录", settings.data_dir),
        ("附件库", settings.data_dir / "blobs"),
        ("上传暂存目录", settings.data_dir / "uploads"),
    ):
        problem = _unwritable(path)
        yield Result(name, problem is None, problem or f"{path} 可写")
    yield _tls(certfile, keyfile)
    if settings.sms_ca_bundle:
        yield _ca_bundle(settings.sms_ca_bundle)


def _database(settings: Settings) -> Iterator[Result]:
    url = make_url(settings.database_url)
    shown = url.render_as_string(hide_password=True)
    if settings.db_kind == "sqlite":
        # Connecting would create an empty file: a missing database is reported instead.
        if not Path(url.database or "").is_file():
            yield Result("数据库连接", False, f"数据库文件不存在：{url.database}")
            yield Result("数据库版本", None, "跳过（请先运行 python -m server init 创建数据库）")
            return
    elif "connect_timeout" not in url.query:
        url = url.update_query_dict({"connect_timeout": str(PG_CONNECT_TIMEOUT_S)})
    engine = db.make_engine(url.render_as_string(hide_password=False))
    try:
        try:
            db.ping(engine)
        except SQLAlchemyError as exc:
            yield Result("数据库连接", False, f"无法连接 {shown}：{_reason(exc)}")
            yield Result("数据库版本", None, "跳过（数据库无法连接）")
            return
        yield Result("数据库连接", True, f"已连接 {shown}")
        yield _revision(engine)
    finally:
        engine.dispose()


def _revision(engine: Engine) -> Result:
    name = "数据库版本"
    try:
        current = db.current_revision(engine)
    except SQLAlchemyError as exc:
        return Result(name, False, f"无法读取：{_reason(exc)}")
    heads = db.head_revisions()
    if current in heads:
        return Result(name, True, f"已是最新（{current}）")
    if current is None:
        return Result(name, False, "数据库尚未初始化，请运行 python -m server init")
    from alembic.script import ScriptDirectory

    try:
        ScriptDirectory(str(db.MIGRATIONS_DIR)).get_revision(current)
    except Exception:  # alembic raises several kinds for an unknown revision
        return Result(
            name, False, f"数据库版本 {current} 比本程序新，请安装与数据库相符的服务器版本"
        )
    return Result(
        name,
        False,
        f"数据库版本过旧（{current}，应为 {'、'.join(heads)}），请运行 python -m server init 升级",
    )


def _unwritable(path: Path) -> str | None:
    """Why a file cannot be made in ``path`` (created if missing, as the server would)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".zt-check-", dir=path)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        return f"{path} 不可写：{exc.strerror or exc}"
    return None


def _tls(certfile: str | None, keyfile: str | None) -> Result:
    name = "TLS 证书"
    if not certfile and not keyfile:
        return Result(name, None, "未配置（由 nginx 等反向代理提供 HTTPS）")
    if not certfile or not keyfile:
        return Result(name, False, "证书与私钥须同时指定（--ssl-certfile 与 --ssl-keyfile）")
    for label, path in (("证书", certfile), ("私钥", keyfile)):
        problem = _unreadable(path)
        if problem:
            return Result(name, False, f"{label}{problem}")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(certfile, keyfile)
    except ssl.SSLError as exc:
        return Result(name, False, f"证书与私钥不匹配或格式有误：{exc.reason or exc}")
    return _expiry(name, certfile)


def _expiry(name: str, certfile: str) -> Result:
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(Path(certfile).read_bytes())
    until = cert.not_valid_after_utc
    if until <= datetime.now(UTC):
        return Result(name, False, f"证书已于 {until:%Y-%m-%d} 过期：{certfile}")
    return Result(name, True, f"证书与私钥匹配，有效期至 {until:%Y-%m-%d}")


def _ca_bundle(path: str) -> Result:
    name = "短信网关 CA 证书"
    problem = _unreadable(path)
    if problem:
        return Result(name, False, f"ZT_SMS_CA_BUNDLE {problem}")
    try:
        ssl.create_default_context(cafile=path)
    except ssl.SSLError as exc:
        return Result(name, False, f"{path} 不是有效的 PEM 证书文件：{exc.reason or exc}")
    return Result(name, True, f"{path} 可读")


def _unreadable(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            fh.read(1)
    except FileNotFoundError:
        return f"文件不存在：{path}"
    except IsADirectoryError:
        return f"不是文件：{path}"
    except PermissionError:
        return f"无权读取：{path}（服务账户需能读取此文件）"
    except OSError as exc:
        return f"无法读取：{path}（{exc.strerror or exc}）"
    return None


def _reason(exc: BaseException) -> str:
    """The first line of the underlying error, without SQLAlchemy's wrapping and links."""
    inner = getattr(exc, "orig", None) or exc
    text = str(inner).strip() or type(inner).__name__
    if isinstance(inner, OSError) and inner.strerror:
        text = f"{inner.filename or ''} {inner.strerror}".strip()
    return text.splitlines()[0]


def main(*, certfile: str | None, keyfile: str | None) -> int:
    results = run_checks(certfile=certfile, keyfile=keyfile)
    for result in results:
        sys.stdout.write(result.line() + "\n")
    failed = sum(1 for r in results if r.ok is False)
    if failed:
        sys.stdout.write(f"有 {failed} 项检查未通过\n")
        return 1
    sys.stdout.write("全部检查通过\n")
    return 0
