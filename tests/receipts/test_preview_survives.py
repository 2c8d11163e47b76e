"""The invoice preview must not take the station down with it.

QPrintPreviewDialog does not own the printer it paints on; a printer freed
while the dialog was open crashed the process (SIGSEGV in QtPrintSupport)
on the first invoice of the day. A crash cannot be caught inside pytest, so
the preview runs in a process of its own and must exit cleanly after it
painted the invoice's page."""

import subprocess
import sys
import textwrap

import pytest

from receipts.invoice_pdf import invoice_pdf
from tests.receipts.test_printing import INVOICE

SCRIPT = textwrap.dedent("""
    import gc, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget
    from receipts.qt_print import preview
    app = QApplication(sys.argv)
    parent = QWidget()
    painted = []
    dialog = preview(open(sys.argv[1], "rb").read(), parent)
    dialog.paintRequested.connect(lambda p: painted.append(p.pageLayout().fullRect().isValid()))
    dialog.setModal(False)
    dialog.show()
    gc.collect()                       # whatever the caller did not keep is gone now
    QTimer.singleShot(300, dialog.close)
    QTimer.singleShot(600, lambda: (preview(open(sys.argv[1], "rb").read(), parent).show(),
                                    gc.collect()))
    QTimer.singleShot(1200, app.quit)
    app.exec()
    print("painted", len(painted))
""")


def test_the_invoice_preview_shown_and_closed_leaves_the_process_alive(tmp_path):
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(invoice_pdf(INVOICE, "a5"))
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(pdf)], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, f"the preview process died ({run.returncode}): {run.stderr[-800:]}"
    assert "painted" in run.stdout and int(run.stdout.split()[-1]) >= 1, run.stdout


ZOOM = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintPreviewWidget
    from PySide6.QtWidgets import QApplication
    from receipts.qt_print import preview
    app = QApplication(sys.argv)
    dialog = preview(open(sys.argv[1], "rb").read())
    dialog.show()
    def report():
        view = dialog.findChild(QPrintPreviewWidget)
        print(view.zoomMode().name, round(view.zoomFactor(), 2))
        app.quit()
    QTimer.singleShot(500, report)
    app.exec()
""")


@pytest.mark.parametrize("paper", ["a5", "80mm"])
def test_the_invoice_preview_opens_readable_at_the_page_width(tmp_path, paper):
    """It opened an A5 invoice at 55 % (the whole page in a small dialog)."""
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(invoice_pdf(INVOICE, paper))
    run = subprocess.run([sys.executable, "-c", ZOOM, str(pdf)], capture_output=True,
                         text=True, timeout=120)
    mode, factor = run.stdout.split()
    assert mode == "FitToWidth" and float(factor) >= 0.95, run.stdout
