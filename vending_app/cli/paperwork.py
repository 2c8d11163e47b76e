"""Paperwork people ask for: a customer's statement, sales found by
customer, meter, receipt or days, the daily report per station and seller,
the low-balance call list, and the audit log searched and exported."""

from __future__ import annotations

from vending_app.cli.common import (
    command,
    day_arg,
    group,
    print_rows,
    session,
    whole_arg,
    write_sheet,
)
from vending_app.core.audit_query import AuditFilter
from vending_app.core.sales_search import SaleQuery


def cmd_statement(args):
    core, actor = session(args)
    sheet = core.statements.statement(actor, args.account, args.start, args.end)
    write_sheet(args, sheet, f"statement-{args.account}-{args.start}-{args.end}")


def cmd_sales_search(args):
    core, actor = session(args)
    print_rows(core.sales_search.search(actor, SaleQuery(
        args.customer or "", args.meter or "", args.receipt or "", args.start, args.end)))


def cmd_daily_report(args):
    core, actor = session(args)
    write_sheet(args, core.sales_search.daily_report(actor, args.day), f"daily-{args.day}")


def cmd_call_list(args):
    core, actor = session(args)
    if args.format == "rows":
        print_rows(core.call_list.call_list(actor, args.days, args.team or ""))
        return
    sheet = core.call_list.call_sheet(actor, args.days, args.team or "")
    write_sheet(args, sheet, f"call-list-{core.today()}")


def cmd_audit_list(args):
    core, actor = session(args)
    f = AuditFilter(args.by_operator or "", args.action or "", args.entity or "", args.id or "",
                    args.outcome or "", args.start, args.end)
    if args.format == "rows":
        print_rows(core.audit_log.search(actor, f, args.limit))
        return
    write_sheet(args, core.audit_log.sheet(actor, f, args.limit), "audit")


def register_audit_list(g) -> None:
    """'audit list', in the 'audit' group (cli/database.py makes it)."""
    c = command(g, "list", cmd_audit_list, "audit events, newest first, filtered (CSV rows; "
                "--format csv/xlsx/pdf for the export)")
    c.add_argument("--by", dest="by_operator", help="the operator's login (--operator signs in)")
    c.add_argument("--action", help="an action, or a prefix ending in * (shift_*)")
    c.add_argument("--entity", help="the object's kind: customer, shift, tariff...")
    c.add_argument("--id", help="the object's id")
    c.add_argument("--outcome", choices=["ok", "denied", "failed"])
    _days(c)
    c.add_argument("--limit", type=whole_arg, default=5000)
    c.add_argument("--format", choices=["rows", "csv", "xlsx", "pdf"], default="rows")
    c.add_argument("--out")


def _days(c, required: bool = False) -> None:
    c.add_argument("--from", dest="start", type=day_arg, required=required)
    c.add_argument("--to", dest="end", type=day_arg, required=required)


def register(sub) -> None:
    c = command(sub, "statement", cmd_statement, "a customer's statement over a period (PDF, "
                "CSV or XLSX)")
    c.add_argument("account")
    _days(c, required=True)
    c.add_argument("--format", choices=["pdf", "csv", "xlsx"], default="pdf")
    c.add_argument("--out")
    g = group(sub, "sales", "sales")
    c = command(g, "search", cmd_sales_search, "sales by customer, meter, receipt or days (CSV)")
    c.add_argument("--customer", help="account number or the start of the name")
    c.add_argument("--meter")
    c.add_argument("--receipt")
    _days(c)
    c = command(sub, "daily-report", cmd_daily_report, "one day's sales per station and seller")
    c.add_argument("--day", type=day_arg, required=True)
    c.add_argument("--format", choices=["pdf", "csv", "xlsx"], default="pdf")
    c.add_argument("--out")
    c = command(sub, "call-list", cmd_call_list, "customers likely to run out within --days "
                "(CSV rows; --format pdf/csv/xlsx for the printable list)")
    c.add_argument("--days", type=whole_arg, default=7)
    c.add_argument("--team")
    c.add_argument("--format", choices=["rows", "pdf", "csv", "xlsx"], default="rows")
    c.add_argument("--out")
