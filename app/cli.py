"""Headless commands of ``main.py``: one dispatcher that later issues extend (login, sync …).

Each command is a function ``(args) -> int`` registered with ``@command``; it uses the same
services as the GUI. Errors a user can fix are one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app import __version__
from app.errors import UserError

Handler = Callable[[argparse.Namespace], int]
Configure = Callable[[argparse.ArgumentParser], None]

EXIT_USER_ERROR = 2


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Configure
    run: Handler


COMMANDS: dict[str, Command] = {}


def command(
    name: str, help_text: str, configure: Configure | None = None
) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = Command(name, help_text, configure or (lambda _p: None), fn)
        return fn

    return register


# Modules that register more commands with ``@command``; imported when the parser is built.
COMMAND_MODULES = ("app.render.commands", "app.security.commands", "app.services.doc_commands")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(name)
    parser = argparse.ArgumentParser(
        prog="zhengtong",
        description="政通办公 ZhengTong Office — 不带子命令时打开桌面客户端 (no command: the GUI)",
    )
    parser.add_argument("--version", action="version", version=f"政通办公 ZhengTong {__version__}")
    parser.add_argument("--profile", metavar="DIR", type=Path, help="配置文件夹 (profile folder)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="启动本机演示服务器（演示县数据）并以演示用户登录 (local demo server, demo login)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="检查本机能否运行：界面、中文字体、密钥环、数据库、PDF 与签章，失败时非零退出"
        " (installation self-test)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for cmd in COMMANDS.values():
        p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        p.add_argument("--profile", metavar="DIR", type=Path, default=argparse.SUPPRESS)
        cmd.configure(p)
    return parser


def resolve_profile_dir(args: argparse.Namespace) -> Path:
    """``--profile`` if given, else the profile used last on this computer."""
    if args.profile is not None:
        return Path(args.profile)
    from app.profile import last_profile

    last = last_profile()
    if last is None:
        raise UserError("还没有配置文件：请先登录，或用 --profile DIR 指定配置文件夹")
    return last


def format_date(d: date) -> str:
    """2026年7月4日 — full year, no leading zeros, as official documents write dates."""
    return f"{d.year}年{d.month}月{d.day}日"


@command("status", "显示配置、用户、服务器、待同步更改和上次同步时间 (show profile status)")
def cmd_status(args: argparse.Namespace) -> int:
    from app.profile import Profile
    from app.services.login import remembered_user
    from app.services.workbench import sync_status

    folder = resolve_profile_dir(args)
    if not folder.is_dir():
        raise UserError(f"配置文件夹不存在：{folder}")
    # status only reads, so it works beside a running window (no instance lock).
    profile = Profile.open(folder, exclusive=False)
    try:
        with profile.store()() as session:
            user = remembered_user(session)
            status = sync_status(session)
    finally:
        profile.close()
    cfg = profile.config
    who = (
        f"{user.name} ({user.username}) · {user.unit_name}" if user else (cfg.username or "未登录")
    )
    last = status.last_sync.astimezone() if status.last_sync else None
    lines = [
        f"配置文件夹：{profile.folder}",
        f"用户：{who}",
        f"服务器：{cfg.server_url or '未设置'}",
        f"待同步更改：{status.pending_changes}",
        f"上次同步：{format_date(last.date()) + last.strftime(' %H:%M') if last else '从未同步'}",
    ]
    print("\n".join(lines))
    return 0


def _login_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--server", required=True, metavar="URL", help="服务器地址 (server URL)")
    p.add_argument("--user", required=True, metavar="NAME", help="用户名 (username)")


def _read_password() -> str:
    import os

    password = os.environ.get("ZT_PASSWORD")
    if password is None:
        if sys.stdin.isatty():
            import getpass

            password = getpass.getpass("密码：")
        else:
            password = sys.stdin.readline().rstrip("\n")
    if not password:
        raise UserError("请输入密码（标准输入或环境变量 ZT_PASSWORD）")
    return password


@command("login", "登录服务器并首次同步 (log in; password from stdin or ZT_PASSWORD)", _login_args)
def cmd_login(args: argparse.Namespace) -> int:
    from app.profile import Profile, profile_dir_for, remember_last_profile
    from app.sync.client import login

    folder = Path(args.profile) if args.profile is not None else None
    folder = folder or profile_dir_for(args.server, args.user.strip().lower())
    password = _read_password()
    profile = Profile.open(folder)
    try:
        who = login(profile, server_url=args.server, username=args.user, password=password)
    finally:
        profile.close()
    remember_last_profile(profile.folder)
    print(f"已登录：{who}；配置文件夹：{profile.folder}")
    return 0


@command("sync", "与服务器同步一次，打印摘要 (sync once; non-zero exit on failure)")
def cmd_sync(args: argparse.Namespace) -> int:
    from app.profile import Profile
    from app.sync.client import sync

    folder = resolve_profile_dir(args)
    if not folder.is_dir():
        raise UserError(f"配置文件夹不存在：{folder}")
    # Not exclusive: the window may be open; the engine's own lock keeps syncs one at a time.
    profile = Profile.open(folder, exclusive=False)
    try:
        summary = sync(profile)
    finally:
        profile.close()
    print(summary.line())
    return 0


def main(
    argv: list[str] | None = None,
    gui: Handler | None = None,
    self_test: Callable[[], int] | None = None,
) -> int:
    """Parse ``argv``; run a command, or ``gui`` when none is given. ``self_test`` is the full
    installation check (with Qt); without it only the Qt-free checks run."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.self_test:
            if self_test is None:
                from app.selftest import run_core

                return run_core()
            return self_test()
        if args.command is None:
            if gui is None:
                parser.print_help()
                return 0
            return gui(args)
        return COMMANDS[args.command].run(args)
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USER_ERROR
