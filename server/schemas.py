"""Request and response bodies of the HTTP API (pydantic). No credential ever appears in replies."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from app.domain.org import Role, UnitKind, UnitLevel
from app.sync.protocol import ClientUpdate


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
    device_id: uuid.UUID
    device_name: str = Field(default="", max_length=120)
    # Optional: clients before it send none (their User-Agent names the version instead).
    client_version: str | None = Field(default=None, max_length=64)


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=200)
    device_id: uuid.UUID


class RoleOut(BaseModel):
    role: Role
    label: str
    unit_id: str


class UnitOut(BaseModel):
    id: str
    parent_id: str | None
    name: str
    short_name: str | None
    level: UnitLevel
    kind: UnitKind
    code_prefix: str | None
    sort_order: int
    version: int


class PersonOut(BaseModel):
    id: str
    unit_id: str
    unit_name: str
    username: str
    name: str
    title: str | None
    phone: str | None
    pinyin_initials: str
    pinyin_full: str
    sort_order: int
    active: bool
    version: int
    roles: list[RoleOut]


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    person: PersonOut
    # The highest 密级 this server carries: the client refuses anything above it before sending.
    classification_ceiling: str = "内部"
    # The largest attachment this server takes: the client refuses bigger files before storing.
    max_attachment_bytes: int = 100 * 1024 * 1024
    # Client releases (newest, download address, minimum), when the server announces any.
    client_update: ClientUpdate | None = None


class OrgOut(BaseModel):
    units: list[UnitOut]
    people: list[PersonOut]


class UnitCreate(BaseModel):
    name: str = Field(max_length=120)
    level: UnitLevel
    kind: UnitKind
    parent_id: str | None = None
    code_prefix: str | None = None
    short_name: str | None = Field(default=None, max_length=60)
    sort_order: int = 0


class PersonCreate(BaseModel):
    unit_id: str
    username: str = Field(max_length=64)
    name: str = Field(max_length=60)
    title: str | None = Field(default=None, max_length=60)
    phone: str | None = Field(default=None, max_length=32)
    roles: list[Role] = []
    password: str = Field(max_length=1024)
    sort_order: int = 0


class RoleGrantIn(BaseModel):
    role: Role
    unit_id: str | None = None  # the person's own unit when omitted


class RolesUpdate(BaseModel):
    roles: list[RoleGrantIn]


class PasswordSet(BaseModel):
    password: str = Field(max_length=1024)


class DeviceOut(BaseModel):
    id: str
    person_id: str
    username: str
    person_name: str
    name: str
    created_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None


class Health(BaseModel):
    status: str
    version: str
    db: str


class Refusal(BaseModel):
    detail: str
    last_mutation_id: int | None = None
    server_protocol: int | None = None
    client_update: ClientUpdate | None = None
