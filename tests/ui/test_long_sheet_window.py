"""A long report in the window: the table shows while the PDF is still
being drawn; Preview opens on the first page and takes the whole document
when it comes, on the page the clerk is reading; Save PDF waits for it with
the window live; a new Build calls the last sheet's drawing off.

The whole document's drawing is held on an event (the real drawing, made to
wait), so "before" and "after" are certain, not a matter of timing."""

import threading

import pytest
import shiboken6
from PySide6.QtCore import QObject, Signal

from tests.receipts.test_sheet_first_page import long_sheet
from tests.ui.conftest import banner
from vending_app.ui import sheet_drawing
from vending_app.ui.business_pages import SheetPage
from vending_app.ui.pdf_preview import PdfPreview
from vending_app.ui.tasks import Tasks


class Counter(QObject):
    """What a report page needs of a signed-in session: its worker threads
    and the signal that says what an action changed."""

    changed = Signal(object)

    def __init__(self):
        super().__init__()
        self.tasks, self.keys = Tasks(), None


@pytest.fixture
def held(monkeypatch):
    """The whole document is drawn only when the test lets it."""
    started, release = threading.Event(), threading.Event()
    real = sheet_drawing.sheet_pdf

    def drawn_when_released(sheet, printed_at=None, first_page_only=False, stop=None):
        if not first_page_only:
            started.set()
            assert release.wait(30), "the test never released the drawing"
        return real(sheet, printed_at, first_page_only, stop)

    monkeypatch.setattr(sheet_drawing, "sheet_pdf", drawn_when_released)
    return started, release


@pytest.fixture
def page(qtbot):
    counter = Counter()
    sheets = iter([long_sheet(300), long_sheet(90)])
    page = SheetPage(counter, "Long sheet", [], lambda _v: next(sheets), "Building...")
    qtbot.addWidget(page)
    page.show()
    yield page
    counter.tasks.shutdown()


def test_the_table_and_the_first_page_come_before_the_whole_pdf(page, held, qtbot, tmp_path):
    started, release = held
    page.go()
    qtbot.waitUntil(lambda: page.results.rowCount() == 300 + 3 * 2 + 1, timeout=10000)
    assert "Dekad sales detail" in banner(page) and not page.busy
    assert page.buttons["preview"].isEnabled() and page.buttons["pdf"].isEnabled()
    qtbot.waitUntil(started.is_set, timeout=10000)  # the first page is drawn before it
    page.export("preview")
    dialog = page.pdf.dialog
    assert isinstance(dialog, PdfPreview) and dialog.isVisible()
    assert dialog.partial and dialog.document.pageCount() == 1
    assert dialog.note.isVisible() and not dialog.print_button.isEnabled()
    saved = page.export("pdf", str(tmp_path / "long.pdf"))
    assert page.busy and "Drawing the PDF" in banner(page)  # waits; the window does not
    release.set()
    qtbot.waitUntil(lambda: not dialog.partial, timeout=20000)
    whole = page.pdf.drawing.full
    assert dialog.document.pageCount() == whole.count(b"/Type /Page\n") >= 4
    assert not dialog.note.isVisible() and dialog.print_button.isEnabled()
    qtbot.waitUntil(lambda: not page.busy, timeout=20000)
    assert saved.read_bytes() == whole and "Saved to" in banner(page)


def test_a_new_build_calls_the_last_sheets_drawing_off(page, held, qtbot):
    started, release = held
    page.go()
    qtbot.waitUntil(started.is_set, timeout=10000)
    page.export("preview")
    old, first_dialog = page.pdf.drawing, page.pdf.dialog
    page.go()  # another sheet while the first one's PDF is still being drawn
    qtbot.waitUntil(lambda: page.results.rowCount() == 90 + 3 * 2 + 1, timeout=10000)
    assert old.stop.is_set() and page.pdf.drawing is not old
    assert not (shiboken6.isValid(first_dialog) and first_dialog.isVisible())  # no rest to come
    release.set()
    qtbot.waitUntil(lambda: page.pdf.drawing.full is not None, timeout=20000)
    assert old.full is None  # called off: nothing of it to show
    page.export("preview")  # the new sheet's, whole
    assert page.pdf.drawing.sheet is page.sheet and len(page.sheet.sections[0].rows) == 30
    assert not page.pdf.dialog.partial
    assert page.pdf.dialog.document.pageCount() == page.pdf.drawing.full.count(b"/Type /Page\n")


def test_the_preview_keeps_the_page_read_when_its_document_changes(qtbot):
    from receipts.sheet_pdf import sheet_pdf
    dialog = PdfPreview(sheet_pdf(long_sheet(300)))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.view.pageNavigator().jump(3, dialog.view.pageNavigator().currentLocation(), 0)
    qtbot.waitUntil(lambda: dialog.current_page() == 3, timeout=5000)
    dialog.set_pdf(sheet_pdf(long_sheet(330)))
    assert dialog.current_page() == 3 and "Page 4 of" in dialog.page_label.text()
