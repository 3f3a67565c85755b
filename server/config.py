"""Server settings, read from ZT_* environment variables (plain dataclass, no extra dependency)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app import versions
from app.errors import UserError
from app.notify.sms import DEFAULT_TEMPLATE as SMS_TEMPLATE
from app.notify.sms import SIGNATURE_MAX, check_template

MIB = 1024 * 1024
SECRET_FILE = "secret"
DB_FILE = "server.sqlite3"


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    database_url: str
    secret: bytes
    max_body_bytes: int = 16 * MIB  # raw request body and, for gzip bodies, the inflated size
    access_ttl_s: int = 900
    refresh_ttl_days: int = 30
    # A retried refresh whose reply was lost may present the previous token for this long.
    refresh_reuse_grace_s: int = 60
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    classification_ceiling: str = "内部"  # highest 密级 this server accepts: non-secret only
    # argon2id cost (RFC 9106 second recommended option); tests lower it through the environment.
    argon2_time_cost: int = 3
    argon2_memory_cost: int = 64 * 1024  # KiB
    argon2_parallelism: int = 4
    # Attachments (server/blobs.py): the largest file accepted, and the upload chunk size the
    # server advertises (kept below max_body_bytes).
    max_attachment_bytes: int = 100 * MIB
    blob_chunk_bytes: int = 256 * 1024
    # SMS for urgent notices (app/notify/sms.py, docs/sms.md). No URL: messages only go to the
    # log. The token is a credential: kept out of repr, so it never reaches a log line.
    sms_url: str | None = None
    sms_template: str = SMS_TEMPLATE
    sms_signature: str = ""
    sms_rate_per_s: float = 10.0
    sms_retries: int = 3
    sms_timeout_s: float = 5.0
    sms_ca_bundle: str | None = None
    sms_token: str | None = field(default=None, repr=False)
    # Client releases (server/releases.py): the newest version and where to download it, told
    # to every client; below the minimum a client may not log in, sync or upload.
    client_latest_version: str | None = None
    client_download_url: str | None = None
    client_min_version: str | None = None

    @property
    def db_kind(self) -> str:
        return "postgresql" if self.database_url.startswith("postgresql") else "sqlite"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = Path(env.get("ZT_DATA_DIR") or "server-data").resolve()
        url = env.get("ZT_DATABASE_URL") or f"sqlite:///{data_dir / DB_FILE}"
        if not url.startswith(("sqlite:///", "postgresql")):
            raise UserError(
                f"ZT_DATABASE_URL 不受支持：{url.split(':', 1)[0]}（仅 sqlite 或 postgresql）"
            )
        secret = env.get("ZT_SECRET")
        return cls(
            data_dir=data_dir,
            database_url=url,
            secret=secret.encode() if secret else load_or_create_secret(data_dir),
            max_body_bytes=_int(env, "ZT_MAX_BODY_BYTES", 16 * MIB),
            access_ttl_s=_int(env, "ZT_ACCESS_TTL_S", 900),
            refresh_ttl_days=_int(env, "ZT_REFRESH_TTL_DAYS", 30),
            refresh_reuse_grace_s=_int(env, "ZT_REFRESH_REUSE_GRACE_S", 60, minimum=0),
            lockout_attempts=_int(env, "ZT_LOCKOUT_ATTEMPTS", 5),
            lockout_minutes=_int(env, "ZT_LOCKOUT_MINUTES", 15),
            classification_ceiling=_ceiling(env.get("ZT_CLASSIFICATION_CEILING") or "内部"),
            argon2_time_cost=_int(env, "ZT_ARGON2_TIME_COST", 3),
            argon2_memory_cost=_int(env, "ZT_ARGON2_MEMORY_COST", 64 * 1024, minimum=8),
            argon2_parallelism=_int(env, "ZT_ARGON2_PARALLELISM", 4),
            max_attachment_bytes=_int(env, "ZT_MAX_ATTACHMENT_BYTES", 100 * MIB),
            blob_chunk_bytes=_int(env, "ZT_BLOB_CHUNK_BYTES", 256 * 1024, minimum=1024),
            **_sms(env),
            **_client_releases(env),
        )


def _ceiling(value: str) -> str:
    from app.domain.document import CLASSIFICATION_LEVELS

    if value not in CLASSIFICATION_LEVELS or not value:
        raise UserError(
            f"ZT_CLASSIFICATION_CEILING 应为{'、'.join(k for k in CLASSIFICATION_LEVELS if k)}之一"
        )
    return value


def _sms(env: Mapping[str, str]) -> dict[str, Any]:
    """The ZT_SMS_* settings, each checked here so a mistake stops the server at start, not the
    first urgent notice."""
    url = (env.get("ZT_SMS_URL") or "").strip() or None
    if url is not None and not url.startswith(("http://", "https://")):
        raise UserError(f"环境变量 ZT_SMS_URL 应以 http:// 或 https:// 开头，实际为“{url}”")
    template = env.get("ZT_SMS_TEMPLATE") or SMS_TEMPLATE
    try:
        check_template(template)
    except UserError as exc:
        raise UserError(f"环境变量 ZT_SMS_TEMPLATE 不正确：{exc}") from None
    signature = (env.get("ZT_SMS_SIGNATURE") or "").strip()
    if len(signature) > SIGNATURE_MAX:
        raise UserError(f"环境变量 ZT_SMS_SIGNATURE 不能超过 {SIGNATURE_MAX} 字")
    ca_bundle = (env.get("ZT_SMS_CA_BUNDLE") or "").strip() or None
    if ca_bundle is not None and not Path(ca_bundle).is_file():
        raise UserError(f"环境变量 ZT_SMS_CA_BUNDLE 指定的 CA 证书文件不存在：{ca_bundle}")
    return {
        "sms_url": url,
        "sms_template": template,
        "sms_signature": signature,
        "sms_rate_per_s": _float(env, "ZT_SMS_RATE", 10.0),
        "sms_retries": _int(env, "ZT_SMS_RETRIES", 3, minimum=0),
        "sms_timeout_s": _float(env, "ZT_SMS_TIMEOUT_S", 5.0),
        "sms_ca_bundle": ca_bundle,
        "sms_token": (env.get("ZT_SMS_TOKEN") or "").strip() or None,
    }


def _client_releases(env: Mapping[str, str]) -> dict[str, Any]:
    """ZT_CLIENT_LATEST_VERSION, ZT_CLIENT_DOWNLOAD_URL, ZT_CLIENT_MIN_VERSION, each optional."""
    found: dict[str, Any] = {}
    for key, name in (
        ("client_latest_version", "ZT_CLIENT_LATEST_VERSION"),
        ("client_min_version", "ZT_CLIENT_MIN_VERSION"),
    ):
        value = (env.get(name) or "").strip() or None
        if value is not None and versions.try_parse(value) is None:
            raise UserError(
                f"环境变量 {name} 应为 1.2.3 这样的版本号（可带 rc1、.dev1 等后缀），"
                f"实际为“{value}”"
            )
        found[key] = value
    latest, minimum = found["client_latest_version"], found["client_min_version"]
    if latest and minimum and versions.parse(minimum) > versions.parse(latest):
        raise UserError(
            f"ZT_CLIENT_MIN_VERSION（{minimum}）不能高于 ZT_CLIENT_LATEST_VERSION（{latest}）"
        )
    url = (env.get("ZT_CLIENT_DOWNLOAD_URL") or "").strip() or None
    if url is not None and (
        not url.startswith(("http://", "https://"))
        or not urlsplit(url).netloc
        or len(url) > 2000
        or any(c.isspace() for c in url)
    ):
        raise UserError(
            "环境变量 ZT_CLIENT_DOWNLOAD_URL 应为以 http:// 或 https:// 开头的下载地址，"
            f"实际为“{url}”"
        )
    found["client_download_url"] = url
    return found


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    """A positive number (rates, timeouts: fractions allowed)."""
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise UserError(f"环境变量 {name} 应为数字，实际为“{raw}”") from None
    if not value > 0 or value == float("inf"):
        raise UserError(f"环境变量 {name} 应大于 0")
    return value


def _int(env: Mapping[str, str], name: str, default: int, *, minimum: int = 1) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise UserError(f"环境变量 {name} 应为整数，实际为“{raw}”") from None
    if value < minimum:
        raise UserError(f"环境变量 {name} 不能小于 {minimum}")
    return value


def load_or_create_secret(data_dir: Path) -> bytes:
    """The token-signing key in ``data_dir/secret`` (mode 0600), created on first use."""
    path = data_dir / SECRET_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written aside then hard-linked into place: several workers starting at once agree on
        # one key, and none ever reads a half-written file.
        tmp = data_dir / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_urlsafe(48).encode())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = path.read_bytes().strip()
    if len(key) < 32:
        raise UserError(f"签名密钥文件 {path} 已损坏（过短），请删除后重启服务")
    return key
