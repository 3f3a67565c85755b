"""Version parsing and comparison, the server's announcement and what it means here
(app/versions.py)."""

from __future__ import annotations

import pytest

from app.errors import UserError
from app.versions import Announcement, Need, parse, too_old_message, try_parse, upgrade_status


def test_versions_compare_by_their_numbers_not_as_text() -> None:
    assert parse("0.10.0") > parse("0.9.9")
    assert parse("1.2") == parse("1.2.0") == parse("v1.2.0.0")
    assert parse("2") > parse("1.99.99.99")


def test_pre_releases_sort_before_their_release_in_order() -> None:
    ordered = ["1.2.3.dev1", "1.2.3.dev2", "1.2.3a1", "1.2.3b2", "1.2.3-rc.1", "1.2.3rc2", "1.2.3"]
    assert sorted(ordered, key=parse) == ordered
    assert parse("1.2.3rc1") == parse("1.2.3-rc1") == parse("1.2.3RC1")
    assert parse("1.2.3") < parse("1.2.4.dev0")


@pytest.mark.parametrize(
    "bad", ["", "abc", "1.2.3.4.5", "1.2.3+local", "1.2.3rc1.dev2", "1..2", "1.2.3 beta", "9" * 40]
)
def test_malformed_versions_are_refused_with_a_chinese_message(bad: str) -> None:
    with pytest.raises(UserError, match="版本号格式不正确"):
        parse(bad)
    assert try_parse(bad) is None


def test_the_announcement_drops_malformed_parts() -> None:
    wire = {"latest": "0.3.0", "url": "javascript:alert(1)", "min": "x"}
    assert Announcement.from_wire(wire) == Announcement(latest="0.3.0")
    assert Announcement.from_wire({"latest": None, "url": None, "min": None}) is None
    assert Announcement.from_wire("0.3.0") is None
    full = Announcement("0.3.0", "https://oa/zt.exe", "0.2.0")
    assert Announcement.from_wire(full.to_wire()) == full


def test_upgrade_status_says_available_required_or_nothing() -> None:
    ann = Announcement("0.3.0", "https://oa/zt.exe", "0.2.0")
    available = upgrade_status("0.2.5", ann)
    assert (available.need, available.latest, available.url) == (
        Need.AVAILABLE,
        "0.3.0",
        "https://oa/zt.exe",
    )
    required = upgrade_status("0.1.0", ann)
    assert (required.need, required.latest, required.minimum) == (Need.REQUIRED, "0.3.0", "0.2.0")
    assert upgrade_status("0.3.0", ann).need is Need.NONE
    assert upgrade_status("0.4.0.dev1", ann).need is Need.NONE
    assert upgrade_status("0.3.0rc1", ann).need is Need.AVAILABLE
    assert upgrade_status("0.1.0", None).need is Need.NONE
    only_min = upgrade_status("0.1.0", Announcement(minimum="0.2.0"))
    assert (only_min.need, only_min.latest) == (Need.REQUIRED, "0.2.0")


def test_the_too_old_message_names_the_version_and_where_to_get_it() -> None:
    assert too_old_message("0.1.0", "0.2.0", "https://oa/zt.exe", "同步") == (
        "当前版本 0.1.0 过旧，请升级到 0.2.0 或更高版本后再同步：https://oa/zt.exe"
    )
    assert too_old_message(None, "0.2.0", None, "登录") == (
        "当前客户端版本过旧，请升级到 0.2.0 或更高版本后再登录（请向管理员索取安装包）"
    )
