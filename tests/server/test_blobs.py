"""Attachments on the server: chunked resumable uploads, dedupe, verification, limits, Range
reads and who may read a blob (server/blobs.py; specs/sync.md §9, fault 18)."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.blobs import blob_path, part_path
from server.config import Settings
from tests.server.conftest import FakeClock, bearer, login

UPLOADS = "/api/v1/blobs/uploads"
CHUNK = 4096


@pytest.fixture
def small(settings: Settings, clock: FakeClock) -> Iterator[TestClient]:
    """A server with a small chunk size and a 64 KiB attachment limit."""
    app = create_app(
        replace(settings, blob_chunk_bytes=CHUNK, max_attachment_bytes=64 * 1024), clock=clock
    )
    with TestClient(app) as c:
        yield c
    app.state.zt.engine.dispose()


def _create(c: TestClient, h: dict[str, str], data: bytes, name: str = "方案.pdf") -> Any:
    body = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "name": name}
    return c.post(UPLOADS, json=body, headers=h)


def _put(c: TestClient, h: dict[str, str], upload_id: str, offset: int, data: bytes) -> Any:
    headers = {**h, "Upload-Offset": str(offset), "Content-Type": "application/octet-stream"}
    return c.put(f"{UPLOADS}/{upload_id}", content=data, headers=headers)


def _upload(c: TestClient, h: dict[str, str], data: bytes) -> str:
    r = _create(c, h, data)
    if r.status_code == 200:
        assert r.json()["exists"] is True
        return hashlib.sha256(data).hexdigest()
    assert r.status_code == 201, r.text
    upload_id, chunk = r.json()["upload_id"], r.json()["chunk_size"]
    for offset in range(0, len(data), chunk):
        assert _put(c, h, upload_id, offset, data[offset : offset + chunk]).status_code == 200
    r = c.post(f"{UPLOADS}/{upload_id}/complete", headers=h)
    assert r.status_code == 200, r.text
    return str(r.json()["sha256"])


def test_chunked_upload_is_committed_and_read_back_with_ranges(
    small: TestClient, settings: Settings
) -> None:
    h = bearer(login(small))
    data = os.urandom(3 * CHUNK + 123)
    r = _create(small, h, data)
    assert r.status_code == 201
    assert r.json()["offset"] == 0 and r.json()["chunk_size"] == CHUNK
    upload_id = r.json()["upload_id"]
    assert _put(small, h, upload_id, 0, data[:CHUNK]).json()["offset"] == CHUNK
    # A resumed client asks where to continue.
    assert small.get(f"{UPLOADS}/{upload_id}", headers=h).json()["offset"] == CHUNK
    # A stale offset (a retried chunk whose reply was lost) is refused with the true one.
    r = _put(small, h, upload_id, 0, data[:CHUNK])
    assert r.status_code == 409 and r.json()["offset"] == CHUNK
    # Completing early is refused; nothing is lost.
    assert small.post(f"{UPLOADS}/{upload_id}/complete", headers=h).status_code == 409
    for offset in range(CHUNK, len(data), CHUNK):
        assert _put(small, h, upload_id, offset, data[offset : offset + CHUNK]).status_code == 200
    # Bytes past the declared size are refused.
    assert _put(small, h, upload_id, len(data), b"x").status_code == 400
    r = small.post(f"{UPLOADS}/{upload_id}/complete", headers=h)
    sha = hashlib.sha256(data).hexdigest()
    assert r.status_code == 200 and r.json() == {"sha256": sha, "size": len(data)}
    stored = blob_path(settings.data_dir, sha)
    assert stored.read_bytes() == data and stored.parent.name == sha[:2]
    assert not part_path(settings.data_dir, upload_id).exists()
    assert small.get(f"{UPLOADS}/{upload_id}", headers=h).status_code == 404

    whole = small.get(f"/api/v1/blobs/{sha}", headers=h)
    assert whole.status_code == 200 and whole.content == data
    assert whole.headers["accept-ranges"] == "bytes"
    part = small.get(f"/api/v1/blobs/{sha}", headers={**h, "Range": "bytes=100-4195"})
    assert part.status_code == 206 and part.content == data[100:4196]
    assert part.headers["content-range"] == f"bytes 100-4195/{len(data)}"
    tail = small.get(f"/api/v1/blobs/{sha}", headers={**h, "Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == data[-10:]
    open_end = small.get(f"/api/v1/blobs/{sha}", headers={**h, "Range": "bytes=12000-"})
    assert open_end.content == data[12000:]
    for bad in (f"bytes={len(data)}-", "bytes=9-3", "bytes=abc", "items=0-1"):
        r = small.get(f"/api/v1/blobs/{sha}", headers={**h, "Range": bad})
        assert r.status_code == 416, bad
        assert r.headers["content-range"] == f"bytes */{len(data)}"


def test_the_same_file_is_not_sent_twice(small: TestClient, settings: Settings) -> None:
    h = bearer(login(small))
    data = os.urandom(CHUNK * 2)
    sha = _upload(small, h, data)
    r = _create(small, h, data, name="另一个名字.pdf")
    assert r.status_code == 200 and r.json() == {"exists": True, "sha256": sha, "size": len(data)}
    # Another device of the same person: also nothing to send.
    h2 = bearer(login(small, device_id=str(uuid.uuid4())))
    assert _create(small, h2, data).status_code == 200


def test_an_unfinished_upload_is_resumed_not_restarted(small: TestClient) -> None:
    h = bearer(login(small))
    data = os.urandom(CHUNK * 3)
    first = _create(small, h, data).json()
    _put(small, h, first["upload_id"], 0, data[:CHUNK])
    again = _create(small, h, data).json()  # the client lost its upload id
    assert again["upload_id"] == first["upload_id"] and again["offset"] == CHUNK


def test_a_hash_mismatch_is_refused_and_the_upload_discarded(
    small: TestClient, settings: Settings
) -> None:
    h = bearer(login(small))
    data = os.urandom(CHUNK + 10)
    upload_id = _create(small, h, data).json()["upload_id"]
    damaged = data[:-1] + bytes([data[-1] ^ 0xFF])
    _put(small, h, upload_id, 0, damaged[:CHUNK])
    _put(small, h, upload_id, CHUNK, damaged[CHUNK:])
    r = small.post(f"{UPLOADS}/{upload_id}/complete", headers=h)
    assert r.status_code == 422 and "附件校验失败" in r.json()["detail"]
    assert small.get(f"{UPLOADS}/{upload_id}", headers=h).status_code == 404
    assert not part_path(settings.data_dir, upload_id).exists()
    sha = hashlib.sha256(data).hexdigest()
    assert not blob_path(settings.data_dir, sha).exists()
    assert small.get(f"/api/v1/blobs/{sha}", headers=h).status_code == 404


def test_oversize_is_refused_with_the_limit_named(client: TestClient, small: TestClient) -> None:
    h = bearer(login(client))
    body = {"sha256": "ab" * 32, "size": 100 * 1024 * 1024 + 1, "name": "录像.mp4"}
    r = client.post(UPLOADS, json=body, headers=h)
    assert r.status_code == 413 and r.json()["detail"] == "附件过大：最大 100 MB"
    r = small.post(UPLOADS, json={**body, "size": 64 * 1024 + 1}, headers=bearer(login(small)))
    assert r.status_code == 413 and r.json()["detail"] == "附件过大：最大 0.0625 MB"
    bad = client.post(UPLOADS, json={**body, "sha256": "xyz", "size": 1}, headers=h)
    assert bad.status_code == 400


def test_uploads_belong_to_their_person(small: TestClient) -> None:
    h = bearer(login(small))
    other = bearer(login(small, "liuf"))
    upload_id = _create(small, h, os.urandom(100)).json()["upload_id"]
    assert small.get(f"{UPLOADS}/{upload_id}", headers=other).status_code == 404
    assert _put(small, other, upload_id, 0, b"x").status_code == 404


def _people(c: TestClient, h: dict[str, str]) -> dict[str, str]:
    return {p["username"]: p["id"] for p in c.get("/api/v1/org", headers=h).json()["people"]}


def _sync(c: TestClient, h: dict[str, str], mutations: list[dict[str, Any]]) -> Any:
    body = {"protocol": 1, "schema_version": 1, "mutations": mutations}
    r = c.post("/api/v1/sync", json=body, headers=h)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_blob_is_read_by_its_uploader_and_whoever_sees_a_record_naming_it(
    small: TestClient,
) -> None:
    sender = bearer(login(small))
    reader, outsider = bearer(login(small, "liuf")), bearer(login(small, "maxd"))
    people = _people(small, sender)
    data = os.urandom(CHUNK + 1)
    sha = _upload(small, sender, data)
    url = f"/api/v1/blobs/{sha}"
    assert small.get(url, headers=reader).status_code == 404
    # Knowing the hash is not enough: "exists" is only for those who may read it already.
    assert _create(small, outsider, data).status_code == 201

    notice = str(uuid.uuid4())
    ref = {"sha256": sha, "name": "方案.pdf", "size": len(data)}
    fields = {"title": "关于附件的通知", "recipient_person_ids": [people["liuf"]]}
    reply = _sync(
        small,
        sender,
        [
            {"id": 1, "type": "notice", "record_id": notice, "op": "create",
             "fields": {**fields, "attachments": [ref]}},
            {"id": 2, "type": "notice", "record_id": notice, "op": "act", "action": "publish"},
        ],
    )  # fmt: skip
    assert [r["status"] for r in reply["results"]] == ["applied", "merged"]
    got = small.get(url, headers=reader)
    assert got.status_code == 200 and got.content == data
    assert small.get(url, headers=outsider).status_code == 404
    assert _create(small, reader, data).json()["exists"] is True


def test_a_record_naming_an_unknown_or_foreign_blob_is_rejected(small: TestClient) -> None:
    sender = bearer(login(small))
    other = bearer(login(small, "liuf"))
    foreign = _upload(small, other, os.urandom(500))
    missing = hashlib.sha256(b"never uploaded").hexdigest()
    mutations = [
        {"id": i + 1, "type": "notice", "record_id": str(uuid.uuid4()), "op": "create",
         "fields": {"title": "附件", "attachments": [{"sha256": sha, "name": "a.doc", "size": 1}]}}
        for i, sha in enumerate((missing, foreign))
    ]  # fmt: skip
    mutations.append(
        {"id": 3, "type": "notice", "record_id": str(uuid.uuid4()), "op": "create",
         "fields": {"title": "格式错误", "attachments": [{"sha256": "zz", "name": "", "size": -1}]}}
    )  # fmt: skip
    results = _sync(small, sender, mutations)["results"]
    assert [r["status"] for r in results] == ["rejected"] * 3
    assert "尚未上传到服务器" in results[0]["error"] and "a.doc" in results[0]["error"]
    assert "尚未上传到服务器" in results[1]["error"]
    assert "sha256" in results[2]["error"]


def test_the_chunk_size_stays_under_the_body_limit(settings: Settings, clock: FakeClock) -> None:
    app = create_app(replace(settings, max_body_bytes=8192, blob_chunk_bytes=65536), clock=clock)
    with TestClient(app) as c:
        r = _create(c, bearer(login(c)), os.urandom(10))
        assert r.json()["chunk_size"] == 4096
    app.state.zt.engine.dispose()
