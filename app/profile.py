"""Profiles: one folder per server + user holding the database, config and backups.

A profile is used by one running instance at a time. The lock is an OS file lock, so a crashed
instance never leaves a stale lock behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.config import ProfileConfig
from app.errors import ProfileLockedError

APP_NAME = "zhengtong"
DB_NAME = "zhengtong.sqlite3"
LOCK_NAME = ".lock"


def profiles_root() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "profiles"


def profile_dir_for(server_url: str, username: str) -> Path:
    """The default folder of the profile for ``username`` on ``server_url``."""
    host = urlsplit(server_url).netloc or "local"
    slug = re.sub(r"[^A-Za-z0-9._@-]+", "_", f"{username}@{host}")
    digest = hashlib.sha1(f"{server_url}|{username}".encode()).hexdigest()[:8]
    return profiles_root() / f"{slug}-{digest}"


class ProfileLock:
    """An exclusive, non-blocking lock on a profile folder, released when the process ends."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            try_lock_file(fh)
        except OSError:
            fh.close()
            raise ProfileLockedError(
                f"配置文件夹 {self.path.parent} 正被另一个政通办公窗口使用，请切换到那个窗口"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            unlock_file(self._fh)
            self._fh.close()
            self._fh = None

    @property
    def held(self) -> bool:
        return self._fh is not None


if sys.platform == "win32":
    import msvcrt

    def try_lock_file(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def unlock_file(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def try_lock_file(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def unlock_file(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


@dataclass
class Profile:
    folder: Path
    config: ProfileConfig
    lock: ProfileLock
    _engine: Engine | None = field(default=None, repr=False)
    _sessions: sessionmaker[Session] | None = field(default=None, repr=False)

    @classmethod
    def open(cls, folder: Path, *, exclusive: bool = True) -> Profile:
        """Open (creating if needed) the profile in ``folder``.

        ``exclusive`` takes the instance lock: every writer does; read-only commands such as
        ``status`` may skip it, SQLite's WAL lets them read beside a running window.
        """
        folder = folder.expanduser().resolve()
        lock = ProfileLock(folder)
        if exclusive:
            lock.acquire()
        try:
            config = ProfileConfig.load(folder)
        except Exception:
            lock.release()
            raise
        return cls(folder=folder, config=config, lock=lock)

    @property
    def db_path(self) -> Path:
        return self.folder / DB_NAME

    def store(self) -> sessionmaker[Session]:
        """The session factory, migrating the database on first use (backup first)."""
        if self._sessions is None:
            from app.db.engine import make_engine, make_sessionmaker
            from app.db.migrate import upgrade

            engine = make_engine(self.db_path)
            upgrade(engine, self.db_path)
            self._engine = engine
            self._sessions = make_sessionmaker(engine)
        return self._sessions

    def save_config(self) -> None:
        self.config.save(self.folder)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._sessions = None
        self.lock.release()


LAST_PROFILE_FILE = "last-profile"


def last_profile() -> Path | None:
    """The profile folder used last on this computer, if it still exists."""
    marker = profiles_root().parent / LAST_PROFILE_FILE
    try:
        folder = Path(marker.read_text(encoding="utf-8").strip())
    except OSError:
        return None
    return folder if folder.is_dir() else None


def remember_last_profile(folder: Path) -> None:
    marker = profiles_root().parent / LAST_PROFILE_FILE
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(str(folder), encoding="utf-8")
