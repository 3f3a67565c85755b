"""Attachments end to end against a real server process (specs/sync.md §9, faults 18 and 19):
upload before the record, resume after a cut at a random byte (a TCP proxy drops the
connection), dedupe, hash mismatch, size limit, Range download with resume, and a record held
back while its file is still uploading."""

from __future__ import annotations

import hashlib
import os
import random
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from app.errors import UserError
from app.services.doc_files import attachment_limit
from app.services.notices import act_on_notice, create_notice
from app.sync import blobs as client_blobs
from app.sync.attachments import Attachment
from app.sync.blobs import BlobStats, BlobStore
from app.sync.transport import OfflineError
from tests.sync.conftest import fresh_database
from tests.sync.helpers import SERVER_ENV, ServerHandle
from tests.sync_harness import SyncClient, running_server

CHUNK = 64 * 1024
LIMIT = 8 * 1024 * 1024


@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerHandle]:
    """This module's server advertises small chunks, so a file of a few chunks stays quick."""
    url = fresh_database(request, backend)
    data_dir = tmp_path_factory.mktemp(f"blob-server-{backend}")
    env = {**SERVER_ENV, "ZT_BLOB_CHUNK_BYTES": str(CHUNK), "ZT_MAX_ATTACHMENT_BYTES": str(LIMIT)}
    with running_server(data_dir, url, **env) as srv:
        handle = ServerHandle(srv, backend)
        yield handle
        handle.dispose()


class CuttingProxy:
    """A TCP proxy in front of the server that, once armed, closes the connection after a given
    number of further client-to-server bytes (mid-request: the chunk in flight is lost)."""

    def __init__(self, upstream: str) -> None:
        host, port = upstream.removeprefix("http://").split(":")
        self.upstream = (host, int(port))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.lock = threading.Lock()
        self.sent = 0  # client -> server bytes so far
        self.cut_at: int | None = None
        self.cuts = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, after: int) -> None:
        with self.lock:
            self.cut_at = self.sent + after

    def _accept(self) -> None:
        while True:
            try:
                down, _ = self.listener.accept()
            except OSError:
                return
            up = socket.create_connection(self.upstream)
            threading.Thread(target=self._pump, args=(down, up, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(up, down, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, upward: bool) -> None:
        try:
            while data := src.recv(65536):
                if upward:
                    with self.lock:
                        cut = self.cut_at
                        if cut is not None and self.sent + len(data) >= cut:
                            data = data[: cut - self.sent]
                            self.cut_at = None
                            self.cuts += 1
                        else:
                            cut = None
                        self.sent += len(data)
                    if cut is not None:
                        dst.sendall(data)
                        break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def proxy(server: ServerHandle) -> Iterator[CuttingProxy]:
    p = CuttingProxy(server.url)
    yield p
    p.close()


def _file(folder: Path, size: int, name: str = "方案.pdf") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(os.urandom(size))
    return path


def _store(c: SyncClient) -> BlobStore:
    return BlobStore(c.folder, c.sessions)


def _notice(c: SyncClient, refs: list[Attachment], to: list[str], title: str = "附件通知") -> str:
    nid: str = c.do(create_notice, person_id=c.person_id, title=title, recipient_person_ids=to)
    c.do(_update, person_id=c.person_id, notice_id=nid, fields={"attachments": refs})
    c.do(act_on_notice, person_id=c.person_id, notice_id=nid, action="publish")
    return nid


def _update(session: Any, *, person_id: str, notice_id: str, fields: dict[str, Any]) -> None:
    from app.services.notices import update_notice

    update_notice(session, person_id=person_id, notice_id=notice_id, **fields)


def _data(server: ServerHandle, rid: str) -> dict[str, Any]:
    record = server.record(rid)
    assert record is not None and not record[1]
    return record[2]


def _blob_on_server(server: ServerHandle, sha: str) -> bool:
    return bool(server.query("SELECT 1 FROM blobs WHERE sha256 = :s", s=sha))


def test_an_attachment_goes_up_before_its_record_and_another_client_downloads_it(
    server: ServerHandle, make_client: Callable[..., SyncClient], tmp_path: Path
) -> None:
    a, b = make_client("zhanghs"), make_client("liuf")
    source = _file(tmp_path / "files", 5 * CHUNK + 77)
    ref = _store(a).add_file(source)
    assert ref["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert _store(a).path(ref["sha256"]).read_bytes() == source.read_bytes()
    nid = _notice(a, [ref], [b.person_id])
    stats = BlobStats()
    summary = a.sync(blob_stats=stats)
    assert (summary.uploaded, summary.held, summary.rejected) == (1, 0, 0)
    assert (stats.committed, stats.chunks_sent, stats.bytes_resent) == (1, 6, 0)
    assert _blob_on_server(server, ref["sha256"])
    assert _data(server, nid)["attachments"] == [ref]

    b.sync()
    (stored,) = b.rows("SELECT attachments FROM notices WHERE id = :i", i=nid)[0]
    (got,) = orjson.loads(stored)
    down = BlobStats()
    path = _store(b).download(b.transport, got, stats=down, piece=CHUNK)
    assert path.read_bytes() == source.read_bytes() and down.downloaded == ref["size"]
    # Already here: nothing fetched again.
    assert _store(b).download(b.transport, got, stats=down) == path
    assert down.downloaded == ref["size"]


@pytest.mark.parametrize("attempts", [3, 1], ids=["retried-in-sync", "resumed-next-sync"])
def test_an_upload_cut_at_a_random_byte_resumes_resending_at_most_one_chunk(
    server: ServerHandle,
    make_client: Callable[..., SyncClient],
    proxy: CuttingProxy,
    tmp_path: Path,
    attempts: int,
) -> None:
    rng = random.Random(os.urandom(8))
    b = make_client("liuf")
    for round_ in range(3):
        a = SyncClient(tmp_path / f"a{round_}", proxy.url, "zhanghs")
        try:
            a.login()
            a.transport.attempts = attempts
            size = rng.randrange(3 * CHUNK, 8 * CHUNK)
            ref = _store(a).add_file(_file(tmp_path / f"f{round_}", size))
            nid = _notice(a, [ref], [b.person_id])
            proxy.arm(rng.randrange(1, size))
            stats = BlobStats()
            first = a.sync(blob_stats=stats)
            assert proxy.cuts == round_ + 1
            if attempts == 1:
                assert a.pending() >= 1 and first.held >= 1
                # The update naming the file (and the publish after it) are held back.
                assert "attachments" not in _data(server, nid)
                a.sync(blob_stats=stats)
            assert a.pending() == 0
            assert stats.committed + stats.deduped == 1
            assert stats.bytes_resent <= CHUNK, stats
            assert _blob_on_server(server, ref["sha256"])
            assert server.record(nid) is not None
        finally:
            a.close()


def test_a_record_waits_for_its_file_while_other_records_move(
    server: ServerHandle,
    make_client: Callable[..., SyncClient],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b = make_client("zhanghs"), make_client("liuf")
    ref = _store(a).add_file(_file(tmp_path / "files", 2 * CHUNK))
    held = _notice(a, [ref], [b.person_id], title="带附件")
    plain = a.do(create_notice, person_id=a.person_id, title="不带附件")

    def offline(*args: Any, **kwargs: Any) -> bool:
        raise OfflineError("无法连接服务器（测试）")

    monkeypatch.setattr(client_blobs.BlobStore, "_upload", offline)
    summary = a.sync()
    assert summary.held == 2  # the update naming the file, and the publish after it
    assert server.record(plain) is not None
    assert _data(server, held)["state"] == "draft" and "attachments" not in _data(server, held)
    a.do(_update, person_id=a.person_id, notice_id=plain, fields={"body": "之后的修改"})
    a.sync()
    assert _data(server, plain)["body"] == "之后的修改"
    assert "attachments" not in _data(server, held)
    monkeypatch.undo()

    summary = a.sync()
    assert (summary.uploaded, summary.held, summary.rejected) == (1, 0, 0)
    data = _data(server, held)
    assert data["attachments"] == [ref] and data["state"] == "published"
    assert a.pending() == 0
    b.sync()
    assert b.rows("SELECT state FROM notices WHERE id = :i", i=held) == [("published",)]


def test_the_same_file_is_uploaded_once(
    server: ServerHandle, make_client: Callable[..., SyncClient], tmp_path: Path
) -> None:
    a = make_client("zhanghs")
    source = _file(tmp_path / "files", CHUNK + 5)
    ref = _store(a).add_file(source)
    assert _store(a).add_file(source, name="另存.pdf")["sha256"] == ref["sha256"]
    _notice(a, [ref], [a.person_id])
    assert a.sync().rejected == 0
    # The same person on a second computer: the server has it, nothing is sent.
    other = make_client("zhanghs")
    ref2 = _store(other).add_file(source)
    _notice(other, [ref2], [a.person_id])
    stats = BlobStats()
    assert other.sync(blob_stats=stats).rejected == 0
    assert (stats.deduped, stats.bytes_sent, stats.chunks_sent) == (1, 0, 0)


def test_a_damaged_local_file_is_refused_and_its_record_kept_back(
    server: ServerHandle, make_client: Callable[..., SyncClient], tmp_path: Path
) -> None:
    a = make_client("zhanghs")
    ref = _store(a).add_file(_file(tmp_path / "files", CHUNK + 9))
    stored = _store(a).path(ref["sha256"])
    damaged = bytearray(stored.read_bytes())
    damaged[100] ^= 0xFF
    stored.write_bytes(bytes(damaged))
    nid = _notice(a, [ref], [a.person_id])
    summary = a.sync()
    assert summary.held == 2 and summary.uploaded == 0
    assert not _blob_on_server(server, ref["sha256"])
    assert "attachments" not in _data(server, nid)
    (state, error), *_ = a.rows("SELECT state, error FROM blobs WHERE sha256 = :s", s=ref["sha256"])
    assert state == "broken" and "已损坏" in error
    assert a.sync().held == 2  # not retried while broken, not sent either


def test_files_over_the_limit_are_refused(
    make_client: Callable[..., SyncClient], tmp_path: Path
) -> None:
    a = make_client("zhanghs", login=False)
    big = _file(tmp_path / "files", 3000)
    with pytest.raises(UserError, match=r"附件过大：最大"):
        BlobStore(a.folder, a.sessions, max_bytes=2048).add_file(big)
    assert not list((a.folder / "blobs").glob("*/*"))


def test_the_client_takes_the_limit_its_server_gives_at_login(
    make_client: Callable[..., SyncClient],
) -> None:
    a = make_client("zhanghs")
    with a.sessions() as session:
        assert attachment_limit(session) == LIMIT  # not the built-in 100 MB


def test_a_download_resumes_from_its_part_file_and_checks_the_hash(
    server: ServerHandle, make_client: Callable[..., SyncClient], tmp_path: Path
) -> None:
    a, b = make_client("zhanghs"), make_client("liuf")
    source = _file(tmp_path / "files", 3 * CHUNK + 1)
    data = source.read_bytes()
    ref = _store(a).add_file(source)
    _notice(a, [ref], [b.person_id])
    a.sync()
    b.sync()
    store = _store(b)
    part = store.path(ref["sha256"]).with_name(ref["sha256"] + ".part")
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(data[:1000])  # an earlier download, cut short
    stats = BlobStats()
    assert store.download(b.transport, ref, stats=stats, piece=CHUNK).read_bytes() == data
    assert stats.downloaded == len(data) - 1000 and not part.exists()

    c = make_client("liuf")
    part = _store(c).path(ref["sha256"]).with_name(ref["sha256"] + ".part")
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(b"\0" * 1000)  # a damaged partial download
    with pytest.raises(UserError, match="校验失败"):
        _store(c).download(c.transport, ref)
    assert not part.exists() and not _store(c).has(ref["sha256"])
    assert _store(c).download(c.transport, ref).read_bytes() == data  # a fresh try works

    outsider = make_client("maxd")
    with pytest.raises(UserError, match="附件不存在或无权查看"):
        _store(outsider).download(outsider.transport, ref)
