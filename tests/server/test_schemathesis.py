"""Property-based API testing: schemathesis generates requests from /openapi.json of the
in-process app and every answer must be something other than a server error (no 5xx).

Requests carry a valid bearer token of the 系统管理员 (so admin and sync endpoints are reached
past authentication). A fresh token is issued per example: a generated logout must not leave
the rest unauthenticated. Budget: a fixed, derandomized number of examples per operation.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from app.services.demo import DEMO_PASSWORD
from server.app import create_app
from server.config import DB_FILE
from tests.server.conftest import FakeClock, make_settings


class _Target:
    """An ASGI app that forwards to the real one, set by the ``api_app`` fixture. At import
    time (when schemathesis reads /openapi.json) it forwards to an app with the same routes
    whose database is never touched."""

    def __init__(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="zt-openapi-"))
        self.app: FastAPI = create_app(make_settings(folder))

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


TARGET = _Target()
schema = schemathesis.openapi.from_asgi("/openapi.json", TARGET)


@pytest.fixture(scope="module")
def api_app(demo_server_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    data_dir = tmp_path_factory.mktemp("schemathesis")
    shutil.copy(demo_server_db, data_dir / DB_FILE)
    spec_only = TARGET.app
    app = create_app(make_settings(data_dir), clock=FakeClock())
    TARGET.app = app
    yield app
    TARGET.app = spec_only
    app.state.zt.engine.dispose()


@pytest.fixture(scope="module")
def http(api_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(api_app) as client:
        yield client


def _token(http: TestClient) -> str:
    r = http.post(
        "/api/v1/auth/login",
        json={
            "username": "wul",
            "password": DEMO_PASSWORD,
            "device_id": str(uuid.uuid4()),
            "device_name": "schemathesis",
        },
    )
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors(case: Any, http: TestClient) -> None:
    headers = {"Authorization": f"Bearer {_token(http)}"}
    response = case.call(headers=headers)
    case.validate_response(response, checks=[not_a_server_error])


# The generated sync bodies mostly carry protocol numbers the server refuses whole (426), so the
# merge path gets its own generator: valid envelopes around arbitrary mutations.
_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
_fields = st.dictionaries(
    st.sampled_from(
        [
            "title",
            "body",
            "urgency",
            "recipient_unit_ids",
            "recipient_person_ids",
            "state",
            "record_id",
            "record_type",
            "text",
            "resolved",
            "attachments",
            "name",
            "x",
        ]
    ),
    _json,
    max_size=4,
)
_mutation = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["notice", "opinion", "conflict", "unit", "person", "memo"]),
        "record_id": st.sampled_from(["r1", "r2", "r3"]) | st.uuids().map(str),
        "op": st.sampled_from(["create", "update", "delete", "act"]),
        "fields": _fields,
        "base": st.integers(min_value=0, max_value=5),
        "action": st.none() | st.sampled_from(["submit", "approve", "return", "publish", "x"]),
    }
)


@given(
    mutations=st.lists(_mutation, max_size=6),
    cursor=st.integers(min_value=0, max_value=10**6),
    epoch=st.none() | st.text(max_size=10),
    prev=st.integers(min_value=0, max_value=3),
)
@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_sync_mutations_never_5xx(
    http: TestClient, mutations: list[dict[str, Any]], cursor: int, epoch: str | None, prev: int
) -> None:
    headers = {"Authorization": f"Bearer {_token(http)}"}
    body = {
        "protocol": 1,
        "schema_version": 1,
        "epoch": epoch,
        "cursor": cursor,
        "prev_mutation_id": prev,
        "mutations": [{**m, "id": i + 1} for i, m in enumerate(mutations)],
    }
    r = http.post("/api/v1/sync", json=body, headers=headers)
    assert r.status_code < 500, r.text
    if r.status_code == 200:
        reply = r.json()
        assert len(reply["results"]) == len(mutations)
