"""Screenshots of the 公文 views: 收文 as 张华生 (拟办) finds them after a sync, and one open; a
发文 draft of 何云飞 in the 正文 editor, its 附件 tab and the print preview."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy.orm import Session

from app.db.engine import transaction
from app.services.demo import DEMO_USER
from app.services.documents import create_draft, update_document
from app.services.org import person_by_username
from app.sync.local import put_server_state
from ui.app import setup_resources
from ui.context import AppContext
from ui.shot_kit import demo_profile, open_window, save

BODY = (
    "市政府办公室：\n\n    为切实做好2026年汛期安全防范工作，确保人民群众生命财产安全，"
    "现就有关事项通知如下：\n\n    一、高度重视，压实责任。"
    "各乡镇（街道）、各有关部门要充分认识当前防汛形势的严峻性和复杂性……\n\n"
    "    二、加强监测，及时预警。……\n\n    三、严格值班，确保畅通。……"
)


def demo_documents(session: Session, me: str, clerk: str) -> None:
    """收文 at the 政府办 as 张华生 (拟办) would find them after a sync."""
    rows = [
        (
            "d1",
            "关于做好2026年汛期安全防范工作的紧急通知",
            "塔山市应急管理局",
            "塔应急发〔2026〕15号",
            "特急",
            "propose",
            "2026-06-20",
            "2026-06-18T09:12:00+08:00",
        ),
        (
            "d2",
            "关于报送上半年重点工作完成情况的通知",
            "塔山市发展和改革局",
            "塔发改〔2026〕31号",
            "加急",
            "propose",
            "2026-06-15",
            "2026-06-10T10:20:00+08:00",
        ),
        (
            "d3",
            "关于开展农村人居环境整治专项督查的通知",
            "塔山市农业农村局",
            "塔农发〔2026〕22号",
            "",
            "propose",
            None,
            "2026-06-08T15:40:00+08:00",
        ),
        (
            "d4",
            "关于印发《塔山市政务服务事项清单（2026年版）》的通知",
            "塔山市政务服务中心",
            "塔政务发〔2026〕6号",
            "",
            "propose",
            "2099-07-30",
            "2026-06-05T08:55:00+08:00",
        ),
        (
            "d5",
            "关于做好2026年高考服务保障工作的函",
            "塔山市教育局",
            "塔教函〔2026〕18号",
            "加急",
            "propose",
            None,
            "2026-06-01T11:03:00+08:00",
        ),
        (
            "d6",
            "关于征求《塔山市城市更新实施方案（征求意见稿）》意见的函",
            "塔山市住房和城乡建设局",
            "塔住建函〔2026〕9号",
            "",
            "propose",
            "2099-07-10",
            "2026-05-28T16:30:00+08:00",
        ),
    ]
    items = []
    for i, (rid, title, unit, number, urgency, state, deadline, received) in enumerate(rows):
        log = [
            {
                "at": received,
                "by": clerk,
                "action": "register",
                "label": "登记",
                "from": "register",
                "to": "precheck",
            },
            {
                "at": received[:11] + "14:05:00+08:00",
                "by": clerk,
                "action": "precheck_pass",
                "label": "初审通过",
                "from": "precheck",
                "to": "propose",
                "handlers": [f"person:{me}"],
            },
        ]
        items.append(
            (
                rid,
                "indoc",
                3,
                False,
                {
                    "doc_type": "函" if "函" in title[-2:] else "通知",
                    "title": title,
                    "from_unit": unit,
                    "doc_number": number,
                    "register_number": f"塔政办收〔2026〕{140 - i}号",
                    "urgency": urgency,
                    "classification": "",
                    "state": state,
                    "deadline": deadline,
                    "received_at": received,
                    "handlers": [f"person:{me}"],
                    "log": log,
                    "body": BODY,
                    "attachments": [
                        {"sha256": "0" * 64, "name": "汛期值班安排表.xlsx", "size": 48213}
                    ],
                },
            )
        )
    put_server_state(session, items, 1)
    put_server_state(
        session,
        [
            (
                "op1",
                "opinion",
                1,
                False,
                {
                    "record_type": "indoc",
                    "record_id": "d1",
                    "author_id": clerk,
                    "text": "来文紧急，已登记，请张主任拟办。",
                    "action": "初审通过",
                    "role": "收发员",
                    "created_at": "2026-06-18T14:05:00+08:00",
                },
            )
        ],
        1,
    )


DRAFT_BODY = """各乡镇人民政府，市直各有关部门：
为切实做好2026年秋季学期开学工作，确保校园安全稳定，现就有关事项通知如下：
一、总体要求
（一）统一思想认识。各地各部门要把开学工作摆在突出位置，主要负责同志亲自部署。
（二）压实工作责任。按照“属地管理、分级负责”的原则，层层落实责任。
二、重点任务
（一）全面排查安全隐患。
1.校舍安全。对教学楼、宿舍、食堂逐栋检查，发现问题立即整改。
2.食品安全。严格落实食材采购索证索票和陪餐制度。
（1）每周开展一次食堂自查；
（2）每月组织一次联合检查。"""

DRAFT_FILES = {
    "2026年秋季开学工作任务分解表.xlsx": 23_817,
    "校园安全隐患排查登记表.docx": 41_302,
}


def _draft_with_files(ctx: AppContext, tmp: Path) -> str:
    """何云飞's draft with headings and two files stored here, and one not downloaded yet."""
    from app.services.doc_files import add_attachments

    sessions = ctx.profile.store()
    with transaction(sessions) as session:
        doc_id = create_draft(
            session,
            person_id=ctx.user.id,
            title="关于做好2026年秋季学期开学工作的通知",
            body=DRAFT_BODY,
        )
    paths = []
    for name, size in DRAFT_FILES.items():
        path = tmp / name
        path.write_bytes(b"\0" * size)
        paths.append(path)
    with transaction(sessions) as session:
        refs = add_attachments(
            session,
            folder=ctx.profile.folder,
            sessions=sessions,
            person_id=ctx.user.id,
            doc_id=doc_id,
            paths=paths,
        )
        elsewhere = {"sha256": "3" * 64, "name": "开学工作联系人名单.pdf", "size": 1_204_113}
        update_document(
            session,
            person_id=ctx.user.id,
            doc_id=doc_id,
            attachments=[*(dict(r) for r in refs), elsewhere],
        )
    return doc_id


def editor_shots(ctx: AppContext, out: Path, tmp: Path) -> None:
    """documents-editor.png, documents-attachments.png, documents-preview.png."""
    from ui.document_window import DocumentWindow

    window = DocumentWindow(ctx, _draft_with_files(ctx, tmp))
    window.resize(960, 700)
    window.show()
    window.tabs.setCurrentWidget(window.editor)
    window.body.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.insert_heading(2)  # （二） under 二、, after the 4th-level items
    window.body.insertPlainText("加强校园周边治理。")
    window.editor.insert_attachment_note()
    window.body.moveCursor(QTextCursor.MoveOperation.End)
    QApplication.processEvents()
    window.grab().save(str(out / "documents-editor.png"))
    window.tabs.setCurrentWidget(window.attachments)
    window.attachments.table.selectRow(0)
    QApplication.processEvents()
    window.grab().save(str(out / "documents-attachments.png"))
    preview = window.preview()
    preview.resize(860, 900)
    QTest.qWait(1500)  # QPdfView renders its pages on a thread of its own
    preview.grab().save(str(out / "documents-preview.png"))
    preview.close()
    window.editor.discard()
    window.close()


def document_shots(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    setup_resources(app)
    with demo_profile("zt-docshots-") as (profile, taskman, tmp):
        with transaction(profile.store()) as session:
            user = person_by_username(session, username=DEMO_USER)
            clerk = person_by_username(session, username="liuf")
            assert user is not None and clerk is not None
            demo_documents(session, user.id, clerk.id)
        window = open_window(profile, taskman)
        page = window.show_section("incoming")
        QApplication.processEvents()
        page.table.selectRow(1)  # type: ignore[attr-defined]
        save(window, out, "documents-list")
        doc = page.open_document("d1")  # type: ignore[attr-defined]
        doc.resize(960, 700)
        save(doc, out, "document-window")
        doc.close()
        with profile.store()() as session:
            drafter = person_by_username(session, username="heyf")
        assert drafter is not None
        editor_shots(replace(window.ctx, user=drafter), out, tmp)
        window.close()
