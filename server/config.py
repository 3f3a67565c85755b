"""Server settings, read from ZT_* environment variables (plain dataclass, no extra dependency)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app.errors import UserError

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
        )


def _ceiling(value: str) -> str:
    from app.domain.document import CLASSIFICATION_LEVELS

    if value not in CLASSIFICATION_LEVELS or not value:
        raise UserError(
            f"ZT_CLASSIFICATION_CEILING 应为{'、'.join(k for k in CLASSIFICATION_LEVELS if k)}之一"
        )
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
