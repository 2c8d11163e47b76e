"""The seller's shift in the window (F7): open it with a float, the X
report at any time, the blind count that closes it, and then the Z report
in the print preview."""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6

from vending_app.core.errors import ValidationError
from vending_app.core.money import parse_money
from vending_app.core.shifts import CurrentShift
from vending_app.operations import shifts as shift_ops
from vending_app.ui import i18n
from vending_app.ui.i18n import money, tr
from vending_app.ui.widgets import Field, FormPage


@dataclass(frozen=True)
class ShiftAnswer:
    """What the shift page shows after an action: the words and their colour
    (a close waiting for an administrator is a warning, not a success), the
    figures, and the shift whose Z report to preview (after a count)."""

    text: str
    kind: str
    rows: list
    z_shift: int | None = None
    waiting: bool = False


class ShiftPage(FormPage):
    """Open with a float; X report at any time; close with a blind count,
    then the Z report in a print preview."""

    FIGURES = ["shift_id", "status", "opened_at", "opening_float", "sales_count", "sales_kwh",
               "sales_amount", "reversals_count", "reversals_amount", "refunds_amount",
               "cash_in", "cash_out", "expected_cash", "counted_cash", "difference", "note"]

    def __init__(self, session, parent=None):
        fields = [Field("action", tr("Action"), "combo", lambda: [
                      ("open", tr("open a shift")), ("x", tr("X report (figures so far)")),
                      ("close", tr("close: count the cash"))]),
                  Field("amount", tr("Opening float / counted cash (yuan)")),
                  Field("note", tr("Note (explains a difference)"))]
        super().__init__(session, tr("My shift"), fields, tr("Do it"), self._act,
                         result_columns=[("item", tr("Item")), ("value", tr("Value"))])
        self.result_view.hide()  # until there are figures to show
        session.shift_changed.connect(lambda sid: self._shift_state(
            CurrentShift(sid, False) if sid else None, say=False))

    def _act(self, v):
        """The worker's side of Enter: open, X report or close."""
        core, actor = self.session.core, self.session.actor
        if v["action"] == "open":
            if not v["amount"].strip():  # an Enter too many must not open a shift
                raise ValidationError("Type the opening float (0 if there is none), then Enter.")
            typed = i18n.parse_decimal(v["amount"])
            done = shift_ops.open_shift(core, actor, typed)
            self.session.shift_changed.emit(done.value)
            return done.answer(tr("Shift {id} open with a float of {amount}.", id=done.value,
                                  amount=money(parse_money(typed, allow_zero=True))))
        if v["action"] == "x":
            fig = core.shifts.x_report(actor)
            return self._answer(fig, tr("X report") + (" — " + tr(
                "blind count: the expected cash shows after you count and close.")
                if fig.blind else ""), "ok")
        return self._close(v)

    def _close(self, v):
        core, actor = self.session.core, self.session.actor
        done = shift_ops.close_shift(core, actor, i18n.parse_decimal(v["amount"]), v["note"])
        fig = done.value
        said = dict(id=fig.shift_id, expected=money(fig.expected_cash),
                    counted=money(fig.counted_cash), difference=money(fig.difference))
        if fig.status == "closing":  # counted, not closed: no sales, no new shift until approved
            return done.answer(self._answer(fig, tr(
                "Shift {id} counted: expected {expected}, counted {counted}, difference "
                "{difference}. The close waits for an administrator's approval: the difference "
                "is over the limit or has no note.", **said), "warn", closed=True, waiting=True))
        self.session.shift_changed.emit(None)
        return done.answer(self._answer(fig, tr(
            "Shift {id} closed: expected {expected}, counted {counted}, difference "
            "{difference}.", **said), "ok", closed=True))

    def show_result(self, result) -> None:
        if not isinstance(result, ShiftAnswer):
            super().show_result(result)
            return
        self.results.set_rows(result.rows)
        self.result_view.show()
        self.say(result.text, result.kind)
        if result.waiting:  # Enter again shows the counted shift's figures, never "open"
            self.set_values(action="x", amount="", note="")
        if result.z_shift is not None:
            self.preview_z(result.z_shift)

    def preview_z(self, shift_id: int) -> None:
        """The Z report of the shift just counted, in the print preview the
        invoice uses (Print is in it; Esc closes it)."""
        core, actor = self.session.core, self.session.actor
        before, kind = self.banner.text(), self.banner.property("kind") or "ok"

        def build():
            from receipts.sheet_pdf import sheet_pdf
            return sheet_pdf(core.documents.shift_report(actor, shift_id, z=True))

        def show(pdf):
            from receipts.qt_print import preview
            dialog = preview(pdf, self)
            dialog.setWindowTitle(tr("Z report, shift {id}", id=shift_id))
            dialog.setModal(False)
            self.preview_dialog = dialog
            dialog.show()

        def failed(e):
            self.say(before + "\n" + tr("The Z report could not be shown: {error}",
                                         error=i18n.error_text(e)), "warn" if kind == "ok" else kind)

        self.run(build, show, failed=failed)

    def activated(self) -> None:
        """The page opens on what the seller can do now: close the open
        shift (a blind count, so no figures are shown), or open one."""
        super().activated()
        core, actor = self.session.core, self.session.actor
        # Not self.run: Enter typed meanwhile must still submit the form.
        self.session.tasks.run(lambda: core.shifts.state(actor), self._shift_state, self.fail)

    def _shift_state(self, state: CurrentShift | None, say: bool = True) -> None:
        if not shiboken6.isValid(self.banner):
            return
        waiting = state is not None and state.waiting
        self.set_values(action="x" if waiting else "close" if state else "open")
        if not say:  # after an open or a close: the money typed for it is spent, and a
            self.set_values(amount="", note="")  # second Enter must not reuse it
        elif waiting:
            self.say(tr("Shift {id} is counted and its close waits for an administrator's "
                        "approval: no sales and no new shift until then (X report: its "
                        "figures).", id=state.id), "warn")
        elif state:  # on opening the page; after an action its own result stays
            self.say(tr("Shift {id} is open: count the cash, type it and press Enter to close "
                        "the shift (X report: the figures so far).", id=state.id), "info")
        else:
            self.say(tr("No shift is open: type the opening float and press Enter."), "info")

    def _answer(self, fig, text: str, kind: str, closed: bool = False,
                waiting: bool = False) -> ShiftAnswer:
        """``closed``: the shift was just counted; its Z report is previewed."""
        names = {"shift_id": tr("shift"), "status": tr("status"), "opened_at": tr("opened"),
                 "opening_float": tr("opening float"), "sales_count": tr("sales"),
                 "sales_kwh": tr("kWh sold"), "sales_amount": tr("sales amount"),
                 "reversals_count": tr("reversals"), "reversals_amount": tr("reversed amount"),
                 "refunds_amount": tr("refunds"), "cash_in": tr("cash in"),
                 "cash_out": tr("cash out"), "expected_cash": tr("expected cash"),
                 "counted_cash": tr("counted cash"), "difference": tr("difference"),
                 "note": tr("note")}

        def shown(k):
            v = getattr(fig, k)
            return i18n.shift_state(v) if k == "status" else v  # "open", "closing": in words
        hidden = {"expected_cash", "counted_cash", "difference"} if fig.blind else set()
        rows = [{"item": names[k], "value": shown(k)} for k in self.FIGURES if k not in hidden]
        return ShiftAnswer(text, kind, rows, fig.shift_id if closed else None, waiting)
