"""SMS for urgent notices, through an operator's HTTP gateway (or only into the log).

An SMS crosses the public mobile network, so only title-level text goes out — never a notice's
body — and a classified notice goes out without its title (``compose``). Templates may use
{title}, {sender} and {urgency} and nothing else (``check_template``), so no setting can pull
more of a notice into a message.

The HTTP adapter retries what may pass (connection errors, timeouts, 5xx, 429 with its
Retry-After) with exponential backoff, never a refusal (other 4xx: retrying cannot help), and
keeps every thread that shares it under one rate (``TokenBucket``): operators cut off senders
that exceed their contracted rate. docs/sms.md describes the settings and the JSON sent.
"""

from __future__ import annotations

import logging
import re
import string
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol

import orjson
import requests

from app import __version__
from app.errors import UserError

log = logging.getLogger(__name__)

PLACEHOLDERS = ("title", "sender", "urgency")
DEFAULT_TEMPLATE = "【{urgency}通知】{title}（{sender}），请登录政通办公查看"
# Fixed, not configurable: a template could put the title back in.
CLASSIFIED_TEXT = "您有一条{urgency}通知，请登录政通办公查看"
TEMPLATE_MAX = 200
SIGNATURE_MAX = 20
# One SMS segment holds 70 Chinese characters; a long title would make it two or three.
TITLE_MAX = 40
SENDER_MAX = 20
BACKOFF_CAP_S = 30.0
RETRY_AFTER_CAP_S = 60.0
_MOBILE = re.compile(r"1[3-9]\d{9}")
_SEPARATORS = re.compile(r"[\s\-()（）]")


class SmsError(Exception):
    """One message was not sent; the (Chinese) message says why, for the notice's sender."""


class SmsGateway(Protocol):
    @property
    def template(self) -> str: ...

    def send(self, phone: str, text: str) -> None:
        """Send ``text`` to ``phone`` (11-digit mobile number); SmsError when it was not sent.
        Runs on worker threads, several at once."""


class SmsSettings(Protocol):
    """What ``gateway_from_settings`` reads (server/config.py Settings has these fields)."""

    @property
    def sms_url(self) -> str | None: ...
    @property
    def sms_template(self) -> str: ...
    @property
    def sms_signature(self) -> str: ...
    @property
    def sms_rate_per_s(self) -> float: ...
    @property
    def sms_retries(self) -> int: ...
    @property
    def sms_timeout_s(self) -> float: ...
    @property
    def sms_ca_bundle(self) -> str | None: ...
    @property
    def sms_token(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class NoticeSummary:
    """The only parts of a notice an SMS may carry."""

    title: str
    sender: str
    urgency: str
    classified: bool


def check_template(template: str) -> None:
    """UserError unless ``template`` is non-empty text using only the known placeholders."""
    if not template.strip():
        raise UserError("短信模板不能为空")
    if len(template) > TEMPLATE_MAX:
        raise UserError(f"短信模板不能超过 {TEMPLATE_MAX} 字")
    allowed = "、".join("{" + p + "}" for p in PLACEHOLDERS)
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        raise UserError(f"短信模板中的花括号不成对；可用的占位符：{allowed}") from None
    for _literal, name, spec, conversion in fields:
        # "{title.__class__}" or "{title!r}" would be more than the plain value: refused.
        if name is not None and (name not in PLACEHOLDERS or spec or conversion):
            raise UserError(f"短信模板中的“{{{name}}}”无法识别；可用的占位符：{allowed}")


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def compose(template: str, notice: NoticeSummary) -> str:
    """The message for ``notice``: the template filled in, or for a classified notice a fixed
    text without the title."""
    if notice.classified:
        return CLASSIFIED_TEXT.format(urgency=notice.urgency)
    return template.format(
        title=_one_line(notice.title, TITLE_MAX),
        sender=_one_line(notice.sender, SENDER_MAX),
        urgency=notice.urgency,
    )


def normalize_phone(raw: str | None) -> str | None:
    """The 11-digit mobile number in ``raw`` (spaces, dashes and a +86 prefix allowed); None for
    a landline or anything else no SMS can reach."""
    digits = _SEPARATORS.sub("", raw or "")
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix) :]
            break
    return digits if _MOBILE.fullmatch(digits) else None


def mask_phone(phone: str) -> str:
    """139****0031: enough to tell numbers apart in a log, not enough to call."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


class TokenBucket:
    """At most ``rate_per_s`` takes a second (``burst`` at once), across all threads.

    Each caller reserves the next free slot under the lock and sleeps outside it, so waiting
    threads neither spin nor hold each other up beyond their turn.
    """

    def __init__(
        self,
        rate_per_s: float,
        *,
        burst: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate_per_s <= 0 or burst < 1:
            raise ValueError("rate_per_s must be > 0 and burst >= 1")
        self.interval = 1.0 / rate_per_s
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next = 0.0  # when the slot after all reserved ones falls due

    def take(self) -> None:
        with self._lock:
            now = self._clock()
            due = max(self._next, now)
            wait = max(0.0, due - now - (self.burst - 1) * self.interval)
            self._next = due + self.interval
        if wait > 0:
            self._sleep(wait)


def retry_after_s(resp: requests.Response) -> float | None:
    """The reply's Retry-After (seconds or an HTTP date) as seconds, capped; None if absent."""
    raw = (resp.headers.get("Retry-After") or "").strip()
    if not raw:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        try:
            when = parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return min(max(seconds, 0.0), RETRY_AFTER_CAP_S)


def _reason(resp: requests.Response) -> str:
    """What a refusing gateway said, short enough to show in a list of failures."""
    text = ""
    try:
        body = resp.json()
    except ValueError:
        text = resp.text
    else:
        if isinstance(body, dict):
            for key in ("message", "detail", "error", "msg"):
                if body.get(key):
                    text = str(body[key])
                    break
    return _one_line(text, 80) or resp.reason or "无说明"


class HttpSmsGateway:
    """POSTs ``{"id", "phone", "text", "signature"}`` as JSON to ``url``; any 2xx is success.

    ``id`` stays the same across the retries of one message: a gateway that received a message
    whose reply was lost (a read timeout) can recognise the retry and not send it twice.
    """

    def __init__(
        self,
        url: str,
        template: str,
        signature: str,
        *,
        timeout_s: float = 5.0,
        retries: int = 3,
        backoff_base_s: float = 0.5,
        rate_per_s: float = 10.0,
        ca_bundle: str | None = None,
        token: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        check_template(template)
        self.url = url
        self._template = template
        self.signature = signature
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_base_s = backoff_base_s
        self.ca_bundle = ca_bundle
        self._token = token
        self._sleep = sleep
        self._limit = TokenBucket(rate_per_s, sleep=sleep)
        # requests.Session is not documented as thread-safe: one per sending thread.
        self._local = threading.local()

    @property
    def template(self) -> str:
        return self._template

    def _http(self) -> requests.Session:
        http: requests.Session | None = getattr(self._local, "http", None)
        if http is None:
            http = requests.Session()
            http.headers["User-Agent"] = f"ZhengTong/{__version__}"
            if self._token:
                http.headers["Authorization"] = f"Bearer {self._token}"
            self._local.http = http
        return http

    def send(self, phone: str, text: str) -> None:
        body = orjson.dumps(
            {"id": str(uuid.uuid4()), "phone": phone, "text": text, "signature": self.signature}
        )
        headers = {"Content-Type": "application/json; charset=utf-8"}
        last = ""
        attempts = self.retries + 1
        for attempt in range(attempts):
            self._limit.take()  # every request counts against the operator's rate, retries too
            retry_after: float | None = None
            try:
                resp = self._http().post(
                    self.url,
                    data=body,
                    headers=headers,
                    timeout=(self.timeout_s, self.timeout_s),
                    # Per request: requests lets REQUESTS_CA_BUNDLE override Session.verify.
                    verify=self.ca_bundle or True,
                    # A redirected POST becomes a GET in requests: treat it as a refusal.
                    allow_redirects=False,
                )
            except requests.exceptions.SSLError:
                raise SmsError("无法验证短信网关的证书（请检查 ZT_SMS_CA_BUNDLE）") from None
            except requests.Timeout:
                last = f"短信网关无响应（超过 {self.timeout_s:g} 秒）"
            except requests.ConnectionError:
                last = "无法连接短信网关"
            else:
                status = resp.status_code
                if 200 <= status < 300:
                    return
                if status != 429 and status < 500:
                    raise SmsError(f"短信网关拒绝发送（HTTP {status}）：{_reason(resp)}")
                last = f"短信网关繁忙（HTTP {status}）"
                retry_after = retry_after_s(resp)
            if attempt + 1 < attempts:
                self._sleep(self._backoff(attempt, retry_after))
        raise SmsError(f"{last}，已尝试 {attempts} 次")

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        # No jitter: one server sends, not thousands of clients reconnecting at once.
        delay = min(BACKOFF_CAP_S, self.backoff_base_s * 2.0**attempt)
        return max(delay, retry_after or 0.0)


class LogSmsGateway:
    """No gateway configured: each message goes to the server log instead (phone masked)."""

    def __init__(self, template: str, signature: str = "") -> None:
        check_template(template)
        self._template = template
        self.signature = signature

    @property
    def template(self) -> str:
        return self._template

    def send(self, phone: str, text: str) -> None:
        masked = mask_phone(phone)
        log.info("短信（未配置短信网关，只记录不发送）%s：%s%s", masked, self.signature, text)


def gateway_from_settings(settings: SmsSettings) -> SmsGateway:
    """The HTTP gateway when ZT_SMS_URL is set, otherwise the log-only one."""
    if not settings.sms_url:
        return LogSmsGateway(settings.sms_template, settings.sms_signature)
    return HttpSmsGateway(
        settings.sms_url,
        settings.sms_template,
        settings.sms_signature,
        timeout_s=settings.sms_timeout_s,
        retries=settings.sms_retries,
        rate_per_s=settings.sms_rate_per_s,
        ca_bundle=settings.sms_ca_bundle,
        token=settings.sms_token,
    )
