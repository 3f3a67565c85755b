"""Who may call what, the org endpoints, admin writes through the shared domain rules."""

from __future__ import annotations

import uuid

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

import app as core
from tests.server.conftest import bearer, login

PUBLIC = {"/healthz", "/openapi.json", "/api/v1/auth/login", "/api/v1/auth/refresh"}


def _is_public(path: str) -> bool:
    return path in PUBLIC or path.startswith(("/docs", "/redoc"))


def _calls(client: TestClient) -> list[tuple[str, str]]:
    calls = []
    for route in client.app.routes:  # type: ignore[attr-defined]
        if not isinstance(route, APIRoute) or _is_public(route.path):
            continue
        path = route.path
        for name in route.param_convertors:
            path = path.replace("{" + name + "}", str(uuid.uuid4()))
        calls.extend((method, path) for method in sorted(route.methods))
    return calls


def test_every_route_but_the_public_ones_needs_a_valid_token(client: TestClient) -> None:
    calls = _calls(client)
    # The walk sees every documented endpoint (none hides behind an included router).
    documented = {p for p in client.get("/openapi.json").json()["paths"] if not _is_public(p)}
    walked = {r.path for r in client.app.routes if isinstance(r, APIRoute)}  # type: ignore[attr-defined]
    assert documented and documented <= walked
    assert len(calls) == 15  # everything but login and refresh (5 of them attachments)
    forged = login(client)["access_token"][:-4] + "AAAA"
    for headers in (
        {},
        {"Authorization": "Bearer nonsense"},
        {"Authorization": f"Bearer {forged}"},
    ):
        for method, path in calls:
            r = client.request(method, path, json={}, headers=headers)
            assert r.status_code == 401, (method, path, headers, r.text)
            assert r.headers["www-authenticate"] == "Bearer"


def test_health_and_openapi_are_public(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.json() == {"status": "ok", "version": core.__version__, "db": "sqlite"}
    spec = client.get("/openapi.json").json()
    assert "/api/v1/auth/login" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_org_lists_units_and_people_without_any_credential(client: TestClient) -> None:
    reply = login(client)
    r = client.get("/api/v1/org", headers=bearer(reply))
    assert r.status_code == 200
    org = r.json()
    assert len(org["units"]) == 12
    assert len(org["people"]) == 35
    wul = next(p for p in org["people"] if p["username"] == "wul")
    assert wul["roles"] == [{"role": "sysadmin", "label": "系统管理员", "unit_id": wul["unit_id"]}]


def test_no_response_ever_contains_a_password_hash(client: TestClient) -> None:
    admin = login(client, "wul")
    h = bearer(admin)
    gov = next(
        u
        for u in client.get("/api/v1/org", headers=h).json()["units"]
        if u["code_prefix"] == "塔政"
    )
    created = client.post(
        "/api/v1/admin/people",
        json={"unit_id": gov["id"], "username": "qianx", "name": "钱新", "password": "secret-2026"},
        headers=h,
    )
    texts = [
        created.text,
        client.post(
            "/api/v1/auth/login",
            json={"username": "wul", "password": "demo2026", "device_id": admin["device_id"]},
        ).text,
        client.get("/api/v1/me", headers=h).text,
        client.get("/api/v1/org", headers=h).text,
        client.get("/api/v1/admin/devices", headers=h).text,
        client.put(
            f"/api/v1/admin/people/{created.json()['id']}/roles",
            json={"roles": [{"role": "clerk"}]},
            headers=h,
        ).text,
        client.get("/openapi.json").text,
    ]
    for text in texts:
        assert "password_hash" not in text
        assert "$argon2" not in text


def test_a_non_admin_is_refused_every_admin_action(client: TestClient) -> None:
    h = bearer(login(client, "zhanghs"))
    pid = str(uuid.uuid4())
    for method, path, body in [
        ("POST", "/api/v1/admin/units", {"name": "x", "level": "county", "kind": "agency"}),
        ("POST", "/api/v1/admin/people", {}),
        ("PUT", f"/api/v1/admin/people/{pid}/roles", {"roles": []}),
        ("POST", f"/api/v1/admin/people/{pid}/password", {"password": "whatever-123"}),
        ("GET", "/api/v1/admin/devices", None),
        ("POST", f"/api/v1/admin/devices/{pid}/revoke", None),
    ]:
        r = client.request(method, path, json=body, headers=h)
        assert r.status_code == 403, (path, r.text)
        assert r.json()["detail"] == "没有“管理单位、人员与角色”的权限"


def test_admin_creates_a_unit_and_a_person_who_can_then_log_in(client: TestClient) -> None:
    h = bearer(login(client, "wul"))
    units = client.get("/api/v1/org", headers=h).json()["units"]
    gov = next(u for u in units if u["code_prefix"] == "塔政")
    r = client.post(
        "/api/v1/admin/units",
        json={
            "name": "塔山市交通运输局",
            "level": "county",
            "kind": "agency",
            "parent_id": gov["id"],
            "code_prefix": "塔交",
        },
        headers=h,
    )
    assert r.status_code == 201, r.text
    unit = r.json()
    r = client.post(
        "/api/v1/admin/people",
        json={
            "unit_id": unit["id"],
            "username": "yangf",
            "name": "杨帆",
            "roles": ["clerk"],
            "password": "交通-2026-ok",
        },
        headers=h,
    )
    assert r.status_code == 201, r.text
    assert r.json()["pinyin_initials"].startswith("yf")
    me = login(client, "yangf", "交通-2026-ok")["person"]
    assert me["unit_name"] == "塔山市交通运输局"
    assert [r["role"] for r in me["roles"]] == ["clerk"]


def test_invalid_unit_is_refused_with_the_domain_message_and_nothing_written(
    client: TestClient,
) -> None:
    h = bearer(login(client, "wul"))
    units = client.get("/api/v1/org", headers=h).json()["units"]
    town = next(u for u in units if u["code_prefix"] == "东湖政")
    for body, message in [
        # A county-level agency cannot sit under a township.
        (
            {"name": "塔山市某局", "level": "county", "kind": "agency", "parent_id": town["id"]},
            "县(市、区)级单位不能隶属于乡镇(街道)级单位",
        ),
        (
            {"name": "某局", "level": "county", "kind": "agency", "code_prefix": "TS1"},
            "机关代字“TS1”应为 1–8 个汉字",
        ),
        ({"name": "秘书股", "level": "county", "kind": "department"}, "内设机构必须隶属于一个单位"),
        (
            {"name": "重复局", "level": "county", "kind": "agency", "code_prefix": "塔政"},
            "机关代字“塔政”已被其他单位使用",
        ),
    ]:
        r = client.post("/api/v1/admin/units", json=body, headers=h)
        assert r.status_code == 400, r.text
        assert r.json() == {"detail": message}
    assert len(client.get("/api/v1/org", headers=h).json()["units"]) == len(units)


def test_bad_people_and_roles_are_refused(client: TestClient) -> None:
    admin = login(client, "wul")
    h = bearer(admin)
    org = client.get("/api/v1/org", headers=h).json()
    gov = org["units"][0]["id"]
    base = {"unit_id": gov, "username": "newbie", "name": "新人", "password": "long-enough-1"}
    for change, message in [
        ({"username": "zhanghs"}, "用户名“zhanghs”已存在"),
        ({"username": "Bad Name"}, "用户名应为 2–32 位小写字母、数字或 . _ -，以字母开头"),
        ({"password": "short"}, "密码至少需要 8 位"),
        ({"unit_id": str(uuid.uuid4())}, "所属单位不存在"),
    ]:
        r = client.post("/api/v1/admin/people", json={**base, **change}, headers=h)
        assert (r.status_code, r.json()["detail"]) == (400, message)
    r = client.put(
        f"/api/v1/admin/people/{admin['person']['id']}/roles",
        json={"roles": [{"role": "clerk"}]},
        headers=h,
    )
    assert (r.status_code, r.json()["detail"]) == (400, "不能移除最后一位系统管理员的角色")
    r = client.put(
        f"/api/v1/admin/people/{admin['person']['id']}/roles",
        json={"roles": [{"role": "pope"}]},
        headers=h,
    )
    assert r.status_code == 400
    assert r.json()["detail"].startswith("请求格式不正确")


@pytest.mark.parametrize("body", ["{not json", '{"username": 1}'])
def test_malformed_login_is_a_clear_400(client: TestClient, body: str) -> None:
    r = client.post(
        "/api/v1/auth/login", content=body, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400
    assert r.json()["detail"].startswith("请求格式不正确")


def test_granting_a_role_takes_effect_on_the_next_request(client: TestClient) -> None:
    user = login(client, "zhanghs")
    admin = bearer(login(client, "wul"))
    assert client.get("/api/v1/admin/devices", headers=bearer(user)).status_code == 403
    roles = [{"role": r["role"], "unit_id": r["unit_id"]} for r in user["person"]["roles"]]
    r = client.put(
        f"/api/v1/admin/people/{user['person']['id']}/roles",
        json={"roles": [*roles, {"role": "sysadmin"}]},
        headers=admin,
    )
    assert r.status_code == 200
    assert client.get("/api/v1/admin/devices", headers=bearer(user)).status_code == 200
