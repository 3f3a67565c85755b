"""公文 lists, the document window and the action dialog, on a real demo-county database."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import orjson
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db import models as m
from app.db.engine import transaction
from app.services.documents import create_draft
from app.services.org import person_by_username
from app.sync.local import put_server_state
from ui.action_dialog import ActionDialog
from ui.context import AppContext
from ui.document_window import DocumentWindow
from ui.documents import OVERDUE_COLOUR, DocumentsView


@pytest.fixture
def heyf(ctx: AppContext) -> AppContext:
    """何云飞 of the 教育局: a drafter (拟稿) and, in these tests, a 承办 handler."""
    with ctx.profile.store()() as session:
        user = person_by_username(session, username="heyf")
    assert user is not None
    return replace(ctx, user=user)


def _person(ctx: AppContext, username: str) -> str:
    with ctx.profile.store()() as session:
        person = person_by_username(session, username=username)
    assert person is not None
    return person.id


def _draft(ctx: AppContext, title: str, **fields: Any) -> str:
    with transaction(ctx.profile.store()) as session:
        return create_draft(session, person_id=ctx.user.id, title=title, **fields)


def _incoming(ctx: AppContext, doc_id: str, **fields: Any) -> None:
    """A 收文 as a sync would leave it (server state in the shadow and the list row)."""
    data = {
        "doc_type": "通知",
        "title": "",
        "doc_number": "塔政办发〔2026〕7号",
        "register_number": "收〔2026〕12号",
        "from_unit": "塔山市人民政府办公室",
        "urgency": "",
        "classification": "",
        "received_at": "2026-06-01T09:00:00+08:00",
        "handlers": [],
        "log": [],
        **fields,
    }
    with transaction(ctx.profile.store()) as session:
        put_server_state(session, [(doc_id, "indoc", 3, False, data)], 1)


def _column(view: DocumentsView, header: str) -> list[str]:
    model = view.model
    col = model.column_of(header)
    return [model.index(r, col).data() for r in range(model.rowCount())]


def _outbox(ctx: AppContext) -> list[tuple[str, str | None, dict[str, Any]]]:
    with ctx.profile.store()() as session:
        rows = session.execute(
            select(m.OutboxEntry.record_type, m.OutboxEntry.action, m.OutboxEntry.payload).order_by(
                m.OutboxEntry.mutation_id
            )
        ).all()
    return [(t, a, orjson.loads(p)) for t, a, p in rows]


def test_outgoing_list_shows_the_drafters_rows(heyf: AppContext, qtbot: QtBot) -> None:
    _draft(heyf, "关于做好2026年秋季学期开学工作的通知")
    _draft(heyf, "关于开展校园安全检查的函", doc_type="函", urgency="特急")
    view = DocumentsView(heyf, "out")
    qtbot.addWidget(view)
    assert sorted(_column(view, "标题")) == sorted(
        ["关于做好2026年秋季学期开学工作的通知", "关于开展校园安全检查的函"]
    )
    assert set(_column(view, "文号")) == {"待编号"}
    assert set(_column(view, "状态")) == {"拟稿"}
    assert "特急" in _column(view, "缓急")
    assert view.count_label.text() == "共 2 件"

    # Type filter and text filter narrow the rows.
    view.type_filter.setCurrentIndex(view.type_filter.findData("函"))
    assert _column(view, "标题") == ["关于开展校园安全检查的函"]
    view.type_filter.setCurrentIndex(0)
    view.search_box.setText("开学")
    view.apply_filter()
    assert _column(view, "标题") == ["关于做好2026年秋季学期开学工作的通知"]


def test_overdue_row_is_red_and_tabs_change_rows(heyf: AppContext, qtbot: QtBot) -> None:
    me = f"person:{heyf.user.id}"
    _incoming(
        heyf,
        "doc-overdue",
        title="关于报送防汛物资储备情况的通知",
        state="handling",
        handlers=[me],
        deadline="2020-07-01",
    )
    _incoming(
        heyf,
        "doc-ontime",
        title="关于转发省教育厅暑期工作安排的通知",
        state="handling",
        handlers=[me],
        deadline="2099-07-01",
        received_at="2026-05-01T09:00:00+08:00",
    )
    _incoming(
        heyf,
        "doc-acted",
        title="关于做好高考服务保障工作的通知",
        state="reading",
        handlers=[f"person:{_person(heyf, 'hul')}"],
        log=[{"at": "2026-06-02T10:00:00+08:00", "by": heyf.user.id, "action": "finish"}],
    )
    view = DocumentsView(heyf, "in")
    qtbot.addWidget(view)
    titles = _column(view, "标题")
    assert titles == ["关于报送防汛物资储备情况的通知", "关于转发省教育厅暑期工作安排的通知"]
    assert _column(view, "文号")[0] == "塔政办发〔2026〕7号"
    assert _column(view, "状态") == ["承办", "承办"]
    assert _column(view, "办理时限")[0] == "2020年7月1日（已超期）"
    red = view.model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.color() == OVERDUE_COLOUR
    assert view.model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is None

    view.show_list("done")
    assert _column(view, "标题") == ["关于做好高考服务保障工作的通知"]
    view.show_list("doing")
    assert _column(view, "标题") == ["关于做好高考服务保障工作的通知"]
    view.show_list("all")
    assert len(_column(view, "标题")) == 3


def test_lazy_paging(heyf: AppContext, qtbot: QtBot) -> None:
    for i in range(7):
        _draft(heyf, f"草稿{i}")
    view = DocumentsView(heyf, "out")
    qtbot.addWidget(view)
    view.model.page_size = 3
    view.model.reload()
    assert view.model.rowCount() == 3
    assert view.model.canFetchMore()
    while view.model.canFetchMore():
        view.model.fetchMore()
    assert sorted(_column(view, "标题")) == [f"草稿{i}" for i in range(7)]


def test_window_shows_only_allowed_buttons(heyf: AppContext, qtbot: QtBot) -> None:
    doc_id = _draft(heyf, "关于开展暑期安全教育的通知", body="各学校：\n请做好暑期安全教育。")
    window = DocumentWindow(heyf, doc_id)
    qtbot.addWidget(window)
    assert window.title.text() == "关于开展暑期安全教育的通知"
    assert window.number.text() == "待编号"
    assert window.state.text() == "拟稿"
    assert "请做好暑期安全教育" in window.body.toPlainText()
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "公文信息",
        "正文",
        "附件",
        "办理单/意见",
        "流转记录",
    ]
    assert {b.text() for b in window.action_buttons.values()} == {"送核稿", "转交"}

    # The same draft seen by someone who does not hold it: no buttons at all.
    other = replace(heyf, user=replace(heyf.user, id=_person(heyf, "maxd")))
    seen = DocumentWindow(other, doc_id)
    qtbot.addWidget(seen)
    assert seen.action_buttons == {}
    assert seen.read_only.text() == "当前没有需要您办理的环节"


def test_archived_document_is_read_only(heyf: AppContext, qtbot: QtBot) -> None:
    _incoming(
        heyf,
        "doc-archived",
        title="关于表彰优秀教师的决定",
        state="archived",
        handlers=[f"person:{heyf.user.id}"],
    )
    window = DocumentWindow(heyf, "doc-archived")
    qtbot.addWidget(window)
    assert window.state.text() == "已归档"
    assert window.action_buttons == {}
    assert window.read_only.text() == "已归档，只读"


def test_action_dialog_needs_next_then_queues(heyf: AppContext, qtbot: QtBot) -> None:
    doc_id = _draft(heyf, "关于调整作息时间的通知")
    window = DocumentWindow(heyf, doc_id)
    qtbot.addWidget(window)
    before = _outbox(heyf)
    dialog = window.start_action("submit")
    assert isinstance(dialog, ActionDialog)
    assert dialog.people is not None

    dialog.opinion.setPlainText("请审核。")
    dialog.submit()
    assert dialog.error.text() == "请选择下一步办理人"
    assert dialog.isVisible()
    assert _outbox(heyf) == before  # nothing queued

    dialog.people.search.setText("胡磊")
    dialog.people.run_search()
    assert dialog.people.choose("胡磊")
    with qtbot.waitSignal(window.acted, timeout=2000):
        dialog.submit()
    queued = _outbox(heyf)[len(before) :]
    hul = _person(heyf, "hul")
    assert ("outdoc", "submit", {"next": [hul]}) in queued
    opinions = [p for t, _a, p in queued if t == "opinion"]
    assert [(o["text"], o["action"]) for o in opinions] == [("请审核。", "送核稿")]
    # The window shows the opinion at once, marked as not yet synced.
    assert "请审核。" in window.opinions.toPlainText()
    assert "待同步" in window.opinions.toPlainText()


def test_return_needs_a_reason(heyf: AppContext, qtbot: QtBot) -> None:
    hul = _person(heyf, "hul")
    with heyf.profile.store()() as session:
        reviewer = person_by_username(session, username="hul")
    assert reviewer is not None
    data = {
        "doc_type": "通知",
        "title": "关于核稿的通知",
        "state": "review",
        "handlers": [f"person:{hul}"],
        "drafter_id": heyf.user.id,
        "log": [],
    }
    with transaction(heyf.profile.store()) as session:
        put_server_state(session, [("doc-review", "outdoc", 2, False, data)], 1)
    ctx = replace(heyf, user=reviewer)
    window = DocumentWindow(ctx, "doc-review")
    qtbot.addWidget(window)
    assert "退回拟稿人" in {b.text() for b in window.action_buttons.values()}
    dialog = window.start_action("return")
    assert isinstance(dialog, ActionDialog)
    assert dialog.reason is not None
    dialog.submit()
    assert dialog.error.text() == "退回拟稿人须填写理由"
    dialog.reason.setPlainText("标题不规范，请修改。")
    dialog.submit()
    assert ("outdoc", "return", {"reason": "标题不规范，请修改。"}) in _outbox(heyf)


def test_sections_open_the_lists_and_a_double_click_opens_the_window(
    heyf: AppContext, qtbot: QtBot
) -> None:
    from ui.mainwindow import MainWindow

    doc_id = _draft(heyf, "关于开展读书月活动的通知")
    window = MainWindow(heyf)
    qtbot.addWidget(window)
    incoming = window.show_section("收文")
    outgoing = window.show_section("发文")
    assert isinstance(incoming, DocumentsView) and incoming.direction == "in"
    assert isinstance(outgoing, DocumentsView) and outgoing.direction == "out"
    index = outgoing.model.index(0, outgoing.model.column_of("标题"))
    assert index.data() == "关于开展读书月活动的通知"
    opened: list[str] = []
    outgoing.document_opened.connect(opened.append)
    outgoing.table.doubleClicked.emit(index)
    assert opened == [doc_id]
