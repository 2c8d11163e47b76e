"""The invoice after a sale (or a reprint): printed where the station's
``printer.invoice`` setting says, or shown in a print preview. The sale is
already committed; a printing failure only says how to print again."""

from __future__ import annotations

import logging

from vending_app.ui import i18n
from vending_app.ui.i18n import tr

log = logging.getLogger(__name__)


def _job(core, actor, receipt_no: str, copy: bool):
    from receipts.invoice_pdf import invoice_pdf
    from receipts.printers import parse_target, print_invoice
    job = core.documents.invoice_to_print(actor, receipt_no, copy)
    target = parse_target(job.printer)
    if target.kind == "preview":
        return "preview", invoice_pdf(job.invoice, job.paper)
    if target.kind == "none":
        return "none", None
    return "printed", print_invoice(job.invoice, target, job.paper)


def deliver(page, receipt_no: str, copy: bool = False, before: str | None = None) -> None:
    """Run on ``page``: its banner tells what happened to the invoice, under
    ``before`` (by default what the banner said when it started)."""
    core, actor = page.session.core, page.session.actor
    before = page.banner.text() if before is None else before

    def done(result):
        kind, value = result
        log.info("invoice %s%s: %s", receipt_no, " (copy)" if copy else "",
                 value if kind == "printed" else kind)
        if kind == "preview":
            from receipts.qt_print import preview
            dialog = preview(value, page)
            dialog.setWindowTitle(tr("Invoice {receipt}", receipt=receipt_no))
            dialog.setModal(False)
            page.preview_dialog = dialog
            dialog.show()
            if copy:  # a reprint's banner must not stay on "Reprinting..."
                page.say(before + "\n" + tr("The copy is shown in a print preview."), "ok")
        elif kind == "printed":
            page.say(before + "\n" + tr("Invoice: {what}", what=i18n.core_text(value)), "ok")
        elif copy:
            page.say(before + "\n" + tr("No invoice printer is set for this station (parameter "
                                        "printer.invoice): nothing was printed."), "warn")

    def failed(e):
        log.warning("invoice %s not printed: %s: %s", receipt_no, type(e).__name__, e)
        page.say(before + "\n" + i18n.error_text(e) + "\n"
                 + tr("Reprint it under Sales, Reprint invoice ({receipt}).", receipt=receipt_no),
                 "warn")

    page.run(lambda: _job(core, actor, receipt_no, copy), done, failed=failed)
