"""Address-book queries on the demo county: search keys, unit filters, paging and counts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from app.db.engine import transaction
from app.domain.org import descendants
from app.profile import Profile
from app.services.org import count_people, create_person, list_units, search_people


@pytest.fixture
def session(demo_profile: Profile) -> Iterator[Session]:
    with transaction(demo_profile.store()) as s:
        yield s


def _unit_id(session: Session, name: str) -> str:
    return next(u.id for u in list_units(session) if u.name == name)


def test_initials_find_exactly_the_person(session: Session) -> None:
    assert [p.name for p in search_people(session, query="zhs")] == ["张华生"]
    assert count_people(session, query="zhs") == 1


def test_chinese_substring_and_phone(session: Session) -> None:
    assert "张华生" in [p.name for p in search_people(session, query="张")]
    assert [p.name for p in search_people(session, query="6222001")] == ["张华生"]


def test_unit_filter_with_descendants(session: Session) -> None:
    units = list_units(session)
    parent_of = {u.id: u.parent_id for u in units}
    office = _unit_id(session, "塔山市人民政府办公室")
    ids = descendants(office, parent_of)
    names = {p.name for p in search_people(session, unit_ids=ids)}
    # The office itself plus its three sections (秘书科, 督查科, 综合科).
    assert {"张华生", "陈静", "刘芳", "孙丽", "郑涛"} <= names
    assert "王建国" not in names
    assert count_people(session, unit_ids=ids) == len(names) == 9


def test_count_matches_search_for_no_match(session: Session) -> None:
    assert search_people(session, query="不存在的人") == []
    assert count_people(session, query="不存在的人") == 0


def test_offset_pages_cover_everyone_once(session: Session) -> None:
    donghu = _unit_id(session, "东湖镇人民政府")
    for i in range(25):
        # Same sort_order and name for all: only the id tie-break keeps pages stable.
        create_person(session, unit_id=donghu, username=f"p{i:04d}", name="王伟")
    total = count_people(session)
    assert total == 35 + 25
    seen: list[str] = []
    for offset in range(0, total + 10, 7):
        seen += [p.id for p in search_people(session, limit=7, offset=offset)]
    assert len(seen) == total
    assert len(set(seen)) == total
    assert search_people(session, limit=7, offset=total) == []
