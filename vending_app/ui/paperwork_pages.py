"""Paperwork screens: a customer's statement, sales search, the daily
report, the low-balance call list, and a tariff version tried on a
customer. Sheets show as a table and print or save as PDF, XLSX or CSV."""

from __future__ import annotations

from datetime import date

from vending_app.core import validation
from vending_app.core.sales_search import SaleQuery
from vending_app.ui import i18n
from vending_app.ui.business_pages import SheetPage, chinese
from vending_app.ui.i18n import tr
from vending_app.ui.widgets import Field, FormPage


def optional_day(text: str, what: str) -> date | None:
    return validation.day(text, what) if str(text).strip() else None


class StatementPage(SheetPage):
    def __init__(self, session, parent=None):
        core, actor = session.core, session.actor
        today = date.today()
        fields = [Field("account", tr("Account")),
                  Field("start", tr("From"), "date", default=f"{today.year}-01-01"),
                  Field("end", tr("To"), "date")]

        def action(v):
            return core.statements.statement(actor, v["account"], v["start"], v["end"])

        super().__init__(session, tr("Customer statement"), fields, action,
                         tr("Building the statement..."),
                         lambda v, _s: f"statement-{v['account']}-{v['start']}-{v['end']}")

    def show_result(self, result) -> None:
        """The table, and the opening and closing figures under the heading."""
        super().show_result(result)
        zh = chinese()
        figures = [f"{label_zh}：{value}" if zh else f"{en}: {value}"
                   for en, label_zh, value in self.sheet.facts
                   if en.startswith(("Opening", "Closing"))]
        self.say(self.banner.text() + "\n" + "\n".join(figures), "ok")


class DailyReportPage(SheetPage):
    def __init__(self, session, parent=None):
        core, actor = session.core, session.actor
        fields = [Field("day", tr("Day"), "date")]
        super().__init__(session, tr("Daily report"), fields,
                         lambda v: core.sales_search.daily_report(actor, v["day"]),
                         tr("Building the report..."), lambda v, _s: f"daily-{v['day']}")


class CallListPage(SheetPage):
    def __init__(self, session, parent=None):
        core, actor = session.core, session.actor
        fields = [Field("days", tr("Runs out within (days)"), default="7"),
                  Field("team", tr("Team (optional)"))]

        def action(v):
            return core.call_list.call_sheet(actor, validation.whole_in(v["days"] or "7", tr("Days"), 0, 365),
                                             v["team"])

        super().__init__(session, tr("Low-balance call list"), fields, action,
                         tr("Estimating the balances..."), lambda v, _s: "call-list")


def sales_search_page(session):
    core, actor = session.core, session.actor
    fields = [Field("customer", tr("Customer (account or name)")),
              Field("meter", tr("Meter number")), Field("receipt", tr("Receipt number")),
              Field("start", tr("From (yyyy-mm-dd, optional)")),
              Field("end", tr("To (yyyy-mm-dd, optional)"))]

    def action(v):
        return core.sales_search.search(actor, SaleQuery(
            v["customer"], v["meter"], v["receipt"], optional_day(v["start"], tr("From")),
            optional_day(v["end"], tr("To"))))

    return FormPage(session, tr("Sales search"), fields, tr("Search"), action,
                    result_columns=[
                        ("receipt_no", tr("Receipt")), ("business_date", tr("Date")),
                        ("station", tr("Station")), ("seller_name", tr("Seller")),
                        ("account_no", tr("Account")), ("customer", tr("Name")),
                        ("meter", tr("Meter")), ("kind", tr("Kind")), ("status", tr("Status")),
                        ("primary_kwh", tr("kWh")), ("total_amount", tr("Amount"))])


def tariff_preview_page(session):
    core, actor = session.core, session.actor
    fields = [Field("account", tr("Account")), Field("kwh", tr("kWh")),
              Field("tariff", tr("Tariff (empty: the customer's)")),
              Field("version", tr("Version from (yyyy-mm-dd, empty: the newest)"))]

    def action(v):
        p = core.previews.preview(actor, v["account"], i18n.parse_decimal(v["kwh"]),
                                  v["tariff"] or None, optional_day(v["version"], tr("Version")))
        rows = [{"item": tr("tier {n}", n=t.tier_index + 1), "kwh": t.kwh, "price": t.price,
                 "amount": t.amount} for t in p.quote.tier_lines]
        if p.quote.fixed_charge:
            rows.append({"item": tr("monthly charge"), "amount": p.quote.fixed_charge})
        rows += [{"item": r.description, "amount": r.amount} for r in p.quote.recoveries]
        rows.append({"item": tr("total"), "amount": p.quote.total})
        text = tr("{customer}: tariff {tariff} from {start}, priced as of {on}, after {kwh} kWh "
                  "bought this billing year.", customer=p.customer, tariff=p.tariff_code,
                  start=i18n.day(p.version_from), on=i18n.day(p.on),
                  kwh=i18n.number(p.cumulative_before, 2))
        return text, [{"kwh": None, "price": None, **r} for r in rows]

    return FormPage(session, tr("Try a tariff on a customer"), fields, tr("Price it"), action,
                    result_columns=[("item", tr("Item")), ("kwh", tr("kWh")),
                                    ("price", tr("Price")), ("amount", tr("Amount"))])
