"""The paperwork: invoices (print, reprint, PDF), the report sheets as PDF,
CSV or XLSX, and the sales reports as CSV."""

from __future__ import annotations

import dataclasses

from vending_app.cli.common import (
    command,
    deliver_invoice,
    group,
    print_rows,
    session,
    whole_arg,
    write_sheet,
)
from vending_app.core.periods import dekad, month


def cmd_invoice(args):
    core, actor = session(args)
    print(deliver_invoice(core, actor, args.receipt, args.copy, args.paper, args.out))


def cmd_sheet_dekad(args):
    core, actor = session(args)
    sheet = core.documents.dekad_sheet(actor, args.year, args.month, args.dekad, args.by,
                                       args.only)
    write_sheet(args, sheet, f"dekad-{args.year}-{args.month:02d}-D{args.dekad}-{args.by}")


def cmd_sheet_month(args):
    core, actor = session(args)
    sheet = core.documents.month_end(actor, args.year, args.month)
    write_sheet(args, sheet, f"month-end-{args.year}-{args.month:02d}")


def cmd_sheet_shift(args):
    core, actor = session(args)
    sheet = core.documents.shift_report(actor, args.id, z=not args.x)
    write_sheet(args, sheet, f"shift-{sheet.facts[0].value}-{'x' if args.x else 'z'}")


def _period(args):
    if args.dekad:
        return dekad(args.year, args.month, args.dekad)
    return month(args.year, args.month)


def cmd_report_sales(args):
    core, actor = session(args)
    p = _period(args)
    print_rows(core.reports.sales_detail(actor, p.start, p.end, args.team, args.seller))


def cmd_report_totals(args):
    core, actor = session(args)
    p = _period(args)
    rows = core.reports.totals(actor, p.start, p.end, args.by)
    print_rows([{**dataclasses.asdict(r), "net_amount": r.net_amount} for r in rows])


def register(sub) -> None:
    c = command(sub, "invoice", cmd_invoice, "print an invoice (or write its PDF); --copy for "
                "a reprint")
    c.add_argument("receipt")
    c.add_argument("--copy", action="store_true", help="a reprint, marked as a copy")
    c.add_argument("--paper", choices=["a5", "80mm"])
    c.add_argument("--out", help="write the PDF here instead of printing")
    _register_sheets(sub)
    _register_reports(sub)


def _register_sheets(sub) -> None:
    g = group(sub, "sheet", "report sheets as PDF, CSV or XLSX")
    for name, fn, text in [("dekad", cmd_sheet_dekad, "the dekad sales detail sheet"),
                           ("month-end", cmd_sheet_month, "the month-end team assessment"),
                           ("shift", cmd_sheet_shift, "a shift's Z report (--x: X report)")]:
        c = command(g, name, fn, text)
        if name != "shift":
            c.add_argument("--year", type=whole_arg, required=True)
            c.add_argument("--month", type=whole_arg, required=True, choices=range(1, 13))
        if name == "dekad":
            c.add_argument("--dekad", type=whole_arg, required=True, choices=[1, 2, 3])
            c.add_argument("--by", choices=["seller", "team"], default="seller")
            c.add_argument("--only", help="one seller login or team code")
        if name == "shift":
            c.add_argument("--id", type=whole_arg, help="shift number (default: your open "
                           "shift)")
            c.add_argument("--x", action="store_true", help="X report of the open shift")
        c.add_argument("--format", choices=["pdf", "csv", "xlsx"], default="pdf")
        c.add_argument("--out")


def _register_reports(sub) -> None:
    g = group(sub, "report", "reports as CSV")
    for name, fn in [("sales", cmd_report_sales), ("totals", cmd_report_totals)]:
        c = command(g, name, fn, f"{name} for a month or one of its dekads")
        c.add_argument("--year", type=whole_arg, required=True)
        c.add_argument("--month", type=whole_arg, required=True, choices=range(1, 13))
        c.add_argument("--dekad", type=whole_arg, choices=[1, 2, 3])
        if name == "sales":
            c.add_argument("--team")
            c.add_argument("--seller")
        else:
            c.add_argument("--by", choices=["team", "seller"], default="team")
