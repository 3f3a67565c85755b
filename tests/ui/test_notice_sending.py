"""Sending notices on a real demo-county database: the compose dialog (recipients, 定时发布,
常用分组, 回执 form, refusals), review by a leader, and the sender's statistics (催办, 撤回,
导出回执)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt
from pytestqt.qtbot import QtBot

from app.db.engine import transaction
from app.sync.local import put_server_state
from tests.ui.notice_data import (
    as_user,
    close_notice_windows,  # noqa: F401 - a fixture
    column,
    outbox,
    person,
    sent_notice,
    unit_id,
)
from ui.context import AppContext
from ui.notice_compose import ComposeDialog
from ui.notice_stats import NoticeStatsWindow
from ui.notice_window import NoticeWindow
from ui.notices import NoticesView

pytestmark = pytest.mark.usefixtures("close_notice_windows")

# --- compose --------------------------------------------------------------------------------


def _compose(
    ctx: AppContext, qtbot: QtBot, title: str = "关于做好汛期值班值守工作的通知"
) -> ComposeDialog:
    dialog = ComposeDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.title.setText(title)
    return dialog


def test_compose_refuses_bad_input_and_queues_nothing(ctx: AppContext, qtbot: QtBot) -> None:
    dialog = _compose(ctx, qtbot, title="")
    dialog.submit(send=True)
    assert dialog.error.text() == "请填写通知标题"

    dialog.title.setText("关于做好汛期值班值守工作的通知")
    dialog.submit(send=True)
    assert dialog.error.text() == "请选择通知的接收单位或人员"
    assert outbox(ctx) == []

    assert dialog.recipients.choose_unit("东湖镇人民政府")
    dialog.need_receipt.setChecked(True)
    dialog.receipt.deadline.setDateTime(QDateTime.currentDateTime().addSecs(-3600))
    dialog.submit(send=True)
    assert dialog.error.text() == "回执截止时间已过，请重新设置"
    assert outbox(ctx) == []

    dialog.receipt.deadline.setDateTime(QDateTime.currentDateTime().addDays(2))
    dialog.receipt.add_field("是否参加", "single", ["参加"])
    dialog.submit(send=True)
    assert "需要 2" in dialog.error.text()
    assert outbox(ctx) == []
    assert dialog.send_button.isEnabled()


def test_valid_compose_queues_create_and_publish(ctx: AppContext, qtbot: QtBot) -> None:
    view = NoticesView(ctx)
    qtbot.addWidget(view)
    dialog = view.new_notice()
    assert isinstance(dialog, ComposeDialog)
    assert dialog.send_button.text() == "发布"
    dialog.title.setText("关于做好汛期值班值守工作的通知")
    dialog.body.editor.setHtml("<p>请<b>严格</b>执行24小时值班制度。<script>x()</script></p>")
    dialog.urgency.setCurrentIndex(dialog.urgency.findData("紧急"))
    for unit in ("东湖镇人民政府", "西岭乡人民政府"):
        assert dialog.recipients.choose_unit(unit)
    assert dialog.recipients.people.choose("何云飞")
    assert "东湖镇人民政府" in dialog.recipients.summary.text()
    dialog.need_receipt.setChecked(True)
    dialog.receipt.add_field("值班人员", "text", required=True)
    dialog.receipt.add_field("值班方式", "single", ["专人值守", "领导带班"])
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.submit(send=True)
    nid, state = saved.args
    assert state == "published"

    entries = outbox(ctx)
    assert [(t, a, o) for t, a, o, _ in entries] == [
        ("notice", None, "create"),
        ("notice", "publish", "act"),
    ]
    fields = entries[0][3]
    assert fields["urgency"] == "紧急"
    assert "<b>严格</b>" in fields["body_html"] and "script" not in fields["body_html"]
    assert "x()" not in fields["body_html"]
    assert set(fields["recipient_unit_ids"]) == {
        unit_id(ctx, "东湖镇人民政府"),
        unit_id(ctx, "西岭乡人民政府"),
    }
    assert fields["recipient_person_ids"] == [person(ctx, "heyf")[0]]
    assert [f["label"] for f in fields["receipt"]["fields"]] == ["值班人员", "值班方式"]
    # Until the sync, the sender finds it among what was sent, marked as waiting.
    assert view.current_list() == "sent"
    assert column(view, "sent", "状态") == ["待同步发布"]
    view.show_list("drafts")
    assert column(view, "drafts", "标题") == []
    assert nid


def test_scheduled_publish_and_saved_groups(ctx: AppContext, qtbot: QtBot) -> None:
    dialog = _compose(ctx, qtbot)
    dialog.recipients.choose_unit("东湖镇人民政府")
    dialog.recipients.choose_unit("南河街道办事处")
    dialog.recipients.save_group("乡镇（街道）")
    dialog.close()

    dialog = _compose(ctx, qtbot)
    assert dialog.recipients.choose_group("乡镇（街道）")
    dialog.scheduled.setChecked(True)
    dialog.publish_at.setDateTime(QDateTime.currentDateTime().addDays(1))
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.submit(send=True)
    assert saved.args[1] == "scheduled"
    create = next(e for e in outbox(ctx) if e[0] == "notice" and e[2] == "create")
    assert set(create[3]["recipient_unit_ids"]) == {
        unit_id(ctx, "东湖镇人民政府"),
        unit_id(ctx, "南河街道办事处"),
    }
    assert len(create[3]["recipient_group_ids"]) == 1
    assert create[3]["publish_at"]


def test_draft_is_saved_and_opens_again_filled_in(ctx: AppContext, qtbot: QtBot) -> None:
    view = NoticesView(ctx)
    qtbot.addWidget(view)
    dialog = view.new_notice()
    assert isinstance(dialog, ComposeDialog)
    dialog.title.setText("关于召开季度工作例会的通知")
    dialog.recipients.choose_unit("塔山市教育局")
    dialog.use_expiry.setChecked(True)
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.submit(send=False)
    nid, state = saved.args
    assert state == "draft"
    assert view.current_list() == "drafts"
    assert column(view, "drafts", "标题") == ["关于召开季度工作例会的通知"]

    again = view.edit_draft(nid)
    assert isinstance(again, ComposeDialog)
    assert again.title.text() == "关于召开季度工作例会的通知"
    assert again.recipients.unit_ids() == [unit_id(ctx, "塔山市教育局")]
    assert again.use_expiry.isChecked()
    again.title.setText("关于召开第四季度工作例会的通知")
    with qtbot.waitSignal(again.saved):
        again.submit(send=True)
    steps = [(t, a, o) for t, a, o, _ in outbox(ctx)]
    assert steps == [
        ("notice", None, "create"),
        ("notice", None, "update"),
        ("notice", "publish", "act"),
    ]
    assert outbox(ctx)[1][3]["title"] == "关于召开第四季度工作例会的通知"
    assert view.current_list() == "sent"
    assert column(view, "sent", "标题") == ["关于召开第四季度工作例会的通知"]
    view.show_list("drafts")
    assert column(view, "drafts", "标题") == []


def test_a_drafter_submits_for_review_and_a_leader_approves(ctx: AppContext, qtbot: QtBot) -> None:
    drafter = as_user(ctx, "heyf")  # 科员: may draft, not publish
    dialog = ComposeDialog(drafter)
    qtbot.addWidget(dialog)
    assert dialog.send_button.text() == "提交审核"
    dialog.title.setText("关于开展校园安全检查的通知")
    dialog.recipients.choose_unit("塔山市教育局")
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.submit(send=True)
    assert saved.args[1] == "pending"
    assert [e[1] for e in outbox(ctx)] == [None, "submit"]

    # The 局长 finds it under 待审核 once the server has it there.
    leader = as_user(ctx, "maxd")
    heyf, _ = person(ctx, "heyf")
    data = {
        "title": "关于开展校园安全检查的通知",
        "body": "",
        "urgency": "普通",
        "sender_id": heyf,
        "state": "pending",
        "recipient_unit_ids": [unit_id(ctx, "塔山市教育局")],
    }
    with transaction(ctx.profile.store()) as session:
        put_server_state(session, [("p1", "notice", 2, False, data)], 2)
    view = NoticesView(leader)
    qtbot.addWidget(view)
    view.show_list("review")
    assert column(view, "review", "标题") == ["关于开展校园安全检查的通知"]
    window = view.open_notice("p1")
    assert isinstance(window, NoticeWindow)
    window.show()
    assert window.approve_button.isVisible()
    window.approve()
    assert outbox(ctx)[-1][:2] == ("notice", "approve")


def test_stats_show_exact_counts_and_remind_queues(ctx: AppContext, qtbot: QtBot) -> None:
    nid, _people = sent_notice(ctx)
    window = NoticeStatsWindow(ctx, nid)
    qtbot.addWidget(window)
    window.show()
    values = {k: c.value.text() for k, c in window.cards.items()}
    assert values == {"total": "8", "delivered": "4", "read": "3", "acked": "2"}
    assert window.cards["read"].caption.text() == "已读　38%"
    rows = [
        [window.unit_model.item(r, c).text() for c in range(5)]
        for r in range(window.unit_model.rowCount())
    ]
    assert rows == [["东湖镇人民政府", "4", "4", "3", "2"], ["西岭乡人民政府", "4", "0", "0", "0"]]
    assert window.unread_model.rowCount() == 5
    assert window.unacked_model.rowCount() == 6
    assert window.tabs.tabText(1) == "未读 (5)"

    window.remind_button.click()
    reminds = [e for e in outbox(ctx) if e[1] == "remind"]
    assert len(reminds) == 1 and reminds[0][3] == {"only": "unread"}
    assert window.done_label.text() == "已催办 5 人，同步后提醒对方"

    window.remind_unacked_button.click()
    assert [e[3] for e in outbox(ctx) if e[1] == "remind"][-1] == {"only": "unacked"}


def test_withdraw_needs_a_reason(ctx: AppContext, qtbot: QtBot) -> None:
    nid, _ = sent_notice(ctx)
    window = NoticeStatsWindow(ctx, nid)
    qtbot.addWidget(window)
    prompt = window.withdraw()
    prompt.submit()
    assert prompt.error.text() == "撤回通知须填写理由"
    assert [e for e in outbox(ctx) if e[1] == "withdraw"] == []
    assert prompt.isVisible()

    prompt.text.setPlainText("内容有误，将另行发布")
    prompt.submit()
    withdrawals = [e for e in outbox(ctx) if e[1] == "withdraw"]
    assert [e[3] for e in withdrawals] == [{"reason": "内容有误，将另行发布"}]
    assert not prompt.isVisible()
    assert window.state.text() == "待同步撤回"
    assert not window.withdraw_button.isVisible()
    assert not window.remind_button.isEnabled()


def test_export_writes_csv_and_xlsx(ctx: AppContext, qtbot: QtBot, tmp_path: Path) -> None:
    nid, _ = sent_notice(ctx)
    window = NoticeStatsWindow(ctx, nid)
    qtbot.addWidget(window)
    target = tmp_path / "回执.csv"
    window.export_to(target)
    assert window.done_label.text() == f"已导出 8 人的回执到 {target}"
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["单位", "姓名", "状态", "时间", "值班人员", "是否参加", "参训人数"]
    assert [r[2] for r in rows[1:]].count("已回执") == 2
    acked = next(r for r in rows[1:] if r[2] == "已回执")
    assert acked[4:] == [acked[1], "参加", "2"]

    from openpyxl import load_workbook

    book = tmp_path / "回执.xlsx"
    window.export_to(book)
    sheet = load_workbook(book).active
    assert sheet is not None and sheet.max_row == 9

    window.export_to(tmp_path / "回执.txt")
    assert window.error.text() == "导出文件应为 .csv 或 .xlsx"


def test_sender_reach_and_file_size_are_checked(
    ctx: AppContext, qtbot: QtBot, tmp_path: Path
) -> None:
    clerk = as_user(ctx, "guoy")  # 教育局 收发员: may send, within the 教育局 only
    dialog = ComposeDialog(clerk)
    qtbot.addWidget(dialog)
    tree = dialog.recipients.units
    assert tree.topLevelItemCount() == 1
    top = tree.topLevelItem(0)
    assert top is not None and top.text(0) == "塔山市教育局"
    assert not dialog.recipients.choose_unit("西岭乡人民政府")

    dialog.title.setText("关于报送教师培训名单的通知")
    dialog.recipients.people.search.setText("潘东")
    dialog.recipients.people.run_search()
    assert dialog.recipients.people.choose("潘东")  # 西岭乡: outside the 教育局
    dialog.submit(send=True)
    assert dialog.error.text() == "“潘东”不在您可以发送通知的范围内"
    assert outbox(ctx) == []

    from app.services.doc_files import MAX_ATTACHMENT_KEY
    from app.services.workbench import set_meta

    with transaction(ctx.profile.store()) as session:
        set_meta(session, MAX_ATTACHMENT_KEY, str(1024 * 1024))
    big = tmp_path / "名单.xlsx"
    big.write_bytes(b"0" * (1024 * 1024 + 1))
    results = dialog.recipients.people.results
    for row in range(results.count()):
        results.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.recipients.person_ids() == []
    dialog.recipients.choose_unit("塔山市教育局")
    dialog.add_file(big)
    dialog.submit(send=True)
    assert dialog.error.text() == "“名单.xlsx”附件过大：最大 1 MB"
    assert outbox(ctx) == []
