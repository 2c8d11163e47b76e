"""The preview of a report's PDF, however long: pages are rendered as they
come into view (QPdfView), so a 400-page dekad sheet opens at once.

Qt's print preview (receipts.qt_print, kept for invoices) paints every page
up front at the printer's resolution: a whole office's dekad sheet held the
window for minutes and took gigabytes. This one shows the sheet's first page
while the rest is drawn, then takes the whole document in its place
(``set_pdf``), on the page the clerk is reading."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from receipts.printers import PrintError
from receipts.qt_print import load_pdf, paint_pdf
from vending_app.ui import i18n
from vending_app.ui.i18n import tr


class PdfPreview(QDialog):
    """A PDF to read and print; ``partial``: only its first page is drawn yet."""

    def __init__(self, pdf: bytes, parent=None, partial: bool = False):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a long PDF is megabytes
        self.setWindowTitle(tr("Preview"))
        self.view = QPdfView(self, objectName="pdf_view")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.note = QLabel(objectName="preview_note", wordWrap=True)
        self.note.setStyleSheet("padding:6px;color:#0d47a1;background:#e3f2fd")
        self.page_label = QLabel(objectName="preview_page")
        self.print_button = QPushButton(tr("Print..."), objectName="print")
        self.print_button.clicked.connect(self.print_)
        close = QPushButton(tr("Close"), objectName="close")
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        for text, factor in (("-", 0.8), ("+", 1.25)):
            zoom = QPushButton(text, objectName=f"zoom{text}", toolTip=tr("Zoom"))
            zoom.clicked.connect(lambda _c=False, f=factor: self.zoom(f))
            row.addWidget(zoom)
        row.addWidget(self.page_label)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        self.document = self._buffer = None
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)
        self.set_pdf(pdf, partial)
        self._size()

    def set_pdf(self, pdf: bytes, partial: bool = False) -> None:
        """Show ``pdf`` in place of the document shown, on the same page
        when it has it."""
        page = self.current_page()
        document, buffer = load_pdf(pdf)
        self.view.setDocument(document)
        self.document, self._buffer, self.pdf, self.partial = document, buffer, pdf, partial
        self.view.pageNavigator().jump(min(page, document.pageCount() - 1), QPointF(), 0)
        self.print_button.setEnabled(not partial)  # half a report must not go to paper
        self.say(tr("Only the first page is drawn yet: the rest is being drawn and comes in "
                    "by itself; print when it has.") if partial else "")
        self._show_page()

    def zoom(self, factor: float) -> None:
        """From the size shown (fitted to the width: zoomFactor() says 1)."""
        shown = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            page = self.document.pagePointSize(self.current_page()).width()
            margins = self.view.documentMargins()
            room = self.view.viewport().width() - margins.left() - margins.right()
            shown = room / (page * self.logicalDpiX() / 72)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(4.0, shown * factor)))

    def say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def current_page(self) -> int:
        """The page being read (from 0)."""
        return self.view.pageNavigator().currentPage() if self.document is not None else 0

    def _show_page(self, *_args) -> None:
        if self.document is not None:
            self.page_label.setText(tr("Page {page} of {pages}", page=self.current_page() + 1,
                                       pages=self.document.pageCount()))

    def _size(self) -> None:
        """The page's full width and as tall as the screen allows."""
        width = int(self.document.pagePointSize(0).width() * self.logicalDpiX() / 72)
        screen = self.screen().availableGeometry()
        self.resize(min(screen.width() - 40, max(480, width + 80)),
                    min(screen.height() - 80, 1000))

    def print_(self) -> None:
        """The whole document on a printer the clerk chooses."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        chooser = QPrintDialog(printer, self)
        if chooser.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            paint_pdf(self.pdf, printer)
        except PrintError as e:
            self.say(i18n.error_text(e))
