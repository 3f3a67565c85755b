"""系统管理 from the desktop: the server's admin REST API (units, people, roles, devices).

Online only: these change the server's org tree directly (the client's copy follows by sync).
Runs on the network pool; returns plain dataclasses. Errors are UserErrors in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from app.domain.org import Role, UnitKind, UnitLevel
from app.errors import UserError
from app.sync.transport import OfflineError, Transport

API = "/api/v1/admin"
OFFLINE = "系统管理需要连接服务器，当前无法连接："


@dataclass(frozen=True, slots=True)
class DeviceRow:
    id: str
    person_name: str
    username: str
    name: str
    created_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None


def _call(transport: Transport, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    try:
        raw = transport.call(method, API + path, orjson.dumps(body) if body is not None else None)
    except OfflineError as exc:
        raise UserError(OFFLINE + str(exc)) from None
    return orjson.loads(raw) if raw else None


def _moment(raw: str | None) -> datetime | None:
    return datetime.fromisoformat(raw) if raw else None


def create_unit(
    transport: Transport,
    *,
    name: str,
    level: UnitLevel,
    kind: UnitKind,
    parent_id: str | None,
    code_prefix: str = "",
    short_name: str = "",
) -> str:
    """Returns the new unit's id."""
    if not name.strip():
        raise UserError("请填写单位名称")
    body = {
        "name": name.strip(),
        "level": level.value,
        "kind": kind.value,
        "parent_id": parent_id,
        "code_prefix": code_prefix.strip() or None,
        "short_name": short_name.strip() or None,
    }
    return str(_call(transport, "POST", "/units", body)["id"])


def create_person(
    transport: Transport,
    *,
    unit_id: str,
    username: str,
    name: str,
    password: str,
    title: str = "",
    phone: str = "",
    roles: list[Role] | None = None,
) -> str:
    """Returns the new person's id."""
    if not username.strip() or not name.strip():
        raise UserError("请填写登录名和姓名")
    body = {
        "unit_id": unit_id,
        "username": username.strip().lower(),
        "name": name.strip(),
        "title": title.strip() or None,
        "phone": phone.strip() or None,
        "roles": [r.value for r in roles or []],
        "password": password,
    }
    return str(_call(transport, "POST", "/people", body)["id"])


def set_roles(transport: Transport, *, person_id: str, roles: list[Role]) -> list[Role]:
    """Roles in the person's own unit; returns the roles the server now holds."""
    body = {"roles": [{"role": r.value} for r in roles]}
    reply = _call(transport, "PUT", f"/people/{person_id}/roles", body)
    return [Role(g["role"]) for g in reply["roles"]]


def reset_password(transport: Transport, *, person_id: str, password: str) -> None:
    _call(transport, "POST", f"/people/{person_id}/password", {"password": password})


def _device(raw: dict[str, Any]) -> DeviceRow:
    created = _moment(raw["created_at"])
    assert created is not None
    return DeviceRow(
        id=raw["id"],
        person_name=raw["person_name"],
        username=raw["username"],
        name=raw["name"],
        created_at=created,
        last_seen_at=_moment(raw.get("last_seen_at")),
        revoked_at=_moment(raw.get("revoked_at")),
    )


def list_devices(transport: Transport) -> list[DeviceRow]:
    return [_device(d) for d in _call(transport, "GET", "/devices")]


def revoke_device(transport: Transport, *, device_id: str) -> DeviceRow:
    return _device(_call(transport, "POST", f"/devices/{device_id}/revoke", {}))
