"""ASGI middleware: request body cap with gzip request inflation, and one JSON log line per request.

requests does not compress uploads itself, so the client gzips sync batches; the cap applies to
the bytes received AND to the inflated size, so a small gzip bomb cannot fill the server's memory.
"""

from __future__ import annotations

import json
import logging
import time
import zlib

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("zhengtong.server.access")


class BodyTooLarge(Exception):
    pass


class BadBody(Exception):
    def __init__(self, detail: str, status: int = 400) -> None:
        super().__init__(detail)
        self.status = status


class Disconnected(Exception):
    pass


def inflate_gzip(raw: bytes, limit: int) -> bytes:
    """Inflate a gzip body to at most ``limit`` bytes; BodyTooLarge past it, BadBody if damaged."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(raw, limit + 1)
        if len(out) > limit:
            raise BodyTooLarge
        out += inflater.flush()
    except zlib.error:
        raise BadBody("gzip 请求体已损坏，无法解压") from None
    if len(out) > limit:
        raise BodyTooLarge
    if not inflater.eof:
        raise BadBody("gzip 请求体不完整（传输中被截断），请重试")
    if inflater.unused_data:
        raise BadBody("gzip 请求体后有多余数据")
    return out


def replaying(first: Message, receive: Receive) -> Receive:
    """A ``receive`` that gives ``first`` (a message already read) again, then what ``receive``
    gives."""
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return first
        return await receive()

    return replay


class BodyLimitMiddleware:
    """Reads the whole request body (at most ``max_bytes``), inflating ``Content-Encoding: gzip``,
    and hands the app a plain body with a true Content-Length."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> JSONResponse:
        mib = self.max_bytes / (1024 * 1024)
        return JSONResponse(
            {"detail": f"请求内容过大，超过服务器允许的 {mib:g} MB，请分批提交"}, status_code=413
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            body = await self._read_body(scope, receive)
        except Disconnected:
            return
        except BodyTooLarge:
            await self._too_large()(scope, receive, send)
            return
        except BadBody as exc:
            await JSONResponse({"detail": str(exc)}, exc.status)(scope, receive, send)
            return
        raw_headers = [
            (k, v) for k, v in scope["headers"] if k not in (b"content-length", b"content-encoding")
        ]
        raw_headers.append((b"content-length", str(len(body)).encode()))
        whole: Message = {"type": "http.request", "body": body, "more_body": False}
        await self.app({**scope, "headers": raw_headers}, replaying(whole, receive), send)

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes:
        """The plain (inflated) body; raises BodyTooLarge, BadBody or Disconnected."""
        headers = Headers(scope=scope)
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                raise BadBody("Content-Length 无效")
            if int(declared) > self.max_bytes:
                raise BodyTooLarge
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "gzip"):
            raise BadBody(f"不支持的请求内容编码“{encoding}”（仅支持 gzip）", 415)
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise Disconnected
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:  # a lying Content-Length or an unbounded chunked body
                raise BodyTooLarge
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        return inflate_gzip(body, self.max_bytes) if encoding == "gzip" else body


class AccessLogMiddleware:
    """One JSON line per request: method, path, status, ms and the person when authenticated."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            record = {
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "ms": round((time.perf_counter() - start) * 1000, 1),
                "person": state.get("person_id"),
            }
            access_log.info(json.dumps(record, ensure_ascii=False))
