"""The HTTP API: ``create_app(settings)`` builds the FastAPI application.

Handlers are plain ``def`` so FastAPI runs them in its thread pool: SQLAlchemy sessions and
argon2 are blocking. Each handler opens one transaction; queries live in server/services.py.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from enum import Enum
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.gzip import GZipMiddleware

import app as core
from app.domain.org import Permission, check_password_policy, require
from app.errors import PermissionDeniedError, UserError
from app.sync.protocol import SyncReply, SyncRequest
from app.sync.records import all_types
from server import auth, blobs, db, notice_sms, notices, releases, services
from server import sync as sync_service
from server.auth import AuthFailure, Caller
from server.config import Settings
from server.fast_sync import NoOpSyncMiddleware
from server.middleware import AccessLogMiddleware, BodyLimitMiddleware
from server.models import utcnow
from server.schemas import (
    DeviceOut,
    Health,
    LoginRequest,
    OrgOut,
    PasswordSet,
    PersonCreate,
    PersonOut,
    RefreshRequest,
    Refusal,
    RolesUpdate,
    TokenPair,
    UnitCreate,
    UnitOut,
)
from server.security import Passwords, TokenError
from server.sync import SyncRefused

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)
# How often each server process looks for scheduled notices whose time has come.
RELEASE_INTERVAL_S = 15.0
_bearer = HTTPBearer(auto_error=False, description="access_token from /api/v1/auth/login")


class Services:
    """What handlers need, kept on ``app.state.zt`` (tests swap the clock)."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.engine = db.make_engine(settings.database_url)
        self.sessions: sessionmaker[Session] = db.make_sessionmaker(self.engine)
        self.checkpointer = db.Checkpointer(self.engine)
        self.passwords = Passwords(settings)


def _zt(request: Request) -> Services:
    zt: Services = request.app.state.zt
    return zt


Zt = Annotated[Services, Depends(_zt)]


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"})


def authenticated(
    request: Request,
    zt: Zt,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("请先登录")
    with db.read_transaction(zt.sessions) as session:
        return _caller(session, zt, credentials.credentials, request)


def _caller(session: Session, zt: Services, token: str, request: Request) -> Caller:
    try:
        caller = auth.authenticate(session, settings=zt.settings, token=token, now=zt.clock())
    except TokenError:
        raise _unauthorized(auth.SESSION_EXPIRED) from None
    request.state.person_id = caller.person_id
    return caller


CurrentCaller = Annotated[Caller, Depends(authenticated)]


def administrator(caller: CurrentCaller) -> Caller:
    require(caller.grants, Permission.ADMINISTER)
    return caller


Admin = Annotated[Caller, Depends(administrator)]


def _answer(result: TokenPair | AuthFailure) -> TokenPair:
    if isinstance(result, AuthFailure):
        headers = {"WWW-Authenticate": "Bearer"} if result.status == 401 else None
        raise HTTPException(result.status, result.detail, headers=headers)
    return result


def _health(zt: Zt) -> Health:
    try:
        db.ping(zt.engine)
    except Exception as exc:
        raise HTTPException(503, "数据库不可用") from exc
    return Health(status="ok", version=core.__version__, db=zt.settings.db_kind)


# Routes are registered on the application itself (no include_router), so ``app.routes`` lists
# every endpoint as an APIRoute; the test that walks it for authentication relies on that.
API = "/api/v1"


def _client_version(request: Request, declared: str | None = None) -> str | None:
    return releases.sent_version(declared, request.headers.get("user-agent"))


def _uploading(request: Request, zt: Zt) -> None:
    """Attachments from a client below the required version are refused like its sync."""
    releases.check(zt.settings, _client_version(request), "上传附件")


Uploading = Annotated[None, Depends(_uploading)]
_REFUSED = {"description": "refused whole; nothing changed", "model": Refusal}


def _auth_routes(router: FastAPI) -> None:
    tags: list[str | Enum] = ["auth"]

    @router.post(f"{API}/auth/login", tags=tags, responses={426: _REFUSED})
    def login(body: LoginRequest, zt: Zt, request: Request) -> TokenPair:
        # Before the password is checked: a too-old client neither signs in nor counts a failure.
        releases.check(zt.settings, _client_version(request, body.client_version), "登录")
        with db.transaction(zt.sessions) as session:
            result = auth.login(
                session, settings=zt.settings, passwords=zt.passwords, request=body, now=zt.clock()
            )
        if isinstance(result, TokenPair):
            request.state.person_id = result.person.id
        return _answer(result)

    @router.post(f"{API}/auth/refresh", tags=tags)
    def refresh(body: RefreshRequest, zt: Zt) -> TokenPair:
        with db.transaction(zt.sessions) as session:
            result = auth.refresh(session, settings=zt.settings, request=body, now=zt.clock())
        return _answer(result)

    @router.post(f"{API}/auth/logout", tags=tags, status_code=204)
    def logout(caller: CurrentCaller, zt: Zt) -> None:
        with db.transaction(zt.sessions) as session:
            auth.logout(session, caller=caller, now=zt.clock())


def _org_routes(router: FastAPI) -> None:
    tags: list[str | Enum] = ["org"]

    @router.get(f"{API}/me", tags=tags)
    def me(caller: CurrentCaller, zt: Zt) -> PersonOut:
        with db.transaction(zt.sessions) as session:
            return services.get_person(session, person_id=caller.person_id)

    @router.get(f"{API}/org", tags=tags)
    def org(caller: CurrentCaller, zt: Zt) -> OrgOut:
        # Visibility by scope comes with sync (specs/sync.md §7); for now everyone sees the tree.
        with db.transaction(zt.sessions) as session:
            return OrgOut(units=services.list_units(session), people=services.list_people(session))


def _admin_routes(router: FastAPI) -> None:
    tags: list[str | Enum] = ["admin"]

    @router.post(f"{API}/admin/units", tags=tags, status_code=201)
    def add_unit(body: UnitCreate, _: Admin, zt: Zt) -> UnitOut:
        with db.transaction(zt.sessions) as session:
            return services.create_unit(session, **body.model_dump())

    @router.post(f"{API}/admin/people", tags=tags, status_code=201)
    def add_person(body: PersonCreate, _: Admin, zt: Zt) -> PersonOut:
        check_password_policy(body.password)
        password_hash = zt.passwords.hash(body.password)
        with db.transaction(zt.sessions) as session:
            fields = body.model_dump(exclude={"password"})
            return services.create_person(session, password_hash=password_hash, **fields)

    @router.put(f"{API}/admin/people/{{person_id}}/roles", tags=tags)
    def set_roles(person_id: str, body: RolesUpdate, _: Admin, zt: Zt) -> PersonOut:
        with db.transaction(zt.sessions) as session:
            return services.set_roles(
                session, person_id=person_id, roles=body.roles, now=zt.clock()
            )

    @router.post(f"{API}/admin/people/{{person_id}}/password", tags=tags, status_code=204)
    def set_password(person_id: str, body: PasswordSet, _: Admin, zt: Zt) -> None:
        check_password_policy(body.password)
        password_hash = zt.passwords.hash(body.password)
        with db.transaction(zt.sessions) as session:
            services.set_password(
                session, person_id=person_id, password_hash=password_hash, now=zt.clock()
            )

    @router.get(f"{API}/admin/devices", tags=tags)
    def devices(_: Admin, zt: Zt) -> list[DeviceOut]:
        with db.transaction(zt.sessions) as session:
            return services.list_devices(session)

    @router.post(f"{API}/admin/devices/{{device_id}}/revoke", tags=tags)
    def revoke_device(device_id: str, _: Admin, zt: Zt) -> DeviceOut:
        with db.transaction(zt.sessions) as session:
            return services.revoke_device(session, device_id=device_id, now=zt.clock())


_SYNC_REQUEST_REF = "#/components/schemas/SyncRequest"


def _document_sync_request(application: FastAPI) -> None:
    """Add SyncRequest (and the models it uses) to the OpenAPI components: the sync route reads
    its body as bytes, so FastAPI does not collect the model by itself."""
    build = application.openapi

    def openapi() -> dict[str, Any]:
        if application.openapi_schema:
            return application.openapi_schema
        schema = build()
        model = SyncRequest.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, definition in model.pop("$defs", {}).items():
            components.setdefault(name, definition)
        components.setdefault("SyncRequest", model)
        return schema

    application.openapi = openapi  # type: ignore[method-assign]


def _sync_routes(router: FastAPI) -> None:
    refused = _REFUSED

    @router.post(
        f"{API}/sync",
        tags=["sync"],
        response_model=SyncReply,
        responses={409: refused, 426: refused},
        # The body is parsed below straight from its bytes (pydantic-core's JSON parser, no
        # intermediate dicts); the schema is still documented (``_document_sync_request``).
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": _SYNC_REQUEST_REF}}},
            }
        },
    )
    def sync(
        raw: Annotated[bytes, Depends(_raw_body)],
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
        request: Request,
        zt: Zt,
    ) -> Response:
        """Push the outbox batch and pull the first page of changes, in one round trip."""
        # Authenticated like every route (``authenticated``), but in the same transaction as a
        # no-op sync: most syncs are no-ops, and each transaction is round trips to the database.
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise _unauthorized("请先登录")
        # A repeated request is the same bytes again (a retry resends them unchanged); the body
        # arrives here already inflated, so hashing it is cheap and needs no re-serialising.
        digest = hashlib.sha256(raw).hexdigest()
        try:
            reply = None
            with db.read_transaction(zt.sessions) as session:
                caller = _caller(session, zt, credentials.credentials, request)
                try:
                    body = SyncRequest.model_validate_json(raw)
                except ValidationError as exc:
                    raise RequestValidationError(exc.errors(include_url=False)) from None
                # Refused before anything is read or applied: the client keeps its outbox.
                releases.check(zt.settings, _client_version(request, body.client_version), "同步")
                update = releases.announcement(zt.settings)
                client_update = update.model_dump() if update is not None else None
                if not body.mutations:
                    # Answered without taking any lock, unless it turns out to need a write.
                    try:
                        reply = sync_service.handle(
                            session,
                            caller=caller,
                            request=body,
                            request_digest=digest,
                            now=zt.clock(),
                            read_only=True,
                            ceiling=zt.settings.classification_ceiling,
                            client_update=client_update,
                        )
                    except sync_service.NeedsWrite:
                        reply = None
            if reply is None:
                published: list[str] = []
                with db.transaction(zt.sessions) as session:
                    reply = sync_service.handle(
                        session,
                        caller=caller,
                        request=body,
                        request_digest=digest,
                        now=zt.clock(),
                        ceiling=zt.settings.classification_ceiling,
                        published=published,
                        client_update=client_update,
                    )
                text_recipients(zt, published)
        except SyncRefused as exc:
            return JSONResponse({"detail": exc.detail, **exc.extra}, status_code=exc.status)
        return Response(reply, media_type="application/json")


async def _raw_body(request: Request) -> bytes:
    return await request.body()


def _blob_routes(router: FastAPI) -> None:
    """Attachments: resumable chunked uploads and Range reads (server/blobs.py)."""
    tags: list[str | Enum] = ["blobs"]
    uploads = f"{API}/blobs/uploads"

    @router.post(uploads, tags=tags, status_code=201, responses={426: _REFUSED})
    def create_upload(
        body: blobs.UploadCreate, caller: CurrentCaller, zt: Zt, _: Uploading
    ) -> JSONResponse:
        """Start (or resume) an upload; 200 {exists: true} when the server already has it."""
        with db.transaction(zt.sessions) as session:
            who = blobs.who_for(session, caller)
            status, reply = blobs.create_upload(
                session, settings=zt.settings, who=who, now=zt.clock(), **body.model_dump()
            )
        return JSONResponse(reply, status_code=status)

    @router.get(f"{uploads}/{{upload_id}}", tags=tags)
    def upload_state(upload_id: str, caller: CurrentCaller, zt: Zt) -> dict[str, Any]:
        with db.transaction(zt.sessions) as session:
            who = blobs.Who(caller.person_id, caller.device_id, frozenset())
            return blobs.upload_state(session, settings=zt.settings, who=who, upload_id=upload_id)

    @router.put(f"{uploads}/{{upload_id}}", tags=tags, responses={426: _REFUSED})
    def put_chunk(
        upload_id: str,
        caller: CurrentCaller,
        zt: Zt,
        _: Uploading,
        data: Annotated[bytes, Depends(_raw_body)],
        offset: Annotated[int, Header(alias="Upload-Offset", ge=0)],
    ) -> dict[str, Any]:
        """Raw bytes at ``Upload-Offset``; 409 with the server's offset when it differs."""
        with db.transaction(zt.sessions) as session:
            who = blobs.Who(caller.person_id, caller.device_id, frozenset())
            return blobs.append(
                session,
                settings=zt.settings,
                who=who,
                upload_id=upload_id,
                offset=offset,
                data=data,
                now=zt.clock(),
            )

    @router.post(f"{uploads}/{{upload_id}}/complete", tags=tags, responses={426: _REFUSED})
    def complete_upload(
        upload_id: str, caller: CurrentCaller, zt: Zt, _: Uploading
    ) -> dict[str, Any]:
        who = blobs.Who(caller.person_id, caller.device_id, frozenset())
        return blobs.complete(
            zt.sessions, settings=zt.settings, who=who, upload_id=upload_id, now=zt.clock()
        )

    @router.get(f"{API}/blobs/{{sha256}}", tags=tags, response_class=Response)
    def read_blob(
        sha256: str,
        caller: CurrentCaller,
        zt: Zt,
        range_: Annotated[str | None, Header(alias="Range")] = None,
    ) -> Response:
        with db.transaction(zt.sessions) as session:
            who = blobs.who_for(session, caller)
            path, size = blobs.open_blob(session, settings=zt.settings, who=who, sha256=sha256)
        span = blobs.parse_range(range_, size)
        start, end = span or (0, size - 1)
        headers = {
            "Accept-Ranges": "bytes",
            "ETag": f'"{sha256}"',
            "Content-Length": str(end - start + 1),
        }
        if span is not None:
            headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        return StreamingResponse(
            blobs.read_range(path, start, end),
            status_code=206 if span is not None else 200,
            media_type="application/octet-stream",
            headers=headers,
        )


async def _blob_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, blobs.BlobError)
    headers = {"Content-Range": f"bytes */{exc.extra['size']}"} if exc.status == 416 else None
    return JSONResponse({"detail": exc.detail, **exc.extra}, exc.status, headers=headers)


async def _client_too_old(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, releases.ClientTooOld)
    update = exc.update.model_dump() if exc.update is not None else None
    return JSONResponse({"detail": exc.detail, "client_update": update}, status_code=426)


async def _permission_denied(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=403)


async def _user_error(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=400)


async def _invalid_request(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body') or '请求体'}: {e.get('msg')}"
        for e in exc.errors()
    ]
    detail = "请求格式不正确：" + "；".join(problems[:5])
    return JSONResponse({"detail": detail, "errors": problems}, status_code=400)


def release_due(zt: Services) -> list[str]:
    """Publish the scheduled notices whose time has come (worker thread); their ids. An urgent
    one's SMS start once the transaction has committed."""
    with db.transaction(zt.sessions) as session:
        released = notices.publish_due(session, now=zt.clock())
    text_recipients(zt, released)
    return released


def text_recipients(zt: Services, notice_ids: list[str]) -> None:
    """Start the SMS of newly published notices (after their transaction committed);
    ``after_publish`` keeps to the urgent ones."""
    if not notice_ids:
        return
    with db.read_transaction(zt.sessions) as session:
        texts = {nid: notices.sms_recipients(session, nid) for nid in notice_ids}
    for nid, recipients in texts.items():
        if recipients:
            notice_sms.after_publish(zt.settings, zt.sessions, nid, recipients)


async def _release_loop(zt: Services) -> None:
    """Once at start, then every RELEASE_INTERVAL_S: a failure is logged and tried again."""
    while True:
        try:
            released = await asyncio.to_thread(release_due, zt)
            if released:
                log.info("定时通知已发布：%s", "、".join(released))
        except Exception:
            log.exception("定时通知发布失败，稍后重试")
        await asyncio.sleep(RELEASE_INTERVAL_S)


@asynccontextmanager
async def _lifespan(application: FastAPI) -> AsyncIterator[None]:
    zt: Services = application.state.zt
    task = asyncio.create_task(_release_loop(zt))
    zt.checkpointer.start()
    try:
        yield
    finally:
        task.cancel()
        zt.checkpointer.stop()


def create_app(settings: Settings, *, clock: Clock = utcnow) -> FastAPI:
    application = FastAPI(
        title="政通办公服务器 ZhengTong Office server", version=core.__version__, lifespan=_lifespan
    )
    application.state.zt = Services(settings, clock)
    # The record types (and the workflow rules they import) load with the server, not inside
    # the first sync request (the client imports them lazily to keep its start-up fast).
    all_types()
    application.get("/healthz", tags=["ops"])(_health)
    _auth_routes(application)
    _org_routes(application)
    _admin_routes(application)
    _sync_routes(application)
    _document_sync_request(application)
    _blob_routes(application)
    application.add_exception_handler(PermissionDeniedError, _permission_denied)
    application.add_exception_handler(UserError, _user_error)
    application.add_exception_handler(blobs.BlobError, _blob_error)
    application.add_exception_handler(releases.ClientTooOld, _client_too_old)
    application.add_exception_handler(RequestValidationError, _invalid_request)
    # Innermost of these: it reads the body the body limit has already read and inflated.
    application.add_middleware(NoOpSyncMiddleware, zt=application.state.zt)
    # Added last = outermost: the log sees every answer, including 413s from the body limit.
    application.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    # Level 3: sync pages are large and repetitive; higher levels cost far more CPU per byte saved.
    application.add_middleware(GZipMiddleware, minimum_size=500, compresslevel=3)
    application.add_middleware(AccessLogMiddleware)
    return application


def app_from_env() -> FastAPI:
    """uvicorn factory: ``uvicorn --factory server.app:app_from_env``."""
    application = create_app(Settings.from_env())
    tune_gc()
    return application


def tune_gc() -> None:
    """A sync request of thousands of records allocates hundreds of thousands of objects; at the
    default threshold (700) the cyclic collector runs hundreds of times per request, each time
    walking everything alive again. Objects made at start-up (modules, models, tables) are moved
    out of its view and it runs less often; reference counting still frees almost everything."""
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 10, 10)


GC_THRESHOLD = 20_000
