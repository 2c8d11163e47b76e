"""Printing our PDFs on any system printer through Qt's print support, with
a preview. The PDF is the document of record: its pages are rendered at the
printer's resolution (QtPdf) and painted onto the QPrinter, so what prints
is what the preview and the archived PDF show."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QAction, QGuiApplication, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import (
    QPrinter,
    QPrinterInfo,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)

from receipts.printers import PrintError


def load_pdf(pdf: bytes) -> tuple[QPdfDocument, QBuffer]:
    buf = QBuffer()
    buf.setData(QByteArray(pdf))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument()
    doc.load(buf)
    if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() == 0:
        raise PrintError("The document could not be prepared for printing.")
    return doc, buf  # the buffer must outlive the document


def system_printer(name: str | None = None) -> QPrinter:
    """The named system printer, or the default one."""
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo.defaultPrinter()
    if info.isNull():
        raise PrintError("Printer '{name}' is not installed on this computer: choose another in "
                         "Settings.", name=name or "default")
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def paint_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Paint every page of ``pdf`` onto ``printer``; returns the page count."""
    doc, _buf = load_pdf(pdf)
    first = doc.pagePointSize(0)
    printer.setPageSize(QPageSize(first, QPageSize.Unit.Point, "document"))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("The printer could not be opened: check it is on and has paper.")
    try:
        dpi = printer.resolution()
        for page in range(doc.pageCount()):
            if page:
                printer.newPage()
            size = doc.pagePointSize(page)
            pixels = QSize(int(size.width() * dpi / 72), int(size.height() * dpi / 72))
            image = doc.render(page, pixels)
            target = QRectF(painter.viewport())
            painter.drawImage(target, image)
    finally:
        painter.end()
    return doc.pageCount()


class PdfPreviewDialog(QPrintPreviewDialog):
    """A print preview of one PDF that owns its printer.

    QPrintPreviewDialog does not take ownership of the printer it is given:
    a printer freed while the preview still painted on it crashed the
    station on every invoice. The dialog keeps the printer and the document
    for as long as it lives."""

    def __init__(self, pdf: bytes, parent=None, printer: QPrinter | None = None):
        self.printer_ = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        self.pdf = pdf
        super().__init__(self.printer_, parent)
        self.paintRequested.connect(self._paint)
        self._readable()

    def _readable(self) -> None:
        """Open at the page's full width (fit to width) and as tall as the
        screen allows: Qt's default opened an A5 invoice at 55 %, too small
        to read at the counter."""
        doc, _buf = load_pdf(self.pdf)
        page_px = int(doc.pagePointSize(0).width() * self.logicalDpiX() / 72)
        screen = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        self.resize(min(screen.width() - 40, max(480, page_px + 160)),
                    min(screen.height() - 80, 1000))
        fit_width = self.findChild(QAction, "fitWidthAction")
        if fit_width is not None:  # the toolbar shows the mode it is in
            fit_width.trigger()
        self.findChild(QPrintPreviewWidget).setZoomMode(
            QPrintPreviewWidget.ZoomMode.FitToWidth)

    def _paint(self, target: QPrinter) -> None:
        paint_pdf(self.pdf, target)


def preview(pdf: bytes, parent=None, printer: QPrinter | None = None) -> PdfPreviewDialog:
    """A print preview dialog for ``pdf`` (the caller exec()s or show()s it)."""
    return PdfPreviewDialog(pdf, parent, printer)
