"""The demo county (塔山市): units and people for every role, used by ``make run`` and the tests.

Issue [2] moves this seeding onto the demo server; the client then receives it by sync.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Unit
from app.domain.org import Role, UnitKind, UnitLevel
from app.services.login import REMEMBERED_KEY, set_local_password
from app.services.org import create_person, create_unit
from app.services.workbench import set_meta

DEMO_PASSWORD = "demo2026"
DEMO_USER = "zhanghs"

R = Role
A, D = UnitKind.AGENCY, UnitKind.DEPARTMENT
COUNTY, TOWN = UnitLevel.COUNTY, UnitLevel.TOWNSHIP


@dataclass(frozen=True)
class DemoUnit:
    key: str
    name: str
    level: UnitLevel
    kind: UnitKind
    parent: str | None
    code: str | None = None


DemoPerson = tuple[str, str, str, str, str, tuple[Role, ...]]

UNITS = [
    DemoUnit("gov", "塔山市人民政府", COUNTY, A, None, "塔政"),
    DemoUnit("office", "塔山市人民政府办公室", COUNTY, A, "gov", "塔政办"),
    DemoUnit("secretariat", "秘书科", COUNTY, D, "office"),
    DemoUnit("inspection", "督查科", COUNTY, D, "office"),
    DemoUnit("general", "综合科", COUNTY, D, "office"),
    DemoUnit("edu", "塔山市教育局", COUNTY, A, "gov", "塔教"),
    DemoUnit("finance", "塔山市财政局", COUNTY, A, "gov", "塔财"),
    DemoUnit("land", "塔山市自然资源局", COUNTY, A, "gov", "塔自然资"),
    DemoUnit("health", "塔山市卫生健康委员会", COUNTY, A, "gov", "塔卫健"),
    DemoUnit("donghu", "东湖镇人民政府", TOWN, A, "gov", "东湖政"),
    DemoUnit("xiling", "西岭乡人民政府", TOWN, A, "gov", "西岭政"),
    DemoUnit("nanhe", "南河街道办事处", TOWN, A, "gov", "南河办"),
]

# username, name, unit key, title, phone, roles
PEOPLE: list[DemoPerson] = [
    ("wangjg", "王建国", "gov", "市长", "0901-6221001", (R.LEADER,)),
    ("liwd", "李卫东", "gov", "常务副市长", "0901-6221002", (R.LEADER,)),
    ("zhanghs", "张华生", "office", "主任", "0901-6222001", (R.OFFICE_DIRECTOR, R.REVIEWER)),
    ("chenj", "陈静", "office", "副主任", "0901-6222002", (R.REVIEWER, R.MEETING_ADMIN)),
    ("liuf", "刘芳", "secretariat", "科员", "0901-6222011", (R.CLERK,)),
    ("zhaom", "赵敏", "secretariat", "科员", "0901-6222012", (R.SEAL_KEEPER,)),
    ("sunl", "孙丽", "general", "档案管理员", "0901-6222021", (R.ARCHIVIST,)),
    ("zhouq", "周强", "general", "科员", "0901-6222022", (R.MEETING_ADMIN,)),
    ("wul", "吴磊", "general", "信息化管理员", "0901-6222023", (R.SYSADMIN,)),
    ("zhengt", "郑涛", "inspection", "科长", "0901-6222031", (R.HANDLER, R.OFFICE_DIRECTOR)),
    ("zengzw", "曾志伟", "inspection", "科员", "13909010031", (R.HANDLER,)),
    ("maxd", "马晓东", "edu", "局长", "0901-6223001", (R.LEADER,)),
    ("hul", "胡磊", "edu", "办公室主任", "0901-6223002", (R.OFFICE_DIRECTOR, R.REVIEWER)),
    ("guoy", "郭燕", "edu", "收发员", "0901-6223003", (R.CLERK, R.SEAL_KEEPER, R.ARCHIVIST)),
    ("heyf", "何云飞", "edu", "科员", "0901-6223004", (R.HANDLER,)),
    ("linh", "林辉", "finance", "局长", "0901-6224001", (R.LEADER,)),
    ("luoq", "罗琴", "finance", "办公室主任", "0901-6224002", (R.OFFICE_DIRECTOR,)),
    ("liangx", "梁霞", "finance", "收发员", "0901-6224003", (R.CLERK, R.SEAL_KEEPER)),
    ("songj", "宋杰", "finance", "科员", "0901-6224004", (R.HANDLER,)),
    ("xieh", "谢宏", "land", "局长", "0901-6225001", (R.LEADER,)),
    ("hanm", "韩梅", "land", "收发员", "0901-6225002", (R.CLERK, R.SEAL_KEEPER)),
    ("tangl", "唐亮", "land", "科员", "0901-6225003", (R.HANDLER,)),
    ("fengy", "冯颖", "health", "主任", "0901-6226001", (R.LEADER,)),
    ("dengh", "邓辉", "health", "收发员", "0901-6226002", (R.CLERK,)),
    ("caoj", "曹军", "donghu", "镇长", "0901-6231001", (R.LEADER,)),
    ("yuanl", "袁林", "donghu", "党政办主任", "0901-6231002", (R.OFFICE_DIRECTOR, R.REVIEWER)),
    ("shanlp", "单丽萍", "donghu", "党政办科员", "13909016100", (R.CLERK, R.SEAL_KEEPER)),
    ("pengw", "彭伟", "donghu", "农业服务中心主任", "13909016101", (R.HANDLER,)),
    ("jiangs", "蒋森", "xiling", "乡长", "0901-6232001", (R.LEADER,)),
    ("caix", "蔡晓", "xiling", "党政办主任", "0901-6232002", (R.OFFICE_DIRECTOR,)),
    ("tianj", "田静", "xiling", "收发员", "13909016200", (R.CLERK, R.SEAL_KEEPER, R.ARCHIVIST)),
    ("pand", "潘东", "xiling", "科员", "13909016201", (R.HANDLER,)),
    ("duq", "杜强", "nanhe", "主任", "0901-6233001", (R.LEADER,)),
    ("dingl", "丁玲", "nanhe", "收发员", "0901-6233002", (R.CLERK, R.SEAL_KEEPER)),
    ("xuefm", "薛芳敏", "nanhe", "科员", "13909016300", (R.HANDLER, R.MEETING_ADMIN)),
]


def is_seeded(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Unit)))


def walk_demo_county(
    *,
    add_unit: Callable[[DemoUnit, str | None, int], str],
    add_person: Callable[[DemoPerson, str, int], None],
) -> None:
    """Visit the demo county parents first: ``add_unit(unit, parent_id, order) -> unit id`` and
    ``add_person(person, unit_id, order)``. The client and the server seed through this one walk."""
    ids: dict[str, str] = {}
    for order, u in enumerate(UNITS):
        ids[u.key] = add_unit(u, ids[u.parent] if u.parent else None, order)
    for order, person in enumerate(PEOPLE):
        add_person(person, ids[person[2]], order)


def seed_demo_county(session: Session, *, passwords: bool = True, remember: bool = True) -> None:
    """Create the demo county in an empty database; ``passwords`` stores offline verifiers."""

    def add_unit(u: DemoUnit, parent_id: str | None, order: int) -> str:
        return create_unit(
            session,
            name=u.name,
            level=u.level,
            kind=u.kind,
            parent_id=parent_id,
            code_prefix=u.code,
            sort_order=order,
        ).id

    def add_person(p: DemoPerson, unit_id: str, order: int) -> None:
        username, name, _unit, title, phone, roles = p
        create_person(
            session,
            unit_id=unit_id,
            username=username,
            name=name,
            title=title,
            phone=phone,
            roles=roles,
            sort_order=order,
        )
        if passwords:
            set_local_password(session, username=username, password=DEMO_PASSWORD)

    walk_demo_county(add_unit=add_unit, add_person=add_person)
    if remember:
        set_meta(session, REMEMBERED_KEY, DEMO_USER)
