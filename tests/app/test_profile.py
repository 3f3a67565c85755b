"""Profiles: one running instance per profile folder, config that survives bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.config import ProfileConfig
from app.errors import ProfileLockedError, UserError
from app.profile import Profile, profile_dir_for, profiles_root

ROOT = Path(__file__).resolve().parents[2]


def hold_in_subprocess(folder: Path) -> subprocess.Popen[str]:
    code = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from app.profile import Profile
        held = Profile.open(Path({str(folder)!r}))
        print("held", flush=True)
        time.sleep(60)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_instance_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    proc = hold_in_subprocess(tmp_path)
    try:
        with pytest.raises(ProfileLockedError, match="正被另一个政通办公窗口使用"):
            Profile.open(tmp_path)
        # Reading beside the running instance is allowed (status does this).
        Profile.open(tmp_path, exclusive=False).close()
    finally:
        proc.kill()
        proc.wait()
    # A killed instance leaves no stale lock behind.
    Profile.open(tmp_path).close()


def test_the_lock_is_released_on_close(tmp_path: Path) -> None:
    first = Profile.open(tmp_path)
    with pytest.raises(ProfileLockedError):
        Profile.open(tmp_path)
    first.close()
    Profile.open(tmp_path).close()


def test_profiles_are_per_server_and_user() -> None:
    a = profile_dir_for("https://oa.example.gov.cn", "zhanghs")
    b = profile_dir_for("https://oa.example.gov.cn", "liuf")
    c = profile_dir_for("https://oa2.example.gov.cn", "zhanghs")
    assert len({a, b, c}) == 3
    assert a.parent == profiles_root()
    assert a.name.startswith("zhanghs@oa.example.gov.cn-")


def test_config_round_trip(tmp_path: Path) -> None:
    cfg = ProfileConfig(server_url="https://oa.tashan.gov.cn", username="zhanghs", language="en")
    cfg.fonts.body = "仿宋_GB2312"
    cfg.save(tmp_path)
    again = ProfileConfig.load(tmp_path)
    assert again == cfg


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("server_url", "ftp://x", "http"),
        ("proxy", "proxy:8080", "代理"),
        ("ca_bundle", "/nonexistent/ca.pem", "CA 证书文件不存在"),
        ("language", "fr", "语言"),
        ("sync_interval_min", 0, "同步间隔"),
    ],
)
def test_bad_config_is_refused_and_the_file_is_unchanged(
    tmp_path: Path, field: str, value: object, message: str
) -> None:
    ProfileConfig(server_url="https://ok.example").save(tmp_path)
    before = (tmp_path / "profile.json").read_bytes()
    cfg = ProfileConfig.load(tmp_path)
    setattr(cfg, field, value)
    with pytest.raises(UserError, match=message):
        cfg.save(tmp_path)
    assert (tmp_path / "profile.json").read_bytes() == before


def test_malformed_config_file_gives_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "profile.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError, match="无法读取"):
        Profile.open(tmp_path)
    # ...and the profile is not left locked by the failed open.
    (tmp_path / "profile.json").write_text(json.dumps({"server_url": "", "future_key": 1}))
    Profile.open(tmp_path).close()
