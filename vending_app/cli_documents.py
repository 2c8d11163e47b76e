"""The paperwork commands of vending-station-cli: invoices (print, reprint,
PDF) and the report sheets as PDF, CSV or XLSX."""

from __future__ import annotations

import sys
from pathlib import Path

from vending_app.cli_cards import DATA


def _document_path(out: str | None, default_name: str) -> Path:
    """Where a document is written: --out, else the station's documents folder."""
    if out:
        return Path(out)
    folder = DATA / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / default_name


def deliver_invoice(core, actor, receipt_no: str, copy: bool = False, paper: str | None = None,
                    out: str | None = None) -> str:
    """Print the invoice where this station's settings say; with 'preview'
    (no window here) it is written as a PDF. A failure leaves the sale as it
    is: the message says how to print again."""
    from receipts.invoice_pdf import invoice_pdf
    from receipts.printers import parse_target, print_invoice
    inv, printer, station_paper = core.documents.invoice_to_print(actor, receipt_no, copy)
    target, paper = parse_target(printer), paper or station_paper
    if target.kind == "preview" or out:
        path = _document_path(out, f"invoice-{receipt_no}{'-copy' if copy else ''}.pdf")
        path.write_bytes(invoice_pdf(inv, paper))
        return f"invoice written to {path}"
    return print_invoice(inv, target, paper)


def cmd_invoice(args):
    from vending_app.cli import _actor, _core
    core = _core(args)
    print(deliver_invoice(core, _actor(args, core), args.receipt, args.copy, args.paper, args.out))


def _write_sheet(args, sheet, name: str) -> None:
    fmt = args.format
    path = _document_path(args.out, f"{name}.{fmt}")
    if fmt == "pdf":
        from receipts.sheet_pdf import sheet_pdf
        path.write_bytes(sheet_pdf(sheet))
    elif fmt == "xlsx":
        from receipts.export import sheet_xlsx
        path.write_bytes(sheet_xlsx(sheet))
    else:
        from receipts.export import sheet_csv
        if args.out:
            path.write_text(sheet_csv(sheet), encoding="utf-8")
        else:
            sys.stdout.write(sheet_csv(sheet))
            return
    print(f"{sheet.title_en} written to {path}")


def cmd_sheet_dekad(args):
    from vending_app.cli import _actor, _core
    core = _core(args)
    sheet = core.documents.dekad_sheet(_actor(args, core), args.year, args.month, args.dekad,
                                       args.by, args.only)
    _write_sheet(args, sheet, f"dekad-{args.year}-{args.month:02d}-D{args.dekad}-{args.by}")


def cmd_sheet_month(args):
    from vending_app.cli import _actor, _core
    core = _core(args)
    sheet = core.documents.month_end(_actor(args, core), args.year, args.month)
    _write_sheet(args, sheet, f"month-end-{args.year}-{args.month:02d}")


def cmd_sheet_shift(args):
    from vending_app.cli import _actor, _core
    core = _core(args)
    sheet = core.documents.shift_report(_actor(args, core), args.id, z=not args.x)
    _write_sheet(args, sheet, f"shift-{sheet.facts[0][2]}-{'x' if args.x else 'z'}")


def add_commands(sub, cmd, group) -> None:
    from vending_app.cli import _whole
    c = cmd("invoice", cmd_invoice, "print an invoice (or write its PDF); --copy for a reprint")
    c.add_argument("receipt")
    c.add_argument("--copy", action="store_true", help="a reprint, marked as a copy")
    c.add_argument("--paper", choices=["a5", "80mm"])
    c.add_argument("--out", help="write the PDF here instead of printing")

    g = group("sheet", "report sheets as PDF, CSV or XLSX")
    for name, fn, text in [("dekad", cmd_sheet_dekad, "the dekad sales detail sheet"),
                           ("month-end", cmd_sheet_month, "the month-end team assessment"),
                           ("shift", cmd_sheet_shift, "a shift's Z report (--x: X report)")]:
        c = cmd(name, fn, text, g)
        if name != "shift":
            c.add_argument("--year", type=_whole, required=True)
            c.add_argument("--month", type=_whole, required=True, choices=range(1, 13))
        if name == "dekad":
            c.add_argument("--dekad", type=_whole, required=True, choices=[1, 2, 3])
            c.add_argument("--by", choices=["seller", "team"], default="seller")
            c.add_argument("--only", help="one seller login or team code")
        if name == "shift":
            c.add_argument("--id", type=_whole, help="shift number (default: your open shift)")
            c.add_argument("--x", action="store_true", help="X report of the open shift")
        c.add_argument("--format", choices=["pdf", "csv", "xlsx"], default="pdf")
        c.add_argument("--out")
