"""The document window's 正文 editor, 附件 tab, 预览/打印, seal badge and 已读 on opening, on a
real demo-county database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.config import DocumentFonts
from app.db.engine import transaction
from app.services.doc_files import MAX_ATTACHMENT_KEY
from app.services.documents import document
from app.services.org import person_by_username
from app.services.workbench import set_meta
from app.sync.blobs import BlobStore
from app.sync.local import put_server_state
from tests.ui.test_documents import _draft, _incoming, _outbox, _person
from ui.context import AppContext
from ui.document_window import DocumentWindow
from ui.pdf_preview import PdfPreview

EDU = "塔山市教育局"


@pytest.fixture(autouse=True)
def _no_question_at_teardown(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-qt closes the windows before fixtures end: a test failing with unsaved text must
    not hang on the close question then (tests that answer it patch ``exec`` themselves)."""
    monkeypatch.setattr(
        QMessageBox, "exec", lambda _box: int(QMessageBox.StandardButton.Discard.value)
    )


@pytest.fixture
def heyf(ctx: AppContext) -> AppContext:
    """何云飞 of the 教育局: a drafter (拟稿)."""
    with ctx.profile.store()() as session:
        user = person_by_username(session, username="heyf")
    assert user is not None
    return replace(ctx, user=user)


def _as(ctx: AppContext, username: str) -> AppContext:
    return replace(ctx, user=replace(ctx.user, id=_person(ctx, username)))


def _open(ctx: AppContext, qtbot: QtBot, doc_id: str, tab: str = "正文") -> DocumentWindow:
    window = DocumentWindow(ctx, doc_id)
    qtbot.addWidget(window)
    window.show()
    tabs = window.tabs
    tabs.setCurrentIndex([tabs.tabText(i) for i in range(tabs.count())].index(tab))
    return window


def _stored(ctx: AppContext, doc_id: str) -> dict[str, Any]:
    with ctx.profile.store()() as session:
        return document(session, doc_id)


def _outdoc(ctx: AppContext, doc_id: str, **fields: Any) -> None:
    """A 发文 as a sync would leave it."""
    data = {
        "doc_type": "通知",
        "title": "关于做好秋季学期开学工作的通知",
        "body": "各学校：\n一、提前谋划。",
        "drafter_id": ctx.user.id,
        "unit_id": ctx.user.unit_id,
        "handlers": [],
        "log": [],
        **fields,
    }
    with transaction(ctx.profile.store()) as session:
        put_server_state(session, [(doc_id, "outdoc", 4, False, data)], 1)


# --- 正文 ---------------------------------------------------------------------------------------


def test_the_editor_appears_only_while_the_text_may_change(heyf: AppContext, qtbot: QtBot) -> None:
    doc_id = _draft(heyf, "关于开展暑期安全教育的通知", body="各学校：\n请做好暑期安全教育。")
    mine = _open(heyf, qtbot, doc_id)
    assert mine.editor.editable and not mine.body.isReadOnly()
    assert mine.editor.toolbar.isVisible()
    assert [b.text() for b in mine.editor.heading_buttons.values()] == [
        "一级标题",
        "二级标题",
        "三级标题",
        "四级标题",
    ]

    # Someone who neither drafted nor holds the draft reads it only.
    other = _open(_as(heyf, "maxd"), qtbot, doc_id)
    assert other.body.isReadOnly() and not other.editor.toolbar.isVisible()
    assert "请做好暑期安全教育" in other.body.toPlainText()

    # After 签发 (now at 复核, still held by the drafter here) the text is locked.
    _outdoc(heyf, "doc-signed", state="recheck", handlers=[f"person:{heyf.user.id}"])
    signed = _open(heyf, qtbot, "doc-signed")
    assert signed.body.isReadOnly() and not signed.editor.toolbar.isVisible()
    assert signed.editor.locked.isVisible()
    assert "已签发" in signed.editor.locked.text()
    signed.tabs.setCurrentWidget(signed.attachments)
    assert not signed.attachments.add_button.isVisible()


def test_heading_buttons_insert_the_next_number(heyf: AppContext, qtbot: QtBot) -> None:
    body = "各学校：\n一、总体要求\n（一）统一思想\n（二）明确目标\n二、主要任务"
    window = _open(heyf, qtbot, _draft(heyf, "关于加强校园安全管理的通知", body=body))
    editor = window.editor
    editor.body().endswith("二、主要任务")
    window.body.moveCursor(window.body.textCursor().MoveOperation.End)
    buttons = editor.heading_buttons

    qtbot.mouseClick(buttons[2], Qt.MouseButton.LeftButton)  # under the new 二、: starts again
    assert editor.body().endswith("二、主要任务\n（一）")
    window.body.insertPlainText("排查隐患")  # typed (keyClicks is Latin-1 only)
    qtbot.mouseClick(buttons[3], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(buttons[4], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(buttons[4], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(buttons[2], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(buttons[1], Qt.MouseButton.LeftButton)
    assert editor.body().endswith("二、主要任务\n（一）排查隐患\n1.\n（1）\n（2）\n（二）\n三、")
    assert editor.modified and editor.save_button.isEnabled()
    assert editor.status.text() == "未保存"
    window.body.undo()  # each insertion is one undo step
    assert editor.body().endswith("（二）")
    editor.discard()


def test_save_writes_the_body(heyf: AppContext, qtbot: QtBot) -> None:
    doc_id = _draft(heyf, "关于调整作息时间的通知", body="各学校：")
    window = _open(heyf, qtbot, doc_id)
    window.body.moveCursor(window.body.textCursor().MoveOperation.End)
    window.body.insertPlainText("\n自7月1日起执行夏季作息时间。")
    before = len(_outbox(heyf))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.body.setFocus()
    qtbot.keyClick(window.body, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert _stored(heyf, doc_id)["body"] == "各学校：\n自7月1日起执行夏季作息时间。"
    assert _outbox(heyf)[before:] == [
        ("outdoc", None, {"body": "各学校：\n自7月1日起执行夏季作息时间。"})
    ]
    assert not window.editor.modified and not window.editor.save_button.isEnabled()
    assert "自7月1日起" in window.body.toPlainText()  # the refresh kept the saved text


# (answer, the window closes, the text is saved)
CLOSE_CASES = [
    (QMessageBox.StandardButton.Cancel, False, False),
    (QMessageBox.StandardButton.Discard, True, False),
    (QMessageBox.StandardButton.Save, True, True),
]


@pytest.mark.parametrize("case", CLOSE_CASES)
def test_closing_with_unsaved_edits_asks(
    heyf: AppContext,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    case: tuple[QMessageBox.StandardButton, bool, bool],
) -> None:
    answer, closed, saved = case
    doc_id = _draft(heyf, "关于报送统计数据的通知", body="各学校：")
    window = _open(heyf, qtbot, doc_id)
    asked: list[list[str]] = []

    def exec_(box: QMessageBox) -> int:
        asked.append([b.text() for b in box.buttons()])
        return int(answer.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    window.close()  # nothing typed: no question
    assert asked == [] and not window.isVisible()

    window = _open(heyf, qtbot, doc_id)
    window.body.moveCursor(window.body.textCursor().MoveOperation.End)
    window.body.insertPlainText("请于周五前报送。")
    window.close()
    assert len(asked) == 1 and set(asked[0]) == {"保存", "不保存", "取消"}
    assert window.isVisible() is not closed
    expected = "各学校：请于周五前报送。" if saved else "各学校："
    assert _stored(heyf, doc_id)["body"] == expected
    if not closed:
        assert window.body.toPlainText() == "各学校：请于周五前报送。"  # nothing lost
        window.editor.discard()


# --- 附件 ---------------------------------------------------------------------------------------


def _pick(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in paths], "")
    )


def _warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def warning(_parent: Any, _title: str, text: str, *a: Any) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown


def test_an_oversized_file_is_refused_and_nothing_changes(
    heyf: AppContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    doc_id = _draft(heyf, "关于上报校舍安全排查情况的通知")
    # The limit the server advertised, remembered in the profile.
    with transaction(heyf.profile.store()) as session:
        set_meta(session, MAX_ATTACHMENT_KEY, str(2048))
    small, big = tmp_path / "排查表.xlsx", tmp_path / "现场照片.zip"
    small.write_bytes(b"x" * 100)
    big.write_bytes(b"y" * 4096)
    window = _open(heyf, qtbot, doc_id, "附件")
    panel = window.attachments
    assert panel.add_button.isVisible()
    before = _outbox(heyf)
    shown = _warnings(monkeypatch)
    _pick(monkeypatch, small, big)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert shown == ["“现场照片.zip”附件过大：最大 0.00195312 MB"]
    assert _outbox(heyf) == before
    assert _stored(heyf, doc_id).get("attachments") in (None, [])
    assert panel.model.rowCount() == 0
    assert not (heyf.profile.folder / "blobs").exists() or not any(
        p.is_file() for p in (heyf.profile.folder / "blobs").rglob("*")
    )

    # A limit handed in directly wins over the profile's.
    panel.max_bytes = 8192
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    assert [a["name"] for a in _stored(heyf, doc_id)["attachments"]] == [
        "排查表.xlsx",
        "现场照片.zip",
    ]


def test_an_added_file_appears_opens_and_goes(
    heyf: AppContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    doc_id = _draft(heyf, "关于组织教师培训的通知", body="各学校：\n请按时参加培训。")
    source = tmp_path / "培训日程安排.docx"
    source.write_bytes(b"PK\x03\x04" + b"d" * 3000)
    window = _open(heyf, qtbot, doc_id, "附件")
    panel = window.attachments
    _pick(monkeypatch, source)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)

    stored = _stored(heyf, doc_id)["attachments"]
    assert [(a["name"], a["size"]) for a in stored] == [("培训日程安排.docx", 3004)]
    assert BlobStore(heyf.profile.folder, heyf.profile.store()).has(stored[0]["sha256"])
    assert [panel.model.index(0, c).data() for c in range(3)] == [
        "培训日程安排.docx",
        "2 KB",
        "已下载",
    ]

    # 附件说明 in the 正文 lists it.
    window.tabs.setCurrentWidget(window.editor)
    qtbot.mouseClick(window.editor.note_button, Qt.MouseButton.LeftButton)
    assert window.editor.body() == "各学校：\n请按时参加培训。\n\n附件：培训日程安排"

    # 打开: a copy under its own name goes to the system's viewer.
    window.tabs.setCurrentWidget(panel)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    copy = Path(opened[0].toLocalFile())
    assert copy.name == "培训日程安排.docx" and copy.read_bytes() == source.read_bytes()

    # 另存为…
    target = tmp_path / "out" / "日程.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == source.read_bytes()

    # 删除, after saying yes.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert _stored(heyf, doc_id)["attachments"] == []
    assert panel.model.rowCount() == 0


def test_a_file_not_downloaded_says_so(
    heyf: AppContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = {"sha256": "ab" * 32, "name": "汛期值班表.xlsx", "size": 48213}
    _incoming(heyf, "doc-in", title="关于汛期值班的通知", state="reading", attachments=[ref])
    window = _open(heyf, qtbot, "doc-in", "附件")
    panel = window.attachments
    assert panel.model.index(0, 2).data() == "未下载"
    assert not panel.add_button.isVisible() and not panel.remove_button.isVisible()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert told == ["附件“汛期值班表.xlsx”尚未下载到本机，请联网同步后再试。"]
    assert opened == []


# --- 预览 / 打印 ---------------------------------------------------------------------------------


def test_preview_renders_a_draft_and_prints_it(
    heyf: AppContext, qtbot: QtBot, tmp_path: Path
) -> None:
    body = "各学校：\n一、提前谋划。\n二、压实责任。\n\n附件：开学工作清单"
    window = _open(heyf, qtbot, _draft(heyf, "关于做好秋季学期开学工作的通知", body=body))
    assert window.preview_button.isVisible() and not window.form_button.isVisible()
    dialog = window.preview()
    assert isinstance(dialog, PdfPreview)
    qtbot.addWidget(dialog)
    assert dialog.page_count >= 1
    assert dialog.pages.text() == f"共 {dialog.page_count} 页"
    assert dialog.note.text() == "按当前内容排版（未盖章）"
    assert dialog.print_button.isEnabled()

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == dialog.page_count
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")

    dialog.save_to(tmp_path / "saved.pdf")
    assert (tmp_path / "saved.pdf").read_bytes() == dialog.pdf.data if dialog.pdf else False

    # Zoom steps leave fit-to-width.
    dialog.zoom_by_step(True)
    assert dialog.view.zoomMode() is dialog.view.ZoomMode.Custom
    dialog.fit_width()
    assert dialog.view.zoomMode() is dialog.view.ZoomMode.FitToWidth


def test_a_preview_that_cannot_be_made_says_why_in_chinese(
    heyf: AppContext, qtbot: QtBot, tmp_path: Path
) -> None:
    window = _open(heyf, qtbot, _draft(heyf, "关于字体设置的通知"))
    dialog = window.preview()
    qtbot.addWidget(dialog)
    assert dialog.page_count == 0 and not dialog.print_button.isEnabled()
    assert dialog.error.isVisible() and not dialog.view.isVisible()
    assert dialog.error.text() == "无法生成预览：正文不能为空（body）"

    heyf.profile.config.fonts = DocumentFonts(body=str(tmp_path / "无此字体.ttf"))
    window = _open(heyf, qtbot, _draft(heyf, "关于字体设置的通知", body="各学校："))
    dialog = window.preview()
    qtbot.addWidget(dialog)
    assert dialog.page_count == 0
    assert dialog.error.text() == f"无法生成预览：正文字体文件不存在：{tmp_path / '无此字体.ttf'}"


def test_an_incoming_document_previews_its_processing_form(heyf: AppContext, qtbot: QtBot) -> None:
    _incoming(heyf, "doc-form", title="关于报送防汛物资储备情况的通知", state="handling")
    window = _open(heyf, qtbot, "doc-form")
    assert window.form_button.isVisible()
    dialog = window.preview("form")
    qtbot.addWidget(dialog)
    assert dialog.page_count >= 1 and dialog.note.text() == "收文处理单"


# --- the seal -----------------------------------------------------------------------------------


def _seal(ctx: AppContext, tmp_path: Path, *, trusted: bool) -> str:
    """A 发文 at 待分发 with a sealed, signed PDF in the store; its key synced here if
    ``trusted``. The private key lives in the OS keyring, as on the seal keeper's machine."""
    from app.render.document import render_document
    from app.security.pdfsign import sign_pdf
    from app.security.seal_keys import generate_unit_key, private_key_for

    unit = ctx.user.unit_id
    pair = generate_unit_key(unit, EDU)
    plain = tmp_path / "plain.pdf"
    render_document(
        {"issuers": [EDU], "title": "关于开展校园安全检查的通知", "body": ["各学校："]}, plain
    )
    signed = sign_pdf(
        plain.read_bytes(),
        unit_id=unit,
        unit_name=EDU,
        key_id=pair.key_id,
        private_key_hex=private_key_for(pair.key_id),
        public_key_hex=pair.public_key_hex,
        signed_at=datetime.now(UTC),
    )
    (tmp_path / "sealed.pdf").write_bytes(signed)
    ref = BlobStore(ctx.profile.folder, ctx.profile.store()).add_file(
        tmp_path / "sealed.pdf", "塔教发〔2026〕3号.pdf"
    )
    _outdoc(ctx, "doc-sealed", state="dispatch", doc_number="塔教发〔2026〕3号", sealed_pdf=ref)
    if trusted:
        key = {"unit_id": unit, "unit_name": EDU, "public_key": pair.public_key_hex}
        with transaction(ctx.profile.store()) as session:
            put_server_state(session, [(pair.key_id, "seal_key", 1, False, key)], 1)
    return str(ref["sha256"])


def test_a_sealed_document_shows_its_seal_verdict(
    heyf: AppContext, qtbot: QtBot, tmp_path: Path, real_keyring: None
) -> None:
    sha = _seal(heyf, tmp_path, trusted=True)
    window = _open(heyf, qtbot, "doc-sealed")
    assert window.seal.isVisible()
    assert window.seal.text() == f"签章有效（{EDU}）"
    assert window.seal.property("verdict") == "valid"
    # 预览 shows the sealed file itself, byte for byte.
    dialog = window.preview()
    qtbot.addWidget(dialog)
    blob = BlobStore(heyf.profile.folder, heyf.profile.store()).path(sha)
    assert dialog.pdf is not None and dialog.pdf.data == blob.read_bytes()
    assert dialog.note.text() == "盖章版"

    data = bytearray(blob.read_bytes())
    data[len(data) // 3] ^= 0x01
    blob.write_bytes(bytes(data))
    again = _open(heyf, qtbot, "doc-sealed")
    assert again.seal.text() == "已篡改"
    assert again.seal.property("verdict") == "tampered"


def test_seal_badge_for_an_unknown_key_a_missing_file_and_no_seal(
    heyf: AppContext, qtbot: QtBot, tmp_path: Path, real_keyring: None
) -> None:
    sha = _seal(heyf, tmp_path, trusted=False)
    window = _open(heyf, qtbot, "doc-sealed")
    assert (window.seal.text(), window.seal.property("verdict")) == ("未知签章单位", "unknown")

    BlobStore(heyf.profile.folder, heyf.profile.store()).path(sha).unlink()
    window = _open(heyf, qtbot, "doc-sealed")
    assert (window.seal.text(), window.seal.property("verdict")) == ("签章文件未下载", "missing")

    plain = _open(heyf, qtbot, _draft(heyf, "关于未盖章公文的通知"))
    assert not plain.seal.isVisible()


# --- 传阅: 已读 on opening ------------------------------------------------------------------------


def test_an_unread_reader_opening_the_window_queues_open_once(
    heyf: AppContext, qtbot: QtBot
) -> None:
    readers = {heyf.user.id: {"state": "unread", "purpose": "请阅知"}}
    _incoming(
        heyf, "doc-read", title="关于学习贯彻会议精神的通知", state="reading", readers=readers
    )
    window = _open(heyf, qtbot, "doc-read")
    assert [(t, a) for t, a, _p in _outbox(heyf)] == [("indoc", "open")]
    assert "open" not in window.action_buttons  # no 已读 button: opening is reading
    assert window.action_buttons["mark_read"].text() == "已阅"
    window.close()
    _open(heyf, qtbot, "doc-read")  # the mark shows only after a sync: not queued again
    assert [(t, a) for t, a, _p in _outbox(heyf)] == [("indoc", "open")]

    # Someone already 已读, or not a reader at all, queues nothing.
    _incoming(
        heyf,
        "doc-opened",
        title="关于做好防暑降温工作的通知",
        state="reading",
        readers={heyf.user.id: {"state": "opened"}},
    )
    _open(heyf, qtbot, "doc-opened")
    _open(_as(heyf, "maxd"), qtbot, "doc-read")
    assert [(t, a) for t, a, _p in _outbox(heyf)] == [("indoc", "open")]
