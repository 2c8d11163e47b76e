"""A report page's PDF, drawn off the GUI thread after the table is shown.

A whole office's dekad sheet is some 400 pages: drawn in the job that read
it, the clerk waited seconds for the table. Now the table shows when the
data is read; the documents' thread then draws the first page (a few tens of
milliseconds) and the whole document. Preview opens on the first page and
takes the whole document when it comes; Save PDF waits for it (the page
says so, the window stays live). A new Build calls the drawing of the last
sheet off, and nothing of it is shown any more."""

from __future__ import annotations

import threading
from pathlib import Path

import shiboken6

from receipts.sheet_pdf import DrawingStopped, sheet_pdf
from vending_app.core.documents import Sheet
from vending_app.ui.i18n import tr


class Drawing:
    """One sheet's PDF as it is drawn. The documents' thread fills it in;
    the GUI thread reads it (a reference set in one go)."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.first: bytes | None = None
        self.full: bytes | None = None
        self.error: BaseException | None = None
        self.stop = threading.Event()  # a newer sheet: call this drawing off
        self.drawn = threading.Event()  # the whole document is drawn, or failed

    def draw_first(self) -> bytes | None:
        if not self.stop.is_set():
            self.first = sheet_pdf(self.sheet, first_page_only=True)
        return self.first

    def draw_full(self) -> bytes | None:
        """The whole document; None when it was called off."""
        try:
            self.full = sheet_pdf(self.sheet, stop=self.stop)
        except DrawingStopped:
            pass
        except BaseException as e:  # noqa: BLE001 - kept for the save that waits, then raised
            self.error = e
            raise
        finally:
            self.drawn.set()
        return self.full

    def result(self) -> bytes:
        """The whole document (documents' thread: asked after ``draw_full``)."""
        self.drawn.wait()
        if self.full is None:
            raise self.error or DrawingStopped()
        return self.full


class SheetPdf:
    """The PDF of the sheet a page shows: drawing, preview, save."""

    def __init__(self, page):
        self.page = page
        self.drawing: Drawing | None = None
        self.dialog = None
        self.dialog_drawing: Drawing | None = None  # whose pages the dialog shows
        self.preview_wanted = False

    def stop(self) -> None:
        """Call the drawing off (its sheet is no longer the page's)."""
        if self.drawing is not None:
            self.drawing.stop.set()
            self.drawing = None
        if self._dialog_open() and self.dialog.partial:  # its rest will never come
            self.dialog.close()
        self.preview_wanted = False

    def start(self, sheet: Sheet) -> None:
        """Draw ``sheet``: first its first page, then the whole of it."""
        self.stop()
        drawing = self.drawing = Drawing(sheet)
        tasks = self.page.session.tasks
        tasks.run_documents(drawing.draw_first, lambda pdf: self._first(drawing),
                            lambda e: self._failed(drawing, e), background=True,
                            name="sheet PDF, first page")
        tasks.run_documents(drawing.draw_full, lambda pdf: self._full(drawing),
                            lambda e: self._failed(drawing, e), background=True,
                            name="sheet PDF")

    def preview(self) -> None:
        drawing = self.drawing
        if drawing is None:
            return
        if drawing.full is not None or drawing.first is not None:
            self._open(drawing)
        else:  # in a moment: it opens when the first page is drawn
            self.preview_wanted = True
            self.page.say(tr("Drawing the first page..."), "info")

    def save(self, target: Path, done) -> None:
        """Write the whole document to ``target`` once it is drawn."""
        drawing = self.drawing
        waiting = drawing.full is None

        def write():
            target.write_bytes(drawing.result())

        self.page.run(write, done, documents=True,
                      busy_text=tr("Drawing the PDF...") if waiting else None)

    def _open(self, drawing: Drawing) -> None:
        from vending_app.ui.pdf_preview import PdfPreview
        self.preview_wanted = False
        partial = drawing.full is None
        self.dialog = PdfPreview(drawing.first if partial else drawing.full, self.page, partial)
        self.dialog_drawing = drawing
        self.dialog.show()

    def _first(self, drawing: Drawing) -> None:
        if drawing is self.drawing and self.preview_wanted and drawing.first is not None:
            self._open(drawing)

    def _full(self, drawing: Drawing) -> None:
        if drawing is not self.drawing:  # an older sheet's: not shown for the new one
            return
        if self.preview_wanted:
            self._open(drawing)
        elif self._dialog_open() and self.dialog_drawing is drawing and self.dialog.partial:
            self.dialog.set_pdf(drawing.full)

    def _failed(self, drawing: Drawing, e: BaseException) -> None:
        if drawing is not self.drawing:
            return
        self.preview_wanted = False
        if self._dialog_open() and self.dialog_drawing is drawing:
            from vending_app.ui import i18n
            self.dialog.say(i18n.error_text(e))
        self.page.fail(e)

    def _dialog_open(self) -> bool:
        return (self.dialog is not None and shiboken6.isValid(self.dialog)
                and self.dialog.isVisible())
