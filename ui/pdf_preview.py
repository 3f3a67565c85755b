"""预览 / 打印: the 公文 (or a 收文's 办理单) as PDF pages, with zoom, 打印… and 另存为 PDF….

The PDF is made on the database worker (app/services/doc_files.py: the sealed copy when there
is one, else the text typeset now) and shown with QtPdf. Printing draws each page as an image
at up to 300 dpi: enough for a laser printer, and an A4 page stays about 35 MB in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.doc_files import PreviewPdf, document_pdf, form_pdf, safe_name
from ui.context import AppContext
from ui.operations import DbOp

DOCUMENT, FORM = "document", "form"
PRINT_DPI = 300
ZOOM_STEP = 1.25

_STYLE = """
QWidget#previewBar { background: #F7F8FA; border-bottom: 1px solid #E1E4E8; }
QWidget#previewBar QPushButton {
    min-height: 28px; padding: 0 12px; border: 1px solid #C9CFD6; border-radius: 4px;
    background: #FFFFFF; color: #36404A; font-size: 13px;
}
QWidget#previewBar QPushButton#previewPrint {
    background: #1D4E89; border-color: #1D4E89; color: #FFFFFF;
}
QLabel#previewNote { color: #6B7785; font-size: 13px; }
QLabel#previewPages { color: #36404A; font-size: 13px; }
QLabel#previewError { color: #C0392B; font-size: 14px; padding: 24px; }
QPdfView { background: #E9ECF0; }
"""


class PdfPreview(QDialog):
    """``loaded`` pages show once the PDF is made; ``page_count`` is 0 until then."""

    def __init__(
        self, ctx: AppContext, doc_id: str, kind: str = DOCUMENT, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.doc_id = doc_id
        self.kind = kind
        self.pdf: PreviewPdf | None = None
        self.setObjectName("pdfPreview")
        self.setWindowTitle(self.tr("预览 — 政通办公"))
        self.setStyleSheet(_STYLE)
        self.resize(860, 900)

        self.document = QPdfDocument(self)
        self._buffer = QBuffer(self)
        self.view = QPdfView(self)
        self.view.setObjectName("previewView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setDocument(self.document)

        bar = QWidget()
        bar.setObjectName("previewBar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 8, 12, 8)
        self.note = QLabel(self.tr("正在生成…"))
        self.note.setObjectName("previewNote")
        self.pages = QLabel()
        self.pages.setObjectName("previewPages")
        self.zoom_out = self._button(self.tr("缩小"), "previewZoomOut", self.zoom_by_step, False)
        self.zoom_in = self._button(self.tr("放大"), "previewZoomIn", self.zoom_by_step, True)
        self.fit = self._button(self.tr("适合宽度"), "previewFit", self.fit_width)
        self.print_button = self._button(self.tr("打印…"), "previewPrint", self.choose_printer)
        self.save_button = self._button(self.tr("另存为 PDF…"), "previewSave", self.choose_file)
        row.addWidget(self.note, 1)
        row.addWidget(self.pages)
        row.addSpacing(8)
        for button in (self.zoom_out, self.zoom_in, self.fit, self.save_button, self.print_button):
            row.addWidget(button)
            button.setEnabled(False)
        self.error = QLabel()
        self.error.setObjectName("previewError")
        self.error.setWordWrap(True)
        self.error.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.error.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.error)
        layout.addWidget(self.view, 1)
        self.load()

    def _button(
        self, text: str, name: str, slot: Callable[..., object], *args: object
    ) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot(*args))
        return button

    # --- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        fonts = self.ctx.profile.config.fonts
        if self.kind == FORM:
            work = partial(form_pdf, doc_id=self.doc_id, fonts=fonts)
        else:
            work = partial(
                document_pdf,
                folder=self.ctx.profile.folder,
                sessions=self.ctx.profile.store(),
                doc_id=self.doc_id,
                fonts=fonts,
            )
        DbOp(self, work).success(self.show_pdf).failure(self._failed).with_progress(
            self.tr("正在排版…")
        ).run()

    def show_pdf(self, pdf: PreviewPdf) -> None:
        if not shiboken6.isValid(self):
            return
        self.pdf = pdf
        self.setWindowTitle(self.tr("预览：{title} — 政通办公").format(title=pdf.title))
        self._buffer.close()
        self._buffer.setData(QByteArray(pdf.data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if self.document.status() is not QPdfDocument.Status.Ready:
            self._failed(UserError(self.tr("PDF 文件无法打开（可能已损坏）")))
            return
        self.note.setText(pdf.note)
        self.pages.setText(self.tr("共 {n} 页").format(n=self.page_count))
        for button in (self.zoom_out, self.zoom_in, self.fit, self.save_button, self.print_button):
            button.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        reason = str(exc) if isinstance(exc, UserError) else self.tr("出错了：{e}").format(e=exc)
        self.note.setText("")
        self.error.setText(self.tr("无法生成预览：{reason}").format(reason=reason))
        self.error.show()
        self.view.hide()

    @property
    def page_count(self) -> int:
        return self.document.pageCount() if self.pdf is not None else 0

    # --- zoom ------------------------------------------------------------------------------

    def zoom_by_step(self, larger: bool) -> None:
        factor = self.view.zoomFactor() if self.view.zoomMode() is QPdfView.ZoomMode.Custom else 1
        if self.view.zoomMode() is QPdfView.ZoomMode.FitToWidth:
            factor = self._fit_factor()
        factor = factor * ZOOM_STEP if larger else factor / ZOOM_STEP
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(factor, 5.0)))

    def _fit_factor(self) -> float:
        """The zoom factor FitToWidth uses now, so a step starts from what is on screen."""
        if self.page_count == 0:
            return 1.0
        points = self.document.pagePointSize(0).width()
        pixels = points / 72 * self.logicalDpiX()
        width = self.view.viewport().width() - 2 * self.view.documentMargins().left()
        return max(0.25, width / pixels) if pixels else 1.0

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    # --- printing and saving ---------------------------------------------------------------

    def choose_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf.title if self.pdf else "")
        printer.setFromTo(1, max(1, self.page_count))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Draw the pages (the range chosen in the print dialog, else all) onto ``printer``;
        returns how many were printed."""
        count = self.page_count
        if count == 0:
            return 0
        first, last = printer.fromPage() or 1, printer.toPage() or count
        first, last = max(1, first), min(count, last)
        dpi = min(printer.resolution(), PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(
                self, self.tr("无法打印"), self.tr("打印机无法开始打印，请检查打印机。")
            )
            return 0
        try:
            for number in range(first, last + 1):
                if number > first:
                    printer.newPage()
                points = self.document.pagePointSize(number - 1)
                size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
                image = self.document.render(number - 1, size)
                area = painter.viewport()
                target = QRect(
                    area.topLeft(), size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                )
                painter.drawImage(target, image)
        finally:
            painter.end()
        return last - first + 1

    def choose_file(self) -> None:
        if self.pdf is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("另存为 PDF"),
            str(Path.home() / f"{safe_name(self.pdf.title)}.pdf"),
            self.tr("PDF 文件 (*.pdf)"),
        )
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> None:
        assert self.pdf is not None
        try:
            path.write_bytes(self.pdf.data)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("无法保存"),
                self.tr("无法保存到 {path}：{reason}").format(
                    path=path, reason=exc.strerror or exc
                ),
            )
