"""build/server/backup.sh and restore.sh, round trip against a real server process on SQLite and
on a real PostgreSQL: back up while serving, more acknowledged work, wipe, restore, and the
clients sync on with nothing lost (the restored server is a new epoch: specs/sync.md fault 12).
Also postgres-setup.sh, which makes the empty database a restore goes into."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from app.services.notices import act_on_notice, create_notice, update_notice
from app.sync.blobs import BlobStore
from server import db
from tests import postgres_server
from tests.sync_harness import FAST_ARGON2, ROOT, Server, SyncClient

SCRIPTS = ROOT / "build" / "server"
PG_SKIP = postgres_server.unavailable_reason()
PG_PASSWORD = "Restore-test-2026"

pytestmark = pytest.mark.skipif(shutil.which("sha256sum") is None, reason="coreutils missing")


@pytest.fixture(scope="module")
def pg_cluster() -> Iterator[str]:
    if PG_SKIP:
        pytest.skip(PG_SKIP)
    with postgres_server.postgres_cluster() as url:
        yield url


def _script_env(server_env: dict[str, str], cluster: str | None = None) -> dict[str, str]:
    env = {**server_env, "ZT_PYTHON": sys.executable}
    if cluster is not None:
        # The superuser connection postgres-setup.sh uses (the server's own URL is in ZT_*).
        host_port = cluster.split("@", 1)[1].split("/", 1)[0]
        env.update(PGHOST="127.0.0.1", PGPORT=host_port.split(":")[1], PGUSER="postgres")
        env["ZT_PG_BIN"] = str(postgres_server.bin_dir())
    return env


def run(
    script: str, *args: str, env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPTS / script), *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def setup_pg(env: dict[str, str]) -> None:
    done = run("postgres-setup.sh", "--password-stdin", env=env, stdin=PG_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr


def _drop_pg_database(cluster: str) -> None:
    engine = create_engine(cluster, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("DROP DATABASE zhengtong WITH (FORCE)"))
    finally:
        engine.dispose()


def _file(folder: Path, name: str, size: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(os.urandom(size))
    return path


def _notice_with_file(c: SyncClient, title: str, source: Path, to: list[str]) -> tuple[str, Any]:
    ref = BlobStore(c.folder, c.sessions).add_file(source)
    nid: str = c.do(create_notice, person_id=c.person_id, title=title, recipient_person_ids=to)
    c.do(update_notice, person_id=c.person_id, notice_id=nid, attachments=[ref])
    c.do(act_on_notice, person_id=c.person_id, notice_id=nid, action="publish")
    return nid, ref


def _title_body(c: SyncClient, nid: str) -> tuple[str, str | None] | None:
    rows = c.rows("SELECT title, body FROM notices WHERE id = :i", i=nid)
    return (rows[0][0], rows[0][1]) if rows else None


def _download_sha(c: SyncClient, ref: Any) -> str:
    path = BlobStore(c.folder, c.sessions).download(c.transport, ref)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest(folder: Path) -> dict[str, str]:
    lines = (folder / "manifest.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if ": " in line)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_backup_wipe_restore_and_the_clients_sync_on_with_nothing_lost(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    env = dict(FAST_ARGON2)
    cluster: str | None = None
    if backend == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")
        host = cluster.split("@", 1)[1].split("/", 1)[0]
        env["ZT_DATABASE_URL"] = f"postgresql+psycopg://zhengtong:{PG_PASSWORD}@{host}/zhengtong"
        setup_pg(_script_env({**os.environ, **env}, cluster))
    server = Server(tmp_path / "server-data", env=env)
    server.start()
    clients: list[SyncClient] = []

    def client(username: str) -> SyncClient:
        c = SyncClient(tmp_path / f"{username}-{len(clients)}", server.url, username)
        clients.append(c)
        c.login()
        return c

    try:
        _round_trip(server, client, _script_env(server.env, cluster), cluster, tmp_path)
    finally:
        for c in clients:
            c.close()
        server.stop()


def _round_trip(
    server: Server,
    client: Callable[[str], SyncClient],
    senv: dict[str, str],
    cluster: str | None,
    tmp_path: Path,
) -> None:
    a, b = client("zhanghs"), client("liuf")
    files = tmp_path / "files"
    n1, ref1 = _notice_with_file(a, "备份前的通知", _file(files, "前.pdf", 300_000), [b.person_id])
    draft: str = a.do(create_notice, person_id=a.person_id, title="备份前的草稿")
    a.sync()
    b.sync()
    assert _download_sha(b, ref1) == ref1["sha256"]

    # Backed up while the server serves.
    done = run("backup.sh", "--dest", str(tmp_path / "backups"), env=senv)
    assert done.returncode == 0, done.stderr
    (backup,) = (tmp_path / "backups").iterdir()
    assert backup.name.startswith("zhengtong-") and "备份完成" in done.stdout
    manifest = _manifest(backup)
    assert (
        manifest["database"]
        == server.env.get("ZT_DATABASE_URL", "sqlite").split(":")[0].split("+")[0]
    )
    assert (manifest["alembic_revision"],) == db.head_revisions()

    # After the backup: acknowledged work by both, a new attachment among it.
    n2, ref2 = _notice_with_file(a, "备份后的通知", _file(files, "后.docx", 200_000), [b.person_id])
    a.do(update_notice, person_id=a.person_id, notice_id=draft, body="备份后的修改")
    a.sync()
    b_own: str = b.do(create_notice, person_id=b.person_id, title="刘芳备份后起草")
    b.sync()
    assert a.pending() == b.pending() == 0
    assert _title_body(b, n2) == ("备份后的通知", "")

    # The disk dies: the database and the data folder are gone.
    server.stop()
    shutil.rmtree(server.data_dir)
    if cluster is not None:
        _drop_pg_database(cluster)
        setup_pg(senv)
    done = run("restore.sh", str(backup), env=senv)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "已开启新纪元" in done.stdout and "全部检查通过" in done.stdout
    server.serve()

    # The clients re-send what the backup lacks, from their replicas.
    for _ in range(2):
        for c in (a, b):
            c.sync()
    assert a.pending() == b.pending() == 0
    # Nothing refused: the attachment uploaded after the backup is sent again with its record.
    lost = a.rows("SELECT error FROM sync_rejected") + b.rows("SELECT error FROM sync_rejected")
    assert not lost
    assert _title_body(a, draft) == ("备份前的草稿", "备份后的修改")
    for c in (a, b):
        assert _title_body(c, n1) == ("备份前的通知", "")
        assert _title_body(c, n2) == ("备份后的通知", "")
    assert _title_body(b, b_own) == ("刘芳备份后起草", "")
    assert _download_sha(b, ref2) == ref2["sha256"]

    # Someone who never synced before the restore gets everything, files included.
    fresh = client("liuf")
    fresh.sync()
    assert _title_body(fresh, n2) == ("备份后的通知", "")
    assert _title_body(fresh, b_own) == ("刘芳备份后起草", "")
    assert _download_sha(fresh, ref1) == ref1["sha256"]
    assert _download_sha(fresh, ref2) == ref2["sha256"]


@pytest.fixture
def sqlite_server(tmp_path: Path) -> dict[str, str]:
    """A stopped, initialised SQLite server; the scripts' environment for it."""
    data_dir = tmp_path / "server-data"
    env = {**os.environ, **FAST_ARGON2, "ZT_DATA_DIR": str(data_dir), "ZT_PYTHON": sys.executable}
    env.pop("ZT_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "server", "init", "--demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return env


def test_restore_refuses_a_live_target_without_force_and_changes_nothing(
    sqlite_server: dict[str, str], tmp_path: Path
) -> None:
    assert run("backup.sh", "--dest", str(tmp_path / "b"), env=sqlite_server).returncode == 0
    (backup,) = (tmp_path / "b").iterdir()
    db_file = Path(sqlite_server["ZT_DATA_DIR"]) / "server.sqlite3"
    before = db_file.read_bytes()
    done = run("restore.sh", str(backup), env=sqlite_server)
    assert done.returncode == 1
    assert "目标不是空的" in done.stderr and "--force" in done.stderr
    assert db_file.read_bytes() == before
    done = run("restore.sh", "--force", str(backup), env=sqlite_server)
    assert done.returncode == 0, done.stderr
    assert "全部检查通过" in done.stdout


def test_a_damaged_backup_is_refused_before_anything_is_touched(
    sqlite_server: dict[str, str], tmp_path: Path
) -> None:
    assert run("backup.sh", "--dest", str(tmp_path / "b"), env=sqlite_server).returncode == 0
    (backup,) = (tmp_path / "b").iterdir()
    dump = backup / "database.sqlite3"
    good = dump.read_bytes()
    data = bytearray(good)
    data[5000] ^= 0xFF
    dump.write_bytes(bytes(data))
    shutil.rmtree(sqlite_server["ZT_DATA_DIR"])
    done = run("restore.sh", str(backup), env=sqlite_server)
    assert done.returncode == 1
    assert "备份文件已损坏（校验值不符）" in done.stderr
    assert not Path(sqlite_server["ZT_DATA_DIR"]).exists()
    dump.write_bytes(good)
    (backup / "attachments.tar").unlink()
    done = run("restore.sh", str(backup), env=sqlite_server)
    assert done.returncode == 1 and "缺少 attachments.tar" in done.stderr


def test_backup_never_overwrites_an_existing_folder(
    sqlite_server: dict[str, str], tmp_path: Path
) -> None:
    dest = tmp_path / "b"
    now = datetime.now()
    taken = [dest / f"zhengtong-{now + timedelta(seconds=s):%Y%m%d-%H%M%S}" for s in range(4)]
    for folder in taken:
        folder.mkdir(parents=True)
        (folder / "manifest.txt").write_text("旧备份", encoding="utf-8")
    done = run("backup.sh", "--dest", str(dest), env=sqlite_server)
    assert done.returncode == 1 and "拒绝覆盖" in done.stderr
    assert all((f / "manifest.txt").read_text(encoding="utf-8") == "旧备份" for f in taken)
    assert sorted(dest.iterdir()) == taken


def test_restore_reads_the_environment_file(sqlite_server: dict[str, str], tmp_path: Path) -> None:
    assert run("backup.sh", "--dest", str(tmp_path / "b"), env=sqlite_server).returncode == 0
    (backup,) = (tmp_path / "b").iterdir()
    elsewhere = tmp_path / "新机器" / "data"
    env_file = tmp_path / "server.env"
    env_file.write_text(
        f'# 新服务器\nZT_DATA_DIR="{elsewhere}"\n\nexport ZT_ARGON2_TIME_COST=1\n', encoding="utf-8"
    )
    env = {k: v for k, v in sqlite_server.items() if k != "ZT_DATA_DIR"}
    done = run("restore.sh", "--env", str(env_file), str(backup), env=env)
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "server.sqlite3").is_file() and (elsewhere / "secret").is_file()
    env_file.write_text("这不是配置\n", encoding="utf-8")
    done = run("restore.sh", "--env", str(env_file), str(backup), env=env)
    assert done.returncode == 1 and "第 1 行格式不正确" in done.stderr


@pytest.mark.skipif(PG_SKIP is not None, reason=str(PG_SKIP))
def test_postgres_setup_is_idempotent_and_makes_a_utf8_database_owned_by_the_role(
    pg_cluster: str,
) -> None:
    env = _script_env(dict(os.environ), pg_cluster)
    env.pop("ZT_DATABASE_URL", None)
    for _ in range(2):
        done = run("postgres-setup.sh", "--role", "zt_setup", "--database", "zt_setup", env=env)
        assert done.returncode == 0, done.stderr
    assert (
        "角色 zt_setup 已存在" in done.stdout
        and "ZT_DATABASE_URL=postgresql+psycopg://" in done.stdout
    )
    engine = create_engine(pg_cluster)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT pg_encoding_to_char(d.encoding), r.rolname FROM pg_database d "
                    "JOIN pg_roles r ON r.oid = d.datdba WHERE d.datname = 'zt_setup'"
                )
            ).one()
    finally:
        engine.dispose()
    assert tuple(row) == ("UTF8", "zt_setup")
    bad = run("postgres-setup.sh", "--password-stdin", env=env, stdin="短密码\n")
    assert bad.returncode == 1 and "密码至少 12 位" in bad.stderr


@pytest.mark.skipif(PG_SKIP is not None, reason=str(PG_SKIP))
def test_postgres_restore_over_a_live_database_needs_force(pg_cluster: str, tmp_path: Path) -> None:
    host = pg_cluster.split("@", 1)[1].split("/", 1)[0]
    env = _script_env(dict(os.environ), pg_cluster)
    env.update(FAST_ARGON2, ZT_DATA_DIR=str(tmp_path / "data"))
    env["ZT_DATABASE_URL"] = f"postgresql+psycopg://zt_force:{PG_PASSWORD}@{host}/zt_force"
    done = run(
        "postgres-setup.sh",
        "--role",
        "zt_force",
        "--database",
        "zt_force",
        "--password-stdin",
        env=env,
        stdin=PG_PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    init = [sys.executable, "-m", "server", "init", "--demo"]
    subprocess.run(init, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    assert run("backup.sh", "--dest", str(tmp_path / "b"), env=env).returncode == 0
    (backup,) = (tmp_path / "b").iterdir()
    # A table a later version might have added: --force leaves exactly the backup behind.
    engine = create_engine(env["ZT_DATABASE_URL"])
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE later_feature (id integer)"))
            records = conn.execute(text("SELECT count(*) FROM sync_records")).scalar()
            conn.execute(text("DELETE FROM sync_records"))
        done = run("restore.sh", str(backup), env=env)
        assert done.returncode == 1 and "目标不是空的" in done.stderr
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM later_feature")).scalar() == 0
        done = run("restore.sh", "--force", str(backup), env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        with engine.connect() as conn:
            tables = set(
                conn.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                ).scalars()
            )
            restored = conn.execute(text("SELECT count(*) FROM sync_records")).scalar()
    finally:
        engine.dispose()
    assert "later_feature" not in tables and "alembic_version" in tables
    assert records and restored == records  # the demo county's records are back
