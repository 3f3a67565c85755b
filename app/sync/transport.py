"""HTTP to the server: one ``requests.Session``, gzip both ways, retries, token refresh.

Built for the extranet and township links: explicit connect/read timeouts, a custom CA bundle and
proxy, jittered exponential backoff that honours Retry-After on 429/503, and a clean retry when a
reply arrives truncated, undecodable or as a proxy's HTML error page (specs/sync.md §10–11).
"""

from __future__ import annotations

import gzip
import random
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson
import requests

from app.errors import UserError
from app.versions import client_version

RETRY_STATUS = {429, 502, 503, 504}


class TransportError(UserError):
    """The server could not be reached or answered unusably: nothing was changed locally."""


class OfflineError(TransportError):
    pass


class AuthError(TransportError):
    """The login is no longer valid (expired, revoked): the outbox is kept, log in again."""


class RefusedError(TransportError):
    def __init__(self, status: int, detail: str, body: dict[str, Any]) -> None:
        super().__init__(detail)
        self.status = status
        self.body = body


class Tokens(Protocol):
    device_id: str

    def access(self) -> str | None: ...
    def refresh_token(self) -> str | None: ...
    def store(self, access: str, refresh: str) -> None: ...


@dataclass
class MemoryTokens:
    """Tokens held in memory only (benchmarks, one-off tools); the app uses KeyringTokens."""

    device_id: str
    _access: str | None = None
    _refresh: str | None = None

    def access(self) -> str | None:
        return self._access

    def refresh_token(self) -> str | None:
        return self._refresh

    def store(self, access: str, refresh: str) -> None:
        self._access, self._refresh = access, refresh


@dataclass
class KeyringTokens:
    """Both tokens live in the OS keyring (never in files or QSettings), so a headless ``sync``
    does not need a refresh round trip each time it starts."""

    device_id: str
    profile_key: str
    _access: str | None = None

    def _creds(self) -> Any:
        from app.security.credentials import Credentials

        return Credentials(self.profile_key)

    def access(self) -> str | None:
        if self._access is None:
            self._access = self._creds().load(ACCESS_TOKEN)
        return self._access

    def refresh_token(self) -> str | None:
        from app.security.credentials import REFRESH_TOKEN

        token: str | None = self._creds().load(REFRESH_TOKEN)
        return token

    def store(self, access: str, refresh: str) -> None:
        from app.security.credentials import REFRESH_TOKEN

        creds = self._creds()
        creds.save(REFRESH_TOKEN, refresh)
        creds.save(ACCESS_TOKEN, access)
        self._access = access


ACCESS_TOKEN = "access-token"


@dataclass
class Stats:
    requests: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    retries: int = 0


def _detail(resp: requests.Response) -> tuple[str, dict[str, Any]]:
    try:
        body = resp.json()
    except ValueError:
        return f"服务器返回了无法识别的内容（HTTP {resp.status_code}）", {}
    if isinstance(body, dict):
        return str(body.get("detail") or f"HTTP {resp.status_code}"), body
    return f"HTTP {resp.status_code}", {}


@dataclass
class Transport:
    base_url: str
    tokens: Tokens
    ca_bundle: str | None = None
    proxy: str | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    attempts: int = 5
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    gzip_level: int = 1
    stats: Stats = field(default_factory=Stats)
    http: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        self.http.headers["Accept-Encoding"] = "gzip"
        if self.ca_bundle:
            self.http.verify = self.ca_bundle
        if self.proxy:
            self.http.proxies = {"http": self.proxy, "https": self.proxy}
            self.http.trust_env = False

    # -- public -------------------------------------------------------------------------------

    def login(self, username: str, password: str, device_name: str) -> dict[str, Any]:
        body = orjson.dumps(
            {
                "username": username,
                "password": password,
                "device_id": self.tokens.device_id,
                "device_name": device_name,
                "client_version": client_version(),
            }
        )
        resp = self._send("/api/v1/auth/login", body, auth=False)
        if resp.status_code != 200:
            detail, body_json = _detail(resp)
            raise RefusedError(resp.status_code, detail, body_json)
        reply: dict[str, Any] = resp.json()
        self.tokens.store(reply["access_token"], reply["refresh_token"])
        return reply

    def post(self, path: str, payload: bytes) -> bytes:
        """POST JSON with authentication; returns the 2xx body. RefusedError for 4xx answers."""
        return self.call("POST", path, payload)

    def get(self, path: str, headers: dict[str, str] | None = None) -> requests.Response:
        return self._request("GET", path, None, auth=True, extra=headers or {})

    def send(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        """Any method with a raw body, sent as is (attachment chunks: no gzip, they are mostly
        compressed already); token refresh on 401; RefusedError for 4xx answers."""
        return self._authenticated(method, path, body, headers or {}, raw=True)

    def call(self, method: str, path: str, payload: bytes | None = None) -> bytes:
        """Any authenticated JSON call (sync, and the admin API's GET/PUT), refreshing the token
        once; returns the 2xx body. AuthError when the login is gone, RefusedError for 4xx."""
        return self._authenticated(method, path, payload, {}, raw=False).content

    # -- internals ----------------------------------------------------------------------------

    def _authenticated(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str], *, raw: bool
    ) -> requests.Response:
        """One authenticated request; on 401 the token is refreshed and the request replayed."""
        resp = self._request(method, path, body, auth=True, extra=headers, raw=raw)
        if resp.status_code == 401:
            self._refresh()
            resp = self._request(method, path, body, auth=True, extra=headers, raw=raw)
            if resp.status_code == 401:
                raise AuthError("登录已失效，请重新登录（未同步的更改已保留）")
        if resp.status_code >= 400:
            detail, reply = _detail(resp)
            raise RefusedError(resp.status_code, detail, reply)
        return resp

    def _refresh(self) -> None:
        token = self.tokens.refresh_token()
        if not token:
            raise AuthError("尚未登录或登录已失效，请重新登录（未同步的更改已保留）")
        body = orjson.dumps({"refresh_token": token, "device_id": self.tokens.device_id})
        resp = self._send("/api/v1/auth/refresh", body, auth=False)
        if resp.status_code != 200:
            detail, _ = _detail(resp)
            raise AuthError(f"{detail}（未同步的更改已保留）")
        reply = resp.json()
        self.tokens.store(reply["access_token"], reply["refresh_token"])

    def _send(self, path: str, payload: bytes, *, auth: bool) -> requests.Response:
        return self._request("POST", path, payload, auth=auth, extra={})

    def _request(
        self,
        method: str,
        path: str,
        payload: bytes | None,
        *,
        auth: bool,
        extra: dict[str, str],
        raw: bool = False,
    ) -> requests.Response:
        # The server refuses clients below its minimum version by this (attachments, and any
        # request of a client older than the ``client_version`` fields); read per request.
        headers = {"User-Agent": f"ZhengTong/{client_version()}", **extra}
        data: bytes | None = payload if raw else None
        if payload is not None and not raw:
            data = gzip.compress(payload, compresslevel=self.gzip_level)
            headers.update({"Content-Type": "application/json", "Content-Encoding": "gzip"})
        last: str = ""
        for attempt in range(self.attempts):
            if auth and (token := self.tokens.access()):
                headers["Authorization"] = f"Bearer {token}"
            wait: float | None = None
            try:
                self.stats.requests += 1
                self.stats.bytes_up += len(data or b"")
                resp = self.http.request(
                    method,
                    self.base_url + path,
                    data=data,
                    headers=headers,
                    timeout=(self.connect_timeout, self.read_timeout),
                    # Per request: requests lets REQUESTS_CA_BUNDLE override Session.verify.
                    verify=self.ca_bundle or True,
                )
                self.stats.bytes_down += len(resp.content)
                if resp.status_code in RETRY_STATUS:
                    last = f"服务器繁忙（HTTP {resp.status_code}）"
                    wait = _retry_after(resp)
                elif not _looks_like_ours(resp):
                    last = "收到了代理或网关的错误页面"
                else:
                    return resp
            except requests.exceptions.SSLError:
                # Not a passing fault: retrying cannot help, the certificate must be trusted.
                raise TransportError(
                    "无法验证服务器证书：请在“设置 → 服务器”中选择政务外网的 CA 证书文件"
                ) from None
            except (requests.ConnectionError, requests.Timeout) as exc:
                last = f"无法连接服务器：{type(exc).__name__}"
            except (
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
                zlib.error,
            ) as exc:
                last = f"回复不完整：{type(exc).__name__}"
            if attempt + 1 < self.attempts:
                self.stats.retries += 1
                self.sleep(self._backoff(attempt, wait))
        raise OfflineError(
            f"{last or '无法连接服务器'}，已重试 {self.attempts} 次；数据已保留在本机"
        )

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        # Full jitter: thousands of clients reconnecting after an outage spread out evenly.
        ceiling = min(self.backoff_cap, self.backoff_base * (2**attempt))
        delay = random.uniform(0, ceiling)
        return max(delay, retry_after or 0.0)


def _retry_after(resp: requests.Response) -> float | None:
    raw = resp.headers.get("Retry-After")
    try:
        return min(float(raw), 300.0) if raw else None
    except ValueError:
        return None


def _looks_like_ours(resp: requests.Response) -> bool:
    """A reply from this server is JSON (or empty); an HTML page came from something between.
    A body cut short fails the brace check (or urllib3's length check before it)."""
    if resp.status_code == 204 or not resp.content:
        return True
    kind = resp.headers.get("Content-Type", "")
    if "octet-stream" in kind:
        return True
    body = resp.content.strip()
    return "json" in kind and body[:1] in (b"{", b"[") and body[-1:] in (b"}", b"]")
