"""Helpers for the sync tests: the server's database seen from the test, a fault-injecting
transport adapter, and short ways to read a client's state."""

from __future__ import annotations

import gzip
import io
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
import requests
import urllib3
from requests.adapters import HTTPAdapter
from sqlalchemy import Engine, text

from app.db.engine import transaction
from app.services.demo import DEMO_PASSWORD
from app.services.notices import create_notice
from app.services.workbench import get_meta
from server import db
from tests.sync_harness import Server, SyncClient

# Every module server: a small body cap so the 413 path of a large backlog is real.
SERVER_ENV = {"ZT_MAX_BODY_BYTES": str(1024 * 1024)}
SYNC_PATH = "/api/v1/sync"


@dataclass
class ServerHandle:
    """A running server process plus direct read access to its database."""

    srv: Server
    backend: str
    _engine: Engine | None = None

    @property
    def url(self) -> str:
        return self.srv.url

    @property
    def database_url(self) -> str:
        return (
            self.srv.env.get("ZT_DATABASE_URL") or f"sqlite:///{self.srv.data_dir}/server.sqlite3"
        )

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = db.make_engine(self.database_url)
        return self._engine

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def query(self, sql: str, **params: Any) -> list[Any]:
        with transaction(db.make_sessionmaker(self.engine)) as session:
            result = session.execute(text(sql), params)
            return list(result.all()) if result.returns_rows else []

    def record(self, rid: str) -> tuple[int, bool, dict[str, Any]] | None:
        rows = self.query("SELECT version, deleted, data FROM sync_records WHERE id = :i", i=rid)
        if not rows:
            return None
        version, deleted, data = rows[0]
        return int(version), bool(deleted), orjson.loads(data)

    def conflicts_for(self, rid: str) -> list[dict[str, Any]]:
        rows = self.query("SELECT data FROM sync_records WHERE type = 'conflict'")
        out = [orjson.loads(d) for (d,) in rows]
        return [d for d in out if d["record_id"] == rid]

    def opinions_for(self, rid: str) -> list[dict[str, Any]]:
        rows = self.query("SELECT data FROM sync_records WHERE type = 'opinion'")
        return [d for d in (orjson.loads(r) for (r,) in rows) if d["record_id"] == rid]

    def last_mutation_id(self, device_id: str) -> int:
        rows = self.query(
            "SELECT last_mutation_id FROM sync_clients WHERE device_id = :d", d=device_id
        )
        return int(rows[0][0]) if rows else 0

    def admin(self, *args: str) -> str:
        return self.srv.admin(*args)

    def api_login(self, username: str) -> requests.Session:
        """An HTTP session signed in as ``username`` (for the admin API)."""
        import uuid

        http = requests.Session()
        r = http.post(
            f"{self.url}/api/v1/auth/login",
            json={
                "username": username,
                "password": DEMO_PASSWORD,
                "device_id": str(uuid.uuid4()),
                "device_name": "测试管理端",
            },
            timeout=30,
        )
        assert r.status_code == 200, r.text
        http.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        return http

    def new_person(self, unit_code: str, roles: list[str], name: str = "测试人员") -> str:
        """A fresh person made through the admin API (by 吴磊, the sysadmin); their username."""
        import uuid

        username = f"t{uuid.uuid4().hex[:10]}"
        r = self.api_login("wul").post(
            f"{self.url}/api/v1/admin/people",
            json={
                "unit_id": self.unit_id(unit_code),
                "username": username,
                "name": name,
                "password": DEMO_PASSWORD,
                "roles": roles,
            },
            timeout=30,
        )
        assert r.status_code == 201, r.text
        return username

    def set_roles(self, username: str, roles: list[str]) -> None:
        r = self.api_login("wul").put(
            f"{self.url}/api/v1/admin/people/{self.person_id(username)}/roles",
            json={"roles": [{"role": role} for role in roles]},
            timeout=30,
        )
        assert r.status_code == 200, r.text

    def person_id(self, username: str) -> str:
        return str(self.query("SELECT id FROM people WHERE username = :u", u=username)[0][0])

    def unit_id(self, code_prefix: str) -> str:
        return str(self.query("SELECT id FROM units WHERE code_prefix = :c", c=code_prefix)[0][0])


# --- a transport that misbehaves on purpose --------------------------------------------------

Fault = str | Callable[[requests.PreparedRequest], None]


def _raw(body: bytes, headers: dict[str, str], status: int) -> urllib3.HTTPResponse:
    return urllib3.HTTPResponse(
        body=io.BytesIO(body),
        headers=headers,
        status=status,
        preload_content=False,
        decode_content=True,
        enforce_content_length=True,
    )


class FaultAdapter(HTTPAdapter):
    """Applies one planned fault to each of the next sync requests, then behaves.

    drop      forward, then lose the reply (ConnectionError)
    timeout   forward, then time out reading the reply
    refuse    do not forward: the server is unreachable
    html502   do not forward: a proxy's HTML 502 page
    html200   forward, then answer with a captive portal's HTML page
    cut       forward, then deliver the body cut in half (Content-Length kept)
    cutgzip   forward, then deliver half the gzip stream with a matching Content-Length
    cutjson   forward, then deliver the decoded JSON cut short with a matching length
    dup       send the request twice at once; answer with the later reply
    slow      forward after 0.3 s
    callable  call it with the request, then forward
    """

    def __init__(self, plan: list[Fault] | None = None) -> None:
        super().__init__()
        self.plan: list[Fault] = list(plan or [])
        self.seen: list[str] = []
        self.forwarded = 0

    def _forward(self, request: requests.PreparedRequest, **kw: Any) -> requests.Response:
        self.forwarded += 1
        return super().send(request, **kw)

    def send(  # type: ignore[override]  # noqa: PLR0911
        self, request: requests.PreparedRequest, **kw: Any
    ) -> requests.Response:
        if not (request.url or "").endswith(SYNC_PATH) or not self.plan:
            return super().send(request, **kw)
        fault = self.plan.pop(0)
        self.seen.append(fault if isinstance(fault, str) else "hook")
        if callable(fault):
            fault(request)
            return self._forward(request, **kw)
        if fault == "refuse":
            raise requests.ConnectionError("connection refused (injected)")
        if fault == "html502":
            page = b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"
            headers = {"Content-Type": "text/html", "Content-Length": str(len(page))}
            return self.build_response(request, _raw(page, headers, 502))
        if fault == "slow":
            time.sleep(0.3)
            return self._forward(request, **kw)
        if fault == "dup":
            return self._dup(request, **kw)
        kw["stream"] = True
        resp = self._forward(request, **kw)
        if fault == "drop":
            resp.close()
            raise requests.ConnectionError("connection reset after the request (injected)")
        if fault == "timeout":
            resp.close()
            raise requests.ReadTimeout("read timed out (injected)")
        raw_body = resp.raw.read(decode_content=False)
        headers = dict(resp.raw.headers)
        status = resp.status_code
        resp.close()
        if fault == "html200":
            page = "<html><body>请先登录上网认证页面</body></html>".encode()
            headers = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(page))}
            return self.build_response(request, _raw(page, headers, 200))
        if fault == "cut":
            return self.build_response(
                request, _raw(raw_body[: len(raw_body) // 2], headers, status)
            )
        if fault == "cutgzip":
            assert headers.get("content-encoding") == "gzip", headers
            part = raw_body[: len(raw_body) // 2]
            headers["content-length"] = str(len(part))
            return self.build_response(request, _raw(part, headers, status))
        return self._cut(request, fault, raw_body, headers, status)

    def _cut(
        self,
        request: requests.PreparedRequest,
        fault: str,
        raw_body: bytes,
        headers: dict[str, str],
        status: int,
    ) -> requests.Response:
        body = gzip.decompress(raw_body) if headers.get("content-encoding") == "gzip" else raw_body
        part = body[: len(body) * 2 // 3]
        if fault == "cutjson":  # ends inside a value
            part = part.rstrip(b"}]")
        elif fault == "cutbrace":  # ends right after a record: looks complete to a brace check
            part = part[: part.rfind(b"}") + 1] or part.rstrip(b"}]")
        else:
            raise AssertionError(f"unknown fault {fault}")
        headers.pop("content-encoding", None)
        headers["content-length"] = str(len(part))
        return self.build_response(request, _raw(part, headers, status))

    def _dup(self, request: requests.PreparedRequest, **kw: Any) -> requests.Response:
        out: list[requests.Response] = []
        lock = threading.Lock()
        barrier = threading.Barrier(2)

        def one() -> None:
            barrier.wait()
            resp = self._forward(request.copy(), **kw)
            _ = resp.content
            with lock:
                out.append(resp)

        threads = [threading.Thread(target=one) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(out) == 2
        assert out[0].status_code == out[1].status_code, [r.text for r in out]
        return out[1]


def inject(c: SyncClient, plan: list[Fault] | None = None) -> FaultAdapter:
    adapter = FaultAdapter(plan)
    c.transport.http.mount("http://", adapter)
    return adapter


# --- client state ----------------------------------------------------------------------------


def meta(c: SyncClient, key: str) -> str | None:
    with c.sessions() as session:
        return get_meta(session, key)


def notice(c: SyncClient, rid: str) -> dict[str, Any] | None:
    rows = c.rows(
        "SELECT title, body, urgency, state FROM notices WHERE id = :i",
        i=rid,
    )
    if not rows:
        return None
    title, body, urgency, state = rows[0]
    return {"title": title, "body": body, "urgency": urgency, "state": state}


def notice_ids(c: SyncClient) -> set[str]:
    return {r[0] for r in c.rows("SELECT id FROM notices")}


def new_notice(c: SyncClient, title: str, **kw: Any) -> str:
    rid: str = c.do(create_notice, person_id=c.person_id, title=title, **kw)
    return rid


@dataclass
class Clock:
    """A monotonic stopwatch for the run-time checks of the tests themselves."""

    start: float = field(default_factory=time.monotonic)

    def elapsed(self) -> float:
        return time.monotonic() - self.start


# --- what a person should hold ----------------------------------------------------------------


def visible(server: ServerHandle, username: str) -> dict[str, tuple[str, int, dict[str, Any]]]:
    """Live records the server would send ``username`` now: id -> (type, version, data)."""
    from server import services
    from server.auth import Caller
    from server.sync import actor_for

    with transaction(db.make_sessionmaker(server.engine)) as session:
        pid = server.person_id(username)
        caller = Caller(pid, "-", tuple(services.role_grants(session, person_id=pid)))
        keys = sorted(actor_for(session, caller).keys)
        params = {f"k{i}": k for i, k in enumerate(keys)}
        rows = session.execute(
            text(
                "SELECT r.id, r.type, r.version, r.data FROM sync_records r WHERE NOT r.deleted "
                "AND EXISTS (SELECT 1 FROM sync_scopes s WHERE s.record_id = r.id AND s.key IN "
                f"({', '.join(':' + k for k in params)}))"
            ),
            params,
        ).all()
    return {rid: (rtype, int(v), orjson.loads(d)) for rid, rtype, v, d in rows}


def held(c: SyncClient) -> dict[str, tuple[str, int, dict[str, Any]]]:
    """The server state this replica holds (its shadows): id -> (type, version, data)."""
    rows = c.rows("SELECT id, type, version, data FROM sync_shadow")
    return {rid: (rtype, int(v), orjson.loads(d)) for rid, rtype, v, d in rows}


def assert_replica_matches(server: ServerHandle, c: SyncClient, username: str) -> None:
    """After quiescence: the replica holds exactly what the server shows this person, and the
    typed tables agree with it (no pending local edits may remain)."""
    assert c.pending() == 0
    want = visible(server, username)
    have = held(c)
    missing = sorted(set(want) - set(have))
    extra = sorted(set(have) - set(want))
    assert not missing and not extra, (username, missing[:5], extra[:5])
    stale = [rid for rid in want if want[rid][1] != have[rid][1] or want[rid][2] != have[rid][2]]
    assert not stale, (username, stale[:5])
    notices = {r[0]: r for r in c.rows("SELECT id, title, body, urgency, state FROM notices")}
    want_notices = {rid for rid, (t, _, _) in want.items() if t == "notice"}
    assert set(notices) == want_notices, (
        username,
        sorted(set(notices) - want_notices),
        sorted(want_notices - set(notices)),
    )
    for rid, (rtype, _, data) in want.items():
        if rtype == "notice":
            row = notices[rid]
            assert (row[1], row[2], row[3], row[4]) == (
                data["title"],
                data.get("body"),
                data.get("urgency"),
                data["state"],
            ), rid
    opinions = {r[0] for r in c.rows("SELECT id FROM opinions")}
    assert opinions == {rid for rid, (t, _, _) in want.items() if t == "opinion"}
