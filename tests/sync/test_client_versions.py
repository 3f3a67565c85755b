"""Client upgrades end to end against a real server process: the announcement is kept in the
profile, a client below ZT_CLIENT_MIN_VERSION is refused (login, sync, attachments) with the
version to install and where, keeps its outbox and files, and sends them once "upgraded"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import app
from app.errors import UserError
from app.services.notices import create_notice
from app.sync.blobs import BlobStore
from app.versions import Announcement, Need, stored, upgrade_status
from tests.sync.helpers import ServerHandle
from tests.sync_harness import SyncClient, running_server

URL = "https://oa.tashan.gov.cn/download/zhengtong-0.3.0.exe"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    env = {
        "ZT_CLIENT_LATEST_VERSION": "0.3.0",
        "ZT_CLIENT_DOWNLOAD_URL": URL,
        "ZT_CLIENT_MIN_VERSION": "0.2.0",
    }
    with running_server(tmp_path_factory.mktemp("release-server"), **env) as srv:
        handle = ServerHandle(srv, "sqlite")
        yield handle
        handle.dispose()


@pytest.fixture
def client(server: ServerHandle, tmp_path: Path) -> Iterator[SyncClient]:
    c = SyncClient(tmp_path / "zhanghs", server.url, "zhanghs")
    yield c
    c.close()


def _announcement(c: SyncClient) -> Announcement | None:
    with c.sessions() as session:
        return stored(session)


def _on_server(server: ServerHandle, rid: str) -> bool:
    return server.record(rid) is not None


def test_a_too_old_client_keeps_its_work_and_sends_it_after_upgrading(
    server: ServerHandle, client: SyncClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app, "__version__", "0.2.0")
    client.login()
    ann = _announcement(client)
    assert ann == Announcement("0.3.0", URL, "0.2.0")
    assert upgrade_status("0.2.0", ann).need is Need.AVAILABLE

    # Work done offline, with a file, then the client is found too old (the admin raised the
    # minimum; here the client pretends to be an older build).
    source = tmp_path / "方案.pdf"
    source.write_bytes(b"%PDF-1.4 plan " * 200)
    ref = BlobStore(client.folder, client.sessions).add_file(source)
    rid: str = client.do(
        create_notice, person_id=client.person_id, title="关于升级的通知", attachments=[ref]
    )
    draft: str = client.do(create_notice, person_id=client.person_id, title="草稿")
    pending = client.pending()
    assert pending >= 2
    monkeypatch.setattr(app, "__version__", "0.1.0")
    with pytest.raises(UserError) as refused:
        client.sync()
    assert str(refused.value) == (f"当前版本 0.1.0 过旧，请升级到 0.2.0 或更高版本后再同步：{URL}")
    assert client.pending() == pending
    assert not _on_server(server, rid) and not _on_server(server, draft)
    assert not server.query("SELECT 1 FROM blobs WHERE sha256 = :s", s=ref["sha256"])
    assert client.rows("SELECT title FROM notices WHERE id = :i", i=draft) == [("草稿",)]
    status = upgrade_status("0.1.0", _announcement(client))
    assert (status.need, status.latest, status.url) == (Need.REQUIRED, "0.3.0", URL)

    monkeypatch.setattr(app, "__version__", "0.3.0")
    summary = client.sync()
    assert summary.uploaded == 1 and summary.rejected == 0
    assert client.pending() == 0
    assert _on_server(server, rid) and _on_server(server, draft)
    assert upgrade_status("0.3.0", _announcement(client)).need is Need.NONE


def test_a_too_old_client_cannot_log_in_and_learns_where_to_upgrade(
    client: SyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app, "__version__", "0.1.5")
    with pytest.raises(
        UserError, match=r"当前版本 0\.1\.5 过旧，请升级到 0\.2\.0 或更高版本后再登录"
    ):
        client.login()
    status = upgrade_status("0.1.5", _announcement(client))
    assert (status.need, status.url) == (Need.REQUIRED, URL)
