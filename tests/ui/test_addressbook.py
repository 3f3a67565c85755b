"""通讯录: unit tree, search, unit filter, empty state, paging and keyboard."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from app.changes import Changes
from app.services.org import create_person, list_units
from ui.addressbook import UNIT_ID_ROLE, AddressBookView
from ui.context import AppContext
from ui.operations import DbOp
from ui.taskman import TaskManager, install_taskman

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰"]


def _names(view: AddressBookView) -> list[str]:
    model = view.people
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _search(view: AddressBookView, qtbot: QtBot, text: str) -> None:
    view.search_box.setText(text)
    # The real debounce: the query runs once typing pauses.
    with qtbot.waitSignal(view.people.loaded, timeout=2000):
        pass


def _unit_id(ctx: AppContext, name: str) -> str:
    with ctx.profile.store()() as session:
        return next(u.id for u in list_units(session) if u.name == name)


def _tree_children(item: QStandardItem) -> list[str]:
    return [item.child(r).text() for r in range(item.rowCount())]


def test_tree_lists_units_under_all(ctx: AppContext, qtbot: QtBot) -> None:
    view = AddressBookView(ctx)
    qtbot.addWidget(view)
    root = view.unit_model.item(0)
    assert root.text() == "全部单位"
    assert _tree_children(root) == ["塔山市人民政府"]
    gov = root.child(0)
    assert _tree_children(gov) == [
        "塔山市人民政府办公室",
        "塔山市教育局",
        "塔山市财政局",
        "塔山市自然资源局",
        "塔山市卫生健康委员会",
        "东湖镇人民政府",
        "西岭乡人民政府",
        "南河街道办事处",
    ]
    assert _tree_children(gov.child(0)) == ["秘书科", "督查科", "综合科"]
    assert "塔政" in gov.toolTip()
    assert view.people.total == 35
    assert view.count_label.text() == "共 35 人"


def test_search_by_initials_and_chinese(ctx: AppContext, qtbot: QtBot) -> None:
    view = AddressBookView(ctx)
    qtbot.addWidget(view)
    _search(view, qtbot, "zhs")
    assert _names(view) == ["张华生"]
    assert view.count_label.text() == "共 1 人"
    row = view.people.index(0, 0)
    assert [view.people.index(0, c).data() for c in range(5)] == [
        "张华生",
        "塔山市人民政府办公室",
        "主任",
        "0901-6222001",
        "办公室主任(拟办)、核稿人",
    ]
    assert row.isValid()
    _search(view, qtbot, "张")
    assert "张华生" in _names(view)


def test_selecting_a_unit_filters_to_its_people(ctx: AppContext, qtbot: QtBot) -> None:
    view = AddressBookView(ctx)
    qtbot.addWidget(view)
    view.select_unit(_unit_id(ctx, "东湖镇人民政府"))
    assert sorted(_names(view)) == sorted(["曹军", "袁林", "单丽萍", "彭伟"])
    assert view.count_label.text() == "共 4 人"
    # The office includes its three sections.
    view.select_unit(_unit_id(ctx, "塔山市人民政府办公室"))
    assert view.people.total == 9
    view.select_unit(None)
    assert view.people.total == 35


def test_search_within_unit_and_empty_state(ctx: AppContext, qtbot: QtBot) -> None:
    view = AddressBookView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.select_unit(_unit_id(ctx, "东湖镇人民政府"))
    _search(view, qtbot, "zhs")  # 张华生 exists, but not in 东湖镇
    assert view.people.total == 0
    assert view.empty_label.isVisible()
    assert not view.table.isVisible()
    assert view.empty_label.text() == "没有找到匹配的人员"
    _search(view, qtbot, "cj")
    assert _names(view) == ["曹军"]
    assert view.table.isVisible()


def test_lazy_paging(ctx: AppContext, qtbot: QtBot) -> None:
    xiling = _unit_id(ctx, "西岭乡人民政府")

    def add_people(session: Session) -> Changes:
        for i in range(260):
            name = SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)]
            create_person(session, unit_id=xiling, username=f"p{i:04d}", name=name, sort_order=i)
        return Changes(org=True)

    view = AddressBookView(ctx)
    qtbot.addWidget(view)
    DbOp(None, add_people).run()  # broadcasts Changes(org=True): the view reloads
    model = view.people
    total = 35 + 260
    assert model.total == total
    assert view.count_label.text() == f"共 {total} 人"
    assert model.rowCount() == model.page_size == 100
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 200
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == total
    usernames = [model.person(r).username for r in range(total)]  # type: ignore[union-attr]
    assert len(set(usernames)) == total


def test_scrolling_fetches_more(ctx: AppContext, qtbot: QtBot) -> None:
    xiling = _unit_id(ctx, "西岭乡人民政府")

    def add_people(session: Session) -> Changes:
        for i in range(150):
            create_person(session, unit_id=xiling, username=f"p{i:04d}", name="王伟")
        return Changes(org=True)

    view = AddressBookView(ctx)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    DbOp(None, add_people).run()
    assert view.people.rowCount() == 100
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.people.rowCount() == 185, timeout=2000)


def test_detail_panel_and_activation(ctx: AppContext, qtbot: QtBot) -> None:
    view = AddressBookView(ctx)
    qtbot.addWidget(view)
    view.show()
    _search(view, qtbot, "zhs")
    activated: list[object] = []
    view.person_activated.connect(activated.append)
    index = view.people.index(0, 0)
    view.table.setCurrentIndex(index)
    assert view.detail_name.text() == "张华生"
    assert view.detail_fields["phone"].text() == "0901-6222001"
    assert view.detail_fields["roles"].text() == "办公室主任(拟办)、核稿人"
    view.table.doubleClicked.emit(index)
    assert [p.name for p in activated] == ["张华生"]  # type: ignore[attr-defined]


def test_keyboard(ctx: AppContext, qtbot: QtBot) -> None:
    view = AddressBookView(ctx)
    qtbot.addWidget(view)
    with qtbot.waitActive(view):  # shortcuts only reach the active window
        view.show()
        view.activateWindow()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search_box.hasFocus()
    qtbot.keyClicks(view.search_box, "zhs")
    qtbot.keyClick(view.search_box, Qt.Key.Key_Down)  # runs the pending search at once
    assert view.table.hasFocus()
    assert view.current_person() is not None
    assert view.current_person().name == "张华生"  # type: ignore[union-attr]
    view.search_box.setFocus()
    qtbot.keyClick(view.search_box, Qt.Key.Key_Escape)
    assert view.search_box.text() == ""
    assert view.people.total == 35


def test_org_change_keeps_unit_selection(ctx: AppContext, qtbot: QtBot) -> None:
    view = AddressBookView(ctx)
    qtbot.addWidget(view)
    donghu = _unit_id(ctx, "东湖镇人民政府")
    view.select_unit(donghu)

    def add(session: Session) -> Changes:
        create_person(session, unit_id=donghu, username="newp", name="新来的")
        return Changes(org=True)

    DbOp(None, add).run()
    assert view.unit_tree.currentIndex().data(UNIT_ID_ROLE) == donghu
    assert "新来的" in _names(view)
    assert view.people.total == 5


def test_works_with_the_threaded_task_manager(ctx: AppContext, qtbot: QtBot) -> None:
    """The real task manager answers on the GUI thread later: the view must wait, not block."""
    threaded = TaskManager(ctx.profile.store())
    install_taskman(threaded)
    try:
        view = AddressBookView(replace(ctx, taskman=threaded))
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: view.people.total == 35, timeout=5000)
        view.search_box.setText("zh")
        view.apply_filter()
        view.search_box.setText("zhs")
        view.apply_filter()  # the answer to "zh" arrives after this and must be dropped
        qtbot.waitUntil(lambda: _names(view) == ["张华生"], timeout=5000)
        qtbot.wait(300)
        assert _names(view) == ["张华生"]
        assert view.count_label.text() == "共 1 人"
    finally:
        install_taskman(ctx.taskman)
        threaded.shutdown()
