"""Client releases: the announcement login and sync replies carry (ZT_CLIENT_LATEST_VERSION,
ZT_CLIENT_DOWNLOAD_URL, ZT_CLIENT_MIN_VERSION), and the gate that answers a client below the
minimum with 426 before anything it sent is looked at: it keeps its data and outbox, and is
told which version to install and where to get it.
"""

from __future__ import annotations

import re

from app import versions
from app.sync.protocol import ClientUpdate
from server.config import Settings

# Every ZhengTong client names its version in its User-Agent, including those released before
# ``client_version`` was added to the requests: the gate reaches them too.
_USER_AGENT = re.compile(r"\bZhengTong/(\S{1,64})")


class ClientTooOld(Exception):
    """Answered with 426: {detail, client_update}."""

    def __init__(self, detail: str, update: ClientUpdate | None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.update = update


def announcement(settings: Settings) -> ClientUpdate | None:
    """The ``client_update`` object of replies; None when the server announces nothing."""
    found = ClientUpdate(
        latest=settings.client_latest_version,
        url=settings.client_download_url,
        min=settings.client_min_version,
    )
    return found if found != ClientUpdate() else None


def sent_version(declared: str | None, user_agent: str | None) -> str | None:
    """The version a client declared in its request, else the one in its User-Agent."""
    if declared:
        return declared
    match = _USER_AGENT.search(user_agent or "")
    return match[1] if match else None


def check(settings: Settings, version: str | None, doing: str) -> None:
    """ClientTooOld when ``version`` is below ZT_CLIENT_MIN_VERSION. A caller that names no
    version it can be judged by (a script, a monitoring probe) passes: the gate is there to
    stop old clients from writing with outdated rules, and every client names its version."""
    minimum = settings.client_min_version
    mine = versions.try_parse(version)
    if minimum is None or mine is None or mine >= versions.parse(minimum):
        return
    detail = versions.too_old_message(version, minimum, settings.client_download_url, doing)
    raise ClientTooOld(detail, announcement(settings))
