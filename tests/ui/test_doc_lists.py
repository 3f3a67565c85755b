"""新建拟稿, 登记纸质来文, 待签收, 督办 and 公文检索 from the 公文 lists (real demo-county data)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.db import models as m
from app.db.engine import transaction
from app.services.actors import CEILING_KEY
from app.services.documents import create_draft
from app.services.org import person_by_username
from app.services.workbench import set_meta
from app.sync.local import put_server_state
from tests.ui.test_documents import _column, _outbox
from ui import doc_search
from ui.context import AppContext
from ui.doc_dialogs import CC_COL, NewDraftDialog, PaperDialog
from ui.doc_lists import SupervisionView, ToSignView
from ui.doc_search import SearchDialog, set_date
from ui.documents import OVERDUE_COLOUR, DocumentsView
from ui.mainwindow import MainWindow


def _as(ctx: AppContext, username: str) -> AppContext:
    with ctx.profile.store()() as session:
        user = person_by_username(session, username=username)
    assert user is not None
    return replace(ctx, user=user)


def _unit(ctx: AppContext, name: str) -> str:
    with ctx.profile.store()() as session:
        unit_id = session.scalar(select(m.Unit.id).where(m.Unit.name == name))
    assert unit_id is not None
    return unit_id


def _server(ctx: AppContext, *items: tuple[str, str, dict[str, Any]]) -> None:
    """Records as a sync would leave them (shadow, typed rows, search index)."""
    with transaction(ctx.profile.store()) as session:
        put_server_state(session, [(rid, t, 2, False, data) for rid, t, data in items], 1)


def _documents(ctx: AppContext) -> int:
    with ctx.profile.store()() as session:
        return int(session.scalar(select(func.count()).select_from(m.Document)) or 0)


def _view(ctx: AppContext, qtbot: QtBot, direction: str) -> DocumentsView:
    view = DocumentsView(ctx, direction)
    qtbot.addWidget(view)
    return view


def _tabs(view: DocumentsView) -> list[str]:
    return [view.tabs.tabText(i) for i in range(view.tabs.count())]


# --- 新建拟稿 -------------------------------------------------------------------------------


def test_new_draft_appears_in_the_list_and_opens_its_window(ctx: AppContext, qtbot: QtBot) -> None:
    heyf = _as(ctx, "heyf")  # 教育局 承办人: may draft
    view = _view(heyf, qtbot, "out")
    assert view.new_button is not None and view.new_button.text() == "新建拟稿"
    assert view.shortcuts["new"].key().toString() == "Ctrl+N"
    dialog = view.new_document()
    assert isinstance(dialog, NewDraftDialog)
    qtbot.addWidget(dialog)
    # Only the levels this deployment carries (its ceiling is 内部 by default).
    levels = [dialog.classification.itemText(i) for i in range(dialog.classification.count())]
    assert levels == ["非密", "内部"]
    assert dialog.code.text() == "塔教发"  # the 机关代字 plus 发
    dialog.doc_type.setCurrentText("函")
    assert dialog.code.text() == "塔教函"

    dialog.title.setText("关于商请协助做好暑期学生安全工作的函")
    assert dialog.units.choose("西岭乡人民政府")
    assert dialog.units.choose("东湖镇人民政府", CC_COL)
    dialog.urgency.setCurrentIndex(dialog.urgency.findData("加急"))
    opened: list[str] = []
    view.document_opened.connect(opened.append)
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.error.text() == ""

    created = [p for t, _a, p in _outbox(heyf) if t == "outdoc"]
    assert len(created) == 1
    draft = created[0]
    assert draft["title"] == "关于商请协助做好暑期学生安全工作的函"
    assert (draft["doc_type"], draft["code"], draft["urgency"]) == ("函", "塔教函", "加急")
    assert draft["main_units"] == [_unit(heyf, "西岭乡人民政府")]
    assert draft["cc_units"] == [_unit(heyf, "东湖镇人民政府")]
    assert len(opened) == 1  # the window opened on the new draft, for its 正文
    view.show_list("all")
    assert _column(view, "标题") == ["关于商请协助做好暑期学生安全工作的函"]
    assert _column(view, "状态") == ["拟稿"]


def test_new_draft_refuses_an_empty_title_and_a_level_above_the_ceiling(
    ctx: AppContext, qtbot: QtBot
) -> None:
    heyf = _as(ctx, "heyf")
    with transaction(heyf.profile.store()) as session:
        set_meta(session, CEILING_KEY, "机密")
    view = _view(heyf, qtbot, "out")
    dialog = view.new_document()
    assert isinstance(dialog, NewDraftDialog)
    qtbot.addWidget(dialog)
    before = _outbox(heyf)

    dialog.submit()
    assert dialog.error.text() == "请填写标题"
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert _outbox(heyf) == before

    levels = [dialog.classification.itemData(i) for i in range(dialog.classification.count())]
    assert levels == ["", "内部", "秘密", "机密"]
    dialog.title.setText("关于报送涉密人员名单的通知")
    dialog.classification.setCurrentIndex(dialog.classification.findData("秘密"))
    assert not dialog.period.isHidden()  # 保密期限 beside 秘密
    # Meanwhile the server lowered its ceiling (a later login): the 秘密 draft is refused.
    with transaction(heyf.profile.store()) as session:
        set_meta(session, CEILING_KEY, "内部")
    dialog.submit()
    assert "本系统最高只能处理“内部”级文件" in dialog.error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.buttons.isEnabled()  # the writer can change the level and try again
    assert _outbox(heyf) == before
    assert _documents(heyf) == 0


def test_only_people_who_may_draft_or_register_get_the_new_button(
    ctx: AppContext, qtbot: QtBot
) -> None:
    leader = _as(ctx, "maxd")  # signs, never drafts
    assert _view(leader, qtbot, "out").new_button is None
    assert _view(leader, qtbot, "out").new_document() is None
    handler = _as(ctx, "heyf")  # drafts, does not register incoming mail
    assert _view(handler, qtbot, "in").new_button is None
    clerks = _view(_as(ctx, "liuf"), qtbot, "in")
    assert clerks.new_button is not None and clerks.new_button.text() == "登记纸质来文"


# --- 登记纸质来文 -----------------------------------------------------------------------------


def test_paper_registration_creates_an_incoming_document(ctx: AppContext, qtbot: QtBot) -> None:
    clerk = _as(ctx, "liuf")  # 收发员 of the 政府办
    view = _view(clerk, qtbot, "in")
    dialog = view.new_document()
    assert isinstance(dialog, PaperDialog)
    qtbot.addWidget(dialog)
    assert dialog.received.date().toString("yyyy-MM-dd") == date.today().isoformat()

    dialog.title.setText("关于报送防汛物资储备情况的通知")
    dialog.submit()
    assert dialog.error.text() == "请填写来文单位"
    assert _outbox(clerk) == []

    dialog.from_unit.setText("塔山市应急管理局")
    dialog.doc_number.setText("塔应急发〔2026〕15号")
    dialog.urgency.setCurrentIndex(dialog.urgency.findData("特急"))
    dialog.copies.setValue(3)
    dialog.use_deadline.setChecked(True)
    dialog.deadline.setDate(dialog.received.date().addDays(-1))
    dialog.submit()
    assert dialog.error.text() == "办理时限不能早于收文日期"
    assert _outbox(clerk) == []

    dialog.use_deadline.setChecked(False)
    opened: list[str] = []
    view.document_opened.connect(opened.append)
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    ((kind, _action, fields),) = _outbox(clerk)
    assert kind == "indoc"
    assert fields["source"] == "paper" and fields["state"] == "register"
    assert (fields["from_unit"], fields["doc_number"]) == (
        "塔山市应急管理局",
        "塔应急发〔2026〕15号",
    )
    assert (fields["copies"], fields["received_date"]) == (3, date.today().isoformat())
    assert len(opened) == 1
    # It waits in the clerk's 待办 for the 登记 step.
    assert view.current_list() == "todo"
    assert _column(view, "标题") == ["关于报送防汛物资储备情况的通知"]
    assert _column(view, "来文单位") == ["塔山市应急管理局"]
    assert _column(view, "状态") == ["待登记"]


def test_paper_registration_keeps_its_deadline(ctx: AppContext, qtbot: QtBot) -> None:
    clerk = _as(ctx, "liuf")
    view = _view(clerk, qtbot, "in")
    dialog = view.new_document()
    assert isinstance(dialog, PaperDialog)
    qtbot.addWidget(dialog)
    dialog.from_unit.setText("塔山市应急管理局")
    dialog.title.setText("关于报送汛期值班表的通知")
    dialog.use_deadline.setChecked(True)
    dialog.deadline.setDate(dialog.received.date().addDays(5))
    dialog.submit()
    ((_kind, _action, fields),) = _outbox(clerk)
    assert fields.get("deadline") == (date.today() + timedelta(days=5)).isoformat()


# --- 待签收 --------------------------------------------------------------------------------


def _copy(ctx: AppContext, rid: str, title: str, sent_at: str, **fields: Any) -> None:
    """A 分发 copy for the 政府办, as the sync brings it to the 收发员."""
    _server(
        ctx,
        (
            rid,
            "exchange",
            {
                "doc_id": f"out-{rid}",
                "from_unit_id": _unit(ctx, "塔山市教育局"),
                "from_unit": "塔山市教育局",
                "to_unit_id": _unit(ctx, "塔山市人民政府办公室"),
                "to_unit": "塔山市人民政府办公室",
                "kind": "主送",
                "status": "sent",
                "sent_at": sent_at,
                "title": title,
                "doc_number": "塔教发〔2026〕3号",
                "urgency": "加急",
                **fields,
            },
        ),
    )


def test_to_sign_lists_copies_and_sign_for_queues_the_step(ctx: AppContext, qtbot: QtBot) -> None:
    clerk = _as(ctx, "liuf")
    _copy(clerk, "ex-1", "关于做好秋季开学准备工作的报告", "2026-06-20T09:30:00+08:00")
    _copy(clerk, "ex-2", "关于申请校舍维修资金的请示", "2026-06-19T16:05:00+08:00")
    view = _view(clerk, qtbot, "in")
    assert _tabs(view)[-1] == "待签收 (2)"
    view.show_list("to_sign")
    panel = view.panels["to_sign"]
    assert isinstance(panel, ToSignView)
    assert view.pages.currentWidget() is panel
    model = panel.model
    titles = [model.index(r, model.column_of("标题")).data() for r in range(model.rowCount())]
    assert titles == ["关于做好秋季开学准备工作的报告", "关于申请校舍维修资金的请示"]
    assert model.index(0, model.column_of("来文单位")).data() == "塔山市教育局"
    assert model.index(0, model.column_of("发送时间")).data() == "2026年6月20日 09:30"
    assert not panel.sign_button.isEnabled()  # nothing selected yet

    panel.select(0)
    panel.sign_selected()
    assert ("exchange", "sign_for", {}) in [(t, a, p) for t, a, p in _outbox(clerk)]
    assert panel.notice.text() == "已签收《关于做好秋季开学准备工作的报告》，同步后进入收文登记"
    assert model.rowCount() == 1  # the signed copy left the list
    assert _tabs(view)[-1] == "待签收 (1)"


def test_refusing_a_copy_needs_a_reason(ctx: AppContext, qtbot: QtBot) -> None:
    clerk = _as(ctx, "liuf")
    _copy(clerk, "ex-3", "关于开展校园食品安全检查的通知", "2026-06-18T10:00:00+08:00")
    view = _view(clerk, qtbot, "in")
    view.show_list("to_sign")
    panel = view.panels["to_sign"]
    assert isinstance(panel, ToSignView)
    panel.select(0)
    prompt = panel.refuse_selected()
    assert prompt is not None
    qtbot.addWidget(prompt)
    prompt.submit()
    assert prompt.error.text() == "拒收须填写理由"
    assert prompt.isVisible()
    assert _outbox(clerk) == []

    prompt.text.setPlainText("非我办职责，请改送市市场监管局。")
    prompt.submit()
    assert _outbox(clerk) == [
        ("exchange", "refuse", {"reason": "非我办职责，请改送市市场监管局。"})
    ]
    assert panel.notice.text() == "已拒收，同步后退回来文单位"
    assert panel.model.rowCount() == 0
    assert panel.results.currentWidget() is panel.empty_label
    assert _tabs(view)[-1] == "待签收"


# --- 督办 ---------------------------------------------------------------------------------


def _supervised(ctx: AppContext, rid: str, title: str, deadline: str, **fields: Any) -> None:
    _server(
        ctx,
        (
            rid,
            "indoc",
            {
                "doc_type": "通知",
                "title": title,
                "doc_number": "塔应急发〔2026〕15号",
                "register_number": "收〔2026〕12号",
                "from_unit": "塔山市应急管理局",
                "urgency": "",
                "classification": "",
                "state": "handling",
                "deadline": deadline,
                "received_at": "2026-06-01T09:00:00+08:00",
                "handlers": [],
                "log": [],
                **fields,
            },
        ),
    )


def test_a_meeting_decision_in_the_supervision_list_is_finished_not_urged(
    ctx: AppContext, qtbot: QtBot
) -> None:
    """A 纪要's 议定事项 (owner: 张华生) sits in the 督办 list; it is marked 办结, not urged."""
    late = (date.today() - timedelta(days=1)).isoformat()
    data = {
        "meeting_id": "m-1",
        "meeting_title": "市政府常务会议",
        "item": "牵头制定冬季供暖保障方案",
        "owner_id": ctx.user.id,
        "organizer_id": ctx.user.id,
        "deadline": late,
        "state": "open",
    }
    with transaction(ctx.profile.store()) as session:
        put_server_state(session, [("dec-1", "meeting_decision", 1, False, data)], 1)
    view = _view(ctx, qtbot, "in")
    view.show_list("supervision")
    panel = view.panels["supervision"]
    assert isinstance(panel, SupervisionView)
    model = panel.model
    titles = [model.index(r, model.column_of("标题")).data() for r in range(model.rowCount())]
    row = titles.index("牵头制定冬季供暖保障方案")
    panel.select(row)
    assert not panel.urge_button.isEnabled() and panel.finish_button.isEnabled()
    panel._on_activated(model.index(row, 0))  # no 公文 window: it says where the item is from
    assert "市政府常务会议" in panel.notice.text()
    panel.finish_selected()
    assert [(t, a) for t, a, _p in _outbox(ctx)] == [("meeting_decision", "finish")]


def test_supervision_lists_overdue_in_red_and_urges(ctx: AppContext, qtbot: QtBot) -> None:
    heyf = _as(ctx, "heyf")
    overdue = (date.today() - timedelta(days=3)).isoformat()
    _supervised(
        ctx,
        "d-late",
        "关于报送防汛物资储备情况的通知",
        overdue,
        host=heyf.user.id,
        handlers=[f"person:{heyf.user.id}"],
        urges=[{"at": "2026-06-02T09:00:00+08:00", "by": ctx.user.id, "text": "请抓紧"}],
    )
    _supervised(ctx, "d-soon", "关于开展汛前安全检查的通知", "2099-07-01")
    _supervised(ctx, "d-done", "关于表彰先进集体的决定", "2020-07-01", state="done")
    view = _view(ctx, qtbot, "in")  # 张华生, 办公室主任: 督办
    assert _tabs(view)[-1] == "督办"
    view.show_list("supervision")
    panel = view.panels["supervision"]
    assert isinstance(panel, SupervisionView)
    model = panel.model

    def col(header: str) -> list[str]:
        return [model.index(r, model.column_of(header)).data() for r in range(model.rowCount())]

    assert col("标题") == ["关于报送防汛物资储备情况的通知", "关于开展汛前安全检查的通知"]
    assert col("剩余天数")[0] == "超期 3 天"
    assert col("主办") == ["何云飞", "未定"]
    assert col("状态") == ["承办", "承办"]
    assert col("已催办") == ["1 次", ""]
    red = model.index(0, model.column_of("剩余天数")).data(Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.color() == OVERDUE_COLOUR
    title = model.index(1, model.column_of("标题"))
    assert title.data(Qt.ItemDataRole.ForegroundRole) is None

    panel.select(0)
    prompt = panel.urge_selected()
    assert prompt is not None
    qtbot.addWidget(prompt)
    prompt.text.setPlainText("请于今日下班前报送。")
    prompt.submit()
    assert ("indoc", "urge", {"text": "请于今日下班前报送。"}) in _outbox(ctx)
    assert panel.notice.text() == "已催办，同步后提醒承办人"

    # A document finished elsewhere meanwhile: the 催办 is refused with the reason.
    panel.select(1)
    _supervised(ctx, "d-soon", "关于开展汛前安全检查的通知", "2099-07-01", state="done")
    before = _outbox(ctx)
    prompt = panel.urge_selected()
    assert prompt is not None
    qtbot.addWidget(prompt)
    prompt.submit()
    assert prompt.error.text() == "公文当前为“已办结”，不能催办（可能已由他人处理）"
    assert _outbox(ctx) == before

    opened: list[str] = []
    view.document_opened.connect(opened.append)
    panel.table.doubleClicked.emit(model.index(0, 1))
    assert opened == ["d-late"]


def test_extra_tabs_only_for_their_roles(ctx: AppContext, qtbot: QtBot) -> None:
    lists = ["待办", "在办", "已办", "全部"]
    assert _tabs(_view(_as(ctx, "heyf"), qtbot, "in")) == lists
    assert _tabs(_view(ctx, qtbot, "in")) == [*lists, "督办"]  # 办公室主任, not a 收发员
    assert _tabs(_view(_as(ctx, "liuf"), qtbot, "in")) == [*lists, "待签收"]
    assert _tabs(_view(ctx, qtbot, "out")) == lists  # 发文 has neither
    with pytest.raises(KeyError):
        _view(_as(ctx, "heyf"), qtbot, "in").show_list("supervision")


# --- 公文检索 -------------------------------------------------------------------------------

BODY = "各乡镇人民政府：\n\n    为切实做好2026年汛期安全防范工作，现就有关事项通知如下……"


def _searchable(ctx: AppContext) -> None:
    docs = [
        ("s1", "关于做好2026年汛期安全防范工作的紧急通知", "塔应急发〔2026〕15号", "2026-06-18"),
        ("s2", "关于开展防汛应急演练的通知", "塔应急发〔2026〕9号", "2026-05-10"),
        ("s3", "关于做好高考服务保障工作的函", "塔教函〔2026〕18号", "2026-06-01"),
    ]
    for rid, title, number, day in docs:
        _supervised(
            ctx,
            rid,
            title,
            "2099-01-01",
            doc_number=number,
            received_at=f"{day}T09:00:00+08:00",
            body=BODY if rid == "s1" else "请按要求做好相关工作。",
        )


def _hits(dialog: SearchDialog, header: str = "标题") -> list[str]:
    model = dialog.model
    return [model.index(r, model.column_of(header)).data() for r in range(model.rowCount())]


def test_search_by_any_length_number_and_date_then_open(ctx: AppContext, qtbot: QtBot) -> None:
    _searchable(ctx)
    view = _view(ctx, qtbot, "in")
    assert view.shortcuts["search"].key().toString() == "Ctrl+Shift+F"
    assert view.shortcuts["filter"].key().toString() == "Ctrl+F"
    dialog = view.open_search()
    assert isinstance(dialog, SearchDialog)
    qtbot.addWidget(dialog)
    assert dialog.direction.currentText() == "收文"

    def search(**fields: str) -> list[str]:
        dialog.clear()
        for name, text in fields.items():
            getattr(dialog, name).setText(text)
        dialog.run_search()
        return _hits(dialog)

    both = ["关于做好2026年汛期安全防范工作的紧急通知", "关于开展防汛应急演练的通知"]
    assert search(text="汛") == both  # one character
    assert search(text="汛期") == ["关于做好2026年汛期安全防范工作的紧急通知"]
    assert "做好2026年汛期安全防范工作" in _hits(dialog, "摘要")[0]  # the body around it
    assert search(text="安全防范") == ["关于做好2026年汛期安全防范工作的紧急通知"]
    assert dialog.status.text() == "共 1 件"
    assert search(text="台风") == []
    assert dialog.results.currentWidget() is dialog.empty_label
    assert dialog.empty_label.text() == "没有找到匹配的公文"
    assert search(number="塔教函") == ["关于做好高考服务保障工作的函"]
    assert search(number="9号") == ["关于开展防汛应急演练的通知"]

    dialog.clear()
    set_date(dialog.date_from, date(2026, 6, 1))
    set_date(dialog.date_to, date(2026, 6, 30))
    dialog.run_search()
    assert _hits(dialog) == [
        "关于做好2026年汛期安全防范工作的紧急通知",
        "关于做好高考服务保障工作的函",
    ]
    set_date(dialog.date_from, date(2026, 7, 1))
    dialog.run_search()
    assert dialog.error.text() == "开始日期不能晚于结束日期"

    # A draft written here is found at once (indexed with its list row), under 发文 or 全部.
    with transaction(ctx.profile.store()) as session:
        create_draft(session, person_id=ctx.user.id, title="关于汛期值班安排的通知")
    assert search(text="值班") == []  # 收文 only
    dialog.direction.setCurrentIndex(dialog.direction.findData(None))
    assert search(text="值班") == ["关于汛期值班安排的通知"]

    opened: list[str] = []
    view.document_opened.connect(opened.append)
    assert search(text="演练") == ["关于开展防汛应急演练的通知"]
    dialog.table.doubleClicked.emit(dialog.model.index(0, 0))
    assert opened == ["s2"]


def test_search_pages_with_more(
    ctx: AppContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _searchable(ctx)
    monkeypatch.setattr(doc_search, "PAGE_SIZE", 2)
    dialog = SearchDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.text.setText("做好")  # in two titles and one body
    dialog.run_search()
    assert _hits(dialog) == [
        "关于做好2026年汛期安全防范工作的紧急通知",
        "关于做好高考服务保障工作的函",
    ]
    assert not dialog.more_button.isHidden()
    assert dialog.status.text() == "共 3 件，已显示 2 件"
    dialog.load_more()
    assert _hits(dialog)[2:] == ["关于开展防汛应急演练的通知"]
    assert dialog.more_button.isHidden()
    assert dialog.status.text() == "共 3 件"


def _shown(kind: type[QWidget], parent: QWidget) -> list[QWidget]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, kind) and w.isVisible() and w.parent() is parent
    ]


def test_shortcuts_act_on_the_section_shown(ctx: AppContext, qtbot: QtBot) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_section("incoming")  # built, then hidden behind 发文: its keys stay quiet
    outgoing = window.show_section("outgoing")
    assert isinstance(outgoing, DocumentsView)
    ctrl = Qt.KeyboardModifier.ControlModifier

    def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = ctrl) -> None:
        window.activateWindow()
        QApplication.processEvents()
        QTest.keyClick(window, key, modifiers)
        QApplication.processEvents()

    press(Qt.Key.Key_N)
    (draft,) = _shown(NewDraftDialog, outgoing)
    draft.close()
    press(Qt.Key.Key_F)
    assert outgoing.search_box.hasFocus()
    press(Qt.Key.Key_F, ctrl | Qt.KeyboardModifier.ShiftModifier)
    (search,) = _shown(SearchDialog, outgoing)
    assert isinstance(search, SearchDialog)
    assert search.direction.currentText() == "发文"
    search.close()
