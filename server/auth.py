"""Sign-in, token refresh with rotation, sign-out, and checking who is asking.

Failures that must be remembered (a failed-login count, a detected token theft) are returned as
``AuthFailure`` rather than raised, so the caller commits them before answering with the error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from app.domain.org import Role, RoleGrant
from server import releases, services
from server.config import Settings
from server.models import Device, Person, PersonRole, RefreshToken
from server.schemas import LoginRequest, RefreshRequest, TokenPair
from server.security import (
    AccessClaims,
    Passwords,
    TokenError,
    hash_refresh_token,
    issue_access_token,
    new_refresh_token,
    verify_access_token,
)

BAD_CREDENTIALS = "用户名或密码不正确"
SESSION_EXPIRED = "登录已失效，请重新登录"


@dataclass(frozen=True, slots=True)
class AuthFailure:
    status: int
    detail: str


@dataclass(frozen=True, slots=True)
class Caller:
    person_id: str
    device_id: str
    grants: tuple[RoleGrant, ...]
    unit_id: str | None = None  # the person's unit, when known (saves a query per sync)


def _locked_message(settings: Settings, until: datetime, now: datetime) -> str:
    left = max(1, -(-int((until - now).total_seconds()) // 60))
    return (
        f"密码连续输错 {settings.lockout_attempts} 次，账户已锁定 {settings.lockout_minutes} 分钟，"
        f"请 {left} 分钟后再试或联系管理员重置密码"
    )


def _count_failure(person: Person, *, settings: Settings, now: datetime) -> AuthFailure:
    person.failed_logins += 1
    if person.failed_logins >= settings.lockout_attempts:
        person.failed_logins = 0
        person.locked_until = now + timedelta(minutes=settings.lockout_minutes)
        return AuthFailure(423, _locked_message(settings, person.locked_until, now))
    return AuthFailure(401, BAD_CREDENTIALS)


def _issue(
    session: Session, *, settings: Settings, device: Device, now: datetime
) -> tuple[TokenPair, RefreshToken]:
    token = new_refresh_token()
    row = RefreshToken(
        device_id=device.id,
        token_hash=hash_refresh_token(token),
        created_at=now,
        expires_at=now + timedelta(days=settings.refresh_ttl_days),
    )
    session.add(row)
    device.last_seen_at = now
    session.flush()
    access = issue_access_token(
        settings.secret,
        person_id=device.person_id,
        device_id=device.id,
        generation=device.token_generation,
        now=now,
        ttl_s=settings.access_ttl_s,
    )
    pair = TokenPair(
        access_token=access,
        refresh_token=token,
        expires_in=settings.access_ttl_s,
        person=services.get_person(session, person_id=device.person_id),
        classification_ceiling=settings.classification_ceiling,
        max_attachment_bytes=settings.max_attachment_bytes,
        client_update=releases.announcement(settings),
    )
    return pair, row


def login(
    session: Session,
    *,
    settings: Settings,
    passwords: Passwords,
    request: LoginRequest,
    now: datetime,
) -> TokenPair | AuthFailure:
    person = session.scalar(
        select(Person).where(Person.username == request.username.strip()).with_for_update()
    )
    if person is None:
        passwords.verify(None, request.password)  # same work as a real check: no username oracle
        return AuthFailure(401, BAD_CREDENTIALS)
    if person.locked_until is not None and person.locked_until > now:
        # While locked the password is not even checked: guessing gains nothing.
        return AuthFailure(423, _locked_message(settings, person.locked_until, now))
    if not passwords.verify(person.password_hash, request.password):
        return _count_failure(person, settings=settings, now=now)
    if not person.active:
        return AuthFailure(403, "该账户已停用，请联系管理员")
    person.failed_logins = 0
    person.locked_until = None
    if person.password_hash and passwords.needs_rehash(person.password_hash):
        person.password_hash = passwords.hash(request.password)

    device = _device_for(session, person=person, request=request, now=now)
    if isinstance(device, AuthFailure):
        return device
    pair, _ = _issue(session, settings=settings, device=device, now=now)
    return pair


def _device_for(
    session: Session, *, person: Person, request: LoginRequest, now: datetime
) -> Device | AuthFailure:
    """The device signing in, registered on its first login."""
    name = request.device_name.strip()
    device = session.get(Device, str(request.device_id))
    if device is None:
        device = Device(
            id=str(request.device_id),
            person_id=person.id,
            name=name or "未命名设备",
            created_at=now,
        )
        session.add(device)
        session.flush()
    elif device.person_id != person.id:
        return AuthFailure(409, "此设备已登记给其他用户，请使用新的配置目录登录")
    elif device.revoked_at is not None:
        return AuthFailure(403, "此设备已被管理员停用，请联系管理员")
    elif name:
        device.name = name
    return device


def refresh(
    session: Session, *, settings: Settings, request: RefreshRequest, now: datetime
) -> TokenPair | AuthFailure:
    """Rotate: the presented token is replaced by a new one. Presenting a replaced token again
    means two parties hold it — the device is revoked (theft signal). One exception: a client
    whose refresh reply was lost may retry with the previous token within a short grace period,
    as long as the token it never received has not been used."""
    row = session.scalar(
        select(RefreshToken)
        .where(RefreshToken.token_hash == hash_refresh_token(request.refresh_token))
        .with_for_update()
    )
    if row is None or row.device_id != str(request.device_id):
        return AuthFailure(401, SESSION_EXPIRED)
    device = session.get(Device, row.device_id)
    person = session.get(Person, device.person_id) if device else None
    if device is None or person is None or device.revoked_at is not None or not person.active:
        return AuthFailure(401, SESSION_EXPIRED)
    if row.replaced_by is not None:
        successor = session.get(RefreshToken, row.replaced_by)
        retry = (
            successor is not None
            and successor.revoked_at is None
            and row.revoked_at is not None
            and now - row.revoked_at <= timedelta(seconds=settings.refresh_reuse_grace_s)
        )
        if not retry or successor is None:
            device.revoked_at = now
            services.revoke_device_tokens(session, device=device, now=now)
            return AuthFailure(401, "登录凭据被重复使用，此设备已被停用，请联系管理员")
        # The successor never reached the client: retire it (it cannot be presented honestly)
        # and hand out a new one in its place. The grace period still runs from the first use.
        successor.revoked_at = now
        pair, new_row = _issue(session, settings=settings, device=device, now=now)
        row.replaced_by = new_row.id
        return pair
    if row.revoked_at is not None or row.expires_at <= now:
        return AuthFailure(401, SESSION_EXPIRED)
    pair, new_row = _issue(session, settings=settings, device=device, now=now)
    row.revoked_at = now
    row.replaced_by = new_row.id
    return pair


def logout(session: Session, *, caller: Caller, now: datetime) -> None:
    device = session.get(Device, caller.device_id)
    if device is not None:
        services.revoke_device_tokens(session, device=device, now=now)


def caller_query() -> Select[*tuple[Any, ...]]:
    """Who stands behind a device (bind ``device_id``): the device, its person and the person's
    roles, one row per role. Built once; the no-op sync path extends it (server/fast_sync.py)."""
    return (
        select(
            Device.person_id,
            Device.revoked_at,
            Device.token_generation,
            Person.active,
            Person.unit_id,
            PersonRole.role,
            PersonRole.unit_id.label("role_unit_id"),
        )
        .join(Person, Person.id == Device.person_id, isouter=True)
        .join(PersonRole, PersonRole.person_id == Person.id, isouter=True)
        .where(Device.id == bindparam("device_id"))
    )


_CALLER = caller_query()


def caller_from(claims: AccessClaims, rows: Sequence[Any]) -> Caller:
    """The caller from ``caller_query``'s rows; TokenError when the device was revoked or signed
    out since the token was issued, or its person deactivated."""
    if (
        not rows
        or rows[0].person_id != claims.person_id
        or rows[0].revoked_at is not None
        or rows[0].token_generation != claims.generation
    ):
        raise TokenError("session ended")
    if not rows[0].active:
        raise TokenError("person inactive")
    grants = tuple(RoleGrant(Role(r.role), r.role_unit_id) for r in rows if r.role is not None)
    return Caller(claims.person_id, claims.device_id, grants, rows[0].unit_id)


def authenticate(session: Session, *, settings: Settings, token: str, now: datetime) -> Caller:
    """The caller behind a bearer token; TokenError when it is not (or no longer) valid."""
    claims = verify_access_token(settings.secret, token, now=now)
    # One query per request (every sync is authenticated); revocation still takes effect at once.
    rows = session.execute(_CALLER, {"device_id": claims.device_id}).all()
    return caller_from(claims, rows)
