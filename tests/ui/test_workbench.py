"""工作台: real counts from the database, refreshed by Changes and at midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from app.changes import Changes
from app.db.models import Meeting, MeetingAttendee, Notice, NoticeReceipt, WorkItem
from app.services.org import person_by_username
from app.services.workbench import local_day_bounds
from ui.context import AppContext
from ui.operations import DbOp
from ui.sections import find_section
from ui.workbench import WorkbenchView, greeting_for, long_date


def _seed_work(ctx: AppContext, today: date) -> None:
    me = ctx.user.id

    def seed(session: Session) -> None:
        other = person_by_username(session, username="wangjg")
        assert other is not None
        now = datetime.now(UTC).replace(tzinfo=None)
        start, end = local_day_bounds(today)
        items = [
            WorkItem(person_id=me, kind="todo", record_type="doc", record_id="a", title="甲"),
            WorkItem(person_id=me, kind="todo", record_type="doc", record_id="b", title="乙"),
            WorkItem(
                person_id=me, kind="todo", record_type="doc", record_id="c", title="丙", done_at=now
            ),
            WorkItem(person_id=me, kind="read", record_type="doc", record_id="d", title="丁"),
            # Someone else's item must not count for me.
            WorkItem(person_id=other.id, kind="todo", record_type="doc", record_id="e", title="戊"),
        ]
        session.add_all(items)
        today_m = Meeting(
            title="今日例会",
            organizer_id=other.id,
            starts_at=start + timedelta(hours=10),
            ends_at=start + timedelta(hours=11),
        )
        tomorrow_m = Meeting(
            title="明日例会",
            organizer_id=other.id,
            starts_at=end + timedelta(hours=10),
            ends_at=end + timedelta(hours=11),
        )
        session.add_all([today_m, tomorrow_m])
        session.flush()
        session.add_all(
            [
                MeetingAttendee(meeting_id=today_m.id, person_id=me),
                MeetingAttendee(meeting_id=tomorrow_m.id, person_id=me),
            ]
        )
        published = Notice(
            sender_id=other.id,
            title="已发布",
            state="published",
            published_at=now - timedelta(hours=1),
        )
        withdrawn = Notice(
            sender_id=other.id,
            title="已撤回",
            state="withdrawn",
            published_at=now - timedelta(hours=2),
            withdrawn_at=now - timedelta(hours=1),
        )
        read = Notice(
            sender_id=other.id,
            title="已读",
            state="published",
            published_at=now - timedelta(hours=3),
        )
        expired = Notice(
            sender_id=other.id,
            title="已过期",
            state="published",
            published_at=now - timedelta(days=3),
            expires_at=now - timedelta(days=1),
        )
        session.add_all([published, withdrawn, read, expired])
        session.flush()
        session.add_all(
            [
                NoticeReceipt(id="r1", notice_id=published.id, person_id=me),
                NoticeReceipt(id="r2", notice_id=withdrawn.id, person_id=me),
                NoticeReceipt(id="r3", notice_id=read.id, person_id=me, read_at=now),
                NoticeReceipt(id="r4", notice_id=expired.id, person_id=me),
                # Someone else's unread notice must not count for me.
                NoticeReceipt(id="r5", notice_id=published.id, person_id=other.id),
            ]
        )

    DbOp(None, seed).run()


def test_counts_start_at_zero_and_show_empty_todo_list(ctx: AppContext, qtbot: QtBot) -> None:
    view = WorkbenchView(ctx)
    qtbot.addWidget(view)
    assert view.counts_text() == {
        "todo": "0",
        "to_read": "0",
        "meetings_today": "0",
        "unread_notices": "0",
    }
    view.show()
    assert view.todo_empty.isVisible()
    assert view.todo_empty.text() == "暂无待办事项"


def test_counts_follow_changes(ctx: AppContext, qtbot: QtBot) -> None:
    view = WorkbenchView(ctx)
    qtbot.addWidget(view)
    _seed_work(ctx, view.today)
    # Nothing was broadcast yet: the view must not poll the database on its own.
    assert view.counts_text()["todo"] == "0"
    ctx.taskman.broadcast(Changes(work_items=True, meetings=True, notices=True))
    assert view.counts_text() == {
        "todo": "2",
        "to_read": "1",
        "meetings_today": "1",
        "unread_notices": "1",
    }
    view.show()
    assert view.todo_empty.isVisible()


def test_unrelated_changes_do_not_refresh(ctx: AppContext, qtbot: QtBot) -> None:
    view = WorkbenchView(ctx)
    qtbot.addWidget(view)
    _seed_work(ctx, view.today)
    ctx.taskman.broadcast(Changes(org=True, config=True))
    assert view.counts_text()["todo"] == "0"


def test_new_day_refreshes_meetings(ctx: AppContext, qtbot: QtBot) -> None:
    now = [datetime(2026, 11, 20, 23, 59)]
    view = WorkbenchView(ctx, clock=lambda: now[0])
    qtbot.addWidget(view)
    _seed_work(ctx, date(2026, 11, 21))
    view.tick()  # same day: nothing re-read
    assert view.counts_text()["meetings_today"] == "0"
    now[0] = datetime(2026, 11, 21, 9, 30)
    view.tick()
    assert view.today == date(2026, 11, 21)
    assert view.date_label.text() == "2026年11月21日 星期六"
    assert view.greeting_label.text() == "张华生，上午好"
    assert view.counts_text()["meetings_today"] == "1"


def test_greeting_and_date_format() -> None:
    assert greeting_for(8) == "上午好"
    assert greeting_for(12) == "中午好"
    assert greeting_for(15) == "下午好"
    assert greeting_for(21) == "晚上好"
    assert greeting_for(2) == "晚上好"
    assert long_date(date(2026, 7, 4)) == "2026年7月4日 星期六"


def test_cards_request_sections(ctx: AppContext, qtbot: QtBot) -> None:
    view = WorkbenchView(ctx)
    qtbot.addWidget(view)
    view.show()
    asked: list[str] = []
    view.section_requested.connect(asked.append)
    for key in ("todo", "to_read", "meetings_today", "unread_notices"):
        qtbot.mouseClick(view.cards[key], Qt.MouseButton.LeftButton)
    view.cards["unread_notices"].setFocus()
    qtbot.keyClick(view.cards["unread_notices"], Qt.Key.Key_Return)
    assert asked == ["incoming", "incoming", "meetings", "notices", "notices"]
    # The main window resolves these keys to its sections.
    assert [find_section(k).title for k in asked] == ["收文", "收文", "会议", "通知", "通知"]
