"""The .deb as an administrator meets it: build, install, self-test, first paint, upgrade, remove.

Runs by ``make package-test`` (CI calls it after ``make test``), not in ``make test``: it builds
two bundles and installs packages on this machine, which needs root (or password-less sudo).

Version N is this checkout. Version N+1 is a copy of it with the next patch version and one new
client migration, built the same way; installing it over N must keep and migrate the profile a
user made with N, pending (unsynced) edits included, which then sync.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from app import __version__
from app.db.migrate import head_revision
from tests.keyring_service import available as keyring_unavailable
from tests.keyring_service import secret_service

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
INSTALLED = Path("/usr/bin/zhengtong")
PREFIX = Path("/opt/zhengtong")
PROBE_REVISION = "upgrade_probe"

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0
    and subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode,
    reason="installing a .deb needs root or password-less sudo",
)


def _root(cmd: list[str]) -> list[str]:
    return cmd if os.geteuid() == 0 else ["sudo", "-n", *cmd]


def _run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, **kw)  # type: ignore[call-overload]
    said = f"{proc.stdout}\n{proc.stderr}"
    assert proc.returncode == 0, f"{' '.join(cmd)} → {proc.returncode}\n{said}"
    return proc  # type: ignore[no-any-return]


def _build(tree: Path) -> Path:
    """The bundle and the .deb of the source tree at ``tree``; the .deb's path."""
    _run(
        [
            str(VENV_BIN / "pyinstaller"),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--workpath",
            str(tree / ".build-work" / "pyinstaller"),
            "--distpath",
            str(tree / "dist"),
            str(tree / "build" / "zhengtong.spec"),
        ],
        cwd=tree,
    )
    out = _run([sys.executable, str(tree / "build" / "deb.py")], cwd=tree).stdout
    return Path(out.strip().splitlines()[-1])


def _next_version(version: str) -> str:
    nums = [int(n) for n in re.findall(r"\d+", version)[:3]]
    nums += [0] * (3 - len(nums))
    return f"{nums[0]}.{nums[1]}.{nums[2] + 1}"


def _next_tree(dest: Path) -> Path:
    """This checkout as version N+1 with one more client migration."""
    files = _run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT).stdout.split()
    for name in files:
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    qm = "resources/translations/zhengtong_en.qm"
    shutil.copy2(ROOT / qm, dest / qm)
    init = dest / "app" / "__init__.py"
    init.write_text(
        init.read_text(encoding="utf-8").replace(
            f'__version__ = "{__version__}"', f'__version__ = "{_next_version(__version__)}"'
        ),
        encoding="utf-8",
    )
    (dest / "app" / "db" / "migrations" / "versions" / "9999_upgrade_probe.py").write_text(
        f'''"""A migration only the upgrade test's version N+1 has."""

import sqlalchemy as sa
from alembic import op

revision = "{PROBE_REVISION}"
down_revision = "{head_revision()}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("upgrade_probe", sa.Column("id", sa.Integer, primary_key=True))
    op.add_column("documents", sa.Column("probe_note", sa.Text, nullable=True))


def downgrade() -> None:
    op.drop_column("documents", "probe_note")
    op.drop_table("upgrade_probe")
''',
        encoding="utf-8",
    )
    return dest


@pytest.fixture(scope="module")
def debs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    current = _build(ROOT)
    upgrade = _build(_next_tree(tmp_path_factory.mktemp("next")))
    return current, upgrade


@pytest.fixture(scope="module")
def env() -> Iterator[dict[str, str]]:
    """A desktop session as far as the app can tell: a keyring on D-Bus, Qt offscreen."""
    if reason := keyring_unavailable():
        pytest.skip(reason)
    with secret_service() as keyring_env:
        yield dict(os.environ, **keyring_env, QT_QPA_PLATFORM="offscreen")


@pytest.fixture(scope="module")
def installed(debs: tuple[Path, Path]) -> Iterator[Path]:
    _run(_root(["apt-get", "install", "-y", "-q", str(debs[0])]))
    yield debs[0]
    subprocess.run(_root(["dpkg", "--purge", "zhengtong"]), capture_output=True, check=False)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from app.demo_server import DemoServer

    server = DemoServer(tmp_path_factory.mktemp("server"))
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="module")
def profile(
    installed: Path, demo_server: str, env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A user's profile made by the installed version N: logged in and synced."""
    from app.services.demo import DEMO_PASSWORD, DEMO_USER

    folder = tmp_path_factory.mktemp("home") / "profile"
    login = ["login", "--server", demo_server, "--user", DEMO_USER, "--profile", str(folder)]
    _run([str(INSTALLED), *login], env=dict(env, ZT_PASSWORD=DEMO_PASSWORD))
    return folder


def _first_paint(env: dict[str, str], folder: Path) -> float:
    paint_env = dict(env, ZT_EXIT_AFTER_PAINT="1")
    out = _run([str(INSTALLED), "--profile", str(folder)], env=paint_env, timeout=60).stdout
    found = re.search(r"first_paint_s=([\d.]+)", out)
    assert found, out
    return float(found[1])


def _status(env: dict[str, str], folder: Path) -> dict[str, str]:
    out = _run([str(INSTALLED), "status", "--profile", str(folder)], env=env).stdout
    return dict(line.split("：", 1) for line in out.splitlines() if "：" in line)


def test_package_names_version_dependencies_and_files(debs: tuple[Path, Path]) -> None:
    deb = debs[0]
    assert deb.name == f"zhengtong_{__version__}_amd64.deb"
    info = _run(["dpkg-deb", "-f", str(deb), "Package", "Version", "Depends"]).stdout
    assert f"Version: {__version__}" in info
    assert "fonts-wqy-microhei |" in info and "libxcb-cursor0" in info
    files = _run(["dpkg-deb", "-c", str(deb)]).stdout
    for path in (
        "./opt/zhengtong/zhengtong",
        "./usr/bin/zhengtong",
        "./usr/share/applications/zhengtong.desktop",
        "./usr/share/icons/hicolor/scalable/apps/zhengtong.svg",
        "./usr/share/icons/hicolor/48x48/apps/zhengtong.png",
        "./opt/zhengtong/_internal/resources/translations/zhengtong_en.qm",
        "./opt/zhengtong/_internal/app/db/migrations/versions/0001_initial.py",
    ):
        assert path in files, path
    assert "/server/" not in files  # the client only: the server is deployed from source
    sys.stdout.write(f"\n.deb size: {deb.stat().st_size / 2**20:.1f} MiB ({deb.name})\n")


def test_installed_files_and_desktop_entry(installed: Path) -> None:
    assert INSTALLED.is_file() and os.access(INSTALLED, os.X_OK)
    assert (PREFIX / "VERSION").read_text(encoding="utf-8").strip() == __version__
    entry = Path("/usr/share/applications/zhengtong.desktop").read_text(encoding="utf-8")
    assert "Name[zh_CN]=政通办公" in entry and "Categories=Office;" in entry
    assert "Exec=zhengtong" in entry and "Icon=zhengtong" in entry
    if shutil.which("desktop-file-validate"):
        _run(["desktop-file-validate", "/usr/share/applications/zhengtong.desktop"])
    assert _run([str(INSTALLED), "--version"]).stdout.strip().endswith(__version__)


def test_every_library_the_bundle_needs_is_in_it_or_depended_on(installed: Path) -> None:
    """Each NEEDED library that is not in the bundle comes from a package in Depends (or libc)."""
    depends = _run(["dpkg-query", "-W", "-f", "${Depends}", "zhengtong"]).stdout
    allowed = {re.split(r"[\s(]", d.strip())[0] for d in re.split(r"[,|]", depends)}
    allowed |= {"libc6", "libgcc-s1"}
    bundled = {p.name for p in PREFIX.rglob("*.so*")}
    missing: set[str] = set()
    undeclared: dict[str, str] = {}
    for path in PREFIX.rglob("*"):
        if not path.is_file() or (path.suffix not in (".so", "") and ".so." not in path.name):
            continue
        with path.open("rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        for line in _run(["ldd", str(path)]).stdout.splitlines():
            if "not found" in line:
                missing.add(f"{path.relative_to(PREFIX)}: {line.strip()}")
        needed = re.findall(r"NEEDED\s+(\S+)", _run(["objdump", "-p", str(path)]).stdout)
        for lib in needed:
            if lib in bundled or lib.startswith(("ld-linux", "libc.so", "libm.so")):
                continue
            owner = subprocess.run(
                ["dpkg", "-S", f"*/{lib}"], capture_output=True, text=True, check=False
            ).stdout
            package = owner.split(":", 1)[0] if owner else "?"
            if package not in allowed:
                undeclared[lib] = package
    assert not missing, "\n".join(sorted(missing))
    assert not undeclared, undeclared


def test_installed_self_test_passes(installed: Path, env: dict[str, str]) -> None:
    proc = _run([str(INSTALLED), "--self-test"], env=env)
    assert "自检通过" in proc.stdout
    for name in ("Qt 图形界面启动", "中文字体", "密钥环", "数据库", "PDF 排版与签章验证"):
        assert f"✓ {name}" in proc.stdout, proc.stdout


def test_installed_app_paints_its_main_window(profile: Path, env: dict[str, str]) -> None:
    seconds = _first_paint(env, profile)
    sys.stdout.write(f"\ninstalled first paint: {seconds:.3f} s\n")
    assert seconds > 0


def test_upgrade_keeps_and_migrates_the_profile_and_its_pending_edits(
    debs: tuple[Path, Path], profile: Path, env: dict[str, str]
) -> None:
    from app.profile import Profile
    from app.services.documents import create_draft
    from app.services.login import remembered_user

    # The user writes a draft with version N and quits before it syncs.
    opened = Profile.open(profile)
    try:
        with opened.store()() as session:
            user = remembered_user(session)
            assert user is not None
            draft = create_draft(session, person_id=user.id, title="关于升级前拟稿的通知")
            session.commit()
    finally:
        opened.close()
    assert _status(env, profile)["待同步更改"] == "1"

    _run(_root(["apt-get", "install", "-y", "-q", str(debs[1])]))
    upgraded = _next_version(__version__)
    assert _run([str(INSTALLED), "--version"]).stdout.strip().endswith(upgraded)
    assert (PREFIX / "VERSION").read_text(encoding="utf-8").strip() == upgraded

    # The first start of N+1 migrates (after a backup) and the pending edit is still there.
    assert _status(env, profile)["待同步更改"] == "1"
    db = next(profile.glob("*.sqlite3"))
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            PROBE_REVISION,
        )
        title = conn.execute("SELECT title FROM documents WHERE id = ?", (draft,)).fetchone()
        assert title == ("关于升级前拟稿的通知",)
        conn.execute("SELECT probe_note FROM documents").fetchall()
    assert list((profile / "backups").glob("*.sqlite3")), "no backup before the migration"

    _run([str(INSTALLED), "sync", "--profile", str(profile)], env=env)
    assert _status(env, profile)["待同步更改"] == "0"
    assert _first_paint(env, profile) > 0


def test_remove_leaves_no_program_and_keeps_the_profile(profile: Path) -> None:
    _run(_root(["apt-get", "remove", "-y", "-q", "zhengtong"]))
    assert not INSTALLED.exists()
    assert not PREFIX.exists()
    assert not Path("/usr/share/applications/zhengtong.desktop").exists()
    query = ["dpkg-query", "-W", "-f", "${Status}", "zhengtong"]
    state = subprocess.run(query, capture_output=True, text=True, check=False).stdout
    assert "installed" not in state.replace("not-installed", "")
    assert any(profile.glob("*.sqlite3")), "removing the program must not touch users' data"
