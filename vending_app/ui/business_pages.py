"""Approvals, requests (reversal, adjustment, quota), reprints and
the finance office's report screens."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton

from vending_app.core.periods import dekad, month
from vending_app.core.validation import whole_in
from vending_app.operations import Changed
from vending_app.operations import sales as sale_ops
from vending_app.ui import i18n
from vending_app.ui.i18n import tr
from vending_app.ui.sheet_drawing import SheetPdf
from vending_app.ui.widgets import Field, FormPage, Page, RowsModel, fit_height, shortcut, table


def chinese() -> bool:
    return QLocale().language() == QLocale.Language.Chinese


def documents_folder() -> Path:
    """Where the window offers to save reports (see core.startup)."""
    from vending_app.core.startup import documents_dir
    return documents_dir()


# --- approvals ----------------------------------------------------------------------------
class ApprovalsPage(Page):
    def __init__(self, session, parent=None):
        super().__init__(session, tr("Approvals"), parent)
        self.model = RowsModel([("kind", tr("Kind")), ("id", "#"), ("summary", tr("What")),
                                ("requested_by_name", tr("Requested by"))])
        self.view = table(self.model)
        self.layout_.insertWidget(1, self.view, 1)
        row = QHBoxLayout()
        self.approve_button = QPushButton(tr("Approve [Ctrl+Enter]"), objectName="approve")
        shortcut(self, "Ctrl+Return", self.approve_button.click)
        self.reject_button = QPushButton(tr("Reject [Ctrl+Delete]"), objectName="reject")
        shortcut(self, "Ctrl+Delete", self.reject_button.click)
        row.addWidget(self.approve_button)
        row.addWidget(self.reject_button)
        row.addStretch(1)
        self.layout_.insertLayout(2, row)
        fit_height(self.view)
        self.layout_.addStretch(1)
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.reject_button.clicked.connect(lambda: self.decide(False))

    def first_field(self):
        return self.view

    shows = Changed.APPROVALS
    note = ""  # what the last decision here did, said above the list read after it

    def activated(self) -> None:
        super().activated()
        self.refresh()

    def refresh(self, note: str = "") -> None:
        core, actor = self.session.core, self.session.actor

        def shown(rows):
            self.model.set_rows(rows)
            if rows:
                self.view.selectRow(0)
            waiting = (tr("1 request waits for a decision.") if len(rows) == 1
                       else tr("{n} requests wait for a decision.", n=len(rows)))
            self.say(f"{note}\n{waiting}" if note else waiting, "ok" if note else "info")

        self.run(lambda: core.adjustments.approval_queue(actor), shown)

    def decide(self, approve: bool) -> None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        if not rows:
            self.say(tr("Select a request first."), "error")
            return
        item = self.model.rows[rows[0].row()]
        core, actor = self.session.core, self.session.actor

        def done(_r):  # the list reads again when the change is announced (on_changed)
            kind = i18n.term(item.kind)
            self.note = (tr("{kind} {id} approved.", kind=kind, id=item.id) if approve
                         else tr("{kind} {id} rejected.", kind=kind, id=item.id))

        self.run(lambda: sale_ops.decide(core, actor, item.kind, item.id, approve), done)

    def on_changed(self, changes) -> None:
        note, self.note = self.note, ""
        if self.isVisible() or note:
            self.refresh(note)


# --- requests and reprints ------------------------------------------------------------------
def reversal_page(session):
    core, actor = session.core, session.actor
    fields = [Field("receipt", tr("Receipt number")), Field("reason", tr("Reason"))]

    def action(v):
        done = sale_ops.request_reversal(core, actor, v["receipt"], v["reason"])
        return done.answer(tr("Reversal {id} requested: an administrator must approve it.",
                              id=done.value))

    return FormPage(session, tr("Request a reversal"), fields, tr("Request"), action)


def adjustment_page(session):
    core, actor = session.core, session.actor
    fields = [Field("meter", tr("Meter number")), Field("kwh", tr("kWh")),
              Field("reason", tr("Reason"))]

    def action(v):
        done = sale_ops.request_adjustment(core, actor, v["meter"], i18n.parse_decimal(v["kwh"]),
                                           v["reason"])
        return done.answer(tr("Adjustment {id} requested: an administrator must approve it; the "
                              "seller then writes it to the customer's card.", id=done.value))

    return FormPage(session, tr("Request adjustment energy"), fields, tr("Request"), action)


def quota_page(session):
    core, actor = session.core, session.actor
    fields = [Field("account", tr("Account")), Field("kwh", tr("kWh per month")),
              Field("price", tr("Price (yuan/kWh)")), Field("reason", tr("Reason")),
              Field("valid_from", tr("Valid from"), "date")]

    def action(v):
        done = sale_ops.request_quota(core, actor, v["account"], v["kwh"], v["price"],
                                      v["reason"], v["valid_from"], None)
        return done.answer(tr("Flat-price quota {id} requested: an administrator must approve "
                              "it.", id=done.value))

    return FormPage(session, tr("Request a flat-price quota"), fields, tr("Request"), action)


class ReprintPage(FormPage):
    def __init__(self, session, parent=None):
        fields = [Field("receipt", tr("Receipt number"))]
        super().__init__(session, tr("Reprint invoice"), fields, tr("Reprint (marked COPY)"),
                         lambda v: v["receipt"], parent=parent)

    def show_result(self, receipt) -> None:
        from vending_app.ui.invoice import deliver
        self.say(tr("Reprinting {receipt} as a copy...", receipt=receipt), "info")
        deliver(self, receipt, copy=True,
                before=tr("Reprint of {receipt} (marked COPY):", receipt=receipt))


def sales_detail_page(session):
    core, actor = session.core, session.actor
    today = date.today()
    fields = [Field("year", tr("Year"), default=str(today.year)),
              Field("month", tr("Month"), default=str(today.month)),
              Field("dekad", tr("Dekad (1-3, empty: the month)")),
              Field("team", tr("Team (optional)")), Field("seller", tr("Seller (optional)"))]

    def action(v):
        y, m = typed_month(v)
        p = dekad(y, m, whole_in(v["dekad"], tr("Dekad"), 1, 3)) if v["dekad"] else month(y, m)
        return core.reports.sales_detail(actor, p.start, p.end, v["team"] or None,
                                         v["seller"] or None)

    return FormPage(session, tr("Sales detail"), fields, tr("Show"), action,
                    result_columns=[
                        ("receipt_no", tr("Receipt")), ("business_date", tr("Date")),
                        ("station", tr("Station")), ("seller_name", tr("Seller")),
                        ("account_no", tr("Account")), ("customer", tr("Name")),
                        ("team", tr("Team")), ("meter", tr("Meter")), ("kind", tr("Kind")),
                        ("status", tr("Status")), ("primary_kwh", tr("kWh")),
                        ("secondary_kwh", tr("Card kWh")), ("total_amount", tr("Amount"))])


# --- reports ----------------------------------------------------------------------------------
def typed_month(v: dict) -> tuple[int, int]:
    """The form's year and month, refused in words when they are not numbers."""
    return (whole_in(v["year"], tr("Year"), 1900, 2999),
            whole_in(v["month"], tr("Month"), 1, 12))


def sheet_rows(sheet, first: str) -> list[dict]:
    """A sheet's lines as the window's table lists them: each section's
    heading, rows and subtotal, then the total (headings and totals in the
    ``first`` column). A section with no rows and no subtotal is left out,
    heading and all, and a sheet with no rows at all is an empty table: its
    heading alone ("Events", "Customers") read as a row that was found."""
    if not any(sec.rows for sec in sheet.sections):
        return []
    rows: list[dict] = []
    for sec in sheet.sections:
        if sec.heading and (sec.rows or sec.subtotal):
            rows.append({first: sec.heading})
        rows += list(sec.rows)
        if sec.subtotal:
            rows.append({**sec.subtotal, first: tr("subtotal")})
    if sheet.total:
        rows.append({**sheet.total, first: tr("total")})
    return rows


class SheetPage(FormPage):
    """A form whose action builds a Sheet off the GUI thread: shown as a
    table, previewed, printed or saved as PDF, XLSX or CSV. The table shows
    as soon as the data is read; the PDF is drawn after it (SheetPdf)."""

    def __init__(self, session, title: str, fields: list[Field], action, busy_text: str,
                 file_name=None, per_row: int = 1):
        """``file_name(values, sheet)``: what a save offers to call the file
        (no extension), e.g. ``month-2026-11``; by default the sheet's kind.
        ``per_row``: the fields side by side (see FormPage)."""
        def build(v):
            sheet = action(v)
            stem = file_name(v, sheet) if file_name else sheet.kind.replace("_", "-")
            return sheet, stem

        super().__init__(session, title, fields, tr("Build [Enter]"), build, busy_text=busy_text,
                         per_row=per_row)
        row = self.button_row = QHBoxLayout()
        self.buttons = {}
        for fmt, text in [("preview", tr("Preview and print")), ("pdf", tr("Save PDF")),
                          ("xlsx", tr("Save XLSX")), ("csv", tr("Save CSV"))]:
            b = QPushButton(text, objectName=f"save_{fmt}", enabled=False)
            b.clicked.connect(lambda _c=False, k=fmt: self.export(k))
            row.addWidget(b)
            self.buttons[fmt] = b
        row.addStretch(1)
        self.layout_.insertLayout(3, row)
        self.sheet = None
        self.pdf = SheetPdf(self)
        self.file_stem = ""

    def go(self) -> None:
        if not self.busy:
            self.forget_sheet()
        super().go()

    def forget_sheet(self) -> None:
        """A new question was asked: the last answer's sheet must not be
        previewed, printed or saved for it, even when the new one fails (a
        dekad 4, a date that is not one: the buttons printed the old sheet)."""
        self.sheet = None
        for b in self.buttons.values():
            b.setEnabled(False)
        self.pdf.stop()

    def show_result(self, result) -> None:
        self.sheet, self.file_stem = result
        self.pdf.start(self.sheet)  # first: no earlier sheet's PDF may pass for this one's
        sheet, zh = self.sheet, chinese()
        cols = [(c.key, c.zh if zh else c.en) for c in sheet.columns]
        rows = sheet_rows(sheet, cols[0][0])
        self.results.set_rows([{k: r.get(k) for k, _ in cols} for r in rows], cols)
        self.result_view.show()
        for b in self.buttons.values():
            b.setEnabled(True)
        heading = f"{sheet.title_zh if zh else sheet.title_en} — {i18n.one_language(sheet.period)}"
        if rows:
            self.say(heading, "ok")
        else:  # an empty table alone reads as "nothing happened"
            self.say(heading + "\n" + tr("None found."), "info")

    def export(self, kind: str, path: str | None = None) -> Path | None:
        if self.sheet is None:
            return None
        if kind == "preview":
            self.pdf.preview()
            return None
        if path is None:
            suggested = documents_folder() / f"{self.file_stem}.{kind}"
            path, _ = QFileDialog.getSaveFileName(self, tr("Save report"), str(suggested),
                                                  f"*.{kind}")
            if not path:
                return None
        sheet, target = self.sheet, Path(path)

        def saved(_r):
            self.say(tr("Saved to {path}.", path=str(target)))

        if kind == "pdf":  # when it is drawn
            self.pdf.save(target, saved)
            return target

        def write():  # an 18,000-line XLSX takes seconds: not on the GUI thread
            from receipts.export import sheet_csv, sheet_xlsx
            if kind == "xlsx":
                target.write_bytes(sheet_xlsx(sheet))
            else:
                target.write_text(sheet_csv(sheet), encoding="utf-8")

        self.run(write, saved)
        return target


class ReportsPage(SheetPage):
    """Dekad sheets, month-end and shift reports."""

    def __init__(self, session, parent=None):
        core, actor = session.core, session.actor
        today = date.today()
        fields = [
            Field("kind", tr("Report"), "combo", lambda: [
                ("dekad_seller", tr("dekad sheet by seller")),
                ("dekad_team", tr("dekad sheet by team")),
                ("month_end", tr("month-end assessment")), ("shift", tr("shift report (Z)"))]),
            Field("year", tr("Year"), default=str(today.year)),
            Field("month", tr("Month"), default=str(today.month)),
            Field("dekad", tr("Dekad (1-3)"), default=str(min(3, (today.day - 1) // 10 + 1))),
            Field("shift", tr("Shift number (shift report)")),
        ]

        def action(v):
            y, m = typed_month(v)
            kind = v["kind"]
            if kind.startswith("dekad"):
                return core.documents.dekad_sheet(actor, y, m, whole_in(v["dekad"] or "1",
                                                                        tr("Dekad"), 1, 3),
                                                  kind.removeprefix("dekad_"))
            if kind == "month_end":
                return core.documents.month_end(actor, y, m)
            return core.documents.shift_report(actor, whole_in(v["shift"], tr("Shift number"), 1,
                                                               10**9) if v["shift"] else None)

        def file_name(v, sheet) -> str:
            y, m, kind = int(v["year"] or 0), int(v["month"] or 0), v["kind"]
            if kind.startswith("dekad"):
                return f"dekad-{y}-{m:02d}-D{int(v['dekad'] or 1)}-by-{kind.removeprefix('dekad_')}"
            if kind == "month_end":
                return f"month-{y}-{m:02d}"
            facts = {en: value for en, _zh, value in sheet.facts}
            return f"shift-{facts['Shift']}-{facts['Opened'][:10]}"

        super().__init__(session, tr("Reports"), fields, action, tr("Building the report..."),
                         file_name)

