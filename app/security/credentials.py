"""Secrets in the OS keyring (Secret Service on UOS/Kylin/Debian, Credential Manager on Windows).

Refresh tokens and signing keys never go into files or QSettings. A machine without a usable
keyring gets a clear error instead of a silent plaintext fallback.
"""

from __future__ import annotations

from typing import Any

from app.errors import UserError

SERVICE = "zhengtong"
REFRESH_TOKEN = "refresh-token"


def _backend() -> Any:
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    module = type(backend).__module__
    # keyrings.alt's plaintext and "encrypted" file stores are not acceptable for tokens and keys.
    if isinstance(backend, fail.Keyring) or module.startswith("keyrings.alt"):
        raise UserError("系统密钥环不可用：请在桌面会话中登录（需要 gnome-keyring 或 KWallet）")
    return backend


def _call(action: str, fn: Any, *args: str) -> Any:
    from keyring.errors import KeyringError

    try:
        return fn(*args)
    except KeyringError as exc:
        raise UserError(f"无法{action}系统密钥环：{exc}") from exc


class Credentials:
    """The secrets of one profile, named ``<profile key>/<name>`` in the keyring."""

    def __init__(self, profile_key: str) -> None:
        if not profile_key:
            raise ValueError("profile_key is required")
        self.profile_key = profile_key

    def _user(self, name: str) -> str:
        return f"{self.profile_key}/{name}"

    def save(self, name: str, secret: str) -> None:
        _call("写入", _backend().set_password, SERVICE, self._user(name), secret)

    def load(self, name: str) -> str | None:
        value = _call("读取", _backend().get_password, SERVICE, self._user(name))
        return value if isinstance(value, str) else None

    def delete(self, name: str) -> None:
        from keyring.errors import PasswordDeleteError

        try:
            _call("删除", _backend().delete_password, SERVICE, self._user(name))
        except UserError as exc:
            if not isinstance(exc.__cause__, PasswordDeleteError):
                raise  # a missing entry is already deleted; anything else is a real failure
