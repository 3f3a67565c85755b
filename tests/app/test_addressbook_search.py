"""Address book search: by name, pinyin initials, full pinyin (app.services.org)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from app.db.engine import transaction
from app.domain.org import Role, UnitKind, UnitLevel
from app.domain.pinyin import search_keys
from app.errors import UserError
from app.profile import Profile
from app.services.org import create_person, create_unit, list_units, search_people


def names(session: Session, query: str, **kw: object) -> list[str]:
    return [p.name for p in search_people(session, query=query, **kw)]  # type: ignore[arg-type]


@pytest.fixture
def session(demo_profile: Profile) -> Session:
    s = demo_profile.store()()
    yield s  # type: ignore[misc]
    s.close()


def test_pinyin_initials_find_the_person(session: Session) -> None:
    assert names(session, "zhs") == ["张华生"]
    assert names(session, "ZHS") == ["张华生"]  # case does not matter


def test_full_pinyin_prefix(session: Session) -> None:
    assert names(session, "zhanghua") == ["张华生"]
    assert names(session, "zhang hua sheng") == ["张华生"]


def test_name_substring(session: Session) -> None:
    assert names(session, "张") == ["张华生"]
    assert names(session, "华生") == ["张华生"]
    assert "王建国" in names(session, "建")


def test_heteronym_surnames_match_either_reading(session: Session) -> None:
    # 曾 reads zeng as a surname, ceng elsewhere; 单 reads shan as a surname, dan elsewhere.
    assert "曾志伟" in names(session, "zzw")
    assert "单丽萍" in names(session, "slp")
    assert "单丽萍" in names(session, "shanliping")


def test_initials_match_at_word_start_only(session: Session) -> None:
    # "hs" is inside "zhs" but is no name's initials: a search for it must not return 张华生.
    assert "张华生" not in names(session, "hs")


def test_no_match_and_special_characters(session: Session) -> None:
    assert names(session, "不存在的人") == []
    assert names(session, "%") == []
    assert names(session, "_") == []


def test_empty_query_lists_everyone_in_order(session: Session) -> None:
    everyone = names(session, "")
    assert len(everyone) == 35
    assert everyone[0] == "王建国"  # government leaders first (unit order, then person order)


def test_search_within_units(session: Session) -> None:
    donghu = next(u.id for u in list_units(session) if u.name == "东湖镇人民政府")
    assert sorted(names(session, "", unit_ids={donghu})) == sorted(
        ["曹军", "袁林", "单丽萍", "彭伟"]
    )
    assert names(session, "zhs", unit_ids={donghu}) == []


def test_roles_are_returned_with_people(session: Session) -> None:
    (zhang,) = search_people(session, query="zhs")
    assert zhang.roles == (Role.OFFICE_DIRECTOR, Role.REVIEWER)
    assert zhang.unit_name == "塔山市人民政府办公室"


def test_search_keys() -> None:
    assert search_keys("张华生") == ("zhs", "zhanghuasheng")


def test_bad_people_and_units_are_refused_and_nothing_is_written(demo_profile: Profile) -> None:
    sessions = demo_profile.store()
    with sessions() as s:
        unit = next(u for u in list_units(s) if u.name == "塔山市教育局")
        before = len(search_people(s, query=""))
    cases = [
        {"unit_id": unit.id, "username": "zhanghs", "name": "重名"},  # username taken
        {"unit_id": unit.id, "username": "X", "name": "大写"},
        {"unit_id": unit.id, "username": "newp", "name": "  "},
        {"unit_id": "nope", "username": "newp", "name": "无单位"},
        {"unit_id": unit.id, "username": "newp", "name": "坏电话", "phone": "abc"},
    ]
    for kw in cases:
        with pytest.raises(UserError), transaction(sessions) as s:
            create_person(s, **kw)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="已被其他单位使用"), transaction(sessions) as s:
        create_unit(
            s, name="重复代字局", level=UnitLevel.COUNTY, kind=UnitKind.AGENCY, code_prefix="塔政"
        )
    with sessions() as s:
        assert len(search_people(s, query="")) == before
        assert not any(u.name == "重复代字局" for u in list_units(s))
