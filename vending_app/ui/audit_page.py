"""The audit log (系统日志): events filtered by operator, action, object
and days, newest first; exported as CSV or XLSX (or printed); and the
hash chain verified."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from vending_app.core.audit_query import AuditFilter
from vending_app.ui.business_pages import SheetPage
from vending_app.ui.i18n import tr
from vending_app.ui.paperwork_pages import optional_day
from vending_app.ui.widgets import Field

WINDOW_LIMIT = 1000  # the window lists this many; 'audit list' on the CLI goes further


class AuditLogPage(SheetPage):
    def __init__(self, session, parent=None):
        core, actor = session.core, session.actor
        fields = [Field("operator", tr("Operator (login)")),
                  Field("action", tr("Action (a prefix ends in *)"), placeholder="shift_*"),
                  Field("entity", tr("Object (customer, shift, tariff...)")),
                  Field("entity_id", tr("Object id")),
                  Field("outcome", tr("Outcome"), "combo", [
                      ("", tr("any")), ("ok", tr("ok")), ("denied", tr("denied")),
                      ("failed", tr("failed"))]),
                  Field("start", tr("From (yyyy-mm-dd, optional)")),
                  Field("end", tr("To (yyyy-mm-dd, optional)"))]

        def action(v):
            f = AuditFilter(v["operator"], v["action"], v["entity"], v["entity_id"],
                            v["outcome"] or "", optional_day(v["start"], tr("From")),
                            optional_day(v["end"], tr("To")))
            return core.audit_log.sheet(actor, f, WINDOW_LIMIT)

        super().__init__(session, tr("Audit log"), fields, action, tr("Searching the log..."),
                         lambda v, _s: "audit-log", per_row=2)
        self.submit.setText(tr("Search [Enter]"))
        self.verify_button = QPushButton(tr("Verify the chain"), objectName="verify")
        self.verify_button.clicked.connect(self.verify)
        # The filter two fields a row and every button on one line: the events
        # get the page (at the default window size the table showed one row).
        self.layout_.removeWidget(self.submit)
        self.button_row.insertWidget(0, self.submit)
        self.button_row.insertWidget(1, self.verify_button)

    def activated(self) -> None:
        super().activated()
        if self.sheet is None:  # the newest events at once, as the log opened before
            self.go()

    def verify(self) -> None:
        core, actor = self.session.core, self.session.actor

        def done(report):
            if report.ok:
                self.say(tr("Audit chain intact: {n} events verified.", n=report.checked))
            else:
                self.say(tr("Audit chain BROKEN at event {at}: {reason} ({n} events verified "
                            "before it).", at=report.broken_at, reason=report.reason,
                            n=report.checked), "error")

        self.run(lambda: core.audit.verify_chain(actor), done)
