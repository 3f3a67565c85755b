"""The 附件 tab: the document's files with size and whether they are on this machine; 添加…
and 删除 while the document may be edited by this person, 打开 and 另存为… always.

Storing, removing and copying are in app/services/doc_files.py (database worker); a refused
file (too large, too many) is shown in a message box and nothing changes.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import Changes
from app.services.doc_files import FileRow, add_attachments, open_copy, remove_attachment, save_copy
from ui.context import AppContext
from ui.operations import DbOp

SHA_ROLE = Qt.ItemDataRole.UserRole


def detail_table(headers: list[str]) -> tuple[QTableView, QStandardItemModel]:
    """A read-only table of a few rows (the document window's 附件 and 流转记录)."""
    model = QStandardItemModel(0, len(headers))
    model.setHorizontalHeaderLabels(headers)
    view = QTableView()
    view.setModel(model)
    model.setParent(view)
    view.setObjectName("docDetailTable")
    view.verticalHeader().hide()
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view, model


def fill_rows(model: QStandardItemModel, rows: list[list[str]]) -> list[list[QStandardItem]]:
    model.removeRows(0, model.rowCount())
    out = []
    for values in rows:
        items = [QStandardItem(v) for v in values]
        for item in items:
            item.setEditable(False)
        model.appendRow(items)
        out.append(items)
    return out


def size_text(value: Any) -> str:
    try:
        size = int(value)
    except (TypeError, ValueError):
        return ""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, size // 1024)} KB"


def _files_changed(_result: object) -> Changes:
    return Changes(work_items=True, outbox=True)


class AttachmentsPanel(QWidget):
    """``changed`` fires after a file was added or removed (the window reloads)."""

    changed = Signal()

    def __init__(self, ctx: AppContext, doc_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.doc_id = doc_id
        self.rows: list[FileRow] = []
        self.editable = False
        self.max_bytes: int | None = None  # None: the profile's (server-advertised) limit
        self.setObjectName("attachmentsPanel")
        self.table, self.model = detail_table([self.tr("文件名"), self.tr("大小"), self.tr("本机")])
        self.table.setObjectName("docAttachments")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.add_button = QPushButton(self.tr("添加…"))
        self.add_button.setObjectName("attachmentAdd")
        self.add_button.clicked.connect(self.choose_files)
        self.open_button = QPushButton(self.tr("打开"))
        self.open_button.setObjectName("attachmentOpen")
        self.open_button.clicked.connect(self.open_selected)
        self.save_button = QPushButton(self.tr("另存为…"))
        self.save_button.setObjectName("attachmentSaveAs")
        self.save_button.clicked.connect(self.save_selected)
        self.remove_button = QPushButton(self.tr("删除"))
        self.remove_button.setObjectName("attachmentRemove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.hint = QLabel()
        self.hint.setObjectName("docReadOnly")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 6)
        for button in (self.add_button, self.open_button, self.save_button, self.remove_button):
            button.setProperty("docAction", "secondary")
            buttons.addWidget(button)
        buttons.addSpacing(8)
        buttons.addWidget(self.hint)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self._update_buttons()

    def show_files(self, rows: list[FileRow], *, editable: bool) -> None:
        selected = self.selected()
        self.rows = list(rows)
        self.editable = editable
        items = fill_rows(
            self.model,
            [
                [r.name, size_text(r.size), self.tr("已下载") if r.present else self.tr("未下载")]
                for r in self.rows
            ],
        )
        for row, cells in zip(self.rows, items, strict=True):
            cells[0].setData(row.sha256, SHA_ROLE)
            if not row.present:
                cells[2].setForeground(Qt.GlobalColor.darkGray)
        if selected is not None:
            for i, row in enumerate(self.rows):
                if row.sha256 == selected.sha256:
                    self.table.selectRow(i)
        if not self.rows:
            self.hint.setText(self.tr("暂无附件"))
        elif any(not r.present for r in self.rows):
            self.hint.setText(self.tr("未下载的附件将在下次同步时下载"))
        else:
            self.hint.setText("")
        self._update_buttons()

    def selected(self) -> FileRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().hasSelection():
            return None
        return self.rows[index.row()] if index.row() < len(self.rows) else None

    def _update_buttons(self) -> None:
        row = self.selected()
        self.add_button.setVisible(self.editable)
        self.remove_button.setVisible(self.editable)
        self.remove_button.setEnabled(row is not None)
        self.open_button.setEnabled(row is not None)
        self.save_button.setEnabled(row is not None)

    # --- actions ---------------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, self.tr("添加附件"))
        if names:
            self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> None:
        work = partial(
            add_attachments,
            folder=self.ctx.profile.folder,
            sessions=self.ctx.profile.store(),
            person_id=self.ctx.user.id,
            doc_id=self.doc_id,
            paths=paths,
            max_bytes=self.max_bytes,
        )
        DbOp(self, lambda s: _files_changed(work(s))).success(
            lambda _c: self.changed.emit()
        ).with_progress(self.tr("正在添加附件…")).run()

    def _not_here(self, row: FileRow) -> bool:
        if row.present:
            return False
        QMessageBox.information(
            self,
            self.tr("附件未下载"),
            self.tr("附件“{name}”尚未下载到本机，请联网同步后再试。").format(name=row.name),
        )
        return True

    def open_selected(self) -> None:
        row = self.selected()
        if row is None or self._not_here(row):
            return
        folder, sessions = self.ctx.profile.folder, self.ctx.profile.store()

        def work(_session: Session) -> Path:
            return open_copy(folder, sessions, row.ref)

        DbOp(self, work).success(self._launch).run()

    def _launch(self, path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.information(
                self,
                self.tr("无法打开附件"),
                self.tr("本机没有可以打开该文件的程序。文件副本在：{path}").format(path=path),
            )

    def save_selected(self) -> None:
        row = self.selected()
        if row is None or self._not_here(row):
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("附件另存为"), str(Path.home() / row.name)
        )
        if not name:
            return
        folder, sessions = self.ctx.profile.folder, self.ctx.profile.store()

        def work(_session: Session) -> Path:
            return save_copy(folder, sessions, row.ref, Path(name))

        DbOp(self, work).run()

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None or not self.editable:
            return
        answer = QMessageBox.question(
            self,
            self.tr("删除附件"),
            self.tr("从公文中删除附件“{name}”？").format(name=row.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        work = partial(
            remove_attachment,
            person_id=self.ctx.user.id,
            doc_id=self.doc_id,
            sha256=row.sha256,
        )
        DbOp(self, lambda s: _files_changed(work(s))).success(
            lambda _c: self._removed() if shiboken6.isValid(self) else None
        ).run()

    def _removed(self) -> None:
        self.table.clearSelection()
        self.changed.emit()
