"""Roles, permissions and the unit tree rules (app.domain.org)."""

from __future__ import annotations

import pytest

from app.domain.org import (
    ROLE_LABELS,
    Permission,
    Role,
    RoleGrant,
    UnitKind,
    UnitLevel,
    UnitSpec,
    check_no_cycle,
    descendants,
    permissions_of,
    require,
    validate_unit,
)
from app.errors import PermissionDeniedError, UserError

A, D = UnitKind.AGENCY, UnitKind.DEPARTMENT
L = UnitLevel


def test_the_nine_roles_have_their_chinese_names() -> None:
    assert [r.label for r in Role] == [
        "收发员",
        "办公室主任(拟办)",
        "领导(批示/签发)",
        "核稿人",
        "承办人",
        "印章管理员",
        "档案员",
        "会议管理员",
        "系统管理员",
    ]
    assert set(ROLE_LABELS) == set(Role)


@pytest.mark.parametrize(
    ("role", "perm"),
    [
        (Role.CLERK, Permission.RECEIVE_DOCUMENT),
        (Role.OFFICE_DIRECTOR, Permission.PROPOSE),
        (Role.LEADER, Permission.INSTRUCT),
        (Role.LEADER, Permission.SIGN_ISSUE),
        (Role.REVIEWER, Permission.REVIEW_DRAFT),
        (Role.HANDLER, Permission.HANDLE),
        (Role.SEAL_KEEPER, Permission.APPLY_SEAL),
        (Role.ARCHIVIST, Permission.ARCHIVE),
        (Role.MEETING_ADMIN, Permission.MANAGE_MEETINGS),
        (Role.SYSADMIN, Permission.ADMINISTER),
    ],
)
def test_each_role_grants_its_duty(role: Role, perm: Permission) -> None:
    assert perm in role.permissions


@pytest.mark.parametrize(
    ("role", "perm"),
    [
        (Role.CLERK, Permission.SIGN_ISSUE),  # a clerk never signs
        (Role.HANDLER, Permission.APPLY_SEAL),
        (Role.SYSADMIN, Permission.SIGN_ISSUE),  # administration is not document authority
        (Role.SYSADMIN, Permission.APPLY_SEAL),
        (Role.SEAL_KEEPER, Permission.SIGN_ISSUE),
        (Role.REVIEWER, Permission.SIGN_ISSUE),
    ],
)
def test_roles_do_not_grant_what_is_not_theirs(role: Role, perm: Permission) -> None:
    assert perm not in role.permissions


def test_permissions_are_bounded_by_the_unit_of_the_grant() -> None:
    grants = [RoleGrant(Role.LEADER, "edu"), RoleGrant(Role.CLERK, "finance")]
    assert Permission.SIGN_ISSUE in permissions_of(grants, "edu")
    assert Permission.SIGN_ISSUE not in permissions_of(grants, "finance")
    assert Permission.RECEIVE_DOCUMENT in permissions_of(grants)  # anywhere
    require(grants, Permission.SIGN_ISSUE, "edu")
    with pytest.raises(PermissionDeniedError, match="签发"):
        require(grants, Permission.SIGN_ISSUE, "finance")


def test_unit_levels_and_kinds_have_chinese_labels() -> None:
    assert [lv.label for lv in UnitLevel] == ["省", "市(州)", "县(市、区)", "乡镇(街道)"]
    assert A.label == "机关" and D.label == "内设机构"


def test_valid_units_pass() -> None:
    gov = UnitSpec("塔山市人民政府", L.COUNTY, A, "塔政")
    validate_unit(gov, None)
    validate_unit(UnitSpec("东湖镇人民政府", L.TOWNSHIP, A, "东湖政"), gov)
    validate_unit(UnitSpec("秘书科", L.COUNTY, D), gov)


@pytest.mark.parametrize(
    ("unit", "parent", "message"),
    [
        (UnitSpec(" ", L.COUNTY, A), None, "名称不能为空"),
        (UnitSpec("秘书科", L.COUNTY, D), None, "必须隶属"),
        (
            UnitSpec("秘书科", L.TOWNSHIP, D),
            UnitSpec("市政府", L.COUNTY, A),
            "层级必须与所属单位相同",
        ),
        (
            UnitSpec("秘书科", L.COUNTY, D, "塔秘"),
            UnitSpec("市政府", L.COUNTY, A),
            "不单独使用机关代字",
        ),
        (UnitSpec("某局", L.COUNTY, A), UnitSpec("秘书科", L.COUNTY, D), "不能隶属于内设机构"),
        (UnitSpec("某省厅", L.PROVINCE, A), UnitSpec("县政府", L.COUNTY, A), "不能隶属于"),
        (UnitSpec("某局", L.COUNTY, A, "Ta2"), None, "应为 1–8 个汉字"),
        (UnitSpec("某局", L.COUNTY, A, "塔〔政〕"), None, "应为 1–8 个汉字"),
    ],
)
def test_invalid_units_are_refused(unit: UnitSpec, parent: UnitSpec | None, message: str) -> None:
    with pytest.raises(UserError, match=message):
        validate_unit(unit, parent)


def test_moving_a_unit_under_its_own_descendant_is_refused() -> None:
    parent_of: dict[str, str | None] = {"gov": None, "office": "gov", "sec": "office", "edu": "gov"}
    check_no_cycle("sec", "edu", parent_of)  # a legitimate move
    with pytest.raises(UserError, match="自己或其下级"):
        check_no_cycle("office", "sec", parent_of)
    with pytest.raises(UserError):
        check_no_cycle("gov", "gov", parent_of)


def test_descendants_include_the_whole_subtree_only() -> None:
    parent_of: dict[str, str | None] = {"gov": None, "office": "gov", "sec": "office", "edu": "gov"}
    assert descendants("office", parent_of) == {"office", "sec"}
    assert descendants("gov", parent_of) == {"gov", "office", "sec", "edu"}
    assert descendants("edu", parent_of) == {"edu"}
