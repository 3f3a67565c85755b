"""``python -m server serve | init [--demo] | admin ...``: errors are one line and exit non-zero."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.domain.org import Role, UnitKind, UnitLevel, check_password_policy
from app.errors import UserError
from server import check, db, services
from server.config import Settings
from server.models import Person, utcnow
from server.org_sync import publish_missing
from server.schemas import RoleGrantIn
from server.security import Passwords
from server.sync_log import new_epoch, purge_tombstones


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m server", description="政通办公服务器")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="启动服务")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8600)
    serve.add_argument("--workers", type=int, default=1)
    _tls_options(serve)
    check_cmd = sub.add_parser("check", help="检查配置、数据库、数据目录与证书，全部通过才返回 0")
    _tls_options(check_cmd)

    init = sub.add_parser("init", help="创建或升级数据库")
    init.add_argument("--demo", action="store_true", help="写入演示数据（塔山市），密码 demo2026")

    admin = sub.add_parser("admin", help="管理单位、人员、角色与设备").add_subparsers(
        dest="action", required=True
    )
    unit = admin.add_parser("add-unit")
    unit.add_argument("--name", required=True)
    unit.add_argument("--level", required=True, choices=[v.value for v in UnitLevel])
    unit.add_argument("--kind", default=UnitKind.AGENCY.value, choices=[v.value for v in UnitKind])
    unit.add_argument("--parent", help="上级单位：机关代字、名称或 ID")
    unit.add_argument("--code-prefix")
    person = admin.add_parser("add-person")
    person.add_argument("--username", required=True)
    person.add_argument("--name", required=True)
    person.add_argument("--unit", "--unit-code-or-name", dest="unit", required=True)
    person.add_argument("--title")
    person.add_argument("--phone")
    person.add_argument("--role", action="append", default=[], choices=[r.value for r in Role])
    person.add_argument("--password-stdin", action="store_true", required=True)
    password = admin.add_parser("set-password", help="新密码从标准输入读取")
    password.add_argument("username")
    grant = admin.add_parser("grant")
    grant.add_argument("username")
    grant.add_argument("role", choices=[r.value for r in Role])
    revoke = admin.add_parser("revoke-device")
    revoke.add_argument("device_id")
    admin.add_parser("list-devices")
    purge = admin.add_parser("purge", help="清理超过保留期的删除记录（墓碑）")
    purge.add_argument("--days", type=int, default=180, help="保留天数（默认 180）")
    admin.add_parser("new-epoch", help="从备份恢复数据库后运行：客户端将完整重新同步并补传")
    return parser


def _tls_options(parser: argparse.ArgumentParser) -> None:
    # TLS directly in the server (a reverse proxy in front is the other usual deployment). The
    # environment file may name the files instead, so ``serve`` and ``check`` see the same ones.
    parser.add_argument(
        "--ssl-certfile",
        default=os.environ.get("ZT_SSL_CERTFILE") or None,
        help="服务器证书（PEM），启用 HTTPS（默认取 ZT_SSL_CERTFILE）",
    )
    parser.add_argument(
        "--ssl-keyfile",
        default=os.environ.get("ZT_SSL_KEYFILE") or None,
        help="证书私钥（PEM）（默认取 ZT_SSL_KEYFILE）",
    )


def _read_password() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    check_password_policy(password)
    return password


def _person(session: Session, username: str) -> Person:
    person: Person | None = session.scalar(select(Person).where(Person.username == username))
    if person is None:
        raise UserError(f"用户“{username}”不存在")
    return person


def _admin(args: argparse.Namespace, settings: Settings, engine: Engine) -> None:
    factory = db.make_sessionmaker(engine)
    passwords = Passwords(settings)
    now = utcnow()
    with db.transaction(factory) as session:
        match args.action:
            case "add-unit":
                parent = (
                    services.find_unit(session, code_or_name=args.parent) if args.parent else None
                )
                unit = services.create_unit(
                    session,
                    name=args.name,
                    level=UnitLevel(args.level),
                    kind=UnitKind(args.kind),
                    parent_id=parent.id if parent else None,
                    code_prefix=args.code_prefix,
                )
                _out(unit.id)
            case "add-person":
                unit_row = services.find_unit(session, code_or_name=args.unit)
                created = services.create_person(
                    session,
                    unit_id=unit_row.id,
                    username=args.username,
                    name=args.name,
                    title=args.title,
                    phone=args.phone,
                    roles=[Role(r) for r in args.role],
                    password_hash=passwords.hash(_read_password()),
                )
                _out(created.id)
            case "set-password":
                person = _person(session, args.username)
                services.set_password(
                    session,
                    person_id=person.id,
                    password_hash=passwords.hash(_read_password()),
                    now=now,
                )
            case "grant":
                person = _person(session, args.username)
                current = services.role_grants(session, person_id=person.id)
                wanted = [RoleGrantIn(role=g.role, unit_id=g.unit_id) for g in current]
                wanted.append(RoleGrantIn(role=Role(args.role), unit_id=person.unit_id))
                services.set_roles(session, person_id=person.id, roles=wanted, now=now)
            case "revoke-device":
                services.revoke_device(session, device_id=args.device_id, now=now)
            case "list-devices":
                for d in services.list_devices(session):
                    _out(json.dumps(d.model_dump(mode="json"), ensure_ascii=False))
            case "purge":
                if args.days < 0:
                    raise UserError("保留天数不能为负数")
                purged = purge_tombstones(session, older_than=now - timedelta(days=args.days))
                _out(f"已清理 {purged} 条删除记录")
            case "new-epoch":
                _out(new_epoch(session))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        return check.main(certfile=args.ssl_certfile, keyfile=args.ssl_keyfile)
    try:
        settings = Settings.from_env()
        if args.command == "serve":
            return _serve(args, settings)
        engine = db.make_engine(settings.database_url)
        try:
            if args.command == "init":
                db.upgrade(engine)
                with db.transaction(db.make_sessionmaker(engine)) as session:
                    publish_missing(session, utcnow())
                if args.demo:
                    passwords = Passwords(settings)
                    with db.transaction(db.make_sessionmaker(engine)) as session:
                        added = services.seed_demo(session, hash_password=passwords.hash)
                    _out(f"演示数据：新增 {added} 条")
                return 0
            if not db.at_head(engine):
                raise UserError("数据库尚未初始化或版本过旧，请先运行 python -m server init")
            _admin(args, settings, engine)
            return 0
        finally:
            engine.dispose()
    except UserError as exc:
        sys.stderr.write(f"错误：{exc}\n")
        return 1


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    engine = db.make_engine(settings.database_url)
    try:
        if not db.at_head(engine):
            raise UserError("数据库尚未初始化或版本过旧，请先运行 python -m server init")
    finally:
        engine.dispose()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    uvicorn.run(
        "server.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=False,  # server.middleware writes one JSON line per request instead
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        log_config=None,
    )
    return 0
