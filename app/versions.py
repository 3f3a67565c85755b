"""Client versions: parsing and comparing them, the server's upgrade announcement, and what it
means for this installation (a newer version to download, or one required before syncing).

Accepted versions (``parse``): one to four numbers separated by dots, an optional leading ``v``
(``1``, ``1.2``, ``v1.2.3``, ``1.2.3.4``; missing parts count as 0, so ``1.2`` equals
``1.2.0``), optionally followed by ONE pre-release marker: ``a``/``b``/``rc`` with an optional
number (``1.2.3rc1``, ``1.2.3-rc.1``, ``1.2.3b2``), or ``.dev`` with an optional number
(``1.2.3.dev4``). Pre-releases sort before their release: ``.dev`` < ``a`` < ``b`` < ``rc`` <
the release. Anything else (local builds ``+abc``, combined markers ``rc1.dev2``) is refused.

Qt-free: the server imports this module too, to check the versions clients send.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import orjson

import app
from app.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MAX_LENGTH = 32
_PATTERN = re.compile(
    r"v?(?P<nums>\d{1,6}(?:\.\d{1,6}){0,3})"
    r"(?:[-.]?(?P<pre>a|b|rc)\.?(?P<pre_n>\d{1,6})?|\.(?P<dev>dev)(?P<dev_n>\d{1,6})?)?",
    re.IGNORECASE,
)
# Rank of each release phase: a release sorts after all its pre-releases.
_PHASES = {"dev": 0, "a": 1, "b": 2, "rc": 3, "": 4}

Version = tuple[int, int, int, int, int, int]  # four numbers, phase rank, phase number


def parse(text: str) -> Version:
    """``text`` as a tuple that compares like the versions do; UserError (Chinese) otherwise."""
    raw = text.strip()
    match = _PATTERN.fullmatch(raw) if len(raw) <= MAX_LENGTH else None
    if match is None:
        raise UserError(f"版本号格式不正确：“{text}”（应为 1.2.3 这样的形式）")
    nums = [int(n) for n in match["nums"].split(".")]
    nums += [0] * (4 - len(nums))
    phase = (match["pre"] or match["dev"] or "").lower()
    number = int(match["pre_n"] or match["dev_n"] or 0)
    return nums[0], nums[1], nums[2], nums[3], _PHASES[phase], number


def try_parse(text: str | None) -> Version | None:
    """``parse``, or None for a missing or malformed version (what a client sent, say)."""
    if not text:
        return None
    try:
        return parse(text)
    except UserError:
        return None


def client_version() -> str:
    """This installation's version, read when asked (tests pretend to be another version)."""
    return app.__version__


def too_old_message(current: str | None, minimum: str, url: str | None, doing: str) -> str:
    """What a client below the required version is told; ``doing``: 同步, 登录, 上传附件."""
    who = f"当前版本 {current} 过旧" if current else "当前客户端版本过旧"
    where = f"：{url}" if url else "（请向管理员索取安装包）"
    return f"{who}，请升级到 {minimum} 或更高版本后再{doing}{where}"


class UpgradeRequired(UserError):
    """The server refuses this version (426); the message names the version and the address.
    Local data stays usable: the login falls back to working offline."""


@dataclass(frozen=True, slots=True)
class Announcement:
    """What the server says about client releases (each part optional)."""

    latest: str | None = None
    url: str | None = None
    minimum: str | None = None

    @classmethod
    def from_wire(cls, value: object) -> Announcement | None:
        """From a reply's ``client_update`` object; malformed parts are left out, so a bad
        announcement can never stop a sync."""
        if not isinstance(value, dict):
            return None

        def part(key: str, ok: Any) -> str | None:
            item = value.get(key)
            return item if isinstance(item, str) and ok(item) else None

        found = cls(
            latest=part("latest", try_parse),
            url=part("url", lambda u: u.startswith(("http://", "https://")) and len(u) <= 2000),
            minimum=part("min", try_parse),
        )
        return found if found != cls() else None

    def to_wire(self) -> dict[str, str | None]:
        return {"latest": self.latest, "url": self.url, "min": self.minimum}


class Need(StrEnum):
    NONE = "none"
    AVAILABLE = "available"  # a newer version can be downloaded
    REQUIRED = "required"  # this version is below the minimum: upgrade before syncing


@dataclass(frozen=True, slots=True)
class UpgradeStatus:
    need: Need
    current: str
    latest: str | None = None  # the version to offer (the newest, else the minimum)
    url: str | None = None
    minimum: str | None = None


def upgrade_status(current: str, announcement: Announcement | None) -> UpgradeStatus:
    """Whether ``current`` should or must be upgraded, by the server's announcement."""
    mine = try_parse(current)
    if announcement is None or mine is None:
        return UpgradeStatus(Need.NONE, current)
    a = announcement
    latest, minimum = try_parse(a.latest), try_parse(a.minimum)
    offer = a.latest if latest is not None and (minimum is None or latest >= minimum) else None
    if minimum is not None and mine < minimum:
        return UpgradeStatus(Need.REQUIRED, current, offer or a.minimum, a.url, a.minimum)
    if latest is not None and mine < latest:
        return UpgradeStatus(Need.AVAILABLE, current, a.latest, a.url, a.minimum)
    return UpgradeStatus(Need.NONE, current, a.latest, a.url, a.minimum)


# -- the announcement kept in the profile database (like sync.epoch) ------------------------------

UPDATE_KEY = "client.update"


def remember(session: Session, value: object) -> None:
    """Keep a reply's ``client_update`` (None or malformed: the server announces nothing)."""
    from app.services.workbench import set_meta  # the server imports this module without it

    found = Announcement.from_wire(value)
    set_meta(session, UPDATE_KEY, orjson.dumps(found.to_wire()).decode() if found else None)


def stored(session: Session) -> Announcement | None:
    """The last announcement this profile heard (DB worker thread in the app)."""
    from app.services.workbench import get_meta

    raw = get_meta(session, UPDATE_KEY)
    if raw is None:
        return None
    try:
        return Announcement.from_wire(orjson.loads(raw))
    except orjson.JSONDecodeError:
        return None
