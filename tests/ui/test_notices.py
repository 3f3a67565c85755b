"""The 通知 section on a real demo-county database: the inbox, reading a notice, the 回执, the
pop-up for new notices, and the section in the main window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.changes import Changes
from app.db.engine import transaction
from app.services.notices import open_notice
from tests.ui.notice_data import (
    FORM_FIELDS,
    close_notice_windows,  # noqa: F401 - a fixture
    column,
    now,
    outbox,
    received,
)
from ui.context import AppContext
from ui.mainwindow import MainWindow
from ui.notice_popup import NoticeWatcher
from ui.notice_window import NoticeWindow
from ui.notices import NoticesView

pytestmark = pytest.mark.usefixtures("close_notice_windows")

# --- inbox ----------------------------------------------------------------------------------


def test_inbox_shows_unread_first_with_urgent_pinned(ctx: AppContext, qtbot: QtBot) -> None:
    received(ctx, "n-old", "关于报送半年工作总结的通知", hours_ago=48)
    received(ctx, "n-read", "关于做好国庆值班的通知", hours_ago=1, read=True)
    received(ctx, "n-urgent", "关于立即排查地质灾害隐患的通知", urgency="特急", hours_ago=30)
    received(ctx, "n-soon", "关于报送安全检查情况的通知", urgency="紧急", hours_ago=5)
    received(
        ctx,
        "n-gone",
        "关于调整常务会议时间的通知",
        hours_ago=2,
        read=True,
        state="withdrawn",
        withdraw_reason="时间另行通知",
    )
    view = NoticesView(ctx)
    qtbot.addWidget(view)

    assert column(view, "inbox", "标题") == [
        "关于立即排查地质灾害隐患的通知",  # 特急 and unread: pinned although older
        "关于报送安全检查情况的通知",
        "关于报送半年工作总结的通知",
        "关于做好国庆值班的通知",  # read: after the unread, newest first
        "关于调整常务会议时间的通知",
    ]
    assert column(view, "inbox", "状态") == [
        "未读",
        "未读",
        "未读",
        "已读",
        "已撤回：时间另行通知",
    ]
    model = view.inbox_model
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None  # red marker
    assert model.index(1, 0).data(Qt.ItemDataRole.DecorationRole) is None
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c0392b"
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#d35400"
    assert model.index(2, 1).data(Qt.ItemDataRole.FontRole).bold()  # unread: bold
    assert not model.index(3, 1).data(Qt.ItemDataRole.FontRole).bold()
    assert view.tabs.tabText(view.tab_index("inbox")) == "收到的通知 (3)"

    view.unread_only.setChecked(True)
    assert len(column(view, "inbox", "标题")) == 3
    view.unread_only.setChecked(False)
    view.search_box.setText("国庆")
    view.apply_filter()
    assert column(view, "inbox", "标题") == ["关于做好国庆值班的通知"]
    assert view.count_label.text() == "共 1 条"


def test_opening_a_notice_queues_read_once(ctx: AppContext, qtbot: QtBot) -> None:
    received(ctx, "n1", "关于做好汛期值班值守工作的通知", body_html="<p>请<b>严格</b>值班。</p>")
    view = NoticesView(ctx)
    qtbot.addWidget(view)
    window = view.open_notice("n1")
    assert isinstance(window, NoticeWindow)
    assert window.title.text() == "关于做好汛期值班值守工作的通知"
    assert "严格" in window.body.toPlainText()
    assert "<b>" in window.detail.body_html if window.detail else False
    reads = [e for e in outbox(ctx) if e[1] == "read"]
    assert len(reads) == 1 and reads[0][0] == "notice_receipt"
    assert column(view, "inbox", "状态") == ["已读"]
    assert view.tabs.tabText(view.tab_index("inbox")) == "收到的通知"

    window.close()
    again = NoticeWindow(ctx, "n1")
    qtbot.addWidget(again)
    again.refresh()
    assert len([e for e in outbox(ctx) if e[1] == "read"]) == 1


def test_withdrawn_notice_stays_readable_with_the_reason(ctx: AppContext, qtbot: QtBot) -> None:
    received(ctx, "n1", "关于调整会议时间的通知", state="withdrawn", withdraw_reason="会议取消")
    window = NoticeWindow(ctx, "n1")
    qtbot.addWidget(window)
    window.show()
    assert window.banner.isVisible()
    assert window.banner.text() == "已撤回：会议取消"


# --- 回执 -------------------------------------------------------------------------------------


def test_receipt_form_names_what_is_missing_then_queues_ack(ctx: AppContext, qtbot: QtBot) -> None:
    received(ctx, "n1", "关于参加防汛培训的通知", form=True)
    window = NoticeWindow(ctx, "n1")
    qtbot.addWidget(window)
    window.show()
    assert window.receipt_box.isVisible()
    assert window.submit_button.text() == "提交回执"

    window.submit_receipt()  # nothing filled in
    assert window.receipt_error.text() == "请填写“值班人员”"
    assert [e for e in outbox(ctx) if e[1] == "ack"] == []

    window.form.fill("f1", "张华生")
    window.form.fill("f3", "两个")
    window.submit_receipt()
    assert window.receipt_error.text() == "“参训人数”应填写数字"
    assert [e for e in outbox(ctx) if e[1] == "ack"] == []

    window.form.fill("f2", "参加")
    window.form.fill("f3", "3")
    window.submit_receipt()
    assert window.receipt_error.text() == ""
    acks = [e for e in outbox(ctx) if e[1] == "ack"]
    assert len(acks) == 1
    assert acks[0][3]["answers"] == {"f1": "张华生", "f2": "参加", "f3": 3}
    assert window.receipt_status.text().startswith("已于")
    assert window.submit_button.text() == "修改回执"


def test_receipt_after_the_deadline_is_refused(ctx: AppContext, qtbot: QtBot) -> None:
    received(ctx, "n1", "关于报名参加培训的通知")
    past = {"deadline": (now() - timedelta(hours=1)).isoformat(), "fields": FORM_FIELDS}
    received(ctx, "n1", "关于报名参加培训的通知", receipt=past)
    window = NoticeWindow(ctx, "n1")
    qtbot.addWidget(window)
    window.show()
    assert window.receipt_status.text() == "回执已截止"
    assert not window.submit_button.isVisible()
    assert not window.form.inputs["f1"].isEnabled()  # type: ignore[union-attr]


# --- pop-up -------------------------------------------------------------------------------------


def test_popup_urgent_stays_until_opened_others_hide(ctx: AppContext, qtbot: QtBot) -> None:
    received(ctx, "old", "已在收件箱里的通知")  # unread before the watcher starts: no pop-up
    host = QWidget()
    qtbot.addWidget(host)
    watcher = NoticeWatcher(ctx, host, auto_hide_ms=50)
    popup = watcher.popup
    ctx.taskman.broadcast(Changes(notices=True))
    assert not popup.isVisible()

    received(ctx, "urgent", "关于立即排查地质灾害隐患的紧急通知", urgency="特急")
    ctx.taskman.broadcast(Changes(notices=True))  # as a sync reports it
    assert popup.isVisible()
    assert popup.heading.text() == "特急通知"
    assert popup.title.text() == "关于立即排查地质灾害隐患的紧急通知"
    assert not popup.close_button.isVisible()
    qtbot.wait(200)
    assert popup.isVisible()  # 特急: no timer

    with transaction(ctx.profile.store()) as session:
        open_notice(session, person_id=ctx.user.id, notice_id="urgent")
    ctx.taskman.broadcast(Changes(notices=True))
    assert not popup.isVisible()  # opened: gone

    received(ctx, "normal", "关于做好国庆值班的通知")
    ctx.taskman.broadcast(Changes(notices=True))
    assert popup.isVisible() and popup.heading.text() == "新通知"
    assert popup.close_button.isVisible()
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=2000)


def test_notices_section_opens_the_inbox(ctx: AppContext, qtbot: QtBot) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    page = window.show_section("通知")
    assert isinstance(page, NoticesView)

    # A new notice pops up; 查看 brings the window and the notice.
    watcher = window.start_notice_watch()
    received(ctx, "n1", "关于做好国庆值班的通知", urgency="紧急")
    ctx.taskman.broadcast(Changes(notices=True))
    assert watcher.popup.isVisible()
    with qtbot.waitSignal(page.notice_opened) as opened:
        watcher.popup.open_button.click()
    assert opened.args == ["n1"]
    assert not watcher.popup.isVisible()
    window.close()
