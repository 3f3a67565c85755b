"""Wiring a profile to its server: device id, tokens in the keyring, login, one sync run.

The CLI (``login``, ``sync``) and the desktop app both go through here, so they share one path.
"""

from __future__ import annotations

import socket
import uuid

from sqlalchemy.orm import Session, sessionmaker

from app import versions
from app.db.engine import transaction
from app.errors import UserError
from app.profile import Profile
from app.services.actors import CEILING_KEY
from app.services.login import REMEMBERED_KEY, set_local_password
from app.services.workbench import get_meta, set_meta
from app.sync import attachments
from app.sync.engine import Progress, SyncEngine, SyncSummary
from app.sync.transport import KeyringTokens, RefusedError, Tokens, Transport

DEVICE_KEY = "sync.device_id"


def device_id(sessions: sessionmaker[Session]) -> str:
    """This profile's client id, made at its first login and kept for good."""
    with transaction(sessions) as session:
        found = get_meta(session, DEVICE_KEY)
        if found is None:
            found = str(uuid.uuid4())
            set_meta(session, DEVICE_KEY, found)
        return found


def transport_for(profile: Profile, tokens: Tokens | None = None) -> Transport:
    cfg = profile.config
    if not cfg.server_url:
        raise UserError("尚未设置服务器地址：请先登录（login --server URL --user NAME）")
    tokens = tokens or KeyringTokens(device_id(profile.store()), str(profile.folder))
    return Transport(
        cfg.server_url,
        tokens,
        ca_bundle=cfg.ca_bundle or None,
        proxy=cfg.proxy or None,
    )


def login(
    profile: Profile, *, server_url: str, username: str, password: str, tokens: Tokens | None = None
) -> str:
    """Sign in on the server (registering this device), keep an offline verifier, then sync once
    so the person and the address book are here. Returns the person's display name."""
    username = username.strip().lower()
    if not server_url.startswith(("http://", "https://")):
        raise UserError(f"服务器地址应以 http:// 或 https:// 开头：{server_url}")
    profile.config.server_url = server_url.rstrip("/")
    profile.config.username = username
    transport = transport_for(profile, tokens)
    try:
        reply = transport.login(username, password, socket.gethostname()[:120] or "desktop")
    except RefusedError as exc:
        if exc.status == 426 and "client_update" in exc.body:
            # Too old to log in: remember why, so 设置 → 关于 shows where to get the new one.
            with transaction(profile.store()) as session:
                versions.remember(session, exc.body["client_update"])
            raise versions.UpgradeRequired(str(exc)) from None
        raise UserError(str(exc)) from None
    profile.save_config()
    sessions = profile.store()
    with transaction(sessions) as session:
        versions.remember(session, reply.get("client_update"))
        set_local_password(session, username=username, password=password)
        set_meta(session, REMEMBERED_KEY, username)
        set_meta(session, CEILING_KEY, str(reply.get("classification_ceiling") or "内部"))
        limit = reply.get("max_attachment_bytes")
        if isinstance(limit, int) and limit > 0:
            set_meta(session, attachments.LIMIT_KEY, str(limit))
    SyncEngine(sessions, transport, folder=profile.folder).sync()
    person = reply["person"]
    return f"{person['name']}（{person['unit_name']}）"


def sync(
    profile: Profile, *, progress: Progress | None = None, transport: Transport | None = None
) -> SyncSummary:
    engine = SyncEngine(
        profile.store(),
        transport or transport_for(profile),
        folder=profile.folder,
        progress=progress,
    )
    return engine.sync()
