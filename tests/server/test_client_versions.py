"""Client releases on the server: the ZT_CLIENT_* settings, the announcement in login and sync
replies, and 426 for a client below the minimum (login, sync, attachment uploads), with
nothing it sent applied (server/releases.py)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.errors import UserError
from app.services.demo import DEMO_PASSWORD
from server import db
from server.app import create_app
from server.config import Settings
from server.models import Device, Person, SyncRecord
from tests.server.conftest import FakeClock, bearer, login

URL = "https://oa.tashan.gov.cn/download/zhengtong-0.3.0.exe"
RELEASES = {
    "client_latest_version": "0.3.0",
    "client_download_url": URL,
    "client_min_version": "0.2.0",
}


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"ZT_DATA_DIR": str(tmp_path), "ZT_SECRET": "s" * 40, **extra}


# -- settings ------------------------------------------------------------------------------------


def test_settings_read_the_client_release_variables(tmp_path: Path) -> None:
    settings = Settings.from_env(
        _env(
            tmp_path,
            ZT_CLIENT_LATEST_VERSION=" 0.3.0rc1 ",
            ZT_CLIENT_DOWNLOAD_URL=URL,
            ZT_CLIENT_MIN_VERSION="0.2",
        )
    )
    assert settings.client_latest_version == "0.3.0rc1"
    assert settings.client_download_url == URL
    assert settings.client_min_version == "0.2"
    plain = Settings.from_env(_env(tmp_path, ZT_CLIENT_LATEST_VERSION=""))
    assert (plain.client_latest_version, plain.client_download_url, plain.client_min_version) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"ZT_CLIENT_LATEST_VERSION": "最新版"}, "ZT_CLIENT_LATEST_VERSION 应为 1.2.3"),
        ({"ZT_CLIENT_MIN_VERSION": "1.2.3+local"}, "ZT_CLIENT_MIN_VERSION 应为 1.2.3"),
        (
            {"ZT_CLIENT_LATEST_VERSION": "0.2.0", "ZT_CLIENT_MIN_VERSION": "0.3.0"},
            "ZT_CLIENT_MIN_VERSION（0.3.0）不能高于 ZT_CLIENT_LATEST_VERSION（0.2.0）",
        ),
        ({"ZT_CLIENT_DOWNLOAD_URL": "ftp://oa/zt.exe"}, "ZT_CLIENT_DOWNLOAD_URL 应为以 http://"),
        ({"ZT_CLIENT_DOWNLOAD_URL": "https://"}, "ZT_CLIENT_DOWNLOAD_URL 应为以 http://"),
        ({"ZT_CLIENT_DOWNLOAD_URL": "https://oa/a b.exe"}, "ZT_CLIENT_DOWNLOAD_URL"),
    ],
)
def test_bad_client_release_settings_stop_the_server_with_a_clear_message(
    tmp_path: Path, extra: dict[str, str], message: str
) -> None:
    with pytest.raises(UserError, match=message.replace("+", r"\+")):
        Settings.from_env(_env(tmp_path, **extra))


def test_a_pre_release_minimum_may_equal_the_release_it_precedes(tmp_path: Path) -> None:
    settings = Settings.from_env(
        _env(tmp_path, ZT_CLIENT_LATEST_VERSION="1.0.0", ZT_CLIENT_MIN_VERSION="1.0.0rc2")
    )
    assert settings.client_min_version == "1.0.0rc2"


# -- replies and refusals -----------------------------------------------------------------------


@pytest.fixture
def gated(settings: Settings, clock: FakeClock) -> Iterator[TestClient]:
    """A server announcing 0.3.0 and requiring at least 0.2.0."""
    app = create_app(replace(settings, **RELEASES), clock=clock)
    with TestClient(app) as c:
        yield c
    app.state.zt.engine.dispose()


def _login(c: TestClient, version: str | None, **headers: str) -> Any:
    body = {
        "username": "zhanghs",
        "password": DEMO_PASSWORD,
        "device_id": str(uuid.uuid4()),
        "device_name": "测试机",
    }
    if version is not None:
        body["client_version"] = version
    return c.post("/api/v1/auth/login", json=body, headers=headers)


def _sync_body(version: str | None, mutations: list[dict[str, Any]]) -> dict[str, Any]:
    body: dict[str, Any] = {"protocol": 1, "schema_version": 1, "mutations": mutations}
    if version is not None:
        body["client_version"] = version
    return body


def _notice(mid: int) -> dict[str, Any]:
    rid = str(uuid.uuid4())
    return {"id": mid, "type": "notice", "record_id": rid, "op": "create", "fields": {"title": "t"}}


def _count(settings: Settings, model: Any) -> int:
    engine = db.make_engine(settings.database_url)
    try:
        with db.make_sessionmaker(engine)() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        engine.dispose()


def test_without_release_settings_replies_announce_nothing(client: TestClient) -> None:
    reply = login(client)
    assert reply["client_update"] is None
    r = client.post("/api/v1/sync", json=_sync_body("0.0.1", []), headers=bearer(reply))
    assert r.status_code == 200 and "client_update" not in r.json()


def test_login_and_sync_replies_carry_the_announcement(gated: TestClient) -> None:
    expected = {"latest": "0.3.0", "url": URL, "min": "0.2.0"}
    r = _login(gated, "0.2.0")
    assert r.status_code == 200, r.text
    assert r.json()["client_update"] == expected
    sync = gated.post("/api/v1/sync", json=_sync_body("0.2.0", []), headers=bearer(r.json()))
    assert sync.status_code == 200 and sync.json()["client_update"] == expected


def test_a_login_below_the_minimum_gets_426_and_changes_nothing(
    gated: TestClient, settings: Settings
) -> None:
    devices = _count(settings, Device)
    r = _login(gated, "0.1.9")
    assert r.status_code == 426
    assert r.json()["detail"] == (f"当前版本 0.1.9 过旧，请升级到 0.2.0 或更高版本后再登录：{URL}")
    assert r.json()["client_update"]["min"] == "0.2.0"
    assert _count(settings, Device) == devices  # no device registered
    # A client from before ``client_version`` is known by its User-Agent.
    r = _login(gated, None, **{"User-Agent": "ZhengTong/0.1.0"})
    assert r.status_code == 426 and "当前版本 0.1.0 过旧" in r.json()["detail"]
    # A pre-release of the minimum is below it; a caller naming no version is not judged.
    assert _login(gated, "0.2.0rc1").status_code == 426
    assert _login(gated, None).status_code == 200


def test_a_too_old_login_counts_no_failed_password(gated: TestClient, settings: Settings) -> None:
    body = {
        "username": "zhanghs",
        "password": "wrong",
        "device_id": str(uuid.uuid4()),
        "client_version": "0.1.0",
    }
    for _ in range(6):
        assert gated.post("/api/v1/auth/login", json=body).status_code == 426
    engine = db.make_engine(settings.database_url)
    with db.make_sessionmaker(engine)() as session:
        person = session.scalar(select(Person).where(Person.username == "zhanghs"))
        assert person is not None and person.failed_logins == 0 and person.locked_until is None
    engine.dispose()


def test_a_sync_below_the_minimum_gets_426_and_nothing_is_applied(
    gated: TestClient, settings: Settings
) -> None:
    h = bearer(_login(gated, "0.2.0").json())
    before = _count(settings, SyncRecord)
    mutations = [_notice(1), _notice(2)]
    r = gated.post("/api/v1/sync", json=_sync_body("0.1.0", mutations), headers=h)
    assert r.status_code == 426
    assert r.json()["detail"] == f"当前版本 0.1.0 过旧，请升级到 0.2.0 或更高版本后再同步：{URL}"
    assert r.json()["client_update"] == {"latest": "0.3.0", "url": URL, "min": "0.2.0"}
    assert _count(settings, SyncRecord) == before
    # Without the field, the User-Agent decides (a client from before the field existed).
    old = gated.post(
        "/api/v1/sync",
        json=_sync_body(None, mutations),
        headers={**h, "User-Agent": "ZhengTong/0.1"},
    )
    assert old.status_code == 426 and _count(settings, SyncRecord) == before
    # The same batch from the upgraded client goes through, none of it lost or doubled.
    r = gated.post("/api/v1/sync", json=_sync_body("0.3.0", mutations), headers=h)
    assert r.status_code == 200, r.text
    assert [x["status"] for x in r.json()["results"]] == ["applied", "applied"]
    assert _count(settings, SyncRecord) == before + 2


def test_attachment_uploads_below_the_minimum_get_426(gated: TestClient) -> None:
    h = bearer(_login(gated, "0.2.0").json())
    data = b"attachment " * 100
    body = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "name": "方案.pdf"}
    old = {**h, "User-Agent": "ZhengTong/0.1.0"}
    r = gated.post("/api/v1/blobs/uploads", json=body, headers=old)
    assert r.status_code == 426 and "后再上传附件" in r.json()["detail"]
    r = gated.post(
        "/api/v1/blobs/uploads", json=body, headers={**h, "User-Agent": "ZhengTong/0.3.0"}
    )
    assert r.status_code == 201, r.text
    upload = r.json()["upload_id"]
    put = {**old, "Upload-Offset": "0", "Content-Type": "application/octet-stream"}
    assert (
        gated.put(f"/api/v1/blobs/uploads/{upload}", content=data, headers=put).status_code == 426
    )
    assert gated.post(f"/api/v1/blobs/uploads/{upload}/complete", headers=old).status_code == 426


def test_the_refusal_is_documented_in_openapi(gated: TestClient) -> None:
    paths = gated.get("/openapi.json").json()["paths"]
    assert "426" in paths["/api/v1/auth/login"]["post"]["responses"]
    assert "426" in paths["/api/v1/sync"]["post"]["responses"]
    assert "426" in paths["/api/v1/blobs/uploads"]["post"]["responses"]
