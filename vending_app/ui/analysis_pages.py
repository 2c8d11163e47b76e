"""The office's eyes: suspicious customers, master vs sub-meters with a
trend chart, and the master meters' readings (typed, or read over the
meter link). Every query and every serial read runs off the GUI thread."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QPushButton

from vending_app.core.analysis_sheets import line_loss_sheet, suspects_sheet
from vending_app.core.validation import whole_in
from vending_app.ui import i18n
from vending_app.ui.account_pages import catalog_choices
from vending_app.ui.business_pages import SheetPage, typed_month
from vending_app.ui.i18n import tr
from vending_app.ui.widgets import Field, FormPage, shortcut


def _teams(session) -> list[tuple[str, str]]:
    return [("", tr("all teams")), *catalog_choices(session, "teams")]


def reason_names() -> list[tuple[str, str]]:
    return [("", tr("any reason")), ("silence", tr("no purchase for a long time")),
            ("drop", tr("sudden drop in purchases")),
            ("mismatch", tr("write-back does not fit the energy bought")),
            ("tamper", tr("tamper events")), ("reverse_current", tr("reverse current")),
            ("forged_writeback", tr("write-back fails authentication")),
            ("copied_card", tr("copied or replayed card"))]


class SuspiciousPage(SheetPage):
    """Ranked, filtered, with the reasons in the operator's language."""

    def __init__(self, session, parent=None):
        core, actor = session.core, session.actor
        fields = [
            Field("as_of", tr("As of"), "date", default=date.today().isoformat()),
            Field("team", tr("Supply team"), "combo", lambda: _teams(session)),
            Field("kind", tr("Reason"), "combo", reason_names),
            Field("min_score", tr("Lowest score"), default="0"),
        ]

        def action(v):
            lowest = whole_in(v["min_score"] or "0", tr("Lowest score"), 0, 1000)
            found = core.analyses.suspicious(actor, as_of=v["as_of"], team=v["team"] or None,
                                             kind=v["kind"] or None, min_score=lowest)
            reason = dict(reason_names()).get(v["kind"]) if v["kind"] else ""
            filters = " · ".join(x for x in (v["team"], reason) if x)  # the window's words
            return suspects_sheet(found, v["as_of"], core.station_code, filters,
                                  say=i18n.core_text)

        def file_name(v, _sheet) -> str:
            return "-".join(["suspects", v["as_of"].isoformat(),
                             *(x for x in (v["team"], v["kind"]) if x)])

        super().__init__(session, tr("Suspicious customers"), fields, action,
                         tr("Looking for suspicious customers..."), file_name)


class LineLossPage(SheetPage):
    """Per team for a month, and the last twelve months as a chart."""

    def __init__(self, session, parent=None):
        core, actor = session.core, session.actor
        today = date.today()
        fields = [
            Field("year", tr("Year"), default=str(today.year)),
            Field("month", tr("Month"), default=str(today.month)),
            Field("team", tr("Supply team"), "combo", lambda: _teams(session)),
        ]

        def action(v):
            (y, m), team = typed_month(v), v["team"] or None
            trend = core.line_loss.trend(actor, y, m, 12, team)
            label = f"{y}-{m:02d}"
            return line_loss_sheet([r for r in trend if r.period == label], trend, label,
                                   core.station_code)

        def file_name(v, _sheet) -> str:
            team = f"-{v['team']}" if v["team"] else ""
            return f"line-loss-{int(v['year'] or 0)}-{int(v['month'] or 0):02d}{team}"

        super().__init__(session, tr("Master meter vs sub-meters"), fields, action,
                         tr("Comparing master meters and sub-meters..."), file_name)
        self.chart = QChart()
        self.chart.setTitle(tr("Line loss % by month"))
        self.chart_view = QChartView(self.chart, objectName="loss_chart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(240)
        self.chart_view.hide()
        self.layout_.insertWidget(self.layout_.count() - 1, self.chart_view)
        self.no_chart = QLabel(tr("Line loss % by month: none found (a team needs master meter "
                                  "readings in at least two months)."), objectName="no_chart",
                               wordWrap=True)
        self.no_chart.hide()
        self.layout_.insertWidget(self.layout_.count() - 1, self.no_chart)

    def show_result(self, result) -> None:
        super().show_result(result)
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        chart = self.sheet.chart
        self.no_chart.setVisible(chart is None)
        if chart is None:
            self.chart_view.hide()
            return
        x = QCategoryAxis()
        for i, label in enumerate(chart.labels):
            x.append(label, i)
        y = QValueAxis(labelFormat="%.1f")
        top = max((float(v) for _, vs in chart.series for v in vs if v is not None), default=1)
        y.setRange(0, max(1.0, top * 1.2))
        self.chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for team, values in chart.series:
            line = QLineSeries(name=team)
            for i, v in enumerate(values):
                if v is not None:
                    line.append(i, float(v))
            self.chart.addSeries(line)
            line.attachAxis(x)
            line.attachAxis(y)
        self.chart_view.show()


class MasterReadingsPage(FormPage):
    """Type the register from the display (Enter), or read it over the
    serial link (F8); the table shows each master meter's last reading."""

    def __init__(self, session, parent=None):
        core, actor = session.core, session.actor

        def masters():
            return [(m.number, f"{m.team} {m.number} {m.name} (x{m.multiplier})")
                    for m in core.masters.list(actor)]
        fields = [
            Field("number", tr("Master meter"), "combo", masters),
            Field("kwh", tr("Register (kWh)"), placeholder=tr("as the display shows it")),
            Field("note", tr("Note")),
            Field("port", tr("Serial port"), default=session.settings.value(
                "meter_port", "/dev/ttyUSB0")),
        ]

        def action(v):
            core.masters.record(actor, v["number"], i18n.parse_decimal(v["kwh"]),
                                note=v["note"] or None)
            return self._listing(tr("Reading recorded for {number}.", number=v["number"]))

        super().__init__(session, tr("Master meter readings"), fields,
                         tr("Record the typed reading [Enter]"), action,
                         result_columns=self._columns())
        self.read_button = QPushButton(tr("Read over the serial link [F8]"),
                                       objectName="read_link")
        self.read_button.clicked.connect(self.read_over_link)
        shortcut(self, "F8", self.read_button.click)
        self.layout_.insertWidget(3, self.read_button)

    @staticmethod
    def _columns():
        return [("team", tr("Team")), ("number", tr("Master meter")), ("name", tr("Meter name")),
                ("multiplier", tr("Multiplier")), ("last_reading_kwh", tr("Last reading (kWh)")),
                ("last_read_at", tr("Read at")), ("last_source", tr("Source"))]

    def _listing(self, message: str):
        rows = self.session.core.masters.list(self.session.actor)
        return message, rows

    def show_result(self, result) -> None:
        message, rows = result
        self.results.set_rows(rows, self._columns())
        self.result_view.show()
        if message:
            self.say(message, "ok")
        else:  # the listing on opening the page: no empty banner
            self.banner.hide()

    def activated(self) -> None:
        super().activated()
        if not self.busy:
            self.run(lambda: self._listing(""), self.show_result)

    def read_over_link(self) -> None:
        if self.busy:
            return
        v = self.values()
        self.session.settings.setValue("meter_port", v["port"])
        core, actor = self.session.core, self.session.actor

        def job():
            from meterlink.serial_link import SerialMeterLink
            with SerialMeterLink(v["port"]) as link:
                energy = core.masters.read(actor, link, v["number"])
            return self._listing(tr("{number}: {kwh} read over {port}.", number=v["number"],
                                    kwh=i18n.kwh(energy), port=v["port"]))

        self.run(job, self.show_result, busy_text=tr("Reading the meter over the serial link..."))
