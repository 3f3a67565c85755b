"""Organisation model: unit levels and kinds, 机关代字, roles and the permissions they grant.

The server runs these same rules when it validates synced changes, so they stay free of I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum

from app.errors import PermissionDeniedError, UserError


class UnitLevel(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]

    @property
    def rank(self) -> int:
        return _LEVEL_ORDER.index(self)


_LEVEL_ORDER = [UnitLevel.PROVINCE, UnitLevel.CITY, UnitLevel.COUNTY, UnitLevel.TOWNSHIP]
_LEVEL_LABELS = {
    UnitLevel.PROVINCE: "省",
    UnitLevel.CITY: "市(州)",
    UnitLevel.COUNTY: "县(市、区)",
    UnitLevel.TOWNSHIP: "乡镇(街道)",
}


class UnitKind(StrEnum):
    AGENCY = "agency"  # 机关: issues documents under its own 代字
    DEPARTMENT = "department"  # 内设机构: works inside its parent agency

    @property
    def label(self) -> str:
        return "机关" if self is UnitKind.AGENCY else "内设机构"


class Permission(Enum):
    RECEIVE_DOCUMENT = "签收/登记收文"
    PROPOSE = "拟办"
    INSTRUCT = "批示"
    SIGN_ISSUE = "签发"
    REVIEW_DRAFT = "核稿"
    DRAFT = "拟稿"
    HANDLE = "承办"
    APPLY_SEAL = "用印"
    ARCHIVE = "归档"
    MANAGE_MEETINGS = "管理会议室与会议"
    SEND_NOTICE = "发送通知"
    SUPERVISE = "督办"
    ADMINISTER = "管理单位、人员与角色"


class Role(StrEnum):
    CLERK = "clerk"
    OFFICE_DIRECTOR = "office_director"
    LEADER = "leader"
    REVIEWER = "reviewer"
    HANDLER = "handler"
    SEAL_KEEPER = "seal_keeper"
    ARCHIVIST = "archivist"
    MEETING_ADMIN = "meeting_admin"
    SYSADMIN = "sysadmin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def short_label(self) -> str:
        """The label without its parenthesised duties: 办公室主任, 领导."""
        return ROLE_LABELS[self].split("(")[0]

    @property
    def permissions(self) -> frozenset[Permission]:
        return ROLE_PERMISSIONS[self]


ROLE_LABELS: Mapping[Role, str] = {
    Role.CLERK: "收发员",
    Role.OFFICE_DIRECTOR: "办公室主任(拟办)",
    Role.LEADER: "领导(批示/签发)",
    Role.REVIEWER: "核稿人",
    Role.HANDLER: "承办人",
    Role.SEAL_KEEPER: "印章管理员",
    Role.ARCHIVIST: "档案员",
    Role.MEETING_ADMIN: "会议管理员",
    Role.SYSADMIN: "系统管理员",
}

P = Permission
ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset({P.RECEIVE_DOCUMENT, P.DRAFT, P.SEND_NOTICE}),
    # The office director proposes handling (拟办) and follows items up (督办).
    Role.OFFICE_DIRECTOR: frozenset(
        {P.PROPOSE, P.SUPERVISE, P.REVIEW_DRAFT, P.DRAFT, P.SEND_NOTICE}
    ),
    Role.LEADER: frozenset({P.INSTRUCT, P.SIGN_ISSUE, P.SEND_NOTICE}),
    Role.REVIEWER: frozenset({P.REVIEW_DRAFT}),
    Role.HANDLER: frozenset({P.HANDLE, P.DRAFT}),
    Role.SEAL_KEEPER: frozenset({P.APPLY_SEAL}),
    Role.ARCHIVIST: frozenset({P.ARCHIVE}),
    Role.MEETING_ADMIN: frozenset({P.MANAGE_MEETINGS, P.SEND_NOTICE}),
    # Administration is deliberately separate from document work: a sysadmin cannot sign or seal.
    Role.SYSADMIN: frozenset({P.ADMINISTER}),
}


@dataclass(frozen=True, slots=True)
class RoleGrant:
    """A role held by a person within a unit (the unit bounds what the role applies to)."""

    role: Role
    unit_id: str


def permissions_of(
    grants: Iterable[RoleGrant], unit_id: str | None = None
) -> frozenset[Permission]:
    """Permissions granted in ``unit_id`` (or anywhere when None)."""
    out: set[Permission] = set()
    for g in grants:
        if unit_id is None or g.unit_id == unit_id:
            out |= g.role.permissions
    return frozenset(out)


def require(grants: Iterable[RoleGrant], perm: Permission, unit_id: str | None = None) -> None:
    if perm not in permissions_of(grants, unit_id):
        raise PermissionDeniedError(f"没有“{perm.value}”的权限")


# 机关代字: 1–8 Chinese characters (塔政, 塔政办, 塔自然资), no digits or brackets.
_CODE_PREFIX = re.compile(r"^[\u4e00-\u9fff]{1,8}$")


@dataclass(frozen=True, slots=True)
class UnitSpec:
    """What a unit must satisfy to be stored; the parent is given when there is one."""

    name: str
    level: UnitLevel
    kind: UnitKind
    code_prefix: str | None = None


def validate_unit(unit: UnitSpec, parent: UnitSpec | None) -> None:
    """Raise UserError when ``unit`` cannot sit under ``parent`` as described."""
    name = unit.name.strip()
    if not name:
        raise UserError("单位名称不能为空")
    if len(name) > 60:
        raise UserError("单位名称不能超过 60 个字")
    if unit.code_prefix is not None and not _CODE_PREFIX.match(unit.code_prefix):
        raise UserError(f"机关代字“{unit.code_prefix}”应为 1–8 个汉字")
    if unit.kind is UnitKind.DEPARTMENT:
        if parent is None:
            raise UserError("内设机构必须隶属于一个单位")
        if unit.level is not parent.level:
            raise UserError("内设机构的层级必须与所属单位相同")
        if unit.code_prefix is not None:
            raise UserError("内设机构不单独使用机关代字")
    elif parent is not None:
        if parent.kind is UnitKind.DEPARTMENT:
            raise UserError("机关不能隶属于内设机构")
        if unit.level.rank < parent.level.rank:
            raise UserError(f"{unit.level.label}级单位不能隶属于{parent.level.label}级单位")


def check_no_cycle(
    unit_id: str, new_parent_id: str | None, parent_of: Mapping[str, str | None]
) -> None:
    """Refuse moving a unit under itself or one of its descendants."""
    seen: set[str] = set()
    cur = new_parent_id
    while cur is not None:
        if cur == unit_id:
            raise UserError("不能把单位移到它自己或其下级单位之下")
        if cur in seen:  # a corrupt tree must not hang the client
            raise UserError("单位层级数据有循环")
        seen.add(cur)
        cur = parent_of.get(cur)


def descendants(root_id: str, parent_of: Mapping[str, str | None]) -> set[str]:
    """The ids of ``root_id`` and every unit below it."""
    children: dict[str, list[str]] = {}
    for uid, pid in parent_of.items():
        if pid is not None:
            children.setdefault(pid, []).append(uid)
    out = {root_id}
    stack = [root_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in out:
                out.add(child)
                stack.append(child)
    return out


_USERNAME = re.compile(r"^[a-z][a-z0-9_.-]{1,31}$")
_PHONE = re.compile(r"^[0-9+\-() ]{3,32}$")
MIN_PASSWORD_LENGTH = 8


def validate_person(*, username: str, name: str, phone: str | None) -> str:
    """Check a person's identity fields; returns the cleaned name."""
    name = name.strip()
    if not name:
        raise UserError("姓名不能为空")
    if len(name) > 60:
        raise UserError("姓名不能超过 60 个字")
    if not _USERNAME.match(username):
        raise UserError("用户名应为 2–32 位小写字母、数字或 . _ -，以字母开头")
    if phone and not _PHONE.match(phone):
        raise UserError(f"电话号码“{phone}”格式不正确")
    return name


def check_password_policy(password: str) -> None:
    """The policy for passwords an administrator or user sets (the server enforces it)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 位")
