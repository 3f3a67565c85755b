"""No-op syncs answered below FastAPI, in one database round trip (specs/sync.md: targets).

Most syncs are a client with nothing to push asking whether anything changed, and the answer is
usually no. Routed through FastAPI such a request spends more on routing, dependency solving,
the ORM session and the thread pool than on its question to the database. This middleware
answers it itself: the token is checked, one query reads the device, its person and roles, its
sync row and the log position, and when the cursor is already at the head with the same scope,
the reply is written here (``server.sync.noop_reply``: the bytes the route would give).

Anything else goes on to the route and is answered there in full: a push, changes to pull, a
reset, a bad or revoked token, a client below the minimum version, a malformed body. This path
never refuses a request itself, so every error keeps its one source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import anyio.to_thread
from pydantic import ValidationError
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.sync.protocol import SyncRequest
from server import auth, db, releases
from server import sync as sync_service
from server.middleware import replaying
from server.models import Device, SyncClient, SyncLog
from server.security import TokenError, verify_access_token

if TYPE_CHECKING:
    from server.app import Services

SYNC_PATH = "/api/v1/sync"
# A no-op request is a few hundred bytes (versions, epoch, cursor, page size). Anything larger
# carries mutations: it goes to the route without being parsed here first.
NOOP_MAX_BYTES = 2048

# The caller's rows (one per role), each carrying the device's sync row and the log position.
_STATE = (
    auth.caller_query()
    .add_columns(
        SyncClient.last_mutation_id,
        SyncClient.scope_digest,
        SyncLog.epoch,
        SyncLog.seq,
        SyncLog.purged_seq,
    )
    .join(SyncClient, SyncClient.device_id == Device.id, isouter=True)
    .join(SyncLog, SyncLog.id == 1)
)


class NoOpSyncMiddleware:
    def __init__(self, app: ASGIApp, *, zt: Services) -> None:
        self.app = app
        self.zt = zt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != SYNC_PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        # BodyLimitMiddleware, outside this one, hands over the whole (inflated) body at once.
        message = await receive()
        reply = None
        if (
            message["type"] == "http.request"
            and not message.get("more_body", False)
            and len(message.get("body", b"")) <= NOOP_MAX_BYTES
        ):
            # A thread, like the routes: the query blocks.
            reply = await anyio.to_thread.run_sync(self._answer, scope, message.get("body", b""))
        if reply is None:
            await self.app(scope, replaying(message, receive), send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(reply)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": reply})

    def _answer(self, scope: Scope, body: bytes) -> bytes | None:
        """The reply when the request is a no-op sync by a valid caller; None for the route."""
        headers = Headers(scope=scope)
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        try:
            request = SyncRequest.model_validate_json(body)
        except ValidationError:
            return None
        if request.mutations:
            return None
        zt = self.zt
        version = releases.sent_version(request.client_version, headers.get("user-agent"))
        try:
            releases.check(zt.settings, version, "同步")
            claims = verify_access_token(zt.settings.secret, token, now=zt.clock())
        except (releases.ClientTooOld, TokenError):
            return None
        with db.read_connection(zt.engine) as conn:
            rows: list[Any] = list(conn.execute(_STATE, {"device_id": claims.device_id}).all())
            try:
                caller = auth.caller_from(claims, rows)
            except TokenError:
                return None
            update = releases.announcement(zt.settings)
            reply = sync_service.noop_reply(
                conn,
                caller=caller,
                request=request,
                state=rows[0],
                client_update=update.model_dump() if update is not None else None,
            )
        if reply is not None:
            scope.setdefault("state", {})["person_id"] = caller.person_id  # for the access log
        return reply
