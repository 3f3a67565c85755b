"""Shared fixtures: real SQLite profiles seeded with the demo county."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: no display here, and a fixed locale for Chinese text.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# tests/package builds .debs and installs them on this machine: only `make package-test` runs it.
collect_ignore = [] if os.environ.get("ZT_PACKAGE_TEST") else ["package"]


@pytest.fixture(autouse=True)
def _isolated_data_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """platformdirs must never touch the developer's real profiles."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database holding the demo county, built once (copied by ``demo_profile``)."""
    from app.db.engine import transaction
    from app.profile import Profile
    from app.services.demo import seed_demo_county

    folder = tmp_path_factory.mktemp("demo-template")
    profile = Profile.open(folder)
    with transaction(profile.store()) as session:
        seed_demo_county(session, passwords=False)
        # One verifier is enough for the login tests (scrypt is deliberately slow).
        from app.services.demo import DEMO_PASSWORD, DEMO_USER
        from app.services.login import set_local_password

        set_local_password(session, username=DEMO_USER, password=DEMO_PASSWORD)
    profile.close()
    return folder


@pytest.fixture
def demo_profile(demo_template: Path, tmp_path: Path) -> Iterator[Profile]:  # noqa: F821
    from app.profile import DB_NAME, Profile

    folder = tmp_path / "profile"
    folder.mkdir()
    shutil.copy(demo_template / DB_NAME, folder / DB_NAME)
    profile = Profile.open(folder)
    yield profile
    profile.close()


@pytest.fixture(scope="session")
def keyring_env() -> Iterator[dict[str, str]]:
    """A private D-Bus session with an unlocked gnome-keyring; its environment variables."""
    from tests import keyring_service

    with keyring_service.secret_service() as env:
        yield env


@pytest.fixture
def real_keyring(keyring_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The real gnome-keyring (tests/keyring_service.py) as the keyring backend."""
    import keyring
    from keyring.backends import SecretService

    for key, value in keyring_env.items():
        monkeypatch.setenv(key, value)
    backend = SecretService.Keyring()
    assert backend.priority > 0, "Secret Service not reachable"
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield
    keyring.set_keyring(previous)


# PySide6 6.12 can tear the interpreter down with "Fatal Python error: bool_dealloc" (or
# none_dealloc) once enough Qt objects have lived in one process: a reference count dropped
# inside the bindings, seen only while Python finalises, after every test has passed and been
# reported. Reproduced without our code (a QApplication and ~20 widget calls, then exit). The
# run's own result is kept: when pytest is done, the process ends with its exit status and
# skips the finalisation that would abort.
_EXIT_STATUS: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _EXIT_STATUS.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    if _EXIT_STATUS and not hasattr(config, "workerinput"):
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS[0])
